"""Colleagues' free/busy: the meetings of people at the user's domain that Alex is not in.

Every colleague (a person of the cast whose address is at the user's own domain) gets a few
busy blocks on each weekday from a week ago to two months ahead, between 09:00 and 18:00 local
time, from the free/busy random source. Shared meetings come on top: freebusy.query also counts
the events on the user's calendars that the colleague attends.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, tzinfo

from nyte_tui.sandbox.mailbox.people import PEOPLE

FIRST_DAY = -7
LAST_DAY = 60
BLOCKS_PER_DAY = (0, 1, 2, 2, 3, 3, 4, 5)
GRID = tuple((9 + half // 2, 30 * (half % 2)) for half in range(18))  # 09:00 .. 17:30
MINUTES = (30, 30, 45, 60, 60, 90, 120)


def colleagues(user_email: str) -> list[str]:
    """Return the addresses of the cast at the user's domain, the user left out, sorted."""
    domain = user_email.rsplit("@", 1)[-1].lower()
    return sorted(
        person.email.lower()
        for person in PEOPLE.values()
        if person.domain.lower() == domain and person.email.lower() != user_email.lower()
    )


def generate_busy(
    rng: random.Random, now: datetime, tz: tzinfo, user_email: str
) -> dict[str, list[tuple[datetime, datetime]]]:
    """Return each colleague's busy blocks (UTC, sorted) around now."""
    today = now.astimezone(tz).date()
    busy: dict[str, list[tuple[datetime, datetime]]] = {}
    for email in colleagues(user_email):
        blocks: list[tuple[datetime, datetime]] = []
        for offset in range(FIRST_DAY, LAST_DAY + 1):
            day = today + timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for hour, minute in sorted(rng.sample(GRID, rng.choice(BLOCKS_PER_DAY))):
                start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
                end = start + timedelta(minutes=rng.choice(MINUTES))
                blocks.append((start.astimezone(UTC), end.astimezone(UTC)))
        busy[email] = blocks
    return busy
