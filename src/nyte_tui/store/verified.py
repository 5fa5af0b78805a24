"""Which database files passed quick_check, so a writer re-checks only after an outside change.

After a passing quick_check, and again when a process that wrote through SQLite closes the
store, nyte records the file's fingerprint (inode, size and modification time of the file and
its -wal) next to it. A later writer whose fingerprint matches skips quick_check: only SQLite
wrote the file since it was checked. Anything else (a restore, another program, a copy) changes
the fingerprint and brings the check back; so does a day passing, to catch silent bit rot.
"""

from __future__ import annotations

import json
import os
import threading
import time
from contextlib import suppress
from pathlib import Path

RECHECK_AFTER_SECONDS = 24 * 3600

_checked_at: dict[Path, float] = {}
_lock = threading.Lock()


def stamp_file(path: Path) -> Path:
    """The file recording the last passing check of the database at path."""
    return path.with_name(path.name + ".verified")


def fingerprint(path: Path) -> list[int]:
    """Inode, size and mtime (ns) of the database and its -wal (zeros for a missing file)."""
    found: list[int] = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            info = candidate.stat()
        except OSError:
            found += [0, 0, 0]
            continue
        found += [info.st_ino, info.st_size, info.st_mtime_ns]
    return found


def remember(path: Path, checked_at: float, seen: list[int] | None = None) -> None:
    """Note in this process, and (best effort) on disk, that path passed quick_check."""
    with _lock:
        _checked_at[path] = checked_at
    record = {"fingerprint": seen or fingerprint(path), "checked_at": checked_at}
    stamp = stamp_file(path)
    tmp = stamp.with_name(stamp.name + f".{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
        os.replace(tmp, stamp)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


def forget(path: Path) -> None:
    """Make every process check path again (damage was found, or it is about to change)."""
    with _lock:
        _checked_at.pop(path, None)
    try:
        stamp_file(path).unlink(missing_ok=True)
    except OSError:
        return


def clear_memory() -> None:
    """Forget what this process checked (the stamps on disk stay), as a new process would."""
    with _lock:
        _checked_at.clear()


def known_good(path: Path) -> bool:
    """Whether this process checked path, or the stamp on disk still matches the file."""
    with _lock:
        if path in _checked_at:
            return True
    try:
        record = json.loads(stamp_file(path).read_text(encoding="utf-8"))
        checked_at = float(record["checked_at"])
        matches = list(record["fingerprint"]) == fingerprint(path)
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if not matches or time.time() - checked_at > RECHECK_AFTER_SECONDS:
        return False
    with _lock:
        _checked_at[path] = checked_at
    return True


def written_by_nyte(path: Path) -> None:
    """After this process's own writes: keep the file known good under its new fingerprint."""
    with _lock:
        checked_at = _checked_at.get(path)
    if checked_at is not None:
        remember(path, checked_at)
