"""The SQL behind the Gmail mirror: messages, threads, labels, bodies, plus a canonical dump."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, SQLModel, col, select

from nyte_tui.store.chunking import chunks
from nyte_tui.store.db import Store
from nyte_tui.store.models import CalendarEvent, Label, Message, Thread
from nyte_tui.store.queries.ingestion import advance_cursor, state_row
from nyte_tui.store.records import (
    MessageRecord,
)
from nyte_tui.store.types import utcnow

# --- gmail ----------------------------------------------------------------------------------


def existing_message_ids(store: Store, account_id: int, gmail_ids: Sequence[str]) -> set[str]:
    """Which of these Gmail ids are already mirrored."""
    found: set[str] = set()
    with store.session() as session:
        for chunk in chunks(list(gmail_ids)):
            found.update(
                session.exec(
                    select(Message.gmail_id).where(
                        Message.account_id == account_id, col(Message.gmail_id).in_(chunk)
                    )
                ).all()
            )
    return found


def message_ids_since(store: Store, account_id: int, since_ms: int) -> set[str]:
    """Gmail ids of mirrored messages accepted at or after since_ms."""
    with store.session() as session:
        return set(
            session.exec(
                select(Message.gmail_id).where(
                    Message.account_id == account_id, Message.internal_date >= since_ms
                )
            ).all()
        )


def message_labels(store: Store, account_id: int, gmail_ids: Sequence[str]) -> dict[str, list[str]]:
    """Current label lists of mirrored messages."""
    result: dict[str, list[str]] = {}
    with store.session() as session:
        for chunk in chunks(list(gmail_ids)):
            for gmail_id, labels in session.exec(
                select(Message.gmail_id, Message.label_ids).where(
                    Message.account_id == account_id, col(Message.gmail_id).in_(chunk)
                )
            ).all():
                result[gmail_id] = list(labels)
    return result


def known_label_ids(store: Store, account_id: int) -> set[str]:
    """Label ids the store knows for the account."""
    with store.session() as session:
        return set(session.exec(select(Label.label_id).where(Label.account_id == account_id)).all())


def replace_labels(store: Store, account_id: int, labels: Sequence[tuple[str, str, str]]) -> None:
    """Make the account's label list exactly (label id, name, type) of labels."""
    with store.session() as session:
        session.execute(delete(Label).where(col(Label.account_id) == account_id))
        for label_id, name, label_type in labels:
            session.add(
                Label(account_id=account_id, label_id=label_id, name=name, label_type=label_type)
            )


def apply_gmail_changes(
    store: Store,
    account_id: int,
    *,
    user_emails: set[str],
    upserts: Sequence[MessageRecord] = (),
    bodies: Mapping[str, str | None] | None = None,
    deleted_ids: Sequence[str] = (),
    label_sets: dict[str, list[str]] | None = None,
    label_deltas: Sequence[tuple[str, Sequence[str], Sequence[str]]] = (),
    cursor: str | None = None,
    resume: dict[str, Any] | None = None,
) -> set[str]:
    """Apply one page of Gmail changes and its cursor in one transaction; return touched threads.

    bodies holds the text of upserted messages fetched in full (None: could not be read).
    """
    touched: set[str] = set()
    now = utcnow()
    with store.session() as session:
        for record in upserts:
            existing = session.exec(
                select(Message).where(
                    Message.account_id == account_id, Message.gmail_id == record.gmail_id
                )
            ).first()
            values = asdict(record)
            is_sent = "SENT" in record.label_ids or (
                (record.from_email or "").lower() in user_emails
            )
            if existing is None:
                existing = Message(account_id=account_id, is_sent=is_sent, synced_at=now, **values)
            else:
                touched.add(existing.thread_id)
                for key, value in values.items():
                    setattr(existing, key, value)
                existing.is_sent = is_sent
                existing.synced_at = now
            if bodies is not None and record.gmail_id in bodies:
                text = bodies[record.gmail_id]
                existing.body_text = text
                existing.body_state = "cached" if text is not None else "failed"
                existing.body_fetched_at = now
            session.add(existing)
            touched.add(record.thread_id)
        for chunk in chunks(list(deleted_ids)):
            threads = session.exec(
                select(Message.thread_id).where(
                    Message.account_id == account_id, col(Message.gmail_id).in_(chunk)
                )
            ).all()
            touched.update(threads)
            session.execute(
                delete(Message).where(
                    col(Message.account_id) == account_id, col(Message.gmail_id).in_(chunk)
                )
            )
        for gmail_id, labels in (label_sets or {}).items():
            touched.update(_set_labels(session, account_id, gmail_id, lambda _old, new=labels: new))
        for gmail_id, added, removed in label_deltas:
            touched.update(
                _set_labels(
                    session,
                    account_id,
                    gmail_id,
                    lambda old, a=added, r=removed: sorted((set(old) | set(a)) - set(r)),
                )
            )
        session.flush()
        for thread_id in touched:
            _rebuild_thread(session, account_id, thread_id, user_emails)
        if cursor is not None or resume is not None:
            row = state_row(session, account_id, "gmail")
            advance_cursor(row, cursor, numeric=True)
            if resume is not None:
                row.resume = resume
            row.updated_at = now
            session.add(row)
    return touched


