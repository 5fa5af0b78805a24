"""The Important list on a large store: the query in-process and `nyte important --json`."""

from __future__ import annotations

from bench_scale import cli_runs, list_query_ms
from scale_data import scale_store
from suites import PYTHON, Result

MESSAGES = 100_000
QUICK_MESSAGES = 10_000


def run(quick: bool) -> list[Result]:
    """Time the Important-list query and the CLI on the generated 100k-message store."""
    store = scale_store(QUICK_MESSAGES if quick else MESSAGES)
    runs = 3 if quick else 7
    query, listed = list_query_ms(store, runs)
    cli, peak = cli_runs(
        [PYTHON, "-m", "nyte_tui", "important", "--json", "--limit", "50"], store, runs
    )
    items = f"{store.items:,} items"
    return [
        Result(
            "important",
            f"Important-list query, {items} ({listed:,} listed)",
            query.median,
            "ms",
            30,
            spread=query,
            note="service call incl. gates and JSON shaping; budget p95 ≤ 30 ms (issue 13)",
        ),
        Result(
            "important",
            f"nyte important --json --limit 50, {items}",
            cli.median,
            "ms",
            400,
            spread=cli,
            peak_mib=peak,
        ),
    ]
