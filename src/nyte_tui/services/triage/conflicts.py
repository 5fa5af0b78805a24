"""Which of the user's events clash: one sort and a sweep, cheap to import for the agenda."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from nyte_tui.store.triage_records import TriageEvent


class HasEmails(Protocol):
    """Anything that knows the user's addresses (triage's Identity, or just the account)."""

    @property
    def emails(self) -> Set[str]:
        """The user's addresses, lower case."""
        ...


@dataclass(frozen=True)
class Addresses:
    """The user as a set of addresses: all the conflict sweep needs."""

    emails: frozenset[str]


def my_attendee(event: TriageEvent, me: HasEmails) -> dict[str, object] | None:
    """The user's attendee entry of an event, if invited."""
    for attendee in event.attendees:
        if attendee.get("self") or str(attendee.get("email", "")).lower() in me.emails:
            return attendee
    return None


def blocks_time(event: TriageEvent, me: HasEmails) -> bool:
    """Whether an event occupies the user's time (timed, not cancelled or declined)."""
    if event.all_day or event.status == "cancelled" or event.start_at is None:
        return False
    mine = my_attendee(event, me)
    response = (mine or {}).get("response_status") or event.my_response_status
    if mine is None and not event.organizer_self:
        return False
    return response in (None, "accepted", "needsAction", "tentative")


def overlaps(a: TriageEvent, b: TriageEvent) -> bool:
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
    events: list[TriageEvent], me: HasEmails, count: SweepCount | None = None
) -> dict[int, set[int]]:
    """For every event (by index), the indexes of the events it clashes with.

    Sort once by start, then sweep: each event is compared only with the events that start
    before it ends, so the work is O(n log n) plus the clashes found, never all pairs.
    """
    blocking = sorted(
        (i for i, e in enumerate(events) if blocks_time(e, me) and e.end_at is not None),
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
            if other.source_key != first.source_key and overlaps(first, other):
                clashes.setdefault(i, set()).add(j)
                clashes.setdefault(j, set()).add(i)
    return clashes


def conflict_table(events: list[TriageEvent], me: HasEmails) -> dict[str, list[tuple[str, str]]]:
    """For every clashing event, (other event's key, its title) in the order of events."""
    clashes = clash_pairs(events, me)
    return {
        events[i].source_key: [
            (events[j].source_key, (events[j].summary or "(untitled)").strip())
            for j in sorted(others)
        ]
        for i, others in clashes.items()
    }


def conflicts_by_event(events: list[TriageEvent], me: HasEmails) -> dict[str, list[str]]:
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
