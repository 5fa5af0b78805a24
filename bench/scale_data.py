"""Stores the size of a real mailbox (10k, 100k, 1M messages), cached on disk by size and seed.

The calendar comes through nyte's own calendar sync from a sandbox of 2,000 to 9,000 events
(a year ahead is mirrored: about 950 to 1,600 of them), so it is what a user's store holds.
The mail, threads, work items and gates come from scale_mail and go in through the store's
bulk loader, 20,000 rows a statement. A store is built once per size, seed, day and schema
version; re-runs reuse it.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scale_mail import USER, load_mail

GENERATOR_VERSION = 3
CALENDAR_DAYS = 365


@dataclass(frozen=True)
class ScaleStore:
    """A generated store and what it holds."""

    home: Path
    messages: int
    threads: int
    items: int
    events: int
    seconds: float  # time to build it (0 when it came from the cache)


def events_for(messages: int) -> int:
    """The sandbox calendar size that goes with a mailbox (950 to 1,600 events mirrored)."""
    return 2_000 if messages <= 10_000 else 5_000 if messages <= 100_000 else 9_000


def cache_root() -> Path:
    """Where generated stores are kept between runs ($NYTE_BENCH_CACHE or ~/.cache)."""
    default = Path.home() / ".cache" / "nyte-bench"
    return Path(os.environ.get("NYTE_BENCH_CACHE", default))


def scale_store(messages: int, seed: int = 1) -> ScaleStore:
    """A NYTE_HOME whose store holds `messages` messages; built once and then reused."""
    from nyte_tui.store.migrate import SCHEMA_VERSION

    day = datetime.now(UTC).date().isoformat()
    key = f"store-{messages}-s{seed}-g{GENERATOR_VERSION}-v{SCHEMA_VERSION}-{day}"
    home = cache_root() / key
    manifest = home / "scale.json"
    if manifest.exists():
        info = json.loads(manifest.read_text(encoding="utf-8"))
        return ScaleStore(home=home, seconds=0.0, **info)
    for stale in cache_root().glob(f"store-{messages}-s{seed}-*"):
        shutil.rmtree(stale, ignore_errors=True)  # older days or schema versions
    building = home.with_name(key + ".building")
    shutil.rmtree(building, ignore_errors=True)
    started = time.perf_counter()
    info = _build(building, messages, seed)
    (building / "scale.json").write_text(json.dumps(info), encoding="utf-8")
    building.rename(home)
    return ScaleStore(home=home, seconds=time.perf_counter() - started, **info)


def _build(home: Path, messages: int, seed: int) -> dict[str, int]:
    """Sync a sandbox calendar into a fresh store, then load the generated mail into it."""
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.store.bulk_load import row_count
    from nyte_tui.store.db import open_store
    from nyte_tui.store.models import CalendarEvent

    os.environ["NYTE_HOME"] = str(home)
    paths = resolve_paths().ensure()
    started = time.perf_counter()
    _sync_calendar(paths, events_for(messages), seed)
    print(f"  calendar synced in {_elapsed(started)}", flush=True)
    store = open_store(paths.database)
    try:
        account_id = _account_id(store)
        threads, items = load_mail(store, account_id, messages, seed)
        print(f"  {messages:,} messages loaded in {_elapsed(started)}", flush=True)
        events = row_count(store, CalendarEvent)
    finally:
        store.close()
    return {"messages": messages, "threads": threads, "items": items, "events": events}


def _account_id(store: Any) -> int:
    """The id of the one account."""
    from nyte_tui.store.queries import accounts as qa

    return int(qa.ensure_account(store, USER).account_id)


def _sync_calendar(paths: Any, events: int, seed: int) -> None:
    """nyte's own sync (no triage) from a sandbox calendar of `events` events, a year ahead."""
    import google.oauth2.credentials

    from nyte_tui.config.settings import load_settings
    from nyte_tui.sandbox.server import SandboxServer
    from nyte_tui.store.db import open_store
    from nyte_tui.store.queries import accounts as qa
    from nyte_tui.sync.engine import SyncEngine

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    with SandboxServer(seed=seed, threads=5, events=events, now=now) as server:
        tokens = server.issue_tokens()
        os.environ.update(
            NYTE_GOOGLE_API_ROOT=server.url,
            NYTE_GOOGLE_TOKEN_URI=server.token_uri,
            NYTE_SYNC_QUOTA_UNITS_PER_MINUTE="1000000",
            NYTE_SYNC_CALENDAR_DAYS=str(CALENDAR_DAYS),
        )
        server.state.configure_quota(units_per_minute=10**9)
        settings = load_settings(paths)
        store = open_store(paths.database)
        try:
            qa.ensure_account(store, USER)

            def credentials(_account: object) -> Any:
                return google.oauth2.credentials.Credentials(
                    token=tokens["access_token"],
                    refresh_token=tokens["refresh_token"],
                    token_uri=server.token_uri,
                    client_id="sandbox-client",
                    client_secret="sandbox-secret",
                )

            engine = SyncEngine(
                paths=paths, settings=settings, store=store, credentials_for=credentials
            )
            result = engine.run_once(full=True)
            if result.exit_code != 0:
                raise RuntimeError(f"calendar sync failed: {result.as_json()}")
        finally:
            store.close()
            for name in (
                "NYTE_GOOGLE_API_ROOT",
                "NYTE_GOOGLE_TOKEN_URI",
                "NYTE_SYNC_CALENDAR_DAYS",
            ):
                os.environ.pop(name, None)


def _elapsed(started: float) -> str:
    """Seconds since started, for progress lines."""
    return f"{time.perf_counter() - started:.1f} s"


if __name__ == "__main__":
    import sys

    for size in [int(arg) for arg in sys.argv[1:]] or [10_000]:
        begun = time.perf_counter()
        built = scale_store(size)
        print(built, _elapsed(begun), flush=True)
