"""Store failures reach people as typed one-liners: never SQL, never its parameters."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest

from nyte_tui.cli import describe_unexpected
from nyte_tui.errors import ExitCode, NyteError
from nyte_tui.store.db import open_store
from nyte_tui.store.errors import StoreReadOnly
from nyte_tui.store.models import Account

SECRET = "ceo-private@northwind.example"


def _chain(exc: BaseException) -> str:
    """Everything --debug would print for exc."""
    return "".join(traceback.format_exception(exc))


def test_a_refused_write_names_the_file_not_the_row(tmp_path: Path) -> None:
    store = open_store(tmp_path / "nyte.sqlite3")
    with store.engine.connect() as connection:  # the pool hands this connection out again
        connection.exec_driver_sql("PRAGMA query_only = ON")
    with pytest.raises(StoreReadOnly) as caught, store.session() as session:
        session.add(Account(email=SECRET, display_name="Secret Subject Line"))
    store.close()
    assert isinstance(caught.value, NyteError) and caught.value.exit_code == ExitCode.ERROR
    message = str(caught.value)
    assert str(tmp_path / "nyte.sqlite3") in message and "read-only" in message
    for leak in (SECRET, "Secret Subject Line", "INSERT", "[SQL", "[parameters"):
        assert leak not in message
    assert SECRET not in _chain(caught.value)  # not even the --debug traceback shows the row


def test_an_unforeseen_database_error_prints_no_sql(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    store = open_store(tmp_path / "nyte.sqlite3")
    with store.session() as session:
        session.add(Account(email=SECRET))
    with pytest.raises(IntegrityError) as caught, store.session() as session:
        session.add(Account(email=SECRET, display_name="Secret Subject Line"))
    store.close()
    line = describe_unexpected(caught.value)
    assert "SQL" not in line and SECRET not in line and "IntegrityError" not in line
    assert "--debug" in line
    assert SECRET not in _chain(caught.value)  # parameters are hidden even under --debug


def test_os_errors_are_one_plain_line() -> None:
    import errno

    full = OSError(errno.ENOSPC, "No space left on device", "/data/nyte/nyte.sqlite3")
    assert describe_unexpected(full) == (
        "disk full at /data/nyte/nyte.sqlite3: free some space and run the command again"
    )
    read_only = OSError(errno.EROFS, "Read-only file system", "/data/nyte/writer.lock")
    assert describe_unexpected(read_only) == "read-only file system at /data/nyte/writer.lock"
    assert "ValueError" not in describe_unexpected(ValueError("bad thing"))
