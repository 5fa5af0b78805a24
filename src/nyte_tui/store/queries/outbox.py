"""The SQL behind sending: outbox rows, their proposed actions, and thread facts for replies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlmodel import col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import Account, Contact, Message, Thread
from nyte_tui.store.queries.messages import thread_messages_as
from nyte_tui.store.types import utcnow
from nyte_tui.store.work_models import OutboxEntry, ProposedAction

ACTION_STATUS = {
    "queued": "pending",
    "sending": "executing",
    "unknown": "executing",
    "sent": "executed",
    "failed": "failed",
    "cancelled": "dismissed",
}


@dataclass(frozen=True)
class OutboxRow:
    """One outbox row as plain values, with its account and proposal payload."""

    id: int
    account_id: int
    account: str
    proposed_action_id: int | None
    message_id_header: str
    raw_mime: bytes
    mime_sha256: str
    thread_id: str | None
    to_addrs: list[str]
    cc_addrs: list[str]
    bcc_addrs: list[str]
    subject: str
    state: str
    gmail_message_id: str | None
    gmail_thread_id: str | None
    attempts: int
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    payload: dict[str, Any] = field(default_factory=dict)
    risk: str = "low"
    kind: str = "send"
    gmail_draft_id: str | None = None
    send_after: datetime | None = None
    claimed_at: datetime | None = None


@dataclass(frozen=True)
class ThreadMessage:
    """The headers of one mirrored message that a reply is computed from."""

    gmail_id: str
    internal_date: int
    from_email: str | None
    from_header: str | None
    to_header: str | None
    cc_header: str | None
    reply_to_header: str | None
    subject: str | None
    message_id_header: str | None
    references: str | None
    is_sent: bool


def _row(entry: OutboxEntry, email: str, action: ProposedAction | None) -> OutboxRow:
    """An OutboxRow from its table rows."""
    return OutboxRow(
        id=entry.id or 0,
        account_id=entry.account_id,
        account=email,
        proposed_action_id=entry.proposed_action_id,
        message_id_header=entry.message_id_header,
        raw_mime=bytes(entry.raw_mime),
        mime_sha256=entry.mime_sha256,
        thread_id=entry.thread_id,
        to_addrs=list(entry.to_addrs),
        cc_addrs=list(entry.cc_addrs),
        bcc_addrs=list(entry.bcc_addrs),
        subject=entry.subject,
        state=entry.state,
        gmail_message_id=entry.gmail_message_id,
        gmail_thread_id=entry.gmail_thread_id,
        attempts=entry.attempts,
        last_error=entry.last_error,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
        sent_at=entry.sent_at,
        payload=dict(action.payload) if action is not None else {},
        risk=action.risk if action is not None else "low",
        kind=entry.kind,
        gmail_draft_id=entry.gmail_draft_id,
        send_after=entry.send_after,
        claimed_at=entry.claimed_at,
    )


def _joined() -> Any:
    """The select of outbox rows with their account address and proposed action."""
    return (
        select(OutboxEntry, Account.email, ProposedAction)
        .join(Account, col(Account.id) == col(OutboxEntry.account_id))
        .outerjoin(ProposedAction, col(ProposedAction.id) == col(OutboxEntry.proposed_action_id))
    )


def thread_messages(store: Store, account_id: int, thread_id: str) -> list[ThreadMessage]:
    """The mirrored messages of a thread, oldest first."""
    return thread_messages_as(store, account_id, thread_id, _thread_message)


def _thread_message(m: Message) -> ThreadMessage:
    """The reply-relevant headers of one mirrored message."""
    return ThreadMessage(
        gmail_id=m.gmail_id,
        internal_date=m.internal_date,
        from_email=m.from_email,
        from_header=m.from_header,
        to_header=m.to_header,
        cc_header=m.cc_header,
        reply_to_header=m.reply_to_header,
        subject=m.subject,
        message_id_header=m.message_id_header,
        references=m.references,
        is_sent=m.is_sent,
    )


def thread_subject(store: Store, account_id: int, thread_id: str) -> str | None:
    """The subject the mirror keeps for a thread."""
    with store.session() as session:
        return session.exec(
            select(Thread.subject).where(
                Thread.account_id == account_id, Thread.thread_id == thread_id
            )
        ).first()


def sent_from_addresses(store: Store, account_id: int) -> set[str]:
    """Lower-cased From addresses of the account's own sent messages (its send-as aliases)."""
    with store.session() as session:
        rows = session.exec(
            select(Message.from_email)
            .where(Message.account_id == account_id, col(Message.is_sent).is_(True))
            .distinct()
        ).all()
        return {row.lower() for row in rows if row}


