"""The SQL for the append-only audit log."""

from __future__ import annotations

from typing import Any

from nyte_tui.store.db import Store
from nyte_tui.store.models import AuditLog


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
