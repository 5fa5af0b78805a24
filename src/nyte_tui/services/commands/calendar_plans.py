"""Calendar proposals: an RSVP, a new event in a free slot, a move of the user's own event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

from nyte_tui.commands import Intent, Person
from nyte_tui.config.settings import Settings
from nyte_tui.services.commands import slots
from nyte_tui.services.commands.context import CommandScope
from nyte_tui.services.commands.plan_types import Blocked, local_range
from nyte_tui.store.db import Store
from nyte_tui.store.queries import command_context as qctx
from nyte_tui.store.queries import outbox as qo
from nyte_tui.sync.calendar_write import new_event_id

Plan = tuple[str, dict[str, Any], str, str, str, tuple[str, ...], dict[str, Any]]
FreeBusy = Callable[[tuple[datetime, datetime], list[str]], dict[str, Any] | None]
RESPONSE_WORDS = {"accepted": "Accept", "declined": "Decline", "tentative": "Maybe"}
MANY_ATTENDEES = 6
DEFAULT_DURATION = timedelta(minutes=30)


def _blocked(question: str, missing: str) -> Blocked:
    """One question that stands between the intent and a proposal."""
    return Blocked(question, missing)


def _when(start: datetime, end: datetime, zone: tzinfo) -> str:
    """ "Tue 01 Dec 15:00–15:30 (Europe/London)"."""
    return f"{local_range(start, end, zone)} ({getattr(zone, 'key', str(zone))})"


def _people_risk(store: Store, scope: CommandScope, emails: list[str]) -> tuple[str, list[str]]:
    """Risk of a calendar change by who hears about it: external, new, many people."""
    domain = scope.account.email.rsplit("@", 1)[-1].lower()
    external = [e for e in emails if e.rsplit("@", 1)[-1].lower() != domain]
    known = qo.known_addresses(store, scope.account.account_id, external)
    new = [e for e in external if e.lower() not in known]
    level, flags = "low", []
    if external:
        level = "medium"
        flags.append("external attendees: " + ", ".join(external))
    if new:
        level = "high"
        flags.append("people you have not written with: " + ", ".join(new))
    if len(emails) >= MANY_ATTENDEES:
        level = "high"
        flags.append(f"{len(emails)} attendees")
    return level, flags


def rsvp_plan(store: Store, scope: CommandScope, intent: Intent, zone: tzinfo) -> Plan | Blocked:
    """Accept, decline or tentatively accept an invitation, telling the organiser."""
    event = intent.event
    if event is None:
        return _blocked("Which event do you mean?", "event")
    if intent.response is None:
        return _blocked(f"Accept, decline or maybe for “{event.title}”?", "response")
    if event.organizer_self:
        return _blocked(
            f"You organise “{event.title}”; there is no invitation to answer. "
            "Say “move it” or “cancel it” instead.",
            "kind",
        )
    row = qctx.event(store, scope.account.account_id, event.calendar_id, event.event_id)
    if row is None:
        return _blocked(f"“{event.title}” is no longer in your calendar; run `nyte sync`", "event")
    organizer = row.organizer_email or "the organiser"
    payload = {
        "account": scope.account.email,
        "calendar_id": event.calendar_id,
        "event_id": event.event_id,
        "title": row.title,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "response": intent.response,
        "previous_response": row.my_response,
        "organizer": row.organizer_email,
        "note": intent.note,
        "send_updates": "all",
    }
    word = RESPONSE_WORDS[intent.response]
    level, flags = _people_risk(store, scope, [row.organizer_email] if row.organizer_email else [])
    lines = [
        f"{word}: {row.title}",
        f"When: {_when(event.start, event.end, zone)}",
        f"Organizer: {organizer} (notified)",
    ]
    if intent.note:
        lines.append(f"Note to the organiser: {intent.note}")
    if row.my_response and row.my_response != "needsAction":
        lines.append(f"Your answer now: {row.my_response}")
    summary = f"{word} “{row.title}” ({_when(event.start, event.end, zone)})"
    return ("calendar.rsvp", payload, summary, "\n".join(lines), level, tuple(flags), {})


def create_event_plan(
    store: Store,
    settings: Settings,
    scope: CommandScope,
    intent: Intent,
    state: dict[str, Any],
    zone: tzinfo,
    free_busy: FreeBusy | None,
    now: datetime | None,
) -> Plan | Blocked:
    """A new event at the given time or the first free slot, with two alternatives."""
    if intent.start is None and intent.window is None:
        return _blocked("When should it be? (e.g. tomorrow 3pm, next week)", "time")
    duration = intent.duration or DEFAULT_DURATION
    attendees = [p.email for p in intent.attendees]
    moment = now or scope.context.now
    alternatives = [
        slots.Slot(datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"]))
        for a in state.get("alternatives") or []
    ]
    flags: list[str] = []
    if intent.slot_choice and alternatives:
        index = intent.slot_choice - 1
        if not 0 <= index < len(alternatives):
            return _blocked(f"Pick 1 to {len(alternatives)}.", "time")
        chosen = alternatives[index]
        checked, unknown = state.get("checked") or [], state.get("unknown") or []
    else:
        window = intent.window if intent.start is None else None
        search = slots.search(
            window,
            intent.start,
            duration,
            zone,
            my_busy=_my_busy(store, scope, intent, moment, window),
            attendees=attendees,
            own_domain=scope.account.email.rsplit("@", 1)[-1].lower(),
            free_busy=free_busy or (lambda _w, _p: None),
            hours=scope.context.working_hours,
            now=moment,
        )
        if not search.slots:
            return _blocked(
                f"There is no free {int(duration.total_seconds() // 60)}-minute slot in working "
                "hours then; which day or time should it be?",
                "time",
            )
        chosen, alternatives = search.slots[0], list(search.slots)
        checked, unknown = list(search.checked), list(search.unknown)
        if intent.start is not None and not slots.is_free(
            chosen, _my_busy(store, scope, intent, moment, (chosen.start, chosen.end))
        ):
            flags.append("you already have something at that time")
    if unknown:
        flags.append("availability unknown for " + ", ".join(unknown))
    event_id = str(state.get("event_id") or new_event_id())
    title = intent.title or _default_title(intent.attendees, scope.context.user_name)
    payload = {
        "account": scope.account.email,
        "calendar_id": "primary",
        "event_id": event_id,
        "title": title,
        "start": chosen.start.isoformat(),
        "end": chosen.end.isoformat(),
        "time_zone": getattr(zone, "key", "UTC"),
        "attendees": attendees,
        "send_updates": "all",
        "alternatives": [
            {"start": s.start.isoformat(), "end": s.end.isoformat()} for s in alternatives[1:]
        ],
    }
    level, risk_flags = _people_risk(store, scope, attendees)
    flags.extend(risk_flags)
    lines = [f"New event: {title}", f"When: {_when(chosen.start, chosen.end, zone)}"]
    lines.append("With: " + (", ".join(attendees) or "just you"))
    if checked:
        lines.append("Free/busy checked for: " + ", ".join(checked))
    if intent.start is None and len(alternatives) > 1:
        for number, slot in enumerate(alternatives[1:], start=2):
            lines.append(f"  option {number}: {_when(slot.start, slot.end, zone)}")
        lines.append("  (answer “the second” to take option 2)")
    new_state = {
        "event_id": event_id,
        "alternatives": [
            {"start": s.start.isoformat(), "end": s.end.isoformat()} for s in alternatives
        ],
        "checked": checked,
        "unknown": unknown,
    }
    summary = f"Schedule “{title}” {_when(chosen.start, chosen.end, zone)}"
    return (
        "calendar.create_event",
        payload,
        summary,
        "\n".join(lines),
        level,
        tuple(flags),
        new_state,
    )


def _default_title(people: tuple[Person, ...], user_name: str) -> str:
    """ "Sam / Alex" when nothing better was said."""
    first = [p.first_name or p.email.split("@")[0] for p in people[:2]]
    mine = (user_name.split() or ["me"])[0]
    return " / ".join([*first, mine]) if first else "Meeting"


def _my_busy(
    store: Store,
    scope: CommandScope,
    intent: Intent,
    now: datetime,
    window: tuple[datetime, datetime] | None,
) -> list[tuple[datetime, datetime]]:
    """The user's own busy time in the window: timed events not declined."""
    start, end = window or (now, now + timedelta(days=slots.SEARCH_DAYS))
    rows = qctx.events_between(store, scope.account.account_id, start - timedelta(hours=1), end)
    return [
        (r.start_at, r.end_at)
        for r in rows
        if r.start_at and r.end_at and not r.all_day and r.my_response != "declined"
    ]


