"""The read path: stdlib sqlite3, migrations respected, one indexed query per page."""

from __future__ import annotations

import json
import random
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from foundation.helpers import run_nyte
from nyte_tui.config.paths import resolve_paths
from nyte_tui.store.db import open_store
from nyte_tui.store.errors import StoreError
from nyte_tui.store.migrate import SCHEMA_VERSION, migrate
from nyte_tui.store.queries import worklist as orm_worklist
from nyte_tui.store.queries import worklist_read
from nyte_tui.store.reader import Reader, open_reader, stamp
from nyte_tui.store.triage_records import ItemRow

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GATES = ("decision", "time", "relationship", "impact", "watch")


@pytest.fixture
def db_path() -> Path:
    """The database path under the test's NYTE_HOME."""
    return resolve_paths().ensure().database


def fill(path: Path, items: int, seed: int = 3) -> None:
    """A store with two accounts and scored items (open, done, snoozed) with gates."""
    open_store(path).close()
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    created = stamp(NOW - timedelta(days=40))
    with conn:
        for email in ("alex@northwind.example", "sam@northwind.example"):
            conn.execute(
                "INSERT INTO accounts (email, scopes, status, connected_at, updated_at) "
                "VALUES (?, '[]', 'active', ?, ?)",
                (email, created, created),
            )
        rows = []
        for number in range(items):
            status = rng.choice(["open"] * 6 + ["done", "dismissed", "snoozed", "snoozed"])
            snoozed = NOW + timedelta(hours=rng.choice([-5, 5])) if status == "snoozed" else None
            # ties in score and in time, so the order's tie-breaks are exercised too
            activity = NOW - timedelta(hours=rng.randint(0, 60))
            rows.append(
                (1 + number % 2, "gmail", f"t{number}", f"t{number}", "needs_reply",
                 f"Thread {number}", "Dana", "dana@northwind.example", status,
                 stamp(snoozed) if snoozed else None, rng.randint(40, 100), 50, "important",
                 "asked you", "rules-v1", None if rng.random() < 0.05 else stamp(activity),
                 created, created)
            )  # fmt: skip
        conn.executemany(
            "INSERT INTO work_items (account_id, source, source_key, thread_id, kind, title, "
            "who, who_email, status, snoozed_until, score, rule_score, tier, reason, "
            "score_version, last_activity_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO gate_evaluations (account_id, work_item_id, gate, matched, points, "
            "reason, evaluated_at) VALUES (1, ?, ?, ?, 10, 'why', ?)",
            [(i, g, i % 2, created) for i in range(1, items + 1) for g in GATES],
        )
        conn.execute(
            "INSERT INTO proposed_actions (account_id, work_item_id, kind, payload, summary, "
            "preview, risk, status, idempotency_key, created_at, updated_at) VALUES "
            "(1, 1, 'gmail.reply', '{\"to\": \"dana@northwind.example\"}', 'Reply', '', 'low', "
            "'pending', 'k1', ?, ?)",
            (created, created),
        )
    conn.close()


def steps(reader: Reader, threshold: int, limit: int) -> tuple[int, list[ItemRow]]:
    """One page and how many SQLite VM steps (in units of 100) it cost: work, not time."""
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    reader.connection.set_progress_handler(tick, 100)
    try:
        page = worklist_read.important_page(reader, threshold, NOW, limit=limit)
    finally:
        reader.connection.set_progress_handler(None, 100)
    return counted[0], page


