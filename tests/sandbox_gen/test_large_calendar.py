"""Calendars of any size: thousands of events, deterministic, on working days, some overlapping."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from nyte_tui.sandbox.mailbox.generate import generate_mailbox
from nyte_tui.sandbox.seedtypes import GeneratedMailbox

NOW = datetime(2024, 3, 13, 10, 30, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
# The default calendar (seed 7, 40 events) as the generator made it before large calendars.
DEFAULT_CALENDAR_SHA256 = "08a0ff051a22a92802657a639d45d40488da3f910c05e203df03f3951998bf80"


@cache
def big(n_events: int, seed: int = 5) -> GeneratedMailbox:
    """Return a cached mailbox with a small inbox and a large calendar."""
    return generate_mailbox(seed, n_threads=20, n_events=n_events, now=NOW)


def calendar_digest(box: GeneratedMailbox) -> str:
    """Hash the events and the calendar expectations of a mailbox."""
    events = [[event.calendar_id, event.resource] for event in box.events]
    verdicts = [
        [item.key, item.important, item.kind, item.why]
        for item in box.expectations
        if item.source == "calendar"
    ]
    text = json.dumps(events + verdicts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def test_default_calendar_is_unchanged() -> None:
    assert calendar_digest(generate_mailbox(7, now=NOW)) == DEFAULT_CALENDAR_SHA256


@pytest.mark.parametrize("n_events", [1000, 5000])
def test_large_calendars_have_exactly_n_events_and_verdicts(n_events: int) -> None:
    box = big(n_events)
    ids = [event.resource["id"] for event in box.events]
    assert len(ids) == n_events == len(set(ids))
    assert all(re.fullmatch(r"[a-v0-9]{5,1024}", event_id) for event_id in ids)
    verdicts = {item.key for item in box.expectations if item.source == "calendar"}
    assert verdicts == set(ids)
    assert all(item.why for item in box.expectations)


@pytest.mark.parametrize("n_events", [1000, 5000])
def test_large_calendars_are_deterministic_per_seed(n_events: int) -> None:
    again = generate_mailbox(5, n_threads=20, n_events=n_events, now=NOW)
    assert calendar_digest(again) == calendar_digest(big(n_events))
    other = generate_mailbox(6, n_threads=20, n_events=n_events, now=NOW)
    assert calendar_digest(other) != calendar_digest(big(n_events))


def test_large_calendar_keeps_the_curated_month() -> None:
    small = {
        event.resource["summary"] for event in generate_mailbox(5, n_events=40, now=NOW).events
    }
    large = {event.resource["summary"] for event in big(1000).events}
    assert small <= large
    assert {"Pricing review", "Globex renewal call", "Daily standup"} <= large


def local_span(resource: dict[str, object]) -> tuple[datetime, datetime]:
    """Return the local start and end of a timed event."""
    start = resource["start"]
    end = resource["end"]
    assert isinstance(start, dict) and isinstance(end, dict)
    return (
        datetime.fromisoformat(start["dateTime"]).astimezone(LONDON),
        datetime.fromisoformat(end["dateTime"]).astimezone(LONDON),
    )


def test_large_calendar_is_realistic() -> None:
    box = big(5000)
    today = NOW.astimezone(LONDON).date()
    timed = [e.resource for e in box.events if "dateTime" in e.resource["start"]]
    bulk = [
        r
        for r in timed
        if not -7 <= (local_span(r)[0].date() - today).days <= 30 and not r.get("recurrence")
    ]
    assert len(bulk) > 4500
    per_day: dict[date, list[tuple[datetime, datetime]]] = {}
    for resource in bulk:
        start, end = local_span(resource)
        assert start.weekday() < 5, resource["summary"]
        assert 9 <= start.hour < 18 and end <= start.replace(hour=19, minute=0), start
        assert timedelta(minutes=15) <= end - start <= timedelta(minutes=90)
        mine = [a for a in resource["attendees"] if a.get("self")]  # type: ignore[attr-defined]
        if resource["status"] == "confirmed" and mine[0]["responseStatus"] != "declined":
            per_day.setdefault(start.date(), []).append((start, end))
    past = sum(local_span(r)[0] < NOW for r in bulk)
    assert 0.5 < past / len(bulk) < 0.7
    assert max(local_span(r)[0] for r in bulk) < NOW + timedelta(days=730)
    overlapping_days = [
        day
        for day, spans in per_day.items()
        if any(a[0] < b[1] and b[0] < a[1] for i, a in enumerate(spans) for b in spans[i + 1 :])
    ]
    assert 0.1 < len(overlapping_days) / len(per_day) < 0.9
    answers = {
        a["responseStatus"]
        for r in bulk
        for a in r["attendees"]  # type: ignore[attr-defined]
        if a.get("self")
    }
    assert answers == {"accepted", "tentative", "needsAction", "declined"}
    assert any(r.get("transparency") == "transparent" for r in bulk)
    assert any(r["status"] == "cancelled" for r in bulk)
    assert any("overlaps '" in item.why for item in box.expectations)
