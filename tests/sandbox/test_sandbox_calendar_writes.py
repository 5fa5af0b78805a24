"""Calendar writes for the command conversation: client ids, RSVP, moves, notifications."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from nyte_tui.sandbox.server import SandboxServer
from nyte_tui.sandbox.state import SandboxState
from sandbox_fixtures import SANDBOX_NOW, SANDBOX_USER, control, small_mailbox

DANA = "dana@northwind.example"
OLU = "olu.adeyemi@acme.example"
SLOT = {
    "start": {"dateTime": "2026-03-05T15:00:00Z"},
    "end": {"dateTime": "2026-03-05T15:30:00Z"},
}


def error_of(caught: pytest.ExceptionInfo[HttpError]) -> tuple[int, str]:
    """Return (status, reason) of a googleapiclient error."""
    return caught.value.resp.status, caught.value.error_details[0]["reason"]


def rsvp(calendar: Any, event_id: str, answer: str, **params: Any) -> dict[str, Any]:
    """Patch the user's copy with the full attendee list and a new response for `self`."""
    event = calendar.events().get(calendarId="primary", eventId=event_id).execute()
    attendees = event["attendees"]
    for attendee in attendees:
        if attendee.get("self"):
            attendee["responseStatus"] = answer
        else:
            attendee["responseStatus"] = "declined"  # ignored: only the organizer may do this
    body = {"attendees": attendees}
    patched: dict[str, Any] = (
        calendar.events()
        .patch(calendarId="primary", eventId=event_id, body=body, **params)
        .execute()
    )
    return patched


def meeting(calendar: Any, event_id: str, **params: Any) -> dict[str, Any]:
    """Insert a meeting the user organises with Dana and Olu."""
    body = {
        "id": event_id,
        "summary": "Pricing follow-up",
        "attendees": [{"email": DANA}, {"email": OLU}],
        **SLOT,
    }
    created: dict[str, Any] = (
        calendar.events().insert(calendarId="primary", body=body, **params).execute()
    )
    return created


@pytest.mark.parametrize(
    "event_id", ["abcde", "0123456789abcdefghijklmnopqrstuv", "v" * 1024, "nte0cmd0000000001"]
)
def test_insert_accepts_base32hex_client_ids(calendar: Any, event_id: str) -> None:
    body = {"id": event_id, "summary": "Held", **SLOT}
    created = calendar.events().insert(calendarId="primary", body=body, sendUpdates="none")
    assert created.execute()["id"] == event_id
    assert calendar.events().get(calendarId="primary", eventId=event_id).execute()["id"]
    with pytest.raises(HttpError) as again:
        calendar.events().insert(calendarId="primary", body=body, sendUpdates="all").execute()
    assert error_of(again) == (409, "duplicate")


@pytest.mark.parametrize("event_id", ["abcd", "v" * 1025, "abcdw", "ABCDE", "abc-de", "abc_de"])
def test_insert_refuses_other_ids(calendar: Any, event_id: str) -> None:
    body = {"id": event_id, "summary": "Held", **SLOT}
    with pytest.raises(HttpError) as caught:
        calendar.events().insert(calendarId="primary", body=body).execute()
    assert error_of(caught) == (400, "invalid")
    assert "Invalid resource id value." in str(caught.value)


def test_insert_with_send_updates_invites_attendees(sandbox: SandboxServer, calendar: Any) -> None:
    meeting(calendar, "quiet0000001", sendUpdates="none")
    assert sandbox.state.notifications() == []
    meeting(calendar, "invite000001", sendUpdates="all")
    sent = sandbox.state.notifications()
    assert [(n["kind"], n["recipient"], n["response"]) for n in sent] == [
        ("invitation", DANA, "needsAction"),
        ("invitation", OLU, "needsAction"),
    ]
    assert {n["organizer"] for n in sent} == {SANDBOX_USER}


def test_rsvp_records_a_reply_for_the_organizer(sandbox: SandboxServer, calendar: Any) -> None:
    before = calendar.events().get(calendarId="primary", eventId="pricing00001").execute()
    patched = rsvp(calendar, "pricing00001", "accepted", sendUpdates="all")
    answers = {a["email"]: a["responseStatus"] for a in patched["attendees"]}
    assert answers == {DANA: "accepted", SANDBOX_USER: "accepted"}
    assert patched["sequence"] == before["sequence"]
    [reply] = sandbox.state.notifications()
    assert reply == {
        "seq": 1,
        "kind": "reply",
        "event_id": "pricing00001",
        "calendar_id": SANDBOX_USER,
        "organizer": DANA,
        "attendee": SANDBOX_USER,
        "recipient": DANA,
        "response": "accepted",
        "previous_response": "needsAction",
        "send_updates": "all",
        "sent_at": reply["sent_at"],
    }
    assert reply["sent_at"] >= "2026-03-02T09:00:00.000Z"
    rsvp(calendar, "pricing00001", "accepted", sendUpdates="all")  # no change, no reply
    rsvp(calendar, "pricing00001", "tentative", sendUpdates="none")  # no mail wanted
    rsvp(calendar, "pricing00001", "declined", sendUpdates="externalOnly")
    replies = control(sandbox, "GET", "notifications?since=2")
    assert [
        (n["seq"], n["response"], n["previous_response"], n["send_updates"])
        for n in replies["notifications"]
    ] == [(2, "declined", "tentative", "externalOnly")]
    assert replies["next"] == 3
    assert control(sandbox, "DELETE", "notifications") == {"notifications": [], "next": 3}
    assert sandbox.state.notifications() == []