def _set_labels(session: Session, account_id: int, gmail_id: str, change: Any) -> set[str]:
    """Change one message's labels; return its thread id when it changed."""
    message = session.exec(
        select(Message).where(Message.account_id == account_id, Message.gmail_id == gmail_id)
    ).first()
    if message is None:
        return set()
    new_labels = sorted(change(list(message.label_ids)))
    if new_labels == sorted(message.label_ids):
        return set()
    message.label_ids = new_labels
    message.is_sent = message.is_sent or "SENT" in new_labels
    session.add(message)
    return {message.thread_id}


def _rebuild_thread(
    session: Session, account_id: int, thread_id: str, user_emails: set[str]
) -> None:
    """Recompute a thread's summary row from its messages (or drop it when none remain)."""
    messages = session.exec(
        select(Message)
        .where(Message.account_id == account_id, Message.thread_id == thread_id)
        .order_by(col(Message.internal_date), col(Message.gmail_id))
    ).all()
    thread = session.exec(
        select(Thread).where(Thread.account_id == account_id, Thread.thread_id == thread_id)
    ).first()
    if not messages:
        if thread is not None:
            session.delete(thread)
        return
    if thread is None:
        thread = Thread(account_id=account_id, thread_id=thread_id)
    last = messages[-1]
    participants: list[str] = []
    labels: set[str] = set()
    digest = hashlib.sha256()
    for message in messages:
        labels.update(message.label_ids)
        if message.from_email and message.from_email not in participants:
            participants.append(message.from_email)
        digest.update(
            json.dumps(
                [message.gmail_id, sorted(message.label_ids)], separators=(",", ":")
            ).encode()
        )
    thread.subject = messages[0].subject
    thread.message_count = len(messages)
    thread.last_message_at = last.internal_date
    thread.last_from_email = last.from_email
    thread.last_from_me = last.is_sent or (last.from_email or "").lower() in user_emails
    thread.participants = participants
    thread.label_ids = sorted(labels)
    thread.unread = "UNREAD" in labels
    thread.content_hash = digest.hexdigest()
    thread.updated_at = utcnow()
    session.add(thread)


def messages_needing_body(store: Store, account_id: int, thread_ids: Sequence[str]) -> list[str]:
    """Gmail ids in these threads whose body is not cached yet."""
    result: list[str] = []
    with store.session() as session:
        for chunk in chunks(list(thread_ids)):
            result.extend(
                session.exec(
                    select(Message.gmail_id).where(
                        Message.account_id == account_id,
                        col(Message.thread_id).in_(chunk),
                        Message.body_state == "none",
                    )
                ).all()
            )
    return result


def store_body(store: Store, account_id: int, gmail_id: str, text: str | None) -> None:
    """Cache a message's body text (None records that it could not be read)."""
    with store.session() as session:
        message = session.exec(
            select(Message).where(Message.account_id == account_id, Message.gmail_id == gmail_id)
        ).first()
        if message is None:
            return
        message.body_text = text
        message.body_state = "cached" if text is not None else "failed"
        message.body_fetched_at = utcnow()
        session.add(message)


# --- calendar -------------------------------------------------------------------------------


# --- canonical dump (tests, doctor) ---------------------------------------------------------


def mirror_dump(store: Store, account_id: int) -> dict[str, Any]:
    """The mirrored Google data of an account in a canonical, comparable form."""
    with store.session() as session:
        messages = [
            _without(m, {"id", "synced_at", "body_fetched_at", "account_id"})
            for m in session.exec(
                select(Message)
                .where(Message.account_id == account_id)
                .order_by(col(Message.gmail_id))
            )
        ]
        for message in messages:
            message["label_ids"] = sorted(message["label_ids"])
        threads = [
            _without(t, {"id", "updated_at", "account_id", "triaged_hash"})
            for t in session.exec(
                select(Thread)
                .where(Thread.account_id == account_id)
                .order_by(col(Thread.thread_id))
            )
        ]
        events = [
            _without(e, {"id", "synced_at", "account_id"})
            for e in session.exec(
                select(CalendarEvent)
                .where(CalendarEvent.account_id == account_id)
                .order_by(col(CalendarEvent.calendar_id), col(CalendarEvent.event_id))
            )
        ]
        labels = sorted(
            (label.label_id, label.name)
            for label in session.exec(select(Label).where(Label.account_id == account_id))
        )
    return {"messages": messages, "threads": threads, "events": events, "labels": labels}


def _without(row: SQLModel, dropped: set[str]) -> dict[str, Any]:
    """A row's fields as a dict, leaving out the dropped ones."""
    return {key: value for key, value in row.model_dump().items() if key not in dropped}
