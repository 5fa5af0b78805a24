"""`nyte doctor`'s checks of local state: directories, the database file, disk space, the lock."""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nyte_tui.config.paths import Paths

LOW_DISK_BYTES = 32 * 1024 * 1024
RESTORE_FIX = (
    "restore it from a backup, or move it (with its -wal and -shm files) away and run "
    "`nyte sync --full` into a fresh store"
)


@dataclass
class Check:
    """One doctor finding."""

    name: str
    ok: bool
    detail: str
    fix: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The check as JSON."""
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "fix": self.fix}


def _access(path: Path) -> tuple[bool, bool]:
    """Whether path is readable and writable for nyte (a cleared owner write bit counts)."""
    mode = path.stat().st_mode
    readable = os.access(path, os.R_OK) and bool(mode & stat.S_IRUSR)
    writable = os.access(path, os.W_OK) and bool(mode & stat.S_IWUSR)
    return readable, writable


def _mode_check(name: str, path: Path, private: int, chmod: str) -> Check:
    """Whether path is private, readable and writable, worded for what is wrong."""
    if not path.exists():
        return Check(name, False, f"{path} is missing and cannot be created", f"mkdir -p {path}")
    mode = stat.S_IMODE(path.stat().st_mode)
    readable, writable = _access(path)
    where = f"{path} ({oct(mode)})"
    if not readable:
        return Check(name, False, f"{where} is unreadable", f"chmod {chmod} {path}")
    if not writable:
        return Check(
            name,
            False,
            f"{where} is read-only: reading works, syncing and sending cannot",
            f"chmod u+w {path}",
        )
    if mode & 0o077:
        return Check(name, False, f"{where} is open to other users", f"chmod {chmod} {path}")
    return Check(name, True, where)


def check_paths(paths: Paths) -> list[Check]:
    """Directories exist, are private and writable."""
    paths.ensure()
    checks = []
    for name, directory in (
        ("config dir", paths.config_dir),
        ("data dir", paths.data_dir),
        ("state dir", paths.state_dir),
    ):
        checks.append(_mode_check(name, directory, 0o700, "700"))
    return checks


def check_database(paths: Paths) -> Check:
    """The database file: mode, header, schema version and a full quick_check (never written)."""
    from nyte_tui.store.integrity import inspect_database
    from nyte_tui.store.migrate import SCHEMA_VERSION

    path = paths.database
    health = inspect_database(path)
    if not health.exists:
        return Check("database", True, f"{path} (not created yet)")
    if not health.readable:
        return Check("database", False, f"{path} is unreadable", f"chmod 600 {path}")
    if health.problem:
        return Check("database", False, f"{path} is damaged ({health.problem})", RESTORE_FIX)
    if health.schema_version is not None and health.schema_version > SCHEMA_VERSION:
        return Check(
            "database",
            False,
            f"{path} was written by a newer nyte (schema {health.schema_version}, this nyte "
            f"knows {SCHEMA_VERSION})",
            "upgrade nyte",
        )
    mode_check = _mode_check("database", path, 0o600, "600")
    if not mode_check.ok:
        return mode_check
    return Check("database", True, f"{mode_check.detail}, integrity ok")


def check_disk(paths: Paths) -> Check:
    """Free space where the database lives."""
    where = paths.data_dir if paths.data_dir.exists() else paths.data_dir.parent
    try:
        free = shutil.disk_usage(where).free
    except OSError as exc:
        return Check("disk space", False, f"cannot read free space at {where}: {exc.strerror}")
    megabytes = free / (1024 * 1024)
    if free < LOW_DISK_BYTES:
        return Check(
            "disk space",
            False,
            f"disk full at {where}: {megabytes:.1f} MB free",
            "free some space; sync resumes where it stopped",
        )
    return Check("disk space", True, f"{megabytes:,.0f} MB free at {where}")


def check_lock(paths: Paths) -> Check:
    """Whether the writer lock is free right now (a lock file that cannot exist is a failure)."""
    from filelock import FileLock, Timeout

    from nyte_tui.config.paths import FILE_MODE

    lock = FileLock(str(paths.sync_lock), timeout=0, mode=FILE_MODE)
    try:
        lock.acquire()
    except Timeout:
        owner = paths.sync_lock.with_suffix(".owner")
        try:
            who = owner.read_text().strip() if owner.exists() else "unknown process"
        except OSError:
            who = "unknown process"
        return Check("writer lock", True, f"held by {who} (a sync or send is running)")
    except OSError as exc:
        reason = exc.strerror or "cannot create it"
        return Check(
            "writer lock",
            False,
            f"cannot create the lock file {paths.sync_lock} ({reason.lower()}); "
            "sync and send cannot run",
            f"make {paths.state_dir} writable",
        )
    lock.release()
    return Check("writer lock", True, "free")
