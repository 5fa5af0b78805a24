"""Load a labelled mailbox into a real store through the sync's own parsing and writes.

Threads become Gmail API resources (headers, a text/plain part and an HTML part) that the
sync's parser (`message_record`, `body_text`) reads and the mirror writes; events become
Calendar v3 resources read by `event_record`. The owner's history with each contact becomes
older, archived threads (their messages and the owner's answers), so the triage pass computes
contact statistics itself from mail, as it does for a real account.
"""

from __future__ import annotations

import base64
import html as html_lib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, formataddr
from typing import Any
from zoneinfo import ZoneInfo

from nyte_tui.evaluation.dataset import Contact, Conversation, Mail, Mailbox, Person
from nyte_tui.store.db import Store
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import calendar as qcal
from nyte_tui.store.queries import mirror as qm
from nyte_tui.store.queries import triage as q
from nyte_tui.store.records import CalendarRecord
from nyte_tui.sync.calendar import event_record
from nyte_tui.sync.gmail_parse import body_text, message_record

HISTORY_THREADS = 5  # history threads per contact, at most
HISTORY_CAP = 12  # messages each way per contact, at most (every relationship threshold is ≤ 3)
HISTORY_GAP = timedelta(hours=5)  # the owner answers a contact's history mail after this
HISTORY_START = timedelta(days=20)  # the newest history thread is this old
HISTORY_THEIRS = "Notes from our last exchange, for the record."
HISTORY_MINE = "Thanks, noted."
FREEMAILISH = ("mailbox.", "gmail.", "web.", "mail.")


@dataclass
class Loaded:
    """A mailbox in a store: the account, and the resources bodies are fetched from."""

    account_id: int
    calendar_id: str
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    thread_ids: dict[str, str] = field(default_factory=dict)  # conversation id -> thread id
    event_keys: dict[str, str] = field(default_factory=dict)  # conversation id -> item key

    def fetch_bodies(self, gmail_ids: Sequence[str]) -> dict[str, str | None]:
        """What the sync's body fetch returns for these messages (full format, parsed)."""
        return {g: body_text(self.resources[g]) if g in self.resources else None for g in gmail_ids}


def load_mailbox(store: Store, mailbox: Mailbox) -> Loaded:
    """Write the account, its history, the labelled threads and events into the store."""
    owner = mailbox.owner
    account = qa.upsert_account(store, owner.email, owner.name, None, [], None)
    loaded = Loaded(account.account_id, owner.email)
    history: list[dict[str, Any]] = []
    for index, contact in enumerate(mailbox.contacts):
        history += _history(mailbox, contact, index)
    old = qm.apply_gmail_changes(
        store,
        account.account_id,
        user_emails={owner.email},
        upserts=[message_record(r) for r in history],
    )
    # earlier passes scored the old threads long ago: only the labelled ones are new
    q.mark_triaged(
        store,
        account.account_id,
        {
            t.thread_id: t.content_hash
            for t in q.load_threads(store, account.account_id, sorted(old))
        },
    )
    resources: list[dict[str, Any]] = []
    for conversation in mailbox.conversations:
        if conversation.type == "thread":
            loaded.thread_ids[conversation.id] = conversation.id
            resources += _thread_resources(mailbox, conversation)
    qm.apply_gmail_changes(
        store,
        account.account_id,
        user_emails={owner.email},
        upserts=[message_record(r) for r in resources],
    )
    loaded.resources = {str(r["id"]): r for r in [*history, *resources]}
    _load_events(store, mailbox, loaded)
    return loaded


