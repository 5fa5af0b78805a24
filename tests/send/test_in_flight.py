"""A send killed while Gmail is still applying its POST is never sent a second time.

Real processes, SIGKILL, and a sandbox that applies the POST slowly: re-confirming (even with
--resend-unknown) while the first POST may still arrive keeps the row `sending`; only once the
claim is older than the send timeout and Sent still lacks the Message-ID may it go again.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from nyte_tui.config.settings import load_settings
from nyte_tui.errors import ExitCode
from nyte_tui.services.sending import send as sending
from nyte_tui.store.queries import outbox as qo
from send.conftest import SendEnv, nyte


def _preview(env: SendEnv, body: str = "Signed and sent back.") -> sending.SendPreview:
    """A stored preview made in-process."""
    return sending.preview_send(
        env.h.paths,
        load_settings(env.h.paths),
        account_email=None,
        to=["dana@lex.example"],
        cc=[],
        bcc=[],
        subject="Contract",
        body=body,
        reply_to_item=None,
        store=env.h.store,
    )


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


def kill_during_post(env: SendEnv, child: subprocess.Popen[str]) -> float:
    """SIGKILL the child once its POST reached the sandbox; return the monotonic kill time."""
    deadline = time.monotonic() + 30
    while env.sends() == 0:
        assert time.monotonic() < deadline and child.poll() is None, "no send reached Gmail"
        time.sleep(0.02)
    time.sleep(0.2)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    return time.monotonic()


def _state(env: SendEnv, outbox_id: int) -> str:
    """The stored state of an outbox row."""
    row = qo.get_outbox(env.h.store, outbox_id)
    assert row is not None
    return row.state


def test_reconfirm_while_the_killed_post_is_still_applied_never_sends_twice(
    cli_env: dict[str, str], env: SendEnv
) -> None:
    preview = _preview(env)
    env.fault(delay=20.0)
    killed_at = kill_during_post(env, _popen(cli_env, "send", "--confirm", str(preview.outbox_id)))
    time.sleep(max(0.0, killed_at + 1.5 - time.monotonic()))

    again = nyte(cli_env, "send", "--confirm", str(preview.outbox_id), "--json")
    shown = json.loads(again.stdout)
    if again.returncode == 0:  # only once the first POST landed (the machine was slow)
        assert shown["state"] == "sent" and env.in_sent(preview.message_id)
    else:
        assert again.returncode == ExitCode.PARTIAL, again.stderr
        assert shown["stored_state"] == "sending" and "still sending" in shown["note"]
    resend = nyte(cli_env, "send", "--confirm", str(preview.outbox_id), "--resend-unknown")
    if resend.returncode != 0:
        assert resend.returncode == ExitCode.PARTIAL, resend.stderr
        said = " ".join(resend.stdout.split())
        assert "still sending" in said and "never sent twice" in said
    swept = nyte(cli_env, "sync", "--quiet")  # cron's sync settles rows too: never to unknown
    assert swept.returncode == 0, swept.stderr
    assert _state(env, preview.outbox_id) in ("sending", "sent")
    assert env.sends() == 1
    assert ExitCode.PARTIAL in (again.returncode, resend.returncode), (
        "the POST was never seen in flight"
    )

    deadline = time.monotonic() + 40
    while not env.in_sent(preview.message_id):
        assert time.monotonic() < deadline
        time.sleep(0.1)  # the sandbox finishes the first POST after its client died
    done = nyte(cli_env, "send", "--confirm", str(preview.outbox_id), "--resend-unknown", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["state"] == "sent"
    assert env.sends() == 1 and len(env.in_sent(preview.message_id)) == 1


def test_resend_unknown_waits_for_the_timeout_then_sends_exactly_one_copy(
    cli_env: dict[str, str], env: SendEnv
) -> None:
    cli_env = {**cli_env, "NYTE_SEND_TIMEOUT": "1"}  # in flight for 1 s connect + 1 s read
    preview = _preview(env, "Lost on the way.")
    env.fault(delay=0.8, drop="before")  # Gmail never applies this POST
    killed_at = kill_during_post(env, _popen(cli_env, "send", "--confirm", str(preview.outbox_id)))

    early = nyte(cli_env, "send", "--confirm", str(preview.outbox_id), "--resend-unknown")
    if time.monotonic() - killed_at < 1.5:  # a slow machine may already be past the window
        assert early.returncode == ExitCode.PARTIAL, early.stderr
        assert env.sends() == 1
    time.sleep(max(0.0, killed_at + 2.5 - time.monotonic()))  # the window counts from the claim
    resent = nyte(
        cli_env, "send", "--confirm", str(preview.outbox_id), "--resend-unknown", "--json"
    )
    assert resent.returncode == 0, resent.stdout + resent.stderr
    assert json.loads(resent.stdout)["state"] == "sent"
    assert env.sends() == 2 and len(env.in_sent(preview.message_id)) == 1
    again = nyte(cli_env, "send", "--confirm", str(preview.outbox_id), "--resend-unknown")
    assert again.returncode == 0 and env.sends() == 2


def test_command_confirm_killed_mid_post_reports_still_sending_then_completes_once(
    cli_env: dict[str, str], env: SendEnv, reply_item: tuple[int, str]
) -> None:
    from conversation.conftest import Conv
    from nyte_tui.store.queries import commands as qc

    conv = Conv(env)
    view = conv.preview("reply that it is signed", reply_item[0])
    assert view.proposal is not None, view
    run_id, message_id = view.run_id, str(view.proposal.payload["message_id"])
    env.fault(delay=20.0)
    killed_at = kill_during_post(env, _popen(cli_env, "command", "confirm", str(run_id)))
    time.sleep(max(0.0, killed_at + 1.5 - time.monotonic()))

    again = nyte(cli_env, "command", "confirm", str(run_id), "--json")
    shown = json.loads(again.stdout)
    assert again.returncode == ExitCode.PARTIAL, again.stdout + again.stderr
    assert shown["status"] == "executing" and "still sending" in (shown["notice"] or "")
    assert nyte(cli_env, "sync", "--quiet").returncode == 0
    run = qc.get_run(env.h.store, run_id)
    assert run is not None and run.status in ("executing", "completed")
    assert env.sends() == 1

    deadline = time.monotonic() + 40
    while not env.in_sent(message_id):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    done = nyte(cli_env, "command", "confirm", str(run_id), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "completed"
    assert env.sends() == 1 and len(env.in_sent(message_id)) == 1


def test_a_claim_older_than_the_window_is_resent_even_when_the_row_changed_just_now(
    cli_env: dict[str, str], env: SendEnv
) -> None:
    cli_env = {**cli_env, "NYTE_SEND_TIMEOUT": "1"}
    preview = _preview(env, "Claimed long ago.")
    assert qo.claim(env.h.store, preview.outbox_id, ("queued",))  # a process died after this
    long_ago = "2026-01-01T00:00:00.000000Z"
    with sqlite3.connect(env.h.paths.database) as conn:
        conn.execute(
            "UPDATE outbox SET claimed_at = ?, updated_at = ? WHERE id = ?",
            (long_ago, long_ago, preview.outbox_id),
        )
    conn.close()
    # the command's own start-up reconcile finds the outcome lost (the row changes now); the
    # attempt is still months old, so --resend-unknown sends it in the same run
    resent = nyte(cli_env, "send", "--confirm", str(preview.outbox_id), "--resend-unknown")
    assert resent.returncode == 0, resent.stdout + resent.stderr
    assert env.sends() == 1 and len(env.in_sent(preview.message_id)) == 1
