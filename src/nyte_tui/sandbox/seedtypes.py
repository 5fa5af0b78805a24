"""Plain data that the mailbox generator hands to the sandbox server."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

ExpectedKind = Literal["needs_reply", "awaiting_reply", "invite", "upcoming", "deadline", "none"]


@dataclass(frozen=True)
class SeedMessage:
    """One RFC 822 message with the Gmail labels and acceptance time it should carry."""

    raw: bytes
    label_ids: tuple[str, ...]
    internal_date: datetime
    thread_key: str


@dataclass(frozen=True)
class SeedCalendar:
    """One calendar in the user's calendar list."""

    calendar_id: str
    summary: str
    primary: bool = False
    time_zone: str = "Europe/London"
    access_role: str = "owner"
    selected: bool = True


@dataclass(frozen=True)
class SeedEvent:
    """One Calendar v3 event resource (may carry RRULE recurrence) on a calendar."""

    calendar_id: str
    resource: dict[str, Any]


@dataclass(frozen=True)
class Expectation:
    """The intended triage verdict of one thread (by thread_key) or event (by event id)."""

    source: Literal["gmail", "calendar"]
    key: str
    important: bool
    kind: ExpectedKind
    why: str


@dataclass
class GeneratedMailbox:
    """A whole deterministic mailbox and calendar for one user."""

    user_email: str
    user_name: str
    time_zone: str
    messages: list[SeedMessage] = field(default_factory=list)
    calendars: list[SeedCalendar] = field(default_factory=list)
    events: list[SeedEvent] = field(default_factory=list)
    expectations: list[Expectation] = field(default_factory=list)
    # Colleagues' own busy blocks (aware datetimes), by address: freebusy.query knows these
    # people; anyone else is notFound.
    busy: dict[str, list[tuple[datetime, datetime]]] = field(default_factory=dict)
