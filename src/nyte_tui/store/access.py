"""May nyte write the database file, and with which URI does SQLite open it (no ORM here)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import quote


def user_writable(path: Path) -> bool:
    """Whether path may be written: the owner's write bit is set and the OS agrees."""
    mode = path.stat().st_mode
    return bool(mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def store_writable(path: Path) -> bool:
    """Whether nyte may write the database at path (a cleared write bit counts, even for root)."""
    if path.exists() and not user_writable(path):
        return False
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return user_writable(parent)


def sqlite_uri(path: Path, writable: bool) -> str:
    """The SQLite URI: read-only when nyte may not write, immutable when no -shm can be made."""
    base = "file:" + quote(str(path))
    if writable:
        return base
    if user_writable(path.parent):
        return base + "?mode=ro"
    return base + "?mode=ro&immutable=1"


def tighten_sidecars(path: Path) -> None:
    """Make the -wal and -shm files private (removing bits only, best effort)."""
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        try:
            mode = stat.S_IMODE(sidecar.stat().st_mode)
            if mode & 0o077:
                sidecar.chmod(mode & ~0o077)
        except OSError:
            continue
