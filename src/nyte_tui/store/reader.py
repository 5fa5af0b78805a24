"""The read path's connection: the stdlib sqlite3 driver, read-only, no ORM to import or build.

Hot reads (the Important list, the agenda, an item's detail) go through a `Reader`; the
schema, migrations and every write stay with SQLModel in `store.db`. A new or older store is
first brought up to date by the same append-only migrations the write path applies. Anything
unusual — a file that is not a sound SQLite file, one marked damaged, a schema that does not
match, a failure to open — is handed to the write path's `open_store`, which knows every such
state and says it in one line; the fast path only ever reads a store the write path accepts.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from nyte_tui.config.paths import ensure_private_dir, ensure_private_file
from nyte_tui.errors import NyteError
from nyte_tui.store.migrate import SCHEMA_VERSION, SchemaTooNewError, current_version, migrate

if TYPE_CHECKING:
    from types import TracebackType

BUSY_TIMEOUT_MS = 15_000
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
HEADER = b"SQLite format 3\x00"
DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


class StoreReadError(NyteError):
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
            except sqlite3.DatabaseError as exc:
                raise read_failure(self.path, exc) from exc

    @contextmanager
    def snapshot(self) -> Iterator[Reader]:
        """Run several statements against one consistent view of the database."""
        with self._lock:
            try:
                self.connection.execute("BEGIN")
            except sqlite3.DatabaseError as exc:
                raise read_failure(self.path, exc) from exc
            try:
                yield self
            except BaseException:
                with suppress(sqlite3.Error):  # a broken file may refuse the rollback too
                    self.connection.execute("ROLLBACK")
                raise
            try:
                self.connection.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                raise read_failure(self.path, exc) from exc

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self.connection.close()

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


def prepare_store(path: Path) -> None:
    """Create (private, WAL) and migrate the store at path, as the write path would."""
    ensure_private_dir(path.parent)
    ensure_private_file(path)
    try:
        raw = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreReadError(f"cannot open the database {path}: {exc}") from exc
    try:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        raw.execute("PRAGMA journal_mode = WAL")
        migrate(raw)
    except SchemaTooNewError as exc:
        raise StoreReadError(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreReadError(f"the database {path} is unreadable: {exc}") from exc
    finally:
        raw.close()
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.chmod(0o600)


def read_failure(path: Path, exc: sqlite3.Error) -> StoreReadError:
    """The one-line error for a failed read; damage is recorded beside the file for doctor."""
    if getattr(exc, "sqlite_errorcode", None) not in DAMAGE_CODES:
        return StoreReadError(f"cannot read the database {path}: {exc}")
    what = str(exc)
    marker = path.with_name(path.name + ".damaged")
    try:
        marker.write_text(what[:500] + "\n", encoding="utf-8")
        marker.chmod(0o600)
    except OSError:
        pass
    return StoreReadError(
        f"the database {path} is damaged ({what}); nyte will not use it: restore it from a "
        "backup, or move it away and run `nyte sync --full` to rebuild a fresh store"
    )


def _writable(path: Path) -> bool:
    """Whether path may be written: the owner's write bit is set and the OS agrees."""
    return bool(path.stat().st_mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def _looks_sound(path: Path) -> bool:
    """Whether the file is a plain SQLite file of whole pages with no damage on record."""
    if path.with_name(path.name + ".damaged").exists():
        return False
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(HEADER):
        return False
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    wal = path.with_name(path.name + "-wal")
    return page >= 512 and (size % page == 0 or (wal.exists() and wal.stat().st_size > 0))


def _through_write_path(path: Path) -> None:
    """Let the write path open (and so judge, migrate or refuse) the store, then close it."""
    from nyte_tui.store.db import open_store

    open_store(path).close()


def _connect(path: Path) -> tuple[sqlite3.Connection, int]:
    """A read-only connection to an existing file and the schema version it records."""
    uri = path.resolve().as_uri() + "?mode=ro"
    if not _writable(path.parent):
        uri += "&immutable=1"  # no -shm can be made beside it, and nobody can be writing
    conn = sqlite3.connect(
        uri,
        uri=True,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        conn.execute("PRAGMA query_only = ON")
        version = current_version(conn)
    except BaseException:
        conn.close()
        raise
    return conn, version


def _tighten(path: Path) -> None:
    """Keep the file and its directory private, as the write path does (best effort)."""
    try:
        ensure_private_dir(path.parent)
        ensure_private_file(path)
    except OSError:
        pass


def open_reader(path: Path) -> Reader:
    """A read-only connection to the store at path, migrating a new or older store first."""
    if not path.exists() or path.stat().st_size == 0:
        prepare_store(path)
    elif not _looks_sound(path):
        _through_write_path(path)  # raises the write path's one line for a damaged file
    _tighten(path)
    try:
        conn, version = _connect(path)
    except sqlite3.Error:
        _through_write_path(path)
        try:
            conn, version = _connect(path)
        except sqlite3.Error as exc:
            raise read_failure(path, exc) from exc
    if version != SCHEMA_VERSION:
        conn.close()
        if version > SCHEMA_VERSION:
            raise StoreReadError(
                f"the database has schema version {version} but this nyte knows only up to "
                f"{SCHEMA_VERSION}; upgrade nyte (the database was left untouched)"
            )
        if _writable(path) and _writable(path.parent):
            prepare_store(path)
        else:
            _through_write_path(path)  # a read-only store that needs an upgrade: say so
        conn, version = _connect(path)
    conn.row_factory = sqlite3.Row
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
