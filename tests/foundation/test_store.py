"""The SQLite store: schema, indexes, permissions, round trips and migrations."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import SQLModel, select

from nyte_tui.config.paths import resolve_paths
from nyte_tui.store.db import StoreError, open_store
from nyte_tui.store.migrate import MIGRATIONS, SCHEMA_VERSION, migrate
from nyte_tui.store.models import ACCOUNT_TABLES, Account, AuditLog, Message
from nyte_tui.store.work_models import WorkItem

EXPECTED_TABLES = {
    "accounts", "labels", "messages", "threads", "calendars", "calendar_events", "work_items",
    "gate_evaluations", "proposed_actions", "outbox", "command_runs", "command_turns",
    "contacts", "policy_rules", "feedback_entries", "audit_logs", "workflow_runs",
    "workflow_events", "ingestion_state", "llm_calls",
}  # fmt: skip


@pytest.fixture
def db_path() -> Path:
    """The database path under the test's NYTE_HOME."""
    return resolve_paths().database


def columns(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    """Column name → declared type of a table."""
    return {row[1]: row[2] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_fresh_store_has_every_table_with_account_id(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables >= EXPECTED_TABLES
    for table in ACCOUNT_TABLES:
        assert "account_id" in columns(conn, table), table
    message_columns = columns(conn, "messages")
    for name in ("gmail_id", "thread_id", "history_id", "internal_date", "label_ids",
                 "message_id_header", "in_reply_to", "references", "list_id",
                 "list_unsubscribe", "precedence", "auto_submitted", "body_state"):  # fmt: skip
        assert name in message_columns


def test_indexes_serve_important_list_and_thread_lookups(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    plan = " ".join(
        str(row)
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM work_items WHERE status = 'open' AND score >= 70 "
            "ORDER BY score DESC, last_activity_at DESC"
        )
    )
    assert "ix_work_items_important" in plan
    plan = " ".join(
        str(row)
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM messages WHERE account_id = 1 AND thread_id = 'x' "
            "ORDER BY internal_date"
        )
    )
    assert "ix_messages_thread" in plan


def test_database_file_is_private_and_uses_wal(db_path: Path) -> None:
    store = open_store(db_path)
    with store.session() as session:
        session.add(Account(email="alex@northwind.example"))
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.close()


def test_round_trip_keeps_json_and_aware_times(db_path: Path) -> None:
    store = open_store(db_path)
    when = datetime(2026, 11, 27, 9, 12, tzinfo=UTC)
    with store.session() as session:
        account = Account(email="alex@northwind.example", scopes=["openid", "email"])
        session.add(account)
        session.flush()
        assert account.id is not None
        session.add(
            Message(
                account_id=account.id, gmail_id="18c0ffee00000001", thread_id="18c0ffee00000001",
                internal_date=1_764_000_000_000, label_ids=["INBOX", "UNREAD"],
                subject="Q3 contract — can you sign by Fri?", from_email="dana@lex.example",
            )
        )  # fmt: skip
        session.add(
            WorkItem(
                account_id=account.id, source="gmail", source_key="18c0ffee00000001",
                kind="needs_reply", score=91, tier="critical", last_activity_at=when,
            )
        )  # fmt: skip
    store.close()
    reopened = open_store(db_path)
    with reopened.session() as session:
        message = session.exec(select(Message)).one()
        assert message.label_ids == ["INBOX", "UNREAD"]
        assert message.subject == "Q3 contract — can you sign by Fri?"
        item = session.exec(select(WorkItem)).one()
        assert item.last_activity_at == when
        assert item.last_activity_at.tzinfo is not None
    reopened.close()


def test_migrations_from_empty_and_from_every_earlier_revision(tmp_path: Path) -> None:
    for start in range(0, SCHEMA_VERSION):
        path = tmp_path / f"from-{start}.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        if start:
            migrate(conn, target=start)
            assert conn.execute("PRAGMA user_version").fetchone()[0] == start
        conn.close()
        open_store(path).close()
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        recorded = [row[0] for row in conn.execute("SELECT number FROM schema_migrations")]
        assert recorded == [migration.number for migration in MIGRATIONS]
        conn.close()


def test_migrated_schema_matches_the_models(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    for table in SQLModel.metadata.sorted_tables:
        found = columns(conn, table.name)
        for column in table.columns:
            assert column.name in found, f"{table.name}.{column.name} needs a migration"


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    open_store(db_path).close()
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="upgrade nyte"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_audit_log_is_append_only(db_path: Path) -> None:
    store = open_store(db_path)
    with store.session() as session:
        session.add(AuditLog(actor="user", action="rule.add", entity_type="policy_rule"))
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_logs SET actor = 'someone else'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit_logs")
    store.close()


def test_deleting_an_account_detaches_but_keeps_its_audit_history(db_path: Path) -> None:
    store = open_store(db_path)
    with store.session() as session:
        account = Account(email="gone@northwind.example")
        session.add(account)
        session.flush()
        session.add(
            AuditLog(account_id=account.id, actor="user", action="login", entity_type="account")
        )
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM accounts")
    assert conn.execute("SELECT account_id, action FROM audit_logs").fetchall() == [(None, "login")]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_logs SET account_id = 7")
    store.close()


def test_garbage_file_gives_a_clear_error(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"not a SQLite database.*nyte sync --full"):
        open_store(db_path)
    assert db_path.read_bytes() == b"this is not a database" * 100
