"""Several accounts: a sync covers every active one, and each fails on its own."""

from __future__ import annotations

from typing import Any

import google.oauth2.credentials

from nyte_tui.errors import ExitCode
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import mirror as q
from nyte_tui.store.records import AccountRef
from sync.conftest import SyncHarness, control

SECOND = "alex.personal@northwind.example"


def test_each_account_syncs_and_fails_on_its_own(harness: SyncHarness) -> None:
    second_tokens = harness.server.issue_tokens()
    qa.ensure_account(harness.store, SECOND)

    def credentials(account: AccountRef) -> Any:
        tokens = second_tokens if account.email == SECOND else harness.tokens
        return google.oauth2.credentials.Credentials(
            token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
            token_uri=harness.server.token_uri,
            client_id="sandbox-client",
            client_secret="sandbox-secret",
        )

    harness.credentials = credentials  # type: ignore[method-assign]
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    assert [a.account for a in result.accounts] == [harness.account.email, SECOND]
    accounts = {a.email: a.account_id for a in qa.sync_accounts(harness.store)}
    first_dump = q.mirror_dump(harness.store, accounts[harness.account.email])
    second_dump = q.mirror_dump(harness.store, accounts[SECOND])
    assert first_dump["messages"] and first_dump["messages"] == second_dump["messages"]

    # Only the second account's refresh token dies.
    state = harness.server.state
    with state.lock:
        state.tokens.revoke(second_tokens["refresh_token"])
    control(harness.server, "expire-tokens")
    result = harness.sync()
    assert result.exit_code == ExitCode.REAUTH
    by_account = {a.account: a for a in result.accounts}
    assert by_account[SECOND].needs_reauth
    assert not by_account[harness.account.email].failed
    statuses = {a.email: a.status for a in qa.sync_accounts(harness.store)}
    assert statuses == {harness.account.email: "active", SECOND: "needs_reauth"}
