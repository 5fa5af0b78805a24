"""Calibration of scores: a graded Important list with what is urgent on top."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

from nyte_tui.services.triage.evidence import thread_evidence
from nyte_tui.services.triage.rules import RuleEffect
from nyte_tui.services.triage.scoring import Thresholds, display_score, score_thread
from nyte_tui.services.triage.views import important_list
from triage.conftest import Synced
from triage.evalset import NOW as FROZEN
from triage.test_units import DANA, KNOWN, ME, NOW, TZ, message, thread

OUTAGE = "URGENT: Globex dashboards down"


def test_seed_zero_list_is_graded_with_urgent_items_on_top(
    make_synced: Callable[..., Synced],
) -> None:
    synced = make_synced(seed=0, threads=300, events=40)
    assert synced.sync()["exit_code"] == 0
    items: list[dict[str, Any]] = [
        asdict(i) for i in important_list(synced.store, synced.settings).items
    ]
    scores = [int(i["score"]) for i in items]
    assert len(items) >= 20 and scores == sorted(scores, reverse=True)

    # no saturation: scores are spread out and at most two items reach 100
    assert sum(1 for s in scores if s == 100) <= 2
    assert len(set(scores)) >= 10

    # the live customer outage is within the top three
    top = [str(i["title"]) for i in items[:3]]
    assert any(t.startswith(OUTAGE) for t in top), top

    # critical is kept for the top quarter to third of the list (20–45 % allowed)
    critical = sum(1 for i in items if i["tier"] == "critical")
    assert 0.20 <= critical / len(items) <= 0.45, (critical, len(items))

    # an ask due within 24 h outranks every undated ask from the same relationship tier
    asks = [i for i in items if i["kind"] == "needs_reply"]
    dated = [
        i for i in asks if i["due_at"] is not None and i["due_at"] - FROZEN <= timedelta(hours=24)
    ]
    # a live outage is the one undated ask meant to rank above dated ones (urgency +20)
    undated = [i for i in asks if i["due_at"] is None and not str(i["title"]).startswith(OUTAGE)]
    pairs = [
        (d, u)
        for d in dated
        for u in undated
        if d["gates"]["relationship"]["points"] == u["gates"]["relationship"]["points"]
    ]
    assert pairs, "the seed-0 mailbox should hold a dated and an undated ask of one tier"
    for d, u in pairs:
        assert d["score"] > u["score"], (d["title"], d["score"], u["title"], u["score"])

    # routine, undated asks stay in the important band
    assert all(70 <= u["score"] < 85 for u in undated if u["gates"]["time"]["points"] <= 10)


def _scored(body: str, hours_ago: float = 20) -> Any:
    ev = thread_evidence(thread(message(DANA, body, hours_ago)), ME, KNOWN, NOW, TZ)
    return score_thread(ev, RuleEffect(), Thresholds(), NOW, TZ)


def test_strength_alone_never_makes_an_item_critical() -> None:
    thresholds = Thresholds()
    assert display_score(69, 18, thresholds) == 69  # below the threshold points are the score
    assert display_score(70, 0, thresholds) == 70
    band = [display_score(raw, 0, thresholds) for raw in range(70, 163)]
    assert band == sorted(band) and len(set(band)) >= 10
    assert max(band) < thresholds.critical  # every gate maxed, nothing urgent: not critical
    assert display_score(90, 15, thresholds) >= thresholds.critical  # due within 24 h
    assert display_score(130, 18, thresholds) < 100  # even overdue with strong evidence


def test_a_dated_ask_outranks_an_undated_one_with_bigger_stakes() -> None:
    undated = _scored(
        "Hi Alex, can you review the contract, the invoice and the security questionnaire "
        "for our customer?"
    )
    tomorrow = _scored("Hi Alex, can you send me the slides by tomorrow?")
    overdue = _scored("Hi Alex, can you send me the slides by today?", hours_ago=30)
    assert undated.kind == tomorrow.kind == "needs_reply"
    assert 70 <= undated.score < 85 <= tomorrow.score
    assert overdue.kind == "needs_reply" and overdue.score > tomorrow.score


def test_time_alone_rescores_when_urgency_steps_up() -> None:
    # due Thursday 18:00 London, asked on Wednesday morning: 31.5 hours away (tomorrow)
    scored = _scored("Hi Alex, can you send me the slides by Thursday?", hours_ago=1)
    assert scored.due_at == datetime(2024, 3, 14, 18, 0, tzinfo=UTC)
    # it enters the last 24 hours on Wednesday at 18:00
    assert scored.rescore_at == datetime(2024, 3, 13, 18, 0, tzinfo=UTC)
