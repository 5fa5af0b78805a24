"""Start-up: how long `nyte --help`, `nyte paths` and `nyte important` take to run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from suites import PYTHON, Result, bench_env, median_wall_ms


def run(quick: bool) -> list[Result]:
    """Median wall time of cheap commands in fresh processes."""
    runs = 3 if quick else 9
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(Path(tmp))
        nyte = [PYTHON, "-m", "nyte_tui"]
        baseline = median_wall_ms([PYTHON, "-c", "pass"], env, runs)
        return [
            Result("startup", "python -c pass (baseline)", baseline, "ms"),
            Result(
                "startup", "nyte --help", median_wall_ms([*nyte, "--help"], env, runs), "ms", 250
            ),
            Result(
                "startup",
                "nyte paths --json",
                median_wall_ms([*nyte, "paths", "--json"], env, runs),
                "ms",
                300,
            ),
            Result(
                "startup",
                "nyte important --json (empty store)",
                median_wall_ms([*nyte, "important", "--json"], env, runs),
                "ms",
                900,
                note="opens and migrates the store; must not import litellm",
            ),
        ]
