"""Every state of the app as SVG snapshots at 100×30 and 80×24 (fixed data, fixed clock)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.conftest import SIZE, wait_for
from tui.snapshot_app import make_app

SIZES = {"100x30": SIZE, "80x24": (80, 24)}


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
    app.command_pane.input.cursor_blink = False  # a blinking cursor makes pictures differ
    await pilot.pause()


async def _type(pilot: Pilot[Any], text: str) -> None:
    """Type an instruction into the pane and wait for nyte's answer."""
    app: Any = pilot.app
    await _loaded(pilot)
    await pilot.press("colon", *text, "enter")
    await wait_for(pilot, lambda: app.talk.run is not None or "failed" in _log(app))
    await pilot.pause()


def _log(app: Any) -> str:
    """The pane's text."""
    return " ".join(str(line.text) for line in app.command_pane.log_view.lines)


async def _detail(pilot: Pilot[Any]) -> None:
    await _loaded(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def _question(pilot: Pilot[Any]) -> None:
    await _type(pilot, "schedule a meeting with sam")


async def _preview(pilot: Pilot[Any]) -> None:
    await _type(pilot, "reply that I'll sign tomorrow morning")


async def _modal(pilot: Pilot[Any]) -> None:
    await _preview(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def _result(pilot: Pilot[Any]) -> None:
    app: Any = pilot.app
    await _modal(pilot)
    await pilot.press("y")
    await wait_for(pilot, lambda: app.talk.run is not None and app.talk.run.status == "completed")
    await _settled(pilot)


async def _settled(pilot: Pilot[Any]) -> None:
    """Let the reloads a step starts finish, so the picture does not depend on timing."""
    app: Any = pilot.app
    await pilot.pause(0.2)
    await wait_for(
        pilot, lambda: all(w.is_finished for w in list(app.workers) if w.group != "sync")
    )
    await pilot.pause(0.1)


async def _error(pilot: Pilot[Any]) -> None:
    app: Any = pilot.app
    await _loaded(pilot)
    await pilot.press("colon", *"reply but fail", "enter")
    await wait_for(pilot, lambda: "could not be reached" in _log(app))
    await _settled(pilot)


STATES: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "list": _loaded,
    "detail": _detail,
    "question": _question,
    "preview": _preview,
    "confirm": _modal,
    "result": _result,
    "error": _error,
}


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("state", STATES, ids=list(STATES))
def test_screen(snap_compare: Any, state: str, size: str) -> None:
    """List, detail, question, preview, confirm step, result and error, at both sizes."""
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=STATES[state])


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
