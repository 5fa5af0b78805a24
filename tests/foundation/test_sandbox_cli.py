"""`nyte sandbox serve`: loopback only, prints what to export, stops cleanly on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from foundation.helpers import run_nyte

# what a shell does to a background job in a script: SIGINT ignored (it survives exec)
IGNORING_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)


@pytest.mark.parametrize(
    ("stop", "ignored"),
    [(signal.SIGINT, False), (signal.SIGINT, True), (signal.SIGTERM, False)],
    ids=["ctrl-c", "ctrl-c-from-a-background-job", "kill"],
)
def test_serve_prints_exports_answers_and_stops_on_ctrl_c(
    tmp_path: Path, stop: signal.Signals, ignored: bool
) -> None:
    state_file = tmp_path / "sandbox.json"
    process = subprocess.Popen(
        [sys.executable, *(["-c", IGNORING_SIGINT] if ignored else []),
         "-m", "nyte_tui", "sandbox", "serve", "--port", "0", "--seed", "3",
         "--threads", "12", "--events", "4", "--state", str(state_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(5)]
        exports = dict(
            line.removeprefix("export ").strip().split("=", 1)
            for line in lines
            if line.startswith("export ")
        )
        root = exports["NYTE_GOOGLE_API_ROOT"]
        assert root.startswith("http://127.0.0.1:")
        assert exports["NYTE_GOOGLE_TOKEN_URI"] == root + "token"
        assert exports["NYTE_GOOGLE_AUTH_URI"] == root + "auth"
        with urllib.request.urlopen(root + "_sandbox/state", timeout=10) as response:
            summary = json.load(response)
        assert summary["threads"] == 12 and summary["seed"] == 3
    finally:
        process.send_signal(stop)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "sandbox stopped" in out
    assert "Traceback" not in err
    assert state_file.exists()


def test_serve_refuses_non_loopback_addresses() -> None:
    result = run_nyte("sandbox", "serve", "--host", "0.0.0.0", "--port", "0")
    assert result.returncode == 2
    assert "loopback" in result.stderr
