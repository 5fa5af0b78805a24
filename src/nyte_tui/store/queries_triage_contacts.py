"""The SQL behind contact statistics: who the user writes to, hears from and answers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import or_
from sqlmodel import col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import Contact, Message
from nyte_tui.store.queries_triage import chunks
from nyte_tui.store.triage_records import ContactStats
from nyte_tui.store.types import utcnow


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


def message_threads_with(store: Store, account_id: int, emails: Iterable[str]) -> list[str]:
    """Thread ids in which any of these addresses wrote or was written to."""
    found: set[str] = set()
    with store.session() as session:
        for chunk in chunks({e.lower() for e in emails}):
            found.update(
                session.exec(
                    select(Message.thread_id).where(
                        Message.account_id == account_id, col(Message.from_email).in_(chunk)
                    )
                ).all()
            )
            clauses = [col(Message.to_header).contains(e) for e in chunk]
            clauses += [col(Message.cc_header).contains(e) for e in chunk]
            found.update(
                session.exec(
                    select(Message.thread_id).where(
                        Message.account_id == account_id,
                        col(Message.is_sent).is_(True),
                        or_(*clauses),
                    )
                ).all()
            )
    return sorted(found)


def save_contact_stats(store: Store, account_id: int, stats: Sequence[ContactStats]) -> None:
    """Write recomputed counts, keeping each contact's feedback weight."""
    with store.session() as session:
        for stat in stats:
            row = session.exec(
                select(Contact).where(Contact.account_id == account_id, Contact.email == stat.email)
            ).first()
            if row is None:
                row = Contact(account_id=account_id, email=stat.email)
            new = (
                stat.name or row.name,
                stat.domain,
                stat.sent_to_count,
                stat.received_count,
                stat.replied_count,
                stat.median_reply_hours,
                stat.last_sent_at,
                stat.last_received_at,
            )
            old = (
                row.name,
                row.domain,
                row.sent_to_count,
                row.received_count,
                row.replied_count,
                row.median_reply_hours,
                row.last_sent_at,
                row.last_received_at,
            )
            if row.id is not None and new == old:
                continue
            (
                row.name,
                row.domain,
                row.sent_to_count,
                row.received_count,
                row.replied_count,
                row.median_reply_hours,
                row.last_sent_at,
                row.last_received_at,
            ) = new
            row.updated_at = utcnow()
            session.add(row)
