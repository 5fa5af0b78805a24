"""The rules alone hold precision and recall on the labelled evaluation set."""

from __future__ import annotations

from dataclasses import asdict

from nyte_tui.services.triage.views import important_list
from nyte_tui.services.views_json import to_json
from triage.conftest import Synced
from triage.evalset import EVENTS, THREADS

FLOOR_PRECISION = 0.85
FLOOR_RECALL = 0.80


def measure(synced: Synced) -> tuple[float, float, list[str]]:
    """Precision and recall of the Important list against the labels, and the misses."""
    listing = important_list(synced.store, synced.settings)
    listed = [asdict(i) for i in listing.items]
    on_list = {i["thread_id"] or i["event_id"] for i in listed}
    labels = {t.key: t.important for t in THREADS} | {e.key: e.important for e in EVENTS}
    true_positive = sum(1 for k, v in labels.items() if v and synced.keys[k] in on_list)
    predicted = sum(1 for k in labels if synced.keys[k] in on_list)
    actual = sum(labels.values())
    misses = [k for k, v in labels.items() if v != (synced.keys[k] in on_list)]
    return true_positive / max(1, predicted), true_positive / max(1, actual), misses


def test_evaluation_set_is_large_enough() -> None:
    assert len(THREADS) + len(EVENTS) >= 60


def test_rules_only_precision_and_recall_hold_the_floor(eval_synced: Synced) -> None:
    precision, recall, misses = measure(eval_synced)
    print(f"evaluation set: precision {precision:.3f} recall {recall:.3f} misses {misses}")
    assert precision >= FLOOR_PRECISION, misses
    assert recall >= FLOOR_RECALL, misses


def test_kinds_match_the_labels_for_important_items(eval_synced: Synced) -> None:
    items = to_json(important_list(eval_synced.store, eval_synced.settings, include_all=True))[
        "items"
    ]
    by_key = {i["thread_id"] or i["event_id"]: i for i in items}
    wrong = []
    for labelled in [*THREADS, *EVENTS]:
        item = by_key.get(eval_synced.keys[labelled.key])
        if labelled.important and (item is None or item["kind"] != labelled.kind):
            wrong.append((labelled.key, item and item["kind"]))
    assert not wrong
