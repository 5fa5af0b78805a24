"""Gmail v1 read methods: profile, labels, messages, attachments, history, threads, drafts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nyte_tui.sandbox.gmail.message import HISTORY_TYPE_NAMES, StoredMessage
from nyte_tui.sandbox.gmail.query import SearchContext, parse_query
from nyte_tui.sandbox.protocol import (
    ApiError,
    JsonObject,
    Request,
    Response,
    decode_token,
    encode_token,
    json_response,
)
from nyte_tui.sandbox.routes import Route, route

if TYPE_CHECKING:
    from nyte_tui.sandbox.state import SandboxState

Params = dict[str, str]
USERS = "/gmail/v1/users/{userId}"
MESSAGE_FORMATS = ("minimal", "metadata", "full", "raw")


def search_context(state: SandboxState) -> SearchContext:
    """Build the matcher's view of the account."""
    gmail = state.gmail
    return SearchContext(gmail.user_email, gmail.label_ids_by_name(), state.now(), gmail.time_zone)


def page_bounds(request: Request, default_size: int, max_size: int) -> tuple[int, int]:
    """Return (offset, size) from pageToken and maxResults."""
    size = request.int_param("maxResults", default_size, max_size) or default_size
    token = request.param("pageToken")
    offset = 0
    if token:
        offset = int(decode_token(token, ApiError(400, "Invalid pageToken", "invalid")).get("o", 0))
    return offset, size


def next_page(payload: JsonObject, total: int, offset: int, size: int) -> None:
    """Add nextPageToken when more results remain."""
    if offset + size < total:
        payload["nextPageToken"] = encode_token({"o": offset + size})


def message_format(request: Request, default: str = "full") -> str:
    """Return the requested message format, or raise a 400."""
    chosen = (request.param("format") or default).lower()
    if chosen not in MESSAGE_FORMATS:
        raise ApiError(400, f"Invalid value at 'format' ({chosen})", "invalidArgument")
    return chosen


def get_profile(state: SandboxState, request: Request, params: Params) -> Response:
    """users.getProfile."""
    gmail = state.gmail
    return json_response(
        {
            "emailAddress": gmail.user_email,
            "messagesTotal": len(gmail.messages),
            "threadsTotal": len(gmail.threads),
            "historyId": str(gmail.history_id),
        }
    )


def list_labels(state: SandboxState, request: Request, params: Params) -> Response:
    """users.labels.list."""
    return json_response({"labels": state.gmail.label_list()})


def get_label(state: SandboxState, request: Request, params: Params) -> Response:
    """users.labels.get (with counts)."""
    return json_response(state.gmail.label_details(params["id"]))


def create_label(state: SandboxState, request: Request, params: Params) -> Response:
    """users.labels.create."""
    body = request.json()
    name = str(body.get("name", "")).strip()
    if not name:
        raise ApiError(400, "Invalid label name", "invalidArgument")
    if any(label["name"].lower() == name.lower() for label in state.gmail.label_list()):
        raise ApiError(409, "Label name exists or conflicts", "duplicate")
    label_id = state.gmail.ensure_label(name)
    return json_response(state.gmail.user_labels[label_id])


