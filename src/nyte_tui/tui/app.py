"""NyteApp: the Important list, the detail of the selected item, the command pane, a status line."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from nyte_tui.tui.actions import ITEM_SLASHES, PALETTE, VERDICT_WORDS, AppActions
from nyte_tui.tui.backend import Backend, SyncOutcome
from nyte_tui.tui.conversation import Conversation
from nyte_tui.tui.messages import (
    ActionDone,
    AgendaLoaded,
    BackendFailed,
    CommandFailed,
    DetailLoaded,
    ItemsLoaded,
    MoreItemsLoaded,
    RunShown,
    StatusLoaded,
    SyncFinished,
    SyncProgress,
    SyncStarted,
)
from nyte_tui.tui.progress import describe_error
from nyte_tui.tui.screens.help import HelpScreen
from nyte_tui.tui.widgets.command_pane import CommandPane
from nyte_tui.tui.widgets.detail_pane import DetailPane
from nyte_tui.tui.widgets.important_list import ImportantList
from nyte_tui.tui.widgets.status_bar import StatusBar
from nyte_tui.tui.workers import AppWorkers

T = TypeVar("T")
NO_ACCOUNT = "no account connected; run `nyte auth login` (or try `nyte demo`)"
AGENDA_DAYS = 2


class NyteApp(AppWorkers, AppActions, App[None]):
    """The terminal app; every backend call runs in a thread worker that reports by message."""

    CSS_PATH = "nyte.tcss"
    TITLE = "nyte"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("r", "reply", "Reply"),
        Binding("a", "confirm", "Approve"),
        Binding("e", "edit", "Edit", show=False),
        Binding("u", "undo", "Undo", show=False),
        Binding("x", "cancel_or_done", "Done/cancel", show=False),
        Binding("d", "dismiss", "Dismiss"),
        Binding("s", "set_status('snoozed')", "Snooze"),
        Binding("i", "feedback('important')", "Important"),
        Binding("I", "feedback('not_important')", "Not important"),
        Binding("o", "toggle_earlier", "Earlier messages", show=False),
        Binding("colon", "command('')", "Command"),
        Binding("slash", "command('/')", "Command", show=False),
        Binding("escape", "to_list", "Back to the list", show=False),
        Binding("ctrl+r", "sync", "Sync now"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        backend: Backend,
        *,
        demo: bool = False,
        auto_sync: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Use backend for everything; auto_sync runs the start-up and periodic syncs."""
        super().__init__()
        self.backend = backend
        self.demo = demo
        self.auto_sync = auto_sync
        self.clock = clock or (lambda: datetime.now(UTC))
        self.show_all = False
        self.syncing = False
        self.startup_error: str | None = None
        self.startup_usage_error = False  # the error is the user's settings (exit 2)
        self.last_sync_result: SyncOutcome | None = None
        self._detail_for: int | None = None
        self.sync_wanted = threading.Event()
        self.stopping = threading.Event()
        # Held directly (not queried) so a late message during a modal screen or shutdown
        # updates a widget instead of failing a query on whatever screen is on top.
        self.status_bar = StatusBar(id="status", clock=self.clock)
        self.item_list = ImportantList(id="important")
        self.detail = DetailPane(id="detail")
        self.command_pane = CommandPane(id="command")
        self.talk = Conversation(self)

    # ----- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Status line, list and detail side by side, command pane, key hints."""
        yield self.status_bar
        with Horizontal(id="main"):
            yield self.item_list
            yield self.detail
        yield self.command_pane
        yield Footer(id="keys")

    def on_mount(self) -> None:
        """Paint at once, then load everything in workers."""
        self.item_list.border_title = "Important"
        self.detail.border_title = "Detail"
        self.command_pane.border_title = "Command"
        self.detail.show_text("loading…")
        if self.demo:
            self.status_bar.account = "demo"
        self.item_list.focus()
        self.load_items(self.show_all)
        self.sync_loop()

    def on_unmount(self) -> None:
        """Stop the sync loop (and any pass in progress) so the process can end."""
        self.stopping.set()
        self.sync_wanted.set()

    # ----- handlers: the only code that changes widgets -----------------------------------

    def on_items_loaded(self, message: ItemsLoaded) -> None:
        """Show the list; the highlight then loads the detail."""
        if message.show_all != self.show_all:
            return
        self.item_list.show_items(
            message.items, message.show_all, message.total, message.more_coming
        )
        if not message.items:
            self._detail_for = None
            self.detail.show_text(
                "nothing needs you right now" if not message.show_all else "no items yet",
                "Detail",
            )

    def on_important_list_more_wanted(self, message: ImportantList.MoreWanted) -> None:
        """Read the next page of the list."""
        self.load_more(self.show_all, message.offset)

    def on_more_items_loaded(self, message: MoreItemsLoaded) -> None:
        """Add the next page to the list it continues."""
        if message.show_all == self.show_all:
            self.item_list.append_items(message.items, message.offset)

    def on_important_list_highlighted(self, message: ImportantList.Highlighted) -> None:
        """Load the highlighted item's detail."""
        item_id = message.item.id
        self._detail_for = item_id
        self.load_detail(item_id)

    def on_important_list_chosen(self, message: ImportantList.Chosen) -> None:
        """Open the detail: load it if needed and move the focus there."""
        item_id = message.item.id
        if self._detail_for != item_id or self.detail.detail is None:
            self._detail_for = item_id
            self.load_detail(item_id)
        self.detail.focus()

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        """Show the detail if it is still the one wanted."""
        if message.item_id == self._detail_for:
            self.detail.show_detail(message.detail)

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        """Show the agenda in the detail pane."""
        self._detail_for = None
        self.detail.show_agenda(message.agenda, AGENDA_DAYS)

    def on_status_loaded(self, message: StatusLoaded) -> None:
        """Update the status line (or leave when there is no account to show)."""
        status = message.status
        if not status.accounts and not self.demo:
            self.startup_error = NO_ACCOUNT
            self.exit()
            return
        quiet = self.last_sync_result is None and not self.syncing
        self.status_bar.show_status(status, demo=self.demo, show_last_error=quiet)

    def on_sync_started(self, message: SyncStarted) -> None:
        """Show the spinner."""
        self.syncing = True
        self.status_bar.syncing = True
        self.status_bar.progress = ""

    def on_sync_progress(self, message: SyncProgress) -> None:
        """Show how far the sync is."""
        total = f"/{message.total}" if message.total else ""
        self.status_bar.progress = f"{message.source} {message.done}{total}"

    def on_sync_finished(self, message: SyncFinished) -> None:
        """Stop the spinner, show any error, reload what may have changed."""
        result = message.result
        self.last_sync_result = result
        self.syncing = False
        bar = self.status_bar
        bar.syncing = False
        bar.progress = ""
        if result.busy:
            self.notify(result.message, title="sync skipped", severity="warning")
        elif result.ok:
            bar.error = ""
        else:
            bar.error = f"sync failed: {result.message or 'unknown error'}"
        if not result.busy:
            self.load_status()
            self.load_items(self.show_all)
            if self._detail_for is not None:
                self.load_detail(self._detail_for)

    def on_action_done(self, message: ActionDone) -> None:
        """Say what happened and reload the list (and the detail for feedback)."""
        self.notify(message.text, severity="information" if message.ok else "error", timeout=6)
        self.command_pane.say("nyte", message.text, "" if message.ok else "red")
        if not message.ok:
            return
        self.load_items(self.show_all)
        if message.action in VERDICT_WORDS and self._detail_for == message.item_id:
            self.load_detail(message.item_id)

    def on_backend_failed(self, message: BackendFailed) -> None:
        """Say what could not be read; the app stays usable unless the settings are bad."""
        if message.fatal:
            self.startup_error = message.text
            self.startup_usage_error = True
            self.exit()
            return
        self.notify(f"could not load {message.what}: {message.text}", severity="error", timeout=8)
        if message.what == "items" and not self.item_list.items:
            self.item_list.show_items([], self.show_all)
        if message.what in ("detail", "agenda", "items"):
            self.detail.show_text(f"could not load {message.what}: {message.text}")

    def on_command_pane_submitted(self, message: CommandPane.Submitted) -> None:
        """A slash command, or a step of the command conversation."""
        self.talk.submitted(message.text)

    def on_run_shown(self, message: RunShown) -> None:
        """Show how the run moved on."""
        self.talk.shown(message.run, message.step)

    def on_command_failed(self, message: CommandFailed) -> None:
        """Say why a step failed."""
        self.talk.failed(message.text)

    @work(thread=True, exclusive=False, group="actions", exit_on_error=False)
    def dismiss_proposal(self, action_id: int) -> None:
        """Dismiss the proposal triage made for the selected item."""
        item_id = self._detail_for or 0
        try:
            self.backend.dismiss_action(action_id)
        except Exception as exc:
            self.post_message(ActionDone(item_id, "dismiss_proposal", False, describe_error(exc)))
            return
        self.post_message(ActionDone(item_id, "dismiss_proposal", True, "proposal dismissed"))

    def start_thread(self, work: Callable[[], None]) -> None:
        """Run one command-conversation step in a thread worker."""
        self.run_worker(work, thread=True, group="command", exit_on_error=False)

    def handle_slash(self, name: str, argument: str) -> bool:
        """Run one of the app's own slash commands; False when name is not one."""
        simple = {"help": self.action_help, "sync": self.action_sync, "all": self.action_toggle_all}
        if name in simple:
            simple[name]()
        elif name == "agenda":
            self.command_pane.say("nyte", f"agenda for the next {AGENDA_DAYS} days")
            self.load_agenda(AGENDA_DAYS)
        elif name in ITEM_SLASHES:
            self.act_on_current(ITEM_SLASHES[name], argument or None)
        else:
            return False
        return True

    # ----- actions ------------------------------------------------------------------------

    def act_on_current(self, action: str, argument: str | None = None) -> None:
        """Run an action on the highlighted item."""
        item = self.item_list.current
        if item is None:
            self.notify("no item selected", severity="warning")
            return
        self.change_item(item.id, action, argument)

    def action_dismiss(self) -> None:
        """d: dismiss the proposal shown in the focused detail, or else the item."""
        item = self.item_list.current
        proposal = item.proposal if item is not None else None
        if self.focused is self.detail and proposal is not None and proposal.id is not None:
            self.dismiss_proposal(proposal.id)
        else:
            self.act_on_current("dismissed")

    async def action_quit(self) -> None:
        """Quit; a message still in its undo window is not sent, and the user is told."""
        self.exit(message=self.talk.quit_note())

    def action_toggle_all(self) -> None:
        """Switch between the Important list and every item."""
        self.show_all = not self.show_all
        self.command_pane.say(
            "nyte", "showing every item" if self.show_all else "showing the Important list"
        )
        self.load_items(self.show_all)

    def action_sync(self) -> None:
        """Ask the sync worker for a pass now."""
        if self.syncing:
            self.notify("a sync is already running")
            return
        self.syncing = True
        self.status_bar.syncing = True
        self.sync_wanted.set()

    def action_help(self) -> None:
        """Show keys and commands."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands plus nyte's."""
        yield from super().get_system_commands(screen)
        for title, text, action in PALETTE:
            yield SystemCommand(title, text, getattr(self, f"action_{action}"))

    def action_agenda(self) -> None:
        """Show the next days' events in the detail pane."""
        self.load_agenda(AGENDA_DAYS)
