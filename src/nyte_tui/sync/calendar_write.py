"""Calendar writes for the command conversation: insert by client id, patch, freebusy.

Each call here is safe to repeat: an insert carries a client-chosen event id (a repeat gets 409
and reads the event back), a patch sets absolute values. So transport errors are retried a
few times with back-off, unlike a Gmail send.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from nyte_tui.textfold import one_line

if TYPE_CHECKING:
    from nyte_tui.config.settings import Settings

ATTEMPTS = 3
MAX_WAIT = 10.0  # seconds one write may spend backing off in total
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"})
BASE32HEX = "0123456789abcdefghijklmnopqrstuv"


def new_event_id() -> str:
    """A client-generated event id: a UUID in base32hex (Google's rule: a–v, 0–9, 5–1024)."""
    value = uuid.uuid4().int
    digits = []
    while value:
        value, digit = divmod(value, 32)
        digits.append(BASE32HEX[digit])
    return "".join(reversed(digits)).rjust(26, "0")


@dataclass(frozen=True)
class WriteResult:
    """How a calendar write ended: ok (with the event), rejected (a definite no) or failed."""

    outcome: str
    status: int | None = None
    event: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the write took effect."""
        return self.outcome == "ok"


@dataclass(frozen=True)
class BusyAnswer:
    """Busy intervals per calendar id or address; None where Google would not say."""

    busy: dict[str, list[tuple[datetime, datetime]] | None]


class CalendarWriter:
    """Talks to Calendar v3 over requests with the user's credentials (one per thread)."""

    def __init__(self, settings: Settings, credentials: Any) -> None:
        """Build an authorised session rooted at the configured API root."""
        from google.auth.transport.requests import AuthorizedSession

        root = settings.google.api_root
        self.root = (root if root.endswith("/") else root + "/") + "calendar/v3/"
        self.timeout = (min(10.0, settings.sync.timeout), settings.sync.timeout)
        self.session = AuthorizedSession(credentials)  # type: ignore[no-untyped-call]

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()  # type: ignore[no-untyped-call]

    def _call(self, method: str, path: str, **kwargs: Any) -> tuple[int | None, Any, str | None]:
        """One request, retried (bounded) on transport errors, 5xx, rate limits and unreadable
        answers: (status, json, error); status None means it may be confirmed again."""
        import requests

        error: str | None = None
        waited = 0.0
        for attempt in range(ATTEMPTS):
            try:
                url = self.root + path
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)  # type: ignore[no-untyped-call]
            except requests.Timeout:
                error, hint = "Google Calendar did not answer in time (timed out)", None
            except requests.RequestException as exc:
                error, hint = _transport_text(exc), None
            else:
                status = response.status_code
                data, readable = _json(response)
                reason, message = self._message(data, status)
                if status == 401:
                    return (
                        None,
                        None,
                        (
                            "Google refused the access token even after refreshing it (HTTP 401); "
                            "if this persists run `nyte auth login`"
                        ),
                    )
                limited = status == 429 or (status == 403 and reason in RATE_LIMIT_REASONS)
                if not (status >= 500 or limited or not readable):
                    return status, data, None
                said = "an HTML error page" if _is_html(response) else message
                if limited:
                    error = f"Google Calendar is rate limiting (HTTP {status})"
                elif status >= 500:
                    error = f"Google Calendar had a server error (HTTP {status}: {said})"
                else:
                    error = f"Google Calendar's answer was cut off or unreadable (HTTP {status})"
                hint = _retry_after(response)
            pause = max(hint or 0.0, 0.3 * 2 ** (attempt + 1))
            if attempt + 1 == ATTEMPTS or waited + pause > MAX_WAIT:
                break
            waited += pause
            time.sleep(pause)
        return None, None, error

    @staticmethod
    def _message(data: Any, status: int) -> tuple[str, str]:
        """(reason, message) of a Google error body."""
        error = data.get("error", {}) if isinstance(data, dict) else {}
        errors = error.get("errors") or [{}]
        reason = str(errors[0].get("reason") or "")
        return reason, str(error.get("message") or f"HTTP {status}")

    def get(self, calendar_id: str, event_id: str) -> WriteResult:
        """Read one event (outcome "absent" for a 404 or 410)."""
        status, data, error = self._call("GET", self._event_path(calendar_id, event_id))
        if status is None:
            return WriteResult("failed", error=error)
        if status in (404, 410):
            return WriteResult("absent", status)
        if status != 200:
            return WriteResult("failed", status, error=self._message(data, status)[1])
        return WriteResult("ok", status, dict(data))

    def insert(self, calendar_id: str, body: dict[str, Any], send_updates: str) -> WriteResult:
        """Insert an event with its client id; a repeat (409) reads the existing event back."""
        path = f"calendars/{quote(calendar_id, safe='')}/events"
        status, data, error = self._call(
            "POST", path, params={"sendUpdates": send_updates}, json=body
        )
        if status is None:
            return WriteResult("failed", error=error)
        if status == 409:
            existing = self.get(calendar_id, str(body.get("id")))
            if existing.ok:
                return existing
            return WriteResult("rejected", 409, error="that event id is taken by another event")
        if status not in (200, 201):
            return WriteResult("rejected", status, error=self._refusal(data, status))
        return WriteResult("ok", status, dict(data))

    def patch(
        self, calendar_id: str, event_id: str, body: dict[str, Any], send_updates: str
    ) -> WriteResult:
        """Patch an event with absolute values (safe to repeat)."""
        status, data, error = self._call(
            "PATCH",
            self._event_path(calendar_id, event_id),
            params={"sendUpdates": send_updates},
            json=body,
        )
        if status is None:
            return WriteResult("failed", error=error)
        if status != 200:
            return WriteResult("rejected", status, error=self._refusal(data, status))
        return WriteResult("ok", status, dict(data))

    @classmethod
    def _refusal(cls, data: Any, status: int) -> str:
        """One line for a definite no from Google Calendar."""
        reason, message = cls._message(data, status)
        if status == 403:
            return f"Google Calendar refused access (HTTP 403: {message})"
        return f"{message} ({reason or status})"

    def freebusy(
        self, start: datetime, end: datetime, zone: str, ids: list[str]
    ) -> BusyAnswer | None:
        """Busy blocks for calendars and people; None when the query itself failed."""
        body = {
            "timeMin": start.isoformat(),
            "timeMax": end.isoformat(),
            "timeZone": zone,
            "items": [{"id": i} for i in ids],
        }
        status, data, _error = self._call("POST", "freeBusy", json=body)
        if status != 200 or not isinstance(data, dict):
            return None
        answer: dict[str, list[tuple[datetime, datetime]] | None] = {}
        calendars = data.get("calendars") or {}
        for ident in ids:
            entry = calendars.get(ident) or {}
            if entry.get("errors") or not entry:
                answer[ident] = None
                continue
            answer[ident] = [
                (datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
                for b in entry.get("busy") or []
            ]
        return BusyAnswer(answer)

    @staticmethod
    def _event_path(calendar_id: str, event_id: str) -> str:
        """The path of one event."""
        return f"calendars/{quote(calendar_id, safe='')}/events/{quote(event_id, safe='')}"


def _json(response: Any) -> tuple[Any, bool]:
    """(decoded body, whether it was readable); an empty body reads as {}."""
    if not response.content:
        return {}, True
    try:
        return response.json(), True
    except ValueError:
        return {}, False


def _is_html(response: Any) -> bool:
    """Whether an answer is an HTML page rather than Google's JSON."""
    return "html" in str(response.headers.get("Content-Type", "")).lower()


def _retry_after(response: Any) -> float | None:
    """Seconds from a Retry-After header, if any."""
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


def _transport_text(exc: BaseException) -> str:
    """One line for a request that got no usable answer."""
    import requests

    text = str(exc)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or "Connection broken" in text:
        return "the connection to Google Calendar broke mid-answer"
    return f"could not reach Google Calendar ({_short(exc)})"


def _short(exc: BaseException) -> str:
    """An exception message on one short line."""
    return one_line(str(exc))[:160] or type(exc).__name__