def _owner_address(mailbox: Mailbox, other: str, turn: int = 0) -> str:
    """The owner's address used with someone: main or alias on the same domain (taking turns,
    so every alias appears as a sender), else a personal alias for free-mail contacts."""
    owner = mailbox.owner
    domain = other.rsplit("@", 1)[-1]
    same = [a for a in (owner.email, *owner.aliases) if a.rsplit("@", 1)[-1] == domain]
    if same:
        return same[turn % len(same)]
    if domain.startswith(FREEMAILISH):
        personal = [a for a in owner.aliases if a.rsplit("@", 1)[-1].startswith(FREEMAILISH)]
        if personal:
            return personal[0]
    work = owner.email.rsplit("@", 1)[-1]
    colleagues = [a for a in (owner.email, *owner.aliases) if a.rsplit("@", 1)[-1] == work]
    return colleagues[turn % len(colleagues)]


def _history(mailbox: Mailbox, contact: Contact, index: int) -> list[dict[str, Any]]:
    """Older archived threads holding the owner's history with one contact."""
    sent, received = min(contact.owner_sent, HISTORY_CAP), min(contact.owner_received, HISTORY_CAP)
    count = max(sent, received)
    if count == 0:
        return []
    threads = min(HISTORY_THREADS, count)
    them = Person(contact.name, contact.email)
    result: list[dict[str, Any]] = []
    for t in range(threads):
        me = Person(mailbox.owner.name, _owner_address(mailbox, contact.email, t))
        theirs = received // threads + (t < received % threads)
        mine = sent // threads + (t < sent % threads)
        order: list[bool] = []  # True: the owner's message
        while theirs or mine:
            if theirs:
                order.append(False)
                theirs -= 1
            if mine:
                order.append(True)
                mine -= 1
        thread_id = f"history-{index:03d}-{t}"
        start = mailbox.now - HISTORY_START - timedelta(days=9 * t + index % 7)
        start -= HISTORY_GAP * len(order)
        for position, owner_wrote in enumerate(order):
            sender, recipient = (me, them) if owner_wrote else (them, me)
            mail = Mail(
                sender=sender,
                to=(recipient,),
                cc=(),
                reply_to=None,
                hours_ago=0,
                headers=(),
                body=HISTORY_MINE if owner_wrote else HISTORY_THEIRS,
                html=None,
            )
            labels = ["SENT"] if owner_wrote else ["CATEGORY_PERSONAL"]
            result.append(
                _resource(
                    f"{thread_id}-{position:03d}",
                    thread_id,
                    mail,
                    "Catching up" if position == 0 else "Re: Catching up",
                    labels,
                    start + HISTORY_GAP * position,
                )
            )
    return result


def _thread_resources(mailbox: Mailbox, conversation: Conversation) -> list[dict[str, Any]]:
    """Gmail resources of one labelled thread, oldest first."""
    owner = {mailbox.owner.email, *mailbox.owner.aliases}
    thread_labels = [label for label in conversation.labels if label != "SENT"]
    result = []
    for position, mail in enumerate(conversation.messages):
        mine = mail.sender.email in owner
        labels = ["SENT"] if mine else thread_labels
        subject = conversation.subject
        if position and not subject.lower().startswith(("re:", "aw:", "fw", "tr:", "wg:")):
            subject = f"Re: {subject}"
        result.append(
            _resource(
                f"{conversation.id}-m{position:02d}",
                conversation.id,
                mail,
                subject,
                labels,
                mailbox.now - timedelta(hours=mail.hours_ago),
                previous=f"{conversation.id}-m{position - 1:02d}" if position else None,
            )
        )
    return result


def _address(person: Person) -> str:
    """A header address (non-ASCII names as RFC 2047 encoded words)."""
    return formataddr((person.name, person.email), charset="utf-8")


def _b64(text: str) -> str:
    """base64url of UTF-8 text, as the Gmail API sends part data."""
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")


