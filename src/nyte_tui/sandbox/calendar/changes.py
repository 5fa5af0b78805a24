"""Calendar writes with Google's rules for who may change what, and the notifications they send.

Only the organizer (or an editor of the organizer's calendar) may move an event: a non-organizer
changing start, end or recurrence gets 403 forbiddenForNonOrganizer. A non-organizer's patch of
the attendees changes only their own response. With sendUpdates=all or externalOnly (or the old
sendNotifications=true) the sandbox records what Google would send in
`CalendarStore.notifications`: the organizer gets a `reply` when the user's response changes;
attendees get an `invitation` on insert, an `update` on the organizer's changes and a
`cancellation` on delete. The sandbox does not know who uses Google Calendar, so externalOnly
notifies like all; each entry keeps the value it was sent with.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from nyte_tui.sandbox.calendar.store import CalendarStore
from nyte_tui.sandbox.calendar.times import boundary_instant, event_zone, format_time
from nyte_tui.sandbox.protocol import ApiError, JsonObject, Request

SEND_UPDATES = ("all", "externalOnly", "none")
SCHEDULE_FIELDS = ("start", "end", "recurrence")
KEPT_ON_UPDATE = (
    "id",
    "iCalUID",
    "created",
    "creator",
    "organizer",
    "recurringEventId",
    "originalStartTime",
)
SERVER_FIELDS = ("updated", "etag", "kind", "sequence")


def send_updates_of(request: Request) -> str:
    """Return the request's sendUpdates (or the old sendNotifications flag), or raise a 400."""
    chosen = request.param("sendUpdates")
    if chosen is None:
        return "all" if request.flag("sendNotifications") else "none"
    if chosen not in SEND_UPDATES:
        raise ApiError(400, f"Invalid value for sendUpdates: {chosen}", "invalidParameter")
    return chosen


def may_edit_shared(store: CalendarStore, calendar_id: str, resource: JsonObject) -> bool:
    """Tell whether the user may change shared properties: organizer, or editor of its calendar."""
    organizer = resource.get("organizer", {})
    if organizer.get("self"):
        return True
    role = store.calendars.get(calendar_id, {}).get("accessRole")
    return organizer.get("email") == calendar_id and role in ("owner", "writer")


def _same_time(old: Any, new: Any, zone: ZoneInfo) -> bool:
    """Tell whether two start/end objects name the same moment (or the same day)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return bool(old == new)
    if ("date" in old) != ("date" in new):
        return False
    try:
        return boundary_instant(old, zone) == boundary_instant(new, zone)
    except ApiError:
        return False


def moves(store: CalendarStore, calendar_id: str, current: JsonObject, body: JsonObject) -> bool:
    """Tell whether a patch or update body changes when the event happens."""
    zone = event_zone(current, store.zone_of(calendar_id))
    for name in SCHEDULE_FIELDS:
        if name not in body:
            continue
        if name == "recurrence":
            if list(body[name] or []) != list(current.get(name) or []):
                return True
        elif not _same_time(current.get(name), body[name], zone):
            return True
    return False


def merge_own_response(
    store: CalendarStore, current: JsonObject, attendees: list[Any]
) -> list[Any]:
    """Apply only the user's own responseStatus, as Google does for non-organizers."""
    merged = copy.deepcopy(current.get("attendees", []))
    me = store.owner_email.lower()
    for attendee in attendees:
        if str(attendee.get("email", "")).lower() != me and not attendee.get("self"):
            continue
        for existing in merged:
            if str(existing.get("email", "")).lower() == me:
                for key in ("responseStatus", "comment", "additionalGuests"):
                    if key in attendee:
                        existing[key] = attendee[key]
    return list(merged)


def own_response(store: CalendarStore, resource: JsonObject) -> str | None:
    """Return the user's responseStatus on an event, or None when the user is not invited."""
    me = store.owner_email.lower()
    for attendee in resource.get("attendees", []):
        if str(attendee.get("email", "")).lower() == me or attendee.get("self"):
            return str(attendee.get("responseStatus", "needsAction"))
    return None


