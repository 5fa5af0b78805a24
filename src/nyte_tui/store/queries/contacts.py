"""The SQL behind contact statistics: who the user writes to, hears from and answers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func
from sqlmodel import col, select

from nyte_tui.store.chunking import chunks
from nyte_tui.store.db import Store
from nyte_tui.store.models import Contact, Message
from nyte_tui.store.triage_records import ContactStats, InboundSummary, MessageStub
from nyte_tui.store.types import utcnow

# The statistics a contact row stores, as named on both Contact and ContactStats.
STAT_FIELDS = (
    "name",
    "domain",
    "sent_to_count",
    "received_count",
    "replied_count",
    "median_reply_hours",
    "last_sent_at",
    "last_received_at",
)


def contact_stats(store: Store, account_id: int, emails: Iterable[str]) -> dict[str, ContactStats]:
    """Stored contact statistics for these addresses."""
    found: dict[str, ContactStats] = {}
    with store.session() as session:
        for chunk in chunks({e.lower() for e in emails}):
            for c in session.exec(
                select(Contact).where(
                    Contact.account_id == account_id, col(Contact.email).in_(chunk)
                )
            ):
                found[c.email] = ContactStats(
                    c.email,
                    c.name,
                    c.domain,
                    c.sent_to_count,
                    c.received_count,
                    c.replied_count,
                    c.median_reply_hours,
                    c.last_sent_at,
                    c.last_received_at,
                    c.weight_adjustment,
                )
    return found


def inbound_summary(
    store: Store, account_id: int, emails: Iterable[str]
) -> dict[str, InboundSummary]:
    """Per sender: how many messages they sent, the latest one's time and display name.

    One aggregate over the `ix_messages_from` index; no message rows are loaded.
    """
    found: dict[str, InboundSummary] = {}
    with store.session() as session:
        for chunk in chunks({e.lower() for e in emails}):
            rows = session.exec(
                select(
                    Message.from_email,
                    func.count(),
                    func.max(Message.internal_date),
                    func.max(Message.from_name),
                )
                .where(
                    Message.account_id == account_id,
                    col(Message.from_email).in_(chunk),
                    col(Message.is_sent).is_(False),
                )
                .group_by(col(Message.from_email))
            ).all()
            for email, count, latest, name in rows:
                if email:
                    found[email] = InboundSummary(email, int(count), int(latest or 0), name)
    return found


def own_messages(store: Store, account_id: int, my_emails: Iterable[str]) -> list[MessageStub]:
    """The user's own messages (thread, time, To, Cc), found through the sender index."""
    mine = sorted({e.lower() for e in my_emails})
    if not mine:
        return []
    with store.session() as session:
        rows = session.exec(
            select(
                Message.thread_id, Message.internal_date, Message.to_header, Message.cc_header
            ).where(Message.account_id == account_id, col(Message.from_email).in_(mine))
        ).all()
    return [MessageStub(t, d, None, to, cc) for t, d, to, cc in rows]


def replies_context(
    store: Store, account_id: int, emails: Iterable[str], my_emails: Iterable[str]
) -> list[MessageStub]:
    """Messages these senders wrote in threads the user also wrote in (no bodies).

    Only those threads can hold an answer, so a bulk sender the user never answers costs
    nothing here however long its history.
    """
    senders = sorted({e.lower() for e in emails})
    mine = sorted({e.lower() for e in my_emails})
    if not senders or not mine:
        return []
    my_threads = (
        select(Message.thread_id)
        .where(Message.account_id == account_id, col(Message.from_email).in_(mine))
        .scalar_subquery()
    )
    found: list[MessageStub] = []
    with store.session() as session:
        for chunk in chunks(senders):
            rows = session.exec(
                select(Message.thread_id, Message.internal_date, Message.from_email).where(
                    Message.account_id == account_id,
                    col(Message.from_email).in_(chunk),
                    col(Message.is_sent).is_(False),
                    col(Message.thread_id).in_(my_threads),
                )
            ).all()
            found.extend(MessageStub(t, d, f, None, None) for t, d, f in rows)
    return found


def save_contact_stats(store: Store, account_id: int, stats: Sequence[ContactStats]) -> None:
    """Write recomputed counts, keeping each contact's feedback weight."""
    with store.session() as session:
        for stat in stats:
            row = session.exec(
                select(Contact).where(Contact.account_id == account_id, Contact.email == stat.email)
            ).first()
            if row is None:
                row = Contact(account_id=account_id, email=stat.email)
            new = (stat.name or row.name, *(getattr(stat, f) for f in STAT_FIELDS[1:]))
            old = tuple(getattr(row, f) for f in STAT_FIELDS)
            if row.id is not None and new == old:
                continue
            for name, value in zip(STAT_FIELDS, new, strict=True):
                setattr(row, name, value)
            row.updated_at = utcnow()
            session.add(row)
