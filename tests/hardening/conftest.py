"""Fixtures for bad-local-state tests: a synced NYTE_HOME driven through the real executable."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from sync.conftest import USER, SyncHarness, control, harness
from sync.test_cli_sync import cli_env, nyte

__all__ = ["USER", "Home", "cli_env", "control", "harness", "home", "nyte"]

SQL_LEAKS = ("[SQL:", "[parameters:", "SELECT ", "INSERT ", "UPDATE ", "sqlalchemy", "sqlite3.")


@dataclass
class Home:
    """A NYTE_HOME whose store holds one synced account, and how to run nyte against it."""

    env: dict[str, str]
    h: SyncHarness

    @property
    def root(self) -> Path:
        """NYTE_HOME."""
        return Path(self.env["NYTE_HOME"])

    @property
    def database(self) -> Path:
        """The SQLite file."""
        return self.root / "data" / "nyte.sqlite3"

    def moved(self, root: Path) -> Home:
        """The same home copied to root (a tmpfs, say)."""
        for child in self.root.iterdir():
            shutil.copytree(child, root / child.name, symlinks=True)
        return Home({**self.env, "NYTE_HOME": str(root)}, self.h)

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """Run `nyte ARGS` as a real process."""
        return nyte({**self.env, **env}, *args)

    def digest(self) -> str:
        """A hash of the database file and its sidecars (to prove nothing was written)."""
        found = hashlib.sha256()
        for suffix in ("", "-wal"):
            path = self.database.with_name(self.database.name + suffix)
            if path.exists() and path.stat().st_size:
                found.update(suffix.encode() + path.read_bytes())
        return found.hexdigest()

    def integrity(self) -> str:
        """PRAGMA integrity_check of the database, read-only."""
        conn = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            return str(exc)
        finally:
            conn.close()


@pytest.fixture
def home(cli_env: dict[str, str], harness: SyncHarness) -> Home:
    """A home synced once by `nyte sync`, with every in-test connection closed (WAL folded in)."""
    synced = nyte(cli_env, "sync", "--quiet")
    assert synced.returncode == 0, synced.stderr
    harness.store.close()
    conn = sqlite3.connect(harness.paths.database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return Home(cli_env, harness)


def one_clean_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a failed command, checked for tracebacks and SQL."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for leak in SQL_LEAKS:
        assert leak not in result.stderr + result.stdout, (leak, result.stderr)
    line = lines[0]
    assert line.startswith("nyte: error: "), line
    first_word = line.removeprefix("nyte: error: ").split(" ")[0]
    assert not first_word.endswith(("Error:", "Exception:")), line
    return line


def overwrite_pages(path: Path, pages: list[int], fill: bytes = b"\xa5") -> None:
    """Overwrite whole pages (1-based) of a SQLite file with garbage."""
    conn = sqlite3.connect(path)
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.close()
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * page_size)
            handle.write(fill * page_size)


def page_count(path: Path) -> int:
    """How many pages the file holds."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()


def table_root(path: Path, table: str) -> int:
    """The root page of a table."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        return int(row.fetchone()[0])
    finally:
        conn.close()


@contextmanager
def tmpfs(target: Path, size: str) -> Iterator[Path]:
    """A small tmpfs mounted at target (skips the test where mounting is not permitted)."""
    target.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(target)],
            check=True,
            capture_output=True,
        )
    except (subprocess.CalledProcessError, FileNotFoundError, PermissionError):
        pytest.skip("mounting a tmpfs is not permitted here (needs root or CAP_SYS_ADMIN)")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False, capture_output=True)
