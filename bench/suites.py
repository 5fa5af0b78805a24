"""Shared pieces of the benchmark suites."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    """One measured number and the target it is held to."""

    suite: str
    name: str
    value: float
    unit: str
    target: float | None = None
    lower_is_better: bool = True
    note: str = ""

    @property
    def met(self) -> bool | None:
        """Whether the target was met (None without a target)."""
        if self.target is None:
            return None
        return self.value <= self.target if self.lower_is_better else self.value >= self.target

    @property
    def value_text(self) -> str:
        """The value with its unit."""
        return (
            f"{self.value:,.1f} {self.unit}"
            if self.value < 100
            else f"{self.value:,.0f} {self.unit}"
        )

    @property
    def target_text(self) -> str | None:
        """The target with its unit."""
        if self.target is None:
            return None
        sign = "≤" if self.lower_is_better else "≥"
        return f"{sign} {self.target:,.0f} {self.unit}"


def median_wall_ms(command: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of a command in milliseconds (one warm-up run first)."""
    subprocess.run(command, env=env, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=False)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bench_env(home: Path) -> dict[str, str]:
    """An environment with its own NYTE_HOME."""
    env = dict(os.environ)
    env["NYTE_HOME"] = str(home)
    env.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    return env


PYTHON = sys.executable
