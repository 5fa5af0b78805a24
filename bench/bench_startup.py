"""Start-up: how long `nyte --help`, `nyte paths` and `nyte important` take to run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from suites import PYTHON, Result, Spread, bench_env, run_once


def _measure(command: list[str], env: dict[str, str], runs: int) -> tuple[Spread, float]:
    """Wall-time spread and peak RSS of fresh processes after one warm-up run."""
    run_once(command, env)
    samples = [run_once(command, env) for _ in range(runs)]
    return Spread.of([s.ms for s in samples]), max(s.peak_mib for s in samples)


def run(quick: bool) -> list[Result]:
    """Median wall time of cheap commands in fresh processes."""
    runs = 3 if quick else 9
    nyte = [PYTHON, "-m", "nyte_tui"]
    measures = [
        ("python -c pass (baseline)", [PYTHON, "-c", "pass"], None, ""),
        ("nyte --help", [*nyte, "--help"], 250.0, ""),
        ("nyte paths --json", [*nyte, "paths", "--json"], 300.0, ""),
        (
            "nyte important --json (empty store)",
            [*nyte, "important", "--json"],
            250.0,
            "opens and migrates the store; must not import litellm; budget from issue 13",
        ),
    ]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(Path(tmp))
        for name, command, target, note in measures:
            spread, peak = _measure(command, env, runs)
            results.append(
                Result(
                    "startup",
                    name,
                    spread.median,
                    "ms",
                    target,
                    note=note,
                    spread=spread,
                    peak_mib=peak,
                )
            )
    return results
