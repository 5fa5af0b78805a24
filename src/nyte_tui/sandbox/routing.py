"""Route table and the request pipeline: faults, auth, quota, handler, request log, batch."""

from __future__ import annotations

import time
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from nyte_tui.sandbox import oauth
from nyte_tui.sandbox.calendar import api as calendar_api
from nyte_tui.sandbox.gmail import api as gmail_api
from nyte_tui.sandbox.gmail import write_api as gmail_write_api
from nyte_tui.sandbox.multipart import format_batch, parse_batch
from nyte_tui.sandbox.protocol import ApiError, Request, Response
from nyte_tui.sandbox.routes import Route, route

if TYPE_CHECKING:
    from nyte_tui.sandbox.state import SandboxState


@cache
def route_table() -> tuple[Route, ...]:
    """Collect every API route: OAuth, batch, Gmail and Calendar."""
    batch_routes = tuple(
        route("POST", path, "batch", _unreachable, "batch")
        for path in ("/batch", "/batch/gmail/v1", "/batch/calendar/v3")
    )
    return (
        *oauth.ROUTES,
        *batch_routes,
        *gmail_api.ROUTES,
        *gmail_write_api.ROUTES,
        *calendar_api.ROUTES,
    )


def _unreachable(state: SandboxState, request: Request, params: dict[str, str]) -> Response:
    """Placeholder handler for routes the pipeline handles itself."""
    raise ApiError(500)


def match_route(request: Request) -> tuple[Route, dict[str, str]] | None:
    """Find the route for a request, with URL-decoded path parameters."""
    path_matched = False
    for candidate in route_table():
        found = candidate.pattern.match(request.path)
        if found is None:
            continue
        path_matched = True
        if candidate.method == request.method:
            return candidate, {key: unquote(value) for key, value in found.groupdict().items()}
    if path_matched:
        raise ApiError(405, "Method Not Allowed", "methodNotAllowed")
    return None


def dispatch(state: SandboxState, request: Request, batch_id: int | None = None) -> Response:
    """Run one API request through faults, auth, quota and its handler, and log it."""
    try:
        found = match_route(request)
    except ApiError as error:
        found, early = None, error.to_response()
    else:
        early = ApiError(404, "Not Found", "notFound").to_response()
    if found is None:
        entry = state.log.open(request.method, request.path, request.query, "unknown", batch_id)
        entry["status"] = early.status
        return early
    matched_route, params = found
    entry = state.log.open(
        request.method, request.path, request.query, matched_route.api_method, batch_id
    )
    fault = state.faults.take(matched_route.api_method, request.path)
    if fault is not None:
        entry["fault"] = fault.describe()
        if fault.delay:
            time.sleep(fault.delay)
        if fault.drop == "before":
            entry["status"] = 0
            return Response(0, drop=True)
        if fault.mangle == "html":
            response = fault.html_response()
            entry["status"] = response.status
            return response
        if fault.status is not None:
            response = fault.error_response()
            entry["status"] = response.status
            return response
    if matched_route.kind == "batch":
        response = _run_batch(state, request, int(entry["seq"]))
    else:
        response = _run_handler(state, matched_route, request, params, entry)
    if fault is not None and fault.drop == "after":
        response.drop = True
    if fault is not None and fault.mangle in ("reset", "truncate"):
        response = fault.mangled(response)
    entry["status"] = response.status
    return response


def _run_handler(
    state: SandboxState,
    matched_route: Route,
    request: Request,
    params: dict[str, str],
    entry: dict[str, object],
) -> Response:
    """Check auth and quota, then call the handler under the state lock."""
    try:
        with state.lock:
            if matched_route.kind in ("gmail", "calendar"):
                state.tokens.check(request.header("authorization"))
                user_id = params.get("userId")
                if user_id is not None and user_id not in ("me", state.gmail.user_email):
                    raise ApiError(403, f"Delegation denied for {state.gmail.user_email}")
                entry["units"] = state.quota.charge(matched_route.api_method)
            response = matched_route.handler(state, request, params)
            if matched_route.mutating and response.status < 400:
                state.dirty = True
            return response
    except ApiError as error:
        return error.to_response()


def _run_batch(state: SandboxState, request: Request, batch_seq: int) -> Response:
    """Dispatch every inner request of a multipart batch and assemble the answers."""
    try:
        inner_requests = parse_batch(request.header("content-type") or "", request.body)
    except ApiError as error:
        return error.to_response()
    answers: list[tuple[str, Response]] = []
    dropped = False
    for content_id, inner in inner_requests:
        answer = dispatch(state, inner, batch_id=batch_seq)
        dropped = dropped or answer.drop or answer.reset_after is not None
        answers.append((content_id, answer))
    response = format_batch(answers)
    response.drop = dropped
    return response
