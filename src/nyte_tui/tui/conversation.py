"""The app's command conversation: workers that call the backend, handlers that show the run.

`Conversation` belongs to `NyteApp`, whose message handlers call it. A step (preview,
respond, confirm, send, undo, cancel, approve) runs in a thread worker whose last act is
posting `RunShown` or `CommandFailed`; widgets change only from those handlers. A confirmed
message is held for the undo window, counted down in the status line, then sent by a worker;
`u` stops it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from textual.message import Message

from nyte_tui.tui.backend import Backend, RunView
from nyte_tui.tui.messages import CommandFailed, RunShown
from nyte_tui.tui.progress import describe_error
from nyte_tui.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from textual.timer import Timer

    from nyte_tui.tui.widgets.command_pane import CommandPane
    from nyte_tui.tui.widgets.important_list import ImportantList
    from nyte_tui.tui.widgets.status_bar import StatusBar

OPEN = ("awaiting_follow_up", "awaiting_approval")
INTERPRETER_SLASHES = frozenset(
    {"reply", "reply-all", "send", "draft", "accept", "decline", "tentative", "schedule", "move"}
)


class AppPort(Protocol):
    """What the conversation needs of the app (NyteApp provides it)."""

    backend: Backend
    command_pane: CommandPane
    item_list: ImportantList
    status_bar: StatusBar
    show_all: bool

    def post_message(self, message: Message) -> bool:
        """Queue a message for the app's handlers."""

    def start_thread(self, work: Callable[[], None]) -> None:
        """Run work in a thread worker of the command group."""

    def set_interval(self, interval: float, callback: Callable[[], Any]) -> Timer:
        """Call back every interval seconds."""

    def set_timer(self, delay: float, callback: Callable[[], Any]) -> Timer:
        """Call back once after delay seconds."""

    def push_screen(self, screen: Any, callback: Any = None) -> Any:
        """Show a screen."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Literal["information", "warning", "error"] = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast."""

    def load_items(self, show_all: bool) -> Any:
        """Reload the list."""

    def load_status(self) -> Any:
        """Reload the status line."""

    def load_detail(self, item_id: int) -> Any:
        """Reload one item's detail."""

    def handle_slash(self, name: str, argument: str) -> bool:
        """Run an app slash command; False when it is not one."""


