"""freebusy.query through googleapiclient: own calendars, colleagues, notFound, the pipeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from nyte_tui.sandbox.server import SandboxServer
from sandbox_fixtures import SANDBOX_NOW, SANDBOX_USER, build_calendar, control, make_creds

DANA = "dana@northwind.example"
WEEK = {"timeMin": "2026-03-02T00:00:00Z", "timeMax": "2026-03-12T00:00:00Z"}
NOT_FOUND = {"errors": [{"domain": "global", "reason": "notFound"}], "busy": []}


def busy(calendar: Any, *ids: str, **window: str) -> dict[str, Any]:
    """Run freebusy.query for some ids and return the calendars part."""
    body = {**(window or WEEK), "items": [{"id": wanted} for wanted in ids]}
    answer = calendar.freebusy().query(body=body).execute()
    assert answer["kind"] == "calendar#freeBusy"
    calendars: dict[str, Any] = answer["calendars"]
    assert set(calendars) == set(ids)
    return calendars


def spans(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (start, end) pairs of one calendar's busy list."""
    assert "errors" not in entry, entry
    return [(block["start"], block["end"]) for block in entry["busy"]]


def at(text: str) -> datetime:
    """Parse an RFC 3339 instant."""
    return datetime.fromisoformat(text)


def test_primary_busy_expands_series_and_counts_all_day_events(calendar: Any) -> None:
    answer = calendar.freebusy().query(body={**WEEK, "items": [{"id": "primary"}]}).execute()
    assert answer["timeMin"] == "2026-03-02T00:00:00.000Z"
    assert answer["timeMax"] == "2026-03-12T00:00:00.000Z"
    expected = [
        ("2026-03-02T09:30:00Z", "2026-03-02T09:45:00Z"),
        ("2026-03-03T09:30:00Z", "2026-03-03T09:45:00Z"),
        ("2026-03-03T14:00:00Z", "2026-03-03T15:00:00Z"),
        ("2026-03-05T09:30:00Z", "2026-03-05T09:45:00Z"),
        ("2026-03-06T09:30:00Z", "2026-03-06T09:45:00Z"),
        ("2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z"),
    ]
    assert spans(answer["calendars"]["primary"]) == expected
    assert spans(busy(calendar, SANDBOX_USER)[SANDBOX_USER]) == expected


def test_window_clips_and_time_zone_shapes_the_answer(calendar: Any) -> None:
    window = {"timeMin": "2026-03-03T09:35:00Z", "timeMax": "2026-03-03T14:30:00Z"}
    assert spans(busy(calendar, "primary", **window)["primary"]) == [
        ("2026-03-03T09:35:00Z", "2026-03-03T09:45:00Z"),
        ("2026-03-03T14:00:00Z", "2026-03-03T14:30:00Z"),
    ]
    body = {**window, "timeZone": "Europe/Paris", "items": [{"id": "primary"}]}
    paris = calendar.freebusy().query(body=body).execute()["calendars"]["primary"]
    assert spans(paris)[1] == ("2026-03-03T15:00:00+01:00", "2026-03-03T15:30:00+01:00")


def test_declined_transparent_and_cancelled_events_are_free(calendar: Any) -> None:
    event = calendar.events().get(calendarId="primary", eventId="pricing00001").execute()
    for attendee in event["attendees"]:
        if attendee.get("self"):
            attendee["responseStatus"] = "declined"
    calendar.events().patch(
        calendarId="primary", eventId="pricing00001", body={"attendees": event["attendees"]}
    ).execute()
    for event_id, transparency in (("freeslot0001", "transparent"), ("opaqueslot01", "opaque")):
        calendar.events().insert(
            calendarId="primary",
            body={
                "id": event_id,
                "summary": event_id,
                "transparency": transparency,
                "start": {"dateTime": "2026-03-04T12:00:00Z"},
                "end": {"dateTime": "2026-03-04T13:00:00Z"},
            },
        ).execute()
    calendar.events().delete(calendarId="primary", eventId="offsite00001").execute()
    window = {"timeMin": "2026-03-03T10:00:00Z", "timeMax": "2026-03-11T00:00:00Z"}
    assert spans(busy(calendar, "primary", **window)["primary"]) == [
        ("2026-03-04T12:00:00Z", "2026-03-04T13:00:00Z"),
        ("2026-03-05T09:30:00Z", "2026-03-05T09:45:00Z"),
        ("2026-03-06T09:30:00Z", "2026-03-06T09:45:00Z"),
    ]


def test_unknown_and_external_people_are_not_found(calendar: Any) -> None:
    answer = busy(calendar, "karen.liu@globex.example", DANA, "nobody@northwind.example")
    assert all(entry == NOT_FOUND for entry in answer.values())


