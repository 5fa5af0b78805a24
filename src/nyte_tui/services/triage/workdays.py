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