class Conversation:
    """The open run, the held messages, and the steps between them."""

    def __init__(self, app: AppPort) -> None:
        """Belong to app; nothing is open yet."""
        self.app = app
        self.run: RunView | None = None
        self.fresh = False
        self.held: dict[int, float] = {}
        self.countdown: Timer | None = None
        self.spinner: Timer | None = None

    # ----- the worker -----------------------------------------------------------------------

    def _step(self, step: str, call: Callable[[], RunView]) -> None:
        """Start a step in a thread worker (spinner on); its last act is a message."""
        app = self.app

        def work() -> None:
            try:
                run = call()
            except Exception as exc:
                app.post_message(CommandFailed(step, describe_error(exc)))
                return
            app.post_message(RunShown(run, step))

        app.command_pane.thinking(True)
        if self.spinner is None:
            self.spinner = app.set_interval(0.1, lambda: app.command_pane.thinking(True))
        app.start_thread(work)

    def _stop_spinner(self) -> None:
        """The step answered: no more spinner."""
        if self.spinner is not None:
            self.spinner.stop()
            self.spinner = None
        self.app.command_pane.thinking(False)

    # ----- what the user typed --------------------------------------------------------------

    def submitted(self, text: str) -> None:
        """A slash command, an answer or edit to the open run, or a new instruction."""
        run = self.run
        if not text:
            if run is not None and run.status in OPEN:
                self.confirm()
            return
        from nyte_tui.commands.slash import parse  # the grammar loads on the first command

        slash = parse(text)
        if not slash.is_free_text and slash.name not in INTERPRETER_SLASHES:
            if not self.app.handle_slash(slash.name or "", slash.argument):
                self.app.command_pane.say("nyte", f"unknown command /{slash.name}; try /help")
            return
        if run is not None and run.status in OPEN and not self.fresh and slash.is_free_text:
            run_id = run.run_id
            self._step("respond", lambda: self.app.backend.respond(run_id, text))
            return
        item = self.app.item_list.current
        item_id = item.id if item is not None else None
        self.fresh = False
        self._step("preview", lambda: self.app.backend.command(text, item_id))

    # ----- handlers ---------------------------------------------------------------------------

    def shown(self, run: RunView, step: str) -> None:
        """Show the run; after a change that reached Google, reload what it touched."""
        self.run = run
        pane = self.app.command_pane
        self._stop_spinner()
        pane.set_class(run.status in OPEN or run.status == "executing", "-open")
        pane.show_run(run)
        result = run.result or {}
        if run.status == "executing" and result.get("state") == "scheduled":
            self._hold(run)
        else:
            self.held.pop(run.run_id, None)
            self._show_countdown()
        if run.status in ("completed", "failed") or step in ("undo", "cancel"):
            self.app.load_items(self.app.show_all)
            self.app.load_status()
            if run.item_id is not None:
                self.app.load_detail(run.item_id)

    def failed(self, text: str) -> None:
        """Say what went wrong; the run stays as it was."""
        self._stop_spinner()
        self.app.command_pane.say("nyte", text, "red")

    # ----- the undo window --------------------------------------------------------------------

    def _hold(self, run: RunView) -> None:
        """Count the undo window down, then send."""
        send_at = (run.result or {}).get("send_at")
        seconds = 10.0
        if send_at:
            seconds = max(
                0.0, (datetime.fromisoformat(str(send_at)) - datetime.now(UTC)).total_seconds()
            )
        self.held[run.run_id] = time.monotonic() + seconds
        run_id = run.run_id
        self.app.set_timer(seconds + 0.05, lambda: self._release(run_id))
        if self.countdown is None:
            self.countdown = self.app.set_interval(0.5, self._show_countdown)
        self._show_countdown()

    def _release(self, run_id: int) -> None:
        """The window is over: send, unless it was undone meanwhile."""
        if run_id in self.held:
            self._step("send", lambda: self.app.backend.send_held(run_id))

    def _show_countdown(self) -> None:
        """ "sending in 9 s — u to undo" in the status line while a message is held."""
        if not self.held:
            self.app.status_bar.notice = ""
            if self.countdown is not None:
                self.countdown.stop()
                self.countdown = None
            return
        left = max(0, round(min(self.held.values()) - time.monotonic()))
        many = f" ({len(self.held)} messages)" if len(self.held) > 1 else ""
        self.app.status_bar.notice = f"sending in {left} s{many} — u to undo"

    # ----- actions ------------------------------------------------------------------------------

    def confirm(self) -> None:
        """a / enter: confirm the shown proposal (after the confirm step), or approve triage's."""
        run = self.run
        if run is not None and run.status == "awaiting_follow_up":
            self.app.command_pane.say("nyte", f"answer first: {run.question}", "yellow")
            return
        if run is not None and run.status == "awaiting_approval" and run.proposal is not None:
            proposal, run_id = run.proposal, run.run_id

            def answered(yes: bool | None) -> None:
                if yes:
                    self._step("confirm", lambda: self.app.backend.confirm(run_id, proposal.hash))
                else:
                    self.app.command_pane.say("nyte", "not confirmed; nothing was sent", "dim")

            self.app.push_screen(ConfirmScreen(proposal), answered)
            return
        self.approve()

    def approve(self) -> None:
        """Start the run for the selected item's proposal from triage."""
        item = self.app.item_list.current
        if item is None or item.proposal is None or item.proposal.id is None:
            self.app.notify("nothing to confirm or approve here", severity="warning")
            return
        action_id = item.proposal.id
        self.fresh = False
        self.app.command_pane.say("you", f"approve: {item.proposal.summary}")
        self._step("approve", lambda: self.app.backend.approve(action_id))

    def edit(self) -> None:
        """e: type an answer or an edit for the open run."""
        self.app.command_pane.begin("")

    def reply(self) -> None:
        """r: start a reply to the selected item."""
        self.fresh = True
        self.app.command_pane.begin("reply ")

    def undo(self) -> None:
        """u: stop a held message before it leaves."""
        if not self.held:
            self.app.notify("nothing is waiting to be sent")
            return
        run_id = max(self.held, key=lambda r: self.held[r])
        self.held.pop(run_id, None)
        self._show_countdown()
        self._step("undo", lambda: self.app.backend.undo(run_id))

    def cancel(self) -> bool:
        """x / escape in the pane: end the open run (False when there is none)."""
        run = self.run
        if run is None or run.status not in OPEN:
            return False
        run_id = run.run_id
        self._step("cancel", lambda: self.app.backend.cancel(run_id))
        return True

    def quit_note(self) -> str | None:
        """What to tell the user when they quit while a message is held (it is not sent)."""
        if not self.held:
            return None
        runs = ", ".join(str(r) for r in sorted(self.held))
        return (
            f"not sent: run {runs} was still in its undo window. It waits in `nyte outbox`; "
            f"`nyte command confirm {min(self.held)}` sends it."
        )