def patch(
    store: CalendarStore,
    calendar_id: str,
    event_id: str,
    body: JsonObject,
    now: datetime,
    replace: bool,
    send_updates: str = "none",
) -> JsonObject:
    """Apply events.patch (merge) or events.update (replace) and return the new resource."""
    current = store.get(calendar_id, event_id)
    if current.get("status") == "cancelled" and body.get("status") != "confirmed":
        raise ApiError(410, "Resource has been deleted", "deleted")
    if not may_edit_shared(store, calendar_id, current) and moves(
        store, calendar_id, current, body
    ):
        raise ApiError(
            403,
            "Shared properties can only be changed by the organizer of the event.",
            "forbiddenForNonOrganizer",
        )
    current = store.materialize(calendar_id, event_id).resource
    before = copy.deepcopy(current)
    organizer_is_self = bool(current.get("organizer", {}).get("self"))
    if replace:
        store.require_times(body)
        keep: JsonObject = {key: current[key] for key in KEPT_ON_UPDATE if key in current}
        updated: JsonObject = {**copy.deepcopy(body), **keep}
    else:
        updated = {**current, **copy.deepcopy(body)}
        updated["id"] = current["id"]
    if "attendees" in body and not organizer_is_self:
        updated["attendees"] = merge_own_response(store, current, body["attendees"])
    updated["sequence"] = int(current.get("sequence", 0)) + (1 if organizer_is_self else 0)
    for server_field in ("updated", "etag", "kind"):
        updated.pop(server_field, None)
    result = copy.deepcopy(store.stamp(calendar_id, updated, now))
    if send_updates != "none":
        if organizer_is_self:
            changed = changed_fields(before, result)
            if changed:
                notify_attendees(store, calendar_id, result, "update", send_updates, now, changed)
        elif own_response(store, before) != own_response(store, result):
            notify_organizer(store, calendar_id, result, before, send_updates, now)
    return result


def changed_fields(before: JsonObject, after: JsonObject) -> list[str]:
    """Return the top-level fields an organizer's change touched (server fields aside)."""
    names = (set(before) | set(after)) - set(SERVER_FIELDS)
    return sorted(name for name in names if before.get(name) != after.get(name))


def insert(
    store: CalendarStore, calendar_id: str, body: JsonObject, now: datetime, send_updates: str
) -> JsonObject:
    """events.insert; invitations go to the attendees when sendUpdates asks for them."""
    created = store.insert(calendar_id, body, now)
    if send_updates != "none" and created.get("organizer", {}).get("self"):
        notify_attendees(store, calendar_id, created, "invitation", send_updates, now)
    return created


def delete(
    store: CalendarStore, calendar_id: str, event_id: str, now: datetime, send_updates: str
) -> None:
    """events.delete; the organizer's delete sends cancellations when sendUpdates asks."""
    store.delete(calendar_id, event_id, now)
    cancelled = store.get(calendar_id, event_id)
    if send_updates != "none" and cancelled.get("organizer", {}).get("self"):
        notify_attendees(store, calendar_id, cancelled, "cancellation", send_updates, now)


def _record(store: CalendarStore, entry: JsonObject) -> None:
    """Append one notification with the next sequence number."""
    store.notification_seq += 1
    entry["seq"] = store.notification_seq
    store.notifications.append(entry)


def notify_organizer(
    store: CalendarStore,
    calendar_id: str,
    resource: JsonObject,
    before: JsonObject,
    send_updates: str,
    now: datetime,
) -> None:
    """Record the reply the organizer gets when the user's response changes."""
    organizer = str(resource.get("organizer", {}).get("email", ""))
    _record(
        store,
        {
            "kind": "reply",
            "event_id": resource["id"],
            "calendar_id": calendar_id,
            "organizer": organizer,
            "attendee": store.owner_email,
            "recipient": organizer,
            "response": own_response(store, resource),
            "previous_response": own_response(store, before),
            "send_updates": send_updates,
            "sent_at": format_time(now),
        },
    )


def notify_attendees(
    store: CalendarStore,
    calendar_id: str,
    resource: JsonObject,
    kind: str,
    send_updates: str,
    now: datetime,
    changed: list[str] | None = None,
) -> None:
    """Record one notification per attendee other than the user (the organizer)."""
    organizer = str(resource.get("organizer", {}).get("email", ""))
    me = store.owner_email.lower()
    for attendee in resource.get("attendees", []):
        email = str(attendee.get("email", ""))
        if not email or email.lower() == me or attendee.get("self"):
            continue
        entry: JsonObject = {
            "kind": kind,
            "event_id": resource["id"],
            "calendar_id": calendar_id,
            "organizer": organizer,
            "attendee": email,
            "recipient": email,
            "response": str(attendee.get("responseStatus", "needsAction")),
            "send_updates": send_updates,
            "sent_at": format_time(now),
        }
        if changed is not None:
            entry["changed"] = list(changed)
        _record(store, entry)
