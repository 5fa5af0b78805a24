"""Sync at scale: 5,000 and 20,000 messages with 75 ms per request, then 100 new messages.

Each HTTP request (a batch, a list page, a history page, a calendar page) waits 75 ms in the
sandbox before it is answered, the middle of the 50–100 ms a request to Google takes. The
mailbox is the sandbox generator's (threads, people, bulk mail, the curated calendar); sizes
above one generated mailbox are copies of it under new thread keys and shifted times.
"""

from __future__ import annotations

import json
import pickle
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scale_data import cache_root
from suites import PYTHON, Result, bench_env, child_report

HERE = Path(__file__).parent
LATENCY = 0.075
BASE_THREADS = 3_650  # about 5,000 messages
SIZES = (5_000, 20_000)
QUICK_SIZES = (1_000, 5_000)
NEW_MESSAGES = 100
DELAYED = (
    "batch",
    "gmail.users.messages.list",
    "gmail.users.history.list",
    "gmail.users.getProfile",
    "gmail.users.labels.list",
    "calendar",
)


def base_mailbox(now: datetime, threads: int) -> Any:
    """The generator's mailbox of `threads` threads around `now` (pickled in the bench cache)."""
    from nyte_tui.sandbox.mailbox.generate import generate_mailbox

    path = cache_root() / f"mailbox-{threads}-{now:%Y%m%d%H}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    mailbox = generate_mailbox(3, threads, 60, now)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(mailbox))
    return mailbox


def sized(mailbox: Any, messages: int) -> Any:
    """The mailbox cut or copied to `messages` messages (copies get new thread keys)."""
    seeds = []
    copy = 0
    while len(seeds) < messages:
        for seed in mailbox.messages:
            if len(seeds) == messages:
                break
            if copy == 0:
                seeds.append(seed)
                continue
            seeds.append(
                replace(
                    seed,
                    thread_key=f"{seed.thread_key}~{copy}",
                    internal_date=seed.internal_date - timedelta(seconds=copy),
                )
            )
        copy += 1
    return replace(mailbox, messages=seeds)


