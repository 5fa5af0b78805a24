"""The SQL behind the calendar mirror: calendars and their events in the sync window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import Calendar, CalendarEvent
from nyte_tui.store.queries.ingestion import state_row
from nyte_tui.store.records import (
    CalendarRecord,
    EventRecord,
)
from nyte_tui.store.types import utcnow


def upsert_calendars(store: Store, account_id: int, calendars: Sequence[CalendarRecord]) -> None:
    """Make the calendar list match Google's (calendars no longer listed are removed)."""
    with store.session() as session:
        existing = {
            c.calendar_id: c
            for c in session.exec(select(Calendar).where(Calendar.account_id == account_id))
        }
        seen = set()
        for record in calendars:
            seen.add(record.calendar_id)
            row = existing.get(record.calendar_id) or Calendar(
                account_id=account_id, calendar_id=record.calendar_id
            )
            row.summary = record.summary
            row.is_primary = record.is_primary
            row.time_zone = record.time_zone
            row.access_role = record.access_role
            row.selected = record.selected
            row.updated_at = utcnow()
            session.add(row)
        for calendar_id, row in existing.items():
            if calendar_id not in seen:
                session.execute(
                    delete(CalendarEvent).where(
                        col(CalendarEvent.account_id) == account_id,
                        col(CalendarEvent.calendar_id) == calendar_id,
                    )
                )
                session.delete(row)


def list_calendars(store: Store, account_id: int) -> list[CalendarRecord]:
    """The account's mirrored calendar list."""
    with store.session() as session:
        return [
            CalendarRecord(
                calendar_id=c.calendar_id,
                summary=c.summary,
                is_primary=c.is_primary,
                time_zone=c.time_zone,
                access_role=c.access_role,
                selected=c.selected,
            )
            for c in session.exec(
                select(Calendar)
                .where(Calendar.account_id == account_id)
                .order_by(col(Calendar.is_primary).desc(), col(Calendar.calendar_id))
            )
        ]


def apply_calendar_changes(
    store: Store,
    account_id: int,
    calendar_id: str,
    *,
    upserts: Sequence[EventRecord],
    deleted_event_ids: Sequence[str] = (),
    replace_window: tuple[datetime, datetime] | None = None,
    replace_series: dict[str, list[EventRecord]] | None = None,
    cursor: str | None = None,
) -> set[str]:
    """Apply a calendar listing (and its cursor) in one transaction; return changed event ids."""
    changed: set[str] = set()
    source = f"calendar:{calendar_id}"
    with store.session() as session:
        current = {
            e.event_id: e
            for e in session.exec(
                select(CalendarEvent).where(
                    CalendarEvent.account_id == account_id,
                    CalendarEvent.calendar_id == calendar_id,
                )
            )
        }
        listed = set()
        doomed = set(deleted_event_ids)
        series_records: list[EventRecord] = []
        for series_id, instances in (replace_series or {}).items():
            keep = {record.event_id for record in instances}
            series_records.extend(instances)
            for event_id, stored in current.items():
                if series_id in (stored.recurring_event_id, event_id) and (event_id not in keep):
                    doomed.add(event_id)
        for record in [*upserts, *series_records]:
            listed.add(record.event_id)
            row = current.get(record.event_id)
            values = asdict(record)
            if row is None:
                session.add(CalendarEvent(account_id=account_id, calendar_id=calendar_id, **values))
                changed.add(record.event_id)
                continue
            if any(getattr(row, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                row.synced_at = utcnow()
                session.add(row)
                changed.add(record.event_id)
        doomed -= listed
        if replace_window is not None:
            _window_start, window_end = replace_window
            for event_id, row in current.items():
                if event_id in listed:
                    continue
                # Gone from the window's listing, or fallen behind it: no longer mirrored.
                if row.start_at is None or row.start_at < window_end:
                    doomed.add(event_id)
        for event_id in doomed:
            row = current.get(event_id)
            if row is not None:
                session.delete(row)
                changed.add(event_id)
        if cursor is not None:
            state = state_row(session, account_id, source)
            state.cursor = cursor
            state.updated_at = utcnow()
            session.add(state)
    return changed
