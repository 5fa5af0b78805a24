"""After a full round of use, no token the sandbox issued is anywhere nyte writes or prints."""

from __future__ import annotations

import json
import os
import pty
import re
import stat
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from conversation.conftest import Conv, cli_env, conv, env, harness, reply_item
from send.conftest import nyte

__all__ = ["cli_env", "conv", "env", "harness", "reply_item"]


def login_at_a_terminal(cli_env: dict[str, str], auth_uri: str) -> subprocess.CompletedProcess[str]:
    """`nyte auth login --no-browser` on a pseudo-terminal; the test plays the browser."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "nyte_tui", "auth", "login", "--no-browser", "--json"],
        env=cli_env,
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(terminal)
    said: list[str] = []

    def browse() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            said.append(line)
            found = re.search(re.escape(auth_uri) + r"\S*", line)
            if found:
                with urllib.request.urlopen(found.group(0), timeout=20) as response:
                    response.read()

    reader = threading.Thread(target=browse, daemon=True)
    reader.start()
    try:
        stdout = process.stdout.read() if process.stdout else ""
        process.wait(timeout=60)
    finally:
        os.close(controller)
    reader.join(timeout=10)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, "".join(said))


def _issued(conv: Conv) -> set[str]:
    """Every access token, refresh token and authorization code the sandbox handed out."""
    tokens = conv.env.h.server.state.tokens
    return {*tokens.access, *tokens.refresh, *tokens.codes}


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_a_full_round_leaves_no_token_behind(
    cli_env: dict[str, str], conv: Conv, reply_item: tuple[int, str]
) -> None:
    outputs: list[str] = []

    def run(*args: str, code: int | None = 0) -> subprocess.CompletedProcess[str]:
        result = nyte(cli_env, *args)
        outputs.extend([result.stdout, result.stderr])
        if code is not None:
            assert result.returncode == code, (args, result.stdout, result.stderr)
        return result

    server = conv.env.h.server
    earlier = set(server.state.tokens.refresh)
    login = login_at_a_terminal(cli_env, server.auth_uri)
    outputs.extend([login.stdout, login.stderr])
    assert login.returncode == 0, login.stderr
    assert json.loads(login.stdout)["account"]["email"] == "alex@northwind.example"
    (logged_in,) = set(server.state.tokens.refresh) - earlier

    run("sync", "--json")
    shown = run("command", "reply that I'll sign it today", "--item", str(reply_item[0]), "--json")
    run("command", "confirm", str(json.loads(shown.stdout)["run_id"]), "--json")
    message = ("send", "--to", "sam.ortiz@northwind.example", "--subject", "Hi", "--body", "x")
    preview = run(*message)
    assert "nyte send --confirm" in preview.stdout
    run(*message, "--confirm", "--json")
    run("audit", "--json")
    run("runs", "--json")
    run("auth", "status", "--json")
    run("doctor", "--json", code=None)
    # An induced failure with --debug: the traceback must not carry a token either.
    crashed = nyte({**cli_env, "NYTE_GOOGLE_API_ROOT": "http://127.0.0.1:9/"}, "--debug", "sync")
    outputs.extend([crashed.stdout, crashed.stderr])
    assert crashed.returncode != 0
    traced = nyte({**cli_env, "NYTE_DEBUG": "1"}, "command", "confirm", "424242")
    outputs.extend([traced.stdout, traced.stderr])
    assert traced.returncode != 0 and "Traceback" in traced.stderr

    revokes_before = conv.env.h.count("oauth.revoke")
    out = run("auth", "logout", "--json")
    logout = json.loads(out.stdout)["logout"]
    assert logout["revoked"] is True and logout["secret_deleted"] is True
    assert conv.env.h.count("oauth.revoke") == revokes_before + 1
    assert server.state.tokens.refresh[logged_in].revoked
    after = run("sync", code=None)
    assert after.returncode in (1, 3), after.stderr

    issued = _issued(conv)
    assert len(issued) >= 3, issued
    home = Path(cli_env["NYTE_HOME"])
    for path in _files(home):
        data = path.read_bytes()
        for token in issued:
            assert token.encode() not in data, (token[:12], path)
    for text in outputs:
        for token in issued:
            assert token not in text, (token[:12], text[:300])

    for made in ("state/writer.lock", "state/writer.owner", "data/secrets.enc.lock"):
        assert (home / made).exists(), made
    written_by_the_test = home / "config" / "config.toml"
    for path in [home, *home.rglob("*")]:
        if path == written_by_the_test:
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            assert mode == 0o700, (path, oct(mode))
        else:
            assert mode == 0o600, (path, oct(mode))