def test_a_new_home_is_created_private_and_migrated(db_path: Path) -> None:
    assert not db_path.exists()
    with open_reader(db_path) as reader:
        assert worklist_read.important_page(reader, 70, NOW) == []
        assert reader.rows("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert reader.rows("PRAGMA journal_mode")[0][0] == "wal"
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_an_older_store_is_migrated_first_and_a_newer_one_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrate(conn, target=SCHEMA_VERSION - 1)
    conn.close()
    with open_reader(db_path) as reader:
        assert reader.rows("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="upgrade nyte"):
        open_reader(db_path)
    assert db_path.read_bytes() == before


def test_the_reader_cannot_write(db_path: Path) -> None:
    fill(db_path, 3)
    with open_reader(db_path) as reader, pytest.raises(StoreError, match="read-only"):
        reader.rows("DELETE FROM work_items")


def test_a_page_is_one_indexed_query_without_a_sort(db_path: Path) -> None:
    fill(db_path, 50)
    with open_reader(db_path) as reader:
        for sql in (worklist_read.LISTED, worklist_read.EVERY):
            params = [70, stamp(NOW)] if sql is worklist_read.LISTED else [0]
            plan = " ".join(
                str(tuple(r))
                for r in reader.rows(
                    f"EXPLAIN QUERY PLAN {sql}{worklist_read.ORDER}", [*params, 50, 0]
                )
            )
            assert "ix_work_items_" in plan and "TEMP B-TREE" not in plan, plan


def test_a_page_costs_the_same_at_400_and_at_8000_items(tmp_path: Path) -> None:
    costs = []
    for items in (400, 8_000):
        path = tmp_path / f"s{items}.sqlite3"
        fill(path, items)
        with open_reader(path) as reader:
            cost, page = steps(reader, 70, 25)
        costs.append(cost)
        assert len(page) == 25
    assert costs[1] <= 2 * costs[0] + 5, costs  # a scan and sort would cost 20 times more


def test_pages_are_the_orm_list_cut_in_pieces(db_path: Path) -> None:
    fill(db_path, 300)
    store = open_store(db_path)
    try:
        for include_all in (False, True):
            expected = orm_worklist.important_items(store, 70, NOW, include_all=include_all)
            with open_reader(db_path) as reader:
                whole = worklist_read.important_page(reader, 70, NOW, include_all=include_all)
                pages = [
                    worklist_read.important_page(
                        reader, 70, NOW, include_all=include_all, limit=40, offset=offset
                    )
                    for offset in range(0, len(whole) + 40, 40)
                ]
            assert [i.id for i in whole] == [i.id for i in expected] or _same_ranks(whole, expected)
            assert {i.id: i for i in whole} == {i.id: i for i in expected}
            assert [i for page in pages for i in page] == whole
            with open_reader(db_path) as reader:
                counted = worklist_read.important_count(reader, 70, NOW, include_all=include_all)
            assert counted == len(whole) and counted > 0
        with open_reader(db_path) as reader:
            one = worklist_read.item_by_id(reader, 1)
            assert one == orm_worklist.get_item(store, 1)
            assert one is not None and one.proposal and one.proposal["payload"]["to"]
            assert worklist_read.item_by_id(reader, 10_000) is None
            mine = worklist_read.important_page(reader, 70, NOW, account_id=2)
            assert mine and {i.account for i in mine} == {"sam@northwind.example"}
    finally:
        store.close()


def _same_ranks(a: list[ItemRow], b: list[ItemRow]) -> bool:
    """Whether two lists agree on order up to ties (same score and last activity)."""
    return [(i.score, i.last_activity_at) for i in a] == [(i.score, i.last_activity_at) for i in b]


def test_cli_pages_the_list(db_path: Path) -> None:
    fill(db_path, 60)
    whole = json.loads(run_nyte("important", "--json").stdout)["items"]
    second = json.loads(run_nyte("important", "--json", "--limit", "7", "--page", "2").stdout)
    assert [i["id"] for i in second["items"]] == [i["id"] for i in whole[7:14]]
    shown = json.loads(run_nyte("item", "show", str(whole[0]["id"]), "--json").stdout)
    assert {k: v for k, v in shown.items() if k != "age"} == {
        k: v for k, v in whole[0].items() if k != "age"
    }
    missing = run_nyte("item", "show", "999999")
    assert missing.returncode == 1 and "no item 999999" in missing.stderr
    done = run_nyte("important", "--page", "99")
    assert done.returncode == 0 and "no items on page 99" in done.stdout


def test_a_damaged_page_is_one_line_and_never_written(db_path: Path) -> None:
    fill(db_path, 400)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'work_items'").fetchone()
    conn.close()
    with db_path.open("r+b") as handle:
        handle.seek((root[0] - 1) * page_size)
        handle.write(b"\xff" * page_size)
    before = db_path.read_bytes()
    for _ in range(2):
        result = run_nyte("important", "--json")
        assert result.returncode == 1, result.stdout
        said = result.stderr.strip()  # one line (an integrity report may add its own lines)
        assert said.startswith("nyte: error: the database") and "Traceback" not in said, said
        assert str(db_path) in said and "damaged" in said and "nyte sync --full" in said
    assert db_path.read_bytes() == before
    assert db_path.with_name(db_path.name + ".damaged").exists()
