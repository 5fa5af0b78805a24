"""SQL shared by the read paths that need a mirrored thread's messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlmodel import col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import Message

RecordT = TypeVar("RecordT")


def thread_messages_as(
    store: Store, account_id: int, thread_id: str, record: Callable[[Message], RecordT]
) -> list[RecordT]:
    """Every mirrored message of a thread, oldest first (ties by row id), turned into records."""
    with store.session() as session:
        rows = session.exec(
            select(Message)
            .where(Message.account_id == account_id, Message.thread_id == thread_id)
            .order_by(col(Message.internal_date), col(Message.id))
        ).all()
        return [record(m) for m in rows]
