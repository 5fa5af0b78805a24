"""The SQLite engine: WAL, busy timeout, foreign keys, a private file, migrations at open."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from nyte_tui.config.paths import ensure_private_dir, ensure_private_file
from nyte_tui.store.migrate import migrate

BUSY_TIMEOUT_MS = 15_000


class StoreError(Exception):
    """The store cannot be opened or used; the message says why in one line."""


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    """Set the pragmas every connection needs."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


class Store:
    """An open nyte database: hands out sessions, one short transaction per unit of work."""

    def __init__(self, path: Path, engine: Engine) -> None:
        """Wrap an engine already migrated for the file at path."""
        self.path = path
        self.engine = engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as db_session:
            try:
                yield db_session
                db_session.commit()
            except BaseException:
                db_session.rollback()
                raise

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def open_store(path: Path, *, migrate_schema: bool = True) -> Store:
    """Open (creating and migrating as needed) the SQLite store at path."""
    from nyte_tui.store.migrate import SchemaTooNewError

    ensure_private_dir(path.parent)
    ensure_private_file(path)
    try:
        raw = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from exc
    try:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        raw.execute("PRAGMA journal_mode = WAL")
        if migrate_schema:
            migrate(raw)
    except SchemaTooNewError as exc:
        raise StoreError(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"the database {path} is unreadable: {exc}") from exc
    finally:
        raw.close()
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.chmod(0o600)
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _configure_connection)
    return Store(path, engine)
