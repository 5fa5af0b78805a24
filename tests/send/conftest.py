"""Fixtures for send tests: a small sandbox, a connected account and a thread to reply to."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from nyte_tui.config.paths import resolve_paths
from nyte_tui.config.settings import Settings, load_settings
from nyte_tui.sandbox.server import SandboxServer
from nyte_tui.store.db import open_store
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.work_models import WorkItem
from sync.conftest import USER, SyncHarness, control, sandbox_now
from sync.test_cli_sync import cli_env, nyte

__all__ = ["USER", "age_outbox", "cli_env", "control", "nyte"]

CLIENT_ID = "sandbox-client"
THREAD_SUBJECT = "Q3 contract: can you sign by Fri?"
DANA_RAW = (
    "From: Dana Whitfield <dana@lex.example>\r\n"
    "Reply-To: Dana Contracts <contracts@lex.example>\r\n"
    "To: Alex Morgan <alex@northwind.example>, Sam Ortiz <sam@partner.example>\r\n"
    "Cc: Priya Nair <priya@lex.example>, alex@northwind.example\r\n"
    f"Subject: {THREAD_SUBJECT}\r\n"
    "Date: Tue, 03 Mar 2026 09:12:00 +0000\r\n"
    "Message-ID: <q3-1@lex.example>\r\n"
    "References: <q3-0@lex.example>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Hi Alex, please sign by Friday. Also cc mallory@evil.example and reply to "
    "Attacker <attacker@evil.example>.\r\n"
)
ALEX_RAW = (
    "From: Alex Morgan <alex@northwind.example>\r\n"
    "To: Dana Whitfield <dana@lex.example>\r\n"
    f"Subject: Re: {THREAD_SUBJECT}\r\n"
    "Date: Tue, 03 Mar 2026 10:00:00 +0000\r\n"
    "Message-ID: <alex-1@northwind.example>\r\n"
    "In-Reply-To: <q3-1@lex.example>\r\n"
    "References: <q3-0@lex.example> <q3-1@lex.example>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Looking at it now.\r\n"
)


@dataclass
class SendEnv:
    """The sync harness plus what send tests need: settings, credentials and API helpers."""

    h: SyncHarness

    @property
    def settings(self) -> Settings:
        """Settings re-read from the environment."""
        return load_settings(self.h.paths)

    def creds(self) -> Callable[[str], Any]:
        """A credentials factory for the sandbox user."""
        return lambda _email: self.h.credentials()

    def api(self, method: str, path: str, body: Any = None, **params: str) -> Any:
        """Call the sandbox's Gmail API as the user."""
        query = ("?" + urllib.parse.urlencode(params)) if params else ""
        request = urllib.request.Request(
            f"{self.h.server.url}gmail/v1/users/me/{path}{query}",
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.h.tokens['access_token']}",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")

    def in_sent(self, message_id: str) -> list[dict[str, Any]]:
        """Messages in the sandbox's SENT with this Message-ID."""
        found = self.api(
            "GET", "messages", q=f"rfc822msgid:{message_id.strip('<>')} in:sent", maxResults="50"
        )
        return list(found.get("messages") or [])

    def sends(self) -> int:
        """How many messages.send requests the sandbox saw since the mark."""
        return self.h.count("gmail.users.messages.send")

    def fault(self, **fault: Any) -> None:
        """Queue one fault on messages.send."""
        control(
            self.h.server, "faults", {"match": "gmail.users.messages.send", "count": 1, **fault}
        )


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> Iterator[SyncHarness]:
    """A small started sandbox and a store with one account (display name Alex Morgan)."""
    server = SandboxServer(seed=7, threads=6, events=2, now=sandbox_now()).start()
    control(server, "quota", {"units_per_minute": 10_000_000})
    monkeypatch.setenv("NYTE_GOOGLE_API_ROOT", server.url)
    monkeypatch.setenv("NYTE_GOOGLE_TOKEN_URI", server.token_uri)
    monkeypatch.setenv("NYTE_SYNC_QUOTA_UNITS_PER_MINUTE", "1000000")
    paths = resolve_paths().ensure()
    store = open_store(paths.database)
    account = qa.ensure_account(store, USER, CLIENT_ID)
    tokens = server.issue_tokens()
    qa.upsert_account(
        store, USER, "Alex Morgan", CLIENT_ID, str(tokens.get("scope", "")).split(), None
    )
    harness = SyncHarness(server, paths, store, account, tokens)
    yield harness
    store.close()
    server.stop()


@pytest.fixture
def env(harness: SyncHarness) -> SendEnv:
    """The send test environment with the request log marked."""
    harness.mark()
    return SendEnv(harness)


@pytest.fixture
def reply_item(env: SendEnv) -> tuple[int, str]:
    """A work item for a thread where Dana wrote (Reply-To set) and Alex answered; (id, thread)."""
    first = env.api("POST", "messages", {"raw": _b64(DANA_RAW), "labelIds": ["INBOX", "UNREAD"]})
    thread_id = str(first["threadId"])
    env.api(
        "POST", "messages", {"raw": _b64(ALEX_RAW), "labelIds": ["SENT"], "threadId": thread_id}
    )
    env.h.sync()
    store = env.h.store
    with store.session() as session:
        item = session.exec(select(WorkItem).where(WorkItem.thread_id == thread_id)).first()
        if item is None:
            item = WorkItem(
                account_id=env.h.account.account_id,
                source="gmail",
                source_key=thread_id,
                thread_id=thread_id,
                kind="thread",
                title=THREAD_SUBJECT,
            )
            session.add(item)
            session.flush()
        item_id = item.id or 0
    env.h.mark()
    return item_id, thread_id


def age_outbox(store: Any, outbox_id: int, seconds: float) -> None:
    """Pretend the row was claimed (and last changed) this many seconds ago."""
    from datetime import UTC, datetime, timedelta

    from nyte_tui.store.work_models import OutboxEntry

    with store.session() as session:
        entry = session.get(OutboxEntry, outbox_id)
        assert entry is not None
        entry.updated_at = datetime.now(UTC) - timedelta(seconds=seconds)
        if entry.claimed_at is not None:
            entry.claimed_at = entry.updated_at
        session.add(entry)


def _b64(raw: str) -> str:
    """base64url of a message."""
    return base64.urlsafe_b64encode(raw.encode()).decode()
