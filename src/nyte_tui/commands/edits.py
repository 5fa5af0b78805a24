"""Small changes to an intent: a person added or removed, a new time, a new length."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from nyte_tui.commands.context import InterpretContext, Person
from nyte_tui.commands.durations import describe_duration
from nyte_tui.commands.eventedits import Shift, apply_shift
from nyte_tui.commands.intent import Intent, Role, Window
from nyte_tui.commands.mailbuild import pick_thread
from nyte_tui.commands.people import show, show_list
from nyte_tui.commands.speech import derive_subject
from nyte_tui.commands.when import WhenMatch, describe, describe_window
from nyte_tui.commands.when_parts import at

FIELD_NAMES = {"to": "To", "cc": "Cc", "bcc": "Bcc", "attendees": "attendees"}


def short_time(moment: datetime, zone: tzinfo, now: datetime) -> str:
    """A time for a change line: "Wed 10:00" this week, "Wed 9 Dec 10:00" further out."""
    local = moment.astimezone(zone)
    if 0 <= (local.date() - now.astimezone(zone).date()).days < 6:
        return f"{local:%a %H:%M}"
    return describe(moment, zone)


def show_when(intent: Intent, ctx: InterpretContext) -> str:
    """The intent's time for a change line: its start, its window, or "none"."""
    if intent.start is not None:
        return short_time(intent.start, ctx.zone, ctx.now)
    if intent.window is not None:
        return describe_window(intent.window, ctx.zone)
    return "none"


PeopleRole = Literal["to", "cc", "bcc", "attendees"]
ROLES: tuple[PeopleRole, ...] = ("to", "cc", "bcc", "attendees")
PEOPLE_ROLES: dict[str, PeopleRole] = {role: role for role in ROLES}


def people_in(intent: Intent, role: PeopleRole) -> tuple[Person, ...]:
    """The people the intent has in one role."""
    return {"to": intent.to, "cc": intent.cc, "bcc": intent.bcc, "attendees": intent.attendees}[
        role
    ]


def with_people(intent: Intent, role: PeopleRole, people: tuple[Person, ...]) -> Intent:
    """The intent with the people of one role replaced."""
    if role == "to":
        return replace(intent, to=people)
    if role == "cc":
        return replace(intent, cc=people)
    if role == "bcc":
        return replace(intent, bcc=people)
    return replace(intent, attendees=people)


def add_person(
    intent: Intent, role: Role, person: Person, ctx: InterpretContext
) -> tuple[Intent, str]:
    """The intent with a person added where the role says, and the change line."""
    if role == "to" and intent.kind == "gmail.reply" and intent.thread is None:
        thread, note = pick_thread([person], None, ctx)
        if thread is not None:
            changed = note or f"thread: “{thread.subject}”"
            return replace(intent, thread=thread, pending=None), changed
        subject = intent.subject or (derive_subject(intent.body) if intent.body else None)
        new = replace(intent, kind="gmail.send", to=(person,), subject=subject, pending=None)
        return new, f"to: {show(person)} (no recent thread, so a new email)"
    target = PEOPLE_ROLES.get(role, "to")
    current = people_in(intent, target)
    if person.email in {p.email for p in current}:
        return replace(intent, pending=None), f"{person.email} is already in {FIELD_NAMES[target]}"
    new = replace(intent, pending=None)
    for other in ("to", "cc", "bcc"):
        if other != target:
            kept = tuple(p for p in people_in(new, other) if p.email != person.email)
            new = with_people(new, other, kept)
    changed = f"added {person.email} to {FIELD_NAMES[target]}"
    return with_people(new, target, (*current, person)), changed


def remove_person(intent: Intent, person: Person) -> tuple[Intent, str] | None:
    """The intent without the person anywhere, and the change line; None if not there."""
    for role in ROLES:
        current = people_in(intent, role)
        if person.email in {p.email for p in current}:
            kept = tuple(p for p in current if p.email != person.email)
            changed = f"removed {person.email} from {FIELD_NAMES[role]}"
            return with_people(intent, role, kept), changed
    return None


def replace_to(intent: Intent, people: list[Person]) -> tuple[Intent, str]:
    """The intent with its To replaced (for a new email) and the change line."""
    before = show_list(intent.to) or "nobody"
    new = replace(intent, to=tuple(people), pending=None)
    return new, f"to: {before} → {show_list(people)}"


def set_duration(intent: Intent, duration: timedelta) -> tuple[Intent, str]:
    """The intent with a new length and the change line."""
    before = describe_duration(intent.duration) if intent.duration else "none"
    return replace(intent, duration=duration), f"duration: {before} → {describe_duration(duration)}"


def retime(intent: Intent, when: WhenMatch, ctx: InterpretContext) -> tuple[Intent, str]:
    """The intent at a new time: a day keeps the clock time, a clock time keeps the day."""
    before = show_when(intent, ctx)
    start, window = _new_start(intent, when, ctx)
    new = replace(intent, start=start, window=window, slot_choice=None)
    return new, f"time: {before} → {show_when(new, ctx)}"


def _new_start(
    intent: Intent, when: WhenMatch, ctx: InterpretContext
) -> tuple[datetime | None, Window | None]:
    """Where the intent lands under a time phrase, relative to what it had."""
    zone = ctx.zone
    if intent.kind == "calendar.move" and intent.event is not None and intent.start is None:
        return apply_shift(intent.event, Shift(target=when), ctx, [])
    if intent.start is not None:
        local = intent.start.astimezone(zone)
        if when.clock is not None and when.day is None:
            return at(local.date(), when.clock, zone), None
        if when.date_only and when.window is not None and _whole_day(when, ctx):
            assert when.day is not None
            return at(when.day, local.time(), zone), None
    if intent.window is not None and when.time_only and when.clock is not None:
        day = intent.window[0].astimezone(zone).date()
        return at(day, when.clock, zone), None
    if intent.window is not None and when.date_only and when.day is not None:
        opening, close = (moment.astimezone(zone) for moment in intent.window)
        within = _same_weekday_in(when, opening.date(), close.date())
        if within is not None and opening.date() != close.date():
            hours = ctx.working_hours
            day_window = (at(within, time(hours[0]), zone), at(within, time(hours[1]), zone))
            return None, day_window
        if opening.date() == close.date() and _whole_day(when, ctx):
            return None, (at(when.day, opening.time(), zone), at(when.day, close.time(), zone))
    if when.start is not None:
        return when.start, None
    return None, when.window


def _same_weekday_in(when: WhenMatch, first: date, last: date) -> date | None:
    """The day in first..last with the weekday the phrase named, if any."""
    assert when.day is not None
    day = first
    while day <= last:
        if day.weekday() == when.day.weekday():
            return day
        day += timedelta(days=1)
    return None


def _whole_day(when: WhenMatch, ctx: InterpretContext) -> bool:
    """Whether a phrase named a plain day rather than part of one."""
    if when.window is None:
        return False
    close = when.window[1].astimezone(ctx.zone)
    return close.hour == ctx.working_hours[1]


def shift_by(intent: Intent, delta: timedelta, ctx: InterpretContext) -> tuple[Intent, str] | None:
    """The intent moved by a delta ("an hour later"), or None when it has no time to move."""
    base = intent.start
    if base is None and intent.event is not None and intent.kind == "calendar.move":
        base = intent.event.start
    if base is None:
        return None
    before = show_when(intent, ctx)
    new = replace(intent, start=base + delta, window=None)
    return new, f"time: {before} → {show_when(new, ctx)}"
