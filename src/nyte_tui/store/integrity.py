"""Is the database file sound? A cheap check at every open, SQLite's quick_check before writes.

Costs (measured on a 1 GB store, see docs/reliability.md): reading the header and the schema
takes about 2 ms, `PRAGMA quick_check` reads the whole file (about 2 s warm, minutes from a cold
slow disk). So every open does the cheap check; before a process's first write, quick_check runs
unless the file is known good (see store.verified: unchanged since a check, or since nyte's own
writes, within a day); `nyte doctor` always runs it. Damage found by any of these (or by SQLite
while reading) leaves a marker next to the file, so every later command refuses the store until
a quick_check passes again (after a restore) or the file is moved away.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from nyte_tui.store import verified
from nyte_tui.store.errors import StoreCorrupt, corrupt_message

HEADER_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
QUICK_CHECK_ROWS = 5


def damaged_marker(path: Path) -> Path:
    """The file that records damage found in the database at path."""
    return path.with_name(path.name + ".damaged")


def mark_damaged(path: Path, detail: str) -> None:
    """Remember (best effort) that the database at path was found damaged."""
    marker = damaged_marker(path)
    try:
        fd = os.open(marker, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    except OSError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(detail.strip()[:500] + "\n")
    verified.forget(path)


def corrupt(path: Path, what: str) -> StoreCorrupt:
    """The error for damage found in path, recorded in the marker."""
    mark_damaged(path, what)
    return StoreCorrupt(corrupt_message(path, what))


# POSIX record locks belong to the process and are all dropped when *any* descriptor of the
# file is closed, so reading the header with open() while this process has SQLite connections
# to the file would silently release their locks (another process could then recover and
# rewrite the WAL under them). The header is read only while no connection is open here;
# a file SQLite already has open was checked when it was opened.
_live: dict[Path, int] = {}
_live_lock = threading.Lock()


def connection_opened(path: Path) -> None:
    """Record that this process holds a SQLite connection to path."""
    key = path.resolve()
    with _live_lock:
        _live[key] = _live.get(key, 0) + 1


def connection_closed(path: Path) -> None:
    """Record that one of this process's connections to path was closed."""
    key = path.resolve()
    with _live_lock:
        left = _live.get(key, 0) - 1
        if left > 0:
            _live[key] = left
        else:
            _live.pop(key, None)


def header_problem(path: Path) -> str | None:
    """What is wrong with the file's header and length, or None (a missing or empty file is new)."""
    with _live_lock:
        if path.resolve() in _live:
            return None
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return None
    with path.open("rb") as handle:
        header = handle.read(HEADER_SIZE)
    if not header.startswith(HEADER_MAGIC):
        return "not a SQLite database"
    if len(header) < HEADER_SIZE:
        return f"truncated to {size} bytes"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged"
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None  # the main file may legitimately lag the log until a checkpoint
    if size % page_size:
        return f"truncated: {size} bytes is not a whole number of {page_size}-byte pages"
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    if counter_valid and pages and size < pages * page_size:
        return f"truncated: {size} bytes of the {pages * page_size} its header records"
    return None


def quick_check_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check findings (empty when the file is sound)."""
    rows = conn.execute(f"PRAGMA quick_check({QUICK_CHECK_ROWS:d})").fetchall()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def run_quick_check(path: Path, conn: sqlite3.Connection) -> None:
    """Raise StoreCorrupt (and leave the marker) unless quick_check passes; clear old markers."""
    seen = verified.fingerprint(path)
    started = time.time()
    try:
        problems = quick_check_problems(conn)
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems:
        raise corrupt(path, f"integrity check: {problems[0]}")
    damaged_marker(path).unlink(missing_ok=True)
    verified.remember(path, started, seen)


def verify_file(path: Path) -> None:
    """Run quick_check on path unless it is known good (on its own read-only connection)."""
    if not path.exists() or path.stat().st_size == 0 or verified.known_good(path):
        return
    from nyte_tui.store.errors import StoreUnreadable, from_sqlite

    try:
        conn = sqlite3.connect(
            f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None, timeout=15
        )
    except sqlite3.Error as exc:
        mapped = from_sqlite(exc, path)
        raise (mapped or StoreUnreadable(f"cannot open the database {path}")) from exc
    try:
        run_quick_check(path, conn)
    finally:
        conn.close()


@dataclass(frozen=True)
class DatabaseHealth:
    """What `nyte doctor` learns about the database file without writing to it."""

    exists: bool
    readable: bool
    problem: str | None
    schema_version: int | None


def inspect_database(path: Path) -> DatabaseHealth:
    """Header, length, schema version and a full quick_check, read-only (never writes)."""
    if not path.exists():
        return DatabaseHealth(False, True, None, None)
    if not os.access(path, os.R_OK):
        return DatabaseHealth(True, False, None, None)
    try:
        problem = header_problem(path)
    except OSError as exc:
        return DatabaseHealth(True, False, exc.strerror, None)
    if problem or path.stat().st_size == 0:
        if problem:
            mark_damaged(path, problem)
        return DatabaseHealth(True, True, problem, 0 if not problem else None)
    immutable = "" if os.access(path.parent, os.W_OK) else "&immutable=1"
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro{immutable}", uri=True, timeout=15)
    except sqlite3.Error as exc:
        return DatabaseHealth(True, False, str(exc), None)
    version: int | None = None
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        problems = quick_check_problems(conn)
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    finally:
        conn.close()
    if problems:
        detail = f"integrity check: {problems[0]}"
        mark_damaged(path, detail)
        return DatabaseHealth(True, True, detail, None)
    with contextlib.suppress(OSError):
        damaged_marker(path).unlink(missing_ok=True)
    return DatabaseHealth(True, True, None, version)