def known_addresses(store: Store, account_id: int, addresses: Sequence[str]) -> set[str]:
    """Which of these lower-cased addresses the account has exchanged mail with before."""
    wanted = sorted({a.lower() for a in addresses})
    if not wanted:
        return set()
    with store.session() as session:
        contacts = session.exec(
            select(Contact.email).where(
                Contact.account_id == account_id,
                func.lower(Contact.email).in_(wanted),
                (col(Contact.sent_to_count) > 0) | (col(Contact.received_count) > 0),
            )
        ).all()
        senders = session.exec(
            select(Message.from_email).where(
                Message.account_id == account_id, func.lower(Message.from_email).in_(wanted)
            )
        ).all()
        sent_to = session.exec(
            select(OutboxEntry.to_addrs, OutboxEntry.cc_addrs, OutboxEntry.bcc_addrs).where(
                OutboxEntry.account_id == account_id, OutboxEntry.state == "sent"
            )
        ).all()
    known = {a.lower() for a in [*contacts, *senders] if a}
    for to, cc, bcc in sent_to:
        for formatted in [*to, *cc, *bcc]:
            address = formatted.rsplit("<", 1)[-1].rstrip(">").strip().lower()
            if address in wanted:
                known.add(address)
    return known


def insert_preview(
    store: Store,
    *,
    account_id: int,
    work_item_id: int | None,
    kind: str,
    payload: dict[str, Any],
    summary: str,
    preview: str,
    risk: str,
    message_id: str,
    raw_mime: bytes,
    mime_sha256: str,
    thread_id: str | None,
    to: Sequence[str],
    cc: Sequence[str],
    bcc: Sequence[str],
    subject: str,
    outbox_kind: str = "send",
) -> OutboxRow:
    """Store a proposed action and its queued outbox row in one transaction."""
    with store.session() as session:
        action = ProposedAction(
            account_id=account_id,
            work_item_id=work_item_id,
            kind=kind,
            payload=dict(payload),
            summary=summary,
            preview=preview,
            risk=risk,
            status="pending",
            idempotency_key=message_id,
        )
        session.add(action)
        session.flush()
        entry = OutboxEntry(
            account_id=account_id,
            proposed_action_id=action.id,
            kind=outbox_kind,
            message_id_header=message_id,
            raw_mime=raw_mime,
            mime_sha256=mime_sha256,
            thread_id=thread_id,
            to_addrs=list(to),
            cc_addrs=list(cc),
            bcc_addrs=list(bcc),
            subject=subject,
            state="queued",
        )
        session.add(entry)
        session.flush()
        email = session.get(Account, account_id)
        return _row(entry, email.email if email else "", action)


def get_outbox(store: Store, outbox_id: int) -> OutboxRow | None:
    """One outbox row by id."""
    with store.session() as session:
        found = session.exec(_joined().where(col(OutboxEntry.id) == outbox_id)).first()
        return None if found is None else _row(*found)


def find_by_content(store: Store, account_id: int, content_hash: str) -> list[OutboxRow]:
    """Outbox rows whose previewed content had this hash, newest first."""
    with store.session() as session:
        rows = session.exec(
            _joined()
            .where(
                col(OutboxEntry.account_id) == account_id,
                func.json_extract(ProposedAction.payload, "$.content_hash") == content_hash,
            )
            .order_by(col(OutboxEntry.id).desc())
        ).all()
        return [_row(*found) for found in rows]


def rows_in_states(store: Store, states: Sequence[str]) -> list[OutboxRow]:
    """Outbox rows in any of these states, oldest first."""
    with store.session() as session:
        rows = session.exec(
            _joined().where(col(OutboxEntry.state).in_(list(states))).order_by(col(OutboxEntry.id))
        ).all()
        return [_row(*found) for found in rows]


