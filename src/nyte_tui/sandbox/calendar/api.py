"""Calendar v3 methods: calendarList.list, events list/get/insert/patch/delete, freeBusy."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from nyte_tui.sandbox.calendar import changes, freebusy
from nyte_tui.sandbox.calendar.listing import listed_events, matches_text, sort_instant, sync_seq
from nyte_tui.sandbox.calendar.times import (
    EXPANSION_HORIZON,
    format_time,
    parse_time,
)
from nyte_tui.sandbox.protocol import (
    ApiError,
    JsonObject,
    Request,
    Response,
    decode_token,
    empty_response,
    encode_token,
    json_response,
)
from nyte_tui.sandbox.routes import Route, route

if TYPE_CHECKING:
    from nyte_tui.sandbox.state import SandboxState

Params = dict[str, str]
EVENTS = "/calendar/v3/calendars/{calendarId}/events"
UPDATED_MIN_HORIZON = timedelta(days=28)
SYNC_FORBIDDEN = ("timeMin", "timeMax", "updatedMin", "orderBy", "q", "iCalUID")


def list_calendars(state: SandboxState, request: Request, params: Params) -> Response:
    """calendarList.list."""
    return json_response(
        {
            "kind": "calendar#calendarList",
            "etag": f'"{state.calendar.change_seq}"',
            "nextSyncToken": encode_token({"calendars": len(state.calendar.calendars)}),
            "items": list(state.calendar.calendars.values()),
        }
    )


def list_events(state: SandboxState, request: Request, params: Params) -> Response:
    """events.list: windows, expansion, ordering, tombstones, updatedMin, sync tokens, pages."""
    calendar = state.calendar
    calendar_id = calendar.resolve(params["calendarId"])
    sync_token = request.param("syncToken")
    page_token = request.param("pageToken")
    single_events = request.flag("singleEvents")
    order_by = request.param("orderBy")
    forbidden_with_sync = any(request.param(name) for name in SYNC_FORBIDDEN)
    if sync_token and (forbidden_with_sync or request.param("showDeleted") == "false"):
        raise ApiError(
            400,
            "Sync token cannot be used with the requested query parameters.",
            "syncTokenWithRequestRestrictions",
        )
    if order_by == "startTime" and not single_events:
        raise ApiError(
            400, "The requested ordering is not available for the particular query.", "badRequest"
        )
    if order_by not in (None, "startTime", "updated"):
        raise ApiError(400, f"Invalid value for orderBy: {order_by}", "invalid")
    time_min = parse_time(request.param("timeMin") or "") if request.param("timeMin") else None
    time_max = parse_time(request.param("timeMax") or "") if request.param("timeMax") else None
    if time_min is not None and time_max is not None and time_max <= time_min:
        raise ApiError(400, "The specified time range is empty.", "timeRangeEmpty")
    page_state: JsonObject = {"o": 0, "s": calendar.change_seq}
    if page_token:
        page_state = decode_token(page_token, ApiError(400, "Invalid page token.", "invalid"))
    as_of = int(page_state["s"])
    stored_events = list(calendar.events[calendar_id].values())
    include_deleted = request.flag("showDeleted")
    if sync_token:
        since = sync_seq(state.calendar, calendar_id, sync_token)
        candidates = [stored for stored in stored_events if since < stored.change_seq <= as_of]
        include_deleted = True
    elif request.param("updatedMin"):
        updated_min = parse_time(request.param("updatedMin") or "")
        if updated_min < state.now() - UPDATED_MIN_HORIZON:
            raise ApiError(
                410,
                "The requested minimum modification time lies too far in the past.",
                "updatedMinTooLongAgo",
            )
        candidates = [
            stored
            for stored in stored_events
            if parse_time(str(stored.resource["updated"])) >= updated_min
        ]
        include_deleted = True
    else:
        candidates = stored_events
    items = [
        item
        for item in listed_events(
            state.calendar,
            calendar_id,
            candidates,
            single_events,
            include_deleted,
            time_min,
            time_max,
        )
        if matches_text(item, request.param("q"))
    ]
    if order_by == "startTime":
        items.sort(key=lambda item: (sort_instant(state.calendar, calendar_id, item), item["id"]))
    elif order_by == "updated":
        items.sort(key=lambda item: (str(item.get("updated", "")), item["id"]))
    size = request.int_param("maxResults", 250, 2500) or 250
    offset = int(page_state["o"])
    entry = calendar.calendars[calendar_id]
    payload: JsonObject = {
        "kind": "calendar#events",
        "etag": f'"{as_of}"',
        "summary": entry["summary"],
        "updated": format_time(state.now()),
        "timeZone": entry["timeZone"],
        "accessRole": entry["accessRole"],
        "defaultReminders": entry.get("defaultReminders", []),
    }
    if offset + size < len(items):
        payload["nextPageToken"] = encode_token({"o": offset + size, "s": as_of})
    else:
        payload["nextSyncToken"] = encode_token(
            {"c": calendar_id, "e": calendar.sync_epoch, "s": as_of}
        )
    payload["items"] = items[offset : offset + size]
    return json_response(payload)


def get_event(state: SandboxState, request: Request, params: Params) -> Response:
    """events.get (also for generated instance ids and tombstones)."""
    calendar_id = state.calendar.resolve(params["calendarId"])
    return json_response(state.calendar.get(calendar_id, params["eventId"]))


def insert_event(state: SandboxState, request: Request, params: Params) -> Response:
    """events.insert, honouring a client-supplied id (400 when malformed, 409 on reuse)."""
    calendar_id = state.calendar.resolve(params["calendarId"])
    send_updates = changes.send_updates_of(request)
    return json_response(
        changes.insert(state.calendar, calendar_id, request.json(), state.now(), send_updates)
    )


def patch_event(state: SandboxState, request: Request, params: Params) -> Response:
    """events.patch: merge fields (non-organizers may only change their own RSVP)."""
    return _change(state, request, params, replace=False)


def update_event(state: SandboxState, request: Request, params: Params) -> Response:
    """events.update: replace the resource."""
    return _change(state, request, params, replace=True)


def _change(state: SandboxState, request: Request, params: Params, replace: bool) -> Response:
    """Shared body of events.patch and events.update."""
    calendar_id = state.calendar.resolve(params["calendarId"])
    send_updates = changes.send_updates_of(request)
    body = request.json()
    changed = changes.patch(
        state.calendar, calendar_id, params["eventId"], body, state.now(), replace, send_updates
    )
    return json_response(changed)


def delete_event(state: SandboxState, request: Request, params: Params) -> Response:
    """events.delete: cancel (tombstone); 410 when already deleted."""
    calendar_id = state.calendar.resolve(params["calendarId"])
    send_updates = changes.send_updates_of(request)
    changes.delete(state.calendar, calendar_id, params["eventId"], state.now(), send_updates)
    return empty_response()


def query_free_busy(state: SandboxState, request: Request, params: Params) -> Response:
    """freebusy.query: busy intervals of the user's calendars and of known colleagues."""
    return json_response(freebusy.query(state.calendar, request.json()))


