"""Recurring series: the instances of a master event in a window, with its exceptions applied."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from nyte_tui.sandbox.calendar import recurrence
from nyte_tui.sandbox.calendar.times import UTC, boundary_instant
from nyte_tui.sandbox.protocol import JsonObject


def expand(
    master: JsonObject,
    zone: ZoneInfo,
    exceptions: dict[str, JsonObject],
    window_start: datetime | None,
    end_limit: datetime,
    window_end: datetime | None,
    only_id: str | None = None,
) -> list[JsonObject]:
    """Return the instances of `master` that overlap the window, exceptions replacing instances.

    Occurrences are generated up to `end_limit`; `window_end` (exclusive, may be None) cuts the
    list; `only_id` keeps just the instance with that id.
    """
    start = boundary_instant(master["start"], zone)
    duration = boundary_instant(master["end"], zone) - start
    all_day = "date" in master["start"]
    instances: list[JsonObject] = []
    for occurrence in recurrence.occurrences(start, list(master["recurrence"]), end_limit):
        if window_start is not None and occurrence + duration <= window_start:
            continue
        if window_end is not None and occurrence >= window_end:
            break
        stamp = (
            occurrence.strftime("%Y%m%d")
            if all_day
            else occurrence.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        )
        instance_id = f"{master['id']}_{stamp}"
        if only_id is not None and instance_id != only_id:
            continue
        if instance_id in exceptions:
            instances.append(copy.deepcopy(exceptions[instance_id]))
            continue
        instances.append(instance_resource(master, instance_id, occurrence, duration))
    return instances


def instance_resource(
    master: JsonObject, instance_id: str, occurrence: datetime, duration: timedelta
) -> JsonObject:
    """Build one unmodified instance of a recurring event."""
    instance = copy.deepcopy(master)
    instance.pop("recurrence", None)
    instance["id"] = instance_id
    instance["recurringEventId"] = master["id"]
    zone_name = str(master["start"].get("timeZone", ""))
    if "date" in master["start"]:
        boundary: JsonObject = {"date": occurrence.date().isoformat()}
        instance["start"] = boundary
        instance["end"] = {"date": (occurrence + duration).date().isoformat()}
    else:
        boundary = {"dateTime": occurrence.isoformat()}
        if zone_name:
            boundary["timeZone"] = zone_name
        instance["start"] = dict(boundary)
        end: JsonObject = {"dateTime": (occurrence + duration).isoformat()}
        if zone_name:
            end["timeZone"] = zone_name
        instance["end"] = end
    instance["originalStartTime"] = dict(boundary)
    return instance
