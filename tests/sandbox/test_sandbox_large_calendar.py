"""A sandbox seeded with thousands of events serves them all through events.list pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from nyte_tui.sandbox.server import SandboxServer
from sandbox_fixtures import SANDBOX_NOW, build_calendar, control, make_creds


def pages(calendar: Any, **params: Any) -> Iterator[dict[str, Any]]:
    """Yield every page of an events.list query."""
    token = None
    while True:
        page = calendar.events().list(calendarId="primary", pageToken=token, **params).execute()
        yield page
        token = page.get("nextPageToken")
        if token is None:
            return


def seeded_events(server: SandboxServer) -> dict[str, dict[str, Any]]:
    """Return the primary calendar's stored events by id."""
    stored = server.state.calendar.events[server.state.calendar.resolve("primary")]
    return {event_id: item.resource for event_id, item in stored.items()}


@pytest.mark.parametrize(("n_events", "page_size"), [(1000, None), (5000, 2500)])
def test_every_event_comes_back_through_paging(n_events: int, page_size: int | None) -> None:
    with SandboxServer(seed=4, threads=10, events=n_events, now=SANDBOX_NOW) as server:
        assert server.state.summary()["events"] == n_events
        calendar = build_calendar(server, make_creds(server))
        size = page_size or 250
        answers = list(pages(calendar, **({"maxResults": page_size} if page_size else {})))
        live = {
            event_id
            for event_id, resource in seeded_events(server).items()
            if resource["status"] != "cancelled"
        }
        assert len(answers) == -(-len(live) // size) > 1
        assert all(len(page["items"]) == size for page in answers[:-1])
        assert all("nextSyncToken" not in page for page in answers[:-1])
        assert "nextSyncToken" in answers[-1]
        listed = [item["id"] for page in answers for item in page["items"]]
        assert len(listed) == len(set(listed)) and set(listed) == live
        with_deleted = [
            item["id"] for page in pages(calendar, showDeleted=True, maxResults=2500)
            for item in page["items"]
        ]  # fmt: skip
        assert set(with_deleted) == set(seeded_events(server))
        since = calendar.events().list(calendarId="primary", syncToken=answers[-1]["nextSyncToken"])
        assert since.execute()["items"] == []


def test_large_calendar_expands_in_a_window_in_start_order() -> None:
    with SandboxServer(seed=4, threads=10, events=1000, now=SANDBOX_NOW) as server:
        calendar = build_calendar(server, make_creds(server))
        window = {"timeMin": "2026-05-04T00:00:00Z", "timeMax": "2026-05-09T00:00:00Z"}
        items = [
            item
            for page in pages(calendar, singleEvents=True, orderBy="startTime", **window)
            for item in page["items"]
        ]
        starts = [item["start"].get("dateTime") or item["start"]["date"] for item in items]
        assert len(items) > 15 and starts == sorted(starts)
        assert any(item.get("recurringEventId") for item in items)
        assert control(server, "GET", "state")["events"] == 1000
