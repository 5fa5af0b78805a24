"""On the sandbox's generated mailbox the Important list agrees with the generator's verdicts."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from nyte_tui.services.triage.views import important_list
from nyte_tui.store.queries.mirror import mirror_dump
from triage.conftest import Synced


def expectations(synced: Synced) -> dict[str, Any]:
    """GET /_sandbox/expectations."""
    with urllib.request.urlopen(f"{synced.server.url}_sandbox/expectations", timeout=10) as r:
        return dict(json.load(r))


def test_seed_zero_agreement_with_expectations(make_synced: Callable[..., Synced]) -> None:
    synced = make_synced(seed=0, threads=300, events=40)
    report = synced.sync()
    assert report["exit_code"] == 0, report
    triage = report["accounts"][0]["triage"]
    # the sync fetched personal inbox mail and the user's own in full, so triage read bodies
    # it never fetched
    cached = [m for m in mirror_dump(synced.store, 1)["messages"] if m["body_state"] == "cached"]
    assert triage["scored_threads"] == 300 and triage["bodies_fetched"] == 0 and len(cached) > 100
    listing = important_list(synced.store, synced.settings)
    listed = [asdict(i) for i in listing.items]
    on_list = {i["thread_id"] for i in listed if i["thread_id"]}
    events_on_list = {i["event_id"] for i in listed if i["event_id"]}
    expected = expectations(synced)
    labels = {t["thread_id"]: t["important"] for t in expected["threads"]}
    for event in expected["events"]:
        hit = any(
            e == event["event_id"] or e.startswith(event["event_id"] + "_") for e in events_on_list
        )
        labels[event["event_id"]] = event["important"]
        if hit:
            on_list.add(event["event_id"])
    true_positive = sum(1 for k, v in labels.items() if v and k in on_list)
    predicted = sum(1 for k in labels if k in on_list)
    precision = true_positive / max(1, predicted)
    recall = true_positive / max(1, sum(labels.values()))
    print(
        f"seed 0 agreement: precision {precision:.3f} recall {recall:.3f} "
        f"({true_positive} of {sum(labels.values())} important, {predicted} listed)"
    )
    assert precision >= 0.85
    assert recall >= 0.80
