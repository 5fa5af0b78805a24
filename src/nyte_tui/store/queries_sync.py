"""The SQL behind sync: mirrored messages, threads, labels, calendars, cursors and run history."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, SQLModel, col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import (
    Account,
    Calendar,
    CalendarEvent,
    IngestionState,
    Label,
    Message,
    Thread,
    WorkflowEvent,
    WorkflowRun,
)
from nyte_tui.store.records import (
    AccountRef,
    CalendarRecord,
    EventRecord,
    MessageRecord,
    SourceState,
)
from nyte_tui.store.types import utcnow

CHUNK = 500


def _chunks(values: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    """Split a sequence for IN (...) clauses."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- accounts -------------------------------------------------------------------------------


def sync_accounts(store: Store, email: str | None = None) -> list[AccountRef]:
    """Accounts a sync should consider (all non-disabled ones, or the one named)."""
    with store.session() as session:
        query = select(Account).where(Account.status != "disabled")
        if email:
            query = select(Account).where(func.lower(Account.email) == email.strip().lower())
        return [
            AccountRef(account_id=a.id or 0, email=a.email, client_id=a.client_id, status=a.status)
            for a in session.exec(query.order_by(col(Account.id)))
        ]


def ensure_account(store: Store, email: str, client_id: str | None = None) -> AccountRef:
    """Return the account for email, creating an active one if it does not exist."""
    with store.session() as session:
        account = session.exec(select(Account).where(Account.email == email)).first()
        if account is None:
            account = Account(email=email, client_id=client_id)
            session.add(account)
            session.flush()
        return AccountRef(account.id or 0, account.email, account.client_id, account.status)


def mark_account_needs_reauth(store: Store, account_id: int, reason: str) -> None:
    """Flag an active account whose refresh token no longer works; its data is kept."""
    with store.session() as session:
        account = session.get(Account, account_id)
        if account is not None and account.status == "active":
            account.status = "needs_reauth"
            account.status_reason = reason
            account.updated_at = utcnow()
            session.add(account)


# --- ingestion state ------------------------------------------------------------------------


def _state_row(session: Session, account_id: int, source: str) -> IngestionState:
    """The ingestion_state row for a source, created on first use."""
    row = session.exec(
        select(IngestionState).where(
            IngestionState.account_id == account_id, IngestionState.source == source
        )
    ).first()
    if row is None:
        row = IngestionState(account_id=account_id, source=source)
        session.add(row)
        session.flush()
    return row


def source_state(store: Store, account_id: int, source: str) -> SourceState:
    """The stored position of one source."""
    with store.session() as session:
        row = _state_row(session, account_id, source)
        return SourceState(
            cursor=row.cursor,
            resume=dict(row.resume or {}),
            last_success_at=row.last_success_at,
            last_attempt_at=row.last_attempt_at,
            last_error=row.last_error,
            consecutive_failures=row.consecutive_failures,
            backoff_until=row.backoff_until,
        )


def _advance_cursor(row: IngestionState, cursor: str | None, *, numeric: bool) -> None:
    """Move the cursor forward only (numeric cursors compare as integers)."""
    if cursor is None:
        return
    if numeric and row.cursor is not None:
        try:
            if int(cursor) < int(row.cursor):
                return
        except ValueError:
            pass
    row.cursor = cursor


def save_resume(store: Store, account_id: int, source: str, resume: dict[str, Any]) -> None:
    """Record where an unfinished full sync stands."""
    with store.session() as session:
        row = _state_row(session, account_id, source)
        row.resume = resume
        row.updated_at = utcnow()
        session.add(row)


def reset_source(store: Store, account_id: int, source: str) -> None:
    """Forget a source's cursor and resume position (a forced full sync)."""
    with store.session() as session:
        row = _state_row(session, account_id, source)
        row.cursor = None
        row.resume = {}
        session.add(row)


def record_source_result(
    store: Store,
    account_id: int,
    source: str,
    *,
    error: str | None,
    backoff_until: datetime | None = None,
) -> None:
    """Record a source's success (error None) or failure after a sync pass."""
    now = utcnow()
    with store.session() as session:
        row = _state_row(session, account_id, source)
        row.last_attempt_at = now
        if error is None:
            row.last_success_at = now
            row.last_error = None
            row.consecutive_failures = 0
            row.backoff_until = None
        else:
            row.last_error = error
            row.consecutive_failures += 1
            row.backoff_until = backoff_until
        row.updated_at = now
        session.add(row)


