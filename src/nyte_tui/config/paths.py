"""Filesystem locations: platformdirs by default, all moved under `NYTE_HOME` when set."""

from __future__ import annotations

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
        for directory in (self.config_dir, self.data_dir, self.state_dir, self.log_dir):
            ensure_private_dir(directory)
        return self


def resolve_paths(environ: dict[str, str] | None = None) -> Paths:
    """Work out the paths from `NYTE_HOME` or the platform's conventions."""
    env = os.environ if environ is None else environ
    home = env.get("NYTE_HOME")
    if home:
        root = Path(home).expanduser().absolute()
        return Paths(config_dir=root / "config", data_dir=root / "data", state_dir=root / "state")
    import platformdirs

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        state_dir=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
    )


def ensure_private_dir(directory: Path) -> None:
    """Create a directory (and parents) readable only by the owner."""
    directory.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if stat.S_IMODE(directory.stat().st_mode) != DIR_MODE:
        directory.chmod(DIR_MODE)


def ensure_private_file(path: Path) -> None:
    """Create a file if missing and make it readable only by the owner."""
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
        os.close(fd)
    if stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
        path.chmod(FILE_MODE)


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
