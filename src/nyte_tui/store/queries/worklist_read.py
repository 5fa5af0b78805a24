"""The read path's SQL for work items: one indexed page of the Important list, one item by id.

Rows come back as `ItemRow` records built from plain sqlite3 rows; no ORM object is made.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from nyte_tui.store.reader import Reader, loads, stamp, when
from nyte_tui.store.triage_records import GateRow, ItemRow

ITEM_COLUMNS = (
    "id, account_id, source, source_key, thread_id, calendar_id, event_id, kind, title, who, "
    "who_email, status, snoozed_until, score, rule_score, model_score, tier, reason, "
    "score_version, content_hash, dismissed_hash, due_at, last_activity_at, rescore_at, "
    "created_at, updated_at, warning"
)
# The partial index ix_work_items_listed holds exactly the open and snoozed items, score
# then last activity; reading it backwards gives the list's order with no sort and lets
# LIMIT stop after one page. `INDEXED BY` makes a missing index an error, not a slow scan.
LISTED = (
    f"SELECT {ITEM_COLUMNS} FROM work_items INDEXED BY ix_work_items_listed "
    "WHERE status IN ('open', 'snoozed') AND score >= ? "
    "AND (status = 'open' OR snoozed_until <= ?)"
)
EVERY = f"SELECT {ITEM_COLUMNS} FROM work_items INDEXED BY ix_work_items_rank WHERE score >= ?"
ORDER = " ORDER BY score DESC, last_activity_at DESC, id DESC LIMIT ? OFFSET ?"
CHUNK = 500


def important_page(
    reader: Reader,
    threshold: int,
    now: datetime,
    *,
    include_all: bool = False,
    limit: int | None = None,
    offset: int = 0,
    account_id: int | None = None,
) -> list[ItemRow]:
    """Open items scoring at least threshold (or every item), best then most recent first."""
    sql, params = (EVERY, [-(2**31)]) if include_all else (LISTED, [threshold, stamp(now)])
    if account_id is not None:
        sql += " AND account_id = ?"
        params.append(account_id)
    params += [limit if limit and limit > 0 else -1, max(0, offset)]
    with reader.snapshot():
        return _items(reader, reader.rows(sql + ORDER, params))


def important_count(
    reader: Reader, threshold: int, now: datetime, *, include_all: bool = False
) -> int:
    """How many items `important_page` would list without a limit (one pass over its index)."""
    sql, params = (EVERY, [-(2**31)]) if include_all else (LISTED, [threshold, stamp(now)])
    counted = sql.replace(f"SELECT {ITEM_COLUMNS} ", "SELECT count(*) ", 1)
    with reader.snapshot():
        return int(reader.rows(counted, params)[0][0])


def item_by_id(reader: Reader, item_id: int) -> ItemRow | None:
    """One work item by id, with its gates and pending proposal."""
    with reader.snapshot():
        found = _items(
            reader, reader.rows(f"SELECT {ITEM_COLUMNS} FROM work_items WHERE id = ?", [item_id])
        )
    return found[0] if found else None


def _items(reader: Reader, rows: Sequence[sqlite3.Row]) -> list[ItemRow]:
    """Records for item rows, their gates and proposals loaded in one query each per chunk."""
    if not rows:
        return []
    emails = {r["id"]: r["email"] for r in reader.rows("SELECT id, email FROM accounts")}
    ids = [r["id"] for r in rows]
    gates: dict[int, list[GateRow]] = {}
    proposals: dict[int, dict[str, object]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for g in reader.rows(
            "SELECT work_item_id, gate, matched, points, reason FROM gate_evaluations "
            f"WHERE work_item_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            gates.setdefault(g[0], []).append(GateRow(g[1], bool(g[2]), g[3], g[4]))
        for a in reader.rows(
            "SELECT work_item_id, id, kind, payload, summary, status, risk, idempotency_key "
            f"FROM proposed_actions WHERE work_item_id IN ({marks}) AND status = 'pending' "
            "ORDER BY id",
            chunk,
        ):
            proposals[a[0]] = {  # the newest wins
                "id": a[1],
                "kind": a[2],
                "payload": loads(a[3], {}),
                "summary": a[4],
                "status": a[5],
                "risk": a[6],
                "idempotency_key": a[7],
            }
    return [_item(r, emails.get(r["account_id"], ""), gates, proposals) for r in rows]


def _item(
    r: sqlite3.Row,
    email: str,
    gates: dict[int, list[GateRow]],
    proposals: dict[int, dict[str, object]],
) -> ItemRow:
    """One record from a row and the loaded parts."""
    created = when(r["created_at"])
    updated = when(r["updated_at"])
    assert created is not None and updated is not None
    return ItemRow(
        id=r["id"],
        account_id=r["account_id"],
        account=email,
        source=r["source"],
        source_key=r["source_key"],
        thread_id=r["thread_id"],
        calendar_id=r["calendar_id"],
        event_id=r["event_id"],
        kind=r["kind"],
        title=r["title"],
        who=r["who"],
        who_email=r["who_email"],
        status=r["status"],
        snoozed_until=when(r["snoozed_until"]),
        score=r["score"],
        rule_score=r["rule_score"],
        model_score=r["model_score"],
        tier=r["tier"],
        reason=r["reason"],
        score_version=r["score_version"],
        warning=r["warning"],
        content_hash=r["content_hash"],
        dismissed_hash=r["dismissed_hash"],
        due_at=when(r["due_at"]),
        last_activity_at=when(r["last_activity_at"]),
        rescore_at=when(r["rescore_at"]),
        created_at=created,
        updated_at=updated,
        gates=gates.get(r["id"], []),
        proposal=proposals.get(r["id"]),
    )
