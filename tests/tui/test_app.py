"""The app against a real store synced from the loopback sandbox, driven with Textual's Pilot."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from nyte_tui.store.queries.worklist import item_verdicts
from nyte_tui.tui.app import NyteApp
from nyte_tui.tui.screens.help import HelpScreen
from nyte_tui.tui.widgets.important_list import row
from tui.conftest import SIZE, Live, control, log_text, plain, wait_for


async def type_command(pilot: Pilot[Any], *keys: str) -> None:
    """Move to the command pane, then type."""
    await pilot.press("colon")
    await pilot.pause()
    await pilot.press(*keys)


def loaded(app: NyteApp) -> bool:
    """Whether the list and the first detail are on screen."""
    return bool(app.item_list.items) and app.detail.detail is not None


def shown_id(app: NyteApp) -> int | None:
    """The id of the item whose detail is on screen."""
    return app.detail.detail.item.id if app.detail.detail else None


async def test_list_shows_important_items_in_score_order(live: Live) -> None:
    """The list holds the Important list, best first, with tier marks."""
    expected = live.backend.load_items()
    assert expected, "the sandbox mailbox should yield important items"
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        shown = app.item_list.items
        assert [i.id for i in shown] == [i.id for i in expected]
        scores = [i.score for i in shown]
        assert scores == sorted(scores, reverse=True)
        assert all(i.score >= 70 for i in shown)
        assert app.item_list.border_title == f"Important · {len(shown)}"
        first = plain(row(shown[0]))
        assert first.startswith("!!" if shown[0].tier == "critical" else "! ")
        assert shown[0].who[:10] in first
        assert "alex@northwind.example" in app.status_bar.account
        assert "model: offline" in app.status_bar.state_text()


async def test_keys_move_and_enter_opens_detail_with_reason_and_gates(live: Live) -> None:
    """j/k move the cursor, enter opens the detail: Why, gates, then the thread or event."""
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        items = app.item_list.items
        await pilot.press("j", "j", "k")
        assert app.item_list.highlighted == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown_id(app) == items[1].id)
        assert app.focused is app.detail
        assert app.detail.detail is not None
        text = plain(app.detail.render_detail(app.detail.detail), 80)
        assert "Why: " + items[1].reason[:30] in " ".join(text.split())
        assert "Gates: decision" in text
        assert "✓" in text
        if items[1].source == "gmail":
            assert ", " in text and ":" in text
        else:
            assert "When:" in text
        await pilot.press("escape")
        focused: Any = app.focused
        assert focused is app.item_list


async def test_thread_detail_shows_latest_message_and_collapses_earlier(live: Live) -> None:
    """A thread's newest message is shown; earlier ones collapse and expand with o."""
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        index = next(
            i
            for i, item in enumerate(app.item_list.items)
            if item.source == "gmail" and len(live.backend.item_detail(item.id).messages) > 1
        )
        app.item_list.highlighted = index
        wanted = app.item_list.items[index].id
        await wait_for(pilot, lambda: shown_id(app) == wanted)
        detail = app.detail.detail
        assert detail is not None
        collapsed = plain(app.detail.render_detail(detail), 80)
        assert f"▸ {len(detail.messages) - 1} earlier" in collapsed
        assert detail.messages[-1].sender in collapsed
        await pilot.press("o")
        expanded = plain(app.detail.render_detail(detail), 80)
        assert "earlier" not in expanded
        assert detail.messages[0].sender in expanded


async def test_d_dismisses_and_the_store_agrees(live: Live) -> None:
    """d removes the item from the list and the store records it dismissed."""
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        first = app.item_list.items[0].id
        count = len(app.item_list.items)
        await pilot.press("d")
        await wait_for(pilot, lambda: first not in [i.id for i in app.item_list.items])
        assert len(app.item_list.items) == count - 1
        assert live.backend.item_detail(first).item.status == "dismissed"
        assert "dismissed" in log_text(app)


async def test_x_and_snooze_change_status(live: Live) -> None:
    """x marks done; /snooze with a time snoozes."""
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        first = app.item_list.items[0].id
        await pilot.press("x")
        await wait_for(pilot, lambda: first not in [i.id for i in app.item_list.items])
        assert live.backend.item_detail(first).item.status == "done"
        second = app.item_list.items[0].id
        await type_command(pilot, *"/snooze tomorrow 10am", "enter")
        await wait_for(pilot, lambda: second not in [i.id for i in app.item_list.items])
        snoozed = live.backend.item_detail(second).item
        assert snoozed.status == "snoozed"
        assert snoozed.snoozed_until is not None


