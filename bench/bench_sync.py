"""Sync: a full mirror of the sandbox mailbox, then an unchanged incremental pass."""

from __future__ import annotations

import json
import tempfile
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from suites import PYTHON, Result, bench_env, child_report

HERE = Path(__file__).parent


def _sync(env: dict[str, str]) -> dict[str, object]:
    """Run the sync child and return its report (peak RSS from /usr/bin/time)."""
    return child_report([PYTHON, str(HERE / "sync_child.py")], env)


def run(quick: bool) -> list[Result]:
    """Time a full and an incremental sync in a child process against a loopback sandbox."""
    from nyte_tui.sandbox.server import SandboxServer

    threads = 300 if quick else 1500
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = SandboxServer(seed=1, threads=threads, events=60, now=now).start()
    try:
        request = urllib.request.Request(
            f"{server.url}_sandbox/quota",
            data=json.dumps({"units_per_minute": 10**9}).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        urllib.request.urlopen(request, timeout=10).close()
        with tempfile.TemporaryDirectory() as tmp:
            env = bench_env(Path(tmp))
            env.update(
                NYTE_GOOGLE_API_ROOT=server.url,
                NYTE_GOOGLE_TOKEN_URI=server.token_uri,
                NYTE_SYNC_QUOTA_UNITS_PER_MINUTE="1000000",
                NYTE_BENCH_TOKENS=json.dumps(server.issue_tokens()),
            )
            full = _sync(env)
            again = _sync(env)
    finally:
        server.stop()
    gmail = full["accounts"][0]["gmail"]  # type: ignore[index]
    bench = full["bench"]  # type: ignore[index]
    messages = int(gmail["fetched"])
    per_second = messages / max(float(gmail["seconds"]), 1e-9)
    incremental = again["accounts"][0]  # type: ignore[index]
    calls = int(incremental["gmail"]["api_calls"]) + int(incremental["calendar"]["api_calls"])
    return [
        Result(
            "sync",
            f"full sync, {threads} threads / {messages} messages",
            float(bench["seconds"]),
            "s",
            note=f"{gmail['api_calls']} Gmail calls, {gmail['quota_units']} quota units; "
            "quota lifted so this measures nyte, not Google's 6,000 units/min",
        ),
        Result(
            "sync", "full sync throughput", per_second, "messages/s", 100, lower_is_better=False
        ),
        Result("sync", "full sync peak memory (RSS)", float(bench["peak_rss_mib"]), "MiB", 250),
        Result("sync", "unchanged incremental sync", float(again["bench"]["seconds"]), "s", 3),  # type: ignore[index]
        Result(
            "sync",
            "unchanged incremental sync API calls",
            float(calls),
            "calls",
            4,
            note="1 history.list + 1 events.list per calendar (3 calendars)",
        ),
    ]
