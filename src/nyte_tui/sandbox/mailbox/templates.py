"""The generated mailbox's subject and body templates, loaded from the TOML files in data/.

conversations.toml holds the person-to-person threads (and explains the placeholders);
bulk_mail.toml the newsletters, promotions, notifications, receipts and bills; calendar.toml the
meetings of the generated calendar. The files are read once, at import, in their own order, so
the same files always give the same mailbox.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

ME = "me"
THEM = "them"


@dataclass(frozen=True)
class Convo:
    """One person-to-person thread: who writes, the subject, the turns and the intended verdict."""

    who: str
    subject: str
    turns: tuple[tuple[str, str], ...]
    why: str
    deadline: str = ""
    attach: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    html: bool = False


@dataclass(frozen=True)
class Meeting:
    """One kind of meeting for large calendars: title (may hold {topic}), place, guests."""

    title: str
    location: str
    guests: tuple[str, ...]
    transparent: bool = False


def load_data(name: str) -> dict[str, Any]:
    """Parse one TOML file of the package's data directory."""
    text = (
        resources.files("nyte_tui.sandbox.mailbox")
        .joinpath("data", name)
        .read_text(encoding="utf-8")
    )
    return tomllib.loads(text)


def _convo(table: dict[str, Any]) -> Convo:
    """Build a Convo from its TOML table."""
    return Convo(
        who=table["who"],
        subject=table["subject"],
        turns=tuple((turn["from"], turn["body"]) for turn in table["turns"]),
        why=table["why"],
        deadline=table.get("deadline", ""),
        attach=table.get("attach", ""),
        to=tuple(table.get("to", ())),
        cc=tuple(table.get("cc", ())),
        html=bool(table.get("html", False)),
    )


def _convos(name: str) -> tuple[Convo, ...]:
    """Return one list of conversations."""
    return tuple(_convo(table) for table in _CONVERSATIONS[name])


def _rows(name: str, *fields: str) -> tuple[tuple[Any, ...], ...]:
    """Return one list of bulk-mail templates as tuples of the given fields."""
    return tuple(tuple(table[field] for field in fields) for table in _BULK[name])


_CONVERSATIONS = load_data("conversations.toml")
_BULK = load_data("bulk_mail.toml")
_CALENDAR = load_data("calendar.toml")

TOPICS: tuple[str, ...] = tuple(_CONVERSATIONS["topics"])
# Direct asks to Alex from people who matter, still unanswered: important, needs_reply.
WORK_ASKS = _convos("work_asks")
FAMILY_ASKS = _convos("family_asks")
ANSWERED = _convos("answered")
GENERIC_ANSWERED = _convos("generic_answered")
FYIS = _convos("fyis")
GENERIC_FYIS = _convos("generic_fyis")
CC_ONLY = _convos("cc_only")
ALEX_ASKS = _convos("alex_asks")
ALEX_NOTES = _convos("alex_notes")
OUTAGE = _convo(_CONVERSATIONS["outage"])

NEWSLETTER_ISSUES = _rows("newsletter_issues", "sender", "subject", "body")
PROMOS = _rows("promos", "sender", "subject", "body")
DISGUISED_PITCHES = _rows("disguised_pitches", "sender", "subject", "body")
COLD_OUTREACH = _rows("cold_outreach", "person", "subject", "body")
SOCIAL_POSTS = _rows("social_posts", "sender", "subject", "body")
FORUM_POSTS = _rows("forum_posts", "sender", "author", "subject", "body")
NOTIFICATIONS = _rows("notifications", "notifier", "subject", "body")
RECEIPTS = _rows("receipts", "biller", "subject", "body")
BILLS = _rows("bills", "biller", "subject", "body")

# (title, location, guests) of the conflict-free meetings of the next four weeks.
FILLERS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (table["title"], table["location"], tuple(table["guests"])) for table in _CALENDAR["fillers"]
)
MEETINGS: tuple[Meeting, ...] = tuple(
    Meeting(
        table["title"],
        table["location"],
        tuple(table["guests"]),
        bool(table.get("transparent", False)),
    )
    for table in _CALENDAR["meetings"]
)
