"""Calendar v3 through googleapiclient: windows, recurrence, sync tokens, inserts, RSVP, deletes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from googleapiclient.errors import HttpError

from nyte_tui.sandbox.calendar import recurrence
from nyte_tui.sandbox.server import SandboxServer
from sandbox_fixtures import SANDBOX_USER

WINDOW = {"timeMin": "2026-03-01T00:00:00Z", "timeMax": "2026-04-30T00:00:00Z"}


def all_pages(calendar: Any, **params: Any) -> tuple[list[dict[str, Any]], str | None, int]:
    """List every page; return (items, nextSyncToken, page count)."""
    items: list[dict[str, Any]] = []
    token, pages = None, 0
    while True:
        page = calendar.events().list(calendarId="primary", pageToken=token, **params).execute()
        pages += 1
        items.extend(page["items"])
        token = page.get("nextPageToken")
        if token is None:
            assert "nextSyncToken" in page
            return items, page["nextSyncToken"], pages
        assert "nextSyncToken" not in page


def test_calendar_list(calendar: Any) -> None:
    [entry] = calendar.calendarList().list().execute()["items"]
    assert entry["id"] == SANDBOX_USER and entry["primary"] is True
    assert entry["accessRole"] == "owner" and entry["timeZone"] == "Europe/London"


def test_single_events_expands_recurrence_with_exdate(calendar: Any) -> None:
    answer = (
        calendar.events()
        .list(calendarId="primary", singleEvents=True, orderBy="startTime", **WINDOW)
        .execute()
    )
    standups = [item for item in answer["items"] if item.get("recurringEventId") == "standup0001"]
    assert [item["id"] for item in standups] == [
        "standup0001_20260302T093000Z",
        "standup0001_20260303T093000Z",
        "standup0001_20260305T093000Z",
        "standup0001_20260306T093000Z",
    ]
    assert standups[0]["originalStartTime"]["dateTime"].startswith("2026-03-02T09:30:00")
    assert "recurrence" not in standups[0]
    starts = [item["start"].get("dateTime") or item["start"]["date"] for item in answer["items"]]
    assert starts[-1] == "2026-03-10"
    masters = calendar.events().list(calendarId="primary", **WINDOW).execute()["items"]
    assert {item["id"] for item in masters} == {"standup0001", "pricing00001", "offsite00001"}


def test_time_window_and_order_rules(calendar: Any) -> None:
    narrow = (
        calendar.events()
        .list(
            calendarId="primary",
            singleEvents=True,
            timeMin="2026-03-03T00:00:00Z",
            timeMax="2026-03-04T00:00:00Z",
        )
        .execute()
    )
    assert {item["id"] for item in narrow["items"]} == {
        "standup0001_20260303T093000Z",
        "pricing00001",
    }
    with pytest.raises(HttpError) as caught:
        calendar.events().list(calendarId="primary", orderBy="startTime").execute()
    assert caught.value.resp.status == 400


def test_weekly_and_monthly_rules_through_insert(calendar: Any) -> None:
    calendar.events().insert(
        calendarId="primary",
        body={
            "id": "onetoone0001",
            "summary": "1:1",
            "start": {"dateTime": "2026-03-02T11:00:00", "timeZone": "Europe/London"},
            "end": {"dateTime": "2026-03-02T11:30:00", "timeZone": "Europe/London"},
            "recurrence": ["RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260325T235959Z"],
        },
    ).execute()
    calendar.events().insert(
        calendarId="primary",
        body={
            "id": "board000001",
            "summary": "Board",
            "start": {"dateTime": "2026-03-02T16:00:00Z"},
            "end": {"dateTime": "2026-03-02T17:00:00Z"},
            "recurrence": ["RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=3"],
        },
    ).execute()
    items = (
        calendar.events()
        .list(
            calendarId="primary",
            singleEvents=True,
            orderBy="startTime",
            timeMin="2026-03-01T00:00:00Z",
            timeMax="2026-12-31T00:00:00Z",
        )
        .execute()["items"]
    )
    weekly = [
        item["id"].split("_")[1] for item in items if item.get("recurringEventId") == "onetoone0001"
    ]
    assert weekly == [
        "20260302T110000Z",
        "20260304T110000Z",
        "20260309T110000Z",
        "20260311T110000Z",
        "20260316T110000Z",
        "20260318T110000Z",
        "20260323T110000Z",
        "20260325T110000Z",
    ]
    monthly = [
        item["start"]["dateTime"][:10]
        for item in items
        if item.get("recurringEventId") == "board000001"
    ]
    assert monthly == ["2026-03-02", "2026-04-06", "2026-05-04"]
    instances = calendar.events().instances(calendarId="primary", eventId="board000001").execute()
    assert len(instances["items"]) == 3


def test_recurrence_keeps_wall_clock_across_dst() -> None:
    london = ZoneInfo("Europe/London")
    start = datetime(2026, 3, 27, 9, 0, tzinfo=london)
    found = list(
        recurrence.occurrences(
            start, ["RRULE:FREQ=DAILY;COUNT=4"], datetime(2027, 1, 1, tzinfo=london)
        )
    )
    assert [moment.hour for moment in found] == [9, 9, 9, 9]
    assert [moment.utcoffset().total_seconds() for moment in found] == [0, 0, 3600, 3600]  # type: ignore[union-attr]


def test_sync_token_returns_changes_including_cancelled(
    calendar: Any, sandbox: SandboxServer
) -> None:
    items, sync_token, pages = all_pages(calendar, maxResults=2)
    assert pages == 2 and len(items) == 3
    calendar.events().insert(
        calendarId="primary",
        body={
            "id": "neuevent0001",
            "summary": "New",
            "start": {"dateTime": "2026-03-12T10:00:00Z"},
            "end": {"dateTime": "2026-03-12T11:00:00Z"},
        },
    ).execute()
    calendar.events().delete(calendarId="primary", eventId="offsite00001").execute()
    changed = calendar.events().list(calendarId="primary", syncToken=sync_token).execute()
    assert {(item["id"], item["status"]) for item in changed["items"]} == {
        ("neuevent0001", "confirmed"),
        ("offsite00001", "cancelled"),
    }
    unchanged = (
        calendar.events().list(calendarId="primary", syncToken=changed["nextSyncToken"]).execute()
    )
    assert unchanged["items"] == []
    with pytest.raises(HttpError) as restricted:
        calendar.events().list(
            calendarId="primary", syncToken=sync_token, timeMin="2026-03-01T00:00:00Z"
        ).execute()
    assert restricted.value.resp.status == 400
    sandbox.state.expire_sync_tokens()
    with pytest.raises(HttpError) as gone:
        calendar.events().list(calendarId="primary", syncToken=unchanged["nextSyncToken"]).execute()
    assert gone.value.resp.status == 410
    assert gone.value.error_details[0]["reason"] == "fullSyncRequired"


def test_updated_min_and_its_horizon(calendar: Any) -> None:
    recent = (
        calendar.events().list(calendarId="primary", updatedMin="2026-02-24T00:00:00Z").execute()
    )
    assert {item["id"] for item in recent["items"]} == {"pricing00001", "offsite00001"}
    with pytest.raises(HttpError) as caught:
        calendar.events().list(calendarId="primary", updatedMin="2025-12-01T00:00:00Z").execute()
    assert caught.value.resp.status == 410


def test_insert_with_client_id_and_duplicate(calendar: Any) -> None:
    body = {
        "id": "nte0proposal0001",
        "summary": "Coffee with Dana",
        "start": {"dateTime": "2026-03-05T15:00:00Z"},
        "end": {"dateTime": "2026-03-05T15:30:00Z"},
        "attendees": [{"email": "dana@northwind.example"}],
    }
    created = calendar.events().insert(calendarId="primary", body=body, sendUpdates="all").execute()
    assert created["id"] == "nte0proposal0001" and created["status"] == "confirmed"
    assert created["organizer"] == {
        "email": SANDBOX_USER,
        "displayName": "Alex Morgan",
        "self": True,
    }
    assert created["attendees"][0]["responseStatus"] == "needsAction"
    assert created["iCalUID"] and created["htmlLink"] and created["etag"]
    with pytest.raises(HttpError) as duplicate:
        calendar.events().insert(calendarId="primary", body=body).execute()
    assert duplicate.value.resp.status == 409
    assert duplicate.value.error_details[0]["reason"] == "duplicate"
    with pytest.raises(HttpError) as invalid:
        calendar.events().insert(calendarId="primary", body={**body, "id": "Bad-ID"}).execute()
    assert invalid.value.resp.status == 400
    generated = (
        calendar.events()
        .insert(calendarId="primary", body={k: v for k, v in body.items() if k != "id"})
        .execute()
    )
    assert len(generated["id"]) >= 5


def test_rsvp_patch_changes_only_my_response(calendar: Any) -> None:
    before = calendar.events().get(calendarId="primary", eventId="pricing00001").execute()
    patched = (
        calendar.events()
        .patch(
            calendarId="primary",
            eventId="pricing00001",
            sendUpdates="all",
            body={"attendees": [{"email": SANDBOX_USER, "responseStatus": "accepted"}]},
        )
        .execute()
    )
    statuses = {attendee["email"]: attendee["responseStatus"] for attendee in patched["attendees"]}
    assert statuses == {"dana@northwind.example": "accepted", SANDBOX_USER: "accepted"}
    assert patched["updated"] > before["updated"] and patched["etag"] != before["etag"]
    replaced = (
        calendar.events()
        .update(
            calendarId="primary",
            eventId="pricing00001",
            body={**patched, "summary": "Pricing review (moved)"},
        )
        .execute()
    )
    assert replaced["summary"] == "Pricing review (moved)"


def test_patch_of_an_instance_makes_an_exception(calendar: Any) -> None:
    calendar.events().patch(
        calendarId="primary",
        eventId="standup0001_20260303T093000Z",
        body={"summary": "Standup (demo)"},
    ).execute()
    items = (
        calendar.events().list(calendarId="primary", singleEvents=True, **WINDOW).execute()["items"]
    )
    summaries = {item["id"]: item["summary"] for item in items if item.get("recurringEventId")}
    assert summaries["standup0001_20260303T093000Z"] == "Standup (demo)"
    assert summaries["standup0001_20260302T093000Z"] == "Daily standup"
    calendar.events().delete(calendarId="primary", eventId="standup0001_20260305T093000Z").execute()
    items = (
        calendar.events().list(calendarId="primary", singleEvents=True, **WINDOW).execute()["items"]
    )
    assert "standup0001_20260305T093000Z" not in {item["id"] for item in items}


def test_delete_tombstones_and_second_delete_is_410(calendar: Any) -> None:
    calendar.events().delete(calendarId="primary", eventId="pricing00001").execute()
    assert (
        calendar.events().get(calendarId="primary", eventId="pricing00001").execute()["status"]
        == "cancelled"
    )
    visible = calendar.events().list(calendarId="primary").execute()["items"]
    assert "pricing00001" not in {item["id"] for item in visible}
    with_deleted = calendar.events().list(calendarId="primary", showDeleted=True).execute()["items"]
    assert "pricing00001" in {item["id"] for item in with_deleted}
    with pytest.raises(HttpError) as again:
        calendar.events().delete(calendarId="primary", eventId="pricing00001").execute()
    assert again.value.resp.status == 410
    with pytest.raises(HttpError) as missing:
        calendar.events().get(calendarId="primary", eventId="nosuchevent").execute()
    assert missing.value.resp.status == 404
