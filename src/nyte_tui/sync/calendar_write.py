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

TIMEOUT = (10.0, 30.0)
ATTEMPTS = 3
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
        self.session = AuthorizedSession(credentials)  # type: ignore[no-untyped-call]

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()  # type: ignore[no-untyped-call]

    def _call(self, method: str, path: str, **kwargs: Any) -> tuple[int | None, Any, str | None]:
        """One request with a few retries on transport errors and 5xx: (status, json, error)."""
        import requests

        error: str | None = None
        for attempt in range(ATTEMPTS):
            if attempt:
                time.sleep(0.3 * 2**attempt)
            try:
                url = self.root + path
                response = self.session.request(method, url, timeout=TIMEOUT, **kwargs)  # type: ignore[no-untyped-call]
            except requests.RequestException as exc:
                error = f"could not reach Google Calendar: {one_line(str(exc))[:160]}"
                continue
            if response.status_code >= 500 or response.status_code == 429:
                error = f"Google Calendar answered HTTP {response.status_code}"
                continue
            try:
                data = response.json() if response.content else {}
            except ValueError:
                data = {}
            return response.status_code, data, None
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
            reason, message = self._message(data, status)
            return WriteResult("rejected", status, error=f"{message} ({reason or status})")
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
            reason, message = self._message(data, status)
            return WriteResult("rejected", status, error=f"{message} ({reason or status})")
        return WriteResult("ok", status, dict(data))

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
