"""What events.list shows: series expansion, tombstone rules, the time window, text and sync."""

from __future__ import annotations

from datetime import datetime

from nyte_tui.sandbox.calendar.store import CalendarStore, StoredEvent
from nyte_tui.sandbox.calendar.times import EXPANSION_HORIZON, boundary_instant, event_zone
from nyte_tui.sandbox.protocol import ApiError, JsonObject, decode_token


def sync_seq(calendar: CalendarStore, calendar_id: str, token: str) -> int:
    """Decode a sync token, raising 410 fullSyncRequired when it is stale or foreign."""
    gone = ApiError(
        410, "Sync token is no longer valid, a full sync is required.", "fullSyncRequired"
    )
    decoded = decode_token(token, gone)
    if decoded.get("c") != calendar_id or decoded.get("e") != calendar.sync_epoch:
        raise gone
    seq = decoded.get("s")
    if not isinstance(seq, int) or seq > calendar.change_seq:
        raise gone
    return seq


def sort_instant(calendar: CalendarStore, calendar_id: str, resource: JsonObject) -> datetime:
    """Return the start instant used by orderBy=startTime and the time window."""
    zone = event_zone(resource, calendar.zone_of(calendar_id))
    start = resource.get("start") or resource.get("originalStartTime")
    return boundary_instant(start, zone) if start else calendar.clock()


def overlaps(
    calendar: CalendarStore,
    calendar_id: str,
    resource: JsonObject,
    time_min: datetime | None,
    time_max: datetime | None,
) -> bool:
    """Tell whether an event overlaps [timeMin, timeMax) (end > timeMin, start < timeMax)."""
    if "start" not in resource or "end" not in resource:
        return True
    zone = event_zone(resource, calendar.zone_of(calendar_id))
    if resource.get("recurrence") and not resource.get("recurringEventId"):
        end_limit = time_max or calendar.clock() + EXPANSION_HORIZON
        return bool(calendar.expand(calendar_id, resource, time_min, end_limit))
    start = boundary_instant(resource["start"], zone)
    end = boundary_instant(resource["end"], zone)
    return (time_min is None or end > time_min) and (time_max is None or start < time_max)


def matches_text(resource: JsonObject, text: str | None) -> bool:
    """Free-text filter (q) over summary, description, location and attendees."""
    if not text:
        return True
    fields = [str(resource.get(key, "")) for key in ("summary", "description", "location")]
    fields.extend(str(attendee.get("email", "")) for attendee in resource.get("attendees", []))
    return all(word in " ".join(fields).lower() for word in text.lower().split())


def listed_events(
    calendar: CalendarStore,
    calendar_id: str,
    candidates: list[StoredEvent],
    single_events: bool,
    include_deleted: bool,
    time_min: datetime | None,
    time_max: datetime | None,
) -> list[JsonObject]:
    """Turn stored events into list items: expand series, apply tombstone rules and window."""
    items: list[JsonObject] = []
    expanded_masters = {
        stored.resource["id"]
        for stored in candidates
        if stored.resource.get("recurrence") and not stored.resource.get("recurringEventId")
    }
    for stored in candidates:
        resource = stored.resource
        cancelled = resource.get("status") == "cancelled"
        is_master = bool(resource.get("recurrence")) and not resource.get("recurringEventId")
        is_exception = bool(resource.get("recurringEventId"))
        if single_events and is_master:
            if cancelled:
                if include_deleted:
                    items.append(dict(resource))
                continue
            end_limit = time_max or calendar.clock() + EXPANSION_HORIZON
            for instance in calendar.expand(calendar_id, resource, time_min, end_limit):
                if instance.get("status") != "cancelled" or include_deleted:
                    items.append(instance)
            continue
        if single_events and is_exception and resource["recurringEventId"] in expanded_masters:
            continue
        if cancelled and not include_deleted and not (is_exception and not single_events):
            continue
        if not overlaps(calendar, calendar_id, resource, time_min, time_max):
            continue
        items.append(dict(resource))
    return items
