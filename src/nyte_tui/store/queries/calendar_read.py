"""The read path's SQL for events and threads: the agenda, stored conflicts, one event, a thread.

Plain sqlite3 rows become `TriageEvent`, `EventRow` and `ThreadMessage` records; no ORM.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from nyte_tui.store.read_records import EventRow, ThreadMessage
from nyte_tui.store.reader import Reader, loads, stamp, when
from nyte_tui.store.triage_records import TriageEvent

EVENT_COLUMNS = (
    "e.account_id, e.calendar_id, e.event_id, e.status, e.summary, e.description, e.location, "
    "e.start_at, e.end_at, e.all_day, e.organizer_email, e.organizer_name, e.organizer_self, "
    "e.attendees, e.my_response_status, e.recurring_event_id, e.start_date, e.html_link"
)
CHUNK = 400


def _event(r: sqlite3.Row, primary: bool = True) -> TriageEvent:
    """A row of calendar_events as a triage record."""
    return TriageEvent(
        r["calendar_id"],
        r["event_id"],
        r["status"],
        r["summary"],
        r["description"],
        r["location"],
        when(r["start_at"]),
        when(r["end_at"]),
        bool(r["all_day"]),
        r["organizer_email"],
        r["organizer_name"],
        bool(r["organizer_self"]),
        list(loads(r["attendees"], [])),
        r["my_response_status"],
        r["recurring_event_id"],
        primary,
    )


def events_starting(
    reader: Reader, start: datetime, end: datetime
) -> list[tuple[int, str, TriageEvent]]:
    """(account id, account email, event) for every event starting in [start, end), in order."""
    rows = reader.rows(
        f"SELECT a.email, {EVENT_COLUMNS} FROM calendar_events e "
        "JOIN accounts a ON a.id = e.account_id "
        "WHERE e.start_at >= ? AND e.start_at < ? ORDER BY e.start_at, e.id",
        [stamp(start), stamp(end)],
    )
    return [(r["account_id"], r["email"], _event(r)) for r in rows]


def events_overlapping(
    reader: Reader, account_id: int, start: datetime, end: datetime
) -> list[TriageEvent]:
    """An account's events overlapping [start, end), over the (account, start) index."""
    rows = reader.rows(
        f"SELECT {EVENT_COLUMNS} FROM calendar_events e "
        "WHERE e.account_id = ? AND e.start_at < ? AND e.end_at > ? ORDER BY e.start_at, e.id",
        [account_id, stamp(end), stamp(start)],
    )
    return [_event(r) for r in rows]


def conflict_windows(reader: Reader) -> dict[int, tuple[datetime, datetime]]:
    """The window each account's conflicts were last computed for."""
    found: dict[int, tuple[datetime, datetime]] = {}
    for r in reader.rows("SELECT account_id, window_start, window_end FROM conflict_scans"):
        start, end = when(r[1]), when(r[2])
        if start is not None and end is not None:
            found[r[0]] = (start, end)
    return found


def stored_conflicts(
    reader: Reader, account_id: int, event_keys: Iterable[str]
) -> dict[str, list[str]]:
    """The titles each of these events clashes with, as the last triage pass stored them."""
    found: dict[str, list[tuple[int, str]]] = {}
    keys = sorted(set(event_keys))
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        for r in reader.rows(
            "SELECT event_key, position, other_title FROM event_conflicts "
            f"WHERE account_id = ? AND event_key IN ({','.join('?' * len(chunk))})",
            [account_id, *chunk],
        ):
            found.setdefault(r[0], []).append((r[1], r[2]))
    return {key: [title for _, title in sorted(pairs)] for key, pairs in found.items()}


def calendar_event(
    reader: Reader, account_id: int, calendar_id: str, event_id: str
) -> EventRow | None:
    """One mirrored event, or None when it is gone."""
    rows = reader.rows(
        f"SELECT {EVENT_COLUMNS} FROM calendar_events e "
        "WHERE e.account_id = ? AND e.calendar_id = ? AND e.event_id = ?",
        [account_id, calendar_id, event_id],
    )
    if not rows:
        return None
    r = rows[0]
    return EventRow(
        calendar_id=r["calendar_id"],
        event_id=r["event_id"],
        status=r["status"],
        summary=r["summary"],
        description=r["description"],
        location=r["location"],
        start_at=when(r["start_at"]),
        end_at=when(r["end_at"]),
        all_day=bool(r["all_day"]),
        start_date=r["start_date"],
        organizer_email=r["organizer_email"],
        organizer_name=r["organizer_name"],
        organizer_self=bool(r["organizer_self"]),
        my_response_status=r["my_response_status"],
        html_link=r["html_link"],
        attendees=[dict(a) for a in loads(r["attendees"], [])],
    )


def thread_messages(reader: Reader, account_id: int, thread_id: str) -> list[ThreadMessage]:
    """Every mirrored message of a thread, oldest first (ties by row id)."""
    rows = reader.rows(
        "SELECT gmail_id, from_name, from_email, to_header, cc_header, subject, internal_date, "
        "is_sent, body_text, snippet FROM messages WHERE account_id = ? AND thread_id = ? "
        "ORDER BY internal_date, id",
        [account_id, thread_id],
    )
    return [
        ThreadMessage(
            gmail_id=r[0],
            from_name=r[1],
            from_email=r[2],
            to_header=r[3],
            cc_header=r[4],
            subject=r[5],
            internal_date=r[6],
            is_sent=bool(r[7]),
            body_text=r[8],
            snippet=r[9],
        )
        for r in rows
    ]
