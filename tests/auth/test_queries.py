"""The SQL for accounts and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from nyte_tui.config.paths import resolve_paths
from nyte_tui.store.db import open_store
from nyte_tui.store.models import AuditLog, Label
from nyte_tui.store.queries.accounts import (
    delete_account,
    get_account,
    list_accounts,
    mark_needs_reauth,
    set_account_status,
    upsert_account,
)
from nyte_tui.store.queries.audit import append_audit


def test_account_lifecycle() -> None:
    store = open_store(resolve_paths().database)
    expiry = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    row = upsert_account(store, "Alex@Northwind.example", "Alex", "cid", ["a", "b"], expiry)
    assert row.account_id > 0 and row.status == "active" and row.token_expiry == expiry
    assert get_account(store, "alex@northwind.example") == row
    assert get_account(store, "alex_northwind.example") is None
    mark_needs_reauth(store, row.account_id, "invalid_grant")
    again = get_account(store, row.email)
    assert again is not None
    assert (again.status, again.status_reason) == ("needs_reauth", "invalid_grant")
    assert list_accounts(store, active_only=True) == []
    fresh = upsert_account(store, row.email, None, "cid2", ["a"], None)
    assert fresh.account_id == row.account_id
    assert (fresh.status, fresh.status_reason, fresh.display_name) == ("active", None, "Alex")
    assert fresh.client_id == "cid2" and fresh.scopes == ["a"]
    set_account_status(store, row.account_id, "disabled", "logged out")
    assert [a.status for a in list_accounts(store)] == ["disabled"]
    with pytest.raises(ValueError, match="unknown account status"):
        set_account_status(store, row.account_id, "weird")
    store.close()


def test_audit_and_delete() -> None:
    store = open_store(resolve_paths().database)
    kept = upsert_account(store, "kept@example.com", None, "cid", [], None)
    gone = upsert_account(store, "gone@example.com", None, "cid", [], None)
    with store.session() as session:
        session.add(Label(account_id=gone.account_id, label_id="INBOX", name="INBOX"))
    entry_id = append_audit(
        store,
        actor="user",
        action="auth.login",
        entity_type="account",
        entity_id=kept.email,
        detail={"flow": "manual"},
        account_id=kept.account_id,
    )
    with store.session() as session:
        entry = session.exec(select(AuditLog).where(AuditLog.id == entry_id)).one()
        assert (entry.action, entry.detail, entry.account_id) == (
            "auth.login",
            {"flow": "manual"},
            kept.account_id,
        )
    assert delete_account(store, gone.account_id) is True
    assert delete_account(store, gone.account_id) is False
    with store.session() as session:
        assert session.exec(select(Label)).all() == []
    # Deleting an audited account detaches its audit rows but keeps them.
    assert delete_account(store, kept.account_id) is True
    with store.session() as session:
        entry = session.exec(select(AuditLog).where(AuditLog.id == entry_id)).one()
        assert (entry.action, entry.account_id) == ("auth.login", None)
    store.close()