def all_source_states(store: Store) -> list[dict[str, Any]]:
    """Every account's sources with their state, for doctor and status."""
    with store.session() as session:
        rows = session.exec(
            select(IngestionState, Account)
            .join(Account, col(Account.id) == IngestionState.account_id)
            .order_by(col(Account.email), col(IngestionState.source))
        ).all()
        return [
            {
                "account": account.email,
                "source": state.source,
                "cursor": state.cursor,
                "last_success_at": state.last_success_at,
                "last_error": state.last_error,
                "consecutive_failures": state.consecutive_failures,
                "backoff_until": state.backoff_until,
                "resuming": bool(state.resume),
            }
            for state, account in rows
        ]


# --- gmail ----------------------------------------------------------------------------------


def existing_message_ids(store: Store, account_id: int, gmail_ids: Sequence[str]) -> set[str]:
    """Which of these Gmail ids are already mirrored."""
    found: set[str] = set()
    with store.session() as session:
        for chunk in _chunks(list(gmail_ids)):
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
        for chunk in _chunks(list(gmail_ids)):
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
    deleted_ids: Sequence[str] = (),
    label_sets: dict[str, list[str]] | None = None,
    label_deltas: Sequence[tuple[str, Sequence[str], Sequence[str]]] = (),
    cursor: str | None = None,
    resume: dict[str, Any] | None = None,
) -> set[str]:
    """Apply one page of Gmail changes and its cursor in one transaction; return touched threads."""
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
                session.add(
                    Message(account_id=account_id, is_sent=is_sent, synced_at=now, **values)
                )
            else:
                touched.add(existing.thread_id)
                for key, value in values.items():
                    setattr(existing, key, value)
                existing.is_sent = is_sent
                existing.synced_at = now
                session.add(existing)
            touched.add(record.thread_id)
        for chunk in _chunks(list(deleted_ids)):
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
            row = _state_row(session, account_id, "gmail")
            _advance_cursor(row, cursor, numeric=True)
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
        for chunk in _chunks(list(thread_ids)):
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


def upsert_calendars(store: Store, account_id: int, calendars: Sequence[CalendarRecord]) -> None:
    """Make the calendar list match Google's (calendars no longer listed are removed)."""
    with store.session() as session:
        existing = {
            c.calendar_id: c
            for c in session.exec(select(Calendar).where(Calendar.account_id == account_id))
        }
        seen = set()
        for record in calendars:
            seen.add(record.calendar_id)
            row = existing.get(record.calendar_id) or Calendar(
                account_id=account_id, calendar_id=record.calendar_id
            )
            row.summary = record.summary
            row.is_primary = record.is_primary
            row.time_zone = record.time_zone
            row.access_role = record.access_role
            row.selected = record.selected
            row.updated_at = utcnow()
            session.add(row)
        for calendar_id, row in existing.items():
            if calendar_id not in seen:
                session.execute(
                    delete(CalendarEvent).where(
                        col(CalendarEvent.account_id) == account_id,
                        col(CalendarEvent.calendar_id) == calendar_id,
                    )
                )
                session.delete(row)


def list_calendars(store: Store, account_id: int) -> list[CalendarRecord]:
    """The account's mirrored calendar list."""
    with store.session() as session:
        return [
            CalendarRecord(
                calendar_id=c.calendar_id,
                summary=c.summary,
                is_primary=c.is_primary,
                time_zone=c.time_zone,
                access_role=c.access_role,
                selected=c.selected,
            )
            for c in session.exec(
                select(Calendar)
                .where(Calendar.account_id == account_id)
                .order_by(col(Calendar.is_primary).desc(), col(Calendar.calendar_id))
            )
        ]


