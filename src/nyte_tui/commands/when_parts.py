"""Building blocks of time reading: clock hours, dates in the future, weekdays and weeks."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, tzinfo

from nyte_tui.commands.when_scan import (
    SMALL_NUMBERS,
    WEEKDAYS,
    Piece,
)


def at(day: date, clock: time, zone: tzinfo) -> datetime:
    """The aware datetime of a day and clock time in a zone."""
    return datetime.combine(day, clock, tzinfo=zone)


def round_up(moment: datetime, minutes: int = 15) -> datetime:
    """The moment rounded up to the next multiple of minutes."""
    base = moment.replace(second=0, microsecond=0)
    if base < moment:
        base += timedelta(minutes=1)
    extra = (-base.minute) % minutes
    return base + timedelta(minutes=extra)


def clock_hour(hour: int, minute: int, ampm: str, part: str, one_digit: bool) -> time | None:
    """A clock time from an hour, reading a bare hour as working hours suggest."""
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    elif not ampm and one_digit:
        late_part = part in {"afternoon", "evening", "night"} and hour < 12
        if late_part or (part != "morning" and 1 <= hour <= 7):
            hour += 12
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return time(hour, minute)


def small_number(text: str) -> float:
    """A small count written as digits or words ("two", "a couple of")."""
    if text in SMALL_NUMBERS:
        return float(SMALL_NUMBERS[text])
    try:
        return float(text)
    except ValueError:
        return 1.0


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the numbers make no date."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def future_date(month: int, day: int, year: str, today: date) -> date | None:
    """A month and day in the given year, else the next time it comes round."""
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return safe_date(full, month, day)
    found = safe_date(today.year, month, day)
    if found is not None and found < today:
        found = safe_date(today.year + 1, month, day)
    return found


def weekday_date(piece: Piece, today: date) -> date:
    """The day a weekday phrase means: "next X" is in next week, a bare X is the next one."""
    target = WEEKDAYS[piece.get("wd")]
    relation = piece.get("rel")
    if relation == "this":
        return today + timedelta(days=(target - today.weekday()) % 7)
    if relation == "next":
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=target)
    return today + timedelta(days=(target - today.weekday()) % 7 or 7)


def week_range(piece: Piece, today: date) -> tuple[date, date]:
    """The first and last day of "next week", "this week", "next month" and the like."""
    which, unit = piece.get("which"), piece.get("unit")
    monday = today - timedelta(days=today.weekday())
    if unit == "month":
        if which == "this":
            first = today
        elif today.month == 12:
            first = date(today.year + 1, 1, 1)
        else:
            first = date(today.year, today.month + 1, 1)
        last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
        return first, last
    if which == "this":
        return today, monday + timedelta(days=4)
    start = monday + timedelta(days=14 if piece.get("after") else 7)
    return start, start + timedelta(days=4)


def ordinal_date(day: int, today: date) -> date | None:
    """A day of the month ("the 12th"): this month if it is still to come, else next month."""
    found = safe_date(today.year, today.month, day)
    if found is not None and found >= today:
        return found
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return safe_date(year, month, day)