def _control(server: Any, name: str, body: Any, method: str = "POST") -> Any:
    """Call a /_sandbox/ control endpoint."""
    import urllib.request

    request = urllib.request.Request(
        f"{server.url}_sandbox/{name}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def _sync(env: dict[str, str]) -> dict[str, Any]:
    """Run the sync child and return its report (peak RSS from /usr/bin/time)."""
    return child_report([PYTHON, str(HERE / "sync_child.py")], env)


def _deliver(server: Any, count: int) -> None:
    """Deliver `count` new personal messages into the sandbox."""
    for number in range(count):
        raw = (
            f"From: Priya Raman <priya{number % 7}@acme.example>\r\nTo: alex@northwind.example\r\n"
            f"Subject: Question {number} about the budget\r\n"
            f"Message-ID: <new{number}.{datetime.now(UTC).timestamp()}@acme.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Hi Alex, could you confirm line {number} of the budget by Friday?\r\n"
        ).encode()
        with server.state.lock:
            server.state.insert_message(raw, ["INBOX", "UNREAD", "CATEGORY_PERSONAL"])


def _log(server: Any, since: int) -> tuple[Counter[str], Counter[str], int]:
    """Answered requests since a log position: by method, gets by message id; the next mark.

    Quota units the sandbox charged are counted under "units:" + method.
    """
    log = _control(server, f"requests?since={since}", None, "GET")
    answered = [r for r in log["requests"] if r.get("status") == 200]
    methods = Counter(str(r["api_method"]) for r in answered)
    for r in answered:
        methods["units:" + str(r["api_method"])] += int(r.get("units") or 0)
    gets = Counter(
        r["path"].rsplit("/", 1)[-1]
        for r in answered
        if r["api_method"] == "gmail.users.messages.get"
    )
    return methods, gets, int(log["next"])


def one_size(messages: int, base: Any, now: datetime) -> dict[str, Any]:
    """A full sync of `messages` messages, an unchanged pass and one with 100 new messages."""
    from nyte_tui.sandbox.server import SandboxServer

    server = SandboxServer(mailbox=sized(base, messages), now=now, seed=None).start()
    try:
        _control(server, "quota", {"units_per_minute": 10**9})
        server.state.quota.calendar_requests_per_minute = 10**6
        faults = [{"match": m, "count": 10**7, "delay": LATENCY} for m in DELAYED]
        _control(server, "faults", {"faults": faults})
        with tempfile.TemporaryDirectory() as tmp:
            env = bench_env(Path(tmp))
            env.update(
                NYTE_GOOGLE_API_ROOT=server.url,
                NYTE_GOOGLE_TOKEN_URI=server.token_uri,
                NYTE_SYNC_QUOTA_UNITS_PER_MINUTE="1200000",
                NYTE_BENCH_TOKENS=json.dumps(server.issue_tokens()),
            )
            full = _sync(env)
            methods, gets, mark = _log(server, 0)
            unchanged = _sync(env)
            quiet_methods, _gets, mark = _log(server, mark)
            _deliver(server, NEW_MESSAGES)
            incremental = _sync(env)
            new_methods, new_gets, _mark = _log(server, mark)
    finally:
        server.stop()
    return {
        "full": full,
        "methods": methods,
        "gets": gets,
        "unchanged": unchanged,
        "quiet_methods": quiet_methods,
        "incremental": incremental,
        "new_methods": new_methods,
        "new_gets": new_gets,
    }


def _seconds(report: dict[str, Any]) -> float:
    """Wall seconds of one sync child."""
    return float(report["bench"]["seconds"])


def results_for(messages: int, run: dict[str, Any]) -> list[Result]:
    """The figures of one size."""
    label = f"{messages:,} messages"
    gmail = run["full"]["accounts"][0]["gmail"]
    fetched = max(1, int(gmail["fetched"]))
    gets: Counter[str] = run["gets"]
    methods: Counter[str] = run["methods"]
    gmail_calls = sum(n for m, n in methods.items() if m.startswith("gmail."))
    pages = gmail_calls - sum(gets.values())
    units = sum(n for m, n in methods.items() if m.startswith("units:gmail."))
    list_units = units - methods["units:gmail.users.messages.get"]
    new_gets: Counter[str] = run["new_gets"]
    quiet = sum(n for m, n in run["quiet_methods"].items() if ":" not in m and m != "batch")
    return [
        Result(
            "sync-scale",
            f"full sync, {label}",
            _seconds(run["full"]),
            "s",
            note=f"{methods['batch']:,} batch requests and {pages} list/profile/label calls at "
            f"{LATENCY * 1000:.0f} ms each; incl. calendar and the triage pass",
        ),
        Result(
            "sync-scale",
            f"full sync throughput, {label}",
            fetched / max(float(gmail["seconds"]), 1e-9),
            "messages/s",
            note="Gmail part of the pass",
        ),
        Result(
            "sync-scale",
            f"messages.get per message, {label}",
            sum(gets.values()) / max(1, len(gets)),
            "gets",
            1,
            note=f"{len(gets):,} messages, at most {max(gets.values(), default=0)} for one",
        ),
        Result(
            "sync-scale",
            f"API calls per message, {label}",
            gmail_calls / fetched,
            "calls",
            note=f"{gmail_calls:,} Gmail calls for {fetched:,} messages",
        ),
        Result(
            "sync-scale",
            f"quota units per message, {label}",
            units / fetched,
            "units",
            note=f"{units:,} units charged by the sandbox (Gmail's price list)",
        ),
        Result(
            "sync-scale",
            f"quota overhead beyond messages.get, {label}",
            100 * list_units / max(1, units),
            "%",
            5,
        ),
        Result(
            "sync-scale",
            f"full sync peak memory, {label}",
            float(run["full"]["bench"]["peak_rss_mib"]),
            "MiB",
        ),
        Result(
            "sync-scale",
            f"unchanged incremental sync, {label}",
            _seconds(run["unchanged"]),
            "s",
            note=f"{quiet} calls",
        ),
        Result(
            "sync-scale",
            f"incremental sync, {NEW_MESSAGES} new messages, {label}",
            _seconds(run["incremental"]),
            "s",
            note=f"{sum(new_gets.values())} messages.get for {len(new_gets)} new messages, "
            f"{sum(n for m, n in run['new_methods'].items() if ':' not in m and m != 'batch')}"
            " calls in all",
        ),
    ]


def run(quick: bool) -> list[Result]:
    """Each size in its own sandbox; then how the incremental pass grows with the mailbox."""
    import os

    chosen = os.environ.get("NYTE_BENCH_SYNC_SIZES")
    sizes = tuple(int(s) for s in chosen.split(",")) if chosen else QUICK_SIZES if quick else SIZES
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    base = base_mailbox(now, BASE_THREADS)
    results: list[Result] = []
    incremental: dict[int, float] = {}
    for messages in sizes:
        runs = one_size(messages, base, now)
        results += results_for(messages, runs)
        incremental[messages] = _seconds(runs["incremental"])
        print(f"  {messages:,} messages synced", flush=True)
    if len(incremental) > 1:
        (small, t_small), *_, (large, t_large) = sorted(incremental.items())
        results.append(
            Result(
                "sync-scale",
                f"incremental time, {large:,} ÷ {small:,} messages",
                t_large / max(t_small, 1e-9),
                "×",
                note=f"the mailbox grew ×{large / small:.0f}, the change ({NEW_MESSAGES} messages)"
                " did not: the pass costs what changed",
            )
        )
    return results
