"""What must hold in a store after any crash: integrity, one cursor, no orphans, sane outbox."""

from __future__ import annotations

import sqlite3
from pathlib import Path

OUTBOX_STATES = {"queued", "sending", "sent", "failed", "unknown", "cancelled"}
ACTION_FOR_OUTBOX = {
    "queued": {"pending"},
    "sending": {"executing"},
    "unknown": {"executing"},
    "sent": {"executed"},
    "failed": {"failed"},
    "cancelled": {"dismissed"},
}


def broken_invariants(database: Path) -> list[str]:
    """Every violated invariant of the store at database, as readable lines (empty: all hold)."""
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return _check(conn)
    finally:
        conn.close()


def _check(conn: sqlite3.Connection) -> list[str]:
    """The checks, on an open read-only connection."""
    problems: list[str] = []
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append(f"integrity_check: {integrity[:5]}")
    problems += [
        f"{n} cursors for account {a} source {s}"
        for a, s, n in conn.execute(
            "SELECT account_id, source, COUNT(*) FROM ingestion_state "
            "GROUP BY account_id, source HAVING COUNT(*) > 1"
        )
    ]
    problems += [
        f"work item {i} has no thread {t}"
        for i, t in conn.execute(
            "SELECT w.id, w.thread_id FROM work_items w WHERE w.source = 'gmail' AND NOT EXISTS "
            "(SELECT 1 FROM threads t WHERE t.account_id = w.account_id "
            "AND t.thread_id = w.thread_id)"
        )
    ]
    problems += [
        f"work item {i} has no event {e}"
        for i, e in conn.execute(
            "SELECT w.id, w.event_id FROM work_items w WHERE w.source = 'calendar' AND NOT EXISTS "
            "(SELECT 1 FROM calendar_events e WHERE e.account_id = w.account_id "
            "AND e.calendar_id = w.calendar_id AND e.event_id = w.event_id)"
        )
    ]
    problems += [
        f"message {g} has no thread {t}"
        for g, t in conn.execute(
            "SELECT m.gmail_id, m.thread_id FROM messages m WHERE NOT EXISTS "
            "(SELECT 1 FROM threads t WHERE t.account_id = m.account_id "
            "AND t.thread_id = m.thread_id)"
        )
    ]
    problems += _outbox_problems(conn)
    running = conn.execute(
        "SELECT COUNT(*) FROM workflow_runs WHERE status = 'running'"
    ).fetchone()[0]
    if running > 1:
        problems.append(f"{running} workflow runs marked running at once")
    return problems


def _outbox_problems(conn: sqlite3.Connection) -> list[str]:
    """Outbox rows in a state no code path can produce."""
    problems = []
    rows = conn.execute(
        "SELECT o.id, o.state, o.attempts, o.gmail_message_id, o.sent_at, a.status "
        "FROM outbox o LEFT JOIN proposed_actions a ON a.id = o.proposed_action_id"
    ).fetchall()
    for outbox_id, state, attempts, gmail_id, sent_at, action in rows:
        where = f"outbox {outbox_id} ({state})"
        if state not in OUTBOX_STATES:
            problems.append(f"{where}: unknown state")
        if state == "sent" and not (gmail_id and sent_at):
            problems.append(f"{where}: sent without a Gmail id and time")
        if state != "sent" and gmail_id:
            problems.append(f"{where}: a Gmail id but not sent")
        if state in ("sending", "unknown", "sent", "failed") and attempts < 1:
            problems.append(f"{where}: never attempted")
        if action is not None and action not in ACTION_FOR_OUTBOX.get(state, set()):
            problems.append(f"{where}: its proposed action is {action}")
    return problems
