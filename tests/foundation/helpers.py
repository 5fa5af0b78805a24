"""Helpers for running the real `nyte` executable in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NYTE = [sys.executable, "-m", "nyte_tui"]


def run_nyte(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `nyte ARGS` with the test's environment (NYTE_HOME included)."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    return subprocess.run(
        [*NYTE, *args],
        env=full_env,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def nyte_bin() -> Path:
    """The installed console script next to this interpreter."""
    return Path(sys.executable).with_name("nyte")