def test_colleague_busy_is_own_blocks_plus_shared_events(
    sandbox: SandboxServer, calendar: Any
) -> None:
    sandbox.state.set_free_busy(
        DANA,
        [
            (at("2026-03-03T10:30:00+00:00"), at("2026-03-03T11:30:00+00:00")),
            ("2026-03-03T10:00:00Z", "2026-03-03T11:00:00Z"),
            ("2026-03-03T15:00:00Z", "2026-03-03T15:30:00Z"),
        ],
    )
    assert spans(busy(calendar, DANA)[DANA]) == [
        ("2026-03-03T10:00:00Z", "2026-03-03T11:30:00Z"),
        ("2026-03-03T14:00:00Z", "2026-03-03T15:30:00Z"),
    ]
    assert sandbox.state.free_busy(DANA.upper(), at(WEEK["timeMin"]), at(WEEK["timeMax"])) == [
        (at("2026-03-03T10:00:00+00:00"), at("2026-03-03T11:30:00+00:00")),
        (at("2026-03-03T14:00:00+00:00"), at("2026-03-03T15:30:00+00:00")),
    ]
    assert sandbox.state.free_busy("karen.liu@globex.example", SANDBOX_NOW, SANDBOX_NOW) is None
    sandbox.state.set_free_busy(DANA, None)
    assert busy(calendar, DANA)[DANA] == NOT_FOUND


def test_control_api_sets_and_forgets_colleagues(sandbox: SandboxServer, calendar: Any) -> None:
    sam = "sam.ortiz@northwind.example"
    block = {"start": "2026-03-04T16:00:00Z", "end": "2026-03-04T17:00:00Z"}
    answer = control(sandbox, "POST", "freebusy", {"calendars": {sam: [block], DANA: []}})
    stored = {"start": "2026-03-04T16:00:00.000Z", "end": "2026-03-04T17:00:00.000Z"}
    assert answer == {"calendars": {DANA: [], sam: [stored]}}
    assert control(sandbox, "GET", "freebusy") == answer
    found = busy(calendar, sam, DANA)
    assert spans(found[sam]) == [("2026-03-04T16:00:00Z", "2026-03-04T17:00:00Z")]
    assert spans(found[DANA]) == [("2026-03-03T14:00:00Z", "2026-03-03T15:00:00Z")]
    control(sandbox, "POST", "freebusy", {"calendars": {sam: None}})
    assert busy(calendar, sam)[sam] == NOT_FOUND
    assert control(sandbox, "GET", "state")["free_busy_people"] == 1
    control(sandbox, "POST", "reset")
    assert control(sandbox, "GET", "freebusy") == {"calendars": {}}


def test_freebusy_goes_through_auth_quota_faults_and_the_log(
    sandbox: SandboxServer, calendar: Any
) -> None:
    sandbox.state.add_fault("calendar.freebusy.query", status=503)
    with pytest.raises(HttpError) as failed:
        busy(calendar, "primary")
    assert failed.value.resp.status == 503
    assert spans(busy(calendar, "primary")["primary"])
    logged = [e for e in sandbox.state.request_log if e["api_method"] == "calendar.freebusy.query"]
    assert [(entry["status"], entry["units"]) for entry in logged] == [(503, 0), (200, 1)]
    assert logged[0]["fault"] is not None and logged[0]["method"] == "POST"
    sandbox.state.expire_access_tokens()
    assert spans(busy(calendar, "primary")["primary"])  # the client refreshes after the 401
    statuses = [e["status"] for e in sandbox.state.request_log][-3:]
    assert statuses == [401, 200, 200]


def test_bad_windows_are_400(calendar: Any) -> None:
    for body in (
        {"timeMin": "2026-03-03T00:00:00Z", "items": [{"id": "primary"}]},
        {"timeMin": "2026-03-03T00:00:00Z", "timeMax": "2026-03-03T00:00:00Z", "items": []},
        {**WEEK, "timeZone": "Mars/Olympus", "items": [{"id": "primary"}]},
    ):
        with pytest.raises(HttpError) as caught:
            calendar.freebusy().query(body=body).execute()
        assert caught.value.resp.status == 400
    assert calendar.freebusy().query(body={**WEEK, "items": []}).execute()["calendars"] == {}


def test_generated_colleagues_are_known_and_outsiders_are_not() -> None:
    with SandboxServer(seed=2, threads=10, events=40, now=SANDBOX_NOW) as server:
        calendar = build_calendar(server, make_creds(server))
        people = server.state.free_busy_people()
        assert set(people) == {
            "dana.whitfield@northwind.example",
            "jorg.schneider@northwind.example",
            "mei.tanaka@northwind.example",
            "priya.natarajan@northwind.example",
            "ruth.calloway@northwind.example",
            "sam.ortiz@northwind.example",
            "tom.becker@northwind.example",
        }
        window = {"timeMin": "2026-03-02T00:00:00Z", "timeMax": "2026-03-07T00:00:00Z"}
        answer = busy(calendar, *people, "jose.muller@acme.example", "primary", **window)
        assert answer["jose.muller@acme.example"] == NOT_FOUND
        assert all(spans(answer[email]) for email in people)
        assert spans(answer["primary"])