def move_plan(
    store: Store, scope: CommandScope, intent: Intent, zone: tzinfo
) -> Plan | Blocked | Intent:
    """Move the user's own event; for someone else's, an email asking the organiser."""
    event = intent.event
    if event is None:
        return _blocked("Which event should move?", "event")
    if intent.start is None:
        return _blocked(f"When should “{event.title}” move to?", "time")
    length = event.end - event.start
    start, end = intent.start, intent.start + (intent.duration or length)
    if not event.organizer_self:
        organizer = event.organizer_email
        if not organizer:
            return _blocked(f"“{event.title}” has no organiser nyte can write to.", "event")
        body = (
            f"Could we move “{event.title}” ({_when(event.start, event.end, zone)}) to "
            f"{_when(start, end, zone)}?"
        )
        return replace(
            intent,
            kind="gmail.send",
            to=(Person("", organizer, "organizer"),),
            subject=f"Moving “{event.title}”?",
            body=body,
        )
    row = qctx.event(store, scope.account.account_id, event.calendar_id, event.event_id)
    if row is None:
        return _blocked(f"“{event.title}” is no longer in your calendar; run `nyte sync`", "event")
    attendees = [str(a.get("email")) for a in row.attendees if a.get("email") and not a.get("self")]
    level, flags = _people_risk(store, scope, attendees)
    payload = {
        "account": scope.account.email,
        "calendar_id": event.calendar_id,
        "event_id": event.event_id,
        "title": row.title,
        "old_start": event.start.isoformat(),
        "old_end": event.end.isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "time_zone": getattr(zone, "key", "UTC"),
        "attendees": attendees,
        "send_updates": "all",
    }
    lines = [
        f"Move: {row.title}",
        f"From: {_when(event.start, event.end, zone)}",
        f"To:   {_when(start, end, zone)}",
        "Attendees told: " + (", ".join(attendees) or "nobody else"),
    ]
    summary = f"Move “{row.title}” to {_when(start, end, zone)}"
    return ("calendar.move", payload, summary, "\n".join(lines), level, tuple(flags), {})
