"""Shared pieces of the benchmark suites."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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
    spread: Spread | None = None
    peak_mib: float | None = None

    @property
    def met(self) -> bool | None:
        """Whether the target was met (None without a target)."""
        if self.target is None:
            return None
        return self.value <= self.target if self.lower_is_better else self.value >= self.target

    @property
    def value_text(self) -> str:
        """The value with its unit."""
        return f"{self.value:,.{self.digits}f} {self.unit}"

    @property
    def spread_text(self) -> str:
        """p25–p75 of the samples and how many, or a dash."""
        if self.spread is None:
            return "—"
        low, high, digits = self.spread.low, self.spread.high, self.digits
        return f"{low:,.{digits}f}–{high:,.{digits}f} (n={self.spread.n})"

    @property
    def digits(self) -> int:
        """Decimals worth showing for this value."""
        return 2 if self.value < 10 else 1 if self.value < 100 else 0

    @property
    def target_text(self) -> str | None:
        """The target with its unit."""
        if self.target is None:
            return None
        sign = "≤" if self.lower_is_better else "≥"
        digits = 0 if self.target == int(self.target) else 2
        return f"{sign} {self.target:,.{digits}f} {self.unit}"


def bench_env(home: Path) -> dict[str, str]:
    """An environment with its own NYTE_HOME."""
    env = dict(os.environ)
    env["NYTE_HOME"] = str(home)
    env.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    return env


PYTHON = sys.executable


@dataclass(frozen=True)
class Run:
    """One process run: wall time and the child's own peak memory."""

    ms: float
    peak_mib: float
    returncode: int


TIME = Path("/usr/bin/time")


def run_once(command: list[str], env: dict[str, str]) -> Run:
    """Run a command with no output kept: wall time, and the peak RSS of the command itself.

    The peak comes from `/usr/bin/time -f %M` when it is there: the rusage of a child forked
    from this (large) process would count the pages it shared before exec.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [str(TIME), "-q", "-f", "%M", "-o", rss.name, *command]
        use_time = TIME.exists()
        started = time.perf_counter()
        process = subprocess.Popen(
            wrapped if use_time else command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = (time.perf_counter() - started) * 1000
        process.returncode = os.waitstatus_to_exitcode(status)
        peak_kib = usage.ru_maxrss
        if use_time:
            lines = [line for line in rss.read().split() if line.strip().isdigit()]
            peak_kib = int(lines[-1]) if lines else peak_kib
    return Run(elapsed, peak_kib / 1024, process.returncode)


@dataclass(frozen=True)
class Spread:
    """The median of samples and their 25th–75th percentile range."""

    median: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, samples: list[float]) -> Spread:
        """Summarise samples (at least one)."""
        ordered = sorted(samples)
        if len(ordered) < 4:
            return cls(statistics.median(ordered), ordered[0], ordered[-1], len(ordered))
        q1, _q2, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        return cls(statistics.median(ordered), q1, q3, len(ordered))

    def text(self, unit: str, digits: int = 0) -> str:
        """'median (p25–p75, n=…)'."""
        low, high = f"{self.low:,.{digits}f}", f"{self.high:,.{digits}f}"
        return f"{self.median:,.{digits}f} {unit} ({low}–{high}, n={self.n})"


@dataclass(frozen=True)
class Pair:
    """Paired, interleaved runs of nyte and a peer: times, memory and per-pair ratios."""

    ours: Spread
    theirs: Spread
    ratio: Spread
    our_peak_mib: float
    their_peak_mib: float
    failures: int


def paired(
    ours: list[str], theirs: list[str], env: dict[str, str], peer_env: dict[str, str], runs: int
) -> Pair:
    """Run both commands `runs` times, alternating which goes first, after one warm-up each."""
    run_once(ours, env)
    run_once(theirs, peer_env)
    mine: list[Run] = []
    peer: list[Run] = []
    for index in range(runs):
        order = [(ours, env, mine), (theirs, peer_env, peer)]
        for command, environment, sink in order if index % 2 == 0 else order[::-1]:
            sink.append(run_once(command, environment))
    ratios = [a.ms / b.ms for a, b in zip(mine, peer, strict=True) if b.ms > 0]
    return Pair(
        Spread.of([r.ms for r in mine]),
        Spread.of([r.ms for r in peer]),
        Spread.of(ratios),
        max(r.peak_mib for r in mine),
        max(r.peak_mib for r in peer),
        sum(1 for r in [*mine, *peer] if r.returncode != 0),
    )


def child_report(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a bench child that prints a JSON line; its report, with its own peak RSS.

    `bench.peak_rss_mib` is replaced by `/usr/bin/time`'s figure when it is there: a child's
    own rusage after exec still counts the pages it shared with this process before.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [str(TIME), "-q", "-f", "%M", "-o", rss.name, *command]
        done = subprocess.run(
            wrapped if TIME.exists() else command,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[-1]} failed: {done.stderr[-2000:]}")
        report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        lines = [line for line in rss.read().split() if line.strip().isdigit()]
        if lines and isinstance(report.get("bench"), dict):
            report["bench"]["peak_rss_mib"] = int(lines[-1]) / 1024
    return report
