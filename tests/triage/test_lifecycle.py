"""Incremental passes change nothing twice; reply tracking, reopening and dismissal behave."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from nyte_tui.services.triage.run import run_triage_pass
from nyte_tui.services.triage.views import change_item_status, important_list
from nyte_tui.store.queries import triage as q
from triage.conftest import Synced, insert_thread_mail
from triage.evalset import DANA, ME, PERSONAL, PRIYA, EvalThread, Mail

TABLES = (
    "work_items",
    "gate_evaluations",
    "audit_logs",
    "proposed_actions",
    "contacts",
    "llm_calls",
    "threads",
)


def dump(synced: Synced) -> dict[str, list[Any]]:
    """Every row of the triage tables."""
    conn = sqlite3.connect(synced.paths.database)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        conn.close()


def item_for(synced: Synced, thread_id: str) -> Any:
    """The stored item of a thread."""
    return q.items_by_keys(synced.store, 1, "gmail", [thread_id])[thread_id]


def test_scoring_an_unchanged_mailbox_again_changes_nothing(eval_synced: Synced) -> None:
    before = dump(eval_synced)
    report = eval_synced.sync()
    triage = report["accounts"][0]["triage"]
    assert triage["scored_threads"] == 0 and triage["new_items"] == 0
    assert triage["model_calls"] == 0 and triage["state_changes"] == 0
    run_triage_pass(
        eval_synced.store, eval_synced.settings, 1, now=datetime(2024, 3, 13, 10, 30, tzinfo=UTC)
    )
    assert dump(eval_synced) == before


def _thread(key: str, mails: list[Mail]) -> EvalThread:
    return EvalThread(key, f"Subject {key}", False, "none", mails)


def test_awaiting_reply_counts_business_days_only(
    make_synced: Callable[..., Synced], monkeypatch: pytest.MonkeyPatch
) -> None:
    from nyte_tui.services.triage import run as triage

    synced = make_synced()
    monday = datetime(2024, 3, 11, 10, 30, tzinfo=UTC)
    monkeypatch.setattr(triage, "utcnow", lambda: monday)
    friday = datetime(2024, 3, 8, 10, 0, tzinfo=UTC)
    hours = (datetime(2024, 3, 13, 10, 30, tzinfo=UTC) - friday).total_seconds() / 3600
    ask = Mail(
        ME, [PRIYA], "Hi Priya, could you send me the survey results? Alex", hours, ("SENT",)
    )
    thread_id = insert_thread_mail(synced, _thread("wait", [ask]))
    synced.sync()  # on Monday: 3 calendar days but 1 business day since Friday, so not yet
    synced2 = synced
    item = item_for(synced2, thread_id)
    assert item.kind == "none" and item.score < 70
    assert item.rescore_at is not None and item.rescore_at.date().isoformat() == "2024-03-13"
    tuesday = monday + timedelta(days=1)
    assert run_triage_pass(synced2.store, synced2.settings, 1, now=tuesday)["scored_threads"] == 0
    wednesday = monday + timedelta(days=2)
    result = run_triage_pass(synced2.store, synced2.settings, 1, now=wednesday)
    assert result["scored_threads"] == 1
    item = item_for(synced2, thread_id)
    assert item.kind == "awaiting_reply" and item.score >= 70 and item.status == "open"
    assert item.proposal is not None and item.proposal["kind"] == "gmail.reply"
    assert item.proposal["payload"]["nudge"] is True
    assert item.proposal["payload"]["to"] == [PRIYA[1]]
    assert item.proposal["payload"]["thread_id"] == thread_id


def test_done_thread_reopens_on_new_inbound_mail(make_synced: Callable[..., Synced]) -> None:
    synced = make_synced()
    ask = Mail(DANA, [ME], "Hi Alex, can you check the deck?", 5, PERSONAL)
    thread_id = insert_thread_mail(synced, _thread("deck", [ask]))
    synced.sync()
    item = item_for(synced, thread_id)
    change_item_status(synced.store, synced.settings, item.id, "done")
    assert item_for(synced, thread_id).status == "done"
    follow = _thread("deck", [Mail(DANA, [ME], "Any news on the deck?", 1, PERSONAL)])
    follow.mails[0].hours_ago = 1
    insert_thread_mail(synced, follow, thread_id)
    synced.sync()
    assert item_for(synced, thread_id).status == "open"


def test_user_reply_closes_needs_reply(make_synced: Callable[..., Synced]) -> None:
    synced = make_synced()
    ask = Mail(DANA, [ME], "Hi Alex, can you check the deck?", 5, PERSONAL)
    thread_id = insert_thread_mail(synced, _thread("reply", [ask]))
    synced.sync()
    assert item_for(synced, thread_id).kind == "needs_reply"
    reply = _thread("reply", [Mail(ME, [DANA], "Done, looks good.", 1, ("SENT",))])
    insert_thread_mail(synced, reply, thread_id)
    synced.sync()
    item = item_for(synced, thread_id)
    assert item.status == "done" and item.kind == "none"


def test_dismissed_stays_dismissed_until_new_mail(make_synced: Callable[..., Synced]) -> None:
    synced = make_synced()
    ask = Mail(DANA, [ME], "Hi Alex, can you check the deck?", 5, PERSONAL)
    thread_id = insert_thread_mail(synced, _thread("dismiss", [ask]))
    synced.sync()
    item = item_for(synced, thread_id)
    change_item_status(synced.store, synced.settings, item.id, "dismissed")
    run_triage_pass(
        synced.store,
        synced.settings,
        1,
        changed_threads={thread_id},
        now=datetime(2024, 3, 13, 11, 0, tzinfo=UTC),
    )
    assert item_for(synced, thread_id).status == "dismissed"
    assert all(
        i["thread_id"] != thread_id
        for i in [asdict(i) for i in important_list(synced.store, synced.settings).items]
    )
    insert_thread_mail(
        synced, _thread("dismiss", [Mail(DANA, [ME], "Ping?", 0.5, PERSONAL)]), thread_id
    )
    synced.sync()
    assert item_for(synced, thread_id).status == "open"


def test_deleted_thread_items_are_done(make_synced: Callable[..., Synced]) -> None:
    synced = make_synced()
    thread_id = insert_thread_mail(
        synced, _thread("gone", [Mail(DANA, [ME], "Can you call me?", 3, PERSONAL)])
    )
    synced.sync()
    from nyte_tui.store.queries.mirror import apply_gmail_changes, message_ids_since

    # Delete through the store, as sync does for a messageDeleted history record.
    ids = sorted(message_ids_since(synced.store, 1, 0))
    apply_gmail_changes(synced.store, 1, user_emails={ME[1]}, deleted_ids=ids)
    run_triage_pass(synced.store, synced.settings, 1, changed_threads={thread_id})
    assert item_for(synced, thread_id).status == "done"
