"""Fixtures for the app: a store synced from a live sandbox and helpers to drive the Pilot."""

from __future__ import annotations

import io
import json
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, RenderableType
from textual.pilot import Pilot

from nyte_tui.config.paths import Paths, resolve_paths
from nyte_tui.config.settings import load_settings
from nyte_tui.sandbox.server import SandboxServer
from nyte_tui.services.app.backend import AppBackend
from nyte_tui.tui.app import NyteApp

USER = "alex@northwind.example"
SIZE = (100, 30)


def control(server: SandboxServer, name: str, body: Any = None, method: str = "POST") -> Any:
    """Call a /_sandbox/ control endpoint."""
    data = json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None)
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
class Live:
    """A sandbox, a backend bound to it (already synced once) and the app's paths."""

    server: SandboxServer
    backend: AppBackend
    paths: Paths

    def app(self, **options: Any) -> NyteApp:
        """A fresh app on this backend."""
        return NyteApp(self.backend, **options)


@pytest.fixture
def live(isolated_home: Path) -> Iterator[Live]:
    """A generated mailbox on a loopback sandbox, mirrored and triaged into a test store."""
    from google.oauth2.credentials import Credentials

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = SandboxServer(seed=0, threads=60, events=16, now=now).start()
    control(server, "quota", {"units_per_minute": 10_000_000})
    tokens = server.issue_tokens()
    paths = resolve_paths().ensure()
    settings = load_settings(
        paths,
        google={"api_root": server.url, "token_uri": server.token_uri},
        sync={"quota_units_per_minute": 1_000_000, "max_wait": 2},
    )

    def credentials_for(_account: Any) -> Credentials:
        return Credentials(  # type: ignore[no-untyped-call]
            token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
            token_uri=server.token_uri,
            client_id="sandbox-client",
            client_secret="sandbox-secret",
        )

    backend = AppBackend(paths, settings, credentials_for=credentials_for, ensure_account=USER)
    first = backend.sync()
    assert first.ok, first
    yield Live(server, backend, paths)
    backend.close()
    server.stop()


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 40) -> None:
    """Let the app run until condition holds (or fail after timeout seconds)."""
    loops = int(timeout / 0.05)
    for _ in range(loops):
        app: Any = pilot.app
        assert not getattr(app, "startup_error", None), app.startup_error
        assert app.is_running and app.return_code is None, f"app ended: {app._exit_renderables}"
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached in time")


def plain(renderable: RenderableType, width: int = 60) -> str:
    """A renderable as plain text."""
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def log_text(app: NyteApp) -> str:
    """Everything the command pane's log shows."""
    from textual.widgets import RichLog

    log = app.command_pane.query_one("#command-log", RichLog)
    return "\n".join(strip.text for strip in log.lines)
