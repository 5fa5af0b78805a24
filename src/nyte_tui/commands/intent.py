"""What the interpreter returns: an intent, a question about it, or a revision of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from nyte_tui.commands.context import EventRef, Person, ThreadRef

Kind = Literal[
    "gmail.reply",
    "gmail.send",
    "gmail.draft",
    "calendar.rsvp",
    "calendar.create_event",
    "calendar.move",
]
Response = Literal["accepted", "declined", "tentative"]
Missing = Literal[
    "recipient", "time", "body", "event", "subject", "which_person", "which_event", "kind"
]
Role = Literal["to", "cc", "bcc", "attendees", "thread", "event"]
Window = tuple[datetime, datetime]

KINDS: tuple[Kind, ...] = (
    "gmail.reply",
    "gmail.send",
    "gmail.draft",
    "calendar.rsvp",
    "calendar.create_event",
    "calendar.move",
)


@dataclass(frozen=True)
class Pending:
    """What an open question is about, so the answer can be applied without guessing."""

    role: Role
    name: str = ""
    people: tuple[Person, ...] = ()
    events: tuple[EventRef, ...] = ()
    reason: str = ""
    rest: str = ""


@dataclass(frozen=True)
class Intent:
    """One proposed action; nothing happens until the user confirms it."""

    kind: Kind
    to: tuple[Person, ...] = ()
    cc: tuple[Person, ...] = ()
    bcc: tuple[Person, ...] = ()
    reply_all: bool = False
    thread: ThreadRef | None = None
    subject: str | None = None
    body: str | None = None
    response: Response | None = None
    note: str | None = None
    event: EventRef | None = None
    start: datetime | None = None
    duration: timedelta | None = None
    window: Window | None = None
    title: str | None = None
    attendees: tuple[Person, ...] = ()
    slot_choice: int | None = None
    pending: Pending | None = None

    @property
    def is_mail(self) -> bool:
        """Whether the intent writes an email (reply, send or draft)."""
        return self.kind.startswith("gmail.")

    def addresses(self) -> tuple[str, ...]:
        """Every address the intent names, recipients and attendees alike."""
        people = (*self.to, *self.cc, *self.bcc, *self.attendees)
        return tuple(person.email for person in people)


@dataclass(frozen=True)
class Interpretation:
    """The reading of one instruction: an intent, or one question when something is missing."""

    intent: Intent | None
    question: str | None = None
    missing: Missing | None = None
    unparsed: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def ready(self) -> bool:
        """Whether the intent is complete and can be shown as a proposal."""
        return self.intent is not None and self.question is None


@dataclass(frozen=True)
class Revision:
    """The result of a follow-up answer or edit, with the one line that says what changed."""

    intent: Intent | None
    changed: str
    question: str | None = None
    missing: Missing | None = None
    unparsed: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        """Whether the revised intent is complete and can be shown as a proposal."""
        return self.intent is not None and self.question is None


@dataclass(frozen=True)
class Ambiguous:
    """A name that fits several people equally well, best first."""

    query: str
    candidates: tuple[Person, ...]


@dataclass(frozen=True)
class NotFound:
    """A name or address that fits nobody the user may write to."""

    query: str
    reason: str = "unknown"
