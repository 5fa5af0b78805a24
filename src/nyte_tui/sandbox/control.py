"""The unauthenticated, unlogged /_sandbox/ control endpoints used by tests, demo and tools."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from nyte_tui.sandbox.faults import Fault
from nyte_tui.sandbox.protocol import (
    ApiError,
    JsonObject,
    Request,
    Response,
    b64url_decode,
    json_response,
)

if TYPE_CHECKING:
    from nyte_tui.sandbox.state import SandboxState

ControlHandler = Callable[["SandboxState", Request], Response]
CONTROL_PREFIX = "/_sandbox/"


def ok(state: SandboxState) -> Response:
    """Answer a control call with the state summary."""
    return json_response({"ok": True, "state": state.summary()})


def get_requests(state: SandboxState, request: Request) -> Response:
    """GET /_sandbox/requests?since=N."""
    entries, next_seq = state.log.since(request.int_param("since", 0))
    return json_response({"requests": entries, "next": next_seq})


def add_fault(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/faults: queue one fault (or a list under "faults")."""
    body = request.json()
    listed = body.get("faults")
    specs: list[JsonObject] = listed if isinstance(listed, list) else [body]
    for spec in specs:
        state.faults.add(Fault.from_json(spec))
    return json_response({"faults": state.faults.pending()})


def clear_faults(state: SandboxState, request: Request) -> Response:
    """DELETE /_sandbox/faults."""
    state.faults.clear()
    return json_response({"faults": []})


def reset(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/reset: back to the seeded start."""
    state.reset()
    return ok(state)


def seed(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/seed {"seed", "threads", "events"}: regenerate the mailbox."""
    body = request.json()
    chosen_seed = body.get("seed", state.seed)
    state.reseed(
        int(chosen_seed) if chosen_seed is not None else None,
        int(body.get("threads", state.thread_count)),
        int(body.get("events", state.event_count)),
    )
    return ok(state)


def expire_history(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/expire-history."""
    state.expire_history()
    return ok(state)


def revoke(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/revoke: revoke every refresh token."""
    state.revoke_refresh_tokens()
    return ok(state)


def expire_tokens(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/expire-tokens; optional {"lifetime": seconds} for future tokens."""
    lifetime = request.json().get("lifetime")
    with state.lock:
        if lifetime is not None:
            state.tokens.access_token_seconds = int(lifetime)
    state.expire_access_tokens()
    return ok(state)


def expire_sync_tokens(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/expire-sync-tokens."""
    state.expire_sync_tokens()
    return ok(state)


def configure_quota(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/quota {"units_per_minute", "calendar_requests_per_minute",
    "message_get_units", "mode", "window_seconds"}."""
    body = request.json()
    mode = body.get("mode")
    if mode is not None and str(mode) not in ("429", "403"):
        raise ApiError(400, "mode must be 429 or 403", "invalidArgument")
    window = body.get("window_seconds")
    calendar = body.get("calendar_requests_per_minute")
    state.configure_quota(
        calendar_requests_per_minute=int(calendar) if calendar is not None else None,
        units_per_minute=int(body["units_per_minute"]) if "units_per_minute" in body else None,
        message_get_units=int(body["message_get_units"]) if "message_get_units" in body else None,
        mode=str(mode) if mode is not None else None,
        window_seconds=float(window) if window is not None else None,
    )
    return ok(state)


def get_state(state: SandboxState, request: Request) -> Response:
    """GET /_sandbox/state: summary counts."""
    return json_response(state.summary())


def get_snapshot(state: SandboxState, request: Request) -> Response:
    """GET /_sandbox/snapshot: the full deterministic state."""
    return json_response(state.snapshot())


def get_expectations(state: SandboxState, request: Request) -> Response:
    """GET /_sandbox/expectations."""
    return json_response(state.expectations())


def deliver(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/deliver {"raw": base64url or "text": RFC 822, "label_ids"}: new mail."""
    body = request.json()
    if isinstance(body.get("text"), str):
        raw = str(body["text"]).encode("utf-8")
    elif isinstance(body.get("raw"), str):
        raw = b64url_decode(str(body["raw"]))
    else:
        raise ApiError(400, "raw or text is required", "required")
    labels = body.get("label_ids") or ["INBOX", "UNREAD"]
    return json_response(state.insert_message(raw, list(labels), thread_id=body.get("thread_id")))


def get_free_busy(state: SandboxState, request: Request) -> Response:
    """GET /_sandbox/freebusy: the colleagues freebusy.query knows and their own busy blocks."""
    return json_response({"calendars": state.free_busy_people()})


def set_free_busy(state: SandboxState, request: Request) -> Response:
    """POST /_sandbox/freebusy {"calendars": {address: [{"start", "end"}] or null}}."""
    calendars = request.json().get("calendars")
    if not isinstance(calendars, dict):
        raise ApiError(400, "calendars must map addresses to busy lists", "invalidArgument")
    for email, blocks in calendars.items():
        if blocks is None:
            state.set_free_busy(str(email), None)
            continue
        state.set_free_busy(str(email), [(block["start"], block["end"]) for block in blocks])
    return get_free_busy(state, request)


def get_notifications(state: SandboxState, request: Request) -> Response:
    """GET /_sandbox/notifications?since=N: what Google would have mailed about events."""
    with state.lock:
        entries = state.notifications(request.int_param("since", 0))
        next_seq = state.calendar.notification_seq + 1
    return json_response({"notifications": entries, "next": next_seq})


def clear_notifications(state: SandboxState, request: Request) -> Response:
    """DELETE /_sandbox/notifications."""
    state.clear_notifications()
    return get_notifications(state, request)


def get_drafts(state: SandboxState, request: Request) -> Response:
    """GET /_sandbox/drafts: every draft with its thread and RFC 822 Message-ID."""
    return json_response({"drafts": state.drafts()})


CONTROL_ROUTES: dict[tuple[str, str], ControlHandler] = {
    ("GET", "requests"): get_requests,
    ("POST", "faults"): add_fault,
    ("DELETE", "faults"): clear_faults,
    ("POST", "reset"): reset,
    ("POST", "seed"): seed,
    ("POST", "expire-history"): expire_history,
    ("POST", "revoke"): revoke,
    ("POST", "expire-tokens"): expire_tokens,
    ("POST", "expire-sync-tokens"): expire_sync_tokens,
    ("POST", "quota"): configure_quota,
    ("GET", "state"): get_state,
    ("GET", "snapshot"): get_snapshot,
    ("GET", "expectations"): get_expectations,
    ("POST", "deliver"): deliver,
    ("GET", "freebusy"): get_free_busy,
    ("POST", "freebusy"): set_free_busy,
    ("GET", "notifications"): get_notifications,
    ("DELETE", "notifications"): clear_notifications,
    ("GET", "drafts"): get_drafts,
}


def handle_control(state: SandboxState, request: Request) -> Response:
    """Answer one /_sandbox/ request."""
    name = request.path[len(CONTROL_PREFIX) :].strip("/")
    handler = CONTROL_ROUTES.get((request.method, name))
    if handler is None:
        return ApiError(404, f"Unknown control endpoint {request.method} {name}").to_response()
    try:
        return handler(state, request)
    except ApiError as error:
        return error.to_response()
    except (KeyError, TypeError, ValueError) as error:
        return ApiError(400, f"Bad control request: {error}", "invalidArgument").to_response()
