"""The five gates: points and one-line reasons, a 0–100 score, a tier and a human reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.event_evidence import EventEvidence
from nyte_tui.services.triage.evidence import ThreadEvidence
from nyte_tui.services.triage.gates import (
    first_name,
    gate_row,
    impact_gate,
    relationship_gate,
    watch_gate,
    when_text,
)
from nyte_tui.services.triage.points import Thresholds, display_score, one_line_reason
from nyte_tui.services.triage.rules import RuleEffect
from nyte_tui.services.triage.urgency import (
    event_urgency,
    sooner,
    thread_urgency,
)
from nyte_tui.services.triage.workdays import add_business_days, working_deadline
from nyte_tui.store.triage_records import GateRow

__all__ = ["SCORE_VERSION", "Scored", "Thresholds", "score_event", "score_thread", "tier_for"]

SCORE_VERSION = "rules-v3"
GATES = ("decision", "time", "relationship", "impact", "watch")
BULK_PENALTY = 45
TRANSACTIONAL_PENALTY = 30
DATED_BILL_PENALTY = 0
SOON = timedelta(hours=48)
FAR = timedelta(days=7)  # an ask due later than this waits off the list until it nears
NO_RUSH_POINTS = 25
ONE_OFF_POINTS = 36  # a journey, something to prepare, or the user's own appointment, soon
WARNED_MAX = 10  # the highest score of an item with a phishing or scam warning


@dataclass
class Scored:
    """The outcome of scoring one item with rules."""

    kind: str
    score: int
    tier: str
    reason: str
    gates: list[GateRow]
    who: str
    who_email: str | None
    title: str
    due_at: datetime | None = None
    rescore_at: datetime | None = None
    penalty_note: str = ""
    warning: str | None = None
    extras: dict[str, object] = field(default_factory=dict)


def tier_for(score: int, thresholds: Thresholds) -> str:
    """critical, important or later."""
    if score >= thresholds.critical:
        return "critical"
    return "important" if score >= thresholds.important else "later"


def score_thread(
    ev: ThreadEvidence, effect: RuleEffect, thresholds: Thresholds, now: datetime, tz: tzinfo
) -> Scored:
    """Score a thread with the five gates, the automated penalty and the user's rules."""
    who = first_name(ev.counterpart_name or ev.counterpart_email)
    kind, decision, time_gate, rescore_at = _thread_kind(ev, who, thresholds, now, tz)
    relationship = relationship_gate(
        ev.contact, ev.same_org, ev.labels, who, ev.tie if ev.stranger else None
    )
    bulk = ev.automated and ev.bulk
    stakes = {} if bulk else dict(ev.impact)
    if ev.automated and not ev.payment_due:
        stakes = {k: v for k, v in stakes.items() if k in ("outage", "security")}
    impact = impact_gate(
        stakes,
        personal=ev.category == "personal" and not ev.automated,
        urgent_outage=ev.urgent and "outage" in ev.impact and not ev.automated,
    )
    gates = [decision, time_gate, relationship, impact, watch_gate(effect)]
    penalty, note = 0, ""
    if ev.automated:
        dated_bill = kind == "deadline" and ev.deadline and ev.deadline.at - now <= SOON
        penalty = (
            DATED_BILL_PENALTY
            if dated_bill or ev.owner_action
            else BULK_PENALTY
            if bulk
            else TRANSACTIONAL_PENALTY
        )
        note = f"automated mail ({', '.join(ev.automation[:2])})"
    elif ev.stranger and not ev.tie and kind == "fyi" and ev.asks:
        note = decision.reason  # say why a stranger's ask is not on the list
    urgency, changes = thread_urgency(ev, kind, now, tz)
    scored = _finish(gates, penalty, note, kind, effect, thresholds, urgency)
    scored.who, scored.who_email, scored.title = (
        ev.counterpart_name or ev.counterpart_email or "",
        ev.counterpart_email,
        ev.subject,
    )
    scored.due_at = ev.deadline.at if ev.deadline else None
    scored.rescore_at = sooner(rescore_at, changes)
    if ev.scam is not None and not (effect.important or effect.mute):
        # a warning, never a task: off the list whatever the gates said
        scored.warning = ev.scam.warning
        scored.kind = "none"
        scored.score = min(scored.score, WARNED_MAX)
        scored.tier = tier_for(scored.score, thresholds)
        scored.reason = ev.scam.reason[:240]
    return scored


