"""The SQL that stores event conflicts: what each event clashes with, once per triage pass."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import col, delete, select

from nyte_tui.store.db import Store
from nyte_tui.store.types import utcnow
from nyte_tui.store.work_models import ConflictScan, EventConflict


def replace_conflicts(
    store: Store,
    account_id: int,
    window_start: datetime,
    window_end: datetime,
    table: Mapping[str, Sequence[tuple[str, str]]],
) -> bool:
    """Store an account's conflicts for a window in one transaction; True when they changed.

    table maps an event key to (other event key, other title) in display order.
    """
    wanted = {
        (key, position, other, title)
        for key, others in table.items()
        for position, (other, title) in enumerate(others)
    }
    with store.session() as session:
        stored = {
            (c.event_key, c.position, c.other_key, c.other_title)
            for c in session.exec(
                select(EventConflict).where(EventConflict.account_id == account_id)
            )
        }
        changed = stored != wanted
        if changed:
            session.exec(delete(EventConflict).where(col(EventConflict.account_id) == account_id))
            session.add_all(
                EventConflict(
                    account_id=account_id,
                    event_key=key,
                    position=position,
                    other_key=other,
                    other_title=title,
                )
                for key, position, other, title in sorted(wanted)
            )
        scan = session.get(ConflictScan, account_id) or ConflictScan(
            account_id=account_id, window_start=window_start, window_end=window_end
        )
        scan.window_start = window_start
        scan.window_end = window_end
        scan.scanned_at = utcnow()
        session.add(scan)
    return changed
