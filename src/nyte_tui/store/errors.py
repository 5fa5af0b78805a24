"""Typed store failures: one line naming the file and what to do, never SQL or its parameters."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from nyte_tui.errors import ExitCode, NyteError

# SQLite primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
FULL_BELOW_BYTES = 1024 * 1024


class StoreError(NyteError):
    """The store cannot be opened or used; the message says why in one line."""


class StoreCorrupt(StoreError):
    """The database file is damaged or is not a database at all; nyte will not write to it."""


class StoreReadOnly(StoreError):
    """The database (or its directory) is read-only and this command needs to write."""


class StoreDiskFull(StoreError):
    """The disk holding the database is full."""


class StoreBusy(StoreError):
    """Another process holds a lock on the database longer than nyte waits."""

    exit_code = ExitCode.BUSY


class StoreTooNew(StoreError):
    """The database was written by a newer nyte."""


class StoreUnreadable(StoreError):
    """The database file cannot be read (permissions or I/O)."""


def corrupt_message(path: Path, what: str) -> str:
    """The one line shown for a damaged store."""
    return (
        f"the database {path} is damaged ({what}); nyte will not use it: restore it from a "
        f"backup, or move it (with its -wal and -shm files) away and run `nyte sync --full` "
        f"to rebuild a fresh store"
    )


def read_only_message(path: Path) -> str:
    """The one line shown when a write meets a read-only store."""
    return (
        f"the database {path} is read-only; this command needs to write to it "
        f"(make it and its directory writable, e.g. chmod u+w)"
    )


def disk_full_message(path: Path) -> str:
    """The one line shown when the disk is full."""
    return f"disk full at {path.parent}: free some space and run the command again"


def _primary_code(exc: sqlite3.Error) -> int | None:
    """The SQLite primary result code of a sqlite3 error, if it carries one."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _nearly_full(path: Path) -> bool:
    """Whether the disk holding path has (next to) no free space left."""
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < FULL_BELOW_BYTES
    except OSError:
        return False


def from_sqlite(exc: BaseException, path: Path) -> StoreError | None:
    """The typed store error for a sqlite3 failure, or None when it is a plain bug."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = _primary_code(exc)
    text = str(exc).lower()
    if code == SQLITE_NOTADB or "file is not a database" in text:
        return StoreCorrupt(corrupt_message(path, "not a SQLite database"))
    if code == SQLITE_CORRUPT or "malformed" in text:
        return StoreCorrupt(corrupt_message(path, "SQLite reports the disk image is malformed"))
    if code == SQLITE_FULL or "database or disk is full" in text:
        return StoreDiskFull(disk_full_message(path))
    if code == SQLITE_READONLY or "readonly database" in text:
        return StoreReadOnly(read_only_message(path))
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
        return StoreBusy(f"the database {path} is locked by another process; try again shortly")
    if code in (SQLITE_CANTOPEN, SQLITE_PERM):
        return StoreUnreadable(f"cannot open the database {path}: check it and its directory")
    if code == SQLITE_IOERR or "disk i/o error" in text:
        if _nearly_full(path):  # SQLite reports a failed write or -shm growth as an I/O error
            return StoreDiskFull(disk_full_message(path))
        return StoreUnreadable(f"an I/O error on the database {path}: check the disk")
    if code == SQLITE_NOMEM:
        return StoreError(f"out of memory using the database {path}")
    return None


def from_os_error(exc: OSError, path: Path) -> StoreError:
    """The typed store error for an OS failure touching the store's files."""
    where = Path(exc.filename) if exc.filename else path
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreDiskFull(disk_full_message(where))
    if exc.errno == errno.EROFS:
        return StoreReadOnly(f"{where} is on a read-only file system; this command needs to write")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return StoreUnreadable(f"permission denied on {where}")
    return StoreUnreadable(f"cannot use {where} ({exc.strerror or 'I/O error'})")
