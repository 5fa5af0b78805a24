"""SandboxState: the whole fake Google account (mail, calendar, tokens) with quota, faults, log."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nyte_tui.sandbox import statefile
from nyte_tui.sandbox.calendar import freebusy
from nyte_tui.sandbox.calendar.store import CalendarStore
from nyte_tui.sandbox.calendar.times import parse_time
from nyte_tui.sandbox.faults import Fault, FaultBook, RequestLog
from nyte_tui.sandbox.gmail.message import message_ref
from nyte_tui.sandbox.gmail.store import GmailStore
from nyte_tui.sandbox.mailbox.generate import generate_mailbox
from nyte_tui.sandbox.protocol import JsonObject
from nyte_tui.sandbox.quota import QuotaMeter
from nyte_tui.sandbox.seeding import (
    DEFAULT_TIME_ZONE,
    DEFAULT_USER_EMAIL,
    DEFAULT_USER_NAME,
    build_stores,
)
from nyte_tui.sandbox.tokens import TokenStore

if TYPE_CHECKING:
    from nyte_tui.sandbox.seedtypes import GeneratedMailbox

SNAPSHOT_VERSION = 1


class SandboxState:
    """Everything the sandbox knows; one re-entrant lock guards every mutation."""

    def __init__(
        self,
        *,
        seed: int | None = 0,
        threads: int = 300,
        events: int = 40,
        now: datetime | None = None,
        state_file: Path | None = None,
        quota_units_per_minute: int = 6000,
        history_horizon: int | None = None,
        mailbox: GeneratedMailbox | None = None,
        access_token_seconds: int = 3600,
    ) -> None:
        self.lock = threading.RLock()
        self.seed = seed
        self.thread_count = threads
        self.event_count = events
        self.history_horizon = history_horizon
        self.state_file = state_file
        self.clock_offset = (now - datetime.now(UTC)).total_seconds() if now else 0.0
        self.seed_now = now
        self.quota = QuotaMeter(quota_units_per_minute)
        self.faults = FaultBook()
        self.log = RequestLog()
        self.tokens = TokenStore(access_token_seconds)
        self.expectation_list: list[JsonObject] = []
        self.dirty = False
        self.gmail = GmailStore(DEFAULT_USER_EMAIL, DEFAULT_USER_NAME, DEFAULT_TIME_ZONE)
        self.calendar = CalendarStore(DEFAULT_USER_EMAIL, DEFAULT_USER_NAME, DEFAULT_TIME_ZONE)
        self.initial: JsonObject = {}
        if state_file is not None and state_file.exists():
            self.load(state_file)
        else:
            self.build(mailbox if mailbox is not None else self.generate(seed, threads, events))
            self.initial = self.snapshot()

    # ----- clock ------------------------------------------------------------

    def now(self) -> datetime:
        """Return the sandbox's clock: the configured `now`, advancing in real time."""
        return datetime.fromtimestamp(datetime.now(UTC).timestamp() + self.clock_offset, UTC)

    def now_ms(self) -> int:
        """Return the sandbox clock in epoch milliseconds."""
        return int(self.now().timestamp() * 1000)

    # ----- seeding ----------------------------------------------------------

    def generate(self, seed: int | None, threads: int, events: int) -> GeneratedMailbox | None:
        """Generate a mailbox for a seed with the mailbox generator, or None for an empty one."""
        if seed is None:
            return None
        return generate_mailbox(seed, n_threads=threads, n_events=events, now=self.seeding_time())

    def seeding_time(self) -> datetime:
        """Return the `now` a mailbox is generated for: the configured one, exactly, at first."""
        return self.seed_now if self.seed_now is not None else self.now()

    def build(self, mailbox: GeneratedMailbox | None) -> None:
        """Replace mail and calendar state with a generated mailbox (or an empty account)."""
        gmail, calendar, expectations = build_stores(
            mailbox, self.seed, self.history_horizon, self.seeding_time(), self.now
        )
        self.expectation_list = expectations
        self.gmail, self.calendar = gmail, calendar

    def reseed(self, seed: int | None, threads: int, events: int) -> None:
        """Regenerate everything from a new seed; the result becomes the reset point."""
        with self.lock:
            self.seed, self.thread_count, self.event_count = seed, threads, events
            self.seed_now = None
            self.build(self.generate(seed, threads, events))
            self.initial = self.snapshot()
            self.faults.clear()
            self.quota.reset()
            self.dirty = True

    def reset(self) -> None:
        """Return mail and calendar to the seeded starting point (tokens survive)."""
        with self.lock:
            self.restore(self.initial)
            self.faults.clear()
            self.quota.reset()
            self.dirty = True

    # ----- test helpers -----------------------------------------------------

    def insert_message(
        self,
        raw: bytes,
        label_ids: list[str] | tuple[str, ...] = ("INBOX", "UNREAD"),
        internal_date: datetime | None = None,
        thread_id: str | None = None,
    ) -> JsonObject:
        """Add an incoming message as messages.insert would; returns {id, threadId, labelIds}."""
        with self.lock:
            moment_ms = int(internal_date.timestamp() * 1000) if internal_date else self.now_ms()
            message = self.gmail.add_message(raw, list(label_ids), moment_ms, thread_id)
            self.dirty = True
            return message_ref(message)

    @property
    def history_id(self) -> int:
        """The mailbox's current history id."""
        with self.lock:
            return self.gmail.history_id

    def expire_history(self) -> None:
        """Drop all history so older startHistoryIds get a 404."""
        with self.lock:
            self.gmail.expire_history()
            self.dirty = True

    def revoke_refresh_tokens(self) -> None:
        """Revoke every refresh token (the next refresh gets invalid_grant)."""
        with self.lock:
            self.tokens.revoke_refresh_tokens()
            self.dirty = True

    def expire_access_tokens(self) -> None:
        """Expire every access token (the next API call gets a 401)."""
        with self.lock:
            self.tokens.expire_access_tokens()

    def expire_sync_tokens(self) -> None:
        """Invalidate every Calendar sync token (the next incremental list gets a 410)."""
        with self.lock:
            self.calendar.sync_epoch += 1
            self.dirty = True

    @property
    def request_log(self) -> list[JsonObject]:
        """Every logged API request, oldest first."""
        return self.log.all()

    def add_fault(
        self,
        match: str,
        count: int = 1,
        status: int | None = None,
        retry_after: float | None = None,
        delay: float = 0.0,
        drop: str | None = None,
        body: JsonObject | None = None,
        mangle: str | None = None,
    ) -> None:
        """Inject a fault for the next `count` requests matching an API method or path prefix."""
        fault_spec: JsonObject = {
            "match": match,
            "count": count,
            "status": status,
            "retry_after": retry_after,
            "delay": delay,
            "drop": drop,
            "body": body,
            "mangle": mangle,
        }
        self.faults.add(Fault.from_json(fault_spec))

    def configure_quota(
        self,
        units_per_minute: int | None = None,
        message_get_units: int | None = None,
        mode: str | None = None,
        window_seconds: float | None = None,
        calendar_requests_per_minute: int | None = None,
    ) -> None:
        """Change the quota budget, the messages.get price or the rate-limit answer."""
        with self.lock:
            if calendar_requests_per_minute is not None:
                self.quota.calendar_requests_per_minute = calendar_requests_per_minute
            if units_per_minute is not None:
                self.quota.units_per_minute = units_per_minute
            if message_get_units is not None:
                self.quota.message_get_units = message_get_units
            if mode is not None:
                self.quota.mode = str(mode)
            if window_seconds is not None:
                self.quota.window_seconds = window_seconds
            self.quota.reset()

    def set_free_busy(
        self,
        email: str,
        busy: Iterable[tuple[datetime | str, datetime | str]] | None,
    ) -> None:
        """Make a colleague known to freebusy.query with these busy blocks (None forgets them)."""
        blocks = None
        if busy is not None:
            blocks = [(_instant(start), _instant(end)) for start, end in busy]
        with self.lock:
            self.calendar.set_free_busy(email, blocks)
            self.dirty = True

    def free_busy_people(self) -> dict[str, list[JsonObject]]:
        """Return the colleagues freebusy.query knows, with their own busy blocks."""
        with self.lock:
            return copy.deepcopy(dict(sorted(self.calendar.free_busy.items())))

    def free_busy(
        self, calendar: str, time_min: datetime, time_max: datetime
    ) -> list[tuple[datetime, datetime]] | None:
        """Return what freebusy.query says about a calendar id or address (None: notFound)."""
        with self.lock:
            return freebusy.busy_of(self.calendar, calendar, time_min, time_max)

    def notifications(self, since: int = 0) -> list[JsonObject]:
        """Return the calendar notifications (replies, invitations, ...) with seq >= `since`."""
        with self.lock:
            return [dict(entry) for entry in self.calendar.notifications if entry["seq"] >= since]

    def clear_notifications(self) -> None:
        """Forget the recorded calendar notifications."""
        with self.lock:
            self.calendar.notifications.clear()
            self.dirty = True

    def drafts(self) -> list[JsonObject]:
        """Return every draft: ids, thread, RFC 822 Message-ID, subject, recipients, labels."""
        with self.lock:
            gmail = self.gmail
            return [
                {
                    "id": draft_id,
                    "message_id": message_id,
                    "thread_id": gmail.messages[message_id].thread_id,
                    "rfc822_message_id": gmail.messages[message_id].header("Message-ID"),
                    "subject": gmail.messages[message_id].header("Subject"),
                    "to": gmail.messages[message_id].header("To"),
                    "label_ids": list(gmail.messages[message_id].label_ids),
                }
                for draft_id, message_id in sorted(gmail.drafts.items())
            ]

    def expectations(self) -> JsonObject:
        """Return the intended verdicts keyed by Gmail thread id and event id."""
        with self.lock:
            verdict_keys = ("important", "kind", "why")
            return {
                "threads": [
                    {"thread_id": item["key"], **{key: item[key] for key in verdict_keys}}
                    for item in self.expectation_list
                    if item["source"] == "gmail"
                ],
                "events": [
                    {"event_id": item["key"], **{key: item[key] for key in verdict_keys}}
                    for item in self.expectation_list
                    if item["source"] == "calendar"
                ],
            }

    def summary(self) -> JsonObject:
        """Return counts for /_sandbox/state."""
        with self.lock:
            gmail = self.gmail
            return {
                "user_email": gmail.user_email,
                "seed": self.seed,
                "messages": len(gmail.messages),
                "threads": len(gmail.threads),
                "drafts": len(gmail.drafts),
                "history_id": gmail.history_id,
                "history_records": len(gmail.history),
                "history_floor": gmail.history_floor,
                "calendars": len(self.calendar.calendars),
                "events": sum(len(events) for events in self.calendar.events.values()),
                "free_busy_people": len(self.calendar.free_busy),
                "notifications": len(self.calendar.notifications),
                "now": self.now().isoformat(),
                "oauth": {
                    "codes_exchanged": self.tokens.codes_exchanged,
                    "pkce_verified": self.tokens.pkce_verified,
                    "refreshes": self.tokens.refreshes,
                    "live_refresh_tokens": sum(
                        1 for grant in self.tokens.refresh.values() if not grant.revoked
                    ),
                },
                "quota": {
                    "units_per_minute": self.quota.units_per_minute,
                    "message_get_units": self.quota.message_get_units,
                    "mode": self.quota.mode,
                },
                "faults": self.faults.pending(),
                "requests_logged": self.log.next_seq - 1,
            }

    # ----- snapshots and persistence ---------------------------------------

    def snapshot(self) -> JsonObject:
        """Return the mail and calendar state as deterministic JSON-able data."""
        with self.lock:
            return {
                "version": SNAPSHOT_VERSION,
                "seed": self.seed,
                "gmail": self.gmail.to_json(),
                "calendar": self.calendar.to_json(),
                "expectations": list(self.expectation_list),
            }

    def restore(self, snapshot: JsonObject) -> None:
        """Replace mail and calendar state with a snapshot."""
        with self.lock:
            copied = json.loads(json.dumps(snapshot))
            self.seed = copied.get("seed")
            self.gmail = GmailStore.from_json(copied["gmail"])
            self.calendar = CalendarStore.from_json(copied["calendar"])
            self.calendar.clock = self.now
            self.expectation_list = list(copied.get("expectations", []))

    def save(self, path: Path | None = None) -> None:
        """Write the state atomically (temp file + os.replace) to the state file."""
        target = path or self.state_file
        if target is None:
            return
        with self.lock:
            document: dict[str, Any] = {
                "snapshot": self.snapshot(),
                "initial": self.initial,
                "tokens": self.tokens.to_json(),
                "clock_offset": self.clock_offset,
                "quota": {
                    "units_per_minute": self.quota.units_per_minute,
                    "message_get_units": self.quota.message_get_units,
                    "mode": self.quota.mode,
                },
            }
            self.dirty = False
            statefile.write_atomically(target, document)

    def load(self, path: Path) -> None:
        """Read a state file written by save()."""
        with self.lock:
            document = statefile.read(path)
            self.clock_offset = float(document.get("clock_offset", 0.0))
            self.restore(document["snapshot"])
            self.tokens.load_json(document.get("tokens", {"access": {}, "refresh": {}}))
            quota = document.get("quota", {})
            self.quota.units_per_minute = int(quota.get("units_per_minute", 6000))
            self.quota.message_get_units = int(quota.get("message_get_units", 20))
            self.quota.mode = str(quota.get("mode", "429"))
            self.initial = document.get("initial") or self.snapshot()

    def save_if_dirty(self) -> None:
        """Persist after a mutating request when a state file is configured."""
        if self.dirty and self.state_file is not None:
            self.save()


def _instant(value: datetime | str) -> datetime:
    """Accept an aware datetime or an RFC 3339 string."""
    return parse_time(value) if isinstance(value, str) else value
