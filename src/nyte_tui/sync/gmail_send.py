"""The Gmail transport for sending: messages.send, never retried; Sent searched by Message-ID."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nyte_tui.textfold import one_line

if TYPE_CHECKING:
    from nyte_tui.config.settings import Settings

GMAIL_ROOT = "https://gmail.googleapis.com/"
CONNECT_TIMEOUT = 10.0
DEFINITE_REJECTIONS = frozenset({400, 401, 403, 404, 409, 413})
RATE_LIMIT_REASONS = frozenset(
    {"rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded", "quotaExceeded"}
)


def send_timeouts(read_timeout: float) -> tuple[float, float]:
    """(connect, read) seconds for one send request with this read timeout."""
    return min(CONNECT_TIMEOUT, read_timeout), read_timeout


def in_flight_window(read_timeout: float) -> float:
    """Seconds after its claim during which a send's POST may still be reaching Gmail."""
    connect, read = send_timeouts(read_timeout)
    return connect + read


@dataclass(frozen=True)
class Attempt:
    """How one send request ended: ok, rejected, ambiguous or not_sent (provably never left)."""

    outcome: str
    status: int | None = None
    gmail_id: str | None = None
    thread_id: str | None = None
    error: str | None = None
    draft_id: str | None = None


@dataclass(frozen=True)
class Lookup:
    """What searching Sent for a Message-ID found: found, absent or error."""

    outcome: str
    gmail_id: str | None = None
    thread_id: str | None = None
    error: str | None = None


def _never_left(exc: BaseException) -> bool:
    """Whether a transport error proves the request never reached the server."""
    from requests.exceptions import ConnectTimeout
    from urllib3.exceptions import NewConnectionError

    if isinstance(exc, ConnectTimeout):
        return True
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NewConnectionError):
            return True
        stack.extend([getattr(current, "reason", None), current.__cause__, current.__context__])
        stack.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
    return False


def _error_reason(response: Any) -> tuple[str, str]:
    """(reason, message) from a Google JSON error body."""
    if "html" in str(response.headers.get("Content-Type", "")).lower():
        return "", "an HTML error page"
    try:
        error = response.json().get("error", {})
    except (ValueError, AttributeError):
        return "", one_line(response.text or "")[:200] or "no readable answer"
    errors = error.get("errors") or [{}]
    reason = str(errors[0].get("reason") or error.get("status") or "")
    return reason, str(error.get("message") or reason)


class GmailSender:
    """POSTs messages.send over requests with every automatic retry turned off."""

    def __init__(self, settings: Settings, credentials: Any) -> None:
        """Build a session that never re-sends (no urllib3 retries, no refresh-and-retry)."""
        from google.auth.transport.requests import AuthorizedSession
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        from nyte_tui.config.settings import GOOGLE_API_ROOT

        root = settings.google.api_root
        if root.rstrip("/") == GOOGLE_API_ROOT.rstrip("/"):
            root = GMAIL_ROOT
        self.root = root if root.endswith("/") else root + "/"
        self.timeouts = send_timeouts(settings.send.timeout)
        self.session = AuthorizedSession(  # type: ignore[no-untyped-call]
            credentials, refresh_status_codes=(), max_refresh_attempts=0
        )
        # total=0 turns every retry off; POST is outside urllib3's default allowed_methods too.
        no_retries = Retry(
            total=0,
            connect=0,
            read=0,
            redirect=0,
            status=0,
            other=0,
            raise_on_redirect=False,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=no_retries)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()  # type: ignore[no-untyped-call]

    def send(self, raw: bytes, thread_id: str | None) -> Attempt:
        """One messages.send request, classified; never retried."""
        return self._post("messages/send", raw, thread_id, draft=False)

    def create_draft(self, raw: bytes, thread_id: str | None) -> Attempt:
        """One drafts.create request with the same exact bytes, classified; never retried."""
        return self._post("drafts", raw, thread_id, draft=True)

    def _post(self, path: str, raw: bytes, thread_id: str | None, *, draft: bool) -> Attempt:
        """POST a message (or a draft's message) once and classify the answer."""
        import base64

        import requests
        from google.auth.exceptions import GoogleAuthError

        message: dict[str, Any] = {"raw": base64.urlsafe_b64encode(raw).decode("ascii")}
        if thread_id:
            message["threadId"] = thread_id
        body = {"message": message} if draft else message
        url = f"{self.root}gmail/v1/users/me/{path}"
        try:
            response = self.session.post(
                url, json=body, timeout=self.timeouts, allow_redirects=False
            )
        except GoogleAuthError as exc:
            return Attempt("not_sent", error=f"authorisation failed before sending: {exc}")
        except requests.RequestException as exc:
            if _never_left(exc):
                return Attempt("not_sent", error=f"could not connect to Gmail: {_short(exc)}")
            return Attempt("ambiguous", error=f"{type(exc).__name__}: {_short(exc)}")
        status = response.status_code
        if 200 <= status < 300:
            try:
                data = response.json()
            except ValueError:
                data = {}
            if not isinstance(data, dict):
                data = {}
            draft_id = str(data.get("id") or "") or None if draft else None
            sent = data.get("message") if draft else data
            sent = sent if isinstance(sent, dict) else {}
            gmail_id = sent.get("id")
            if not gmail_id:
                return Attempt("ambiguous", status, error=f"HTTP {status} without a message id")
            thread = str(sent.get("threadId") or "") or None
            return Attempt("ok", status, str(gmail_id), thread, draft_id=draft_id)
        reason, message_text = _error_reason(response)
        if status == 429 or (status == 403 and reason in RATE_LIMIT_REASONS):
            wait = response.headers.get("Retry-After")
            later = f" (Google asks to wait {wait} s)" if wait else ""
            return Attempt("not_sent", status, error=f"Gmail is rate limiting sends{later}")
        if status == 401:
            return Attempt(
                "not_sent",
                status,
                error="Gmail refused the access token (HTTP 401); if this persists run "
                "`nyte auth login`",
            )
        if status in DEFINITE_REJECTIONS:
            return Attempt("rejected", status, error=f"HTTP {status}: {message_text}")
        return Attempt("ambiguous", status, error=f"HTTP {status}: {message_text}")

    def lookup(self, message_id: str, where: str = "sent") -> Lookup:
        """Search Sent (or drafts) for a Message-ID; a failed search is an error, not "absent"."""
        import requests
        from google.auth.exceptions import GoogleAuthError

        bare = message_id.strip().strip("<>")
        url = f"{self.root}gmail/v1/users/me/messages"
        params = {"q": f"rfc822msgid:{bare} in:{where}", "maxResults": "5"}
        try:
            response = self.session.get(url, params=params, timeout=self.timeouts)
        except (requests.RequestException, GoogleAuthError) as exc:
            return Lookup("error", error=f"{type(exc).__name__}: {_short(exc)}")
        if response.status_code != 200:
            _reason, message = _error_reason(response)
            return Lookup("error", error=f"HTTP {response.status_code}: {message}")
        try:
            found = response.json().get("messages") or []
        except (ValueError, AttributeError):
            return Lookup("error", error="an unreadable search answer")
        if not found:
            return Lookup("absent")
        first = found[0]
        return Lookup("found", str(first.get("id")), str(first.get("threadId") or "") or None)


def _short(exc: BaseException) -> str:
    """An exception message on one short line."""
    text = one_line(str(exc))
    return text[:200] if text else type(exc).__name__
