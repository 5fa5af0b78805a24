"""The command pane: the conversation (your turns, nyte's question, the proposal, the result)
above an input line with history."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, RichLog

from nyte_tui.tui.backend import RunView

RISK_STYLES = {"low": "green", "medium": "yellow", "high": "bold red"}
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
CONFIRM_WORDS = {
    "gmail.reply": "send",
    "gmail.send": "send",
    "gmail.draft": "save draft",
    "calendar.rsvp": "answer",
    "calendar.create_event": "create",
    "calendar.move": "move",
}
HISTORY = 50


class HistoryInput(Input):
    """An input line that recalls earlier lines with ↑ and ↓."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "older", "Earlier line", show=False),
        Binding("down", "newer", "Later line", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        """Start with no history."""
        super().__init__(**kwargs)
        self.history: list[str] = []
        self.position = 0

    def remember(self, line: str) -> None:
        """Keep a submitted line (the last fifty)."""
        if line and (not self.history or self.history[-1] != line):
            self.history = [*self.history, line][-HISTORY:]
        self.position = len(self.history)

    def action_older(self) -> None:
        """Show the previous line."""
        if self.history and self.position > 0:
            self.position -= 1
            self.value = self.history[self.position]
            self.cursor_position = len(self.value)

    def action_newer(self) -> None:
        """Show the next line (or an empty one past the newest)."""
        if self.position < len(self.history):
            self.position += 1
            self.value = self.history[self.position] if self.position < len(self.history) else ""
            self.cursor_position = len(self.value)


class CommandPane(Vertical):
    """Takes a line from the user and reports it upward; shows what the app hands it."""

    class Submitted(Message):
        """The user entered a line (empty when they pressed enter on an empty input)."""

        def __init__(self, text: str) -> None:
            """Carry the line."""
            super().__init__()
            self.text = text

    def compose(self) -> Any:
        """A log and an input."""
        self.log_view = RichLog(id="command-log", wrap=True, markup=False, auto_scroll=True)
        self.input = HistoryInput(
            placeholder="type what nyte should do · /help · enter on a proposal confirms",
            id="command-input",
            select_on_focus=False,
        )
        self.frame = 0
        yield self.log_view
        yield self.input

    def say(self, speaker: str, text: str, style: str = "") -> None:
        """Add one line to the log."""
        line = Text(f"{speaker:<5} ", style="bold" if speaker == "you" else "bold cyan")
        line.append(text, style=style)
        self.log_view.write(line)

    def show_run(self, run: RunView) -> None:
        """nyte's side of a step: a notice, what changed, the question, the proposal or result."""
        if run.notice:
            self.say("nyte", run.notice, "yellow")
        if run.changed:
            self.say("nyte", f"changed: {run.changed}", "italic")
        for piece in run.unparsed:
            self.say("nyte", f"not understood: {piece}", "dim")
        result = run.result or {}
        if run.status == "awaiting_follow_up":
            self.say("nyte", run.question or "What should nyte do?", "bold")
        elif run.status == "awaiting_approval" and run.proposal is not None:
            proposal = run.proposal
            head = Text("nyte  ", style="bold cyan")
            head.append(proposal.summary)
            head.append(" · risk ")
            head.append(proposal.risk, style=RISK_STYLES.get(proposal.risk, ""))
            self.log_view.write(head)
            for line in proposal.preview.splitlines():
                style = RISK_STYLES.get(proposal.risk, "") if line.startswith("Risk:") else "dim"
                self.log_view.write(Text("      " + line, style=style))
            word = CONFIRM_WORDS.get(proposal.kind, "confirm")
            self.say("", f"[a/enter] {word}  [e] edit  [x] cancel", "bold")
        elif run.status == "executing" and result.get("state") == "scheduled":
            self.say("nyte", "held for the undo window — u to undo", "yellow")
        elif run.status == "completed":
            self.say("nyte", _done_text(result), "green")
        elif run.status == "failed":
            self.say("nyte", f"failed: {run.error or result.get('note') or '?'}", "red")
        elif run.status == "cancelled":
            self.say("nyte", "cancelled; nothing was sent", "dim")

    def thinking(self, busy: bool) -> None:
        """Show (or clear) the spinner while a command step runs."""
        self.frame = (self.frame + 1) % len(SPINNER)
        self.border_subtitle = f"{SPINNER[self.frame]} thinking…" if busy else ""

    def begin(self, prefix: str = "") -> None:
        """Focus the input, optionally starting with prefix."""
        self.input.value = prefix
        self.input.cursor_position = len(prefix)
        self.input.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Clear the input and report the line."""
        event.stop()
        text = event.value.strip()
        self.input.value = ""
        if text:
            self.input.remember(text)
            self.say("you", text)
        self.post_message(self.Submitted(text))


def _done_text(result: Any) -> str:
    """The result of a confirmed run in words."""
    if result.get("gmail_id"):
        where = " in the thread" if result.get("in_thread") else ""
        return f"sent{where} · Gmail id {result['gmail_id']}"
    if result.get("draft_id"):
        return f"draft saved in Gmail · {result['draft_id']}"
    if result.get("event_id"):
        link = f" · {result['link']}" if result.get("link") else ""
        return f"{result.get('note') or 'done'} · event {result['event_id']}{link}"
    return str(result.get("note") or "done")
