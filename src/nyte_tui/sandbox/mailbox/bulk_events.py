"""Large calendars: months of working-day meetings before and after the curated four weeks.

The curated events (see events.py) live between a week ago and four weeks ahead and never
conflict. Past that, a calendar of 1,000 or 5,000 events needs history and future: each weekday
gets a few meetings between 09:00 and 18:00 on a half-hour grid, and, as in real calendars,
some of them overlap. Days further than a week back are filled first (three fifths of the
events), then days from a month ahead on; everything comes from the calendar's random source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from nyte_tui.sandbox.mailbox import templates as tpl
from nyte_tui.sandbox.mailbox.event_builder import EventBuilder
from nyte_tui.sandbox.mailbox.people import PEOPLE
from nyte_tui.sandbox.mailbox.render import long_date
from nyte_tui.sandbox.seedtypes import ExpectedKind

PAST_SHARE = 0.6
PAST_FROM = -8
FUTURE_FROM = 31
PER_DAY = (3, 4, 5, 5, 6, 6, 7, 7, 8, 9)
GRID = tuple((9 + half // 2, 30 * (half % 2)) for half in range(18))  # 09:00 .. 17:30
MINUTES = (15, 30, 30, 30, 45, 60, 60, 90)
PAST_ANSWERS = ("accepted",) * 8 + ("tentative", "declined")
FUTURE_ANSWERS = ("accepted",) * 14 + ("tentative",) * 2 + ("needsAction",) * 3 + ("declined",)


@dataclass
class _Planned:
    """One meeting of a day, before it becomes an event resource."""

    title: str
    meeting: tpl.Meeting
    start: datetime
    end: datetime
    organizer: str
    answer: str
    cancelled: bool

    @property
    def blocks_time(self) -> bool:
        """Tell whether the meeting makes Alex busy (opaque, not declined, not cancelled)."""
        return not (self.cancelled or self.meeting.transparent or self.answer == "declined")


def add_bulk_events(b: EventBuilder, count: int) -> None:
    """Add `count` meetings on weekdays outside the curated window, past ones first."""
    past = round(count * PAST_SHARE)
    _fill(b, past, PAST_FROM, -1)
    _fill(b, count - past, FUTURE_FROM, 1)


def _fill(b: EventBuilder, count: int, first: int, step: int) -> None:
    """Fill weekdays from `first` days from today, walking by `step` days, with `count` events."""
    offset = first
    while count > 0:
        day = b.today + timedelta(days=offset)
        offset += step
        if day.weekday() >= 5:
            continue
        planned = _plan_day(b, day, min(count, b.rng.choice(PER_DAY)))
        for meeting in planned:
            _add(b, meeting, planned)
        count -= len(planned)


def _plan_day(b: EventBuilder, day: date, count: int) -> list[_Planned]:
    """Choose a day's meetings: distinct start times, random lengths, answers and organizers."""
    rng = b.rng
    future = day > b.today
    planned: list[_Planned] = []
    for hour, minute in sorted(rng.sample(GRID, count)):
        meeting = rng.choice(tpl.MEETINGS)
        title = meeting.title.format(topic=rng.choice(tpl.TOPICS))
        start = b.at(day, hour, minute)
        end = start + timedelta(minutes=rng.choice(MINUTES))
        organizer = "me"
        if meeting.guests and rng.random() < 0.6:
            organizer = meeting.guests[0]
        answer = "accepted"
        if organizer != "me":
            answer = rng.choice(FUTURE_ANSWERS if future else PAST_ANSWERS)
        cancelled = rng.random() < 0.02
        planned.append(_Planned(title, meeting, start, end, organizer, answer, cancelled))
    return planned


def _add(b: EventBuilder, meeting: _Planned, day_plan: list[_Planned]) -> None:
    """Turn one planned meeting into an event resource with its intended verdict."""
    resource = b.add(
        meeting.title,
        meeting.start,
        meeting.end,
        organizer=meeting.organizer,
        guests=meeting.meeting.guests,
        my_status=meeting.answer,
        status="cancelled" if meeting.cancelled else "confirmed",
        location=meeting.meeting.location,
        verdict=_verdict(b, meeting, day_plan),
        created_before=min(meeting.start, b.now),
    )
    if meeting.meeting.transparent:
        resource["transparency"] = "transparent"


def _verdict(
    b: EventBuilder, meeting: _Planned, day_plan: list[_Planned]
) -> tuple[bool, ExpectedKind, str]:
    """Say why a bulk meeting needs nothing now: it is past, declined or weeks away."""
    day = meeting.start.date()
    when = f"{long_date(day)} {day.year} at {meeting.start.strftime('%H:%M')}"
    title = meeting.title
    if meeting.cancelled:
        return False, "none", f"'{title}' on {when} was cancelled; nothing to attend"
    if meeting.start < b.now:
        return False, "none", f"'{title}' already happened on {long_date(day)} {day.year}"
    if meeting.answer == "declined":
        return False, "none", f"Alex declined '{title}' on {when}"
    clashes = [
        other.title
        for other in day_plan
        if other is not meeting
        and other.blocks_time
        and other.start < meeting.end
        and meeting.start < other.end
    ]
    clash = f"; overlaps '{clashes[0]}'" if clashes and meeting.blocks_time else ""
    if meeting.answer == "needsAction":
        who = PEOPLE[meeting.organizer].given
        return False, "invite", f"{who}'s invite to '{title}' on {when} is weeks away{clash}"
    return False, "upcoming", f"'{title}' on {when}, weeks away{clash}"
