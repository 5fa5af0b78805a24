"""The slow lane: SIGKILL at seeded random points in sync, scoring, command confirm, reconcile.

Each trial kills a real `nyte` process at a random point (inside a transaction, just after a
commit, or from outside after a random number of Google requests), checks the store's
invariants, reruns the same command uninterrupted and checks that it converged to what an
uninterrupted run produced, and that no message ever reached Sent twice.
Run with `make test-slow` (seed: NYTE_CRASH_SEED, default fixed).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nyte_tui.store.db import open_store
from nyte_tui.store.queries import mirror as q
from nyte_tui.store.queries import outbox as qo
from reliability.conftest import SendEnv
from reliability.invariants import broken_invariants
from sync.conftest import control
from sync.test_crash_and_lock import triage_dump
from sync.test_sync import raw_mail

pytestmark = pytest.mark.slow
CHILD = Path(__file__).with_name("crash_child.py")
SEED = int(os.environ.get("NYTE_CRASH_SEED", "20261202"))
TESTS = Path(__file__).resolve().parents[1]


@dataclass
class Lane:
    """One sandbox, a template home (account + secrets, nothing synced) and trial homes."""

    env: SendEnv
    cli_env: dict[str, str]
    root: Path
    rng: random.Random
    extra: dict[str, str] = field(default_factory=dict)
    kills: int = 0
    trials: list[str] = field(default_factory=list)

    @property
    def template(self) -> Path:
        """The home every fresh trial starts from."""
        return self.root / "template"

    def child_env(self, home: Path, **extra: str) -> dict[str, str]:
        """Environment of a child writing into home."""
        env = {**self.cli_env, **self.extra, "NYTE_HOME": str(home), **extra}
        env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
        return env

    def start(
        self, home: Path, args: list[str], kill_at: str | None = None
    ) -> subprocess.Popen[str]:
        """Start `nyte ARGS` in home, optionally dying at a transaction."""
        extra = {"NYTE_TEST_KILL_AT": kill_at} if kill_at else {}
        return subprocess.Popen(
            [sys.executable, str(CHILD), *args],
            env=self.child_env(home, NYTE_SEND_TIMEOUT="1", **extra),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, home: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
        """Run `nyte ARGS` in home to the end."""
        child = self.start(home, args)
        out, err = child.communicate(timeout=120)
        return subprocess.CompletedProcess(child.args, child.returncode, out, err)

    def crash(self, name: str, home: Path, args: list[str], commits: int, requests: int) -> None:
        """Run ARGS and kill it at a seeded random point; then check the invariants."""
        how = self.rng.choice(["before-commit", "after-commit", "requests"])
        kill_at = None
        if how != "requests":
            kill_at = f"{self.rng.randint(1, commits)}:{how.split('-')[0]}"
        self.env.h.mark()
        child = self.start(home, args, kill_at)
        if how == "requests":
            wanted = self.rng.randint(1, requests)
            deadline = time.monotonic() + 60
            log = self.env.h.server.state.log  # in-process: polling costs no request
            while child.poll() is None and log.next_seq - self.env.h.log_mark < wanted:
                assert time.monotonic() < deadline, "the child made no progress"
                time.sleep(0.01)
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
        _out, err = child.communicate(timeout=60)
        killed = child.returncode == -signal.SIGKILL
        self.kills += killed
        self.trials.append(f"{name}:{how}:{kill_at or wanted}:{'killed' if killed else 'ran'}")
        assert killed or child.returncode in (0, 4), err
        assert "database is locked" not in err
        database = home / "data" / "nyte.sqlite3"
        if database.exists():
            assert broken_invariants(database) == [], self.trials[-1]


def backup(source: Path, target: Path) -> None:
    """Copy a live SQLite database consistently."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    target.chmod(0o600)


def copy_home(source: Path, target: Path, *, database: bool = True) -> None:
    """A trial home: the config and secrets of source and (optionally) its database."""
    for path in source.rglob("*"):
        if (
            path.is_file()
            and path.suffix not in (".sqlite3", ".lock", ".owner")
            and "-wal" not in path.name
            and "-shm" not in path.name
        ):
            copy = target / path.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            copy.write_bytes(path.read_bytes())
            copy.chmod(0o600)
    if database:
        backup(source / "data" / "nyte.sqlite3", target / "data" / "nyte.sqlite3")


@pytest.fixture
def lane(env: SendEnv, cli_env: dict[str, str], tmp_path: Path) -> Iterator[Lane]:
    """A lane whose template home holds the account and its secrets, nothing synced yet."""
    made = Lane(env, cli_env, tmp_path, random.Random(SEED))
    copy_home(env.h.paths.data_dir.parent, made.template)
    yield made
    print(f"crash lane seed {SEED}: {made.kills}/{len(made.trials)} killed: {made.trials}")


def mirror(home: Path) -> tuple[object, object]:
    """The mirror and the triage of a home's store."""
    database = home / "data" / "nyte.sqlite3"
    store = open_store(database)
    try:
        dump = q.mirror_dump(store, 1)
    finally:
        store.close()
    return dump, triage_dump(database)


def reference(lane: Lane) -> tuple[object, object]:
    """What an uninterrupted sync of the sandbox as it is now produces."""
    assert lane.env.h.sync().exit_code == 0
    return mirror(lane.env.h.paths.data_dir.parent)


def slow_down(lane: Lane, match: str, delay: float) -> None:
    """Make every matching call slow, so a kill lands mid-request as often as between."""
    control(lane.env.h.server, "faults", {"match": match, "count": 10_000, "delay": delay})


def heal(lane: Lane) -> None:
    """Full speed again (for the uninterrupted rerun)."""
    control(lane.env.h.server, "faults", method="DELETE")


