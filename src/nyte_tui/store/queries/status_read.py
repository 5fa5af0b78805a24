"""The read path's SQL for the app's status line: accounts, source errors, outbox, last sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nyte_tui.store.reader import Reader, when


@dataclass(frozen=True)
class StatusParts:
    """What the status line is built from, read in one snapshot."""

    accounts: tuple[tuple[str, str, str | None], ...]  # email, status, reason
    source_errors: tuple[str, ...]  # "gmail: …" in account then source order
    outbox: dict[str, int]
    last_sync_at: datetime | None


def status_parts(reader: Reader) -> StatusParts:
    """Accounts in connection order, source errors, outbox state counts and the last sync."""
    with reader.snapshot():
        accounts = reader.rows("SELECT email, status, status_reason FROM accounts ORDER BY id")
        errors = reader.rows(
            "SELECT s.source, s.last_error FROM ingestion_state s "
            "JOIN accounts a ON a.id = s.account_id "
            "WHERE s.last_error IS NOT NULL AND s.last_error != '' ORDER BY a.email, s.source"
        )
        outbox = {
            str(r[0]): int(r[1])
            for r in reader.rows("SELECT state, count(*) FROM outbox GROUP BY state")
        }
        held = reader.rows(
            "SELECT count(*) FROM outbox WHERE state = 'queued' AND send_after IS NOT NULL"
        )
        last = reader.rows(
            "SELECT max(finished_at) FROM workflow_runs "
            "WHERE kind = 'sync' AND status IN ('ok', 'partial')"
        )
    outbox["held"] = int(held[0][0])
    return StatusParts(
        accounts=tuple((r[0], r[1], r[2]) for r in accounts),
        source_errors=tuple(f"{r[0]}: {r[1]}" for r in errors),
        outbox=outbox,
        last_sync_at=when(last[0][0]),
    )
