"""Exactly one messages.get per synced message: personal inbox mail comes `full` the first time."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from nyte_tui.config.paths import resolve_paths
from nyte_tui.sandbox.server import SandboxServer
from nyte_tui.store.db import open_store
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import mirror as q
from nyte_tui.sync.fetch_plan import wants_body
from sync.conftest import USER, SyncHarness, control, sandbox_now

GET = "gmail.users.messages.get"
PAGE_METHODS = {"gmail.users.messages.list", "gmail.users.history.list"}


def served_gets(harness: SyncHarness) -> Counter[tuple[str, str]]:
    """(message id, format) of each answered messages.get since the mark."""
    return Counter(
        (r["path"].rsplit("/", 1)[-1], r["query"].get("format", ["full"])[0])
        for r in harness.requests()
        if r.get("api_method") == GET and r.get("status") == 200
    )


def gmail_calls(harness: SyncHarness) -> Counter[str]:
    """Answered Gmail requests since the mark, by API method (batch envelopes left out)."""
    return Counter(
        str(r["api_method"])
        for r in harness.requests()
        if str(r.get("api_method", "")).startswith("gmail.") and r.get("status") == 200
    )


def assert_one_get_each(harness: SyncHarness, result: Any) -> dict[str, str]:
    """Every message got exactly one get, triage fetched no body; return each id's format."""
    gets = served_gets(harness)
    per_id = Counter(gmail_id for gmail_id, _format in gets.elements())
    assert per_id and set(per_id.values()) == {1}
    triage = result.accounts[0].triage
    assert triage["bodies_fetched"] == 0 and triage["body_fetch_failed"] == 0
    return {gmail_id: message_format for gmail_id, message_format in gets}


def test_full_sync_costs_one_get_per_message_and_triage_fetches_nothing(
    harness: SyncHarness,
) -> None:
    harness.mark()
    result = harness.sync()
    assert result.exit_code == 0
    formats = assert_one_get_each(harness, result)
    stored = {m["gmail_id"]: m for m in harness.dump()["messages"]}
    assert set(formats) == set(stored)
    for gmail_id, message in stored.items():
        fetched_full = formats[gmail_id] == "full"
        assert fetched_full == wants_body(message["label_ids"]), message["label_ids"]
        assert (message["body_state"] == "cached") == fetched_full
    assert 0 < Counter(formats.values())["full"] < len(stored)  # bulk mail stays metadata-only
    # the plan costs two extra list queries: one page of the window, one of personal inbox
    # mail, one of the user's own sent mail
    assert gmail_calls(harness)["gmail.users.messages.list"] == 3
    # what triage would have fetched bodies for is all cached already
    threads = [t["thread_id"] for t in harness.dump()["threads"] if "INBOX" in t["label_ids"]]
    pending = q.messages_needing_body(harness.store, harness.account.account_id, threads)
    assert all(not wants_body(stored[i]["label_ids"]) for i in pending)


def deliver(harness: SyncHarness, subject: str, sender: str, labels: list[str], extra: str) -> str:
    """Deliver one message to the sandbox and return its id."""
    text = (
        f"From: {sender}\r\nTo: alex@northwind.example\r\nSubject: {subject}\r\n{extra}"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Hi Alex, could you look at {subject.lower()} by Friday?\r\n"
    )
    return str(control(harness.server, "deliver", {"text": text, "label_ids": labels})["id"])


def test_incremental_sync_fetches_new_mail_once_with_bodies_from_history_labels(
    harness: SyncHarness,
) -> None:
    assert harness.sync().exit_code == 0
    personal = [
        deliver(
            harness,
            f"Budget question {n}",
            f"Priya Raman <priya{n}@acme.example>",
            ["INBOX", "UNREAD", "CATEGORY_PERSONAL"],
            "",
        )
        for n in range(3)
    ]
    bulk = [
        deliver(
            harness,
            f"Weekly offers {n}",
            "Deals <deals@shop.example>",
            ["INBOX", "UNREAD", "CATEGORY_PROMOTIONS"],
            "List-Unsubscribe: <mailto:unsub@shop.example>\r\n",
        )
        for n in range(2)
    ]
    harness.mark()
    result = harness.sync()
    assert result.exit_code == 0
    formats = assert_one_get_each(harness, result)
    assert formats == {**dict.fromkeys(personal, "full"), **dict.fromkeys(bulk, "metadata")}
    calls = gmail_calls(harness)
    assert set(calls) <= {GET, *PAGE_METHODS} and calls[GET] == len(personal) + len(bulk)
    stored = {m["gmail_id"]: m for m in harness.dump()["messages"]}
    assert all("by Friday" in (stored[i]["body_text"] or "") for i in personal)
    assert all(stored[i]["body_state"] == "none" for i in bulk)


@pytest.mark.parametrize(
    "labels",
    [
        ["INBOX", "CATEGORY_PERSONAL"],
        ["INBOX"],
        ["INBOX", "STARRED"],
        ["INBOX", "CATEGORY_UPDATES"],  # a code review or a bank may name the user
        ["INBOX", "CATEGORY_FORUMS"],
        ["SENT"],  # the user's own ask, quoted when it goes unanswered
        ["INBOX", "SENT"],
    ],
)
def test_inbox_mail_triage_reads_wants_a_body(labels: list[str]) -> None:
    assert wants_body(labels)


@pytest.mark.parametrize(
    "labels",
    [
        ["INBOX", "CATEGORY_PROMOTIONS"],
        ["INBOX", "CATEGORY_SOCIAL"],
        ["CATEGORY_PERSONAL"],
        ["SENT", "DRAFT"],
        ["INBOX", "SPAM"],
        [],
    ],
)
def test_bulk_archived_and_draft_mail_wants_none(labels: list[str]) -> None:
    assert not wants_body(labels)


def test_the_demo_mailbox_costs_one_get_per_message(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    """The demo's generated mailbox (seed 0, 300 threads): no message is fetched twice."""
    with SandboxServer(seed=0, now=sandbox_now()) as server:
        control(server, "quota", {"units_per_minute": 10_000_000})
        monkeypatch.setenv("NYTE_GOOGLE_API_ROOT", server.url)
        monkeypatch.setenv("NYTE_GOOGLE_TOKEN_URI", server.token_uri)
        monkeypatch.setenv("NYTE_SYNC_QUOTA_UNITS_PER_MINUTE", "1000000")
        paths = resolve_paths().ensure()
        store = open_store(paths.database)
        try:
            account = qa.ensure_account(store, USER)
            harness = SyncHarness(server, paths, store, account, server.issue_tokens())
            harness.mark()
            result = harness.sync()
            assert result.exit_code == 0
            formats = assert_one_get_each(harness, result)
            assert len(formats) == len(harness.dump()["messages"]) > 300
            # promotions and social mail stay metadata-only; what triage reads comes in full
            stored = {m["gmail_id"]: m for m in harness.dump()["messages"]}
            metadata = [i for i, f in formats.items() if f == "metadata"]
            assert len(metadata) > 40 and not any(
                wants_body(stored[i]["label_ids"]) for i in metadata
            )
            assert Counter(formats.values())["full"] > 100
        finally:
            store.close()
