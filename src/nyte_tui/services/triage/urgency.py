"""Urgency: how soon a deadline, an ask or a meeting needs the user, and when that changes."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from nyte_tui.services.triage.event_evidence import EventEvidence
from nyte_tui.services.triage.evidence import (
    ThreadEvidence,
)

DAY = timedelta(hours=24)
URGENCY_OUTAGE = 20  # an ask about a live outage, marked urgent
URGENCY_NOW = 18  # an overdue ask (the deadline passed within the last 7 days)
URGENCY_DAY = 15  # due, starting or clashing within 24 h
URGENCY_TWO_DAYS = 10  # due, starting or clashing tomorrow (local date); an ask marked urgent
URGENCY_WEEK = 5  # an invite within 96 h; a meeting to prepare within 24 h
URGENCY_STEPS = (0, URGENCY_WEEK, URGENCY_TWO_DAYS, URGENCY_DAY, URGENCY_NOW)


def time_urgency(at: datetime, now: datetime, tz: tzinfo, meeting: bool = False) -> int:
    """Urgency of a deadline (or, for a meeting, a start time) at `at`."""
    left = at - now
    if left <= timedelta(0):
        return URGENCY_NOW if not meeting and left >= -timedelta(days=7) else 0
    if left <= DAY:
        return URGENCY_DAY
    if (at.astimezone(tz).date() - now.astimezone(tz).date()).days <= 1:
        return URGENCY_TWO_DAYS
    return URGENCY_WEEK if meeting and left <= timedelta(hours=96) else 0


def urgency_changes(at: datetime, now: datetime, tz: tzinfo, meeting: bool = False) -> datetime:
    """The next moment time alone changes `time_urgency` (or `at` + 7 days, when it ends)."""
    local = at.astimezone(tz)
    eve = datetime.combine(local.date() - timedelta(days=1), time(0), tzinfo=tz)
    moments = [at - DAY, eve, at] + ([at - timedelta(hours=96)] if meeting else [])
    return min((m for m in moments if m > now), default=at + timedelta(days=7))


def sooner(first: datetime | None, second: datetime | None) -> datetime | None:
    """The earlier of two optional moments."""
    return min(first, second) if first and second else first or second


def thread_urgency(
    ev: ThreadEvidence, kind: str, now: datetime, tz: tzinfo
) -> tuple[int, datetime | None]:
    """How soon an open ask or a bill needs the user (0 for anything else), and when that
    changes with time alone."""
    if kind not in ("needs_reply", "deadline"):
        return 0, None
    urgency, changes = 0, None
    if ev.deadline is not None:
        urgency = time_urgency(ev.deadline.at, now, tz)
        changes = urgency_changes(ev.deadline.at, now, tz)
        if ev.deadline.at + timedelta(days=7) <= now:
            changes = None
    if kind == "deadline":
        # a bill is a routine payment: one step lower, so only an overdue one is critical
        urgency = URGENCY_STEPS[max(0, URGENCY_STEPS.index(urgency) - 1)]
    elif ev.urgent and not ev.automated:
        urgency = max(urgency, URGENCY_OUTAGE if "outage" in ev.impact else URGENCY_TWO_DAYS)
    return urgency, changes


def event_urgency(
    ev: EventEvidence, kind: str, now: datetime, tz: tzinfo
) -> tuple[int, datetime | None]:
    """How soon an invite or a clash needs the user (a little for a meeting to prepare within
    24 h), and when that changes with time alone."""
    if ev.start is None or kind not in ("invite", "upcoming"):
        return 0, None
    if kind == "invite" or ev.conflicts:
        return time_urgency(ev.start, now, tz, meeting=True), urgency_changes(
            ev.start, now, tz, meeting=True
        )
    soon = ev.start - now <= DAY
    return (URGENCY_WEEK if soon else 0), (None if soon else ev.start - DAY)
