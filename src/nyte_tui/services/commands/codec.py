"""A run's interpreter state as JSON: intents and what an open question is about, both ways."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from nyte_tui.commands import EventRef, Intent, Pending, Person, ThreadRef


def _time(value: datetime | None) -> str | None:
    """An aware datetime as ISO 8601."""
    return value.isoformat() if value is not None else None


def _parse_time(value: object) -> datetime | None:
    """ISO 8601 back to an aware datetime."""
    return datetime.fromisoformat(str(value)) if value else None


def person_json(person: Person) -> dict[str, str]:
    """A person as JSON."""
    return {"name": person.name, "email": person.email, "source": person.source}


def person_from(data: dict[str, Any]) -> Person:
    """A person from JSON."""
    source = str(data.get("source") or "contact")
    return Person(str(data.get("name") or ""), str(data["email"]), source)  # type: ignore[arg-type]


def event_json(event: EventRef) -> dict[str, Any]:
    """An event reference as JSON."""
    return {
        "calendar_id": event.calendar_id,
        "event_id": event.event_id,
        "title": event.title,
        "start": _time(event.start),
        "end": _time(event.end),
        "all_day": event.all_day,
        "organizer_email": event.organizer_email,
        "organizer_self": event.organizer_self,
        "my_response": event.my_response,
        "attendees": list(event.attendees),
    }


def event_from(data: dict[str, Any]) -> EventRef:
    """An event reference from JSON."""
    start = _parse_time(data["start"])
    end = _parse_time(data["end"])
    assert start is not None and end is not None
    return EventRef(
        calendar_id=str(data["calendar_id"]),
        event_id=str(data["event_id"]),
        title=str(data.get("title") or ""),
        start=start,
        end=end,
        all_day=bool(data.get("all_day")),
        organizer_email=data.get("organizer_email"),
        organizer_self=bool(data.get("organizer_self")),
        my_response=data.get("my_response"),
        attendees=tuple(str(a) for a in data.get("attendees") or ()),
    )


def thread_json(thread: ThreadRef) -> dict[str, Any]:
    """A thread reference as JSON."""
    return {
        "thread_id": thread.thread_id,
        "subject": thread.subject,
        "counterparts": [person_json(p) for p in thread.counterparts],
        "last_at": _time(thread.last_at),
    }


def thread_from(data: dict[str, Any]) -> ThreadRef:
    """A thread reference from JSON."""
    return ThreadRef(
        thread_id=str(data["thread_id"]),
        subject=str(data.get("subject") or ""),
        counterparts=tuple(person_from(p) for p in data.get("counterparts") or ()),
        last_at=_parse_time(data.get("last_at")),
    )


def pending_json(pending: Pending) -> dict[str, Any]:
    """What an open question is about, as JSON."""
    return {
        "role": pending.role,
        "name": pending.name,
        "people": [person_json(p) for p in pending.people],
        "events": [event_json(e) for e in pending.events],
        "reason": pending.reason,
        "rest": pending.rest,
    }


def pending_from(data: dict[str, Any]) -> Pending:
    """What an open question is about, from JSON."""
    return Pending(
        role=data["role"],
        name=str(data.get("name") or ""),
        people=tuple(person_from(p) for p in data.get("people") or ()),
        events=tuple(event_from(e) for e in data.get("events") or ()),
        reason=str(data.get("reason") or ""),
        rest=str(data.get("rest") or ""),
    )


def intent_json(intent: Intent) -> dict[str, Any]:
    """An intent as JSON (stored with the run, so a follow-up can revise it)."""
    window = intent.window
    return {
        "kind": intent.kind,
        "to": [person_json(p) for p in intent.to],
        "cc": [person_json(p) for p in intent.cc],
        "bcc": [person_json(p) for p in intent.bcc],
        "reply_all": intent.reply_all,
        "thread": thread_json(intent.thread) if intent.thread else None,
        "subject": intent.subject,
        "body": intent.body,
        "response": intent.response,
        "note": intent.note,
        "event": event_json(intent.event) if intent.event else None,
        "start": _time(intent.start),
        "duration_minutes": intent.duration.total_seconds() / 60 if intent.duration else None,
        "window": [_time(window[0]), _time(window[1])] if window else None,
        "title": intent.title,
        "attendees": [person_json(p) for p in intent.attendees],
        "slot_choice": intent.slot_choice,
        "pending": pending_json(intent.pending) if intent.pending else None,
    }


def intent_from(data: dict[str, Any]) -> Intent:
    """An intent from JSON."""
    window = data.get("window")
    start_of_window = _parse_time(window[0]) if window else None
    end_of_window = _parse_time(window[1]) if window else None
    minutes = data.get("duration_minutes")
    return Intent(
        kind=data["kind"],
        to=tuple(person_from(p) for p in data.get("to") or ()),
        cc=tuple(person_from(p) for p in data.get("cc") or ()),
        bcc=tuple(person_from(p) for p in data.get("bcc") or ()),
        reply_all=bool(data.get("reply_all")),
        thread=thread_from(data["thread"]) if data.get("thread") else None,
        subject=data.get("subject"),
        body=data.get("body"),
        response=data.get("response"),
        note=data.get("note"),
        event=event_from(data["event"]) if data.get("event") else None,
        start=_parse_time(data.get("start")),
        duration=timedelta(minutes=float(minutes)) if minutes else None,
        window=(start_of_window, end_of_window)
        if start_of_window is not None and end_of_window is not None
        else None,
        title=data.get("title"),
        attendees=tuple(person_from(p) for p in data.get("attendees") or ()),
        slot_choice=data.get("slot_choice"),
        pending=pending_from(data["pending"]) if data.get("pending") else None,
    )
