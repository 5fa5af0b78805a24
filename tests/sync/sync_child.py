"""Run one in-process sync against a sandbox (a separate process the crash tests can kill)."""

from __future__ import annotations

import json
import os
import sys

import google.oauth2.credentials

from nyte_tui.config.paths import resolve_paths
from nyte_tui.config.settings import load_settings
from nyte_tui.services.sync_service import run_sync


def main() -> int:
    """Sync using tokens given in NYTE_TEST_TOKENS and exit with the sync's exit code."""
    tokens = json.loads(os.environ["NYTE_TEST_TOKENS"])
    paths = resolve_paths().ensure()
    settings = load_settings(paths)
    from nyte_tui.store.db import open_store
    from nyte_tui.store.queries.accounts import ensure_account

    store = open_store(paths.database)
    ensure_account(store, os.environ.get("NYTE_TEST_ACCOUNT", "alex@northwind.example"))
    store.close()

    def credentials(_account: object) -> google.oauth2.credentials.Credentials:
        return google.oauth2.credentials.Credentials(
            token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
            token_uri=settings.google.token_uri,
            client_id="sandbox-client",
            client_secret="sandbox-secret",
        )

    lock_timeout = float(os.environ.get("NYTE_TEST_LOCK_TIMEOUT", "10"))
    try:
        result = run_sync(paths, settings, credentials_for=credentials, lock_timeout=lock_timeout)
    except Exception as exc:  # the exit code is what the tests look at
        print(f"error: {exc}", file=sys.stderr)
        return int(getattr(exc, "exit_code", 1))
    print(json.dumps(result.as_json()))
    return int(result.exit_code)


if __name__ == "__main__":
    sys.exit(main())
