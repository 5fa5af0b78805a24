"""quick_check runs again only when the file changed outside nyte (or a day has passed)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nyte_tui.store import verified
from nyte_tui.store.db import open_store
from nyte_tui.store.models import Account


@pytest.fixture
def checked(tmp_path: Path) -> Path:
    """A store written, quick_checked and closed by nyte; this process's memory then cleared."""
    path = tmp_path / "nyte.sqlite3"
    store = open_store(path)
    with store.session() as session:
        session.add(Account(email="a@northwind.example"))
    with store.session() as session:  # the second write reuses the passing check
        session.add(Account(email="b@northwind.example"))
    store.close()
    verified.clear_memory()  # as if a new process started
    return path


def test_nyte_s_own_writes_keep_the_file_known_good(checked: Path) -> None:
    assert verified.known_good(checked)
    store = open_store(checked)
    with store.session() as session:
        session.add(Account(email="c@northwind.example"))
    store.close()
    verified.clear_memory()
    assert verified.known_good(checked)


def test_an_outside_change_brings_the_check_back(checked: Path) -> None:
    with checked.open("r+b") as handle:
        handle.seek(0, os.SEEK_END)
        handle.write(b"\0" * 4096)
    assert not verified.known_good(checked)


def test_a_day_old_check_is_done_again(checked: Path) -> None:
    stamp = verified.stamp_file(checked)
    record = json.loads(stamp.read_text(encoding="utf-8"))
    record["checked_at"] -= verified.RECHECK_AFTER_SECONDS + 60
    stamp.write_text(json.dumps(record), encoding="utf-8")
    assert not verified.known_good(checked)
