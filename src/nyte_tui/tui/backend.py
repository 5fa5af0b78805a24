"""What the app needs from its backend (services.app_backend.AppBackend fits; tests may fake it)."""

from __future__ import annotations

from typing import Any, Protocol


class ProgressSink(Protocol):
    """Receives sync progress on the sync's own thread (the sync reporter protocol)."""

    def progress(self, account: str, source: str, done: int, total: int | None, note: str) -> None:
        """Work advanced."""

    def note(self, account: str, text: str) -> None:
        """Something worth telling the user happened."""


class Backend(Protocol):
    """The app's only door to the store, sync and triage; every call runs in a worker thread."""

    def open(self) -> Any:
        """Open the store (the first heavy import happens here)."""

    def close(self) -> None:
        """Release the store."""

    def load_items(self, show_all: bool = False) -> list[dict[str, Any]]:
        """The Important list (or every item) as dicts, best first."""

    def item_detail(self, item_id: int) -> dict[str, Any]:
        """One item with reason, gates and thread excerpt or event."""

    def agenda(self, days: int = 2) -> dict[str, Any]:
        """Upcoming events grouped by day."""

    def status(self) -> dict[str, Any]:
        """Accounts, last sync, last error and model."""

    def sync(self, reporter: Any = None) -> dict[str, Any]:
        """Run one sync pass and describe it."""

    def set_status(self, item_id: int, status: str, until: str | None = None) -> dict[str, Any]:
        """Mark an item done, dismissed or snoozed."""

    def feedback(self, item_id: int, verdict: str) -> dict[str, Any]:
        """Record important / not important."""
