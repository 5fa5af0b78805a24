"""Edge cases: logged-out accounts, moved and cancelled events, quota-starved progress, backoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nyte_tui.errors import ExitCode, ReauthRequired, UsageError
from nyte_tui.store.queries import accounts as qa
from nyte_tui.store.queries import ingestion as qi
from nyte_tui.store.queries import runs as qr
from nyte_tui.sync.gmail_parse import message_record
from sync.conftest import USER, SyncHarness, control
from sync.test_faults import add_mail, assert_mirrors
from sync.test_sync import google_clients, stored_events, stored_messages


def test_logged_out_account_is_never_synced_nor_flagged(harness: SyncHarness) -> None:
    assert harness.sync().exit_code == ExitCode.OK
    qa.set_account_status(harness.store, harness.account.account_id, "disabled")
    with pytest.raises(ReauthRequired, match="no connected account"):
        harness.sync()
    from nyte_tui.config.settings import load_settings
    from nyte_tui.services.sync_service import run_sync

    with pytest.raises(UsageError, match="logged out"):
        run_sync(
            harness.paths,
            load_settings(harness.paths),
            account_email=USER,
            credentials_for=harness.credentials,
            store=harness.store,
        )
    with pytest.raises(UsageError, match="no connected account"):
        run_sync(
            harness.paths,
            load_settings(harness.paths),
            account_email="nobody@example.com",
            credentials_for=harness.credentials,
            store=harness.store,
        )
    qa.mark_account_needs_reauth(harness.store, harness.account.account_id, "invalid_grant")
    assert qa.get_account(harness.store, USER).status == "disabled"  # type: ignore[union-attr]


def test_moved_deleted_and_cancelled_events_leave_the_mirror(harness: SyncHarness) -> None:
    assert harness.sync().exit_code == ExitCode.OK
    _gmail, calendar = google_clients(harness)
    tomorrow = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)

    def insert(summary: str, start: datetime, **extra: object) -> str:
        body = {
            "summary": summary,
            "start": {"dateTime": start.isoformat()},
            "end": {"dateTime": (start + timedelta(minutes=30)).isoformat()},
            "attendees": [
                {"email": USER, "self": True, "responseStatus": "needsAction"},
                {"email": "dana@northwind.example", "organizer": True},
            ],
            **extra,
        }
        return str(calendar.events().insert(calendarId="primary", body=body).execute()["id"])

    moving = insert("Pricing sync", tomorrow)
    doomed = insert("Vendor call", tomorrow + timedelta(hours=2))
    weekly = insert(
        "Team weekly", tomorrow + timedelta(hours=4), recurrence=["RRULE:FREQ=WEEKLY;COUNT=6"]
    )
    assert harness.sync().exit_code == ExitCode.OK
    keys = stored_events(harness)
    assert f"primary/{moving}" in keys and f"primary/{doomed}" in keys
    weekly_rows = [k for k in keys if k.startswith(f"primary/{weekly}")]
    assert len(weekly_rows) >= 4

    later = tomorrow + timedelta(days=60)
    calendar.events().patch(
        calendarId="primary",
        eventId=moving,
        body={"start": {"dateTime": later.isoformat()}, "end": {"dateTime": later.isoformat()}},
    ).execute()
    calendar.events().delete(calendarId="primary", eventId=doomed).execute()
    instance = weekly_rows[-1].split("/", 1)[1]
    calendar.events().delete(calendarId="primary", eventId=instance).execute()
    event = calendar.events().get(calendarId="primary", eventId=weekly).execute()
    for attendee in event["attendees"]:
        if attendee.get("self"):
            attendee["responseStatus"] = "accepted"
    calendar.events().patch(
        calendarId="primary", eventId=weekly, body={"attendees": event["attendees"]}
    ).execute()

    harness.mark()
    assert harness.sync().exit_code == ExitCode.OK
    after = stored_events(harness)
    assert f"primary/{moving}" not in after
    assert f"primary/{doomed}" not in after
    assert f"primary/{instance}" not in after
    remaining = [k for k in after if k.startswith(f"primary/{weekly}")]
    assert len(remaining) == len(weekly_rows) - 1
    assert all(after[k][2] == "accepted" for k in remaining)
    calendar_calls = [r for r in harness.requests() if str(r["api_method"]).startswith("calendar.")]
    assert len(calendar_calls) <= 4  # one listing per calendar plus one re-expanded series


def test_quota_starved_full_sync_still_makes_progress(
    harness: SyncHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = len(harness.server.state.gmail.messages)
    control(harness.server, "quota", {"units_per_minute": 800})
    monkeypatch.setenv("NYTE_SYNC_MAX_WAIT", "1")
    monkeypatch.setenv("NYTE_SYNC_BATCH_SIZE", "10")
    monkeypatch.setenv("NYTE_SYNC_PAGE_SIZE", "500")
    first = harness.sync()
    assert first.exit_code == ExitCode.PARTIAL
    stored_after_first = len(stored_messages(harness))
    assert 0 < stored_after_first < total
    control(harness.server, "quota", {"units_per_minute": 10_000_000})
    harness.mark()
    assert harness.sync().exit_code == ExitCode.OK
    assert_mirrors(harness)
    # What the starved pass paid for is not fetched again.
    refetched = harness.count("gmail.users.messages.get")
    assert refetched <= total - stored_after_first


def test_failing_source_backs_off_until_full(harness: SyncHarness) -> None:
    assert harness.sync().exit_code == ExitCode.OK
    add_mail(harness, 1)
    control(
        harness.server, "faults", {"match": "gmail.users.history.list", "count": 1, "status": 400}
    )
    assert harness.sync().exit_code == ExitCode.PARTIAL
    state = qi.source_state(harness.store, harness.account.account_id, "gmail")
    assert state.backoff_until is not None and state.consecutive_failures == 1
    harness.mark()
    skipped = harness.sync()
    assert skipped.exit_code == ExitCode.PARTIAL
    assert "backing off" in (skipped.accounts[0].gmail.error or "")  # type: ignore[union-attr]
    assert harness.count("gmail.users.history.list") == 0
    assert harness.sync(full=True).exit_code == ExitCode.OK
    assert_mirrors(harness)


def test_encoded_display_name_with_comma_keeps_the_address() -> None:
    record = message_record(
        {
            "id": "m1",
            "threadId": "t1",
            "payload": {
                "headers": [
                    {"name": "From", "value": "=?utf-8?q?M=C3=BCller=2C_Hans?= <Hans@x.example>"}
                ]
            },
        }
    )
    assert record.from_email == "hans@x.example"
    assert record.from_name == "Müller, Hans"


def test_unreachable_google_fails_fast_with_a_plain_message(
    harness: SyncHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NYTE_GOOGLE_API_ROOT", "http://127.0.0.1:9/")
    result = harness.sync()
    assert result.exit_code == ExitCode.PARTIAL
    report = result.accounts[0].gmail
    assert report is not None and report.error is not None
    assert report.error.startswith("cannot reach Google")
    runs = qr.recent_runs(harness.store, 1)
    assert runs[0]["summary"]["waited_seconds"] < 10
