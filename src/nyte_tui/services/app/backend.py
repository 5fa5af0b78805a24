"""The Backend the terminal app calls from worker threads; every answer is a frozen view."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from nyte_tui.errors import BusyError, NyteError, ReauthRequired, UsageError
from nyte_tui.services.app.conversation import ConversationMixin
from nyte_tui.services.views import (
    AccountStatusView,
    AgendaView,
    AttendeeView,
    DetailView,
    EventView,
    FeedbackOutcome,
    ItemChange,
    ItemView,
    MessageView,
    StatusView,
    SyncOutcome,
)
from nyte_tui.textfold import one_line, tidy_body

if TYPE_CHECKING:
    from nyte_tui.config.paths import Paths
    from nyte_tui.config.settings import Settings
    from nyte_tui.store.db import Store
    from nyte_tui.store.read_records import EventRow, ThreadMessage
    from nyte_tui.store.reader import Reader
    from nyte_tui.store.records import AccountRef
    from nyte_tui.sync.progress import SyncReporter

APP_LOCK_WAIT = 2.0
BUSY_MESSAGE = "another sync is running (cron or a second nyte); will try again later"
KIND_LABELS = {
    "needs_reply": "",
    "awaiting_reply": "no reply",
    "invite": "invite",
    "upcoming": "event",
    "deadline": "due",
}


class AppBackend(ConversationMixin):
    """Opens the store lazily and answers the app's questions with frozen views."""

    def __init__(
        self,
        paths: Paths,
        settings: Settings | None = None,
        *,
        credentials_for: Callable[[AccountRef], Any] | None = None,
        trigger: str = "app",
        lock_wait: float = APP_LOCK_WAIT,
        demo: bool = False,
        ensure_account: str | None = None,
    ) -> None:
        """Remember where to look; nothing is opened or imported yet (settings neither)."""
        self.paths = paths
        self._settings = settings
        self.credentials_for = credentials_for
        self.trigger = trigger
        self.lock_wait = lock_wait
        self.demo = demo
        self.ensure_account = ensure_account
        self._store: Store | None = None
        self._reader: Reader | None = None
        self._open_lock = threading.RLock()

    # ----- plumbing -----------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The settings, read on first use so the app paints before pydantic is imported."""
        with self._open_lock:
            if self._settings is None:
                from nyte_tui.config.settings import ConfigError, load_settings

                try:
                    self._settings = load_settings(self.paths)
                except ConfigError as exc:
                    raise UsageError(str(exc)) from exc
            return self._settings

    def open(self) -> Store:
        """The store, opened (and migrated) on first use from whichever thread asks first."""
        with self._open_lock:
            if self._store is None:
                from nyte_tui.store.db import open_store

                store = open_store(self.paths.ensure().database)
                if self.ensure_account:
                    from nyte_tui.store.queries.accounts import ensure_account

                    ensure_account(store, self.ensure_account)
                self._store = store
            return self._store

    def reader(self) -> Reader:
        """The read path's connection (stdlib sqlite3, no ORM), opened on first use."""
        with self._open_lock:
            if self._reader is None:
                if self.ensure_account:
                    self.open()  # the demo's account is written before anything is read
                from nyte_tui.store.reader import open_reader

                self._reader = open_reader(self.paths.ensure().database)
            return self._reader

    def close(self) -> None:
        """Release the store's connections."""
        with self._open_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
            if self._store is not None:
                self._store.close()
                self._store = None

    def zone(self) -> tzinfo:
        """The user's time zone."""
        from nyte_tui.config.settings import user_zone

        return user_zone(self.settings)

    def when_text(self, moment: datetime | None, now: datetime | None = None) -> str:
        """A compact local time: "15:00" today, "Tue 15:00" this week, "01 Dec" later."""
        if moment is None:
            return ""
        tz = self.zone()
        local = moment.astimezone(tz)
        today = (now or datetime.now(UTC)).astimezone(tz).date()
        days = (local.date() - today).days
        if days == 0:
            return local.strftime("%H:%M")
        if -1 <= days <= 6:
            return local.strftime("%a %H:%M")
        return local.strftime("%d %b")

    # ----- reads --------------------------------------------------------------------------

    def load_items(
        self, show_all: bool = False, limit: int | None = None, offset: int = 0
    ) -> list[ItemView]:
        """A page of the Important list (or every item), best first, with display text added."""
        from nyte_tui.services.triage.listing import important_list

        now = datetime.now(UTC)
        result = important_list(
            self.reader(), self.settings, include_all=show_all, limit=limit, offset=offset, now=now
        )
        return [self._displayed(item, now) for item in result.items]

    def count_items(self, show_all: bool = False) -> int:
        """How many items the Important list (or every item) holds."""
        from nyte_tui.services.triage.listing import important_count

        return important_count(self.reader(), self.settings, include_all=show_all)

    def _displayed(self, item: ItemView, now: datetime) -> ItemView:
        """An item with one-line who/title and the list's "when" column."""
        label = KIND_LABELS.get(item.kind, item.kind or "")
        if item.source == "calendar":
            moment = self.when_text(item.start or item.due_at, now)
        else:
            moment = item.age or ""
        return replace(
            item,
            who=one_line(item.who) or "—",
            title=one_line(item.title) or "(no subject)",
            when=" · ".join(part for part in (label, moment) if part),
        )

    def item_detail(self, item_id: int) -> DetailView:
        """One item with its reason, gates and the thread excerpt or the event."""
        from nyte_tui.services.triage.listing import item_view, read_item

        reader = self.reader()
        now = datetime.now(UTC)
        row = read_item(reader, item_id)
        item = self._displayed(item_view(row, now), now)
        if row.source == "gmail" and row.thread_id:
            return DetailView(
                item, messages=self._messages(reader, row.account_id, row.thread_id, now)
            )
        if row.source == "calendar" and row.calendar_id and row.event_id:
            event = self._event(
                reader, row.account_id, row.account, row.calendar_id, row.event_id, now
            )
            return DetailView(item, event=event)
        return DetailView(item)

    def _messages(
        self, reader: Reader, account_id: int, thread_id: str, now: datetime
    ) -> tuple[MessageView, ...]:
        """A thread's messages, oldest first, with sender, date and body text or snippet."""
        from nyte_tui.store.queries.calendar_read import thread_messages

        rows: list[ThreadMessage] = thread_messages(reader, account_id, thread_id)
        shown: list[MessageView] = []
        for m in rows:
            sent = datetime.fromtimestamp(m.internal_date / 1000, UTC)
            body = tidy_body(m.body_text)
            shown.append(
                MessageView(
                    gmail_id=m.gmail_id,
                    sender=one_line(m.from_name) or m.from_email or "(unknown sender)",
                    sender_email=m.from_email,
                    from_me=m.is_sent,
                    to=one_line(m.to_header),
                    date=sent,
                    date_text=self.when_text(sent, now),
                    subject=one_line(m.subject),
                    text=body or one_line(m.snippet),
                    full_body=bool(body),
                )
            )
        return tuple(shown)

    def _event(
        self,
        reader: Reader,
        account_id: int,
        account_email: str,
        calendar_id: str,
        event_id: str,
        now: datetime,
    ) -> EventView | None:
        """An event with time, place, organizer, attendees and what it overlaps (as stored)."""
        from nyte_tui.services.triage.listing import event_conflicts
        from nyte_tui.store.queries.calendar_read import calendar_event, events_overlapping

        event: EventRow | None = calendar_event(reader, account_id, calendar_id, event_id)
        if event is None:
            return None
        conflicts: list[str] = []
        if event.start_at is not None and event.end_at is not None:
            around = events_overlapping(
                reader,
                account_id,
                event.start_at - timedelta(hours=12),
                event.end_at + timedelta(hours=12),
            )
            clashes = event_conflicts(reader, account_id, account_email, around)
            conflicts = clashes.get(f"{calendar_id}/{event_id}", [])
        attendees: list[AttendeeView] = []
        for a in event.attendees:
            email = str(a.get("email", ""))
            is_me = bool(a.get("self")) or email.lower() == account_email.lower()
            response = (event.my_response_status if is_me else None) or a.get("response_status")
            attendees.append(
                AttendeeView(
                    email=email,
                    name=one_line(str(a.get("name") or "")) or None,
                    response=str(response or "needsAction"),
                    is_self=is_me,
                    optional=bool(a.get("optional")),
                )
            )
        return EventView(
            title=one_line(event.summary) or "(untitled event)",
            status=event.status,
            start=event.start_at,
            end=event.end_at,
            all_day=event.all_day,
            time_text=self._event_time(event),
            starts_in=self.when_text(event.start_at, now),
            location=one_line(event.location) or None,
            organizer=one_line(event.organizer_name) or event.organizer_email,
            organizer_email=event.organizer_email,
            organizer_self=event.organizer_self,
            my_response=event.my_response_status,
            attendees=tuple(attendees),
            conflicts=tuple(conflicts),
            description=tidy_body(event.description),
            link=event.html_link,
        )

    def _event_time(self, event: EventRow) -> str:
        """ "Mon 02 Mar 15:00–16:00" in the user's zone ("… (all day)" for all-day events)."""
        if event.all_day:
            return f"{event.start_date or ''} (all day)"
        if event.start_at is None:
            return ""
        tz = self.zone()
        start = event.start_at.astimezone(tz)
        end = event.end_at.astimezone(tz) if event.end_at else None
        text = start.strftime("%a %d %b %H:%M")
        if end is not None:
            same_day = end.date() == start.date()
            text += "–" + (end.strftime("%H:%M") if same_day else end.strftime("%a %d %b %H:%M"))
        return text

    def agenda(self, days: int = 2) -> AgendaView:
        """Upcoming events by local day, with display times."""
        from nyte_tui.services.triage.listing import agenda

        result = agenda(self.reader(), self.settings, days)
        return replace(
            result,
            days=tuple(
                replace(d, events=tuple(replace(e, title=one_line(e.title)) for e in d.events))
                for d in result.days
            ),
        )

    def status(self) -> StatusView:
        """Accounts, the last sync, the last error, the model and whether re-auth is needed."""
        from nyte_tui.store.queries.status_read import status_parts

        parts = status_parts(self.reader())
        accounts = tuple(
            AccountStatusView(email, state, reason)
            for email, state, reason in parts.accounts
            if state != "disabled"
        )
        outbox = parts.outbox
        return StatusView(
            outbox_sending=outbox.get("sending", 0),
            outbox_unknown=outbox.get("unknown", 0),
            outbox_held=outbox.get("held", 0),
            accounts=accounts,
            account=accounts[0].email if accounts else None,
            last_sync_at=parts.last_sync_at,
            last_error=parts.source_errors[0] if parts.source_errors else None,
            needs_reauth=tuple(a.email for a in accounts if a.status == "needs_reauth"),
            model=self.settings.model or "offline",
            stale_after=float(self.settings.sync.stale_after),
            interval=float(self.settings.sync.interval),
            demo=self.demo,
        )

    # ----- writes -------------------------------------------------------------------------

    def sync(self, reporter: SyncReporter | None = None) -> SyncOutcome:
        """One sync pass; a busy lock or a missing authorisation is a result, not an error."""
        from nyte_tui.services.sync_service import run_sync

        store = self.open()
        try:
            result = run_sync(
                self.paths,
                self.settings,
                reporter=reporter,
                trigger=self.trigger,
                credentials_for=self.credentials_for,
                store=store,
                lock_timeout=self.lock_wait,
            )
        except BusyError:
            return SyncOutcome(ok=False, message=BUSY_MESSAGE, busy=True)
        except ReauthRequired as exc:
            return SyncOutcome(ok=False, message=str(exc), needs_reauth=True)
        except NyteError as exc:
            return SyncOutcome(ok=False, message=str(exc))
        report = result.as_json()
        problems: list[str] = []
        changed = 0
        for account in report["accounts"]:
            for source in ("gmail", "calendar"):
                part = account.get(source) or {}
                changed += int(part.get("changed") or 0)
                if part.get("error"):
                    problems.append(f"{source}: {part['error']}")
            if account.get("error"):
                problems.insert(0, str(account["error"]))
        exit_code = int(report["exit_code"])
        return SyncOutcome(
            ok=bool(report["ok"]),
            message=problems[0] if problems else f"synced · {changed} changed",
            changed=changed,
            needs_reauth=exit_code == int(ReauthRequired.exit_code),
            exit_code=exit_code,
        )

    def set_status(self, item_id: int, status: str, until: str | None = None) -> ItemChange:
        """Mark an item done, dismissed or snoozed (until a time phrase; default tomorrow 9am)."""
        from nyte_tui.services.triage.views import change_item_status

        change = change_item_status(self.open(), self.settings, item_id, status, until)
        return replace(change, item=self._displayed(change.item, datetime.now(UTC)))

    def feedback(self, item_id: int, verdict: str) -> FeedbackOutcome:
        """Record important / not important on an item; the answer may offer a rule."""
        from nyte_tui.services.triage.feedback import item_feedback

        outcome = item_feedback(self.open(), self.settings, item_id, verdict)
        return replace(outcome, item=self._displayed(outcome.item, datetime.now(UTC)))