def test_sync_killed_at_random_points_converges(lane: Lane) -> None:
    lane.extra.update(NYTE_SYNC_PAGE_SIZE="3", NYTE_SYNC_BATCH_SIZE="2")
    expected = reference(lane)
    for trial in range(16):
        home = lane.root / f"sync-{trial}"
        copy_home(lane.template, home)
        slow_down(lane, "/batch", 0.03)
        lane.crash("sync", home, ["sync", "--quiet"], commits=40, requests=30)
        heal(lane)
        rerun = lane.run(home, ["sync", "--quiet"])
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        assert broken_invariants(home / "data" / "nyte.sqlite3") == []
        assert mirror(home) == expected, lane.trials[-1]
    assert lane.kills >= 10, lane.trials


def deliver(lane: Lane, trial: int) -> None:
    """New mail for the scoring pass to score: a question and a newsletter."""
    state = lane.env.h.server.state
    for number, (sender, subject, body) in enumerate(
        [
            ("Sam Ortiz <sam@northwind.example>", "Budget sign-off", "Can you approve it today?"),
            ("News <news@shop.example>", "Weekly deals", "Unsubscribe any time."),
        ]
    ):
        raw = raw_mail(sender, f"{subject} {trial}", body, f"<score-{trial}-{number}@x.example>")
        with state.lock:
            state.insert_message(raw, ["INBOX", "UNREAD"])


def test_scoring_killed_at_random_points_converges(lane: Lane) -> None:
    synced = lane.root / "synced"
    reference(lane)
    copy_home(lane.env.h.paths.data_dir.parent, synced)
    for trial in range(12):
        home = lane.root / f"score-{trial}"
        copy_home(synced, home)
        deliver(lane, trial)
        expected = reference(lane)
        slow_down(lane, "gmail.users.messages.get", 0.02)
        lane.crash("score", home, ["sync", "--quiet"], commits=25, requests=12)
        heal(lane)
        rerun = lane.run(home, ["sync", "--quiet"])
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        assert mirror(home) == expected, lane.trials[-1]
    assert lane.kills >= 6, lane.trials


def test_command_confirm_killed_at_random_points_sends_exactly_once(
    lane: Lane, reply_item: tuple[int, str]
) -> None:
    from conversation.conftest import Conv
    from nyte_tui.store.queries.worklist import set_item_status

    conv = Conv(lane.env)
    home = lane.env.h.paths.data_dir.parent
    for trial in range(12):
        set_item_status(lane.env.h.store, reply_item[0], "open", actor="test")
        view = conv.preview(f"reply that draft {trial} is signed", reply_item[0])
        assert view.proposal is not None, view
        message_id = str(view.proposal.payload["message_id"])
        lane.env.fault(delay=lane.rng.uniform(0.1, 0.8))
        lane.crash("confirm", home, ["command", "confirm", str(view.run_id)], commits=8, requests=4)
        settle_run(lane, home, view.run_id, int(view.proposal.payload["outbox_id"]))
        copies = lane.env.in_sent(message_id)
        assert len(copies) == 1, (lane.trials[-1], copies)
        assert broken_invariants(home / "data" / "nyte.sqlite3") == []
    assert lane.kills >= 6, lane.trials


def settle_run(lane: Lane, home: Path, run_id: int, outbox_id: int) -> None:
    """Confirm again until the run is done; an unknown row takes the documented resend."""
    deadline = time.monotonic() + 40
    while True:
        again = lane.run(home, ["command", "confirm", str(run_id), "--json"])
        assert again.returncode in (0, 4), again.stdout + again.stderr
        if again.returncode == 0:
            assert json.loads(again.stdout)["status"] == "completed"
            return
        row = qo.get_outbox(lane.env.h.store, outbox_id)
        assert row is not None and row.state in ("sending", "unknown"), row
        if row.state == "unknown":
            lane.run(home, ["send", "--confirm", str(outbox_id), "--resend-unknown"])
        assert time.monotonic() < deadline, lane.trials[-1]
        time.sleep(0.5)


def test_reconcile_killed_at_random_points_never_sends(lane: Lane) -> None:
    from nyte_tui.services.sending import send as sending

    home = lane.env.h.paths.data_dir.parent
    for trial in range(10):
        preview = sending.preview_send(
            lane.env.h.paths,
            lane.env.settings,
            account_email=None,
            to=["dana@lex.example"],
            cc=[],
            bcc=[],
            subject=f"Left sending {trial}",
            body=f"Crash {trial}.",
            reply_to_item=None,
            store=lane.env.h.store,
        )
        applied = trial % 2 == 0  # half of them reached Gmail before the crash
        if applied:
            row = qo.get_outbox(lane.env.h.store, preview.outbox_id)
            assert row is not None
            import base64

            raw = base64.urlsafe_b64encode(row.raw_mime).decode()
            lane.env.api("POST", "messages/send", {"raw": raw})
        assert qo.claim(lane.env.h.store, preview.outbox_id, ("queued",))
        from send.conftest import age_outbox

        age_outbox(lane.env.h.store, preview.outbox_id, 10)  # the claim is old: decide now
        slow_down(lane, "gmail.users.messages.list", 0.05)
        lane.crash("reconcile", home, ["sync", "--quiet"], commits=6, requests=3)
        heal(lane)
        rerun = lane.run(home, ["sync", "--quiet"])
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        row = qo.get_outbox(lane.env.h.store, preview.outbox_id)
        assert row is not None and row.state == ("sent" if applied else "unknown"), row
        assert len(lane.env.in_sent(preview.message_id)) == (1 if applied else 0)
        assert lane.env.h.count("gmail.users.messages.send") == 0  # since the crash began
    assert lane.kills >= 5, lane.trials
