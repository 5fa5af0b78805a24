"""The one cross-process writer lock that sync, triage writes and sending all take."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from nyte_tui.config.paths import Paths
from nyte_tui.errors import BusyError


@contextmanager
def writer_lock(paths: Paths, timeout: float, what: str = "sync") -> Iterator[None]:
    """Hold the cross-process writer lock (an OS file lock: a crashed holder frees it at once)."""
    from filelock import FileLock, Timeout

    paths.ensure()
    lock = FileLock(str(paths.sync_lock), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise BusyError(
            f"another nyte sync or send is running (lock {paths.sync_lock}); try again shortly"
        ) from exc
    try:
        holder = paths.sync_lock.with_suffix(".owner")
        holder.write_text(f"{os.getpid()} {what} {datetime.now(UTC).isoformat()}\n")
        yield
    finally:
        lock.release()
