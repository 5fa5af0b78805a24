"""A first sync cut short by the wait budget reports what it committed and the next one resumes."""

from __future__ import annotations

import base64
import json
import urllib.request

import pytest

from nyte_tui.errors import ExitCode
from nyte_tui.store.queries import ingestion as qi
from sync.conftest import SyncHarness, control
from sync.test_cli_sync import cli_env, nyte
from sync.test_sync import raw_mail, sandbox_messages, stored_messages

__all__ = ["cli_env"]


def other_client_inserts(harness: SyncHarness, count: int) -> None:
    """Another client spends part of the per-minute quota with messages.insert calls."""
    for number in range(count):
        raw = raw_mail(
            "Ops <ops@northwind.example>",
            f"Imported {number}",
            "Archived by another tool.",
            f"<imported-{number}@northwind.example>",
        )
        body = {"raw": base64.urlsafe_b64encode(raw).decode(), "labelIds": ["INBOX"]}
        request = urllib.request.Request(
            f"{harness.server.url}gmail/v1/users/me/messages",
            data=json.dumps(body).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {harness.tokens['access_token']}",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200


@pytest.mark.parametrize("own_limit", ["1500", "1000000"], ids=["limiter-knows", "limiter-unaware"])
def test_partial_first_sync_counts_what_it_committed(
    harness: SyncHarness, monkeypatch: pytest.MonkeyPatch, own_limit: str
) -> None:
    # The quota window outlasts the test: the sync must stop on its wait budget, not wait it out.
    control(harness.server, "quota", {"units_per_minute": 1500, "window_seconds": 600})
    other_client_inserts(harness, 20)  # 500 of the 1,500 units
    monkeypatch.setenv("NYTE_SYNC_QUOTA_UNITS_PER_MINUTE", own_limit)
    monkeypatch.setenv("NYTE_SYNC_MAX_WAIT", "1")
    monkeypatch.setenv("NYTE_SYNC_BATCH_SIZE", "10")
    harness.mark()

    first = harness.sync()

    assert first.exit_code == ExitCode.PARTIAL, first.as_json()
    report = first.accounts[0].gmail
    assert report is not None and report.partial
    stored = len(stored_messages(harness))
    total = len(sandbox_messages(harness))
    assert 0 < stored < total
    assert report.fetched == stored and report.changed >= stored
    got = [
        r
        for r in harness.requests()
        if r["api_method"] == "gmail.users.messages.get" and r["status"] == 200
    ]
    assert len(got) >= stored
    error = report.error or ""
    assert "0 s more" not in error and "0s more" not in error
    assert "wait budget" in error and "next sync resumes" in error
    assert qi.source_state(harness.store, harness.account.account_id, "gmail").resume

    control(harness.server, "quota", {"units_per_minute": 10_000_000, "window_seconds": 60})
    monkeypatch.setenv("NYTE_SYNC_QUOTA_UNITS_PER_MINUTE", "1000000")
    harness.mark()
    second = harness.sync()
    assert second.exit_code == ExitCode.OK, second.as_json()
    again = second.accounts[0].gmail
    assert again is not None and again.fetched == total - stored
    assert harness.count("gmail.users.messages.get") == total - stored  # one get each
    assert stored_messages(harness) == sandbox_messages(harness)


def test_cli_prints_the_partial_counts_and_that_the_next_sync_resumes(
    harness: SyncHarness, cli_env: dict[str, str]
) -> None:
    control(harness.server, "quota", {"units_per_minute": 1500, "window_seconds": 600})
    other_client_inserts(harness, 20)
    cli_env.update(NYTE_SYNC_MAX_WAIT="1", NYTE_SYNC_BATCH_SIZE="10")
    result = nyte(cli_env, "sync")
    assert result.returncode == ExitCode.PARTIAL, result.stderr
    stored = len(stored_messages(harness))
    assert stored > 0
    line = result.stdout.strip().splitlines()[0]
    assert f"gmail full: {stored} fetched" in line, line
    assert "next sync resumes" in line and "0s more" not in line
    assert "Traceback" not in result.stdout + result.stderr
