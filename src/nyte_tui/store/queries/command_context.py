"""The SQL behind a command's context: people, recent threads, upcoming and busy events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import CalendarEvent, Contact, Thread


@dataclass(frozen=True)
class ContactRow:
    """Someone the account corresponds with, and how much."""

    email: str
    name: str | None
    sent_to_count: int
    received_count: int
    last_at: datetime | None


@dataclass(frozen=True)
class ThreadRow:
    """A recent thread: its subject, participants and last activity."""

    thread_id: str
    subject: str | None
    participants: list[str]
    last_from_email: str | None
    last_message_at: int


@dataclass(frozen=True)
class EventRow:
    """An event as a command sees it: time, organizer, attendees and the user's answer."""

    calendar_id: str
    event_id: str
    title: str
    start_at: datetime | None
    end_at: datetime | None
    all_day: bool
    status: str
    organizer_email: str | None
    organizer_self: bool
    attendees: list[dict[str, object]]
    my_response: str | None
    time_zone: str | None
    description: str | None = None
    location: str | None = None


def contacts(store: Store, account_id: int, limit: int = 1000) -> list[ContactRow]:
    """People the account writes with or hears from, most corresponded first."""
    with store.session() as session:
        rows = session.exec(
            select(Contact)
            .where(Contact.account_id == account_id)
            .order_by(
                (col(Contact.sent_to_count) * 3 + col(Contact.received_count)).desc(),
                col(Contact.email),
            )
            .limit(limit)
        ).all()
        return [
            ContactRow(
                email=c.email,
                name=c.name,
                sent_to_count=c.sent_to_count,
                received_count=c.received_count,
                last_at=max(
                    (t for t in (c.last_sent_at, c.last_received_at) if t is not None),
                    default=None,
                ),
            )
            for c in rows
        ]


def recent_threads(store: Store, account_id: int, limit: int = 300) -> list[ThreadRow]:
    """The most recently active threads, newest first."""
    with store.session() as session:
        rows = session.exec(
            select(Thread)
            .where(Thread.account_id == account_id)
            .order_by(col(Thread.last_message_at).desc())
            .limit(limit)
        ).all()
        return [
            ThreadRow(
                t.thread_id,
                t.subject,
                list(t.participants or []),
                t.last_from_email,
                t.last_message_at,
            )
            for t in rows
        ]


def events_between(store: Store, account_id: int, start: datetime, end: datetime) -> list[EventRow]:
    """Events overlapping [start, end), earliest first (cancelled ones left out)."""
    with store.session() as session:
        rows = session.exec(
            select(CalendarEvent)
            .where(
                CalendarEvent.account_id == account_id,
                CalendarEvent.status != "cancelled",
                col(CalendarEvent.start_at) < end,
                col(CalendarEvent.end_at) > start,
            )
            .order_by(col(CalendarEvent.start_at), col(CalendarEvent.event_id))
        ).all()
        return [_event_row(e) for e in rows]


def event(store: Store, account_id: int, calendar_id: str, event_id: str) -> EventRow | None:
    """One mirrored event."""
    with store.session() as session:
        row = session.exec(
            select(CalendarEvent).where(
                CalendarEvent.account_id == account_id,
                CalendarEvent.calendar_id == calendar_id,
                CalendarEvent.event_id == event_id,
            )
        ).first()
        return _event_row(row) if row is not None else None


def _event_row(e: CalendarEvent) -> EventRow:
    """A plain record of an event row."""
    return EventRow(
        calendar_id=e.calendar_id,
        event_id=e.event_id,
        title=e.summary or "",
        start_at=e.start_at,
        end_at=e.end_at,
        all_day=e.all_day,
        status=e.status,
        organizer_email=e.organizer_email,
        organizer_self=e.organizer_self,
        attendees=[dict(a) for a in e.attendees or []],
        my_response=e.my_response_status,
        time_zone=e.time_zone,
        description=e.description,
        location=e.location,
    )