def list_messages(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.list: search, label filter, spam/trash rule, newest first, pages."""
    query_text = request.param("q")
    found = state.gmail.search(
        parse_query(query_text) if query_text else None,
        state.gmail.validate_labels(request.params("labelIds")),
        request.flag("includeSpamTrash"),
        search_context(state),
    )
    offset, size = page_bounds(request, 100, 500)
    page = found[offset : offset + size]
    payload: JsonObject = {}
    if page:
        payload["messages"] = [{"id": item.id, "threadId": item.thread_id} for item in page]
    next_page(payload, len(found), offset, size)
    payload["resultSizeEstimate"] = len(found)
    return json_response(payload)


def get_message(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.get in minimal, metadata, full or raw format."""
    message = state.gmail.get(params["id"])
    rendered = message.render(message_format(request), request.params("metadataHeaders") or None)
    return json_response(rendered)


def get_attachment(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.attachments.get."""
    return json_response(state.gmail.get(params["messageId"]).attachment(params["id"]))


def list_history(state: SandboxState, request: Request, params: Params) -> Response:
    """users.history.list from startHistoryId, with type and label filters and pages."""
    start_text = request.param("startHistoryId")
    if not start_text:
        raise ApiError(400, "Missing required parameter: startHistoryId", "required")
    if not start_text.isdigit():
        raise ApiError(400, f"Invalid startHistoryId: {start_text}", "invalidArgument")
    history_types = request.params("historyTypes")
    for name in history_types:
        if name not in HISTORY_TYPE_NAMES:
            raise ApiError(400, f"Invalid value at 'history_types' ({name})", "invalidArgument")
    records = state.gmail.history_since(int(start_text), history_types, request.param("labelId"))
    offset, size = page_bounds(request, 100, 500)
    payload: JsonObject = {}
    if records[offset : offset + size]:
        payload["history"] = records[offset : offset + size]
    next_page(payload, len(records), offset, size)
    payload["historyId"] = str(state.gmail.history_id)
    return json_response(payload)


def thread_messages(state: SandboxState, thread_id: str) -> list[StoredMessage]:
    """Return a thread's messages oldest first, or raise a 404."""
    member_ids = state.gmail.threads.get(thread_id)
    if not member_ids:
        raise ApiError(404, "Requested entity was not found.", "notFound")
    return [state.gmail.messages[member] for member in member_ids]


def get_thread(state: SandboxState, request: Request, params: Params) -> Response:
    """users.threads.get in minimal, metadata or full format."""
    members = thread_messages(state, params["id"])
    chosen = message_format(request)
    if chosen == "raw":
        raise ApiError(400, "Invalid format: raw", "invalidArgument")
    headers = request.params("metadataHeaders") or None
    return json_response(
        {
            "id": params["id"],
            "historyId": str(max(message.history_id for message in members)),
            "messages": [message.render(chosen, headers) for message in members],
        }
    )


def list_threads(state: SandboxState, request: Request, params: Params) -> Response:
    """users.threads.list: threads of the matching messages, newest activity first."""
    query_text = request.param("q")
    found = state.gmail.search(
        parse_query(query_text) if query_text else None,
        state.gmail.validate_labels(request.params("labelIds")),
        request.flag("includeSpamTrash"),
        search_context(state),
    )
    thread_ids = list(dict.fromkeys(message.thread_id for message in found))
    offset, size = page_bounds(request, 100, 500)
    payload: JsonObject = {}
    page = thread_ids[offset : offset + size]
    if page:
        payload["threads"] = []
        for thread_id in page:
            members = thread_messages(state, thread_id)
            payload["threads"].append(
                {
                    "id": thread_id,
                    "snippet": members[-1].render("minimal", None)["snippet"],
                    "historyId": str(max(message.history_id for message in members)),
                }
            )
    next_page(payload, len(thread_ids), offset, size)
    payload["resultSizeEstimate"] = len(thread_ids)
    return json_response(payload)


def draft_resource(state: SandboxState, draft_id: str, chosen: str) -> JsonObject:
    """Render one draft with its message in a format."""
    message_id = state.gmail.drafts.get(draft_id)
    if message_id is None:
        raise ApiError(404, "Requested entity was not found.", "notFound")
    message = state.gmail.get(message_id)
    return {"id": draft_id, "message": message.render(chosen, None)}


def list_drafts(state: SandboxState, request: Request, params: Params) -> Response:
    """users.drafts.list, newest first."""
    gmail = state.gmail
    ordered = sorted(
        gmail.drafts.items(),
        key=lambda item: gmail.messages[item[1]].internal_date_ms,
        reverse=True,
    )
    offset, size = page_bounds(request, 100, 500)
    payload: JsonObject = {}
    page = ordered[offset : offset + size]
    if page:
        payload["drafts"] = [
            {
                "id": draft_id,
                "message": {"id": message_id, "threadId": gmail.get(message_id).thread_id},
            }
            for draft_id, message_id in page
        ]
    next_page(payload, len(ordered), offset, size)
    payload["resultSizeEstimate"] = len(ordered)
    return json_response(payload)


def get_draft(state: SandboxState, request: Request, params: Params) -> Response:
    """users.drafts.get."""
    return json_response(draft_resource(state, params["id"], message_format(request)))


ROUTES: tuple[Route, ...] = (
    route("GET", f"{USERS}/profile", "gmail.users.getProfile", get_profile),
    route("GET", f"{USERS}/labels", "gmail.users.labels.list", list_labels),
    route("POST", f"{USERS}/labels", "gmail.users.labels.create", create_label),
    route("GET", f"{USERS}/labels/{{id}}", "gmail.users.labels.get", get_label),
    route("GET", f"{USERS}/messages", "gmail.users.messages.list", list_messages),
    route("GET", f"{USERS}/messages/{{id}}", "gmail.users.messages.get", get_message),
    route(
        "GET",
        f"{USERS}/messages/{{messageId}}/attachments/{{id}}",
        "gmail.users.messages.attachments.get",
        get_attachment,
    ),
    route("GET", f"{USERS}/history", "gmail.users.history.list", list_history),
    route("GET", f"{USERS}/threads", "gmail.users.threads.list", list_threads),
    route("GET", f"{USERS}/threads/{{id}}", "gmail.users.threads.get", get_thread),
    route("GET", f"{USERS}/drafts", "gmail.users.drafts.list", list_drafts),
    route("GET", f"{USERS}/drafts/{{id}}", "gmail.users.drafts.get", get_draft),
)
