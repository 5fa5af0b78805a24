"""Read commands on stores of 10k, 100k and 1M messages: how each figure grows with the store."""

from __future__ import annotations

import os
import time

from scale_data import ScaleStore, scale_store
from suites import PYTHON, Result, Spread, bench_env, run_once

SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000,)


def sizes(quick: bool) -> tuple[int, ...]:
    """The store sizes to measure ($NYTE_BENCH_SIZES, comma separated, overrides)."""
    chosen = os.environ.get("NYTE_BENCH_SIZES")
    if chosen:
        return tuple(int(size) for size in chosen.split(",") if size.strip())
    return QUICK_SIZES if quick else SIZES


def cli_runs(command: list[str], store: ScaleStore, runs: int) -> tuple[Spread, float]:
    """Median wall time with spread and the peak RSS of a command on a store (one warm-up)."""
    env = bench_env(store.home)
    run_once(command, env)
    samples = [run_once(command, env) for _ in range(runs)]
    failed = [s for s in samples if s.returncode not in (0,)]
    if failed:
        raise RuntimeError(f"{' '.join(command[2:])} exited {failed[0].returncode}")
    return Spread.of([s.ms for s in samples]), max(s.peak_mib for s in samples)


def list_query_ms(store: ScaleStore, runs: int) -> tuple[Spread, int]:
    """The Important-list service call in this process: spread of wall times, rows listed."""
    os.environ["NYTE_HOME"] = str(store.home)
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.config.settings import load_settings
    from nyte_tui.services.triage.views import important_list
    from nyte_tui.store.db import open_store

    paths = resolve_paths()
    settings = load_settings(paths)
    db = open_store(paths.database)
    try:
        samples, listed = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            listed = len(important_list(db, settings).items)
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        db.close()
    return Spread.of(samples), listed


def run(quick: bool) -> list[Result]:
    """Build (or reuse) each store and time the read commands on it."""
    results: list[Result] = []
    nyte = [PYTHON, "-m", "nyte_tui"]
    runs = int(os.environ.get("NYTE_BENCH_RUNS") or (3 if quick else 7))
    for size in sizes(quick):
        store = scale_store(size)
        label = f"{size:,} messages"
        held = f"{store.threads:,} threads, {store.items:,} items, {store.events:,} events" + (
            f"; built in {store.seconds:.0f} s" if store.seconds else "; from the bench cache"
        )
        results.append(Result("scale", f"store, {label}", float(store.items), "items", note=held))
        query, listed = list_query_ms(store, runs)
        results.append(
            Result(
                "scale",
                f"Important-list query in process, {label}",
                query.median,
                "ms",
                spread=query,
                note=f"{listed:,} rows listed of {store.items:,} items",
            )
        )
        for name, command in (
            ("nyte important --json --limit 50", [*nyte, "important", "--json", "--limit", "50"]),
            ("nyte agenda --days 30", [*nyte, "agenda", "--days", "30"]),
        ):
            spread, peak = cli_runs(command, store, runs)
            results.append(
                Result(
                    "scale", f"{name}, {label}", spread.median, "ms", spread=spread, peak_mib=peak
                )
            )
    return results


def growth(results: list[Result]) -> list[str]:
    """Markdown rows: each measure at every size, and the factor from the smallest."""
    by_measure: dict[str, dict[str, float]] = {}
    for result in results:
        if result.suite != "scale" or result.unit != "ms":
            continue
        measure, _sep, size = result.name.rpartition(", ")
        by_measure.setdefault(measure, {})[size] = result.value
    lines = []
    for measure, values in by_measure.items():
        cells = [f"{size}: {value:,.0f} ms" for size, value in values.items()]
        first = next(iter(values.values()))
        last = list(values.values())[-1]
        factor = f"×{last / first:.1f}" if first > 0 and len(values) > 1 else "—"
        lines.append(f"| {measure} | {' · '.join(cells)} | {factor} |")
    return lines