def _thread_kind(
    ev: ThreadEvidence, who: str, thresholds: Thresholds, now: datetime, tz: tzinfo
) -> tuple[str, GateRow, GateRow, datetime | None]:
    """The item kind with its decision and time gates, and when time alone may change them."""
    if ev.last_from_me:
        if not (ev.my_last_asked and ev.my_last_direct and ev.my_last_at):
            return (
                "none",
                gate_row("decision", 0, "your message is the latest; it asks nothing"),
                gate_row("time", 0, "nothing is waiting"),
                None,
            )
        due = add_business_days(ev.my_last_at, thresholds.follow_up_days, tz)
        sent = f"{ev.my_last_at.astimezone(tz):%a %d %b}"
        if ev.business_days_waiting < thresholds.follow_up_days:
            return (
                "none",
                gate_row("decision", 0, f"you asked {who} on {sent}; too early to nudge"),
                gate_row("time", 0, f"follow up from {when_text(due, now, tz)}"),
                due.replace(hour=0, minute=0, second=0, microsecond=0),
            )
        ask = ev.my_last_ask
        quote = f": “{ask}”" if len(ask.split()) >= 4 or len(ask) >= 15 else ""
        return (
            "awaiting_reply",
            gate_row("decision", 32, f"you asked {who} on {sent}{quote}"),
            gate_row("time", 24, f"no reply for {ev.business_days_waiting} business days"),
            None,
        )
    deadline = ev.deadline
    action = ev.owner_action
    if ev.stranger and not ev.tie and not ev.automated and (action or ev.asks):
        return (
            "fyi",
            gate_row(
                "decision",
                0,
                f"{who} writes to you for the first time and refers to no one you know; "
                "no answer is owed",
            ),
            *_deadline_gate(ev, now, tz, weak=True),
        )
    if action is not None:
        points = 45 if action.kind == "needs_reply" or action.waiting else 40
        if deadline is not None and deadline.at - now > FAR and not ev.urgent:
            points = min(points, NO_RUSH_POINTS)  # due in weeks: it can wait
        decision = gate_row("decision", points, f"{who} {action.why}: “{action.sentence}”")
        task = action.kind == "needs_reply" and deadline is not None and tt.is_task(action.sentence)
        return ("deadline" if task else action.kind, decision, *_deadline_gate(ev, now, tz))
    if ev.automated and ev.payment_due and deadline is not None:
        return (
            "deadline",
            gate_row("decision", 30, "a payment is due"),
            *_deadline_gate(ev, now, tz),
        )
    asked = ev.asks and (ev.direct or (ev.name_addressed and ev.cc_only)) and not ev.automated
    if not asked:
        why = (
            "you are only on Cc"
            if ev.cc_only
            else "sent to a list, not to you"
            if not ev.direct
            else "no question or request for you"
        )
        return (
            "fyi" if not ev.automated else "none",
            gate_row("decision", 0, why),
            *_deadline_gate(ev, now, tz, weak=True),
        )
    verb = "asked you" if ev.questions else "asked you to act"
    excerpt = (
        tt.key_sentence(ev.new_text, ev.deadline.phrase if ev.deadline else None)
        or (ev.questions or ev.request_sentences or ev.requests)[0]
    )
    strong = bool(ev.questions or ev.strong_requests)
    points = 45 if ev.direct and strong else 30
    soon = ev.deadline is not None and ev.deadline.at - now <= SOON
    far = ev.deadline is not None and ev.deadline.at - now > FAR
    if (tt.no_rush(ev.new_text) and not soon) or (far and not ev.urgent):
        # "no rush, tell me whenever", or due weeks from now: it can wait (rescored nearer)
        points = min(points, NO_RUSH_POINTS)
    decision = gate_row("decision", points, f"{who} {verb}: “{excerpt}”")
    time_gate, rescore = _deadline_gate(ev, now, tz)
    if not time_gate.matched and ev.inbound_waiting_since is not None:
        waited = now - ev.inbound_waiting_since
        if ev.urgent:
            time_gate = gate_row("time", 20, "marked urgent")
        elif waited >= timedelta(days=2):
            time_gate = gate_row(
                "time", 10, f"waiting since {when_text(ev.inbound_waiting_since, now, tz)}"
            )
        elif rescore is None:
            rescore = ev.inbound_waiting_since + timedelta(days=2)
    kind = "deadline" if ev.deadline is not None and tt.is_task(excerpt) else "needs_reply"
    return kind, decision, time_gate, rescore


def _deadline_gate(
    ev: ThreadEvidence, now: datetime, tz: tzinfo, weak: bool = False
) -> tuple[GateRow, datetime | None]:
    """The time gate of a dated thread, and when the deadline enters the 48-hour window."""
    deadline = ev.deadline
    if deadline is None:
        return gate_row("time", 0, "no deadline"), None
    working = working_deadline(deadline.at, now, tz)
    left = working - now
    when = when_text(deadline.at, now, tz)
    if weak:
        return gate_row("time", 0, f"mentions {deadline.phrase}"), None
    if left < -timedelta(days=7):
        return gate_row("time", 0, f"{deadline.phrase} has long passed"), None
    if left <= timedelta(0):
        return gate_row(
            "time", 32, f"overdue: {deadline.phrase} ({when})"
        ), deadline.at + timedelta(days=7)
    if left <= SOON:
        return gate_row("time", 32, f"{deadline.phrase} ({when})"), deadline.at
    if left <= timedelta(days=7):
        return gate_row("time", 12, f"{deadline.phrase} ({when})"), working - SOON
    return gate_row("time", 0, f"{deadline.phrase}, more than a week away"), working - SOON


