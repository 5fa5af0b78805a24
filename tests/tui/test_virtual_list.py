"""A long list costs what is on screen: a small first query, then the rest; rows drawn lazily."""

from __future__ import annotations

import threading
from dataclasses import replace

from nyte_tui.tui.app import NyteApp
from nyte_tui.tui.backend import ItemView
from nyte_tui.tui.widgets.important_list import FIRST_ROWS, PAGE_ROWS
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
        held = FIRST_ROWS + PAGE_ROWS
        await wait_for(pilot, lambda: len(listed.items) == held)
        await pilot.pause()
        assert backend.pages == [(False, FIRST_ROWS, 0), (False, PAGE_ROWS, FIRST_ROWS)]
        on_screen = listed.scrollable_content_region.height
        assert 5 < on_screen < SIZE[1]
        assert listed.option_count == held
        assert listed.rows_built <= on_screen + MARGIN, listed.rows_built
        assert listed.highlighted == 0 and listed.border_title == "Important · 550 of 5,000"
        await pilot.press("end")  # near the end of what is held: the next page is read
        await wait_for(pilot, lambda: len(listed.items) == held + PAGE_ROWS)
        assert backend.pages[-1] == (False, PAGE_ROWS, held)
        assert listed.current is not None and listed.current.id == held
        assert listed.rows_built <= 2 * (on_screen + MARGIN), listed.rows_built
        for _ in range(20):
            if len(listed.items) == 5_000:
                break
            await pilot.press("end")
            await wait_for(pilot, lambda: listed.asked_at is None)
        assert len(listed.items) == 5_000 and listed.border_title == "Important · 5,000"
        assert [item.id for item in listed.items] == list(range(1, 5_001))  # no gap, no twin
        await pilot.press("end")
        await pilot.pause()
        assert listed.current is not None and listed.current.id == 5_000
        assert len(backend.pages) == 2 + 9  # nine more pages of 500, nothing read twice


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


async def test_a_page_asked_for_before_the_list_was_replaced_is_dropped() -> None:
    backend = CountingBackend(2_000)
    app = NyteApp(backend, auto_sync=False, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        listed = app.item_list
        held = FIRST_ROWS + PAGE_ROWS
        await wait_for(pilot, lambda: len(listed.items) == held)
        stale = backend.load_items(False, PAGE_ROWS, held)
        listed.asked_at = held  # a page was asked for, then a sync replaced the list
        listed.show_items(backend.items[:held], False, 2_000)
        listed.append_items(stale, held)
        assert len(listed.items) == held and listed.option_count == held
        listed.asked_at = held
        listed.append_items(stale, held)  # the page asked for by this list is kept
        assert [i.id for i in listed.items] == list(range(1, held + PAGE_ROWS + 1))


class GatedBackend(CountingBackend):
    """Holds the second page until the test lets it go."""

    def __init__(self, count: int) -> None:
        """Count items; the second page waits for `release`."""
        super().__init__(count)
        self.release = threading.Event()

    def load_items(
        self, show_all: bool = False, limit: int | None = None, offset: int = 0
    ) -> list[ItemView]:
        """Wait before answering the page after the first screenful."""
        if offset == FIRST_ROWS:
            self.release.wait(20)
        return super().load_items(show_all, limit, offset)


async def test_moving_in_the_first_screenful_does_not_read_the_next_page_twice() -> None:
    backend = GatedBackend(3_000)
    app = NyteApp(backend, auto_sync=False, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        listed = app.item_list
        await wait_for(pilot, lambda: len(listed.items) == FIRST_ROWS)
        await pilot.press("j", "j", "j", "end")  # near the end of 50 while the page is read
        await pilot.pause()
        backend.release.set()
        await wait_for(pilot, lambda: len(listed.items) == FIRST_ROWS + PAGE_ROWS)
        await pilot.pause()
        assert backend.pages == [(False, FIRST_ROWS, 0), (False, PAGE_ROWS, FIRST_ROWS)]
