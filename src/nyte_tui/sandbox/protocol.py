"""Request, response and Google-shaped error types shared by every sandbox handler."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

JsonObject = dict[str, Any]

STATUS_NAMES: dict[int, str] = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    410: "FAILED_PRECONDITION",
    412: "FAILED_PRECONDITION",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

DEFAULT_REASONS: dict[int, tuple[str, str]] = {
    400: ("badRequest", "Bad Request"),
    401: ("authError", "Invalid Credentials"),
    403: ("forbidden", "Forbidden"),
    404: ("notFound", "Requested entity was not found."),
    409: ("duplicate", "The requested identifier already exists."),
    410: ("deleted", "Resource has been deleted"),
    429: ("rateLimitExceeded", "Resource has been exhausted (e.g. check quota)."),
    500: ("backendError", "Internal error encountered."),
    502: ("backendError", "Bad Gateway"),
    503: ("backendError", "The service is currently unavailable."),
    504: ("backendError", "Deadline exceeded."),
}

REASON_PHRASES: dict[int, str] = {
    200: "OK",
    204: "No Content",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Request:
    """One HTTP request as the router sees it, whether it came over a socket or inside a batch."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""

    @classmethod
    def build(cls, method: str, target: str, headers: dict[str, str], body: bytes) -> Request:
        """Split a request target into path and query and lower-case the header names."""
        path, _, query_text = target.partition("?")
        return cls(
            method=method.upper(),
            path=path,
            query=parse_qs(query_text, keep_blank_values=True),
            headers={name.lower(): value for name, value in headers.items()},
            body=body,
        )

    def param(self, name: str, default: str | None = None) -> str | None:
        """Return the first value of one query parameter."""
        values = self.query.get(name)
        return values[0] if values else default

    def params(self, name: str) -> list[str]:
        """Return every value of a repeated query parameter."""
        return list(self.query.get(name, []))

    def flag(self, name: str, default: bool = False) -> bool:
        """Return a boolean query parameter written as true/false."""
        value = self.param(name)
        if value is None:
            return default
        return value.lower() in ("true", "1", "yes")

    def int_param(self, name: str, default: int, maximum: int | None = None) -> int:
        """Return an integer query parameter, clamped to maximum, or raise a 400."""
        value = self.param(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise ApiError(400, f"Invalid value '{value}' for {name}.", "invalidArgument") from None
        if number < 0:
            raise ApiError(400, f"Invalid value '{value}' for {name}.", "invalidArgument")
        return min(number, maximum) if maximum is not None else number

    def header(self, name: str) -> str | None:
        """Return one request header by case-insensitive name."""
        return self.headers.get(name.lower())

    def json(self) -> JsonObject:
        """Decode the body as a JSON object, or raise a 400 parse error."""
        if not self.body.strip():
            return {}
        try:
            decoded = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ApiError(400, "Invalid JSON payload received.", "parseError") from None
        if not isinstance(decoded, dict):
            raise ApiError(400, "Invalid JSON payload received.", "parseError")
        return decoded


@dataclass
class Response:
    """One HTTP response, or an instruction to close the connection without answering."""

    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    drop: bool = False
    reset_after: int | None = None  # write this many body bytes, then reset the connection

    def header(self, name: str) -> str | None:
        """Return one response header by case-insensitive name."""
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def json(self) -> Any:
        """Decode the body as JSON (used by tests and the batch layer)."""
        return json.loads(self.body.decode("utf-8")) if self.body else None


class ApiError(Exception):
    """A Google API error that a handler raises and the router turns into a JSON response."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        reason: str | None = None,
        *,
        domain: str = "global",
        headers: list[tuple[str, str]] | None = None,
        extra: JsonObject | None = None,
    ) -> None:
        default_reason, default_message = DEFAULT_REASONS.get(status, ("unknown", "Error"))
        self.status = status
        self.message = message or default_message
        self.reason = reason or default_reason
        self.domain = domain
        self.headers = headers or []
        self.extra = extra or {}
        super().__init__(f"{status} {self.reason}: {self.message}")

    def to_response(self) -> Response:
        """Render the error in Google's JSON error shape."""
        detail: JsonObject = {"message": self.message, "domain": self.domain, "reason": self.reason}
        detail.update(self.extra)
        body = {
            "error": {
                "code": self.status,
                "message": self.message,
                "errors": [detail],
                "status": STATUS_NAMES.get(self.status, "UNKNOWN"),
            }
        }
        return json_response(body, self.status, self.headers)


def json_response(
    payload: Any, status: int = 200, headers: list[tuple[str, str]] | None = None
) -> Response:
    """Encode a JSON response the way Google's front ends do."""
    body = json.dumps(payload, indent=2).encode("utf-8")
    all_headers = [("Content-Type", "application/json; charset=UTF-8"), *(headers or [])]
    return Response(status, body, all_headers)


def empty_response(status: int = 204) -> Response:
    """Return a bodiless response (Google answers deletes with 204)."""
    return Response(status, b"", [])


def b64url_encode(data: bytes) -> str:
    """Encode bytes as base64url with padding, as Gmail does for raw and body data."""
    return base64.urlsafe_b64encode(data).decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url or standard base64, with or without padding, or raise a 400."""
    cleaned = "".join(text.split())
    cleaned = cleaned.replace("+", "-").replace("/", "_")
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return base64.urlsafe_b64decode(cleaned.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ApiError(400, "Invalid value for ByteString", "invalidArgument") from None


def encode_token(data: JsonObject) -> str:
    """Encode an opaque page or sync token."""
    return b64url_encode(json.dumps(data, separators=(",", ":")).encode()).rstrip("=")


def decode_token(text: str, error: ApiError) -> JsonObject:
    """Decode a token made by encode_token, raising the given error when it is not one."""
    try:
        decoded = json.loads(b64url_decode(text).decode("utf-8"))
    except (ApiError, UnicodeDecodeError, json.JSONDecodeError):
        raise error from None
    if not isinstance(decoded, dict):
        raise error
    return decoded
