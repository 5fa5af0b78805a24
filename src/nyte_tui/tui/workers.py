"""The app's thread workers: each reads or changes something through the backend and posts
one message about it; none touches a widget."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar, cast

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from nyte_tui.errors import UsageError
from nyte_tui.tui.actions import STATUS_WORDS, VERDICT_WORDS
from nyte_tui.tui.backend import Backend
from nyte_tui.tui.messages import (
    ActionDone,
    AgendaLoaded,
    BackendFailed,
    DetailLoaded,
    ItemsLoaded,
    MoreItemsLoaded,
    StatusLoaded,
)
from nyte_tui.tui.progress import SyncLoop, describe_error
from nyte_tui.tui.widgets.important_list import FIRST_ROWS, LIST_FIRST, PAGE_ROWS, ImportantList

if TYPE_CHECKING:
    from textual.app import App

T = TypeVar("T")


class AppWorkers:
    """Workers mixed into NyteApp, which provides the backend, the list and the sync events."""

    backend: Backend
    item_list: ImportantList
    auto_sync: bool
    stopping: threading.Event
    sync_wanted: threading.Event

    if TYPE_CHECKING:

        def post_message(self, message: Message) -> bool:
            """Post a message to the app (Textual's own method; declared for the type checker)."""
            ...

    def ask_backend(self, what: str, call: Callable[[], T]) -> T | None:
        """Run one backend call in a worker; a failure becomes a BackendFailed message."""
        try:
            return call()
        except UsageError as exc:
            self.post_message(BackendFailed(what, describe_error(exc), fatal=True))
            return None
        except Exception as exc:
            self.post_message(BackendFailed(what, describe_error(exc)))
            return None

    @work(thread=True, exclusive=True, group="items", exit_on_error=False)
    def load_items(self, show_all: bool) -> None:
        """Read the list: the first screenful in one small query, then one page more."""
        worker = get_current_worker()
        items = self.ask_backend("items", lambda: self.backend.load_items(show_all, FIRST_ROWS))
        if items is None or worker.is_cancelled:
            return
        if len(items) < FIRST_ROWS:
            self.post_message(ItemsLoaded(items, show_all))
            return
        total = self.ask_backend("items", lambda: self.backend.count_items(show_all))
        self.post_message(ItemsLoaded(items, show_all, total, more_coming=True))
        rest = self.ask_backend(
            "items", lambda: self.backend.load_items(show_all, PAGE_ROWS, FIRST_ROWS)
        )
        if rest and not worker.is_cancelled:
            self.post_message(ItemsLoaded(items + rest, show_all, total))

    @work(thread=True, exclusive=True, group="items-more", exit_on_error=False)
    def load_more(self, show_all: bool, offset: int) -> None:
        """Read the page of the list that starts at offset."""
        worker = get_current_worker()
        page = self.ask_backend(
            "items", lambda: self.backend.load_items(show_all, PAGE_ROWS, offset)
        )
        if page is not None and not worker.is_cancelled:
            self.post_message(MoreItemsLoaded(page, show_all, offset))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, item_id: int) -> None:
        """Read one item's detail."""
        worker = get_current_worker()
        detail = self.ask_backend("detail", lambda: self.backend.item_detail(item_id))
        if detail is not None and not worker.is_cancelled:
            self.post_message(DetailLoaded(item_id, detail))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_agenda(self, days: int) -> None:
        """Read the agenda."""
        agenda = self.ask_backend("agenda", lambda: self.backend.agenda(days))
        if agenda is not None:
            self.post_message(AgendaLoaded(agenda))

    @work(thread=True, exclusive=True, group="status", exit_on_error=False)
    def load_status(self) -> None:
        """Read accounts, last sync and model."""
        status = self.ask_backend("status", self.backend.status)
        if status is not None:
            self.post_message(StatusLoaded(status))

    @work(thread=True, exclusive=False, group="actions", exit_on_error=False)
    def change_item(self, item_id: int, action: str, argument: str | None = None) -> None:
        """Change an item's status or record feedback on it."""
        try:
            if action in VERDICT_WORDS:
                outcome = self.backend.feedback(item_id, action)
                item = outcome.item
                text = f"marked {VERDICT_WORDS[action]}"
                if outcome.offer:
                    question = outcome.offer.question.rstrip("?")
                    text += f" · to {question} for good: {outcome.offer.command}"
            else:
                item = self.backend.set_status(item_id, action, argument).item
                text = STATUS_WORDS.get(action, action) + (f": {item.title}" if item.title else "")
                if action == "snoozed" and item.snoozed_until is not None:
                    text += " until " + item.snoozed_until.astimezone().strftime("%a %d %b %H:%M")
        except Exception as exc:
            self.post_message(ActionDone(item_id, action, False, describe_error(exc)))
            return
        self.post_message(ActionDone(item_id, action, True, text, item))

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def sync_loop(self) -> None:
        """The app's long-lived sync worker: on start when stale, on schedule and on request."""
        status = self.ask_backend("status", self.backend.status)
        if status is None:
            return
        self.post_message(StatusLoaded(status))
        if not status.accounts:
            return
        self.item_list.shown.wait(LIST_FIRST)  # the sync's imports wait for the list
        loop = SyncLoop(cast("App[None]", self), self.backend.sync, self.stopping, self.sync_wanted)
        loop.run(status, auto_sync=self.auto_sync, now=datetime.now(UTC))
