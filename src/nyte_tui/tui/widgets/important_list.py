"""The Important list: tier mark, who, title and age or start time, best first.

The list is virtual: every item is one line, and an item's row is built only when it is
drawn, so 5,000 open items cost what is on screen. It is also paged: it holds the first
pages and asks for the next one when the cursor comes near the end of what it holds, so
"show all" on 57,000 items reads 550 of them, not all.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.visual import VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from nyte_tui.tui.backend import ItemView

TIER_MARKS = {"critical": "!!", "important": "! "}
FIRST_ROWS = 50  # the first query fills a tall screen; the next page follows in the same worker
PAGE_ROWS = 500  # each later page
LOOKAHEAD = 100  # the next page is asked for when the cursor is this close to the end
LIST_FIRST = 2.0  # seconds a start-up sync waits for the list to be shown first


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


class ItemOption(Option):
    """An option that builds its row the first time it is drawn."""

    def __init__(self, item: ItemView, owner: ImportantList) -> None:
        """Remember the item; no row yet."""
        super().__init__("", id=str(item.id))
        self.item = item
        self.owner = owner
        self.built = False

    @property
    def prompt(self) -> VisualType:
        """The row, built on first use."""
        if not self.built:
            self.built = True
            self.owner.rows_built += 1
            self._set_prompt(row(self.item))
        return self._prompt


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

    class MoreWanted(Message):
        """The cursor came near the end of the rows held and the list has more."""

        def __init__(self, offset: int) -> None:
            """Carry where the next page starts."""
            super().__init__()
            self.offset = offset

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
        self.total = 0  # items in the list, held or not
        self.asked_at: int | None = None  # the offset of the page asked for and not yet shown
        self.rows_built = 0
        self.shown = threading.Event()  # set once the first list (or its absence) is shown

    @property
    def current(self) -> ItemView | None:
        """The highlighted item, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    def show_items(
        self,
        items: list[ItemView],
        show_all: bool,
        total: int | None = None,
        more_coming: bool = False,
    ) -> None:
        """Replace the rows, keeping the cursor on the same item (or the same place); when
        more_coming, the next page is already being read and is not asked for again."""
        previous = self.current
        previous_index = self.highlighted or 0
        old = self.items
        self.items = items
        self.show_all = show_all
        self.total = max(len(items), total or 0)
        self.asked_at = len(items) if more_coming else None
        self.shown.set()
        self._set_title()
        if not items:
            empty = "no items yet; try /sync" if show_all else "nothing needs you right now"
            self.set_options([Option(empty, disabled=True)])
            return
        if previous is not None and len(items) > len(old) and _same_start(old, items):
            self.add_options([ItemOption(item, self) for item in items[len(old) :]])
            return  # the rest of the list arrived: the cursor stays where it is
        self.set_options([ItemOption(item, self) for item in items])
        index = min(previous_index, len(items) - 1)
        if previous is not None:
            index = next((i for i, item in enumerate(items) if item.id == previous.id), index)
        self.highlighted = index

    def append_items(self, page: list[ItemView], offset: int) -> None:
        """Add the page asked for if it continues what is held (a replaced list drops it)."""
        if offset != len(self.items) or self.asked_at != offset:
            return
        self.asked_at = None
        self.items = self.items + page
        self.total = max(self.total, len(self.items))
        if len(page) < PAGE_ROWS:
            self.total = len(self.items)  # the list ended sooner than counted
        self.add_options([ItemOption(item, self) for item in page])
        self._set_title()

    def _set_title(self) -> None:
        """The view's name and its count (how many are held, when not all are)."""
        name = "All items" if self.show_all else "Important"
        held = len(self.items)
        count = f"{held:,}" if held >= self.total else f"{held:,} of {self.total:,}"
        self.border_title = f"{name} · {count}"

    def _want_more(self) -> None:
        """Ask for the next page when the cursor nears the end of the rows held."""
        held = len(self.items)
        index = self.highlighted or 0
        if held < self.total and self.asked_at is None and index >= held - LOOKAHEAD:
            self.asked_at = held
            self.post_message(self.MoreWanted(held))

    def _update_lines(self) -> None:
        """Lay out one line per option without rendering any (OptionList measures each)."""
        if not self.scrollable_content_region:
            return
        cache = self._line_cache
        for index in range(len(cache.lines), len(self.options)):
            cache.index_to_line[index] = index
            cache.heights[index] = 1
            cache.lines.append((index, 0))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        size = Size(width, len(cache.lines))
        if size != self.virtual_size:
            self.virtual_size = size
            self._scroll_update(size)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Turn the option into an item fact."""
        event.stop()
        item = self.current
        if item is not None:
            self.post_message(self.Highlighted(item))
        self._want_more()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn the selection into an item fact."""
        event.stop()
        item = self.current
        if item is not None:
            self.post_message(self.Chosen(item))


def _same_start(old: list[ItemView], new: list[ItemView]) -> bool:
    """Whether new begins with exactly the items of old (the rest of a first page came)."""
    return all(a.id == b.id and a == b for a, b in zip(old, new, strict=False))
