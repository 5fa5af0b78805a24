"""Faults end with a correct store and the right exit code."""

from __future__ import annotations

import pytest

from nyte_tui.errors import ExitCode
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import ingestion as qi
from nyte_tui.store.queries import runs as qr
from nyte_tui.sync.limiter import retry_after_seconds
from sync.conftest import SyncHarness, control
from sync.test_sync import sandbox_events, sandbox_messages, stored_events, stored_messages


def assert_mirrors(harness: SyncHarness) -> None:
    """The store matches the sandbox exactly."""
    assert stored_messages(harness) == sandbox_messages(harness)
    assert stored_events(harness) == sandbox_events(harness)


def add_mail(harness: SyncHarness, count: int) -> None:
    """Deliver count new messages to the sandbox inbox."""
    from sync.test_sync import raw_mail

    for number in range(count):
        harness.server.state.insert_message(
            raw_mail(
                "Sam Ortiz <sam@northwind.example>",
                f"Update {number}",
                "Quick question: can you review this today?",
                f"<update-{number}@northwind.example>",
            ),
            ["INBOX", "UNREAD"],
        )


def test_rate_limited_batch_parts_honour_retry_after(harness: SyncHarness) -> None:
    control(
        harness.server,
        "faults",
        {"match": "gmail.users.messages.get", "count": 3, "status": 429, "retry_after": 0.2},
    )
    harness.mark()
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    assert_mirrors(harness)
    statuses = [
        r["status"] for r in harness.requests() if r["api_method"] == "gmail.users.messages.get"
    ]
    assert statuses.count(429) == 3
    runs = qr.recent_runs(harness.store, 1)
    assert runs[0]["summary"]["retries"] >= 1


def test_server_error_bursts_and_dropped_connections_recover(harness: SyncHarness) -> None:
    control(
        harness.server, "faults", {"match": "gmail.users.messages.list", "count": 2, "status": 503}
    )
    control(
        harness.server, "faults", {"match": "gmail.users.getProfile", "count": 1, "drop": "before"}
    )
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    assert_mirrors(harness)
    add_mail(harness, 3)
    control(
        harness.server, "faults", {"match": "gmail.users.history.list", "count": 3, "status": 500}
    )
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    assert_mirrors(harness)


def test_whole_batch_failure_halves_and_retries(harness: SyncHarness) -> None:
    control(harness.server, "faults", {"match": "/batch", "count": 2, "status": 502})
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    assert_mirrors(harness)


def test_persistent_failure_is_partial_exit_4_and_recovers_next_time(
    harness: SyncHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NYTE_SYNC_MAX_WAIT", "2")
    harness.sync()
    add_mail(harness, 2)
    control(
        harness.server, "faults", {"match": "gmail.users.history.list", "count": 50, "status": 500}
    )
    result = harness.sync()
    assert result.exit_code == ExitCode.PARTIAL
    state = qi.source_state(harness.store, harness.account.account_id, "gmail")
    assert state.consecutive_failures == 1 and state.last_error
    control(harness.server, "faults", method="DELETE")
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    assert_mirrors(harness)
    assert (
        qi.source_state(harness.store, harness.account.account_id, "gmail").consecutive_failures
        == 0
    )


def test_expired_history_runs_a_bounded_resync(harness: SyncHarness) -> None:
    harness.sync()
    add_mail(harness, 2)
    some = sorted(sandbox_messages(harness))[:2]
    with harness.server.state.lock:
        harness.server.state.gmail.modify(some[0], ["STARRED"], [])
    control(harness.server, "expire-history")
    harness.mark()
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    report = result.accounts[0].gmail
    assert report is not None and report.mode == "resync"
    assert_mirrors(harness)
    assert harness.count("gmail.users.messages.get") == 2  # only the two new ones, once each
    events = qr.recent_runs(harness.store, 1)[0]["events"]
    assert any(e["kind"] == "gmail.resync" for e in events)


def test_calendar_gone_410_rereads_the_window(harness: SyncHarness) -> None:
    harness.sync()
    control(harness.server, "faults", {"match": "calendar.events.list", "count": 1, "status": 410})
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    assert_mirrors(harness)
    events = qr.recent_runs(harness.store, 1)[0]["events"]
    assert any(e["kind"] == "calendar.resync" for e in events)


def test_expired_access_token_is_refreshed(harness: SyncHarness) -> None:
    harness.sync()
    add_mail(harness, 1)
    control(harness.server, "expire-tokens")
    harness.mark()
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    assert harness.count("oauth.token") >= 1
    assert_mirrors(harness)


def test_revoked_refresh_token_needs_reauth_exit_3_and_keeps_data(harness: SyncHarness) -> None:
    harness.sync()
    before = harness.dump()
    control(harness.server, "revoke")
    control(harness.server, "expire-tokens")
    result = harness.sync()
    assert result.exit_code == ExitCode.REAUTH
    assert "nyte auth login" in (result.accounts[0].error or "")
    assert harness.dump() == before
    assert qa.sync_accounts(harness.store)[0].status == "needs_reauth"
    again = harness.sync()
    assert again.exit_code == ExitCode.REAUTH  # not retried in a loop: skipped until login


def test_quota_exhaustion_waits_within_budget(
    harness: SyncHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    control(harness.server, "quota", {"units_per_minute": 600})
    monkeypatch.setenv("NYTE_SYNC_MAX_WAIT", "1")
    result = harness.sync()
    assert result.exit_code == ExitCode.PARTIAL
    report = result.accounts[0].gmail
    assert report is not None and report.error and "stopped early" in report.error
    control(harness.server, "quota", {"units_per_minute": 10_000_000})
    monkeypatch.setenv("NYTE_SYNC_MAX_WAIT", "30")
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    assert_mirrors(harness)


class FakeResponse(dict[str, str]):
    """A stand-in for httplib2's response headers."""

    status = 429


class FakeError(Exception):
    """A stand-in HttpError with a Gmail retry text."""

    resp = FakeResponse()
    content = (
        b'{"error": {"message": "User-rate limit exceeded.  Retry after 2030-01-01T00:00:30.000Z"}}'
    )


def test_retry_after_text_is_understood() -> None:
    from datetime import UTC, datetime

    wait = retry_after_seconds(FakeError(), now=datetime(2030, 1, 1, tzinfo=UTC))
    assert wait == pytest.approx(30.0)
