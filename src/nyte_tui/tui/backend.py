"""The app's one port to the world: the Backend protocol and the view types it answers with.

`services.app.backend.AppBackend` implements it; tests may fake it. Every call runs in a
worker thread and returns a frozen view from `services.views`, never a dict or an ORM row.
"""

from __future__ import annotations

from typing import Any, Protocol

from nyte_tui.services.run_views import ActionView, CommandProposalView, RunView
from nyte_tui.services.views import (
    AgendaView,
    AttendeeView,
    DetailView,
    EventView,
    FeedbackOutcome,
    GateView,
    ItemChange,
    ItemView,
    MessageView,
    StatusView,
    SyncOutcome,
)

__all__ = [
    "ActionView",
    "AgendaView",
    "AttendeeView",
    "Backend",
    "CommandProposalView",
    "DetailView",
    "EventView",
    "FeedbackOutcome",
    "GateView",
    "ItemChange",
    "ItemView",
    "MessageView",
    "ProgressSink",
    "RunView",
    "StatusView",
    "SyncOutcome",
]


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

    def load_items(
        self, show_all: bool = False, limit: int | None = None, offset: int = 0
    ) -> list[ItemView]:
        """A page of the Important list (or of every item), best first; all without limit."""

    def count_items(self, show_all: bool = False) -> int:
        """How many items the Important list (or every item) holds."""

    def item_detail(self, item_id: int) -> DetailView:
        """One item with reason, gates and thread excerpt or event."""

    def agenda(self, days: int = 2) -> AgendaView:
        """Upcoming events grouped by day."""

    def status(self) -> StatusView:
        """Accounts, last sync, last error and model."""

    def sync(self, reporter: Any = None) -> SyncOutcome:
        """Run one sync pass and describe it."""

    def set_status(self, item_id: int, status: str, until: str | None = None) -> ItemChange:
        """Mark an item done, dismissed or snoozed."""

    def feedback(self, item_id: int, verdict: str) -> FeedbackOutcome:
        """Record important / not important."""

    def command(self, text: str, item_id: int | None) -> RunView:
        """Start a command run about an item (or none): a proposal or one question."""

    def respond(self, run_id: int, text: str) -> RunView:
        """Answer a run's question or edit its proposal."""

    def confirm(self, run_id: int, expect: str | None) -> RunView:
        """Confirm what was shown (a message is held for the undo window first)."""

    def send_held(self, run_id: int) -> RunView:
        """Send a held message whose undo window is over."""

    def undo(self, run_id: int) -> RunView:
        """Stop a held message."""

    def cancel(self, run_id: int) -> RunView:
        """End a run."""

    def approve(self, action_id: int) -> RunView:
        """Start the run for one of triage's proposals."""

    def dismiss_action(self, action_id: int) -> ActionView:
        """Dismiss one of triage's proposals."""
