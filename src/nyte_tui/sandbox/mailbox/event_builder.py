"""EventBuilder: turns scenario choices into Calendar v3 event resources plus intended verdicts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from nyte_tui.sandbox.mailbox.people import PEOPLE, Person
from nyte_tui.sandbox.mailbox.render import zone
from nyte_tui.sandbox.seedtypes import Expectation, ExpectedKind, SeedEvent

BASE32HEX = "0123456789abcdefghijklmnopqrstuv"
TEAM_CAL = "c_8tq0northwind3team5m1s@group.calendar.google.com"
HOLIDAY_CAL = "en.uk#holiday@group.v.calendar.google.com"
FREE_HOURS = (10, 11, 12, 13, 14, 15, 16)
# Hours taken by recurring meetings, by weekday (0 = Monday): standup 09:15, 1:1 Monday 11:00,
# all hands first Tuesday 17:00, office hours Wednesday 17:00, team sync Thursday 16:00.
RESERVED = {(0, 11), (3, 16)}


@dataclass
class EventBuilder:
    """Accumulates events with their verdicts and keeps Alex's busy slots conflict-free."""

    rng: random.Random
    now: datetime
    tz: tzinfo
    tz_name: str
    me: Person
    events: list[SeedEvent] = field(default_factory=list)
    verdicts: list[Expectation] = field(default_factory=list)
    taken: set[tuple[date, int]] = field(default_factory=set)

    @property
    def today(self) -> date:
        """Return the local date of now."""
        return self.now.astimezone(self.tz).date()

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """Return an aware local datetime."""
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    def free_slot(self, lo: int, hi: int) -> tuple[date, int]:
        """Reserve a free (day, hour) lo..hi days from today, preferring weekdays."""
        days = [self.today + timedelta(days=k) for k in range(lo, hi + 1)]
        days = [d for d in days if d.weekday() < 5] or days
        for _ in range(500):
            day = self.rng.choice(days)
            hour = self.rng.choice(FREE_HOURS)
            if (day, hour) not in self.taken and (day.weekday(), hour) not in RESERVED:
                self.taken.add((day, hour))
                return day, hour
        raise RuntimeError("no free calendar slot")

    def new_id(self) -> str:
        """Return a fresh base32hex event id."""
        return "".join(self.rng.choice(BASE32HEX) for _ in range(26))

    def stamp(self, dt: datetime) -> str:
        """Format an instant like Calendar's created/updated fields."""
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def person(self, key: str, status: str = "accepted") -> dict[str, Any]:
        """Return an attendee entry for a person from the cast."""
        p = PEOPLE[key]
        return {"email": p.email, "displayName": p.name, "responseStatus": status}

    def add(
        self,
        summary: str,
        start: datetime | date,
        end: datetime | date,
        *,
        verdict: tuple[bool, ExpectedKind, str],
        organizer: str = "me",
        guests: tuple[str, ...] = (),
        my_status: str = "accepted",
        calendar: str = "",
        event_tz: str = "",
        recurrence: str = "",
        status: str = "confirmed",
        location: str = "",
        description: str = "",
        created_before: datetime | None = None,
    ) -> dict[str, Any]:
        """Append one event resource and its expectation; return the resource.

        The event is created some days before `created_before` (default: now).
        """
        eid = self.new_id()
        created = (created_before or self.now) - timedelta(
            days=self.rng.randint(1, 20), minutes=self.rng.randint(0, 600)
        )
        updated = created + timedelta(minutes=self.rng.randint(0, 90))
        me = {"email": self.me.email, "displayName": self.me.name, "self": True}
        if organizer == "me":
            org: dict[str, Any] = dict(me)
        elif organizer == "team":
            org = {"email": TEAM_CAL, "displayName": "Team Northwind"}
        elif organizer == "holidays":
            org = {"email": HOLIDAY_CAL, "displayName": "Holidays"}
        else:
            p = PEOPLE[organizer]
            org = {"email": p.email, "displayName": p.name}
        res: dict[str, Any] = {
            "kind": "calendar#event",
            "id": eid,
            "status": status,
            "created": self.stamp(created),
            "updated": self.stamp(updated),
            "summary": summary,
            "creator": dict(org),
            "organizer": org,
            "start": self._when(start, event_tz),
            "end": self._when(end, event_tz),
            "iCalUID": f"{eid}@google.com",
            "sequence": 0,
            "reminders": {"useDefault": True},
            "eventType": "default",
        }
        if description:
            res["description"] = description
        if location:
            res["location"] = location
        if recurrence:
            res["recurrence"] = [recurrence]
        if isinstance(start, date) and not isinstance(start, datetime):
            res["transparency"] = "transparent"
        if guests or organizer not in ("team", "holidays"):
            attendees = [
                self.person(g, self.rng.choice(("accepted", "accepted", "tentative")))
                for g in guests
                if g != organizer
            ]
            mine = {**me, "responseStatus": my_status}
            if organizer == "me":
                mine["organizer"] = True
            if organizer not in ("me", "team", "holidays"):
                attendees.insert(0, {**self.person(organizer), "organizer": True})
            if organizer not in ("team", "holidays") or guests:
                attendees.append(mine)
            res["attendees"] = attendees
        self.events.append(SeedEvent(calendar or self.me.email, res))
        important, kind, why = verdict
        self.verdicts.append(Expectation("calendar", eid, important, kind, why))
        return res

    def _when(self, value: datetime | date, event_tz: str) -> dict[str, str]:
        """Return a Calendar start/end object for a timed or all-day value."""
        if isinstance(value, datetime):
            name = event_tz or self.tz_name
            return {"dateTime": value.astimezone(zone(name)).isoformat(), "timeZone": name}
        return {"date": value.isoformat()}
