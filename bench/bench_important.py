"""The Important list on a large store: the query in-process and `nyte important --json`."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from suites import PYTHON, Result, bench_env, median_wall_ms

GATES = ("decision", "time", "relationship", "impact", "watch")
PAGE = 50


def build_store(home: Path, items: int) -> None:
    """A store with one account and `items` scored work items with all five gates."""
    import os

    os.environ["NYTE_HOME"] = str(home)
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.store.db import open_store
    from nyte_tui.store.models import Account
    from nyte_tui.store.work_models import GateEvaluation, WorkItem

    rng = random.Random(5)
    store = open_store(resolve_paths().ensure().database)
    now = datetime.now(UTC)
    with store.session() as session:
        account = Account(email="alex@northwind.example")
        session.add(account)
        session.flush()
        assert account.id is not None
        for number in range(items):
            score = min(100, int(rng.betavariate(2, 5) * 110))
            item = WorkItem(
                account_id=account.id,
                source="gmail",
                source_key=f"t{number:07d}",
                thread_id=f"t{number:07d}",
                kind=rng.choice(["needs_reply", "awaiting_reply", "fyi", "none"]),
                title=f"Thread {number}",
                who=f"Person {number % 500}",
                who_email=f"p{number % 500}@example.com",
                status=rng.choice(["open"] * 8 + ["done", "dismissed"]),
                score=score,
                rule_score=score,
                tier="critical" if score >= 85 else "important" if score >= 70 else "later",
                reason="synthetic",
                score_version="rules-v1",
                last_activity_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 30)),
            )
            session.add(item)
            if number % 1000 == 999:
                session.flush()
        session.flush()
    with store.session() as session:
        ids = [item.id for item in session.query(WorkItem).all()]  # type: ignore[attr-defined]
        for item_id in ids:
            for gate in GATES:
                session.add(
                    GateEvaluation(
                        account_id=account.id,
                        work_item_id=item_id,
                        gate=gate,
                        matched=rng.random() < 0.3,
                        points=rng.randint(0, 40),
                        reason="synthetic",
                    )
                )
    store.close()


def run(quick: bool) -> list[Result]:
    """Time the Important-list query and the CLI on a store with many items."""
    items = 5_000 if quick else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        build_store(home, items)
        from nyte_tui.config.paths import resolve_paths
        from nyte_tui.config.settings import load_settings
        from nyte_tui.services.triage.listing import important_list
        from nyte_tui.store.reader import open_reader

        paths = resolve_paths()
        settings = load_settings(paths)
        reader = open_reader(paths.database)
        samples, pages = [], []
        listed = 0
        for _ in range(7):
            started = time.perf_counter()
            listed = len(important_list(reader, settings).items)
            samples.append((time.perf_counter() - started) * 1000)
        for _ in range(40):
            started = time.perf_counter()
            important_list(reader, settings, limit=PAGE)
            pages.append((time.perf_counter() - started) * 1000)
        reader.close()
        page_p95 = statistics.quantiles(pages, n=20)[-1]
        cli = median_wall_ms(
            [PYTHON, "-m", "nyte_tui", "important", "--json", "--limit", "50"],
            bench_env(home),
            3 if quick else 5,
        )
    return [
        Result(
            "important",
            f"Important-list page of {PAGE} (p95), {items:,} items",
            page_p95,
            "ms",
            30,
            note="the read path: one indexed query, gates and proposals of the page",
        ),
        Result(
            "important",
            f"Important-list query, {items:,} items ({listed:,} listed)",
            statistics.median(samples),
            "ms",
            50 if quick else 250,
            note="service call incl. gates and JSON shaping",
        ),
        Result("important", f"nyte important --json --limit 50, {items:,} items", cli, "ms", 1500),
    ]
