"""Gmail v1 write methods: send, insert, import, modify, trash, delete, drafts, thread changes."""

from __future__ import annotations

import hashlib
import json
from email.utils import getaddresses, parsedate_to_datetime
from typing import TYPE_CHECKING

from nyte_tui.sandbox.gmail import mime
from nyte_tui.sandbox.gmail.message import StoredMessage, message_ref
from nyte_tui.sandbox.multipart import split_related
from nyte_tui.sandbox.protocol import (
    ApiError,
    JsonObject,
    Request,
    Response,
    b64url_decode,
    empty_response,
    json_response,
)
from nyte_tui.sandbox.routes import Route, route

if TYPE_CHECKING:
    from nyte_tui.sandbox.state import SandboxState

Params = dict[str, str]
USERS = "/gmail/v1/users/{userId}"
UPLOAD = "/upload/gmail/v1/users/{userId}"
RAW_REQUIRED = "'raw' RFC822 payload message string or uploading message via /upload/* URL required"


def read_upload(request: Request) -> tuple[bytes | None, JsonObject]:
    """Return (uploaded RFC 822 bytes or None, JSON metadata) for media, multipart or JSON."""
    upload_type = request.param("uploadType")
    content_type = (request.header("content-type") or "").lower()
    if upload_type == "resumable":
        raise ApiError(400, "Resumable uploads are not supported by the sandbox.", "badRequest")
    if upload_type == "media" or content_type.startswith("message/"):
        return request.body, {}
    if upload_type == "multipart" or content_type.startswith("multipart/related"):
        raw: bytes | None = None
        metadata: JsonObject = {}
        for headers, content in split_related(request.header("content-type") or "", request.body):
            if "json" in str(headers.get("Content-Type", "")).lower():
                try:
                    decoded = json.loads(content.decode("utf-8") or "{}")
                except (UnicodeDecodeError, json.JSONDecodeError):
                    raise ApiError(400, "Invalid JSON payload received.", "parseError") from None
                metadata = decoded if isinstance(decoded, dict) else {}
            else:
                raw = content
        return raw, metadata
    return None, request.json()


def raw_from(uploaded: bytes | None, container: JsonObject) -> bytes:
    """Return the message bytes from an upload or a base64url `raw` field, or raise a 400."""
    if uploaded:
        return uploaded
    encoded = container.get("raw")
    if not isinstance(encoded, str) or not encoded:
        raise ApiError(400, RAW_REQUIRED, "invalidArgument")
    return b64url_decode(encoded)


def store_outgoing(
    state: SandboxState, raw: bytes, thread_id: str | None, labels: list[str]
) -> StoredMessage:
    """Store a message the user sends or drafts, keeping the client's Message-ID."""
    gmail = state.gmail
    prepared = gmail.prepare_outgoing(raw, state.now())
    parsed = mime.parse_raw(prepared)
    if "SENT" in labels:
        recipients = getaddresses([mime.first_header(parsed, name) for name in ("To", "Cc", "Bcc")])
        if not any(address for _name, address in recipients):
            raise ApiError(400, "Recipient address required", "invalidArgument")
    return gmail.add_message(prepared, labels, state.now_ms(), thread_id=thread_id)


