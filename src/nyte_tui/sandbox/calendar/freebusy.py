"""freebusy.query: busy intervals of the user's calendars and of known colleagues.

A calendar of the user is busy during its opaque, non-cancelled events it has not declined
(series expanded, all-day events from midnight to midnight). A colleague (an address with a
busy calendar in `CalendarStore.free_busy`) is busy during those blocks and during the user's
events the colleague organises or attends without having declined. Busy intervals are clipped to
the window and merged where they overlap or touch. Anything else is `notFound`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nyte_tui.sandbox.calendar.listing import listed_events
from nyte_tui.sandbox.calendar.store import CalendarStore
from nyte_tui.sandbox.calendar.times import (
    UTC,
    boundary_instant,
    event_zone,
    format_time,
    parse_time,
)
from nyte_tui.sandbox.protocol import ApiError, JsonObject

Interval = tuple[datetime, datetime]
NOT_FOUND: JsonObject = {"errors": [{"domain": "global", "reason": "notFound"}], "busy": []}


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort intervals and merge the ones that overlap or touch."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _occurrences(
    store: CalendarStore, calendar_id: str, time_min: datetime, time_max: datetime
) -> list[tuple[JsonObject, Interval]]:
    """Return the live opaque events of a calendar in a window, series expanded, with spans."""
    candidates = list(store.events[calendar_id].values())
    found: list[tuple[JsonObject, Interval]] = []
    for item in listed_events(store, calendar_id, candidates, True, False, time_min, time_max):
        if item.get("status") == "cancelled" or item.get("transparency") == "transparent":
            continue
        if "start" not in item or "end" not in item:
            continue
        zone = event_zone(item, store.zone_of(calendar_id))
        span = (boundary_instant(item["start"], zone), boundary_instant(item["end"], zone))
        found.append((item, span))
    return found


def _response_of(resource: JsonObject, email: str) -> str | None:
    """Return how a person answered an event (organizers count as accepted), or None."""
    wanted = email.lower()
    for attendee in resource.get("attendees", []):
        if str(attendee.get("email", "")).lower() == wanted:
            return str(attendee.get("responseStatus", "needsAction"))
    organizer = resource.get("organizer", {})
    if str(organizer.get("email", "")).lower() == wanted:
        return "accepted"
    return None


def calendar_busy(
    store: CalendarStore, calendar_id: str, time_min: datetime, time_max: datetime
) -> list[Interval]:
    """Return the merged busy intervals of one of the user's calendars (declined ones free)."""
    spans = [
        span
        for resource, span in _occurrences(store, calendar_id, time_min, time_max)
        if _response_of(resource, calendar_id) != "declined"
    ]
    return _clip(merge(spans), time_min, time_max)


def colleague_busy(
    store: CalendarStore, email: str, time_min: datetime, time_max: datetime
) -> list[Interval]:
    """Return a colleague's merged busy intervals: their own blocks plus shared events."""
    spans = [
        (parse_time(block["start"]), parse_time(block["end"]))
        for block in store.free_busy.get(email.lower(), [])
    ]
    for calendar_id in store.calendars:
        for resource, span in _occurrences(store, calendar_id, time_min, time_max):
            answer = _response_of(resource, email)
            if answer is not None and answer != "declined":
                spans.append(span)
    return _clip(merge(spans), time_min, time_max)


def _clip(intervals: list[Interval], time_min: datetime, time_max: datetime) -> list[Interval]:
    """Keep the parts of intervals inside [time_min, time_max)."""
    return [
        (max(start, time_min), min(end, time_max))
        for start, end in intervals
        if end > time_min and start < time_max
    ]


def busy_of(
    store: CalendarStore, wanted: str, time_min: datetime, time_max: datetime
) -> list[Interval] | None:
    """Return the busy intervals of a calendar id, `primary` or an address; None if unknown."""
    calendar_id = store.resolve(wanted) if wanted == "primary" else wanted
    if calendar_id in store.calendars:
        return calendar_busy(store, calendar_id, time_min, time_max)
    if calendar_id.lower() in store.free_busy:
        return colleague_busy(store, calendar_id, time_min, time_max)
    return None


def format_instant(moment: datetime, zone: ZoneInfo) -> str:
    """Format a busy boundary: `...Z` in UTC, with the offset in any other zone."""
    if zone.key == "UTC":
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.astimezone(zone).isoformat()


def _window(body: JsonObject) -> tuple[datetime, datetime, ZoneInfo]:
    """Read timeMin, timeMax and timeZone from a query body, or raise Google's 400s."""
    for name in ("timeMin", "timeMax"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise ApiError(400, f"Missing {name} parameter.", "required")
    time_min, time_max = parse_time(body["timeMin"]), parse_time(body["timeMax"])
    if time_max <= time_min:
        raise ApiError(400, "The specified time range is empty.", "timeRangeEmpty")
    try:
        zone = ZoneInfo(str(body.get("timeZone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        raise ApiError(400, "Invalid time zone definition.", "invalid") from None
    return time_min, time_max, zone


def query(store: CalendarStore, body: JsonObject) -> JsonObject:
    """Answer a freebusy.query body in Google's calendar#freeBusy shape."""
    time_min, time_max, zone = _window(body)
    items = body.get("items") or []
    if not isinstance(items, list):
        raise ApiError(400, "Invalid value for items.", "invalid")
    calendars: JsonObject = {}
    for item in items:
        wanted = str(item.get("id", "")) if isinstance(item, dict) else ""
        if not wanted:
            raise ApiError(400, "Missing calendar id.", "required")
        busy = busy_of(store, wanted, time_min, time_max)
        if busy is None:
            calendars[wanted] = {**NOT_FOUND, "errors": [dict(NOT_FOUND["errors"][0])]}
            continue
        calendars[wanted] = {
            "busy": [
                {"start": format_instant(start, zone), "end": format_instant(end, zone)}
                for start, end in busy
            ]
        }
    return {
        "kind": "calendar#freeBusy",
        "timeMin": format_time(time_min),
        "timeMax": format_time(time_max),
        "calendars": calendars,
    }
