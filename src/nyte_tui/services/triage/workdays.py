"""Business days: how long a message has waited, and when a follow-up falls due."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo


def business_days_between(start: date, end: date) -> int:
    """Weekdays d with start < d <= end."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def add_business_days(start: datetime, days: int, tz: tzinfo) -> datetime:
    """The same local time of day, days weekdays after start."""
    local = start.astimezone(tz)
    moved = local
    while days > 0:
        moved += timedelta(days=1)
        if moved.weekday() < 5:
            days -= 1
    return moved


def working_deadline(at: datetime, now: datetime, tz: tzinfo) -> datetime:
    """When a deadline falling on a weekend must be met at work: the Friday before it, at the
    end of the day (a licence lapsing on Saturday is Friday's task); other deadlines as given."""
    local = at.astimezone(tz)
    if local.weekday() < 5:
        return at
    friday = local - timedelta(days=local.weekday() - 4)
    end_of_friday = friday.replace(hour=18, minute=0, second=0, microsecond=0)
    return at if end_of_friday <= now else end_of_friday  # on the weekend itself: as given
