"""The SQL behind sync bookkeeping: each account's and source's position, errors and back-off."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import Account, IngestionState
from nyte_tui.store.records import (
    SourceState,
)
from nyte_tui.store.types import utcnow

# --- ingestion state ------------------------------------------------------------------------


def state_row(session: Session, account_id: int, source: str) -> IngestionState:
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
        row = state_row(session, account_id, source)
        return SourceState(
            cursor=row.cursor,
            resume=dict(row.resume or {}),
            last_success_at=row.last_success_at,
            last_attempt_at=row.last_attempt_at,
            last_error=row.last_error,
            consecutive_failures=row.consecutive_failures,
            backoff_until=row.backoff_until,
        )


def advance_cursor(row: IngestionState, cursor: str | None, *, numeric: bool) -> None:
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
        row = state_row(session, account_id, source)
        row.resume = resume
        row.updated_at = utcnow()
        session.add(row)


def reset_source(store: Store, account_id: int, source: str) -> None:
    """Forget a source's cursor and resume position (a forced full sync)."""
    with store.session() as session:
        row = state_row(session, account_id, source)
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
        row = state_row(session, account_id, source)
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
