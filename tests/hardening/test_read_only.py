"""Read-only state: modes are only ever tightened, reads work, writes say why they cannot."""

from __future__ import annotations

import json
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from hardening.conftest import Home, one_clean_line, tmpfs

READS = (("important",), ("agenda",), ("runs",), ("outbox",), ("auth", "status"))
WRITES = (
    ("sync",),
    ("send", "--to", "dana@northwind.example", "--subject", "Hi", "--body", "private body"),
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _reads_work_writes_refuse(home: Home, expect: str) -> None:
    before = home.digest()
    for args in READS:
        result = home.run(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    for args in WRITES:
        result = home.run(*args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        line = one_clean_line(result)
        assert expect in line, line
        assert "unreadable" not in line
        assert "private body" not in result.stderr
    assert home.digest() == before


def test_a_0400_database_stays_0400_and_is_only_read(home: Home) -> None:
    home.database.chmod(0o400)
    _reads_work_writes_refuse(home, "read-only")
    doctor = home.run("doctor", "--json")
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert "read-only" in checks["database"]["detail"], checks["database"]
    assert "unreadable" not in checks["database"]["detail"]
    assert doctor.returncode == 1
    assert _mode(home.database) == 0o400


def test_a_0500_data_directory_stays_0500(home: Home) -> None:
    data_dir = home.database.parent
    data_dir.chmod(0o500)
    try:
        _reads_work_writes_refuse(home, "read-only")
        doctor = home.run("doctor", "--json")
        checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
        assert "read-only" in checks["data dir"]["detail"], checks["data dir"]
        assert _mode(data_dir) == 0o500
    finally:
        data_dir.chmod(0o700)


def test_modes_are_tightened_never_loosened(home: Home) -> None:
    home.database.chmod(0o640)
    home.h.paths.state_dir.chmod(0o750)
    assert home.run("important").returncode == 0
    assert _mode(home.database) == 0o600
    assert _mode(home.h.paths.state_dir) == 0o700


@pytest.fixture
def read_only_home(home: Home, tmp_path: Path) -> Iterator[Home]:
    """The same home copied onto a tmpfs that is then remounted read-only."""
    with tmpfs(tmp_path / "ro-home", "64m") as target:
        moved = home.moved(target)
        subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)
        yield moved


def test_a_read_only_file_system(read_only_home: Home) -> None:
    home = read_only_home
    database = home.database
    for args in READS:
        result = home.run(*args)
        assert result.returncode == 0, (args, result.stderr)
    for args in WRITES:
        result = home.run(*args)
        assert result.returncode == 1, (args, result.stderr)
        line = one_clean_line(result)
        assert "read-only" in line, line
    doctor = home.run("doctor", "--json")
    assert "Traceback" not in doctor.stderr
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert {"database", "writer lock", "data dir", "secret store"} <= set(checks), checks
    assert checks["writer lock"]["ok"] is False
    assert "read-only" in checks["writer lock"]["detail"], checks["writer lock"]
    assert "unreadable" not in json.dumps(checks)
    assert (
        "integrity ok" in checks["database"]["detail"]
        or "read-only" in (checks["database"]["detail"])
    )
    assert database.exists()
