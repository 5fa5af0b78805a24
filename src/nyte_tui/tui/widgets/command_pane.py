"""The command pane: a short conversation log above an input line."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, RichLog


class CommandPane(Vertical):
    """Takes a line from the user and reports it upward; shows replies the app hands it."""

    class Submitted(Message):
        """The user entered a line."""

        def __init__(self, text: str) -> None:
            """Carry the line."""
            super().__init__()
            self.text = text

    def compose(self) -> Any:
        """A log and an input."""
        self.log_view = RichLog(id="command-log", wrap=True, markup=False, auto_scroll=True)
        self.input = Input(
            placeholder="/help for commands · : or / to type here", id="command-input"
        )
        yield self.log_view
        yield self.input

    def say(self, speaker: str, text: str, style: str = "") -> None:
        """Add one line to the log."""
        line = Text(f"{speaker:<5} ", style="bold" if speaker == "you" else "bold cyan")
        line.append(text, style=style)
        self.log_view.write(line)

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
            self.say("you", text)
            self.post_message(self.Submitted(text))
