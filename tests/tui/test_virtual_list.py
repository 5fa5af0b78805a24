"""A long list costs what is on screen: a small first query, then the rest; rows drawn lazily."""

from __future__ import annotations

from dataclasses import replace

from nyte_tui.tui.app import NyteApp
from nyte_tui.tui.backend import ItemView
from nyte_tui.tui.widgets.important_list import FIRST_ROWS
from tui.conftest import SIZE, wait_for
from tui.fake_backend import NOW, FakeBackend

MARGIN = 5


class CountingBackend(FakeBackend):
    """The fixed backend with 5,000 open items that records every page asked for."""

    def __init__(self, count: int) -> None:
        """Make count open items from the first fixed one."""
        super().__init__()
        first = self.items[0]
        self.items = [
            replace(first, id=n, title=f"Thread {n}", status="open") for n in range(1, count + 1)
        ]
        self.pages: list[tuple[bool, int | None, int]] = []

    def load_items(
        self, show_all: bool = False, limit: int | None = None, offset: int = 0
    ) -> list[ItemView]:
        """Record the page, then answer it."""
        self.pages.append((show_all, limit, offset))
        return super().load_items(show_all, limit, offset)


async def test_five_thousand_items_build_only_the_rows_on_screen() -> None:
    backend = CountingBackend(5_000)
    app = NyteApp(backend, auto_sync=False, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        listed = app.item_list
        await wait_for(pilot, lambda: len(listed.items) == 5_000)
        await pilot.pause()
        assert backend.pages[:2] == [(False, FIRST_ROWS, 0), (False, None, FIRST_ROWS)]
        on_screen = listed.scrollable_content_region.height
        assert 5 < on_screen < SIZE[1]
        assert listed.option_count == 5_000
        assert listed.rows_built <= on_screen + MARGIN, listed.rows_built
        assert listed.highlighted == 0 and listed.border_title == "Important · 5000"
        await pilot.press("end")
        await pilot.pause()
        assert listed.current is not None and listed.current.id == 5_000
        assert listed.rows_built <= 2 * (on_screen + MARGIN), listed.rows_built


async def test_the_rest_of_the_list_keeps_the_cursor_where_the_user_put_it() -> None:
    backend = CountingBackend(FIRST_ROWS + 30)
    app = NyteApp(backend, auto_sync=False, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        listed = app.item_list
        await wait_for(pilot, lambda: len(listed.items) == FIRST_ROWS + 30)
        await pilot.press("j", "j")
        await pilot.pause()
        assert listed.current is not None and listed.current.id == 3
        listed.show_items([*backend.items, replace(backend.items[0], id=99_999)], False)
        assert listed.current is not None and listed.current.id == 3
        assert listed.option_count == FIRST_ROWS + 31