def apply_calendar_changes(
    store: Store,
    account_id: int,
    calendar_id: str,
    *,
    upserts: Sequence[EventRecord],
    deleted_event_ids: Sequence[str] = (),
    replace_window: tuple[datetime, datetime] | None = None,
    replace_series: dict[str, list[EventRecord]] | None = None,
    cursor: str | None = None,
) -> set[str]:
    """Apply a calendar listing (and its cursor) in one transaction; return changed event ids."""
    changed: set[str] = set()
    source = f"calendar:{calendar_id}"
    with store.session() as session:
        current = {
            e.event_id: e
            for e in session.exec(
                select(CalendarEvent).where(
                    CalendarEvent.account_id == account_id,
                    CalendarEvent.calendar_id == calendar_id,
                )
            )
        }
        listed = set()
        doomed = set(deleted_event_ids)
        series_records: list[EventRecord] = []
        for series_id, instances in (replace_series or {}).items():
            keep = {record.event_id for record in instances}
            series_records.extend(instances)
            for event_id, stored in current.items():
                if series_id in (stored.recurring_event_id, event_id) and (event_id not in keep):
                    doomed.add(event_id)
        for record in [*upserts, *series_records]:
            listed.add(record.event_id)
            row = current.get(record.event_id)
            values = asdict(record)
            if row is None:
                session.add(CalendarEvent(account_id=account_id, calendar_id=calendar_id, **values))
                changed.add(record.event_id)
                continue
            if any(getattr(row, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                row.synced_at = utcnow()
                session.add(row)
                changed.add(record.event_id)
        doomed -= listed
        if replace_window is not None:
            _window_start, window_end = replace_window
            for event_id, row in current.items():
                if event_id in listed:
                    continue
                # Gone from the window's listing, or fallen behind it: no longer mirrored.
                if row.start_at is None or row.start_at < window_end:
                    doomed.add(event_id)
        for event_id in doomed:
            row = current.get(event_id)
            if row is not None:
                session.delete(row)
                changed.add(event_id)
        if cursor is not None:
            state = _state_row(session, account_id, source)
            state.cursor = cursor
            state.updated_at = utcnow()
            session.add(state)
    return changed


# --- workflow runs --------------------------------------------------------------------------


def start_workflow_run(store: Store, kind: str, trigger: str, account_id: int | None = None) -> int:
    """Open a workflow run and return its id."""
    with store.session() as session:
        run = WorkflowRun(kind=kind, trigger=trigger, account_id=account_id)
        session.add(run)
        session.flush()
        return run.id or 0


def close_interrupted_runs(store: Store, kind: str) -> int:
    """Mark runs of a kind still "running" as interrupted (call only while holding the lock)."""
    with store.session() as session:
        runs = session.exec(
            select(WorkflowRun).where(WorkflowRun.kind == kind, WorkflowRun.status == "running")
        ).all()
        for run in runs:
            run.status = "interrupted"
            run.error = run.error or "the process ended before this pass finished"
            run.finished_at = utcnow()
            session.add(run)
        return len(runs)


def add_workflow_event(
    store: Store,
    run_id: int,
    kind: str,
    message: str,
    data: dict[str, Any] | None = None,
    account_id: int | None = None,
) -> None:
    """Append one event to a run's timeline."""
    with store.session() as session:
        session.add(
            WorkflowEvent(
                workflow_run_id=run_id,
                kind=kind,
                message=message,
                data=data or {},
                account_id=account_id,
            )
        )


def finish_workflow_run(
    store: Store, run_id: int, status: str, summary: dict[str, Any], error: str | None = None
) -> None:
    """Close a run with its outcome."""
    with store.session() as session:
        run = session.get(WorkflowRun, run_id)
        if run is None:
            return
        run.status = status
        run.summary = summary
        run.error = error
        run.finished_at = utcnow()
        session.add(run)


def recent_runs(store: Store, limit: int = 20, kind: str | None = None) -> list[dict[str, Any]]:
    """The latest workflow runs with their events, newest first."""
    with store.session() as session:
        query = select(WorkflowRun)
        if kind:
            query = query.where(WorkflowRun.kind == kind)
        runs = session.exec(query.order_by(col(WorkflowRun.id).desc()).limit(limit)).all()
        result = []
        for run in runs:
            events = session.exec(
                select(WorkflowEvent)
                .where(WorkflowEvent.workflow_run_id == run.id)
                .order_by(col(WorkflowEvent.id))
            ).all()
            result.append(
                {
                    "id": run.id,
                    "kind": run.kind,
                    "trigger": run.trigger,
                    "status": run.status,
                    "started_at": run.started_at,
                    "finished_at": run.finished_at,
                    "summary": run.summary,
                    "error": run.error,
                    "events": [
                        {"at": e.created_at, "kind": e.kind, "message": e.message, "data": e.data}
                        for e in events
                    ],
                }
            )
        return result


def last_sync_finished_at(store: Store) -> datetime | None:
    """When the latest successful or partial sync pass ended."""
    with store.session() as session:
        return session.exec(
            select(func.max(WorkflowRun.finished_at)).where(
                WorkflowRun.kind == "sync", col(WorkflowRun.status).in_(["ok", "partial"])
            )
        ).first()


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
