"""Plain records that layers above the store hand in and get back (no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class MessageRecord:
    """A Gmail message's metadata as read from the API."""

    gmail_id: str
    thread_id: str
    history_id: int
    internal_date: int
    label_ids: list[str]
    snippet: str = ""
    size_estimate: int = 0
    from_header: str | None = None
    from_email: str | None = None
    from_name: str | None = None
    to_header: str | None = None
    cc_header: str | None = None
    reply_to_header: str | None = None
    subject: str | None = None
    date_header: str | None = None
    message_id_header: str | None = None
    in_reply_to: str | None = None
    references: str | None = None
    list_id: str | None = None
    list_unsubscribe: str | None = None
    precedence: str | None = None
    auto_submitted: str | None = None


@dataclass
class CalendarRecord:
    """A calendar from the user's calendar list."""

    calendar_id: str
    summary: str | None
    is_primary: bool
    time_zone: str | None
    access_role: str | None
    selected: bool


@dataclass
class EventRecord:
    """One expanded calendar event."""

    event_id: str
    status: str
    summary: str | None = None
    description: str | None = None
    location: str | None = None
    ical_uid: str | None = None
    recurring_event_id: str | None = None
    start_at: datetime | None = None
    end_at: datetime | None = None
    time_zone: str | None = None
    all_day: bool = False
    start_date: str | None = None
    end_date: str | None = None
    organizer_email: str | None = None
    organizer_name: str | None = None
    organizer_self: bool = False
    attendees: list[dict[str, Any]] = field(default_factory=list)
    my_response_status: str | None = None
    html_link: str | None = None
    etag: str | None = None
    updated: datetime | None = None


@dataclass
class SourceState:
    """Where one source of one account stands."""

    cursor: str | None = None
    resume: dict[str, Any] = field(default_factory=dict)
    last_success_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    backoff_until: datetime | None = None


@dataclass
class AccountRef:
    """The identity of an account as sync sees it."""

    account_id: int
    email: str
    client_id: str | None
    status: str
