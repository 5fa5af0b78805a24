"""The app's command conversation against a live sandbox: what a person does, what Google gets."""

from __future__ import annotations

import base64
import email
import json
import urllib.request
from datetime import UTC, datetime, timedelta
from email import policy
from typing import Any

import pytest
from textual.pilot import Pilot

from nyte_tui.tui.app import NyteApp
from nyte_tui.tui.screens.confirm import ConfirmScreen
from tui.conftest import SIZE, Live, control, log_text, wait_for

COLLEAGUE = "sam.ortiz@northwind.example"


def api(live: Live, method: str, path: str, body: Any = None) -> Any:
    """Call the sandbox's Google API as the user."""
    tokens = live.server.issue_tokens()
    request = urllib.request.Request(
        f"{live.server.url}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {tokens['access_token']}",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def sent_ids(live: Live) -> set[str]:
    """Gmail ids in the sandbox's SENT."""
    found = api(live, "GET", "gmail/v1/users/me/messages?labelIds=SENT&maxResults=500")
    return {m["id"] for m in found.get("messages") or []}


def requests(live: Live, api_method: str) -> int:
    """How many requests of one API method the sandbox saw."""
    log = control(live.server, "requests", method="GET")
    return sum(1 for r in log.get("requests", log) if r.get("api_method") == api_method)


async def say(pilot: Pilot[Any], text: str) -> None:
    """Type a line in the command pane."""
    await pilot.press("colon", *text, "enter")


async def answer_shown(pilot: Pilot[Any], app: NyteApp, statuses: tuple[str, ...]) -> None:
    """Wait until the open run reaches one of statuses."""
    await wait_for(pilot, lambda: app.talk.run is not None and app.talk.run.status in statuses)


def select(app: NyteApp, predicate: Any) -> int:
    """Highlight the first listed item that matches; its id."""
    index = next(i for i, item in enumerate(app.item_list.items) if predicate(item))
    app.item_list.highlighted = index
    return app.item_list.items[index].id


async def loaded(pilot: Pilot[Any], app: NyteApp) -> None:
    """Wait for the list."""
    await wait_for(pilot, lambda: bool(app.item_list.items))


@pytest.fixture
def quick(live: Live) -> Live:
    """A one-second undo window, so tests wait it out quickly."""
    live.backend.settings.send.undo_seconds = 1
    return live


async def test_reply_through_the_pane_lands_in_the_thread(quick: Live) -> None:
    """Select a needs-reply item, type the reply, confirm in the modal: one message in SENT."""
    app = quick.app(auto_sync=False)
    before = sent_ids(quick)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        select(app, lambda i: i.source == "gmail" and i.kind == "needs_reply")
        thread_id = app.item_list.current.thread_id if app.item_list.current else None
        await say(pilot, "reply that I'll look at it today")
        await answer_shown(pilot, app, ("awaiting_approval",))
        assert "I'll look at it today." in log_text(app)
        await pilot.press("enter")  # enter on the empty input confirms: the confirm step shows
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await answer_shown(pilot, app, ("executing",))
        assert "u to undo" in app.status_bar.notice
        await answer_shown(pilot, app, ("completed",))
        assert "sent in the thread" in log_text(app)
        assert app.status_bar.notice == ""
    new = sent_ids(quick) - before
    assert len(new) == 1
    sent = api(quick, "GET", f"gmail/v1/users/me/messages/{new.pop()}?format=metadata")
    assert sent["threadId"] == thread_id


async def test_undo_within_the_window_sends_nothing(live: Live) -> None:
    """u during the window stops the message; the proposal stands again; nothing in SENT."""
    live.backend.settings.send.undo_seconds = 30
    app = live.app(auto_sync=False)
    before = sent_ids(live)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        select(app, lambda i: i.source == "gmail" and i.kind == "needs_reply")
        await say(pilot, "reply that it is fine")
        await answer_shown(pilot, app, ("awaiting_approval",))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await answer_shown(pilot, app, ("executing",))
        await pilot.press("escape", "u")
        await answer_shown(pilot, app, ("awaiting_approval",))
        assert not app.talk.held and app.status_bar.notice == ""
    assert sent_ids(live) == before


async def test_quitting_in_the_window_sends_nothing_and_says_so(live: Live) -> None:
    """q while a message is held: not sent, and the exit message names the run."""
    live.backend.settings.send.undo_seconds = 30
    app = live.app(auto_sync=False)
    before = sent_ids(live)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        select(app, lambda i: i.source == "gmail" and i.kind == "needs_reply")
        await say(pilot, "reply that it is fine")
        await answer_shown(pilot, app, ("awaiting_approval",))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await answer_shown(pilot, app, ("executing",))
        note = app.talk.quit_note()
        await pilot.press("escape", "q")
    assert note is not None and "not sent" in note and "nyte outbox" in note
    assert sent_ids(live) == before


async def test_a_question_then_its_answer_then_confirm(quick: Live) -> None:
    """A meeting without a time asks once; an early confirm is refused; the answer completes it."""
    app = quick.app(auto_sync=False)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await say(pilot, f"schedule a meeting with {COLLEAGUE}")
        await answer_shown(pilot, app, ("awaiting_follow_up",))
        question = app.talk.run.question if app.talk.run else ""
        assert question and question in log_text(app)
        await pilot.press("enter")  # an early confirm
        await wait_for(pilot, lambda: "answer first" in log_text(app))
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press(*"tomorrow at 4pm", "enter")
        try:
            await answer_shown(pilot, app, ("awaiting_approval",))
        except AssertionError:
            raise AssertionError(log_text(app)) from None
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await answer_shown(pilot, app, ("completed",))
        event_id = (app.talk.run.result or {}).get("event_id") if app.talk.run else None
    created = api(quick, "GET", f"calendar/v3/calendars/primary/events/{event_id}")
    assert COLLEAGUE in [a["email"] for a in created.get("attendees") or []]


async def test_cancel_ends_the_run(quick: Live) -> None:
    """x cancels the open command; nothing is sent."""
    app = quick.app(auto_sync=False)
    before = sent_ids(quick)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        select(app, lambda i: i.source == "gmail" and i.kind == "needs_reply")
        await say(pilot, "reply that I'll call")
        await answer_shown(pilot, app, ("awaiting_approval",))
        await pilot.press("escape", "x")
        await answer_shown(pilot, app, ("cancelled",))
    assert sent_ids(quick) == before


async def test_approving_a_triage_proposal_goes_through_preview_and_confirm(quick: Live) -> None:
    """a on an item with a proposal starts its run; the answer and the confirm complete it."""
    app = quick.app(auto_sync=False)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        select(app, lambda i: i.proposal is not None and i.proposal.kind == "gmail.reply")
        await pilot.press("a")
        await answer_shown(pilot, app, ("awaiting_follow_up", "awaiting_approval"))
        if app.talk.run and app.talk.run.status == "awaiting_follow_up":
            await say(pilot, "that I'm on it")
            await answer_shown(pilot, app, ("awaiting_approval",))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await answer_shown(pilot, app, ("completed",))


async def test_rsvp_from_an_invite(quick: Live) -> None:
    """accept on an invite item: the user's attendee entry in the sandbox says accepted."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    body = {
        "summary": "Partner review",
        "organizer": {"email": "ruth.calloway@partner.example"},
        "start": {"dateTime": start.isoformat()},
        "end": {"dateTime": (start + timedelta(hours=1)).isoformat()},
        "attendees": [
            {"email": "alex@northwind.example", "self": True, "responseStatus": "needsAction"},
            {"email": "ruth.calloway@partner.example", "responseStatus": "accepted"},
        ],
    }
    created = api(quick, "POST", "calendar/v3/calendars/primary/events?sendUpdates=none", body)
    assert quick.backend.sync().ok
    app = quick.app(auto_sync=False)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, app)
        await say(pilot, "/all")
        await wait_for(pilot, lambda: any(i.event_id == created["id"] for i in app.item_list.items))
        select(app, lambda i: i.event_id == created["id"])
        await say(pilot, "accept")
        try:
            await answer_shown(pilot, app, ("awaiting_approval",))
        except AssertionError:
            raise AssertionError(log_text(app)) from None
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await answer_shown(pilot, app, ("completed",))
    event = api(quick, "GET", f"calendar/v3/calendars/primary/events/{created['id']}")
    mine = next(a for a in event["attendees"] if a.get("self"))
    assert mine["responseStatus"] == "accepted"


async def test_a_model_that_times_out_falls_back(quick: Live, monkeypatch: Any) -> None:
    """With a model that never answers, the offline reading is shown with a one-line notice."""
    from conversation.model_stub import model_stub

    with model_stub() as stub:
        stub.mode, stub.delay = "timeout", 3
        quick.backend.settings.model = "openai/stub-model"
        quick.backend.settings.llm.api_base = stub.url
        quick.backend.settings.llm.timeout = 1
        app = quick.app(auto_sync=False)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, app)
            select(app, lambda i: i.source == "gmail" and i.kind == "needs_reply")
            await say(pilot, "reply that I'll look at it")
            await answer_shown(pilot, app, ("awaiting_approval",))
            assert "offline interpreter" in " ".join(log_text(app).split())
            assert "I'll look at it." in log_text(app)


def _decode(raw: str) -> email.message.EmailMessage:
    """A raw message from the API, parsed."""
    data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    parsed = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed
