"""Plain records of the app's detail pane: a thread's messages and one event (no ORM)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ThreadMessage:
    """One mirrored message as the app's detail pane shows it."""

    gmail_id: str
    from_name: str | None
    from_email: str | None
    to_header: str | None
    cc_header: str | None
    subject: str | None
    internal_date: int
    is_sent: bool
    body_text: str | None
    snippet: str | None


@dataclass(frozen=True)
class EventRow:
    """One mirrored calendar event as the app's detail pane shows it."""

    calendar_id: str
    event_id: str
    status: str
    summary: str | None
    description: str | None
    location: str | None
    start_at: datetime | None
    end_at: datetime | None
    all_day: bool
    start_date: str | None
    organizer_email: str | None
    organizer_name: str | None
    organizer_self: bool
    my_response_status: str | None
    html_link: str | None
    attendees: list[dict[str, Any]] = field(default_factory=list)
