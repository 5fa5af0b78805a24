"""Named facts that workers post to the app; only their handlers change widgets."""

from __future__ import annotations

from textual.message import Message

from nyte_tui.tui.backend import (
    AgendaView,
    DetailView,
    ItemView,
    RunView,
    StatusView,
    SyncOutcome,
)


class ItemsLoaded(Message):
    """The Important list (or every item) was read from the store."""

    def __init__(
        self,
        items: list[ItemView],
        show_all: bool,
        total: int | None = None,
        more_coming: bool = False,
    ) -> None:
        """Carry the first pages, their view, how many items it holds, and whether the same
        worker is already reading the next page."""
        super().__init__()
        self.items = items
        self.show_all = show_all
        self.total = len(items) if total is None else total
        self.more_coming = more_coming


class MoreItemsLoaded(Message):
    """The next page of the list was read (the user scrolled near the end of what is shown)."""

    def __init__(self, items: list[ItemView], show_all: bool, offset: int) -> None:
        """Carry the page, its view, and the position it starts at."""
        super().__init__()
        self.items = items
        self.show_all = show_all
        self.offset = offset


class DetailLoaded(Message):
    """The detail of one item was read."""

    def __init__(self, item_id: int, detail: DetailView) -> None:
        """Carry the item id and its detail."""
        super().__init__()
        self.item_id = item_id
        self.detail = detail


class AgendaLoaded(Message):
    """Upcoming events were read."""

    def __init__(self, agenda: AgendaView) -> None:
        """Carry the agenda."""
        super().__init__()
        self.agenda = agenda


class StatusLoaded(Message):
    """Accounts, last sync, last error and model were read."""

    def __init__(self, status: StatusView) -> None:
        """Carry the status."""
        super().__init__()
        self.status = status


class SyncStarted(Message):
    """A sync pass began."""

    def __init__(self, reason: str) -> None:
        """Carry why it runs (start, schedule, request)."""
        super().__init__()
        self.reason = reason


class SyncProgress(Message):
    """A running sync advanced; a newer one replaces a queued older one."""

    def __init__(self, account: str, source: str, done: int, total: int | None, note: str) -> None:
        """Carry where the sync stands."""
        super().__init__()
        self.account = account
        self.source = source
        self.done = done
        self.total = total
        self.note = note

    def can_replace(self, message: Message) -> bool:
        """Progress coalesces so a big sync cannot flood the queue."""
        return isinstance(message, SyncProgress)


class SyncFinished(Message):
    """A sync pass ended (ok, partial, busy or failed)."""

    def __init__(self, result: SyncOutcome) -> None:
        """Carry the pass's outcome."""
        super().__init__()
        self.result = result


class ActionDone(Message):
    """An action on an item finished (or failed with a message)."""

    def __init__(
        self, item_id: int, action: str, ok: bool, text: str, item: ItemView | None = None
    ) -> None:
        """Carry what was done, whether it worked, what to tell the user, and the item after."""
        super().__init__()
        self.item_id = item_id
        self.action = action
        self.ok = ok
        self.text = text
        self.item = item


class BackendFailed(Message):
    """A read from the backend failed; the app stays usable and says why."""

    def __init__(self, what: str, text: str, fatal: bool = False) -> None:
        """Carry what was attempted, the error text, and whether the app cannot go on."""
        super().__init__()
        self.what = what
        self.text = text
        self.fatal = fatal  # a bad settings file or value: the app leaves, like every command


class RunShown(Message):
    """A command run moved on (previewed, answered, confirmed, sent, undone, cancelled)."""

    def __init__(self, run: RunView, step: str) -> None:
        """Carry the run as stored and which step produced it."""
        super().__init__()
        self.run = run
        self.step = step


class CommandFailed(Message):
    """A command step could not be done; the conversation stays where it was."""

    def __init__(self, step: str, text: str) -> None:
        """Carry the step and the error in words."""
        super().__init__()
        self.step = step
        self.text = text
