"""`nyte send` and `nyte outbox` through the real executable, file secret store and sandbox."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from nyte_tui.config.settings import load_settings
from nyte_tui.services.sending import send as sending
from nyte_tui.store.queries import outbox as qo
from send.conftest import SendEnv, age_outbox, nyte

KEYS = {"outbox_id", "state", "message_id", "gmail_id", "to", "cc", "bcc", "subject"}
MESSAGE = ["--to", "Dana <dana@lex.example>", "--cc", "sam@partner.example", "--subject", "Hi"]


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


def _preview(env: SendEnv) -> sending.SendPreview:
    """A stored preview made in-process."""
    return sending.preview_send(
        env.h.paths,
        load_settings(env.h.paths),
        account_email=None,
        to=["dana@lex.example"],
        cc=[],
        bcc=[],
        subject="Contract",
        body="Signed.",
        reply_to_item=None,
        store=env.h.store,
    )


def test_cli_preview_then_confirm_by_id(cli_env: dict[str, str], env: SendEnv) -> None:
    shown = nyte(cli_env, "send", *MESSAGE, "--body", "See you Tuesday.", "--json")
    assert shown.returncode == 0, shown.stderr
    preview = json.loads(shown.stdout)
    assert preview.keys() >= KEYS and preview["state"] == "preview"
    assert preview["gmail_id"] is None and preview["to"] == ["Dana <dana@lex.example>"]
    assert preview["cc"] == ["sam@partner.example"] and preview["risk"] == "high"
    assert env.sends() == 0
    text = nyte(cli_env, "send", *MESSAGE, "--body", "See you Tuesday.")
    assert "To: Dana <dana@lex.example>" in text.stdout
    assert f"nyte send --confirm {preview['outbox_id']}" in text.stdout
    sent = nyte(cli_env, "send", "--confirm", str(preview["outbox_id"]), "--json")
    assert sent.returncode == 0, sent.stderr
    result = json.loads(sent.stdout)
    assert result.keys() >= KEYS and result["state"] == "sent" and result["gmail_id"]
    assert result["message_id"] == preview["message_id"]
    again = nyte(cli_env, "send", "--confirm", str(preview["outbox_id"]), "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["gmail_id"] == result["gmail_id"]
    assert env.sends() == 1 and len(env.in_sent(preview["message_id"])) == 1
    listed = json.loads(nyte(cli_env, "outbox", "--json").stdout)["outbox"]
    assert [(r["outbox_id"], r["state"]) for r in listed] == [(preview["outbox_id"], "sent")]
    missing = nyte(cli_env, "send", "--confirm", "999")
    assert missing.returncode == 1 and "no outbox entry 999" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_cli_confirm_needs_an_identical_preview(cli_env: dict[str, str], env: SendEnv) -> None:
    body = ["--body", "Weekly numbers attached."]
    refused = nyte(cli_env, "send", *MESSAGE, *body, "--confirm")
    assert refused.returncode == 2 and "preview first" in refused.stderr
    assert nyte(cli_env, "send", *MESSAGE, *body).returncode == 0
    changed = nyte(cli_env, "send", *MESSAGE, "--body", "Other words.", "--confirm")
    assert changed.returncode == 2 and "preview first" in changed.stderr
    assert env.sends() == 0
    first = nyte(cli_env, "send", *MESSAGE, *body, "--confirm", "--json")
    assert first.returncode == 0, first.stderr
    rerun = nyte(cli_env, "send", *MESSAGE, *body, "--confirm", "--json")  # cron runs again
    assert rerun.returncode == 0
    assert json.loads(rerun.stdout)["gmail_id"] == json.loads(first.stdout)["gmail_id"]
    assert env.sends() == 1


def test_cli_killed_while_sending_is_settled_without_resending(
    cli_env: dict[str, str], env: SendEnv
) -> None:
    preview = _preview(env)
    env.fault(delay=2.5)
    child = _popen(cli_env, "send", "--confirm", str(preview.outbox_id))
    deadline = time.monotonic() + 20
    while env.sends() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert env.sends() == 1
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    row = qo.get_outbox(env.h.store, preview.outbox_id)
    assert row is not None and row.state == "sending" and row.attempts == 1
    while not env.in_sent(preview.message_id) and time.monotonic() < deadline:
        time.sleep(0.1)  # the sandbox finishes the delayed send after the client died
    settled = nyte(cli_env, "send", "--confirm", str(preview.outbox_id), "--json")
    assert settled.returncode == 0, settled.stderr
    assert json.loads(settled.stdout)["state"] == "sent"
    assert env.sends() == 1 and len(env.in_sent(preview.message_id)) == 1


def test_two_concurrent_confirms_send_once(cli_env: dict[str, str], env: SendEnv) -> None:
    preview = _preview(env)
    env.fault(delay=1.0)
    children = [
        _popen(cli_env, "send", "--confirm", str(preview.outbox_id), "--json") for _ in "ab"
    ]
    codes = [child.wait(timeout=60) for child in children]
    assert sorted(codes)[0] == 0 and set(codes) <= {0, 5}, [c.stderr.read() for c in children]
    assert env.sends() == 1 and len(env.in_sent(preview.message_id)) == 1
    row = qo.get_outbox(env.h.store, preview.outbox_id)
    assert row is not None and row.state == "sent" and row.attempts == 1


def test_sync_settles_rows_left_sending(cli_env: dict[str, str], env: SendEnv) -> None:
    preview = _preview(env)
    assert qo.claim(env.h.store, preview.outbox_id, ("queued",))
    result = nyte(cli_env, "sync", "--quiet")
    assert result.returncode == 0, result.stderr
    row = qo.get_outbox(env.h.store, preview.outbox_id)
    assert row is not None and row.state == "sending"  # claimed just now: may be in flight
    age_outbox(env.h.store, preview.outbox_id, 71)
    result = nyte(cli_env, "sync", "--quiet")
    assert result.returncode == 0, result.stderr
    row = qo.get_outbox(env.h.store, preview.outbox_id)
    assert row is not None and row.state == "unknown"
    assert env.sends() == 0
