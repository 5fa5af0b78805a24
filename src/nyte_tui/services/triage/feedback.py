"""Feedback on items and actions, the rules it offers, and the trust metrics of `nyte stats`."""

from __future__ import annotations

from statistics import median
from typing import Any

from nyte_tui.config.paths import Paths
from nyte_tui.config.settings import Settings
from nyte_tui.errors import NyteError, UsageError
from nyte_tui.services.triage.views import item_view, require_item, rescore_locked, writing
from nyte_tui.services.views import FeedbackOutcome, RuleOffer
from nyte_tui.store.db import Store
from nyte_tui.store.queries import worklist as ql
from nyte_tui.store.types import utcnow

ITEM_VERDICTS = {"important": 8, "not_important": -15}
ACTION_VERDICTS = ("good", "bad")


def item_feedback(
    store: Store, settings: Settings, item_id: int, verdict: str, *, paths: Paths | None = None
) -> FeedbackOutcome:
    """Record important / not important, shift the sender's weight, rescore, and offer a rule."""
    verdict = verdict.replace("-", "_")
    if verdict not in ITEM_VERDICTS:
        raise UsageError("the verdict is important or not-important")
    item = require_item(store, item_id)
    sender = (item.who_email or "").lower() or None
    with writing(settings, paths):
        weight = ql.add_feedback(
            store, item.account_id, "work_item", item.id, verdict, sender, ITEM_VERDICTS[verdict]
        )
        rescore_locked(store, settings, [item])
    offer = None
    if sender:
        action = "mute" if verdict == "not_important" else "important"
        offer = RuleOffer(
            match_type="sender",
            pattern=sender,
            action=action,
            question=f"{action} {sender}?",
            command=f"nyte rules add --sender {sender} --action {action}",
        )
    return FeedbackOutcome(
        item_view(require_item(store, item_id), utcnow()), verdict, weight, offer
    )


def action_feedback(store: Store, action_id: int, verdict: str) -> dict[str, Any]:
    """Record good / bad on a proposed action."""
    if verdict not in ACTION_VERDICTS:
        raise UsageError("the verdict is good or bad")
    if ql.set_action_feedback(store, action_id, verdict) is None:
        raise NyteError(f"no action {action_id}")
    return {"action_id": action_id, "verdict": verdict}


def _ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator rounded, or None without data."""
    return round(numerator / denominator, 3) if denominator else None


def trust_metrics(store: Store, settings: Settings) -> dict[str, Any]:
    """Interruption precision, approval rate, median decision time, feedback and gate counts."""
    counts = ql.trust_counts(store)
    threshold = settings.triage.important_threshold
    listed = [(v, s) for v, s in counts["item_feedback"] if s >= threshold]
    verdicts: dict[str, int] = counts["verdicts"]
    actions: dict[str, int] = counts["actions"]
    executed, dismissed = actions.get("executed", 0), actions.get("dismissed", 0)
    seconds = [(done - made).total_seconds() for made, done in counts["decided"] if done and made]
    positive = verdicts.get("important", 0) + verdicts.get("good", 0)
    return {
        "interruption_precision": _ratio(
            sum(1 for v, _ in listed if v != "not_important"), len(listed)
        ),
        "approval_rate": _ratio(executed, executed + dismissed),
        "median_decision_seconds": round(median(seconds), 1) if seconds else None,
        "positive_feedback_rate": _ratio(positive, sum(verdicts.values())),
        "feedback": verdicts,
        "actions": actions,
        "gate_hits": {g: counts["gates"].get(g, 0) for g in GATE_ORDER},
        "tiers": counts["tiers"],
    }


GATE_ORDER = ("decision", "time", "relationship", "impact", "watch")
