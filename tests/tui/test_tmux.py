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
