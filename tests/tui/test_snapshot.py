"""The main screen as an SVG snapshot (fixed size, fixed data, fixed clock)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tui.conftest import SIZE, wait_for
from tui.snapshot_app import make_app


async def _loaded(pilot: Pilot[Any]) -> None:
    """Wait until the list, the detail and the status line are filled in."""
    app: Any = pilot.app
    await wait_for(
        pilot,
        lambda: (
            bool(app.item_list.items)
            and app.detail.detail is not None
            and app.status_bar.last_sync_at is not None
        ),
    )
    await pilot.pause()


def test_main_screen(snap_compare: Any) -> None:
    """List with tier marks, detail with Why and gates, command pane, status line."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_loaded)


async def test_fake_backend_actions_round_trip() -> None:
    """The same app drives its backend: d dismisses, I records feedback, ^r syncs."""
    app = make_app()
    backend: Any = app.backend
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: len(app.item_list.items) == 3)
        await pilot.press("I")
        await wait_for(pilot, lambda: ("not_important", 2) in backend.calls)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: ("sync", None) in backend.calls)
        assert backend.calls[0] == ("dismissed", 1)
