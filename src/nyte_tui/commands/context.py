"""What the interpreter is given: plain frozen records built by the caller from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Literal

PersonSource = Literal["typed", "contact", "item", "organizer"]
ItemSource = Literal["gmail", "calendar"]
ItemKind = Literal["needs_reply", "awaiting_reply", "invite", "upcoming", "deadline"]


@dataclass(frozen=True)
class Contact:
    """Someone the user corresponds with, with how much and how lately."""

    name: str
    email: str
    sent_count: int = 0
    received_count: int = 0
    last_at: datetime | None = None


@dataclass(frozen=True)
class Person:
    """A resolved person and where the address came from."""

    name: str
    email: str
    source: PersonSource

    @property
    def label(self) -> str:
        """The name when there is one, else the address."""
        return self.name or self.email

    @property
    def first_name(self) -> str | None:
        """The first word of the name, if the person has a name."""
        words = self.name.split()
        return words[0] if words else None


@dataclass(frozen=True)
class EventRef:
    """One calendar event as far as the interpreter needs to know it."""

    calendar_id: str
    event_id: str
    title: str
    start: datetime
    end: datetime
    all_day: bool = False
    organizer_email: str | None = None
    organizer_self: bool = False
    my_response: str | None = None
    attendees: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThreadRef:
    """A recent Gmail thread: its subject and the people on it other than the user."""

    thread_id: str
    subject: str
    counterparts: tuple[Person, ...] = ()
    last_at: datetime | None = None


@dataclass(frozen=True)
class ItemContext:
    """The item the user has selected in the app."""

    item_id: str
    source: ItemSource
    kind: ItemKind
    title: str
    who: Person | None = None
    participants: tuple[Person, ...] = ()
    thread: ThreadRef | None = None
    event: EventRef | None = None


@dataclass(frozen=True)
class InterpretContext:
    """Everything the offline interpreter may look at besides the user's words."""

    now: datetime
    zone: tzinfo
    user_name: str = ""
    own_addresses: frozenset[str] = frozenset()
    contacts: tuple[Contact, ...] = ()
    threads: tuple[ThreadRef, ...] = ()
    events: tuple[EventRef, ...] = ()
    item: ItemContext | None = None
    working_hours: tuple[int, int] = field(default=(9, 18))

    def is_own(self, email: str) -> bool:
        """Whether the address is one of the user's own."""
        return email.strip().lower() in {a.lower() for a in self.own_addresses}
