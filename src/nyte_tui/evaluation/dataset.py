"""The labelled evaluation set as typed records (tests/fixtures/triage_eval/*.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

SPLITS = ("tuning", "heldout")


class DatasetError(Exception):
    """The evaluation data is missing or malformed."""


@dataclass(frozen=True)
class Person:
    """A name and an address."""

    name: str
    email: str


@dataclass(frozen=True)
class Owner:
    """Whose mailbox it is."""

    name: str
    email: str
    aliases: tuple[str, ...]
    handle: str
    time_zone: str
    language: str


@dataclass(frozen=True)
class Contact:
    """The owner's history with one address."""

    name: str
    email: str
    owner_sent: int
    owner_received: int
    relation: str


@dataclass(frozen=True)
class Mail:
    """One message of a labelled thread."""

    sender: Person
    to: tuple[Person, ...]
    cc: tuple[Person, ...]
    reply_to: Person | None
    hours_ago: float
    headers: tuple[tuple[str, str], ...]
    body: str
    html: str | None


@dataclass(frozen=True)
class Attendee:
    """One attendee of a labelled event."""

    name: str
    email: str
    response: str
    is_self: bool


@dataclass(frozen=True)
class Event:
    """A labelled calendar event."""

    title: str
    organizer: Person
    attendees: tuple[Attendee, ...]
    starts_in_hours: float
    duration_minutes: int
    all_day: bool
    description: str | None
    location: str | None
    recurring: bool


@dataclass(frozen=True)
class Expect:
    """What a careful assistant would do with one conversation."""

    important: bool
    kind: str
    warning: str | None
    key_sentence: str | None


@dataclass(frozen=True)
class Conversation:
    """One labelled thread or event."""

    id: str
    split: str
    type: str
    language: str
    classes: tuple[str, ...]
    expect: Expect
    subject: str = ""
    labels: tuple[str, ...] = ()
    messages: tuple[Mail, ...] = ()
    event: Event | None = None


@dataclass(frozen=True)
class Mailbox:
    """One owner's mailbox at one moment, restricted to one split."""

    name: str
    owner: Owner
    now: datetime
    contacts: tuple[Contact, ...]
    conversations: tuple[Conversation, ...]
    split: str


def default_data_dir() -> Path:
    """tests/fixtures/triage_eval of the source checkout this package runs from."""
    return Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "triage_eval"


def load_mailboxes(directory: Path, split: str) -> list[Mailbox]:
    """Every mailbox_*.json in directory, keeping only the conversations of one split."""
    if split not in SPLITS:
        raise DatasetError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    files = sorted(directory.glob("mailbox_*.json"))
    if not files:
        raise DatasetError(f"no mailbox_*.json files in {directory}")
    return [_mailbox(json.loads(f.read_text(encoding="utf-8")), split, f) for f in files]


def _mailbox(data: dict[str, Any], split: str, source: Path) -> Mailbox:
    """One mailbox file as records (only the conversations of the split are read)."""
    try:
        owner = data["owner"]
        return Mailbox(
            name=str(data["mailbox"]),
            owner=Owner(
                name=owner["name"],
                email=owner["email"].lower(),
                aliases=tuple(a.lower() for a in owner.get("aliases", [])),
                handle=owner.get("handle", ""),
                time_zone=owner["time_zone"],
                language=owner.get("language", "en"),
            ),
            now=datetime.fromisoformat(data["now"]),
            contacts=tuple(
                Contact(
                    c["name"],
                    c["email"].lower(),
                    int(c["owner_sent"]),
                    int(c["owner_received"]),
                    c.get("relation", "other"),
                )
                for c in data.get("contacts", [])
            ),
            conversations=tuple(
                _conversation(c) for c in data["conversations"] if c["split"] == split
            ),
            split=split,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DatasetError(f"{source.name}: malformed ({type(exc).__name__}: {exc})") from exc


def _person(data: dict[str, Any] | None) -> Person | None:
    """A {name, email} object (None stays None)."""
    if not data:
        return None
    return Person(str(data.get("name") or ""), str(data["email"]).lower())


def _people(items: list[dict[str, Any]] | None) -> tuple[Person, ...]:
    """A list of {name, email} objects."""
    return tuple(p for p in (_person(i) for i in items or []) if p is not None)


def _conversation(data: dict[str, Any]) -> Conversation:
    """One conversation as a record."""
    expect = data["expect"]
    common: dict[str, Any] = {
        "id": data["id"],
        "split": data["split"],
        "type": data["type"],
        "language": data.get("language", "en"),
        "classes": tuple(data.get("classes", [])),
        "expect": Expect(
            bool(expect["important"]),
            str(expect["kind"]),
            expect.get("warning"),
            expect.get("key_sentence"),
        ),
    }
    if data["type"] == "event":
        event = data["event"]
        organizer = _person(event["organizer"])
        assert organizer is not None
        return Conversation(
            **common,
            event=Event(
                title=event["title"],
                organizer=organizer,
                attendees=tuple(
                    Attendee(
                        a.get("name") or "", a["email"].lower(), a["response"], bool(a["self"])
                    )
                    for a in event["attendees"]
                ),
                starts_in_hours=float(event["starts_in_hours"]),
                duration_minutes=int(event["duration_minutes"]),
                all_day=bool(event["all_day"]),
                description=event.get("description"),
                location=event.get("location"),
                recurring=bool(event.get("recurring")),
            ),
        )
    messages = []
    for m in data["messages"]:
        sender = _person(m["from"])
        assert sender is not None
        messages.append(
            Mail(
                sender=sender,
                to=_people(m.get("to")),
                cc=_people(m.get("cc")),
                reply_to=_person(m.get("reply_to")),
                hours_ago=float(m["hours_ago"]),
                headers=tuple((str(k), str(v)) for k, v in (m.get("headers") or {}).items()),
                body=m.get("body") or "",
                html=m.get("html"),
            )
        )
    return Conversation(
        **common,
        subject=data.get("subject", ""),
        labels=tuple(data.get("labels", [])),
        messages=tuple(messages),
    )
