"""Fixtures for triage: a synced sandbox store, the evaluation mailbox and a stub model server."""

from __future__ import annotations

import functools
import json
import threading
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from nyte_tui.config.paths import Paths, resolve_paths
from nyte_tui.config.settings import Settings, load_settings
from nyte_tui.sandbox.server import SandboxServer
from nyte_tui.store.db import Store, open_store
from triage.evalset import EVENTS, NOW, THREADS, raw_message, sent_at

USER = "alex@northwind.example"


@dataclass
class Synced:
    """A store synced from a sandbox, with what the test needs to drive it."""

    server: SandboxServer
    store: Store
    settings: Settings
    paths: Paths
    tokens: dict[str, Any]
    keys: dict[str, str] = field(default_factory=dict)  # eval key -> thread id / event key

    def sync(self) -> dict[str, Any]:
        """Run one sync pass (and its triage) and return the JSON report."""
        from google.oauth2.credentials import Credentials

        from nyte_tui.services.sync_service import run_sync

        def credentials_for(_account: Any) -> Credentials:
            return Credentials(
                token=self.tokens["access_token"],
                refresh_token=self.tokens["refresh_token"],
                token_uri=self.server.token_uri,
                client_id="sandbox-client",
                client_secret="sandbox-secret",
            )

        result = run_sync(
            self.paths, self.settings, credentials_for=credentials_for, store=self.store
        )
        return dict(result.as_json())


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Freeze the clock triage and calendar sync read at the evaluation set's NOW."""
    from nyte_tui.services.triage import listing, views
    from nyte_tui.services.triage import run as triage
    from nyte_tui.sync import calendar, engine

    monkeypatch.setattr(triage, "utcnow", lambda: NOW)
    monkeypatch.setattr(views, "utcnow", lambda: NOW)
    monkeypatch.setattr(listing, "utcnow", lambda: NOW)
    monkeypatch.setattr(
        engine, "CalendarSync", functools.partial(calendar.CalendarSync, now=lambda: NOW)
    )
    return NOW


@pytest.fixture
def make_synced(
    monkeypatch: pytest.MonkeyPatch, frozen_now: datetime
) -> Iterator[Callable[..., Synced]]:
    """A factory: start a sandbox (seeded or empty), connect the account, return the handle."""
    started: list[tuple[SandboxServer, Store]] = []

    def factory(seed: int | None = None, threads: int = 0, events: int = 0, **env: str) -> Synced:
        server = SandboxServer(
            seed=seed,
            threads=threads,
            events=events,
            now=frozen_now,
            quota_units_per_minute=1_000_000,
        ).start()
        monkeypatch.setenv("NYTE_GOOGLE_API_ROOT", server.url)
        monkeypatch.setenv("NYTE_GOOGLE_TOKEN_URI", server.token_uri)
        monkeypatch.setenv("NYTE_SYNC_QUOTA_UNITS_PER_MINUTE", "1000000")
        monkeypatch.setenv("NYTE_TIME_ZONE", "Europe/London")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        paths = resolve_paths()
        store = open_store(paths.ensure().database)
        from nyte_tui.store.queries.accounts import ensure_account

        ensure_account(store, USER)
        started.append((server, store))
        return Synced(server, store, load_settings(paths), paths, dict(server.issue_tokens()))

    yield factory
    for server, store in started:
        store.close()
        server.stop()


def insert_event(synced: Synced, resource: dict[str, Any]) -> str:
    """Insert an event through the Calendar API; return its event id."""
    request = urllib.request.Request(
        f"{synced.server.url}calendar/v3/calendars/primary/events",
        data=json.dumps(resource).encode(),
        headers={
            "Authorization": f"Bearer {synced.tokens['access_token']}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        event_id = json.load(response)["id"]
    return str(event_id)


def insert_thread_mail(synced: Synced, thread: Any, thread_id: str | None = None) -> str:
    """Insert every message of an evaluation thread; return its Gmail thread id."""
    for index, mail in enumerate(thread.mails):
        ref = synced.server.state.insert_message(
            raw_message(thread, index), list(mail.labels), sent_at(mail), thread_id
        )
        thread_id = str(ref["threadId"])
    assert thread_id is not None
    return thread_id


def populate_eval(synced: Synced) -> Synced:
    """Insert the evaluation mailbox and calendar and sync once."""
    for thread in THREADS:
        synced.keys[thread.key] = insert_thread_mail(synced, thread)
    for event in EVENTS:
        synced.keys[event.key] = insert_event(synced, event.resource)
    report = synced.sync()
    assert report["exit_code"] == 0, report
    return synced


@pytest.fixture
def eval_synced(make_synced: Callable[..., Synced]) -> Synced:
    """The evaluation mailbox and calendar inserted into an empty sandbox and synced once."""
    return populate_eval(make_synced())


@dataclass
class StubModel:
    """A local OpenAI-compatible chat server that counts requests."""

    url: str
    requests: list[dict[str, Any]]
    behaviour: dict[str, Any]


@pytest.fixture
def stub_model() -> Iterator[StubModel]:
    """Serve POST /v1/chat/completions on loopback; behaviour["mode"] = ok | fail | garbage."""
    requests: list[dict[str, Any]] = []
    behaviour: dict[str, Any] = {"mode": "ok", "score": 90, "reason": "Customer waiting on you"}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            requests.append(body)
            if behaviour["mode"] == "fail":
                self.send_response(500)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"error": {"message": "boom"}}')
                return
            content = (
                "not json at all"
                if behaviour["mode"] == "garbage"
                else json.dumps(
                    {
                        "score": behaviour["score"],
                        "tier": "critical"
                        if behaviour["score"] >= 85
                        else "important"
                        if behaviour["score"] >= 70
                        else "later",
                        "reason": behaviour["reason"],
                        "confidence": 0.8,
                    }
                )
            )
            payload = json.dumps(
                {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "stub",
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": content},
                        }
                    ],
                    "usage": {"prompt_tokens": 50, "completion_tokens": 20, "total_tokens": 70},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield StubModel(f"http://127.0.0.1:{server.server_address[1]}/v1", requests, behaviour)
    server.shutdown()
    server.server_close()
