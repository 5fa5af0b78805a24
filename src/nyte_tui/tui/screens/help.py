"""The help screen: keys and slash commands."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("j / k, ↓ / ↑", "move in the list"),
    ("enter", "open the detail (scroll it with ↓ / ↑)"),
    ("o", "expand or collapse earlier messages"),
    ("r", "reply to the selected item (type what to say, enter)"),
    (
        "a / enter",
        "confirm the shown proposal (a confirm step shows what leaves), or approve"
        " the item's proposal",
    ),
    ("e", "answer nyte's question or edit the proposal"),
    ("x", "cancel the open command (otherwise: mark the item done)"),
    ("u", "undo: stop a message in its undo window"),
    ("d", "dismiss the item (in the detail: dismiss its proposal)"),
    ("s", "snooze until tomorrow 9:00"),
    ("i / I", "important / not important"),
    (": or /", "type what nyte should do, or a slash command; ↑ / ↓ recall earlier lines"),
    ("escape", "back to the list"),
    ("ctrl+r", "sync now"),
    ("ctrl+p", "command palette (every action)"),
    ("ctrl+t", "light or dark theme"),
    ("?", "this help"),
    ("q", "quit"),
)


def help_table() -> Table:
    """Keys and slash commands in two columns."""
    from nyte_tui.commands.slash import SLASH_HELP

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row("Keys", "")
    for key, what in KEYS:
        table.add_row(key, what)
    table.add_row("", "")
    table.add_row("Commands", "")
    for command, what in SLASH_HELP:
        table.add_row(command, what)
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key and command; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> Any:
        """The table in a bordered box."""
        with VerticalScroll(id="help-box"):
            yield Static(help_table(), id="help-text")

    def on_mount(self) -> None:
        """Title the box."""
        self.query_one("#help-box").border_title = "nyte · help  (escape to close)"

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
