"""Evidence about one calendar event: the user's answer, the organizer, and what it overlaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from nyte_tui.services.triage import text as tt
from nyte_tui.services.triage.evidence import Identity
from nyte_tui.services.triage.preparation import agenda_slot, occasion, preparation, travel
from nyte_tui.store.triage_records import ContactStats, TriageEvent


@dataclass
class EventEvidence:
    """Facts about one calendar event that the gates weigh."""

    source_key: str
    title: str
    start: datetime | None
    end: datetime | None
    organizer_email: str | None
    organizer_name: str | None
    organizer_self: bool
    response: str | None
    cancelled: bool
    all_day: bool
    attendee: bool
    needs_rsvp: bool
    conflicts: list[str] = field(default_factory=list)
    external_attendees: list[str] = field(default_factory=list)
    has_agenda: bool = False
    impact: dict[str, str] = field(default_factory=dict)
    contact: ContactStats | None = None
    same_org: bool = False
    recurring: bool = False
    located: bool = False
    travel: bool = False
    prepare: str | None = None
    occasion: str | None = None  # "interview", "audit", "notary": a one-off to attend
    slot: str | None = None  # the agenda line that gives the user a slot


def event_evidence(
    event: TriageEvent,
    others: list[TriageEvent],
    me: Identity,
    contacts: dict[str, ContactStats],
    conflicts: list[str] | None = None,
) -> EventEvidence:
    """Collect the facts of one event: RSVP state, conflicts, people, preparation.

    conflicts, when given (from conflicts_by_event), saves scanning others.
    """
    mine = _my_attendee(event, me)
    response = str((mine or {}).get("response_status") or event.my_response_status or "") or None
    attendee = mine is not None or event.organizer_self
    organizer = (event.organizer_email or "").lower()
    domain = me.domain
    external = [
        addr
        for a in event.attendees
        if (addr := str(a.get("email", "")).lower())
        and addr not in me.emails
        and not a.get("resource", False)
        and domain
        and not addr.endswith("@" + domain)
    ]
    text = f"{event.summary or ''}\n{event.description or ''}"
    evidence = EventEvidence(
        source_key=event.source_key,
        title=(event.summary or "(untitled event)").strip(),
        start=event.start_at,
        end=event.end_at,
        organizer_email=organizer or None,
        organizer_name=event.organizer_name or event.organizer_email,
        organizer_self=event.organizer_self,
        response=response,
        cancelled=event.status == "cancelled",
        all_day=event.all_day,
        attendee=attendee,
        needs_rsvp=attendee and response == "needsAction" and not event.organizer_self,
        external_attendees=external,
        has_agenda=bool((event.description or "").strip()),
        impact=tt.impact_terms(text),
    )
    evidence.recurring = event.recurring_event_id is not None
    evidence.located = bool((event.location or "").strip())
    evidence.travel = travel(evidence.title, event.location or "")
    evidence.prepare = preparation(event.description or "")
    evidence.occasion = occasion(evidence.title)
    evidence.slot = agenda_slot(event.description or "", [*me.names, *me.given_names])
    if evidence.travel:
        evidence.impact.setdefault("travel", "journey")
    elif evidence.occasion and not evidence.recurring:
        evidence.impact.setdefault("commitment", evidence.occasion)
    evidence.contact = contacts.get(organizer)
    evidence.same_org = bool(domain) and organizer.endswith("@" + domain)
    if conflicts is not None:
        evidence.conflicts = list(conflicts)
    elif _blocks_time(event, me):
        evidence.conflicts = [
            (other.summary or "(untitled)").strip()
            for other in others
            if other.source_key != event.source_key
            and _blocks_time(other, me)
            and _overlaps(event, other)
        ]
    return evidence


def _my_attendee(event: TriageEvent, me: Identity) -> dict[str, object] | None:
    """The user's attendee entry of an event, if invited."""
    for attendee in event.attendees:
        if attendee.get("self") or str(attendee.get("email", "")).lower() in me.emails:
            return attendee
    return None


def _blocks_time(event: TriageEvent, me: Identity) -> bool:
    """Whether an event occupies the user's time (timed, not cancelled or declined)."""
    if event.all_day or event.status == "cancelled" or event.start_at is None:
        return False
    mine = _my_attendee(event, me)
    response = (mine or {}).get("response_status") or event.my_response_status
    if mine is None and not event.organizer_self:
        return False
    return response in (None, "accepted", "needsAction", "tentative")


def _overlaps(a: TriageEvent, b: TriageEvent) -> bool:
    """Whether two timed events overlap."""
    if None in (a.start_at, a.end_at, b.start_at, b.end_at):
        return False
    assert a.start_at and a.end_at and b.start_at and b.end_at
    return a.start_at < b.end_at and b.start_at < a.end_at


@dataclass
class SweepCount:
    """How many candidate pairs a conflict sweep looked at (for tests of its cost)."""

    checked: int = 0


def clash_pairs(
    events: list[TriageEvent], me: Identity, count: SweepCount | None = None
) -> dict[int, set[int]]:
    """For every event (by index), the indexes of the events it clashes with.

    Sort once by start, then sweep: each event is compared only with the events that start
    before it ends, so the work is O(n log n) plus the clashes found, never all pairs.
    """
    blocking = sorted(
        (i for i, e in enumerate(events) if _blocks_time(e, me) and e.end_at is not None),
        key=lambda i: events[i].start_at or datetime.min.replace(tzinfo=UTC),
    )
    clashes: dict[int, set[int]] = {}
    for position, i in enumerate(blocking):
        first = events[i]
        for j in blocking[position + 1 :]:
            other = events[j]
            if count is not None:
                count.checked += 1
            assert first.end_at is not None and other.start_at is not None
            if other.start_at >= first.end_at:
                break
            if other.source_key != first.source_key and _overlaps(first, other):
                clashes.setdefault(i, set()).add(j)
                clashes.setdefault(j, set()).add(i)
    return clashes


def conflict_table(events: list[TriageEvent], me: Identity) -> dict[str, list[tuple[str, str]]]:
    """For every clashing event, (other event's key, its title) in the order of events."""
    clashes = clash_pairs(events, me)
    return {
        events[i].source_key: [
            (events[j].source_key, (events[j].summary or "(untitled)").strip())
            for j in sorted(others)
        ]
        for i, others in clashes.items()
    }


def conflicts_by_event(events: list[TriageEvent], me: Identity) -> dict[str, list[str]]:
    """For every event, the titles of the others it clashes with (a sweep, not all pairs).

    Titles are listed in the order of events, as event_evidence lists them.
    """
    clashes = clash_pairs(events, me)
    return {
        e.source_key: [
            (events[j].summary or "(untitled)").strip() for j in sorted(clashes.get(i, ()))
        ]
        for i, e in enumerate(events)
    }
