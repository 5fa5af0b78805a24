"""The SQL behind triage: threads and events to score, work items, gates, contacts, the list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from nyte_tui.store.chunking import chunks
from nyte_tui.store.db import Store
from nyte_tui.store.models import Account, Calendar, CalendarEvent, Message, Thread
from nyte_tui.store.triage_records import (
    GateRow,
    ItemRow,
    TriageEvent,
    TriageMessage,
    TriageThread,
)
from nyte_tui.store.work_models import GateEvaluation, ProposedAction, WorkItem

ITEM_FIELDS = (
    "kind",
    "title",
    "who",
    "who_email",
    "status",
    "snoozed_until",
    "score",
    "rule_score",
    "model_score",
    "tier",
    "reason",
    "warning",
    "score_version",
    "content_hash",
    "dismissed_hash",
    "due_at",
    "last_activity_at",
    "rescore_at",
    "thread_id",
    "calendar_id",
    "event_id",
)


def account_identity(store: Store, account_id: int) -> tuple[str, list[str]]:
    """The account's address and the display names it sends as (most used first)."""
    with store.session() as session:
        account = session.get(Account, account_id)
        email = account.email if account else ""
        names = session.exec(
            select(Message.from_name)
            .where(Message.account_id == account_id, col(Message.is_sent).is_(True))
            .where(col(Message.from_name).is_not(None))
            .limit(200)
        ).all()
    counted: dict[str, int] = {}
    for name in names:
        if name:
            counted[name] = counted.get(name, 0) + 1
    if account is not None and account.display_name:
        counted[account.display_name] = counted.get(account.display_name, 0) + 1000
    return email, sorted(counted, key=lambda n: -counted[n])


def threads_needing_triage(store: Store, account_id: int, hinted: Iterable[str]) -> list[str]:
    """Thread ids whose content changed since they were last scored, plus existing hinted ones."""
    with store.session() as session:
        found = set(
            session.exec(
                select(Thread.thread_id).where(
                    Thread.account_id == account_id,
                    or_(
                        col(Thread.triaged_hash).is_(None),
                        col(Thread.triaged_hash) != col(Thread.content_hash),
                    ),
                )
            ).all()
        )
        for chunk in chunks(hinted):
            found.update(
                session.exec(
                    select(Thread.thread_id).where(
                        Thread.account_id == account_id, col(Thread.thread_id).in_(chunk)
                    )
                ).all()
            )
    return sorted(found)


def _message_record(m: Message) -> TriageMessage:
    """Turn a message row into a record."""
    return TriageMessage(
        gmail_id=m.gmail_id,
        thread_id=m.thread_id,
        internal_date=m.internal_date,
        label_ids=list(m.label_ids),
        is_sent=m.is_sent,
        from_email=m.from_email,
        from_name=m.from_name,
        to_header=m.to_header,
        cc_header=m.cc_header,
        reply_to_header=m.reply_to_header,
        subject=m.subject,
        snippet=m.snippet,
        message_id_header=m.message_id_header,
        list_id=m.list_id,
        list_unsubscribe=m.list_unsubscribe,
        precedence=m.precedence,
        auto_submitted=m.auto_submitted,
        body_text=m.body_text,
        body_state=m.body_state,
    )


def load_threads(store: Store, account_id: int, thread_ids: Sequence[str]) -> list[TriageThread]:
    """These threads with their messages, oldest message first."""
    result: dict[str, TriageThread] = {}
    with store.session() as session:
        for chunk in chunks(thread_ids):
            for t in session.exec(
                select(Thread).where(
                    Thread.account_id == account_id, col(Thread.thread_id).in_(chunk)
                )
            ):
                result[t.thread_id] = TriageThread(
                    t.thread_id,
                    t.subject,
                    list(t.label_ids),
                    t.last_message_at,
                    t.last_from_me,
                    t.content_hash,
                    t.triaged_hash,
                )
            for m in session.exec(
                select(Message)
                .where(Message.account_id == account_id, col(Message.thread_id).in_(chunk))
                .order_by(col(Message.internal_date), col(Message.gmail_id))
            ):
                if m.thread_id in result:
                    result[m.thread_id].messages.append(_message_record(m))
    return [result[t] for t in thread_ids if t in result]


def mark_triaged(store: Store, account_id: int, hashes: dict[str, str | None]) -> None:
    """Remember the content hash each thread was scored at."""
    with store.session() as session:
        for chunk in chunks(hashes):
            for thread in session.exec(
                select(Thread).where(
                    Thread.account_id == account_id, col(Thread.thread_id).in_(chunk)
                )
            ):
                if thread.triaged_hash != hashes[thread.thread_id]:
                    thread.triaged_hash = hashes[thread.thread_id]
                    session.add(thread)


def orphaned_items(store: Store, account_id: int) -> list[ItemRow]:
    """Not-done items whose thread or event no longer exists."""
    with store.session() as session:
        gmail = session.exec(
            select(WorkItem)
            .outerjoin(
                Thread,
                (col(Thread.account_id) == col(WorkItem.account_id))
                & (col(Thread.thread_id) == col(WorkItem.source_key)),
            )
            .where(WorkItem.account_id == account_id, WorkItem.source == "gmail")
            .where(WorkItem.status != "done", col(Thread.id).is_(None))
        ).all()
        calendar = session.exec(
            select(WorkItem)
            .outerjoin(
                CalendarEvent,
                (col(CalendarEvent.account_id) == col(WorkItem.account_id))
                & (col(CalendarEvent.calendar_id) == col(WorkItem.calendar_id))
                & (col(CalendarEvent.event_id) == col(WorkItem.event_id)),
            )
            .where(WorkItem.account_id == account_id, WorkItem.source == "calendar")
            .where(WorkItem.status != "done", col(CalendarEvent.id).is_(None))
        ).all()
        email = _account_email(session, account_id)
        return item_rows([*gmail, *calendar], {account_id: email}, session)


