"""RSVP, scheduling in a free slot, and moving events from the conversation, into the sandbox."""

from __future__ import annotations

from datetime import datetime, timedelta

from conversation.conftest import COLLEAGUE, ORGANIZER, Conv, tomorrow_at
from nyte_tui.store.queries import command_context


def _self_response(event: dict[str, object]) -> str | None:
    """The user's answer on an event resource."""
    for attendee in event.get("attendees") or []:  # type: ignore[attr-defined]
        if attendee.get("self"):
            return str(attendee.get("responseStatus"))
    return None


def test_accepting_an_invite_tells_the_organiser_and_the_store(conv: Conv) -> None:
    """accept on an invite item: the user's attendee entry changes, the organiser is told."""
    event_id, item_id = conv.add_event("Board sync", tomorrow_at(15), organizer=ORGANIZER)
    assert item_id is not None
    view = conv.preview("accept", item_id)
    assert view.proposal is not None and view.proposal.kind == "calendar.rsvp", view
    assert view.proposal.payload["response"] == "accepted"
    assert _self_response(conv.event(event_id)) == "needsAction"  # nothing before confirm
    done = conv.confirm(view.run_id)
    assert done.status == "completed", done
    assert _self_response(conv.event(event_id)) == "accepted"
    replies = [
        n for n in conv.notifications() if n["kind"] == "reply" and n["event_id"] == event_id
    ]
    assert replies and replies[-1]["organizer"] == ORGANIZER
    assert replies[-1]["response"] == "accepted"
    stored = command_context.event(
        conv.env.h.store, conv.env.h.account.account_id, "alex@northwind.example", event_id
    ) or command_context.event(conv.env.h.store, conv.env.h.account.account_id, "primary", event_id)
    assert stored is not None and stored.my_response == "accepted"


def test_declining_by_time_finds_the_event(conv: Conv) -> None:
    """ "decline the 3pm" with nothing selected picks tomorrow's 15:00 event."""
    when = tomorrow_at(15)
    event_id, _item = conv.add_event("Vendor pitch", when, organizer=ORGANIZER)
    view = conv.preview(f"decline the 3pm on {when.strftime('%A')}")
    assert view.proposal is not None, view
    assert view.proposal.payload["event_id"] == event_id
    assert view.proposal.payload["response"] == "declined"
    conv.confirm(view.run_id)
    assert _self_response(conv.event(event_id)) == "declined"


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def test_scheduling_finds_a_free_slot_and_creates_one_event(conv: Conv) -> None:
    """A free slot in working hours for both (the colleague's free/busy checked), two
    alternatives, "the second" picks one, the event gets the client id, a repeat makes none."""
    view = conv.preview(f"set up 30 min with {COLLEAGUE} next week about the launch")
    assert view.proposal is not None and view.proposal.kind == "calendar.create_event", view
    payload = view.proposal.payload
    assert len(payload["alternatives"]) == 2
    assert COLLEAGUE in payload["attendees"]
    start = datetime.fromisoformat(payload["start"])
    end = datetime.fromisoformat(payload["end"])
    assert end - start == timedelta(minutes=30)
    local = start
    assert 9 <= local.hour < 18 and local.weekday() < 5
    busy = conv.env.h.server.state.free_busy(COLLEAGUE, start - timedelta(days=1), end)
    assert busy is not None
    for block_start, block_end in busy:
        assert not _overlaps(start, end, block_start, block_end)
    second = conv.respond(view.run_id, "the second")
    assert second.proposal is not None, second
    assert second.proposal.payload["start"] == payload["alternatives"][0]["start"]
    assert second.proposal.payload["event_id"] == payload["event_id"]
    done = conv.confirm(second.run_id)
    assert done.status == "completed", done
    created = conv.event(str(payload["event_id"]))
    assert created["summary"].lower().startswith("launch")
    assert datetime.fromisoformat(created["start"]["dateTime"]) == datetime.fromisoformat(
        second.proposal.payload["start"]
    )
    assert conv.confirm(second.run_id).result == done.result
    inserts = conv.env.h.count("calendar.events.insert")
    assert inserts == 1


def test_moving_my_own_event(conv: Conv) -> None:
    """ "move the 4pm to Thursday" patches the user's own event and keeps its length."""
    when = tomorrow_at(16)
    event_id, _item = conv.add_event("Team sync", when, attendees=(COLLEAGUE,), response="accepted")
    view = conv.preview(
        f"move the 4pm on {when.strftime('%A')} to {(when + timedelta(days=2)).strftime('%A')}"
    )
    assert view.proposal is not None and view.proposal.kind == "calendar.move", view
    conv.confirm(view.run_id)
    moved = conv.event(event_id)
    start = datetime.fromisoformat(moved["start"]["dateTime"])
    end = datetime.fromisoformat(moved["end"]["dateTime"])
    assert start.date() == (when + timedelta(days=2)).date() and start.hour == when.hour
    assert end - start == timedelta(hours=1)


def test_moving_someone_elses_event_asks_the_organiser(conv: Conv) -> None:
    """For an event the user does not organise, nyte proposes an email to the organiser."""
    when = tomorrow_at(11)
    event_id, item_id = conv.add_event("Quarterly review", when, organizer=ORGANIZER)
    view = conv.preview(f"move it to {(when + timedelta(days=1)).strftime('%A')} at 2pm", item_id)
    assert view.proposal is not None, view
    assert view.proposal.kind == "gmail.send"
    assert view.proposal.payload["to"] == [ORGANIZER]
    assert any("do not organise" in f for f in view.proposal.flags)
    assert conv.event(event_id)["start"]["dateTime"]  # untouched