def list_outbox(store: Store, limit: int = 50) -> list[OutboxRow]:
    """The latest outbox rows, newest first."""
    with store.session() as session:
        rows = session.exec(_joined().order_by(col(OutboxEntry.id).desc()).limit(limit)).all()
        return [_row(*found) for found in rows]


def claim(store: Store, outbox_id: int, from_states: Sequence[str]) -> bool:
    """Move a row to `sending` (attempts + 1) only if it is still in one of from_states."""
    now = utcnow()
    with store.session() as session:
        result = session.execute(
            update(OutboxEntry)
            .where(col(OutboxEntry.id) == outbox_id, col(OutboxEntry.state).in_(list(from_states)))
            .values(
                state="sending",
                attempts=OutboxEntry.attempts + 1,
                updated_at=now,
                claimed_at=now,
            )
        )
        claimed = int(getattr(result, "rowcount", 0) or 0) == 1
        if claimed:
            _sync_action(session, outbox_id, "sending", None, None)
        return claimed


def set_state(
    store: Store,
    outbox_id: int,
    state: str,
    *,
    expected: Sequence[str],
    gmail_message_id: str | None = None,
    gmail_thread_id: str | None = None,
    gmail_draft_id: str | None = None,
    error: str | None = None,
) -> bool:
    """Move a row from one of the expected states to state; False when it was elsewhere."""
    now = utcnow()
    values: dict[str, Any] = {"state": state, "updated_at": now, "last_error": error}
    if state == "sent":
        values.update(
            gmail_message_id=gmail_message_id, gmail_thread_id=gmail_thread_id, sent_at=now
        )
        if gmail_draft_id:
            values["gmail_draft_id"] = gmail_draft_id
    with store.session() as session:
        result = session.execute(
            update(OutboxEntry)
            .where(col(OutboxEntry.id) == outbox_id, col(OutboxEntry.state).in_(list(expected)))
            .values(**values)
        )
        changed = int(getattr(result, "rowcount", 0) or 0) == 1
        if changed:
            _sync_action(session, outbox_id, state, gmail_message_id, error)
        return changed


def _sync_action(
    session: Any, outbox_id: int, state: str, gmail_message_id: str | None, error: str | None
) -> None:
    """Mirror an outbox state onto its proposed action's status and result."""
    entry = session.get(OutboxEntry, outbox_id)
    if entry is None or entry.proposed_action_id is None:
        return
    action = session.get(ProposedAction, entry.proposed_action_id)
    if action is None:
        return
    now = utcnow()
    action.status = ACTION_STATUS.get(state, action.status)
    action.updated_at = now
    action.error = error
    if state == "sent":
        action.executed_at = now
        action.result = {
            "outbox_id": outbox_id,
            "gmail_id": gmail_message_id,
            "message_id": entry.message_id_header,
        }
    session.add(action)


def set_send_after(
    store: Store, outbox_id: int, send_after: datetime | None, *, only_if_scheduled: bool = False
) -> bool:
    """Hold a queued row until send_after (the undo window), or release the hold with None."""
    with store.session() as session:
        query = update(OutboxEntry).where(
            col(OutboxEntry.id) == outbox_id, col(OutboxEntry.state) == "queued"
        )
        if only_if_scheduled:
            query = query.where(col(OutboxEntry.send_after).is_not(None))
        result = session.execute(query.values(send_after=send_after, updated_at=utcnow()))
        return int(getattr(result, "rowcount", 0) or 0) == 1


def state_counts(store: Store) -> dict[str, int]:
    """How many rows are in each state, plus `held` for queued rows in their undo window."""
    with store.session() as session:
        rows = session.exec(
            select(OutboxEntry.state, func.count()).group_by(col(OutboxEntry.state))
        ).all()
        held = session.exec(
            select(func.count()).where(
                OutboxEntry.state == "queued", col(OutboxEntry.send_after).is_not(None)
            )
        ).one()
    counts = {str(state): int(n) for state, n in rows}
    counts["held"] = int(held)
    return counts
