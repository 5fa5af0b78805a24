"""One end-to-end run of `nyte demo` in a real terminal (tmux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
]


def _tmux(*args: str) -> str:
    """Run a tmux command and return its output."""
    assert TMUX is not None
    done = subprocess.run([TMUX, *args], check=False, capture_output=True, text=True, timeout=10)
    return done.stdout


def _alive(session: str) -> bool:
    """Whether the tmux session still exists."""
    assert TMUX is not None
    probe = [TMUX, "has-session", "-t", session]
    return subprocess.run(probe, check=False, capture_output=True).returncode == 0


def _wait_for(session: str, needle: str, timeout: float) -> str:
    """Poll the pane until it shows needle; return the pane text."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = _tmux("capture-pane", "-p", "-t", session)
        if needle in text:
            return text
        time.sleep(0.25)
    raise AssertionError(f"{needle!r} never appeared; the pane shows:\n{text}")


def test_demo_in_tmux(tmp_path: Path) -> None:
    """Start `nyte demo`, see the Important list, open an item, read Why, quit."""
    session = f"nyte-e2e-{uuid.uuid4().hex[:8]}"
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NYTE_", "PYTEST", "TMUX"))}
    env.update({"NYTE_HOME": str(home), "TERM": "xterm-256color"})
    command = f"{sys.executable} -m nyte_tui demo"
    assert TMUX is not None
    subprocess.run(
        [TMUX, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
        env=env,
        check=True,
        timeout=10,
    )
    try:
        screen = _wait_for(session, "Important · ", 60)
        _wait_for(session, "!!", 60)
        _wait_for(session, "Why:", 30)
        _tmux("send-keys", "-t", session, "j")
        time.sleep(0.3)
        _tmux("send-keys", "-t", session, "Enter")
        screen = _wait_for(session, "Why:", 15)
        assert "nyte · alex@northwind.example" in screen
        assert "Gates:" in screen
        _tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 20
        while _alive(session) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(session), "the app did not quit on q"
    finally:
        if _alive(session):
            _tmux("kill-session", "-t", session)
    assert (home / "state" / "demo" / "state" / "sandbox.json").exists()
    assert not (home / "data" / "nyte.sqlite3").exists(), "the demo must not touch the real store"


def test_reply_from_the_app_in_tmux(tmp_path: Path) -> None:
    """In `nyte demo`: r, type the reply, enter, y, wait out the undo window; it is in SENT."""
    import json

    session = f"nyte-e2e-{uuid.uuid4().hex[:8]}"
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NYTE_", "PYTEST", "TMUX"))}
    env.update({"NYTE_HOME": str(home), "TERM": "xterm-256color", "NYTE_SEND_UNDO_SECONDS": "2"})
    command = f"{sys.executable} -m nyte_tui demo"
    assert TMUX is not None
    subprocess.run(
        [TMUX, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
        env=env,
        check=True,
        timeout=10,
    )
    words = "that the tmux check works"
    try:
        _wait_for(session, "Why:", 90)
        _tmux("send-keys", "-t", session, "r")
        time.sleep(0.3)
        _tmux("send-keys", "-t", session, "-l", words)
        _tmux("send-keys", "-t", session, "Enter")
        _wait_for(session, "[a/enter]", 30)
        _tmux("send-keys", "-t", session, "Enter")
        _wait_for(session, "Cancel (n)", 15)
        _tmux("send-keys", "-t", session, "y")
        _wait_for(session, "u to undo", 15)
        screen = _wait_for(session, "Gmail id", 30)
        assert "sent" in screen
        _tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 20
        while _alive(session) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        if _alive(session):
            _tmux("kill-session", "-t", session)
    state = (home / "state" / "demo" / "state" / "sandbox.json").read_text(encoding="utf-8")
    assert "tmux check works" in state or _in_raw(json.loads(state), "tmux check works")


def _in_raw(state: object, needle: str) -> bool:
    """Whether any base64url raw message in the saved sandbox state contains needle."""
    import base64

    stack = [state]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and len(value) > 40:
            try:
                decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            except ValueError:
                continue
            if needle.encode() in decoded:
                return True
    return False
