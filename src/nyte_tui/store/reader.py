"""The read path's connection: the stdlib sqlite3 driver, read-only, no ORM to import or build.

Hot reads (the Important list, the agenda, an item's detail) go through a `Reader`; the
schema, migrations and every write stay with SQLModel in `store.db`. A new or older store is
first brought up to date by the same append-only migrations the write path applies.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from nyte_tui.config.paths import ensure_private_dir, ensure_private_file
from nyte_tui.store.access import sqlite_uri, store_writable, tighten_sidecars
from nyte_tui.store.errors import (
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    StoreTooNew,
    from_os_error,
    from_sqlite,
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

if TYPE_CHECKING:
    from types import TracebackType

BUSY_TIMEOUT_MS = 15_000
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class StoreReadError(StoreError):
    """The store cannot be read; the message says why in one line."""


class HasPath(Protocol):
    """Anything that knows its database file (an open write-path `Store`)."""

    path: Path


class Reader:
    """One read-only connection; statements are serialised so worker threads can share it."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        """Wrap a connection opened by open_reader."""
        self.path = path
        self.connection = conn
        self._lock = threading.RLock()

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Every row of one statement."""
        with self._lock:
            try:
                return self.connection.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise _failure(exc, self.path, "read") from exc

    @contextmanager
    def snapshot(self) -> Iterator[Reader]:
        """Run several statements against one consistent view of the database."""
        with self._lock:
            try:
                self.connection.execute("BEGIN")
            except sqlite3.Error as exc:
                raise _failure(exc, self.path, "read") from exc
            try:
                yield self
            except BaseException:
                with suppress(sqlite3.Error):  # a broken file may refuse the rollback too
                    self.connection.execute("ROLLBACK")
                raise
            try:
                self.connection.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _failure(exc, self.path, "read") from exc

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self.connection.close()
        connection_closed(self.path)

    def __enter__(self) -> Reader:
        """Use as a context manager that closes the connection."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close on the way out."""
        self.close()


def _failure(exc: sqlite3.Error, path: Path, doing: str) -> StoreError:
    """The one-line store error for a sqlite3 failure (damage is remembered in the marker)."""
    mapped = from_sqlite(exc, path)
    if isinstance(mapped, StoreCorrupt):
        return corrupt(path, "SQLite reports the disk image is malformed")
    return mapped or StoreReadError(f"cannot {doing} the database {path}")


def prepare_store(path: Path) -> None:
    """Create (private, WAL) and migrate the store at path, as the write path would."""
    if not store_writable(path):
        if not path.exists():
            raise StoreReadOnly(f"cannot create the database {path}: its directory is read-only")
        raise StoreReadOnly(
            f"the database {path} is read-only and needs a schema upgrade that this nyte "
            "must write; make it writable and run the command again"
        )
    try:
        ensure_private_dir(path.parent)
        ensure_private_file(path)
    except OSError as exc:
        raise from_os_error(exc, path) from exc
    verify_file(path)  # never migrate a damaged file
    try:
        raw = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise _failure(exc, path, "open") from exc
    try:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        raw.execute("PRAGMA journal_mode = WAL")
        migrate(raw)
    except SchemaTooNewError as exc:
        raise StoreTooNew(str(exc)) from exc
    except sqlite3.Error as exc:
        raise _failure(exc, path, "prepare") from exc
    finally:
        raw.close()
    tighten_sidecars(path)


def _connect(path: Path) -> tuple[sqlite3.Connection, int]:
    """A read-only connection to an existing, sound-looking file and its schema version."""
    problem = header_problem(path)
    if problem:
        raise corrupt(path, problem)
    uri = sqlite_uri(path.resolve(), writable=False)
    try:
        conn = sqlite3.connect(
            uri,
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise _failure(exc, path, "open") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if damaged_marker(path).exists():
            run_quick_check(path, conn)
        version = current_version(conn)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise _failure(exc, path, "read") from exc
    return conn, version


def open_reader(path: Path) -> Reader:
    """A read-only connection to the store at path, migrating a new or older store first."""
    try:
        fresh = not path.exists() or path.stat().st_size == 0
    except OSError as exc:
        raise from_os_error(exc, path) from exc
    if fresh:
        prepare_store(path)
    else:
        with suppress(OSError):  # modes are only ever tightened, never loosened
            ensure_private_dir(path.parent)
            ensure_private_file(path)
    conn, version = _connect(path)
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreTooNew(
            f"the database has schema version {version} but this nyte knows only up to "
            f"{SCHEMA_VERSION}; upgrade nyte (the database was left untouched)"
        )
    if version < SCHEMA_VERSION:
        conn.close()
        prepare_store(path)
        conn, version = _connect(path)
    conn.row_factory = sqlite3.Row
    connection_opened(path)
    return Reader(conn, path)


@contextmanager
def reading(source: Reader | HasPath) -> Iterator[Reader]:
    """The given reader, or one opened on an open store's file (and closed afterwards)."""
    if isinstance(source, Reader):
        yield source
        return
    reader = open_reader(source.path)
    try:
        yield reader
    finally:
        reader.close()


def stamp(moment: datetime) -> str:
    """An aware datetime as the sortable UTC text the store keeps."""
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def when(text: str | None) -> datetime | None:
    """Stored UTC text back as an aware datetime."""
    return None if text is None else datetime.fromisoformat(text)


def loads(text: str | None, default: Any) -> Any:
    """A stored JSON value (default when NULL)."""
    return default if text is None else json.loads(text)
