"""Filesystem locations: platformdirs by default, all moved under `NYTE_HOME` when set."""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "nyte"
DIR_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True)
class Paths:
    """The directories and files nyte reads and writes."""

    config_dir: Path
    data_dir: Path
    state_dir: Path
    home: Path | None = None

    @property
    def config_file(self) -> Path:
        """The TOML settings file."""
        return self.config_dir / "config.toml"

    @property
    def database(self) -> Path:
        """The SQLite store."""
        return self.data_dir / "nyte.sqlite3"

    @property
    def log_dir(self) -> Path:
        """Where logs are written."""
        return self.state_dir / "log"

    @property
    def sync_lock(self) -> Path:
        """The single-writer lock file shared by sync, send and the app's worker."""
        return self.state_dir / "writer.lock"

    @property
    def secrets_file(self) -> Path:
        """The encrypted secret file used by the explicit `file` secret backend."""
        return self.data_dir / "secrets.enc"

    def as_dict(self) -> dict[str, str]:
        """Every path as a string, for `nyte paths`."""
        return {
            "config_dir": str(self.config_dir),
            "config_file": str(self.config_file),
            "data_dir": str(self.data_dir),
            "database": str(self.database),
            "state_dir": str(self.state_dir),
            "log_dir": str(self.log_dir),
            "sync_lock": str(self.sync_lock),
        }

    def ensure(self) -> Paths:
        """Create every directory with mode 0700 (tightening existing ones) and return self."""
        homes = [] if self.home is None else [self.home]
        for directory in (*homes, self.config_dir, self.data_dir, self.state_dir, self.log_dir):
            try:
                ensure_private_dir(directory)
            except OSError:  # read-only or full: whoever needs to write there says so
                continue
        return self


def resolve_paths(environ: dict[str, str] | None = None) -> Paths:
    """Work out the paths from `NYTE_HOME` or the platform's conventions."""
    env = os.environ if environ is None else environ
    home = env.get("NYTE_HOME")
    if home:
        root = Path(home).expanduser().absolute()
        return Paths(
            config_dir=root / "config", data_dir=root / "data", state_dir=root / "state", home=root
        )
    import platformdirs

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        state_dir=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
    )


def tightened(mode: int, private: int) -> int:
    """The mode with every bit outside private removed (never one added)."""
    return stat.S_IMODE(mode) & private


def _tighten(path: Path, private: int) -> None:
    """Remove group and other bits from path (best effort: a read-only file system keeps them)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode != tightened(mode, private):
            path.chmod(tightened(mode, private))
    except OSError:
        return


def ensure_private_dir(directory: Path) -> None:
    """Create a directory 0700 (its parents as usual); an existing one only loses bits.

    Missing directories are made with os.mkdir's mode, so they are never visible to others
    even for an instant; an existing 0500 directory stays 0500 (only ever tightened).
    """
    if directory.is_dir():
        _tighten(directory, DIR_MODE)
        return
    directory.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.mkdir(directory, DIR_MODE)
    _tighten(directory, DIR_MODE)


def ensure_private_file(path: Path) -> None:
    """Create a file 0600 if missing; an existing one only loses group and other bits."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        _tighten(path, FILE_MODE)
        return
    os.close(fd)


def open_private(path: Path, flags: int) -> int:
    """os.open a file that is created 0600 (an existing one only loses bits)."""
    fd = os.open(path, flags | os.O_CREAT, FILE_MODE)
    _tighten(path, FILE_MODE)
    return fd


def write_private_text(path: Path, text: str) -> None:
    """Atomically write a 0600 text file."""
    ensure_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
