"""The sync use case shared by `nyte sync`, cron and the app's worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from nyte_tui.config.paths import Paths
from nyte_tui.config.settings import Settings
from nyte_tui.services.sending.send import reconcile_pending
from nyte_tui.store.db import Store, open_store
from nyte_tui.store.records import AccountRef
from nyte_tui.sync.engine import AfterAccount, SyncEngine, SyncResult
from nyte_tui.sync.progress import SyncReporter


def default_credentials(paths: Paths, settings: Settings) -> Callable[[AccountRef], Any]:
    """Credentials from the secret store for each account (refreshing them as needed)."""

    def credentials_for(account: AccountRef) -> Any:
        from nyte_tui.services.accounts import credentials_for_account

        return credentials_for_account(paths, settings, account.email)

    return credentials_for


def default_after_account(store: Store, settings: Settings) -> AfterAccount | None:
    """The triage pass run after each account's sync."""
    from nyte_tui.services.triage.run import after_sync_hook

    return after_sync_hook(store, settings)


def run_sync(
    paths: Paths,
    settings: Settings,
    *,
    full: bool = False,
    account_email: str | None = None,
    reporter: SyncReporter | None = None,
    trigger: str = "cli",
    credentials_for: Callable[[AccountRef], Any] | None = None,
    store: Store | None = None,
    lock_timeout: float | None = None,
    now: Callable[[], datetime] | None = None,
) -> SyncResult:
    """Run one sync pass and the triage that follows it."""
    own_store = store is None
    active_store = store or open_store(paths.ensure().database)
    try:
        engine = SyncEngine(
            paths=paths,
            settings=settings,
            store=active_store,
            credentials_for=credentials_for or default_credentials(paths, settings),
            reporter=reporter,
            trigger=trigger,
            after_account=default_after_account(active_store, settings),
            lock_timeout=settings.sync.lock_wait if lock_timeout is None else lock_timeout,
            now=now,
        )
        reconcile_pending(paths, settings, store=active_store, best_effort=True)
        _settle_runs(paths, settings, active_store)
        return engine.run_once(full=full, account_email=account_email)
    finally:
        if own_store:
            active_store.close()


def _settle_runs(paths: Paths, settings: Settings, store: Store) -> None:
    """Settle command runs a crash left executing (best effort: the sync goes on regardless)."""
    from nyte_tui.errors import NyteError
    from nyte_tui.services.commands.execute import reconcile_runs

    try:
        reconcile_runs(paths, settings, store=store)
    except NyteError:
        return


def recent_runs(paths: Paths, limit: int = 20, kind: str | None = None) -> list[dict[str, Any]]:
    """The latest workflow runs with their events."""
    from nyte_tui.store.queries.runs import recent_runs as query

    store = open_store(paths.ensure().database)
    try:
        return query(store, limit, kind)
    finally:
        store.close()
