"""The app's sync worker: when to sync, progress as messages, and quitting stops the pass."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.app import App

from nyte_tui.tui.backend import StatusView, SyncOutcome
from nyte_tui.tui.messages import SyncFinished, SyncProgress, SyncStarted


class SyncAbandoned(BaseException):
    """Raised inside a running sync when the app quits, so the pass stops at once."""


class PostingReporter:
    """A sync reporter that turns progress into messages for the app."""

    def __init__(self, app: App[None], stopping: threading.Event) -> None:
        """Post to app; give up when stopping is set."""
        self.app = app
        self.stopping = stopping

    def progress(self, account: str, source: str, done: int, total: int | None, note: str) -> None:
        """Report progress (coalesced by the message queue)."""
        if self.stopping.is_set():
            raise SyncAbandoned
        self.app.post_message(SyncProgress(account, source, done, total, note))

    def note(self, account: str, text: str) -> None:
        """Notes are in the run history; here they only give a chance to stop."""
        if self.stopping.is_set():
            raise SyncAbandoned


def describe_error(exc: BaseException) -> str:
    """One line about an error."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text or type(exc).__name__


class SyncLoop:
    """Runs on the app's long-lived sync worker thread: on start when stale, on schedule and
    on request, until the app stops; it only ever posts messages."""

    def __init__(
        self,
        app: App[None],
        sync: Callable[[Any], SyncOutcome],
        stopping: threading.Event,
        wanted: threading.Event,
    ) -> None:
        """Post to app, call sync with a reporter, stop when stopping is set."""
        self.app = app
        self.sync = sync
        self.stopping = stopping
        self.wanted = wanted

    def run(self, status: StatusView, *, auto_sync: bool, now: datetime) -> None:
        """Loop until the app stops."""
        interval = (status.interval or 5) * 60
        last = status.last_sync_at
        stale_after = status.stale_after * 60
        due = auto_sync and (last is None or (now - last).total_seconds() >= stale_after)
        reason = "start"
        reporter = PostingReporter(self.app, self.stopping)
        while not self.stopping.is_set():
            if not due:
                asked = self.wanted.wait(timeout=interval if auto_sync else None)
                if self.stopping.is_set():
                    return
                self.wanted.clear()
                reason = "request" if asked else "schedule"
            due = False
            self.app.post_message(SyncStarted(reason))
            try:
                result = self.sync(reporter)
            except SyncAbandoned:
                return
            except Exception as exc:
                result = SyncOutcome(ok=False, message=describe_error(exc))
            self.app.post_message(SyncFinished(result))