def load_events(store: Store, account_id: int, start: datetime, end: datetime) -> list[TriageEvent]:
    """Timed and all-day events overlapping [start, end), with their calendar's primacy."""
    with store.session() as session:
        primary = {
            c.calendar_id: c.is_primary
            for c in session.exec(select(Calendar).where(Calendar.account_id == account_id))
        }
        rows = session.exec(
            select(CalendarEvent).where(
                CalendarEvent.account_id == account_id,
                col(CalendarEvent.start_at) < end,
                col(CalendarEvent.end_at) > start,
            )
        ).all()
        return [
            triage_event(e, primary.get(e.calendar_id, e.calendar_id == "primary")) for e in rows
        ]


def triage_event(event: CalendarEvent, calendar_primary: bool = True) -> TriageEvent:
    """A mirrored calendar event as a triage record."""
    return TriageEvent(
        event.calendar_id,
        event.event_id,
        event.status,
        event.summary,
        event.description,
        event.location,
        event.start_at,
        event.end_at,
        event.all_day,
        event.organizer_email,
        event.organizer_name,
        event.organizer_self,
        list(event.attendees),
        event.my_response_status,
        event.recurring_event_id,
        calendar_primary,
    )


def items_by_keys(
    store: Store, account_id: int, source: str, keys: Iterable[str]
) -> dict[str, ItemRow]:
    """Existing work items of a source, by source key."""
    found: dict[str, ItemRow] = {}
    with store.session() as session:
        email = _account_email(session, account_id)
        for chunk in chunks(keys):
            items = session.exec(
                select(WorkItem).where(
                    WorkItem.account_id == account_id,
                    WorkItem.source == source,
                    col(WorkItem.source_key).in_(chunk),
                )
            ).all()
            for row in item_rows(items, {account_id: email}, session):
                found[row.source_key] = row
    return found


def items_due_for_rescore(
    store: Store, account_id: int, now: datetime, score_version: str | None = None
) -> list[tuple[str, str]]:
    """(source, source key) of items whose score may have changed with time or a new version."""
    due = col(WorkItem.rescore_at).is_not(None) & (col(WorkItem.rescore_at) <= now)
    if score_version is not None:
        stale_version = col(WorkItem.score_version).not_like(f"{score_version}%")
        due = due | (stale_version & (col(WorkItem.status) != "done"))
    with store.session() as session:
        return [
            (source, key)
            for source, key in session.exec(
                select(WorkItem.source, WorkItem.source_key).where(
                    WorkItem.account_id == account_id, due
                )
            ).all()
        ]


def _account_email(session: Session, account_id: int) -> str:
    """The address of an account."""
    account = session.get(Account, account_id)
    return account.email if account else ""


def item_row(item: WorkItem, account_email: str, session: Session) -> ItemRow:
    """Turn a work item and its gates and pending proposal into a record."""
    return item_rows([item], {item.account_id: account_email}, session)[0]


def item_rows(
    items: Sequence[WorkItem], emails: dict[int | None, str], session: Session
) -> list[ItemRow]:
    """Records for many items, loading their gates and proposals in two queries."""
    ids = [item.id for item in items if item.id is not None]
    gates_by_item: dict[int, list[GateRow]] = {}
    actions_by_item: dict[int, ProposedAction] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for g in session.exec(
            select(GateEvaluation)
            .where(col(GateEvaluation.work_item_id).in_(chunk))
            .order_by(col(GateEvaluation.id))
        ):
            gates_by_item.setdefault(g.work_item_id, []).append(
                GateRow(g.gate, g.matched, g.points, g.reason)
            )
        for action in session.exec(
            select(ProposedAction)
            .where(col(ProposedAction.work_item_id).in_(chunk), ProposedAction.status == "pending")
            .order_by(col(ProposedAction.id))
        ):
            if action.work_item_id is not None:
                actions_by_item[action.work_item_id] = action  # the newest wins
    return [
        _item_row(
            item,
            emails.get(item.account_id, ""),
            gates_by_item.get(item.id or 0, []),
            actions_by_item.get(item.id or 0),
        )
        for item in items
    ]


def _item_row(
    item: WorkItem, account_email: str, gates: list[GateRow], action: ProposedAction | None
) -> ItemRow:
    """One item's record from already-loaded parts."""
    proposal = None
    if action is not None:
        proposal = {
            "id": action.id,
            "kind": action.kind,
            "payload": action.payload,
            "summary": action.summary,
            "status": action.status,
            "risk": action.risk,
            "idempotency_key": action.idempotency_key,
        }
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    return ItemRow(
        id=item.id or 0,
        account_id=item.account_id,
        account=account_email,
        source=item.source,
        source_key=item.source_key,
        created_at=item.created_at,
        updated_at=item.updated_at,
        gates=gates,
        proposal=proposal,
        **values,
    )
