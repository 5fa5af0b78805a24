"""Fixtures for sync tests: a live sandbox, a store, and an in-process sync runner."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import google.oauth2.credentials
import pytest

from nyte_tui.config.paths import Paths, resolve_paths
from nyte_tui.config.settings import load_settings
from nyte_tui.sandbox.server import SandboxServer
from nyte_tui.services.sync_service import run_sync
from nyte_tui.store.db import Store, open_store
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import mirror as q
from nyte_tui.store.records import AccountRef
from nyte_tui.sync.engine import SyncResult

USER = "alex@northwind.example"
THREADS = 40
EVENTS = 16


def control(server: SandboxServer, name: str, body: Any = None, method: str = "POST") -> Any:
    """Call a /_sandbox/ control endpoint."""
    data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
    request = urllib.request.Request(
        f"{server.url}_sandbox/{name}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


@dataclass
class SyncHarness:
    """A sandbox, a store and a way to run nyte's real sync against them."""

    server: SandboxServer
    paths: Paths
    store: Store
    account: AccountRef
    tokens: dict[str, Any]
    log_mark: int = 0

    def credentials(self, _account: AccountRef | None = None) -> Any:
        """google-auth credentials for the sandbox user."""
        return google.oauth2.credentials.Credentials(
            token=self.tokens["access_token"],
            refresh_token=self.tokens["refresh_token"],
            token_uri=self.server.token_uri,
            client_id="sandbox-client",
            client_secret="sandbox-secret",
        )

    def sync(self, *, full: bool = False, **env: str) -> SyncResult:
        """Run one sync pass in-process (settings re-read, so env overrides apply)."""
        settings = load_settings(self.paths)
        return run_sync(
            self.paths,
            settings,
            full=full,
            credentials_for=self.credentials,
            store=self.store,
            lock_timeout=2,
        )

    def mark(self) -> None:
        """Remember the request log position."""
        self.log_mark = control(self.server, "requests", method="GET")["next"]

    def requests(self) -> list[dict[str, Any]]:
        """Requests the sandbox saw since the last mark."""
        log = control(self.server, "requests?since=" + str(self.log_mark), method="GET")
        return list(log["requests"])

    def count(self, api_method: str, message_format: str | None = None) -> int:
        """How many requests of one API method (and messages.get format) since the mark."""
        return sum(
            1
            for r in self.requests()
            if r.get("api_method") == api_method
            and (message_format is None or message_format in r.get("query", {}).get("format", []))
        )

    def dump(self) -> dict[str, Any]:
        """The store's canonical mirror of the account."""
        return q.mirror_dump(self.store, self.account.account_id)


def sandbox_now() -> datetime:
    """Now, to the minute (the sandbox's mail is generated around it)."""
    return datetime.now(UTC).replace(second=0, microsecond=0)


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> Iterator[SyncHarness]:
    """A started sandbox with a generated mailbox and a store with one account."""
    server = SandboxServer(seed=7, threads=THREADS, events=EVENTS, now=sandbox_now()).start()
    control(server, "quota", {"units_per_minute": 10_000_000})
    monkeypatch.setenv("NYTE_GOOGLE_API_ROOT", server.url)
    monkeypatch.setenv("NYTE_GOOGLE_TOKEN_URI", server.token_uri)
    monkeypatch.setenv("NYTE_SYNC_QUOTA_UNITS_PER_MINUTE", "1000000")
    monkeypatch.setenv("NYTE_SYNC_MAX_WAIT", "30")
    paths = resolve_paths().ensure()
    store = open_store(paths.database)
    account = qa.ensure_account(store, USER)
    harness = SyncHarness(server, paths, store, account, server.issue_tokens())
    yield harness
    store.close()
    server.stop()


def window_start(days: int = 30) -> datetime:
    """The start of the default sync window."""
    return datetime.now(UTC) - timedelta(days=days)
