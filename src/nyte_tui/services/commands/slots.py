"""Finding a meeting time: the first free slot in working hours, and two alternatives.

Busy time comes from the local calendar and, where Google will say, the attendees' free/busy
(people on the user's own domain); anyone Google will not answer for is "unknown", not free.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

STEP = timedelta(minutes=15)
SEARCH_DAYS = 14
ALTERNATIVES = 2

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Slot:
    """A proposed start and end."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class SlotSearch:
    """The slots found and whose availability was known."""

    slots: tuple[Slot, ...]
    checked: tuple[str, ...]
    unknown: tuple[str, ...]


def merge(intervals: Sequence[Interval]) -> list[Interval]:
    """Busy intervals sorted and merged (overlapping or touching ones become one)."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _working_spans(window: Interval, zone: tzinfo, hours: tuple[int, int]) -> list[Interval]:
    """The working-hour spans of each weekday inside the window, in the user's zone."""
    start, end = window
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    spans: list[Interval] = []
    while day <= last:
        if day.weekday() < 5:
            open_at = datetime.combine(day, time(hours[0]), tzinfo=zone)
            close_at = datetime.combine(day, time(hours[1]), tzinfo=zone)
            low, high = max(open_at, start), min(close_at, end)
            if low < high:
                spans.append((low, high))
        day += timedelta(days=1)
    return spans


def _round_up(moment: datetime, step: timedelta = STEP) -> datetime:
    """moment rounded up to the next step (15 minutes) past the hour."""
    seconds = int(step.total_seconds())
    offset = (moment.minute * 60 + moment.second) % seconds
    if offset == 0 and moment.microsecond == 0:
        return moment
    return moment + timedelta(seconds=seconds - offset, microseconds=-moment.microsecond)


def free_slots(
    busy: Sequence[Interval],
    window: Interval,
    duration: timedelta,
    zone: tzinfo,
    *,
    hours: tuple[int, int] = (9, 18),
    now: datetime | None = None,
    count: int = 1 + ALTERNATIVES,
) -> list[Slot]:
    """The first free slots of duration in working hours, spaced so they are real choices.

    One sorted sweep over merged busy time: O(n log n) in the number of busy intervals.
    """
    blocked = merge(busy)
    found: list[Slot] = []
    floor = _round_up(now) if now is not None else None
    index = 0
    for span_start, span_end in _working_spans(window, zone, hours):
        cursor = _round_up(max(span_start, floor) if floor else span_start)
        while cursor + duration <= span_end and len(found) < count:
            while index < len(blocked) and blocked[index][1] <= cursor:
                index += 1
            clash = index < len(blocked) and blocked[index][0] < cursor + duration
            if clash:
                cursor = _round_up(blocked[index][1])
                continue
            found.append(Slot(cursor, cursor + duration))
            cursor = _round_up(cursor + max(duration, timedelta(hours=1)))
        if len(found) >= count:
            break
    return found


def search(
    window: Interval | None,
    start: datetime | None,
    duration: timedelta,
    zone: tzinfo,
    *,
    my_busy: Sequence[Interval],
    attendees: Sequence[str],
    own_domain: str,
    free_busy: Callable[[Interval, list[str]], dict[str, list[Interval] | None] | None],
    hours: tuple[int, int],
    now: datetime,
) -> SlotSearch:
    """Slots for a meeting: the given start when it is free, else the window's first ones."""
    colleagues = [a for a in attendees if a.rsplit("@", 1)[-1].lower() == own_domain]
    others = [a for a in attendees if a not in colleagues]
    if window is None:
        base = start or now
        window = (base, base + timedelta(days=SEARCH_DAYS))
    answer = free_busy(window, colleagues) if colleagues else {}
    checked: list[str] = []
    unknown = list(others)
    busy = list(my_busy)
    for person in colleagues:
        blocks = (answer or {}).get(person)
        if blocks is None:
            unknown.append(person)
        else:
            checked.append(person)
            busy.extend(blocks)
    if start is not None:
        slot = Slot(start, start + duration)
        return SlotSearch((slot,), tuple(checked), tuple(unknown))
    slots = free_slots(busy, window, duration, zone, hours=hours, now=now)
    return SlotSearch(tuple(slots), tuple(checked), tuple(unknown))


def is_free(slot: Slot, busy: Sequence[Interval]) -> bool:
    """Whether nothing busy overlaps the slot."""
    return all(end <= slot.start or start >= slot.end for start, end in busy)
