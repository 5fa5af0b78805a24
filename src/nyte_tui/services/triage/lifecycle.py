"""Item lifecycle during a scoring pass: created, reopened, done, woken — decided in code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nyte_tui.services.triage.scoring import Scored
from nyte_tui.store.triage_records import ItemRow, ItemWrite

ACTIONABLE = ("needs_reply", "awaiting_reply", "invite", "upcoming", "deadline")


@dataclass
class Derived:
    """One freshly scored item with what the lifecycle needs to know about its source."""

    source: str
    source_key: str
    scored: Scored
    content_hash: str | None
    last_activity_at: datetime | None
    last_inbound_at: datetime | None = None
    last_from_me: bool = False
    thread_id: str | None = None
    calendar_id: str | None = None
    event_id: str | None = None
    rule_score: int = 0
    model_score: int | None = None
    proposal: dict[str, Any] | None = None


def next_write(existing: ItemRow | None, derived: Derived, now: datetime) -> ItemWrite | None:
    """The write that brings an item up to date, or None when nothing changed."""
    scored = derived.scored
    status, dismissed_hash, snoozed_until = "open", None, None
    action: str | None = "created"
    detail: dict[str, Any] = {"kind": scored.kind, "score": scored.score}
    if existing is not None:
        status, dismissed_hash, snoozed_until = (
            existing.status,
            existing.dismissed_hash,
            existing.snoozed_until,
        )
        action = None
        new_inbound = bool(
            derived.last_inbound_at
            and existing.last_activity_at
            and derived.last_inbound_at > existing.last_activity_at
        )
        if status in ("done", "dismissed", "snoozed") and new_inbound:
            status, action, snoozed_until = "open", "reopened", None
            detail["why"] = "new mail from someone else"
        elif status == "dismissed" and derived.content_hash != existing.dismissed_hash:
            dismissed_hash = derived.content_hash  # a label change is not new mail
        elif status == "snoozed" and snoozed_until is not None and snoozed_until <= now:
            status, action, snoozed_until = "open", "woke", None
        elif (
            status == "done"
            and scored.kind == "awaiting_reply"
            and existing.kind != "awaiting_reply"
        ):
            status, action = "open", "reopened"
            detail["why"] = "your message is still unanswered"
        elif status == "open" and existing.kind in ACTIONABLE and scored.kind not in ACTIONABLE:
            status, action = "done", "done"
            detail["why"] = "you replied" if derived.last_from_me else "nothing left to do"
    write = ItemWrite(
        source=derived.source,
        source_key=derived.source_key,
        kind=scored.kind,
        title=scored.title[:300],
        who=scored.who[:200],
        who_email=scored.who_email,
        status=status,
        score=scored.score,
        rule_score=derived.rule_score,
        model_score=derived.model_score,
        tier=scored.tier,
        reason=scored.reason,
        score_version=_version(derived),
        content_hash=derived.content_hash,
        thread_id=derived.thread_id,
        calendar_id=derived.calendar_id,
        event_id=derived.event_id,
        snoozed_until=snoozed_until,
        dismissed_hash=dismissed_hash,
        due_at=scored.due_at,
        last_activity_at=derived.last_activity_at,
        rescore_at=scored.rescore_at,
        gates=list(scored.gates),
        audit_action=action,
        audit_detail=detail,
        proposal=derived.proposal if status == "open" and not scored.warning else None,
        warning=scored.warning,
    )
    if existing is not None and action is None and _same(existing, write):
        return None
    return write


def _version(derived: Derived) -> str:
    """The score version tag, naming the model when it adjudicated."""
    from nyte_tui.services.triage.scoring import SCORE_VERSION

    return SCORE_VERSION + ("+model" if derived.model_score is not None else "")


def _same(existing: ItemRow, write: ItemWrite) -> bool:
    """Whether a write would change nothing stored."""
    fields = (
        "kind",
        "title",
        "who",
        "who_email",
        "status",
        "score",
        "rule_score",
        "model_score",
        "tier",
        "reason",
        "warning",
        "score_version",
        "content_hash",
        "snoozed_until",
        "dismissed_hash",
        "due_at",
        "last_activity_at",
        "rescore_at",
    )
    if any(getattr(existing, f) != getattr(write, f) for f in fields):
        return False
    stored = {(g.gate, g.matched, g.points, g.reason) for g in existing.gates}
    fresh = {(g.gate, g.matched, g.points, g.reason) for g in write.gates}
    if stored != fresh:
        return False
    if write.proposal is not None:
        key = write.proposal.get("idempotency_key")
        return existing.proposal is not None and existing.proposal.get("idempotency_key") == key
    return True


def done_write(existing: ItemRow, why: str) -> ItemWrite:
    """Mark an item done because its thread or event is gone."""
    return ItemWrite(
        source=existing.source,
        source_key=existing.source_key,
        kind=existing.kind,
        title=existing.title,
        who=existing.who,
        who_email=existing.who_email,
        status="done",
        score=existing.score,
        rule_score=existing.rule_score,
        model_score=existing.model_score,
        tier=existing.tier,
        reason=existing.reason,
        score_version=existing.score_version,
        content_hash=existing.content_hash,
        thread_id=existing.thread_id,
        calendar_id=existing.calendar_id,
        event_id=existing.event_id,
        dismissed_hash=existing.dismissed_hash,
        due_at=existing.due_at,
        last_activity_at=existing.last_activity_at,
        rescore_at=None,
        warning=existing.warning,
        gates=list(existing.gates),
        audit_action="done",
        audit_detail={"why": why},
    )
