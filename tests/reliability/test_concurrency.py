"""The app's sync worker, a cron `nyte sync` and a confirm, all at once, round after round.

No output ever says "database is locked", every exit code is a documented one (5 = another
writer holds the lock), every confirmed message is in Sent exactly once, and the mail each
round delivered before a successful sync is in the store afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nyte_tui.config.settings import load_settings
from nyte_tui.services.sending import send as sending
from nyte_tui.store.queries import outbox as qo
from reliability.conftest import SendEnv
from sync.test_sync import raw_mail, stored_messages

pytestmark = pytest.mark.slow
WORKER = Path(__file__).with_name("app_worker.py")
TESTS = Path(__file__).resolve().parents[1]
ROUNDS = 10
SYNC_CODES = {0, 5}  # ok, or another writer held the lock past lock_wait
CONFIRM_CODES = {0, 4, 5}  # sent, not known yet (still in flight), busy


def _start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """Start a process with the test tree importable."""
    return subprocess.Popen(
        [sys.executable, *args],
        env={**env, "PYTHONPATH": os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(child: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for a child: (exit code, stdout, stderr)."""
    out, err = child.communicate(timeout=120)
    return child.returncode, out, err


def _deliver(env: SendEnv, round_number: int) -> set[str]:
    """New mail for this round; returns the new Gmail ids."""
    state = env.h.server.state
    ids = set()
    for number in range(2):
        raw = raw_mail(
            "Sam Ortiz <sam@northwind.example>",
            f"Round {round_number} question {number}",
            "Can you look at this today?",
            f"<round-{round_number}-{number}@northwind.example>",
        )
        with state.lock:
            ids.add(str(state.insert_message(raw, ["INBOX", "UNREAD"])["id"]))
    return ids


def _preview(env: SendEnv, round_number: int) -> sending.SendPreview:
    """A message to confirm this round."""
    return sending.preview_send(
        env.h.paths,
        load_settings(env.h.paths),
        account_email=None,
        to=["dana@lex.example"],
        cc=[],
        bcc=[],
        subject=f"Round {round_number}",
        body=f"Numbers for round {round_number}.",
        reply_to_item=None,
        store=env.h.store,
    )


def test_worker_cron_sync_and_confirms_at_once_lose_nothing(
    cli_env: dict[str, str], env: SendEnv, reply_item: tuple[int, str]
) -> None:
    from conversation.conftest import Conv
    from nyte_tui.store.queries.worklist import set_item_status

    conv = Conv(env)
    cli_env = {**cli_env, "NYTE_SYNC_LOCK_WAIT": "20"}
    confirmed: list[str] = []
    for round_number in range(ROUNDS):
        delivered = _deliver(env, round_number)
        preview = _preview(env, round_number)
        set_item_status(env.h.store, reply_item[0], "open", actor="test")
        run = conv.preview(f"reply that round {round_number} is fine", reply_item[0])
        assert run.proposal is not None, run
        confirmed += [preview.message_id, str(run.proposal.payload["message_id"])]
        children = {
            "worker": _start(cli_env, str(WORKER), "2"),
            "cron": _start(cli_env, "-m", "nyte_tui", "sync", "--quiet"),
            "send": _start(cli_env, "-m", "nyte_tui", "send", "--confirm", str(preview.outbox_id)),
            "command": _start(cli_env, "-m", "nyte_tui", "command", "confirm", str(run.run_id)),
        }
        results = {name: _finish(child) for name, child in children.items()}
        for name, (code, out, err) in results.items():
            assert "database is locked" not in out + err, (name, out, err)
            assert "Traceback" not in err, (name, err)
            allowed = SYNC_CODES if name in ("worker", "cron") else CONFIRM_CODES
            assert code in allowed, (name, code, out, err)
        passes = [json.loads(line) for line in results["worker"][1].splitlines() if line.strip()]
        assert len(passes) == 2 and all(p["ok"] or p["busy"] for p in passes), passes
        synced = results["cron"][0] == 0 or any(p["ok"] for p in passes)
        if synced:  # a sync that succeeded started after the delivery: its mail is stored
            assert delivered <= set(stored_messages(env.h)), round_number
        for name in ("send", "command"):  # busy or still in flight: cron would run it again
            if results[name][0] != 0:
                settle(cli_env, name, preview.outbox_id, run.run_id)
        row = qo.get_outbox(env.h.store, preview.outbox_id)
        assert row is not None and row.state == "sent", row
    for message_id in confirmed:
        assert len(env.in_sent(message_id)) == 1, message_id


def settle(cli_env: dict[str, str], name: str, outbox_id: int, run_id: int) -> None:
    """Run a busy or undecided confirm again until it reports its outcome."""
    args = (
        ["send", "--confirm", str(outbox_id)]
        if name == "send"
        else ["command", "confirm", str(run_id)]
    )
    for _attempt in range(20):
        code, _out, err = _finish(_start(cli_env, "-m", "nyte_tui", *args))
        assert "database is locked" not in err and code in CONFIRM_CODES, (code, err)
        if code == 0:
            return
        time.sleep(0.5)
    raise AssertionError(f"{name} never settled")
