"""Calendar time values: RFC 3339 parsing and formatting, event zones, start/end instants."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from nyte_tui.sandbox.protocol import ApiError, JsonObject

UTC = ZoneInfo("UTC")
EXPANSION_HORIZON = timedelta(days=730)


def parse_time(text: str, default_zone: ZoneInfo = UTC) -> datetime:
    """Parse an RFC 3339 timestamp (naive ones read in default_zone), or raise a 400."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        raise ApiError(400, "Bad Request", "badRequest") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=default_zone)


def format_time(moment: datetime) -> str:
    """Format a UTC timestamp with milliseconds, as Calendar does for created/updated."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


def event_zone(resource: JsonObject, calendar_zone: str) -> ZoneInfo:
    """Return the zone an event's wall-clock times live in."""
    name = resource.get("start", {}).get("timeZone") or calendar_zone
    try:
        return ZoneInfo(str(name))
    except (KeyError, ValueError):
        return UTC


def boundary_instant(boundary: JsonObject, zone: ZoneInfo) -> datetime:
    """Return the instant of a start/end object ({dateTime} or all-day {date})."""
    if "dateTime" in boundary:
        return parse_time(str(boundary["dateTime"]), zone).astimezone(zone)
    if "date" in boundary:
        return datetime.combine(date.fromisoformat(str(boundary["date"])), time(), zone)
    raise ApiError(400, "Missing time.", "required")
