"""A damaged database is refused by every command, in one line, and never written to."""

from __future__ import annotations

import json

import pytest

from hardening.conftest import Home, one_clean_line, overwrite_pages, table_root

READ_COMMANDS = (("important",), ("agenda",), ("runs",), ("outbox",), ("auth", "status"))
SEND = ("send", "--to", "dana@northwind.example", "--subject", "Hi", "--body", "secret words")


def _assert_refused(home: Home, *args: str) -> str:
    """The command exits 1 with the one damaged-store line, leaving the file's bytes alone."""
    before = home.digest()
    result = home.run(*args)
    assert result.returncode == 1, (args, result.stdout, result.stderr)
    line = one_clean_line(result)
    assert str(home.database) in line, line
    assert "damaged" in line or "not a SQLite database" in line, line
    assert "nyte sync --full" in line and "backup" in line, line
    assert "secret words" not in result.stderr + result.stdout
    assert home.digest() == before, args
    return line


def test_overwritten_pages_fail_doctor_and_every_command(home: Home) -> None:
    """Garbage over a table nobody reads first: doctor's quick_check and every writer see it."""
    overwrite_pages(home.database, [table_root(home.database, "contacts")])
    assert home.integrity() != "ok"
    before = home.digest()

    send = home.run(*SEND)  # the first writer checks before its first write
    assert send.returncode == 1, send.stdout + send.stderr
    one_clean_line(send)
    assert home.digest() == before

    doctor = home.run("doctor", "--json")
    assert doctor.returncode == 1
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert checks["database"]["ok"] is False
    assert "damaged" in checks["database"]["detail"]
    assert "nyte sync --full" in checks["database"]["fix"]
    assert not any("auth login" in str(c["fix"]) for c in checks.values())

    for args in (("sync",), ("sync", "--json"), SEND, *READ_COMMANDS):
        _assert_refused(home, *args)
    assert home.digest() == before


def test_sync_on_a_damaged_store_exits_1_not_partial(home: Home) -> None:
    """Cron must hear "needs you" (1), never "partial, next run resumes" (4)."""
    overwrite_pages(home.database, [table_root(home.database, "ingestion_state")])
    line = _assert_refused(home, "sync")
    assert "ingestion_state" not in line


@pytest.mark.parametrize("keep", [0.5, 0.02])
def test_truncated_database_is_refused(home: Home, keep: float) -> None:
    size = home.database.stat().st_size
    with home.database.open("r+b") as handle:
        handle.truncate(max(int(size * keep), 200))
    line = _assert_refused(home, "important")
    assert "truncated" in line or "damaged" in line
    for args in (("sync",), SEND, ("runs",)):
        _assert_refused(home, *args)
    doctor = home.run("doctor")
    assert doctor.returncode == 1
    assert "database" in doctor.stdout and "damaged" in doctor.stdout


def test_a_file_that_is_not_a_database(home: Home) -> None:
    home.database.write_bytes(b"these are my notes, not a database\n" * 200)
    for suffix in ("-wal", "-shm"):
        home.database.with_name(home.database.name + suffix).unlink(missing_ok=True)
    for args in (("important",), ("sync",), SEND):
        line = _assert_refused(home, *args)
        assert "not a SQLite database" in line
    doctor = home.run("doctor")
    assert doctor.returncode == 1 and "not a SQLite database" in doctor.stdout


def test_a_restored_store_is_accepted_again(home: Home) -> None:
    """The damage marker clears itself once the file passes quick_check again."""
    good = home.database.read_bytes()
    overwrite_pages(home.database, [table_root(home.database, "contacts")])
    assert home.run("doctor").returncode == 1
    _assert_refused(home, "important")
    home.database.write_bytes(good)
    result = home.run("important")
    assert result.returncode == 0, result.stderr
    assert home.run("sync", "--quiet").returncode == 0
    assert home.integrity() == "ok"
