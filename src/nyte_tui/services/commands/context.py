"""What a command is interpreted against: people, threads, events and the selected item.

Everything here comes from headers and calendar fields the mirror holds; no message body is
read, so nothing an email says can reach the offline interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import getaddresses

from nyte_tui.commands import (
    Contact,
    EventRef,
    InterpretContext,
    ItemContext,
    Person,
    ThreadRef,
)
from nyte_tui.config.settings import Settings, user_zone
from nyte_tui.errors import NyteError, UsageError
from nyte_tui.store.db import Store
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import command_context as qctx
from nyte_tui.store.queries import outbox as qo
from nyte_tui.store.queries.worklist import get_item
from nyte_tui.store.triage_records import ItemRow

ITEM_KINDS = ("needs_reply", "awaiting_reply", "invite", "upcoming", "deadline")


@dataclass(frozen=True)
class CommandScope:
    """The account a command acts for, the selected item, and the interpreter's context."""

    account: qa.AccountRow
    item: ItemRow | None
    context: InterpretContext


def resolve_account(store: Store, email: str | None) -> qa.AccountRow:
    """The named account, or the only active one."""
    if email:
        row = qa.get_account(store, email)
        if row is None:
            raise UsageError(f"no account {email}; see `nyte auth status`")
        return row
    active = qa.list_accounts(store, active_only=True)
    if not active:
        raise UsageError("no connected account; run `nyte auth login` (or try `nyte demo`)")
    if len(active) > 1:
        raise UsageError("several accounts are connected; choose one with --account EMAIL")
    return active[0]


def build_scope(
    store: Store,
    settings: Settings,
    *,
    account_email: str | None,
    item_id: int | None,
    now: datetime | None = None,
) -> CommandScope:
    """Read the context of one command from the store."""
    item = None
    if item_id is not None:
        item = get_item(store, item_id)
        if item is None:
            raise NyteError(f"no item {item_id}; see `nyte important --all --json` for ids")
        account_email = account_email or item.account
    account = resolve_account(store, account_email)
    if item is not None and item.account.lower() != account.email.lower():
        raise UsageError(f"item {item_id} belongs to {item.account}, not {account.email}")
    moment = (now or datetime.now(UTC)).astimezone(user_zone(settings))
    own = frozenset({account.email.lower()} | qo.sent_from_addresses(store, account.account_id))
    contact_rows = qctx.contacts(store, account.account_id)
    names = {c.email.lower(): c.name or "" for c in contact_rows}
    contacts = tuple(
        Contact(c.name or "", c.email, c.sent_to_count, c.received_count, c.last_at)
        for c in contact_rows
        if c.email.lower() not in own
    )
    threads = tuple(
        _thread_ref(t, names, own) for t in qctx.recent_threads(store, account.account_id)
    )
    horizon = settings.sync.calendar_days
    events = tuple(
        e
        for e in (
            _event_ref(row)
            for row in qctx.events_between(
                store,
                account.account_id,
                moment - timedelta(hours=12),
                moment + timedelta(days=horizon),
            )
        )
        if e is not None
    )
    context = InterpretContext(
        now=moment,
        zone=user_zone(settings),
        user_name=account.display_name or account.email.split("@", 1)[0].split(".")[0].title(),
        own_addresses=own,
        contacts=contacts,
        threads=threads,
        events=events,
        item=_item_context(store, account.account_id, item, names, own, threads)
        if item is not None
        else None,
    )
    return CommandScope(account, item, context)


def _thread_ref(row: qctx.ThreadRow, names: dict[str, str], own: frozenset[str]) -> ThreadRef:
    """A recent thread with the people in it other than the user."""
    people = tuple(
        Person(names.get(email.lower(), ""), email, "contact")
        for email in row.participants
        if email.lower() not in own
    )
    return ThreadRef(
        thread_id=row.thread_id,
        subject=row.subject or "",
        counterparts=people,
        last_at=datetime.fromtimestamp(row.last_message_at / 1000, UTC),
    )


def _event_ref(row: qctx.EventRow) -> EventRef | None:
    """An event the interpreter can name ("the 4pm"); events without times are skipped."""
    if row.start_at is None or row.end_at is None:
        return None
    return EventRef(
        calendar_id=row.calendar_id,
        event_id=row.event_id,
        title=row.title,
        start=row.start_at,
        end=row.end_at,
        all_day=row.all_day,
        organizer_email=row.organizer_email,
        organizer_self=row.organizer_self,
        my_response=row.my_response,
        attendees=tuple(str(a.get("email") or "") for a in row.attendees if a.get("email")),
    )


def _item_context(
    store: Store,
    account_id: int,
    item: ItemRow,
    names: dict[str, str],
    own: frozenset[str],
    threads: tuple[ThreadRef, ...],
) -> ItemContext:
    """The selected item as the interpreter sees it: who, the people on it, thread or event."""
    kind = item.kind if item.kind in ITEM_KINDS else "needs_reply"
    participants: list[Person] = []
    thread = None
    event = None
    if item.source == "gmail" and item.thread_id:
        thread = next((t for t in threads if t.thread_id == item.thread_id), None)
        messages = qo.thread_messages(store, account_id, item.thread_id)
        seen: set[str] = set()
        for message in reversed(messages):
            headers = [message.from_header, message.reply_to_header, message.to_header]
            for name, email in getaddresses([h or "" for h in [*headers, message.cc_header]]):
                key = email.lower()
                if "@" in key and key not in own and key not in seen:
                    seen.add(key)
                    participants.append(Person(name or names.get(key, ""), email, "item"))
        if thread is None:
            thread = ThreadRef(item.thread_id, item.title, tuple(participants), None)
    elif item.source == "calendar" and item.calendar_id and item.event_id:
        row = qctx.event(store, account_id, item.calendar_id, item.event_id)
        event = _event_ref(row) if row is not None else None
        if row is not None:
            for attendee in row.attendees:
                email = str(attendee.get("email") or "")
                if "@" in email and email.lower() not in own:
                    name = str(attendee.get("name") or names.get(email.lower(), ""))
                    if email == row.organizer_email:
                        participants.append(Person(name, email, "organizer"))
                    else:
                        participants.append(Person(name, email, "item"))
    who = None
    if item.who_email and item.who_email.lower() not in own:
        who = Person(item.who or names.get(item.who_email.lower(), ""), item.who_email, "item")
    return ItemContext(
        item_id=str(item.id),
        source="calendar" if item.source == "calendar" else "gmail",
        kind=kind,  # type: ignore[arg-type]
        title=item.title,
        who=who,
        participants=tuple(participants),
        thread=thread,
        event=event,
    )
