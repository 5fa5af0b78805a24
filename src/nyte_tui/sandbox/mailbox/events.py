"""Calendars and Calendar v3 event resources for the generated mailbox, with intended verdicts."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from nyte_tui.sandbox.mailbox import templates as tpl
from nyte_tui.sandbox.mailbox.bulk_events import add_bulk_events
from nyte_tui.sandbox.mailbox.event_builder import HOLIDAY_CAL, TEAM_CAL, EventBuilder
from nyte_tui.sandbox.mailbox.holidays import holidays, nth_weekday
from nyte_tui.sandbox.mailbox.people import PEOPLE, Person
from nyte_tui.sandbox.mailbox.render import WEEKDAYS, long_date
from nyte_tui.sandbox.seedtypes import Expectation, ExpectedKind, SeedCalendar, SeedEvent

# The next four weeks take at most this many conflict-free fillers; larger calendars continue
# into the past and the further future (bulk_events.py).
NEAR_FILLERS = 90


def _hm(dt: datetime) -> str:
    """Return HH:MM."""
    return dt.strftime("%H:%M")


def _core(b: EventBuilder) -> list[Any]:
    """Return the required events as deferred builders, most essential first."""
    rng, today = b.rng, b.today
    tomorrow = today + timedelta(days=1)
    upcoming: ExpectedKind = "upcoming"
    steps: list[Any] = []

    def conflict() -> None:
        b.taken.update({(tomorrow, 14), (tomorrow, 15)})
        a0, a1 = b.at(tomorrow, 14), b.at(tomorrow, 15)
        c0, c1 = b.at(tomorrow, 14, 30), b.at(tomorrow, 15, 15)
        why = "'{}' tomorrow {} overlaps '{}' ({}); Alex accepted both"
        b.add(
            "Pricing review",
            a0,
            a1,
            organizer="dana",
            guests=("priya", "tom"),
            location="Room Lovelace",
            description="Decide the Q3 price points. Pre-read in the shared folder.",
            verdict=(
                True,
                upcoming,
                why.format("Pricing review", _hm(a0), "Globex renewal call", _hm(c0)),
            ),
        )
        b.add(
            "Globex renewal call",
            c0,
            c1,
            organizer="karen",
            guests=("sam",),
            event_tz="America/New_York",
            location="Zoom",
            verdict=(
                True,
                upcoming,
                why.format("Globex renewal call", _hm(c0), "Pricing review", _hm(a0)),
            ),
        )

    def invite(
        title: str, org: str, guests: tuple[str, ...], lo: int, hi: int, important: bool
    ) -> None:
        day, hour = b.free_slot(lo, hi)
        start = b.at(day, hour)
        who = PEOPLE[org].given
        when = f"{long_date(day)} at {_hm(start)}"
        why = (
            f"{who} invited Alex to '{title}' on {when}; no RSVP yet"
            if important
            else f"{who}'s invite to '{title}' is on {when}, weeks away; no rush to RSVP"
        )
        b.add(
            title,
            start,
            start + timedelta(minutes=45),
            organizer=org,
            guests=guests,
            my_status="needsAction",
            verdict=(important, "invite", why),
        )

    def meeting(
        title: str,
        org: str,
        guests: tuple[str, ...],
        lo: int,
        hi: int,
        note: str,
        event_tz: str = "",
        status: str = "accepted",
    ) -> None:
        day, hour = b.free_slot(lo, hi)
        start = b.at(day, hour)
        rel = {0: "today", 1: "tomorrow"}.get((day - today).days, f"on {long_date(day)}")
        b.add(
            title,
            start,
            start + timedelta(minutes=rng.choice((30, 45, 60))),
            organizer=org,
            guests=guests,
            event_tz=event_tz,
            my_status=status,
            verdict=(False, upcoming, f"'{title}' {rel} at {_hm(start)}; {note}"),
        )

    def cancelled() -> None:
        day, hour = b.free_slot(2, 4)
        start = b.at(day, hour)
        b.add(
            "Vendor demo: Growthly",
            start,
            start + timedelta(minutes=30),
            organizer="brad",
            my_status="accepted",
            status="cancelled",
            verdict=(False, "none", "Cancelled by Brad (Growthly); nothing to attend"),
        )

    def recurring(
        title: str,
        org: str,
        first: date,
        hour: int,
        minute: int,
        minutes: int,
        rule: str,
        guests: tuple[str, ...],
        calendar: str = "",
    ) -> None:
        start = b.at(first, hour, minute)
        b.add(
            title,
            start,
            start + timedelta(minutes=minutes),
            organizer=org,
            guests=guests,
            recurrence=f"RRULE:{rule}",
            calendar=calendar,
            verdict=(False, upcoming, f"Routine recurring meeting ({rule}); no conflict"),
        )

    def last_weekday(wd: int, back: int) -> date:
        d = today - timedelta(days=back)
        return d - timedelta(days=(d.weekday() - wd) % 7)

    until = (b.now + timedelta(days=90)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    month_start = (today - timedelta(days=20)).replace(day=1)
    first_tue = nth_weekday(month_start.year, month_start.month, 1, 1)

    def all_day() -> None:
        day = today + timedelta(days=rng.randint(5, 12))
        b.add(
            "Out of office: Leo's school trip",
            day,
            day + timedelta(days=1),
            verdict=(False, "none", "All-day out-of-office marker; nothing to decide"),
        )

    def freeze() -> None:
        day = today + timedelta(days=rng.randint(8, 16))
        b.add(
            "Release freeze",
            day,
            day + timedelta(days=3),
            organizer="team",
            calendar=TEAM_CAL,
            description="No deploys to production.",
            verdict=(False, "none", "Team calendar all-day marker; Alex is not invited"),
        )

    def past(title: str, org: str, guests: tuple[str, ...], back: int) -> None:
        day, hour = b.free_slot(-back - 2, -back)
        start = b.at(day, hour)
        b.add(
            title,
            start,
            start + timedelta(minutes=60),
            organizer=org,
            guests=guests,
            verdict=(False, "none", f"'{title}' already happened on {long_date(day)}"),
        )

    steps += [
        conflict,
        lambda: invite("Board prep with Ruth", "ruth", ("dana",), 1, 2, True),
        cancelled,
        lambda: recurring(
            "Daily standup",
            "sam",
            last_weekday(0, 21),
            9,
            15,
            15,
            f"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL={until}",
            ("priya", "jorg", "mei"),
        ),
        lambda: meeting(
            "Launch readiness review",
            "me",
            ("sam", "priya"),
            0,
            0,
            "Alex's own meeting, no conflict",
        ),
        all_day,
        lambda: meeting(
            "Security review: SSO", "jorg", ("sam",), 3, 6, "invite already accepted, no conflict"
        ),
        lambda: invite("Q3 OKR workshop", "priya", ("sam", "mei"), 2, 3, True),
        lambda: meeting(
            "Acme weekly check-in",
            "jose",
            ("olu",),
            0,
            0,
            "accepted customer call, no conflict",
            event_tz="Europe/Madrid",
        ),
        lambda: recurring(
            "1:1 Alex / Dana",
            "dana",
            last_weekday(0, 14),
            11,
            0,
            30,
            "FREQ=WEEKLY;BYDAY=MO;COUNT=12",
            (),
        ),
        lambda: invite("Offsite planning", "dana", ("priya", "sam"), 18, 26, False),
        lambda: meeting("Design crit", "mei", ("priya",), 1, 1, "accepted, no conflict"),
        lambda: recurring(
            "Product team sync",
            "me",
            last_weekday(3, 14),
            16,
            0,
            60,
            f"FREQ=WEEKLY;BYDAY=TH;UNTIL={until}",
            ("sam", "priya", "jorg"),
            TEAM_CAL,
        ),
        lambda: invite("Customer advisory board dry run", "sam", ("priya",), 1, 3, True),
        lambda: recurring(
            "Customer office hours",
            "me",
            last_weekday(2, 7),
            17,
            0,
            30,
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=8",
            (),
        ),
        lambda: recurring(
            "All hands", "ruth", first_tue, 17, 0, 45, "FREQ=MONTHLY;BYDAY=1TU;COUNT=6", ("dana",)
        ),
        freeze,
        lambda: past("Acme QBR", "me", ("jose", "olu", "sam"), 3),
        lambda: past("Interview: Senior Designer", "priya", ("mei",), 2),
        lambda: past("Roadmap review", "dana", ("sam", "priya"), 5),
    ]
    return steps


def generate_calendar(
    rng: random.Random,
    now: datetime,
    tz: tzinfo,
    n_events: int,
    user_email: str,
    user_name: str,
    time_zone: str,
) -> tuple[list[SeedCalendar], list[SeedEvent], list[Expectation]]:
    """Return the calendars, n_events events and their expectations around now.

    Up to about 110 events everything happens between a week ago and four weeks ahead, without
    conflicts beyond the intended one; larger calendars (thousands of events) add months of
    working-day meetings before and after, some of them overlapping.
    """
    calendars = [
        SeedCalendar(user_email, user_email, primary=True, time_zone=time_zone),
        SeedCalendar(TEAM_CAL, "Team Northwind", time_zone=time_zone, access_role="writer"),
        SeedCalendar(HOLIDAY_CAL, "Holidays", time_zone=time_zone, access_role="reader"),
    ]
    b = EventBuilder(rng, now, tz, time_zone, Person(user_name, user_email, "self"))
    for step in _core(b):
        if len(b.events) >= n_events:
            break
        step()
    del b.events[n_events:], b.verdicts[n_events:]
    lo, hi = b.today - timedelta(days=1), b.today + timedelta(days=30)
    for day, name in holidays(lo.year) + holidays(lo.year + 1):
        if len(b.events) < n_events and lo <= day <= hi:
            b.add(
                name,
                day,
                day + timedelta(days=1),
                organizer="holidays",
                calendar=HOLIDAY_CAL,
                verdict=(False, "none", f"{name}: an entry on the shared Holidays calendar"),
            )
    i = 0
    while len(b.events) < n_events and i < NEAR_FILLERS:
        title, location, guests = tpl.FILLERS[i % len(tpl.FILLERS)]
        day, hour = b.free_slot(1, 29)
        start = b.at(day, hour)
        far = (day - b.today).days >= 7
        status = (
            "needsAction"
            if far and i % 4 == 3
            else rng.choice(("accepted", "accepted", "accepted", "tentative"))
        )
        org = "me" if i % 3 == 0 else guests[0]
        if org == "me" or status != "needsAction":
            status = "accepted" if org == "me" else status
        kind: ExpectedKind = "invite" if status == "needsAction" else "upcoming"
        note = (
            "invite weeks away, no rush to RSVP"
            if kind == "invite"
            else "routine meeting without conflict"
        )
        when = f"{WEEKDAYS[day.weekday()]} {long_date(day).split(' ', 1)[1]}"
        b.add(
            title,
            start,
            start + timedelta(minutes=rng.choice((30, 45, 60))),
            organizer=org,
            guests=guests,
            my_status=status,
            location=location,
            verdict=(False, kind, f"'{title}' on {when} at {_hm(start)}: {note}"),
        )
        i += 1
    add_bulk_events(b, n_events - len(b.events))
    return calendars, b.events, b.verdicts
