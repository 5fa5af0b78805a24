"""Multipart bodies: batch requests/responses (multipart/mixed) and uploads (multipart/related)."""

from __future__ import annotations

import secrets
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser

from nyte_tui.sandbox.protocol import REASON_PHRASES, ApiError, Request, Response

MAX_BATCH_PARTS = 100


def content_type_boundary(content_type: str) -> str | None:
    """Return the boundary parameter of a Content-Type header."""
    holder = Message()
    holder["Content-Type"] = content_type
    boundary = holder.get_param("boundary")
    return boundary if isinstance(boundary, str) else None


def split_related(content_type: str, body: bytes) -> list[tuple[Message, bytes]]:
    """Split a multipart/related upload into (headers, bytes) parts, keeping bytes exact."""
    boundary = content_type_boundary(content_type)
    if boundary is None:
        raise ApiError(400, "Missing multipart boundary.", "badContent")
    delimiter = b"--" + boundary.encode("ascii")
    parts: list[tuple[Message, bytes]] = []
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        segment = chunk.removeprefix(b"\r\n").removeprefix(b"\n")
        segment = segment.removesuffix(b"\n").removesuffix(b"\r")
        head, blank, content = _split_head(segment)
        if not blank:
            head, content = b"", segment
        parts.append((BytesHeaderParser(policy=policy.compat32).parsebytes(head), content))
    return parts


def _split_head(data: bytes) -> tuple[bytes, bytes, bytes]:
    """Split bytes at the first blank line, accepting CRLF or LF line endings."""
    crlf = data.find(b"\r\n\r\n")
    lf = data.find(b"\n\n")
    if crlf != -1 and (lf == -1 or crlf < lf):
        return data[:crlf], b"\r\n\r\n", data[crlf + 4 :]
    if lf != -1:
        return data[:lf], b"\n\n", data[lf + 2 :]
    return data, b"", b""


def parse_batch(content_type: str, body: bytes) -> list[tuple[str, Request]]:
    """Parse a multipart/mixed batch into (Content-ID, inner request) pairs."""
    if "multipart/" not in content_type.lower():
        raise ApiError(400, "Batch requests must be multipart/mixed.", "badContent")
    envelope = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    message = BytesParser(policy=policy.compat32).parsebytes(envelope)
    if not message.is_multipart():
        raise ApiError(400, "Batch requests must be multipart/mixed.", "badContent")
    parts = [part for part in message.get_payload() if isinstance(part, Message)]
    if len(parts) > MAX_BATCH_PARTS:
        raise ApiError(400, "Too many requests in batch.", "batchSizeTooLarge")
    requests: list[tuple[str, Request]] = []
    for part in parts:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            raise ApiError(400, "Malformed batch part.", "badContent")
        head, _blank, inner_body = _split_head(payload.lstrip(b"\r\n"))
        lines = head.decode("latin-1").splitlines()
        if not lines or len(lines[0].split(" ")) < 2:
            raise ApiError(400, "Malformed batch part.", "badContent")
        method, target = lines[0].split(" ")[:2]
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip()] = value.strip()
        length = headers.get("content-length") or headers.get("Content-Length")
        if length is not None and length.isdigit():
            inner_body = inner_body[: int(length)]
        content_id = str(part.get("Content-ID", "")).strip()
        requests.append((content_id, Request.build(method, target, headers, inner_body)))
    return requests


def response_content_id(request_content_id: str) -> str:
    """Turn `<abc + 1>` into `<response-abc + 1>` as Google does."""
    inner = request_content_id.strip().removeprefix("<").removesuffix(">")
    return f"<response-{inner}>" if inner else ""


def format_batch(answers: list[tuple[str, Response]]) -> Response:
    """Render inner responses as one multipart/mixed batch response."""
    boundary = "batch_" + secrets.token_hex(12)
    chunks: list[bytes] = []
    for content_id, answer in answers:
        chunks.append(f"--{boundary}\r\nContent-Type: application/http\r\n".encode())
        if content_id:
            chunks.append(f"Content-ID: {response_content_id(content_id)}\r\n".encode())
        phrase = REASON_PHRASES.get(answer.status, "Unknown")
        head = [f"HTTP/1.1 {answer.status} {phrase}"]
        head.extend(f"{name}: {value}" for name, value in answer.headers)
        head.append(f"Content-Length: {len(answer.body)}")
        chunks.append(b"\r\n" + "\r\n".join(head).encode() + b"\r\n\r\n" + answer.body + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return Response(
        200, b"".join(chunks), [("Content-Type", f"multipart/mixed; boundary={boundary}")]
    )
