"""Per-user quota metering: Gmail units and Calendar requests over a sliding window."""

from __future__ import annotations

import math
import time
from collections import deque
from datetime import UTC, datetime, timedelta

from nyte_tui.sandbox.protocol import ApiError

GMAIL_UNITS: dict[str, int] = {
    "gmail.users.getProfile": 1,
    "gmail.users.labels.list": 1,
    "gmail.users.labels.get": 1,
    "gmail.users.labels.create": 5,
    "gmail.users.history.list": 2,
    "gmail.users.messages.list": 5,
    "gmail.users.messages.get": 20,
    "gmail.users.messages.attachments.get": 5,
    "gmail.users.messages.modify": 5,
    "gmail.users.messages.batchModify": 50,
    "gmail.users.messages.trash": 5,
    "gmail.users.messages.untrash": 5,
    "gmail.users.messages.delete": 10,
    "gmail.users.messages.send": 100,
    "gmail.users.messages.insert": 25,
    "gmail.users.messages.import": 25,
    "gmail.users.drafts.create": 10,
    "gmail.users.drafts.update": 15,
    "gmail.users.drafts.get": 5,
    "gmail.users.drafts.list": 5,
    "gmail.users.drafts.delete": 10,
    "gmail.users.drafts.send": 100,
    "gmail.users.threads.list": 10,
    "gmail.users.threads.get": 40,
    "gmail.users.threads.modify": 10,
    "gmail.users.threads.trash": 10,
    "gmail.users.threads.untrash": 10,
}


class QuotaMeter:
    """Sliding-window budgets: Gmail units per minute and Calendar requests per minute."""

    def __init__(self, units_per_minute: int = 6000, calendar_requests_per_minute: int = 600):
        self.units_per_minute = units_per_minute
        self.calendar_requests_per_minute = calendar_requests_per_minute
        self.message_get_units = 20
        self.mode = "429"
        self.window_seconds = 60.0
        self.spent: dict[str, deque[tuple[float, int]]] = {"gmail": deque(), "calendar": deque()}

    def cost(self, api_method: str) -> int:
        """Return the units one call of an API method costs."""
        if api_method == "gmail.users.messages.get":
            return self.message_get_units
        if api_method.startswith("calendar."):
            return 1
        return GMAIL_UNITS.get(api_method, 0 if not api_method.startswith("gmail.") else 5)

    def reset(self) -> None:
        """Forget everything spent."""
        for spent in self.spent.values():
            spent.clear()

    def charge(self, api_method: str) -> int:
        """Spend the units of one call, or raise Google's rate-limit error."""
        units = self.cost(api_method)
        if units == 0:
            return 0
        budget_name = "calendar" if api_method.startswith("calendar.") else "gmail"
        limit = (
            self.calendar_requests_per_minute
            if budget_name == "calendar"
            else self.units_per_minute
        )
        now = time.monotonic()
        spent = self.spent[budget_name]
        while spent and spent[0][0] <= now - self.window_seconds:
            spent.popleft()
        used = sum(amount for _when, amount in spent)
        if used + units > limit:
            raise self.limit_error(budget_name, spent, units, limit, now)
        spent.append((now, units))
        return units

    def limit_error(
        self,
        budget_name: str,
        spent: deque[tuple[float, int]],
        units: int,
        limit: int,
        now: float,
    ) -> ApiError:
        """Build the rate-limit error with a Retry-After for when enough units free up."""
        freed = 0
        wait = self.window_seconds
        used = sum(amount for _when, amount in spent)
        for when, amount in spent:
            freed += amount
            if used - freed + units <= limit:
                wait = when + self.window_seconds - now
                break
        retry_seconds = max(1, math.ceil(wait))
        retry_at = datetime.now(UTC) + timedelta(seconds=wait)
        stamp = retry_at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{retry_at.microsecond // 1000:03d}Z"
        headers = [("Retry-After", str(retry_seconds))]
        if budget_name == "calendar":
            reason = "rateLimitExceeded"
            message = "Rate Limit Exceeded"
        else:
            reason = "userRateLimitExceeded" if self.mode == "403" else "rateLimitExceeded"
            message = f"User-rate limit exceeded.  Retry after {stamp}"
        status = 403 if self.mode == "403" else 429
        return ApiError(status, message, reason, domain="usageLimits", headers=headers)
