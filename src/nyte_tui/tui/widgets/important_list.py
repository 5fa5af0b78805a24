"""The Important list: tier mark, who, title and age or start time, best first."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from nyte_tui.tui.backend import ItemView

TIER_MARKS = {"critical": "!!", "important": "! "}


def row(item: ItemView) -> Table:
    """One list row as a grid that fits any width."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(width=14, no_wrap=True, overflow="ellipsis")
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    tier = item.tier or ""
    mark = Text(TIER_MARKS.get(tier, "  "), style="bold red" if tier == "critical" else "bold")
    status = item.status or "open"
    title = item.title or ""
    if status != "open":
        title = f"[{status}] {title}"
    grid.add_row(mark, item.who or "—", title, Text(item.when or "", style="dim"))
    return grid


class ImportantList(OptionList):
    """A keyboard-first list of items; it reports the highlighted and chosen item upward."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to an item."""

        def __init__(self, item: ItemView) -> None:
            """Carry the item."""
            super().__init__()
            self.item = item

    class Chosen(Message):
        """The user pressed enter (or clicked) on an item."""

        def __init__(self, item: ItemView) -> None:
            """Carry the item."""
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        """Start in the loading state."""
        super().__init__(Option("loading…", disabled=True), id=id)
        self.items: list[ItemView] = []
        self.show_all = False

    @property
    def current(self) -> ItemView | None:
        """The highlighted item, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    def show_items(self, items: list[ItemView], show_all: bool) -> None:
        """Replace the rows, keeping the cursor on the same item (or the same place)."""
        previous = self.current
        previous_index = self.highlighted or 0
        self.items = items
        self.show_all = show_all
        self.border_title = f"{'All items' if show_all else 'Important'} · {len(items)}"
        if not items:
            empty = "no items yet; try /sync" if show_all else "nothing needs you right now"
            self.set_options([Option(empty, disabled=True)])
            return
        self.set_options([Option(row(item), id=str(item.id)) for item in items])
        index = min(previous_index, len(items) - 1)
        if previous is not None:
            index = next((i for i, item in enumerate(items) if item.id == previous.id), index)
        self.highlighted = index

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Turn the option into an item fact."""
        event.stop()
        item = self.current
        if item is not None:
            self.post_message(self.Highlighted(item))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn the selection into an item fact."""
        event.stop()
        item = self.current
        if item is not None:
            self.post_message(self.Chosen(item))
