"""Run one sync against a sandbox in this process and print timing, counts and peak memory."""

from __future__ import annotations

import json
import os
import resource
import sys
import time

import google.oauth2.credentials

from nyte_tui.config.paths import resolve_paths
from nyte_tui.config.settings import load_settings
from nyte_tui.services.sync_service import run_sync
from nyte_tui.store.db import open_store
from nyte_tui.store.queries.accounts import ensure_account


def main() -> int:
    """Sync with tokens from NYTE_BENCH_TOKENS and print a JSON line."""
    tokens = json.loads(os.environ["NYTE_BENCH_TOKENS"])
    paths = resolve_paths().ensure()
    settings = load_settings(paths)
    store = open_store(paths.database)
    ensure_account(store, "alex@northwind.example")

    def credentials(_account: object) -> google.oauth2.credentials.Credentials:
        return google.oauth2.credentials.Credentials(
            token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
            token_uri=settings.google.token_uri,
            client_id="sandbox-client",
            client_secret="sandbox-secret",
        )

    started = time.perf_counter()
    result = run_sync(paths, settings, credentials_for=credentials, store=store)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = result.as_json()
    report["bench"] = {"seconds": seconds, "peak_rss_mib": peak_kib / 1024}
    print(json.dumps(report))
    return int(result.exit_code)


if __name__ == "__main__":
    sys.exit(main())