def _finish(
    gates: list[GateRow],
    penalty: int,
    note: str,
    kind: str,
    effect: RuleEffect,
    thresholds: Thresholds,
    urgency: int = 0,
) -> Scored:
    """Sum the gates, apply the penalty, urgency and the rules, and word the reason."""
    watch = sum(g.points for g in gates if g.gate == "watch")
    raw = sum(g.points for g in gates if g.gate != "watch") - penalty
    score = max(0, min(100, display_score(raw, urgency, thresholds) + watch))
    parts = [g.reason for g in gates[:4] if g.matched]
    if note:
        parts.append(note)
    if effect.mute:
        score = 0
        parts = ["muted by your rule (" + "; ".join(effect.reasons) + ")"]
    elif effect.important:
        score = max(score, thresholds.important + 10)
        parts.insert(0, "always important by your rule")
    elif effect.matched:
        parts.append("rule: " + "; ".join(effect.reasons))
    reason = one_line_reason(parts) or "Nothing here needs you"
    return Scored(kind, score, tier_for(score, thresholds), reason, gates, "", None, "")


def score_event(
    ev: EventEvidence, effect: RuleEffect, thresholds: Thresholds, now: datetime, tz: tzinfo
) -> Scored:
    """Score an event: invites awaiting an RSVP, conflicts and preparation within 48 hours."""
    who = first_name(ev.organizer_name or ev.organizer_email)
    start = ev.start
    relationship = relationship_gate(ev.contact, ev.same_org, set(), who)
    impact = impact_gate(
        {**ev.impact, **({"external": ev.external_attendees[0]} if ev.external_attendees else {})},
        personal=False,
        urgent_outage=False,
    )
    kind, decision, time_gate, rescore = _event_kind(ev, who, now, tz)
    if kind == "none":
        relationship = GateRow("relationship", False, 0, relationship.reason)
        impact = GateRow("impact", False, 0, impact.reason)
    gates = [decision, time_gate, relationship, impact, watch_gate(effect)]
    urgency, changes = event_urgency(ev, kind, now, tz)
    scored = _finish(gates, 0, "", kind, effect, thresholds, urgency)
    scored.who, scored.who_email, scored.title = (
        ev.organizer_name or ev.organizer_email or "",
        ev.organizer_email,
        ev.title,
    )
    scored.due_at = start
    scored.rescore_at = sooner(rescore, changes)
    return scored


def _event_kind(
    ev: EventEvidence, who: str, now: datetime, tz: tzinfo
) -> tuple[str, GateRow, GateRow, datetime | None]:
    """The event's kind with its decision and time gates, and the next time-based rescore."""
    start = ev.start
    idle = gate_row("time", 0, "not soon")
    if ev.cancelled or start is None or ev.all_day or not ev.attendee or ev.response == "declined":
        why = (
            "cancelled"
            if ev.cancelled
            else "declined"
            if ev.response == "declined"
            else "a calendar marker, nothing to decide"
        )
        return "none", gate_row("decision", 0, why), idle, None
    if start <= now:
        return "none", gate_row("decision", 0, "already started or over"), idle, None
    left = start - now
    when = when_text(start, now, tz)
    next_moment = next(
        (start - span for span in (timedelta(hours=96), SOON) if start - span > now), start
    )
    if ev.needs_rsvp:
        points = (
            32
            if left <= SOON
            else 24
            if left <= timedelta(hours=96)
            else 8
            if left <= timedelta(days=7)
            else 0
        )
        return (
            "invite",
            gate_row("decision", 40 if points else 20, f"{who} invited you; no RSVP yet"),
            gate_row("time", points, f"starts {when}"),
            next_moment,
        )
    if left > SOON:
        return (
            "none",
            gate_row("decision", 0, "accepted; nothing to decide yet"),
            gate_row("time", 0, f"starts {when}"),
            start - SOON,
        )
    if ev.conflicts:
        return (
            "upcoming",
            gate_row("decision", 36, f"clashes with the event {ev.conflicts[0]}; pick one"),
            gate_row("time", 32, f"starts {when}"),
            start,
        )
    own = ev.organizer_self and ev.attendee and ev.located  # the dentist, the notary
    if not ev.recurring and (ev.travel or ev.prepare or own or ev.slot or ev.occasion):
        what = (
            f"a journey: {ev.title}"
            if ev.travel
            else f"to prepare: “{ev.prepare}”"
            if ev.prepare
            else f"you have a slot on the agenda ({ev.slot})"
            if ev.slot
            else f"your own appointment: {ev.title}"
            if own
            else f"a one-off you attend: {ev.title}"
        )
        return (
            "upcoming",
            gate_row("decision", ONE_OFF_POINTS, what),
            gate_row("time", 24, f"starts {when}"),
            start,
        )
    if ev.has_agenda or ev.external_attendees:
        what = "has an agenda to prepare" if ev.has_agenda else "external attendees"
        return (
            "upcoming",
            gate_row("decision", 0, what),
            gate_row("time", 24, f"starts {when}"),
            start,
        )
    return (
        "none",
        gate_row("decision", 0, "routine meeting, no conflict"),
        gate_row("time", 16, f"starts {when}"),
        start,
    )
