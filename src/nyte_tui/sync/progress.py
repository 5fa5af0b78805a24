"""How a sync reports progress: a protocol the CLI and the app implement (no Textual here)."""

from __future__ import annotations

from typing import Protocol


class SyncReporter(Protocol):
    """Receives progress from a running sync, on the sync's own thread."""

    def progress(self, account: str, source: str, done: int, total: int | None, note: str) -> None:
        """Work advanced: done of total (None when unknown) items for account and source."""

    def note(self, account: str, text: str) -> None:
        """Something worth telling the user happened."""


class NullReporter:
    """A reporter that ignores everything (quiet runs, tests)."""

    def progress(self, account: str, source: str, done: int, total: int | None, note: str) -> None:
        """Ignore progress."""

    def note(self, account: str, text: str) -> None:
        """Ignore notes."""
