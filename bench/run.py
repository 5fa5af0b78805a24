"""Run the benchmarks under bench/ and write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from suites import Result, Spread  # noqa: E402


def suites() -> dict[str, Callable[[bool], list[Result]]]:
    """Every benchmark suite by name."""
    import bench_app
    import bench_conversation
    import bench_important
    import bench_peers
    import bench_scale
    import bench_startup
    import bench_sync
    import bench_sync_scale

    return {
        "startup": bench_startup.run,
        "peers": bench_peers.run,
        "scale": bench_scale.run,
        "sync": bench_sync.run,
        "sync-scale": bench_sync_scale.run,
        "important": bench_important.run,
        "app": bench_app.run,
        "conversation": bench_conversation.run,
    }


def machine() -> list[str]:
    """Lines about the machine and the versions the numbers come from."""
    import sqlite3
    from importlib import metadata

    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    ram = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = next(
            line for line in meminfo.read_text().splitlines() if line.startswith("MemTotal")
        )
        ram = f", {int(total.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    cpus = len(os.sched_getaffinity(0))
    python = f"{platform.python_implementation()} {platform.python_version()}"
    libs = []
    for name in (
        "textual",
        "sqlmodel",
        "sqlalchemy",
        "pydantic",
        "typer",
        "google-api-python-client",
        "litellm",
    ):
        try:
            libs.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"- Machine: {cpu}, {cpus} CPUs{ram}, {platform.system()} {platform.release()}"
        f" ({platform.machine()})",
        f"- Python {python}, SQLite {sqlite3.sqlite_version}",
        f"- nyte's libraries: {', '.join(libs)}",
        f"- Load average when the report was written (1/5/15 min): {load}; other agents share these"
        " 2 CPUs during a session, so compare ratios from paired runs rather than absolute times",
    ]


def write_report(results: list[Result], path: Path, seconds: float, extra: list[str]) -> None:
    """Rewrite the results part of docs/benchmarks.md (everything after the marker)."""
    head = (path.read_text(encoding="utf-8").split("<!-- results -->")[0]).rstrip() + "\n\n"
    lines = [
        "<!-- results -->",
        f"Written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/run.py`"
        + (
            f" ({seconds / 60:.1f} min for the suites run)."
            if seconds >= 1
            else " from each suite's saved results (its wall time is its last row)."
        ),
        "",
        *machine(),
        "",
        "| Suite | Measure | Median | p25–p75 (runs) | Peak RSS | Target | Met |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        met = "—" if result.target is None else ("yes" if result.met else "**no**")
        target = result.target_text or "—"
        peak = f"{result.peak_mib:,.0f} MiB" if result.peak_mib else "—"
        lines.append(
            f"| {result.suite} | {result.name} | {result.value_text} | {result.spread_text} "
            f"| {peak} | {target} | {met} |"
        )
    lines += extra
    notes = [r for r in results if r.note]
    if notes:
        lines += ["", "Notes:", ""]
        lines += [f"- {r.suite} / {r.name}: {r.note}" for r in notes]
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")


def extra_sections(results: list[Result]) -> list[str]:
    """The growth table (10k → 100k → 1M) and the peer table, when those suites ran."""
    import bench_peers
    import bench_scale

    lines: list[str] = []
    growth = bench_scale.growth(results)
    if growth:
        lines += [
            "",
            "### Growth with the store",
            "",
            "| Measure | Median by store size | Largest ÷ smallest |",
            "|---|---|---|",
            *growth,
        ]
    peers = bench_peers.table(results)
    if peers:
        lines += ["", "### Beside the peers (paired, interleaved runs)", "", *peers]
    return lines


def save(name: str, results: list[Result]) -> None:
    """Keep a suite's results in the bench cache, for a report composed from several runs."""
    from dataclasses import asdict

    from scale_data import cache_root

    folder = cache_root() / "results"
    folder.mkdir(parents=True, exist_ok=True)
    extra = {"rows": list(bench_peers_rows())} if name == "peers" else {}
    data = {"results": [asdict(r) for r in results], **extra}
    (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")


def load(name: str) -> list[Result]:
    """A suite's results from its last run (empty when it never ran)."""
    from scale_data import cache_root

    path = cache_root() / "results" / f"{name}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    if name == "peers":
        bench_peers_rows()[:] = data.get("rows", [])
    results = []
    for raw in data["results"]:
        spread = raw.pop("spread")
        results.append(Result(**raw, spread=Spread(**spread) if spread else None))
    return results


def bench_peers_rows() -> list[str]:
    """The peer table rows of the peers suite."""
    import bench_peers

    return bench_peers.ROWS


def main() -> int:
    """Run the chosen suites (all by default) and write the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("suites", nargs="*", help="suites to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller data")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--with-saved",
        action="store_true",
        help="report the other suites from their last saved results too",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="run nothing: write the report from every suite's last saved results",
    )
    args = parser.parse_args()
    available = suites()
    chosen = [] if args.report_only else args.suites or list(available)
    results: list[Result] = []
    started = time.perf_counter()
    for name in chosen:
        print(f"== {name}", flush=True)
        begun = time.perf_counter()
        for result in available[name](args.quick):
            print(f"  {result.name}: {result.value_text}", flush=True)
            results.append(result)
        took = time.perf_counter() - begun
        results.append(Result(name, "suite wall time", took / 60, "min"))
        print(f"  ({took / 60:.1f} min)", flush=True)
        save(name, [r for r in results if r.suite == name])
    if args.with_saved or args.report_only:
        saved = [r for name in available if name not in chosen for r in load(name)]
        order = list(available)
        results = sorted([*results, *saved], key=lambda r: order.index(r.suite))
    if not args.no_write:
        seconds = time.perf_counter() - started
        write_report(results, ROOT / "docs" / "benchmarks.md", seconds, extra_sections(results))
        print(f"wrote docs/benchmarks.md after {seconds / 60:.1f} min", flush=True)
    return 0 if all(r.met is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
