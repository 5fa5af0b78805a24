"""A sync killed at any point resumes to the same store; two syncs never collide."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from nyte_tui.errors import ExitCode
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import ingestion as qi
from nyte_tui.store.queries import mirror as q
from nyte_tui.store.queries import runs as qr
from sync.conftest import SyncHarness, control

CHILD = Path(__file__).with_name("sync_child.py")


def child_env(harness: SyncHarness, home: Path, **extra: str) -> dict[str, str]:
    """Environment for a sync child process writing into home."""
    env = dict(os.environ)
    env.update(
        NYTE_HOME=str(home),
        NYTE_TEST_TOKENS=json.dumps(harness.tokens),
        NYTE_SYNC_BATCH_SIZE="5",
        NYTE_SYNC_PAGE_SIZE="12",
    )
    env.update(extra)
    env["PYTHONPATH"] = os.pathsep.join([str(CHILD.parent.parent), env.get("PYTHONPATH", "")])
    return env


def start_child(harness: SyncHarness, home: Path, **extra: str) -> subprocess.Popen[str]:
    """Start a sync child."""
    return subprocess.Popen(
        [sys.executable, str(CHILD)],
        env=child_env(harness, home, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_requests(harness: SyncHarness, count: int, timeout: float = 30) -> None:
    """Wait until the sandbox has logged count requests since the mark."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(harness.requests()) >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"the child made fewer than {count} requests")


def test_sigkill_at_several_points_then_rerun_equals_uninterrupted(
    harness: SyncHarness, tmp_path: Path
) -> None:
    reference = harness.sync()
    assert reference.exit_code == ExitCode.OK
    expected = harness.dump()

    control(harness.server, "faults", {"match": "/batch", "count": 10_000, "delay": 0.15})
    home = tmp_path / "crashy"
    store_path = home / "data" / "nyte.sqlite3"
    from nyte_tui.store.db import open_store

    resumed_from = []
    for kill_after in (3, 18, 30, 45):
        harness.mark()
        child = start_child(harness, home)
        wait_for_requests(harness, kill_after)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        assert child.returncode == -signal.SIGKILL
        killed = open_store(store_path)
        account_id = qa.sync_accounts(killed)[0].account_id
        resume = qi.source_state(killed, account_id, "gmail").resume
        resumed_from.append(len(resume.get("seen", [])))
        killed.close()
    assert any(resumed_from), f"no kill landed between pages of the full sync: {resumed_from}"
    control(harness.server, "faults", method="DELETE")
    finisher = start_child(harness, home)
    out, err = finisher.communicate(timeout=60)
    assert finisher.returncode == 0, err
    assert json.loads(out)["accounts"][0]["gmail"]["mode"] in {"full", "incremental"}

    crashed = open_store(store_path)
    try:
        account = qa.sync_accounts(crashed)[0]
        assert q.mirror_dump(crashed, account.account_id) == expected
        state = qi.source_state(crashed, account.account_id, "gmail")
        assert state.resume == {}
        statuses = [run["status"] for run in qr.recent_runs(crashed, 10, "sync")]
        assert statuses[0] == "ok" and "running" not in statuses
        assert statuses.count("interrupted") == 4
    finally:
        crashed.close()


def test_second_sync_waits_then_exits_busy(harness: SyncHarness, tmp_path: Path) -> None:
    control(harness.server, "faults", {"match": "/batch", "count": 10_000, "delay": 0.3})
    home = tmp_path / "shared"
    first = start_child(harness, home)
    harness.mark()
    wait_for_requests(harness, 2)
    second = start_child(harness, home, NYTE_TEST_LOCK_TIMEOUT="0.5")
    _out, err = second.communicate(timeout=30)
    assert second.returncode == ExitCode.BUSY
    assert "another nyte sync or send is running" in err
    assert "database is locked" not in err
    control(harness.server, "faults", method="DELETE")
    _out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert "database is locked" not in err


@pytest.mark.parametrize("waiter_timeout", ["20"])
def test_second_sync_that_waits_long_enough_succeeds(
    harness: SyncHarness, tmp_path: Path, waiter_timeout: str
) -> None:
    control(harness.server, "faults", {"match": "/batch", "count": 10_000, "delay": 0.05})
    home = tmp_path / "shared"
    first = start_child(harness, home)
    harness.mark()
    wait_for_requests(harness, 2)
    second = start_child(harness, home, NYTE_TEST_LOCK_TIMEOUT=waiter_timeout)
    _out_first, err_first = first.communicate(timeout=60)
    out_second, err_second = second.communicate(timeout=60)
    assert first.returncode == 0, err_first
    assert second.returncode == 0, err_second
    assert json.loads(out_second)["accounts"][0]["gmail"]["mode"] == "incremental"


def triage_dump(store_path: Path) -> dict[str, object]:
    """Items with their scores, reasons, gates and state, keyed by thread or event."""
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.config.settings import load_settings
    from nyte_tui.services.triage.views import important_list
    from nyte_tui.store.db import open_store

    store = open_store(store_path)
    try:
        listing = important_list(store, load_settings(resolve_paths()), include_all=True)
        items = [asdict(i) for i in listing.items]
    finally:
        store.close()
    keep = ("kind", "score", "tier", "reason", "status", "gates", "who", "title")
    return {f"{i['thread_id'] or i['event_id']}": {k: i[k] for k in keep} for i in items}


def test_sigkill_during_incremental_sync_and_triage_then_rerun_equals_uninterrupted(
    harness: SyncHarness, tmp_path: Path
) -> None:
    from nyte_tui.store.db import open_store
    from sync.test_faults import add_mail

    home = tmp_path / "crashy"
    store_path = home / "data" / "nyte.sqlite3"
    first = start_child(harness, home)
    out, err = first.communicate(timeout=60)
    assert first.returncode == 0, out + err
    assert harness.sync().exit_code == ExitCode.OK

    add_mail(harness, 30)
    with harness.server.state.lock:
        some = sorted(harness.server.state.gmail.messages)[:5]
        for gmail_id in some:
            harness.server.state.gmail.modify(gmail_id, ["STARRED"], ["UNREAD"])
    control(harness.server, "faults", {"match": "/batch", "count": 10_000, "delay": 0.15})
    control(
        harness.server,
        "faults",
        {"match": "gmail.users.history.list", "count": 10_000, "delay": 0.1},
    )
    killed = 0
    for kill_after in (3, 7, 11, 15):
        harness.mark()
        child = start_child(harness, home, NYTE_SYNC_PAGE_SIZE="4")
        deadline = time.monotonic() + 30
        while len(harness.requests()) < kill_after and child.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
        child.wait(timeout=10)
    assert killed >= 2
    control(harness.server, "faults", method="DELETE")
    finisher = start_child(harness, home, NYTE_SYNC_PAGE_SIZE="4")
    _out, err = finisher.communicate(timeout=60)
    assert finisher.returncode == 0, err

    assert harness.sync().exit_code == ExitCode.OK
    crashed = open_store(store_path)
    try:
        account = qa.sync_accounts(crashed)[0]
        assert q.mirror_dump(crashed, account.account_id) == harness.dump()
    finally:
        crashed.close()
    assert triage_dump(store_path) == triage_dump(harness.paths.database)