def _resource(
    gmail_id: str,
    thread_id: str,
    mail: Mail,
    subject: str,
    labels: list[str],
    at: datetime,
    previous: str | None = None,
) -> dict[str, Any]:
    """A messages.get resource in full format."""
    headers = [
        ("From", _address(mail.sender)),
        ("To", ", ".join(_address(p) for p in mail.to)),
        ("Subject", subject),
        ("Date", format_datetime(at.astimezone(UTC))),
        ("Message-ID", f"<{gmail_id}@eval.example>"),
    ]
    if mail.cc:
        headers.append(("Cc", ", ".join(_address(p) for p in mail.cc)))
    if mail.reply_to is not None:
        headers.append(("Reply-To", _address(mail.reply_to)))
    if previous:
        headers += [("In-Reply-To", f"<{previous}@eval.example>")]
        headers += [("References", f"<{previous}@eval.example>")]
    headers += list(mail.headers)
    parts = [
        {
            "mimeType": "text/plain",
            "headers": [{"name": "Content-Type", "value": "text/plain; charset=utf-8"}],
            "body": {"data": _b64(mail.body)},
        }
    ]
    if mail.html:
        parts.append(
            {
                "mimeType": "text/html",
                "headers": [{"name": "Content-Type", "value": "text/html; charset=utf-8"}],
                "body": {"data": _b64(mail.html)},
            }
        )
    snippet = " ".join((mail.body or "").split())[:200]
    return {
        "id": gmail_id,
        "threadId": thread_id,
        "historyId": "1",
        "internalDate": str(int(at.timestamp() * 1000)),
        "labelIds": labels,
        "snippet": html_lib.escape(snippet),
        "sizeEstimate": len(mail.body) + len(mail.html or ""),
        "payload": {
            "mimeType": "multipart/alternative",
            "headers": [{"name": n, "value": v} for n, v in headers],
            "parts": parts,
        },
    }


def _load_events(store: Store, mailbox: Mailbox, loaded: Loaded) -> None:
    """The labelled events as Calendar v3 resources on the owner's primary calendar."""
    zone = mailbox.owner.time_zone
    qcal.upsert_calendars(
        store,
        loaded.account_id,
        [CalendarRecord(loaded.calendar_id, mailbox.owner.name, True, zone, "owner", True)],
    )
    records = []
    for conversation in mailbox.conversations:
        if conversation.type != "event" or conversation.event is None:
            continue
        records.append(event_record(_event_resource(mailbox, conversation), zone))
        loaded.event_keys[conversation.id] = f"{loaded.calendar_id}/{conversation.id}"
    qcal.apply_calendar_changes(store, loaded.account_id, loaded.calendar_id, upserts=records)


def _event_resource(mailbox: Mailbox, conversation: Conversation) -> dict[str, Any]:
    """A Calendar v3 event resource."""
    event = conversation.event
    assert event is not None
    zone = ZoneInfo(mailbox.owner.time_zone)
    start = mailbox.now + timedelta(hours=event.starts_in_hours)
    end = start + timedelta(minutes=event.duration_minutes)
    if event.all_day:
        first = start.astimezone(zone).date()
        days = max(1, -(-event.duration_minutes // 1440))
        times = {
            "start": {"date": first.isoformat()},
            "end": {"date": (first + timedelta(days=days)).isoformat()},
        }
    else:
        times = {
            "start": {"dateTime": start.isoformat(), "timeZone": mailbox.owner.time_zone},
            "end": {"dateTime": end.isoformat(), "timeZone": mailbox.owner.time_zone},
        }
    owner = {mailbox.owner.email, *mailbox.owner.aliases}
    organizer = event.organizer
    resource: dict[str, Any] = {
        "id": conversation.id,
        "status": "confirmed",
        "summary": event.title,
        "description": event.description,
        "location": event.location,
        "iCalUID": f"{conversation.id}@eval.example",
        "organizer": {
            "email": organizer.email,
            "displayName": organizer.name,
            "self": organizer.email in owner,
        },
        "attendees": [
            {
                "email": a.email,
                "displayName": a.name,
                "responseStatus": a.response,
                "self": a.is_self,
                "organizer": a.email == organizer.email,
            }
            for a in event.attendees
        ],
        "updated": mailbox.now.isoformat(),
        **times,
    }
    if event.recurring:
        resource["recurringEventId"] = f"{conversation.id}-series"
    return resource
