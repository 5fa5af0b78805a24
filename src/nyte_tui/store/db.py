"""The SQLite engine: WAL, busy timeout, foreign keys, a private file, migrations at open."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, ExceptionContext
from sqlmodel import Session, create_engine

from nyte_tui.config.paths import ensure_private_dir, ensure_private_file
from nyte_tui.store import verified
from nyte_tui.store.access import sqlite_uri, store_writable, tighten_sidecars
from nyte_tui.store.errors import (
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    StoreTooNew,
    from_os_error,
    from_sqlite,
    read_only_message,
)
from nyte_tui.store.integrity import (
    connection_closed,
    connection_opened,
    corrupt,
    damaged_marker,
    header_problem,
    run_quick_check,
    verify_file,
)
from nyte_tui.store.migrate import SCHEMA_VERSION, SchemaTooNewError, current_version, migrate

BUSY_TIMEOUT_MS = 15_000
DEBUG_SQL_ENV = "NYTE_DEBUG_SQL"

__all__ = ["BUSY_TIMEOUT_MS", "Store", "StoreError", "open_store", "store_writable"]


class Store:
    """An open nyte database: hands out sessions, one short transaction per unit of work."""

    def __init__(self, path: Path, engine: Engine, *, read_only: bool = False) -> None:
        """Wrap an engine already migrated for the file at path."""
        self.path = path
        self.engine = engine
        self.read_only = read_only

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as db_session:
            try:
                yield db_session
                db_session.commit()
            except BaseException:
                with suppress(Exception):  # a broken file may refuse the rollback too
                    db_session.rollback()
                raise

    def require_writable(self) -> None:
        """Raise StoreReadOnly when this store was opened read-only."""
        if self.read_only:
            raise StoreReadOnly(read_only_message(self.path))

    def close(self) -> None:
        """Release every pooled connection (and keep a checked file known good after writes)."""
        self.engine.dispose()
        connection_closed(self.path)
        if not self.read_only:
            verified.written_by_nyte(self.path)


def _connection_setup(writable: bool) -> Callable[[Any, Any], None]:
    """The pragmas every connection of a store needs."""

    def configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        if writable:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA cell_size_check = ON")
        cursor.close()

    return configure


def _error_mapper(path: Path) -> Callable[[ExceptionContext], None]:
    """Turn SQLite failures into typed store errors that carry no SQL and no parameters."""

    def handle(context: ExceptionContext) -> None:
        mapped = from_sqlite(context.original_exception, path)
        if mapped is None:
            return
        if isinstance(mapped, StoreCorrupt):
            corrupt(path, "SQLite reports the disk image is malformed")
        raise mapped from context.original_exception

    return handle


WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "UPSERT")


def _write_guard(path: Path, writable: bool) -> Callable[..., None]:
    """Before the first write of this process: refuse a read-only store, quick_check the file."""

    def before(
        _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        if not statement.lstrip()[:7].upper().startswith(WRITE_VERBS):
            return
        if not writable:
            raise StoreReadOnly(read_only_message(path))
        verify_file(path)

    return before


def _check_schema(raw: sqlite3.Connection, path: Path, writable: bool, upgrade: bool) -> None:
    """Read the schema (catching a damaged one) and migrate it when nyte may write."""
    raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if damaged_marker(path).exists():
        run_quick_check(path, raw)
    if not upgrade:
        return
    if writable:
        if current_version(raw) < SCHEMA_VERSION and path.stat().st_size > 0:
            verify_file(path)  # never migrate a damaged file
        raw.execute("PRAGMA journal_mode = WAL")
        migrate(raw)
        return
    found = current_version(raw)
    if found > SCHEMA_VERSION:
        migrate(raw)  # raises SchemaTooNewError without writing
    elif found < SCHEMA_VERSION:
        raise StoreReadOnly(
            f"the database {path} is read-only and needs a schema upgrade that this nyte "
            "must write; make it writable and run the command again"
        )


def open_store(path: Path, *, migrate_schema: bool = True, read_only: bool | None = None) -> Store:
    """Open (creating and migrating as needed) the SQLite store at path.

    A database nyte may not write (no write bit, a read-only directory or file system) is
    opened read-only: reads work, the first write raises StoreReadOnly. Modes are never
    loosened. A damaged file raises StoreCorrupt before anything is written.
    """
    path = Path(path)
    writable = store_writable(path) if read_only is None else not read_only
    try:
        if writable:
            ensure_private_dir(path.parent)
            ensure_private_file(path)
        elif not path.exists():
            raise StoreReadOnly(f"cannot create the database {path}: its directory is read-only")
        problem = header_problem(path)
    except OSError as exc:
        raise from_os_error(exc, path) from exc
    if problem:
        raise corrupt(path, problem)
    if writable:
        verified.known_good(path)  # a checked, unchanged file stays known good after our writes
    raw: sqlite3.Connection | None = None
    try:
        raw = sqlite3.connect(
            sqlite_uri(path, writable),
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        _check_schema(raw, path, writable, migrate_schema)
    except SchemaTooNewError as exc:
        raise StoreTooNew(str(exc)) from exc
    except sqlite3.Error as exc:
        mapped = from_sqlite(exc, path)
        if isinstance(mapped, StoreCorrupt):
            raise corrupt(path, "SQLite reports the disk image is malformed") from exc
        raise (mapped or StoreError(f"cannot open the database {path}")) from exc
    finally:
        if raw is not None:
            raw.close()
    if writable:
        tighten_sidecars(path)
    uri = sqlite_uri(path, writable)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )

    engine = create_engine(
        f"sqlite:///{path}",
        creator=connect,
        hide_parameters=not os.environ.get(DEBUG_SQL_ENV),
    )
    event.listen(engine, "connect", _connection_setup(writable))
    event.listen(engine, "handle_error", _error_mapper(path))
    event.listen(engine, "before_cursor_execute", _write_guard(path, writable))
    connection_opened(path)
    return Store(path, engine, read_only=not writable)
