"""Append-only, named schema migrations recorded in the database and applied at start."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources


class SchemaTooNewError(Exception):
    """The database was written by a newer nyte; it is left untouched."""


@dataclass(frozen=True)
class Migration:
    """One named step of the schema, kept as a SQL file in this package."""

    number: int
    name: str

    @property
    def filename(self) -> str:
        """The SQL file holding this step."""
        return f"{self.number:04d}_{self.name}.sql"

    def sql(self) -> str:
        """The SQL script of this step."""
        return (
            resources.files("nyte_tui.store.migrations")
            .joinpath(self.filename)
            .read_text(encoding="utf-8")
        )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial"),
    Migration(2, "audit_append_only"),
    Migration(3, "triage"),
    Migration(4, "audit_keep_history_on_account_delete"),
    Migration(5, "action_item_index"),
    Migration(6, "command_conversation"),
    Migration(7, "read_path"),
    Migration(8, "item_warning"),
    Migration(9, "outbox_claimed_at"),
)
SCHEMA_VERSION = MIGRATIONS[-1].number


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database (0 for a new file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply every pending migration up to target, each in its own transaction."""
    found = current_version(conn)
    if found > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"the database has schema version {found} but this nyte knows only up to "
            f"{SCHEMA_VERSION}; upgrade nyte (the database was left untouched)"
        )
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.number <= found or migration.number > target:
            continue
        script = migration.sql()
        conn.execute("BEGIN IMMEDIATE")
        try:
            if current_version(conn) >= migration.number:
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            conn.execute(
                "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)",
                (migration.number, migration.name, datetime.now(UTC).isoformat()),
            )
            conn.execute(f"PRAGMA user_version = {migration.number:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.number)
    return applied


def _statements(script: str) -> list[str]:
    """Split a SQL script into complete statements (triggers kept whole)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
