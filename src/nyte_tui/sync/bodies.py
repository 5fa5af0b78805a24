"""Fetching the bodies of one thread on demand (a command about it, the user opening it)."""

from __future__ import annotations

from typing import Any

from nyte_tui.config.settings import Settings
from nyte_tui.store.db import Store
from nyte_tui.store.queries import mirror as q
from nyte_tui.store.records import AccountRef
from nyte_tui.sync.gmail import GmailSync
from nyte_tui.sync.google_api import build_gmail
from nyte_tui.sync.limiter import QuotaLimiter, RetryPolicy, WaitBudget
from nyte_tui.sync.progress import NullReporter

WAIT_SECONDS = 10.0


def fetch_thread_bodies(
    store: Store, settings: Settings, account: AccountRef, credentials: Any, thread_id: str
) -> int:
    """Fetch and cache the bodies of a thread's messages that have none; how many were."""
    wanted = q.messages_needing_body(store, account.account_id, [thread_id])
    if not wanted:
        return 0
    budget = WaitBudget(WAIT_SECONDS)
    gmail = GmailSync(
        service=build_gmail(settings, credentials),
        store=store,
        account=account,
        window_days=settings.sync.window_days,
        batch_size=settings.sync.batch_size,
        message_get_units=settings.sync.message_get_units,
        limiter=QuotaLimiter(settings.sync.quota_units_per_minute, budget),
        retry=RetryPolicy(budget=budget),
        reporter=NullReporter(),
        event=lambda _kind, _message, _data: None,
    )
    texts = gmail.fetch_bodies(wanted)
    for gmail_id, text in texts.items():
        q.store_body(store, account.account_id, gmail_id, text)
    return len(texts)