async def test_i_and_shift_i_record_feedback(live: Live) -> None:
    """i says important, I says not important and offers a mute rule."""
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        first = app.item_list.items[0].id
        await pilot.press("i")
        await wait_for(pilot, lambda: "marked important" in log_text(app))
        await pilot.press("j")
        second = app.item_list.items[app.item_list.highlighted or 0].id
        await pilot.press("I")
        await wait_for(pilot, lambda: "marked not important" in log_text(app))
        verdicts = item_verdicts(live.backend.open(), [first, second])
        assert verdicts[first][0] == "important"
        assert verdicts[second][0] == "not_important"
        if live.backend.item_detail(second).item.who_email:
            assert "--action mute" in log_text(app)


async def test_slash_sync_and_ctrl_r_run_without_freezing(live: Live) -> None:
    """A sync shows a spinner in the status line while the list keeps moving, then "synced"."""
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: loaded(app) and app.status_bar.last_sync_at is not None)
        control(live.server, "faults", {"match": "*", "delay": 1.0, "count": 1})
        await type_command(pilot, *"/sync", "enter")
        await wait_for(pilot, lambda: app.status_bar.syncing)
        assert "syncing" in app.status_bar.state_text()
        await pilot.press("escape", "j")
        assert app.status_bar.syncing, "the list should move while the sync runs"
        assert app.item_list.highlighted == 1
        await wait_for(pilot, lambda: not app.status_bar.syncing)
        assert app.last_sync_result is not None and app.last_sync_result.ok
        assert app.status_bar.state_text().startswith("synced")
        assert app.status_bar.error == ""
        before = app.last_sync_result
        control(live.server, "faults", {"match": "*", "delay": 0.5, "count": 1})
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.status_bar.syncing)
        await pilot.press("k")
        assert app.item_list.highlighted == 0
        await wait_for(pilot, lambda: app.last_sync_result is not before)
        assert not app.status_bar.syncing
        assert "synced" in app.status_bar.state_text()


async def test_sync_error_shows_in_status_line_and_app_stays_usable(live: Live) -> None:
    """A failing sync puts the error in the status line; keys still work."""
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        control(live.server, "faults", {"match": "*", "status": 400, "count": 50})
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.last_sync_result is not None)
        assert app.last_sync_result is not None and not app.last_sync_result.ok
        assert app.status_bar.error.startswith("sync failed")
        control(live.server, "faults", method="DELETE")
        first = app.item_list.items[0].id
        await pilot.press("d")
        await wait_for(pilot, lambda: first not in [i.id for i in app.item_list.items])


async def test_help_free_text_all_and_agenda(live: Live) -> None:
    """/help and ? open the help; free text starts a command run; /all and /agenda work."""
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await type_command(pilot, *"/help", "enter")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await type_command(pilot, *"reply that Tuesday works", "enter")
        await wait_for(pilot, lambda: app.talk.run is not None)
        assert app.talk.run is not None and app.talk.run.status in (
            "awaiting_approval",
            "awaiting_follow_up",
        )
        important = len(app.item_list.items)
        await pilot.press(*"/all", "enter")
        await wait_for(pilot, lambda: app.item_list.show_all)
        assert len(app.item_list.items) >= important
        assert str(app.item_list.border_title).startswith("All items")
        await pilot.press(*"/agenda", "enter")
        await wait_for(pilot, lambda: str(app.detail.border_title).startswith("Agenda"))
        await pilot.press(*"/nonsense", "enter")
        assert "unknown command /nonsense" in log_text(app)


async def test_start_up_sync_runs_when_stale(live: Live, monkeypatch: Any) -> None:
    """With stale_after 0 the app syncs on start by itself."""
    live.backend.settings.sync.stale_after = 0
    app = live.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.last_sync_result is not None)
        assert app.last_sync_result is not None and app.last_sync_result.ok
        await wait_for(pilot, lambda: not app.status_bar.syncing and loaded(app))