def test_rsvp_on_an_instance_of_someone_elses_series(sandbox: SandboxServer, calendar: Any) -> None:
    body = {
        "id": "series0dana1",
        "summary": "Dana's weekly",
        "organizer": {"email": DANA},
        "attendees": [{"email": DANA, "responseStatus": "accepted"}, {"email": SANDBOX_USER}],
        "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=4"],
        **SLOT,
    }
    calendar.events().insert(calendarId="primary", body=body).execute()
    instance = "series0dana1_20260312T150000Z"
    patched = rsvp(calendar, instance, "declined", sendUpdates="all")
    assert patched["recurringEventId"] == "series0dana1"
    [reply] = sandbox.state.notifications()
    assert (reply["event_id"], reply["response"], reply["recipient"]) == (
        instance,
        "declined",
        DANA,
    )
    with pytest.raises(HttpError) as moved:
        calendar.events().patch(
            calendarId="primary",
            eventId="series0dana1_20260319T150000Z",
            body={"start": {"dateTime": "2026-03-19T16:00:00Z"}},
        ).execute()
    assert error_of(moved) == (403, "forbiddenForNonOrganizer")
    assert "series0dana1_20260319T150000Z" not in sandbox.state.calendar.events[SANDBOX_USER]


def test_non_organizer_may_not_move_the_event(sandbox: SandboxServer, calendar: Any) -> None:
    event = calendar.events().get(calendarId="primary", eventId="pricing00001").execute()
    later = {"dateTime": "2026-03-03T16:00:00Z"}
    for body in ({"start": later}, {"end": later}, {"recurrence": ["RRULE:FREQ=DAILY"]}):
        with pytest.raises(HttpError) as caught:
            calendar.events().patch(
                calendarId="primary", eventId="pricing00001", body=body
            ).execute()
        assert error_of(caught) == (403, "forbiddenForNonOrganizer")
        assert "only be changed by the organizer" in str(caught.value)
    with pytest.raises(HttpError) as replaced:
        calendar.events().update(
            calendarId="primary", eventId="pricing00001", body={**event, "start": later}
        ).execute()
    assert error_of(replaced) == (403, "forbiddenForNonOrganizer")
    same_moment = {"dateTime": "2026-03-03T14:00:00Z", "timeZone": "Europe/London"}
    kept = calendar.events().patch(
        calendarId="primary", eventId="pricing00001", body={"start": same_moment}
    )
    assert kept.execute()["summary"] == "Pricing review"
    after = calendar.events().get(calendarId="primary", eventId="pricing00001").execute()
    assert after["end"] == event["end"] and after["sequence"] == event["sequence"]
    assert sandbox.state.notifications() == []


def test_organizer_move_bumps_sequence_and_notifies(sandbox: SandboxServer, calendar: Any) -> None:
    created = meeting(calendar, "moveme000001")
    assert created["sequence"] == 0
    moved = (
        calendar.events()
        .patch(
            calendarId="primary",
            eventId="moveme000001",
            sendUpdates="all",
            body={
                "start": {"dateTime": "2026-03-06T10:00:00Z"},
                "end": {"dateTime": "2026-03-06T10:30:00Z"},
            },
        )
        .execute()
    )
    assert moved["sequence"] == 1 and moved["start"]["dateTime"] == "2026-03-06T10:00:00Z"
    sent = sandbox.state.notifications()
    assert [(n["kind"], n["recipient"], n["changed"]) for n in sent] == [
        ("update", DANA, ["end", "start"]),
        ("update", OLU, ["end", "start"]),
    ]
    quiet = calendar.events().patch(
        calendarId="primary",
        eventId="moveme000001",
        sendUpdates="none",
        body={"start": {"dateTime": "2026-03-06T11:00:00Z"}},
    )
    assert quiet.execute()["sequence"] == 2
    assert len(sandbox.state.notifications()) == 2
    calendar.events().delete(
        calendarId="primary", eventId="moveme000001", sendUpdates="all"
    ).execute()
    assert [n["kind"] for n in sandbox.state.notifications(since=3)] == ["cancellation"] * 2


def test_notifications_survive_the_state_file_and_old_files_load(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    with SandboxServer(
        mailbox=small_mailbox(), now=SANDBOX_NOW, seed=None, state_file=path
    ) as server:
        server.state.set_free_busy(DANA, [("2026-03-04T10:00:00Z", "2026-03-04T11:00:00Z")])
        patched = rsvp_direct(server.state)
        assert patched["attendees"]
    restored = SandboxState(state_file=path)
    assert [n["kind"] for n in restored.notifications()] == ["reply"]
    assert list(restored.free_busy_people()) == [DANA]
    document = json.loads(path.read_text(encoding="utf-8"))
    for calendar in (document["snapshot"]["calendar"], document["initial"]["calendar"]):
        for key in ("free_busy", "notifications", "notification_seq"):
            calendar.pop(key)
    path.write_text(json.dumps(document), encoding="utf-8")
    old = SandboxState(state_file=path)
    assert old.notifications() == [] and old.free_busy_people() == {}
    assert old.calendar.get(SANDBOX_USER, "pricing00001")["summary"] == "Pricing review"


def rsvp_direct(state: SandboxState) -> dict[str, Any]:
    """Accept pricing00001 through the store, as the API handler does."""
    from nyte_tui.sandbox.calendar import changes

    with state.lock:
        body = {"attendees": [{"email": SANDBOX_USER, "responseStatus": "accepted"}]}
        patched = changes.patch(
            state.calendar, SANDBOX_USER, "pricing00001", body, state.now(), False, "all"
        )
        state.dirty = True
    state.save_if_dirty()
    return patched
