"""Run the benchmarks under bench/ and write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from suites import Result  # noqa: E402


def suites() -> dict[str, Callable[[bool], list[Result]]]:
    """Every benchmark suite by name."""
    import bench_app
    import bench_conversation
    import bench_important
    import bench_startup
    import bench_sync

    return {
        "startup": bench_startup.run,
        "sync": bench_sync.run,
        "important": bench_important.run,
        "app": bench_app.run,
        "conversation": bench_conversation.run,
    }


def machine() -> str:
    """One line about the machine the numbers come from."""
    cpus = len(os.sched_getaffinity(0))
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return f"{python}, {cpus} CPUs, {platform.machine()}"


def write_report(results: list[Result], path: Path) -> None:
    """Rewrite docs/benchmarks.md with a table of results."""
    head = (path.read_text(encoding="utf-8").split("<!-- results -->")[0]).rstrip() + "\n\n"
    lines = [
        "<!-- results -->",
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()} with `make bench`.",
        "",
        "| Suite | Measure | Result | Target | Met |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        met = "—" if result.target is None else ("yes" if result.met else "**no**")
        target = result.target_text or "—"
        lines.append(f"| {result.suite} | {result.name} | {result.value_text} | {target} | {met} |")
    notes = [r for r in results if r.note]
    if notes:
        lines += ["", "Notes:", ""]
        lines += [f"- {r.suite} / {r.name}: {r.note}" for r in notes]
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    """Run the chosen suites (all by default) and write the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("suites", nargs="*", help="suites to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller data")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    available = suites()
    chosen = args.suites or list(available)
    results: list[Result] = []
    for name in chosen:
        print(f"== {name}", flush=True)
        for result in available[name](args.quick):
            print(f"  {result.name}: {result.value_text}", flush=True)
            results.append(result)
    if not args.no_write:
        write_report(results, ROOT / "docs" / "benchmarks.md")
    return 0 if all(r.met is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
