"""The one-line status bar: account, last sync (a spinner while syncing), model and errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from nyte_tui.tui.backend import StatusView

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def synced_ago(last: datetime | None, now: datetime) -> str:
    """How long ago the last sync ended, in words."""
    if last is None:
        return "not synced yet"
    seconds = max(0, int((now - last).total_seconds()))
    if seconds < 60:
        return "synced just now"
    if seconds < 3600:
        return f"synced {seconds // 60} min ago"
    if seconds < 86400:
        return f"synced {seconds // 3600} h ago"
    return f"synced {seconds // 86400} d ago"


class StatusBar(Widget):
    """Shows what the app set on it; it asks nobody for anything."""

    account: reactive[str] = reactive("loading…")
    model: reactive[str] = reactive("")
    last_sync_at: reactive[datetime | None] = reactive(None)
    syncing: reactive[bool] = reactive(False)
    progress: reactive[str] = reactive("")
    error: reactive[str] = reactive("")
    notice: reactive[str] = reactive("")
    outbox: reactive[str] = reactive("")
    frame: reactive[int] = reactive(0)

    def __init__(
        self, *, clock: Callable[[], datetime] | None = None, id: str | None = None
    ) -> None:
        """Use clock for "synced N min ago" (a fixed one keeps snapshots stable)."""
        super().__init__(id=id)
        self.clock = clock or (lambda: datetime.now(UTC))
        self._spin: Timer | None = None

    def show_status(self, status: StatusView, *, demo: bool, show_last_error: bool) -> None:
        """Take account, model, last sync and any standing error from a status view."""
        account = status.account or "no account"
        self.account = f"{account} · demo" if demo else account
        self.model = status.model or "offline"
        self.last_sync_at = status.last_sync_at
        if status.needs_reauth:
            self.error = f"{status.needs_reauth[0]} needs re-auth: run `nyte auth login`"
        elif show_last_error:
            self.error = f"last sync failed: {status.last_error}" if status.last_error else ""
        outbox = []
        if status.outbox_sending:
            outbox.append(f"{status.outbox_sending} sending")
        if status.outbox_unknown:
            outbox.append(f"{status.outbox_unknown} unknown — see nyte outbox")
        self.outbox = ", ".join(outbox)

    def on_mount(self) -> None:
        """Refresh the age of the last sync now and then."""
        self.set_interval(20, self.refresh)

    def watch_syncing(self, syncing: bool) -> None:
        """Run the spinner only while a sync runs."""
        if syncing and self._spin is None:
            self._spin = self.set_interval(0.1, self._advance)
        elif not syncing and self._spin is not None:
            self._spin.stop()
            self._spin = None

    def _advance(self) -> None:
        """Next spinner frame."""
        self.frame = (self.frame + 1) % len(SPINNER)

    def state_text(self) -> str:
        """The right-hand side as plain text (tests read it)."""
        parts: list[str] = []
        if self.syncing:
            parts.append(
                f"{SPINNER[self.frame]} syncing" + (f" {self.progress}" if self.progress else "")
            )
        else:
            parts.append(synced_ago(self.last_sync_at, self.clock()))
        if self.model:
            parts.append(f"model: {self.model}")
        if self.outbox:
            parts.append(self.outbox)
        return " · ".join(parts)

    def render(self) -> Table:
        """Account on the left, sync state and model on the right, an error in between."""
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis", justify="right")
        grid.add_column(no_wrap=True, justify="right")
        left = Text.assemble(("nyte", "bold"), " · ", self.account)
        if self.notice:
            middle = Text(self.notice, style="bold yellow")
        elif self.error:
            middle = Text(f"⚠ {self.error}", style="bold red")
        else:
            middle = Text("")
        grid.add_row(left, middle, Text(self.state_text()))
        return grid
