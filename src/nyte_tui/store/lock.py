"""The one cross-process writer lock that sync, triage writes and sending all take."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from nyte_tui.config.paths import FILE_MODE, Paths, ensure_private_dir
from nyte_tui.errors import BusyError
from nyte_tui.store.errors import StoreReadOnly, from_os_error, read_only_message
from nyte_tui.store.integrity import verify_file


@contextmanager
def writer_lock(paths: Paths, timeout: float, what: str = "sync") -> Iterator[None]:
    """Hold the cross-process writer lock (an OS file lock: a crashed holder frees it at once).

    The first time a process takes it, the database is checked with quick_check, so nothing
    is ever written into a damaged store; a read-only store is refused here in one line.
    """
    from filelock import FileLock, Timeout

    paths.ensure()
    try:
        ensure_private_dir(paths.sync_lock.parent)
        lock = FileLock(str(paths.sync_lock), timeout=timeout, mode=FILE_MODE)
        lock.acquire()
    except Timeout as exc:
        raise BusyError(
            f"another nyte sync or send is running (lock {paths.sync_lock}); try again shortly"
        ) from exc
    except OSError as exc:
        raise from_os_error(exc, paths.sync_lock) from exc
    try:
        _write_owner(paths.sync_lock.with_suffix(".owner"), what)
        verify_for_writing(paths.database)
        yield
    finally:
        lock.release()


def _write_owner(holder: Path, what: str) -> None:
    """Record who holds the lock (0600 from creation)."""
    try:
        fd = os.open(holder, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {what} {datetime.now(UTC).isoformat()}\n")
    except OSError as exc:
        raise from_os_error(exc, holder) from exc


def verify_for_writing(database: Path) -> None:
    """Refuse a read-only or damaged database before this process first writes to it."""
    from nyte_tui.store.db import store_writable

    if not database.exists():
        return
    if not store_writable(database):
        raise StoreReadOnly(read_only_message(database))
    verify_file(database)