def list_instances(state: SandboxState, request: Request, params: Params) -> Response:
    """events.instances: the expanded instances of one recurring event."""
    calendar_id = state.calendar.resolve(params["calendarId"])
    master = state.calendar.get(calendar_id, params["eventId"])
    if not master.get("recurrence"):
        raise ApiError(400, "The event is not a recurring event.", "invalid")
    time_min = parse_time(request.param("timeMin") or "") if request.param("timeMin") else None
    time_max = parse_time(request.param("timeMax") or "") if request.param("timeMax") else None
    instances = [
        instance
        for instance in state.calendar.expand(
            calendar_id, master, time_min, time_max or state.now() + EXPANSION_HORIZON
        )
        if instance.get("status") != "cancelled" or request.flag("showDeleted")
    ]
    size = request.int_param("maxResults", 250, 2500) or 250
    return json_response(
        {
            "kind": "calendar#events",
            "summary": state.calendar.calendars[calendar_id]["summary"],
            "items": instances[:size],
        }
    )


ROUTES: tuple[Route, ...] = (
    route(
        "GET",
        "/calendar/v3/users/{userId}/calendarList",
        "calendar.calendarList.list",
        list_calendars,
        "calendar",
    ),
    route("GET", EVENTS, "calendar.events.list", list_events, "calendar"),
    route("POST", EVENTS, "calendar.events.insert", insert_event, "calendar"),
    route("GET", f"{EVENTS}/{{eventId}}", "calendar.events.get", get_event, "calendar"),
    route("PATCH", f"{EVENTS}/{{eventId}}", "calendar.events.patch", patch_event, "calendar"),
    route("PUT", f"{EVENTS}/{{eventId}}", "calendar.events.update", update_event, "calendar"),
    route("DELETE", f"{EVENTS}/{{eventId}}", "calendar.events.delete", delete_event, "calendar"),
    route(
        "GET",
        f"{EVENTS}/{{eventId}}/instances",
        "calendar.events.instances",
        list_instances,
        "calendar",
    ),
    route(
        "POST",
        "/calendar/v3/freeBusy",
        "calendar.freebusy.query",
        query_free_busy,
        "calendar",
        mutating=False,
    ),
)
