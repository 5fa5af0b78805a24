"""The SQL for connected accounts: rows, status changes and removal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from nyte_tui.store.db import Store, StoreError
from nyte_tui.store.models import Account
from nyte_tui.store.records import AccountRef
from nyte_tui.store.types import utcnow

ACCOUNT_STATUSES = ("active", "needs_reauth", "disabled")


@dataclass(frozen=True)
class AccountRow:
    """One account as plain values (never a token or secret)."""

    account_id: int
    email: str
    display_name: str | None
    client_id: str | None
    scopes: list[str] = field(default_factory=list)
    status: str = "active"
    status_reason: str | None = None
    token_expiry: datetime | None = None
    connected_at: datetime | None = None
    updated_at: datetime | None = None


def _row(account: Account) -> AccountRow:
    """Copy an ORM account into a plain record."""
    return AccountRow(
        account_id=account.id or 0,
        email=account.email,
        display_name=account.display_name,
        client_id=account.client_id,
        scopes=list(account.scopes or []),
        status=account.status,
        status_reason=account.status_reason,
        token_expiry=account.token_expiry,
        connected_at=account.connected_at,
        updated_at=account.updated_at,
    )


def get_account(store: Store, email: str) -> AccountRow | None:
    """The account with this address (case-insensitive), or None."""
    with store.session() as session:
        account = session.exec(
            select(Account).where(func.lower(Account.email) == email.strip().lower())
        ).first()
        return None if account is None else _row(account)


def list_accounts(store: Store, *, active_only: bool = False) -> list[AccountRow]:
    """Every account in connection order (only active ones when asked)."""
    with store.session() as session:
        query = select(Account)
        if active_only:
            query = query.where(Account.status == "active")
        return [_row(account) for account in session.exec(query.order_by(col(Account.id)))]


def upsert_account(
    store: Store,
    email: str,
    display_name: str | None,
    client_id: str | None,
    scopes: list[str],
    token_expiry: datetime | None,
) -> AccountRow:
    """Create or refresh an account after a login; it becomes active again."""
    now = utcnow()
    with store.session() as session:
        account = session.exec(
            select(Account).where(func.lower(Account.email) == email.strip().lower())
        ).first()
        if account is None:
            account = Account(email=email, connected_at=now)
        if display_name:
            account.display_name = display_name
        account.client_id = client_id
        account.scopes = list(scopes)
        account.token_expiry = token_expiry
        account.status = "active"
        account.status_reason = None
        account.updated_at = now
        session.add(account)
        session.flush()
        return _row(account)


def set_account_status(
    store: Store, account_id: int, status: str, reason: str | None = None
) -> None:
    """Set an account's status (active, needs_reauth or disabled) and why."""
    if status not in ACCOUNT_STATUSES:
        raise ValueError(f"unknown account status {status!r}")
    with store.session() as session:
        account = session.get(Account, account_id)
        if account is None:
            return
        account.status = status
        account.status_reason = reason
        account.updated_at = utcnow()
        session.add(account)


def mark_needs_reauth(store: Store, account_id: int, reason: str) -> None:
    """Flag an account whose refresh token no longer works; its data is kept."""
    set_account_status(store, account_id, "needs_reauth", reason)


def set_token_expiry(store: Store, account_id: int, token_expiry: datetime | None) -> None:
    """Record when the current access token expires."""
    with store.session() as session:
        account = session.get(Account, account_id)
        if account is None:
            return
        account.token_expiry = token_expiry
        session.add(account)


def delete_account(store: Store, account_id: int) -> bool:
    """Delete an account and, by cascade, all of its mirrored data; True when it existed."""
    try:
        with store.session() as session:
            account = session.get(Account, account_id)
            if account is None:
                return False
            session.delete(account)
            session.flush()
    except IntegrityError as exc:
        raise StoreError(
            "cannot delete the account: the append-only audit log still refers to it"
        ) from exc
    return True


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
