"""What one sync pass did for one source: counts, calls, quota and errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SKIPPED_LISTED = 200  # skipped messages listed by id in a run's summary (the count is exact)


def stopped_early(exc: BaseException) -> str:
    """The note of a pass cut short by the wait budget: why, and that nothing is lost."""
    return f"stopped early: {exc}; what was fetched is saved and the next sync resumes from there"


def stop_early(report: SourceReport, exc: BaseException) -> None:
    """Mark a report partial: the wait budget ran out (what it counted is committed)."""
    report.partial = True
    report.error = stopped_early(exc)


def count_saved(report: SourceReport, count: int) -> None:
    """Count messages fetched and committed (as each batch lands, so a partial pass is right)."""
    report.fetched += count
    report.changed += count


class HistoryExpired(Exception):
    """The stored history id is too old for history.list (HTTP 404)."""


@dataclass
class SourceReport:
    """What one source's sync did."""

    mode: str = "incremental"
    fetched: int = 0
    changed: int = 0
    deleted: int = 0
    api_calls: int = 0
    quota_units: int = 0
    seconds: float = 0.0
    error: str | None = None
    partial: bool = False
    changed_keys: set[str] = field(default_factory=set)
    skipped: dict[str, str] = field(default_factory=dict)

    def skip(self, gmail_id: str, reason: str) -> None:
        """Record a message this pass could not store, with the reason (once per message)."""
        self.skipped.setdefault(gmail_id, " ".join(reason.split())[:300])

    def as_json(self) -> dict[str, Any]:
        """The report as the JSON shape of `nyte sync --json`."""
        return {
            "mode": self.mode,
            "fetched": self.fetched,
            "changed": self.changed,
            "deleted": self.deleted,
            "api_calls": self.api_calls,
            "quota_units": self.quota_units,
            "seconds": round(self.seconds, 3),
            "error": self.error,
            "skipped": len(self.skipped),
            "skipped_messages": [
                {"gmail_id": gmail_id, "reason": reason}
                for gmail_id, reason in list(self.skipped.items())[:SKIPPED_LISTED]
            ],
        }


def skipped_line(source: str, skipped: dict[str, str], shown: int = 5) -> str:
    """One line naming the messages a pass skipped and why (the first few)."""
    listed = "; ".join(
        f"{gmail_id}: {reason}" for gmail_id, reason in list(skipped.items())[:shown]
    )
    more = (
        f"; and {len(skipped) - shown} more (`nyte runs --json` lists them)"
        if len(skipped) > shown
        else ""
    )
    noun = "message" if len(skipped) == 1 else "messages"
    return f"{source}: skipped {len(skipped)} {noun} — {listed}{more}"
