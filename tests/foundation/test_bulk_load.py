"""The store's bulk loader writes rows the ORM reads back as if they had been added one by one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from nyte_tui.store.bulk_load import bulk_insert, row_count, row_ids
from nyte_tui.store.db import open_store
from nyte_tui.store.models import Account, Message


def test_bulk_rows_read_back_through_the_orm_with_defaults_filled(tmp_path: Path) -> None:
    store = open_store(tmp_path / "nyte.sqlite3")
    try:
        with store.session() as session:
            account = Account(email="alex@northwind.example")
            session.add(account)
            session.flush()
            account_id = int(account.id or 0)
        moment = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
        rows = (
            {
                "account_id": account_id,
                "gmail_id": f"m{n:015x}",
                "thread_id": f"t{n // 3:015x}",
                "label_ids": ["INBOX", f"Label_{n % 4}"],
                "internal_date": n,
                "synced_at": moment,
            }
            for n in range(2_500)
        )
        assert bulk_insert(store, Message, rows, chunk=1_000) == 2_500
        assert row_count(store, Message) == 2_500
        assert len(row_ids(store, Message, "gmail_id")) == 2_500
        with store.session() as session:
            last = session.exec(select(Message).where(Message.gmail_id == f"m{2_499:015x}")).one()
        assert last.label_ids == ["INBOX", "Label_3"] and last.synced_at == moment
        assert (last.body_state, last.is_sent, last.size_estimate) == ("none", False, 0)
        assert bulk_insert(store, Message, iter(())) == 0
    finally:
        store.close()


def test_a_failing_chunk_leaves_no_rows(tmp_path: Path) -> None:
    store = open_store(tmp_path / "nyte.sqlite3")
    try:
        rows = [{"account_id": 999, "gmail_id": "m1", "thread_id": "t1"}]  # no such account
        with pytest.raises(Exception, match="FOREIGN KEY"):
            bulk_insert(store, Message, rows)
        assert row_count(store, Message) == 0
    finally:
        store.close()
