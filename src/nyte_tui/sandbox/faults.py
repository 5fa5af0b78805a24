"""Injected faults (status codes, delays, dropped connections) and the request log."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from nyte_tui.sandbox.protocol import ApiError, JsonObject, Response, json_response

DROP_MODES = ("before", "after")
# reset: send the headers and half the body, then reset the connection (the call was applied);
# truncate: answer with the first half of the real body; html: an HTML error page instead.
MANGLE_MODES = ("reset", "truncate", "html")
HTML_ERROR_PAGE = (
    "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error {status} (Server Error)!!1"
    "</title><p><b>{status}.</b> <ins>That's an error.</ins><p>The server encountered a "
    "temporary error and could not complete your request.<p>Please try again in 30 seconds. "
    "<ins>That's all we know.</ins></html>\n"
)
LOG_LIMIT = 20000


@dataclass
class Fault:
    """One injected misbehaviour for the next `count` requests that match."""

    match: str
    count: int = 1
    status: int | None = None
    retry_after: float | None = None
    delay: float = 0.0
    drop: str | None = None
    body: JsonObject | None = None
    mangle: str | None = None

    @classmethod
    def from_json(cls, data: JsonObject) -> Fault:
        """Build a fault from the /_sandbox/faults JSON body, or raise a 400."""
        drop = data.get("drop")
        if drop not in (None, *DROP_MODES):
            raise ApiError(400, f"drop must be one of {DROP_MODES}", "invalidArgument")
        mangle = data.get("mangle")
        if mangle not in (None, *MANGLE_MODES):
            raise ApiError(400, f"mangle must be one of {MANGLE_MODES}", "invalidArgument")
        if not data.get("match"):
            raise ApiError(400, "match is required", "required")
        return cls(
            match=str(data["match"]),
            count=int(data.get("count", 1)),
            status=int(data["status"]) if data.get("status") is not None else None,
            retry_after=float(data["retry_after"]) if data.get("retry_after") else None,
            delay=float(data.get("delay", 0) or 0),
            drop=drop,
            body=data.get("body"),
            mangle=mangle,
        )

    def applies_to(self, api_method: str, path: str) -> bool:
        """Tell whether this fault targets a request by API method, method prefix or path."""
        if self.match == "*":
            return True
        if self.match.startswith("/"):
            return path.startswith(self.match)
        prefix = self.match if self.match.endswith(".") else self.match + "."
        return api_method == self.match or api_method.startswith(prefix)

    def html_response(self) -> Response:
        """Return the HTML error page a Google front end shows instead of a JSON error."""
        status = self.status or 502
        page = HTML_ERROR_PAGE.format(status=status).encode("utf-8")
        return Response(status, page, [("Content-Type", "text/html; charset=UTF-8")])

    def mangled(self, response: Response) -> Response:
        """Apply a reset or truncate mangle to the real answer of an applied call."""
        half = len(response.body) // 2
        if self.mangle == "truncate":
            response.body = response.body[:half]
        elif self.mangle == "reset":
            response.reset_after = half
        return response

    def error_response(self) -> Response:
        """Return the injected error response."""
        status = self.status or 503
        headers: list[tuple[str, str]] = []
        if self.retry_after is not None:
            retry_text = (
                str(int(self.retry_after))
                if float(self.retry_after).is_integer()
                else str(self.retry_after)
            )
            headers.append(("Retry-After", retry_text))
        if self.body is not None:
            return json_response(self.body, status, headers)
        return ApiError(status, headers=headers).to_response()

    def describe(self) -> JsonObject:
        """Return the fault as JSON for the control API."""
        return {
            "match": self.match,
            "count": self.count,
            "status": self.status,
            "retry_after": self.retry_after,
            "delay": self.delay,
            "drop": self.drop,
            "mangle": self.mangle,
        }


class FaultBook:
    """The queue of pending faults; the first matching fault with count left is used."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Queue a fault."""
        with self.lock:
            self.faults.append(fault)

    def clear(self) -> None:
        """Drop every pending fault."""
        with self.lock:
            self.faults.clear()

    def take(self, api_method: str, path: str) -> Fault | None:
        """Consume one use of the first fault that matches a request."""
        with self.lock:
            for fault in self.faults:
                if fault.count > 0 and fault.applies_to(api_method, path):
                    fault.count -= 1
                    if fault.count == 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def pending(self) -> list[JsonObject]:
        """Describe the pending faults."""
        with self.lock:
            return [fault.describe() for fault in self.faults]


@dataclass
class RequestLog:
    """Every API request the sandbox answered (control endpoints excluded), in arrival order."""

    entries: list[JsonObject] = field(default_factory=list)
    next_seq: int = 1
    lock: threading.Lock = field(default_factory=threading.Lock)

    def open(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        api_method: str,
        batch_id: int | None,
    ) -> JsonObject:
        """Append an entry whose status and units are filled in when the request finishes."""
        with self.lock:
            entry: JsonObject = {
                "seq": self.next_seq,
                "method": method,
                "path": path,
                "query": {key: list(values) for key, values in query.items()},
                "api_method": api_method,
                "units": 0,
                "status": None,
                "batch_id": batch_id,
                "fault": None,
            }
            self.next_seq += 1
            self.entries.append(entry)
            if len(self.entries) > LOG_LIMIT:
                del self.entries[: len(self.entries) - LOG_LIMIT]
            return entry

    def since(self, seq: int) -> tuple[list[JsonObject], int]:
        """Return copies of the entries with seq >= the given one, and the next seq."""
        with self.lock:
            return [dict(entry) for entry in self.entries if entry["seq"] >= seq], self.next_seq

    def all(self) -> list[JsonObject]:
        """Return copies of every retained entry."""
        return self.since(0)[0]
