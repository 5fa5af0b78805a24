"""The app's conversation: keypress-to-render latency while a sync runs, confirm-to-sent time."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from suites import Result

KEYS = 40


def _backend(home: Path, threads: int) -> tuple[Any, Any]:
    """A sandbox and an app backend bound to it, synced once."""
    os.environ["NYTE_HOME"] = str(home)
    from google.oauth2.credentials import Credentials

    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.config.settings import load_settings
    from nyte_tui.sandbox.server import SandboxServer
    from nyte_tui.services.app.backend import AppBackend

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = SandboxServer(
        seed=0, threads=threads, events=40, now=now, quota_units_per_minute=100_000_000
    ).start()
    server.state.quota.calendar_requests_per_minute = 1_000_000
    tokens = server.issue_tokens()
    paths = resolve_paths().ensure()
    settings = load_settings(
        paths,
        google={"api_root": server.url, "token_uri": server.token_uri},
        sync={"quota_units_per_minute": 1_000_000},
        send={"undo_seconds": 0},
    )

    def credentials_for(_account: Any) -> Any:
        return Credentials(  # type: ignore[no-untyped-call]
            token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
            token_uri=server.token_uri,
            client_id="sandbox-client",
            client_secret="sandbox-secret",
        )

    backend = AppBackend(
        paths, settings, credentials_for=credentials_for, ensure_account="alex@northwind.example"
    )
    backend.sync()
    return server, backend


async def _keys_while_syncing(backend: Any, syncing: bool = True) -> list[float]:
    """Milliseconds from a keypress in the pane to the input showing it (during a full sync)."""
    from textual import events

    from nyte_tui.tui.app import NyteApp

    app = NyteApp(backend, auto_sync=False)
    samples: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.item_list.items:
            await pilot.pause(0.05)
        if syncing:
            app.action_sync()
            while not app.syncing:
                await pilot.pause(0.01)
        app.command_pane.begin("")
        for index in range(KEYS):
            letter = "abcdefghij"[index % 10]
            before = app.command_pane.input.value
            started = time.perf_counter()
            app.command_pane.input.post_message(events.Key(letter, letter))
            while app.command_pane.input.value == before:
                await asyncio.sleep(0.0005)
            samples.append((time.perf_counter() - started) * 1000)
            await pilot.pause(0.02)
        await pilot.press("escape")
    return samples


def _confirm_to_sent(backend: Any, runs: int) -> list[float]:
    """Milliseconds from confirming a previewed reply to Gmail's answer being stored."""
    from nyte_tui.services.triage.views import important_list

    samples: list[float] = []
    items = [
        i
        for i in important_list(backend.open(), backend.settings, include_all=True).items
        if i.source == "gmail"
    ]
    for item in items[:runs]:
        run = backend.command("reply that I am on it", item.id)
        if run.proposal is None:
            continue
        started = time.perf_counter()
        done = backend.confirm(run.run_id, run.proposal.hash)
        samples.append((time.perf_counter() - started) * 1000)
        assert done.status == "completed", done
    return samples


def run(quick: bool) -> list[Result]:
    """Measure both on a generated mailbox in a loopback sandbox."""
    threads = 300 if quick else 1500
    with tempfile.TemporaryDirectory() as tmp:
        server, backend = _backend(Path(tmp), threads)
        try:
            idle = asyncio.run(_keys_while_syncing(backend, syncing=False))
            keys = asyncio.run(_keys_while_syncing(backend))
            sends = _confirm_to_sent(backend, 3 if quick else 7)
        finally:
            backend.close()
            server.stop()
    keys.sort()
    p95 = keys[int(len(keys) * 0.95) - 1]
    return [
        Result(
            "conversation",
            "keypress → input updated in the pane during a sync (median)",
            statistics.median(keys),
            "ms",
            50,
            note="from posting the key to the input holding it (the next frame draws it); "
            f"p95 {p95:.1f} ms over {len(keys)} keys; headless Textual driver; "
            f"the same with no sync running: {statistics.median(idle):.1f} ms",
        ),
        Result(
            "conversation",
            "confirm → sent on the sandbox (median)",
            statistics.median(sends),
            "ms",
            1000,
            note=f"{len(sends)} replies; the writer lock, the one POST and the stored result",
        ),
    ]
