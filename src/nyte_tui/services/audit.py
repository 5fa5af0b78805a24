"""The audit log as views: every state change nyte made and who asked for it."""

from __future__ import annotations

from nyte_tui.config.paths import Paths
from nyte_tui.services.run_views import AuditEntryView, AuditView
from nyte_tui.services.session import opened_store
from nyte_tui.store.queries.audit import recent_audit


def audit_log(paths: Paths, *, limit: int = 50, entity_type: str | None = None) -> AuditView:
    """The latest entries, newest first."""
    with opened_store(paths) as store:
        rows = recent_audit(store, limit=limit, entity_type=entity_type)
    return AuditView(
        tuple(
            AuditEntryView(
                r.id, r.at, r.actor, r.action, r.entity_type, r.entity_id, r.account, r.detail
            )
            for r in rows
        )
    )
