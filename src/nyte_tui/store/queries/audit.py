"""The SQL for the append-only audit log."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from nyte_tui.store.command_records import AuditRecord
from nyte_tui.store.db import Store
from nyte_tui.store.models import Account, AuditLog


def append_audit(
    store: Store,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | None = None,
    detail: dict[str, Any] | None = None,
    account_id: int | None = None,
) -> int:
    """Append one audit entry and return its id."""
    with store.session() as session:
        entry = AuditLog(
            account_id=account_id,
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            detail=dict(detail or {}),
        )
        session.add(entry)
        session.flush()
        return entry.id or 0


def recent_audit(
    store: Store, *, limit: int = 50, entity_type: str | None = None
) -> list[AuditRecord]:
    """The latest audit entries, newest first, with the account's address."""
    with store.session() as session:
        query = select(AuditLog, Account.email).join(
            Account, col(Account.id) == AuditLog.account_id, isouter=True
        )
        if entity_type:
            query = query.where(AuditLog.entity_type == entity_type)
        rows = session.exec(query.order_by(col(AuditLog.id).desc()).limit(limit)).all()
        return [
            AuditRecord(
                id=entry.id or 0,
                at=entry.created_at,
                actor=entry.actor,
                action=entry.action,
                entity_type=entry.entity_type,
                entity_id=entry.entity_id,
                account=email,
                detail=dict(entry.detail or {}),
            )
            for entry, email in rows
        ]