def send_message(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.send (JSON raw or media/multipart upload)."""
    uploaded, metadata = read_upload(request)
    raw = raw_from(uploaded, metadata)
    thread_id = metadata.get("threadId")
    message = store_outgoing(state, raw, str(thread_id) if thread_id else None, ["SENT"])
    return json_response(message_ref(message))


def add_incoming(state: SandboxState, request: Request, importing: bool) -> Response:
    """Shared body of messages.insert and messages.import."""
    uploaded, metadata = read_upload(request)
    raw = raw_from(uploaded, metadata)
    labels = list(metadata.get("labelIds") or (["INBOX", "UNREAD"] if importing else []))
    state.gmail.validate_labels(labels)
    date_source = request.param("internalDateSource") or (
        "dateHeader" if importing else "receivedTime"
    )
    internal_ms = state.now_ms()
    if date_source == "dateHeader":
        date_text = mime.first_header(mime.parse_raw(raw), "Date")
        try:
            internal_ms = int(parsedate_to_datetime(date_text).timestamp() * 1000)
        except (TypeError, ValueError):
            internal_ms = state.now_ms()
    thread_id = metadata.get("threadId")
    message = state.gmail.add_message(
        raw, labels, internal_ms, thread_id=str(thread_id) if thread_id else None
    )
    return json_response(message_ref(message))


def insert_message(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.insert."""
    return add_incoming(state, request, importing=False)


def import_message(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.import."""
    return add_incoming(state, request, importing=True)


def label_changes(body: JsonObject) -> tuple[list[str], list[str]]:
    """Return (addLabelIds, removeLabelIds) from a modify body."""
    return list(body.get("addLabelIds") or []), list(body.get("removeLabelIds") or [])


def modify_message(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.modify."""
    add, remove = label_changes(request.json())
    return json_response(message_ref(state.gmail.modify(params["id"], add, remove)))


def batch_modify(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.batchModify."""
    body = request.json()
    add, remove = label_changes(body)
    for message_id in body.get("ids") or []:
        if message_id in state.gmail.messages:
            state.gmail.modify(str(message_id), add, remove)
    return empty_response()


def trash_message(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.trash: add TRASH (other labels stay, as in Gmail)."""
    return json_response(message_ref(state.gmail.modify(params["id"], ["TRASH"], ["SPAM"])))


def untrash_message(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.untrash."""
    return json_response(message_ref(state.gmail.modify(params["id"], [], ["TRASH"])))


def delete_message(state: SandboxState, request: Request, params: Params) -> Response:
    """users.messages.delete (permanent)."""
    state.gmail.delete(params["id"])
    return empty_response()


def change_thread(
    state: SandboxState, thread_id: str, add: list[str], remove: list[str]
) -> JsonObject:
    """Apply a label change to every message of a thread and return the thread."""
    member_ids = list(state.gmail.threads.get(thread_id, []))
    if not member_ids:
        raise ApiError(404, "Requested entity was not found.", "notFound")
    changed = [state.gmail.modify(member, add, remove) for member in member_ids]
    return {"id": thread_id, "messages": [message_ref(message) for message in changed]}


def modify_thread(state: SandboxState, request: Request, params: Params) -> Response:
    """users.threads.modify."""
    add, remove = label_changes(request.json())
    return json_response(change_thread(state, params["id"], add, remove))


def trash_thread(state: SandboxState, request: Request, params: Params) -> Response:
    """users.threads.trash."""
    return json_response(change_thread(state, params["id"], ["TRASH"], ["SPAM"]))


def untrash_thread(state: SandboxState, request: Request, params: Params) -> Response:
    """users.threads.untrash."""
    return json_response(change_thread(state, params["id"], [], ["TRASH"]))


def new_draft_id(state: SandboxState) -> str:
    """Return a fresh deterministic draft id (Gmail's look: r followed by digits)."""
    state.gmail.draft_counter += 1
    seed_text = f"{state.gmail.user_email}/draft/{state.gmail.draft_counter}"
    return "r" + str(int(hashlib.sha256(seed_text.encode()).hexdigest()[:15], 16))


def draft_payload(request: Request) -> tuple[bytes, str | None]:
    """Return (raw, threadId) of a drafts.create/update/send body."""
    uploaded, metadata = read_upload(request)
    message = metadata.get("message") or {}
    thread_id = message.get("threadId")
    return raw_from(uploaded, message), str(thread_id) if thread_id else None


def draft_answer(draft_id: str, message: StoredMessage) -> JsonObject:
    """Return Gmail's draft answer: {id, message: {id, threadId, labelIds}}."""
    return {"id": draft_id, "message": message_ref(message)}


def create_draft(state: SandboxState, request: Request, params: Params) -> Response:
    """users.drafts.create."""
    raw, thread_id = draft_payload(request)
    message = store_outgoing(state, raw, thread_id, ["DRAFT"])
    draft_id = new_draft_id(state)
    state.gmail.drafts[draft_id] = message.id
    return json_response(draft_answer(draft_id, message))


def update_draft(state: SandboxState, request: Request, params: Params) -> Response:
    """users.drafts.update: replace the draft's message."""
    old_message_id = state.gmail.drafts.get(params["id"])
    if old_message_id is None:
        raise ApiError(404, "Requested entity was not found.", "notFound")
    raw, thread_id = draft_payload(request)
    old_thread = state.gmail.get(old_message_id).thread_id
    state.gmail.delete(old_message_id)
    message = store_outgoing(state, raw, thread_id or old_thread, ["DRAFT"])
    state.gmail.drafts[params["id"]] = message.id
    return json_response(draft_answer(params["id"], message))


def send_draft(state: SandboxState, request: Request, params: Params) -> Response:
    """users.drafts.send: the draft disappears and a SENT message appears in its thread."""
    uploaded, metadata = read_upload(request)
    draft_id = str(metadata.get("id", ""))
    message_id = state.gmail.drafts.get(draft_id)
    if message_id is None:
        raise ApiError(404, "Requested entity was not found.", "notFound")
    draft_message = state.gmail.get(message_id)
    replacement = metadata.get("message") or {}
    raw = draft_message.raw
    if uploaded or replacement.get("raw"):
        raw = raw_from(uploaded, replacement)
    thread_id = draft_message.thread_id
    state.gmail.delete(message_id)
    sent = store_outgoing(state, raw, thread_id, ["SENT"])
    return json_response(message_ref(sent))


def delete_draft(state: SandboxState, request: Request, params: Params) -> Response:
    """users.drafts.delete."""
    message_id = state.gmail.drafts.get(params["id"])
    if message_id is None:
        raise ApiError(404, "Requested entity was not found.", "notFound")
    state.gmail.delete(message_id)
    return empty_response()


ROUTES: tuple[Route, ...] = (
    route("POST", f"{USERS}/messages/send", "gmail.users.messages.send", send_message),
    route("POST", f"{UPLOAD}/messages/send", "gmail.users.messages.send", send_message),
    route("POST", f"{USERS}/messages/import", "gmail.users.messages.import", import_message),
    route("POST", f"{UPLOAD}/messages/import", "gmail.users.messages.import", import_message),
    route(
        "POST", f"{USERS}/messages/batchModify", "gmail.users.messages.batchModify", batch_modify
    ),
    route("POST", f"{USERS}/messages", "gmail.users.messages.insert", insert_message),
    route("POST", f"{UPLOAD}/messages", "gmail.users.messages.insert", insert_message),
    route("POST", f"{USERS}/messages/{{id}}/modify", "gmail.users.messages.modify", modify_message),
    route("POST", f"{USERS}/messages/{{id}}/trash", "gmail.users.messages.trash", trash_message),
    route(
        "POST", f"{USERS}/messages/{{id}}/untrash", "gmail.users.messages.untrash", untrash_message
    ),
    route("DELETE", f"{USERS}/messages/{{id}}", "gmail.users.messages.delete", delete_message),
    route("POST", f"{USERS}/threads/{{id}}/modify", "gmail.users.threads.modify", modify_thread),
    route("POST", f"{USERS}/threads/{{id}}/trash", "gmail.users.threads.trash", trash_thread),
    route("POST", f"{USERS}/threads/{{id}}/untrash", "gmail.users.threads.untrash", untrash_thread),
    route("POST", f"{USERS}/drafts/send", "gmail.users.drafts.send", send_draft),
    route("POST", f"{UPLOAD}/drafts/send", "gmail.users.drafts.send", send_draft),
    route("POST", f"{USERS}/drafts", "gmail.users.drafts.create", create_draft),
    route("POST", f"{UPLOAD}/drafts", "gmail.users.drafts.create", create_draft),
    route("PUT", f"{USERS}/drafts/{{id}}", "gmail.users.drafts.update", update_draft),
    route("PUT", f"{UPLOAD}/drafts/{{id}}", "gmail.users.drafts.update", update_draft),
    route("DELETE", f"{USERS}/drafts/{{id}}", "gmail.users.drafts.delete", delete_draft),
)
