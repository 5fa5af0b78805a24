"""A reply confirmed from a run is sent once: lost answers, killed processes, double confirms."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from conversation.conftest import Conv
from nyte_tui.services.commands.execute import reconcile_runs
from nyte_tui.store.queries import commands as qc
from nyte_tui.store.queries import outbox as qo
from send.conftest import nyte


def _popen(cli_env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """Start nyte in the background."""
    return subprocess.Popen(
        [sys.executable, "-m", "nyte_tui", *args],
        env=cli_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _reply(conv: Conv, item_id: int, text: str = "reply that it is signed") -> tuple[int, str]:
    """A previewed reply run: (run id, Message-ID)."""
    view = conv.preview(text, item_id)
    assert view.proposal is not None, view
    return view.run_id, str(view.proposal.payload["message_id"])


def test_an_answer_lost_after_gmail_applied_it_is_reconciled(
    conv: Conv, reply_item: tuple[int, str]
) -> None:
    """The connection drops after the send was applied: Sent is searched, one copy, completed."""
    run_id, message_id = _reply(conv, reply_item[0])
    conv.env.fault(drop="after")
    done = conv.confirm(run_id)
    assert done.status == "completed", done
    assert conv.env.sends() == 1 and len(conv.env.in_sent(message_id)) == 1


def test_a_process_killed_mid_send_never_sends_twice(
    cli_env: dict[str, str], conv: Conv, reply_item: tuple[int, str]
) -> None:
    """SIGKILL while Gmail applies the POST; the next start settles the run from Sent."""
    run_id, message_id = _reply(conv, reply_item[0])
    conv.env.fault(delay=3.0)
    child = _popen(cli_env, "command", "confirm", str(run_id), "--json")
    deadline = time.monotonic() + 20
    while conv.env.sends() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    run = qc.get_run(conv.env.h.store, run_id)
    assert run is not None and run.status == "executing"
    while not conv.env.in_sent(message_id) and time.monotonic() < deadline:
        time.sleep(0.1)  # the sandbox finishes the delayed send after the client died
    again = nyte(cli_env, "command", "confirm", str(run_id), "--json")
    assert again.returncode == 0, again.stderr
    shown = json.loads(again.stdout)
    assert shown["status"] == "completed" and shown["result"]["state"] == "sent"
    assert conv.env.sends() == 1 and len(conv.env.in_sent(message_id)) == 1


def test_a_crash_before_the_claim_leaves_a_run_to_confirm_again(
    conv: Conv, reply_item: tuple[int, str]
) -> None:
    """A run left executing with its row still queued sent nothing: it returns to approval."""
    run_id, message_id = _reply(conv, reply_item[0])
    from nyte_tui.store.command_records import RunChange

    assert qc.record_step(conv.env.h.store, run_id, change=RunChange(status="executing"))
    settled = reconcile_runs(
        conv.env.h.paths, conv.env.settings, credentials=conv.env.creds(), store=conv.env.h.store
    )
    assert [s.status for s in settled] == ["awaiting_approval"]
    assert conv.env.sends() == 0
    assert conv.confirm(run_id).status == "completed"
    assert len(conv.env.in_sent(message_id)) == 1


def test_two_processes_confirming_at_once_send_once(
    cli_env: dict[str, str], conv: Conv, reply_item: tuple[int, str]
) -> None:
    """Two confirms race on the writer lock: one sends, the other returns its result or waits."""
    run_id, message_id = _reply(conv, reply_item[0])
    conv.env.fault(delay=1.0)
    children = [_popen(cli_env, "command", "confirm", str(run_id), "--json") for _ in "ab"]
    codes = [child.wait(timeout=90) for child in children]
    outputs = [c.stdout.read() if c.stdout else "" for c in children]
    assert set(codes) <= {0, 5} and 0 in codes, [c.stderr.read() for c in children if c.stderr]
    for code, out in zip(codes, outputs, strict=True):
        if code == 0:
            assert json.loads(out)["status"] == "completed"
    assert conv.env.sends() == 1 and len(conv.env.in_sent(message_id)) == 1
    run = qc.get_run(conv.env.h.store, run_id)
    assert run is not None and run.action is not None
    row = qo.get_outbox(conv.env.h.store, int(run.action.payload["outbox_id"]))
    assert row is not None and row.attempts == 1
