"""A quota-unit rate limiter and a bounded, jittered retry policy for Google calls."""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from nyte_tui.textfold import one_line

T = TypeVar("T")

RETRY_AFTER_TEXT = re.compile(r"Retry after (\d{4}-\d{2}-\d{2}T[0-9:.]+Z?)", re.IGNORECASE)
RATE_LIMIT_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"}


class WaitBudgetExceeded(Exception):
    """Waiting on rate limits would exceed the sync's total wait budget."""

    def __init__(
        self, needed: float, budget: float, spent: float, cause: str | None = None
    ) -> None:
        """Remember how long the next wait was, what the budget allowed and what caused it."""
        self.needed = needed
        self.budget = budget
        self.spent = spent
        self.cause = cause
        why = f"{cause}; retrying" if cause else "Google's rate limits"
        after = f" after {_seconds(spent)}" if spent >= 0.05 else ""
        super().__init__(
            f"{why} asked for another {_seconds(needed)} of waiting{after}, beyond the "
            f"{_seconds(budget)} wait budget (sync.max_wait)"
        )


def _seconds(value: float) -> str:
    """A duration for people: '0.4 s', '12 s', '3 min 5 s'."""
    if value < 10:
        return f"{max(value, 0.1):.1f} s"
    whole = round(value)
    if whole < 600:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60} s" if whole % 60 else f"{whole // 60} min"


@dataclass
class WaitBudget:
    """Seconds a whole sync may spend sleeping on limits and backoff."""

    seconds: float
    spent: float = 0.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def wait(self, seconds: float) -> None:
        """Sleep, or raise when the budget cannot cover it."""
        if seconds <= 0:
            return
        if self.spent + seconds > self.seconds:
            raise WaitBudgetExceeded(seconds, self.seconds, self.spent)
        self.spent += seconds
        self.sleep(seconds)


class QuotaLimiter:
    """A token bucket counted in quota units per minute, shared by one sync's calls."""

    def __init__(
        self,
        units_per_minute: int,
        budget: WaitBudget,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Start with a full minute of units."""
        self.capacity = float(units_per_minute)
        self.rate_per_second = units_per_minute / 60.0
        self.available = self.capacity
        self.budget = budget
        self.clock = clock
        self.updated = clock()
        self.units_used = 0
        self._lock = threading.Lock()

    def _refill(self) -> None:
        """Add the units earned since the last look."""
        now = self.clock()
        self.available = min(
            self.capacity, self.available + (now - self.updated) * self.rate_per_second
        )
        self.updated = now

    def acquire(self, units: int) -> None:
        """Take units, waiting (within the budget) until the bucket has them."""
        units = min(units, int(self.capacity))
        with self._lock:
            self._refill()
            shortfall = units - self.available
            if shortfall > 0:
                self.budget.wait(shortfall / self.rate_per_second)
                self._refill()
            self.available -= units
            self.units_used += units


def error_status(exc: BaseException) -> int | None:
    """The HTTP status of a googleapiclient HttpError, or None."""
    resp = getattr(exc, "resp", None)
    status = getattr(resp, "status", None)
    return int(status) if status is not None else None


def error_reasons(exc: BaseException) -> set[str]:
    """Google's error reasons carried by an HttpError."""
    details = getattr(exc, "error_details", None)
    reasons: set[str] = set()
    if isinstance(details, list):
        for item in details:
            if isinstance(item, dict) and isinstance(item.get("reason"), str):
                reasons.add(item["reason"])
    content = getattr(exc, "content", b"") or b""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
    for reason in RATE_LIMIT_REASONS:
        if reason in text:
            reasons.add(reason)
    return reasons


def retry_after_seconds(exc: BaseException, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header or Gmail's "Retry after <time>" text."""
    resp = getattr(exc, "resp", None)
    header = None
    if resp is not None and hasattr(resp, "get"):
        header = resp.get("retry-after") or resp.get("Retry-After")
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    content = getattr(exc, "content", b"") or b""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
    match = RETRY_AFTER_TEXT.search(text)
    if match:
        stamp = match.group(1).rstrip("Z")
        try:
            when = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
        except ValueError:
            return None
        current = now or datetime.now(UTC)
        return max(0.0, (when - current).total_seconds())
    return None


def is_transport_error(exc: BaseException) -> bool:
    """Whether the failure happened on the wire (no HTTP answer was read)."""
    import http.client

    import httplib2

    return isinstance(exc, OSError | http.client.HTTPException | httplib2.HttpLib2Error)


class GarbledAnswer(ValueError):
    """Google answered 2xx with a body that is not the JSON object the call returns."""


def readable(answer: Any) -> Any:
    """The answer of a call, or GarbledAnswer when it is not a JSON object (a cut-off body)."""
    if not isinstance(answer, dict):
        raise GarbledAnswer(f"an unreadable answer ({type(answer).__name__})")
    return answer


def is_garbled_answer(exc: BaseException) -> bool:
    """Whether an answer arrived but could not be read (cut-off or non-JSON body)."""
    import json

    return isinstance(exc, GarbledAnswer | json.JSONDecodeError | UnicodeDecodeError)


def is_rate_limited(exc: BaseException) -> bool:
    """Whether Google said to slow down (429, or 403 with a rate-limit reason)."""
    status = error_status(exc)
    return status == 429 or (status == 403 and bool(error_reasons(exc) & RATE_LIMIT_REASONS))


def is_retryable(exc: BaseException, *, read: bool) -> bool:
    """Whether a failed call may be tried again (writes only on definite rate limiting)."""
    status = error_status(exc)
    if is_rate_limited(exc):
        return True
    if not read:
        return False
    if status is not None and status >= 500:
        return True
    return status is None and (is_transport_error(exc) or is_garbled_answer(exc))


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter, bounded by attempts and the shared wait budget."""

    budget: WaitBudget
    max_attempts: int = 6
    max_network_attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 32.0
    rng: random.Random = field(default_factory=random.Random)
    retries: int = 0

    def delay_for(self, attempt: int, exc: BaseException) -> float:
        """How long to wait before the given retry attempt."""
        hinted = retry_after_seconds(exc)
        backoff = self.rng.uniform(0, min(self.max_delay, self.base_delay * (2**attempt)))
        return max(hinted, backoff) if hinted is not None else backoff

    def call(self, fn: Callable[[], T], *, read: bool = True) -> T:
        """Run fn, retrying transient failures; the last failure is raised."""
        attempt = 0
        while True:
            try:
                return fn()
            except Exception as exc:
                attempt += 1
                limit = self.max_attempts
                if error_status(exc) is None:
                    limit = min(limit, self.max_network_attempts)  # no answer at all: fail fast
                if attempt >= limit or not is_retryable(exc, read=read):
                    raise
                self.retries += 1
                self.wait_after(attempt, exc)

    def call_json(self, fn: Callable[[], Any], *, read: bool = True) -> Any:
        """call() for an API call whose answer must be a JSON object (a cut-off one is retried)."""
        return self.call(lambda: readable(fn()), read=read)

    def wait_after(self, attempt: int, exc: BaseException) -> None:
        """Back off before retrying after exc; past the budget, say what was being retried."""
        try:
            self.budget.wait(self.delay_for(attempt, exc))
        except WaitBudgetExceeded as stop:
            cause = None if is_rate_limited(exc) else describe_error(exc).split("; ")[0]
            raise WaitBudgetExceeded(stop.needed, stop.budget, stop.spent, cause) from exc


def describe_error(exc: BaseException) -> str:
    """One line describing a Google call failure: what happened and what to do."""
    status = error_status(exc)
    if status is not None:
        return describe_status(status, _http_reason(exc), _is_html(exc), is_rate_limited(exc))
    if isinstance(exc, TimeoutError):
        return "Google did not answer in time (timed out); the next sync tries again"
    if is_garbled_answer(exc):
        return "Google's answer was cut off or unreadable; the next sync tries again"
    if is_transport_error(exc):
        if isinstance(exc, ConnectionResetError) or "IncompleteRead" in type(exc).__name__:
            return "the connection to Google broke mid-answer; the next sync tries again"
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return f"cannot reach Google ({one_line(str(detail))[:120]}); check the network"
    return (
        f"unexpected failure talking to Google ({type(exc).__name__}: {one_line(str(exc))[:160]})"
    )


def describe_status(status: int, reason: str, html: bool, rate_limited: bool) -> str:
    """One line for an HTTP error answer from Google."""
    said = "an HTML error page" if html else (reason or "no reason given")
    if rate_limited:
        return f"Google is rate limiting (HTTP {status}: {said}); the next sync resumes"
    if status == 401:
        return (
            "Google refused the access token even after refreshing it (HTTP 401); "
            "if this persists run `nyte auth login`"
        )
    if status == 403:
        return f"Google refused access (HTTP 403: {said}); check the account's permissions"
    if status >= 500:
        return f"Google had a server error (HTTP {status}: {said}); the next sync tries again"
    return f"Google answered HTTP {status} ({said})"


def _http_reason(exc: BaseException) -> str:
    """The short reason text of an HttpError, on one line."""
    reason = str(getattr(exc, "reason", "") or "")
    return "" if reason.lstrip().startswith("<") else one_line(reason)[:120]


def _is_html(exc: BaseException) -> bool:
    """Whether an HTTP error's body is an HTML page rather than Google's JSON."""
    content = getattr(exc, "content", b"") or b""
    head = content[:200].lstrip().lower() if isinstance(content, bytes) else b""
    return head.startswith((b"<!doctype html", b"<html"))


def json_error_reason(payload: Any) -> str | None:
    """The first reason in a Google JSON error body."""
    if isinstance(payload, dict):
        error = payload.get("error")
        if isinstance(error, dict):
            errors = error.get("errors")
            if isinstance(errors, list) and errors and isinstance(errors[0], dict):
                reason = errors[0].get("reason")
                return str(reason) if reason else None
    return None
