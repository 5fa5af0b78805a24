"""The SQL behind the terminal app's read path: a thread's messages and one event."""

from __future__ import annotations

from sqlmodel import select

from nyte_tui.store.db import Store
from nyte_tui.store.models import Account, CalendarEvent, Message
from nyte_tui.store.queries.messages import thread_messages_as
from nyte_tui.store.read_records import EventRow, ThreadMessage

__all__ = ["EventRow", "ThreadMessage", "account_id_of", "calendar_event", "thread_messages"]


def account_id_of(store: Store, email: str) -> int | None:
    """The id of the account with this address, if it exists."""
    with store.session() as session:
        return session.exec(select(Account.id).where(Account.email == email)).first()


def thread_messages(store: Store, account_id: int, thread_id: str) -> list[ThreadMessage]:
    """Every mirrored message of a thread, oldest first."""
    return thread_messages_as(store, account_id, thread_id, _thread_message)


def _thread_message(m: Message) -> ThreadMessage:
    """One mirrored message as the detail pane shows it."""
    return ThreadMessage(
        gmail_id=m.gmail_id,
        from_name=m.from_name,
        from_email=m.from_email,
        to_header=m.to_header,
        cc_header=m.cc_header,
        subject=m.subject,
        internal_date=m.internal_date,
        is_sent=m.is_sent,
        body_text=m.body_text,
        snippet=m.snippet,
    )


def calendar_event(
    store: Store, account_id: int, calendar_id: str, event_id: str
) -> EventRow | None:
    """One mirrored event, or None when it is gone."""
    with store.session() as session:
        event = session.exec(
            select(CalendarEvent).where(
                CalendarEvent.account_id == account_id,
                CalendarEvent.calendar_id == calendar_id,
                CalendarEvent.event_id == event_id,
            )
        ).first()
        if event is None:
            return None
        return EventRow(
            calendar_id=event.calendar_id,
            event_id=event.event_id,
            status=event.status,
            summary=event.summary,
            description=event.description,
            location=event.location,
            start_at=event.start_at,
            end_at=event.end_at,
            all_day=event.all_day,
            start_date=event.start_date,
            organizer_email=event.organizer_email,
            organizer_name=event.organizer_name,
            organizer_self=event.organizer_self,
            my_response_status=event.my_response_status,
            html_link=event.html_link,
            attendees=[dict(a) for a in event.attendees],
        )
