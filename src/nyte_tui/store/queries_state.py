"""The SQL behind sync bookkeeping: accounts as sync sees them and each source's position."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import (
    Account,
    IngestionState,
)
from nyte_tui.store.records import (
    AccountRef,
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
