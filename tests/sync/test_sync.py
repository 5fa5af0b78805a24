"""Full and incremental sync reproduce the sandbox's mailbox and calendar exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from nyte_tui.errors import ExitCode
from nyte_tui.store.queries import calendar as qcal
from nyte_tui.store.queries import ingestion as qi
from nyte_tui.store.queries import runs as qr
from nyte_tui.sync.calendar import event_record
from nyte_tui.sync.google_api import build_calendar, build_gmail
from sync.conftest import USER, SyncHarness


def sandbox_messages(harness: SyncHarness) -> dict[str, tuple[str, list[str]]]:
    """What Gmail holds inside the window: id → (thread id, labels), spam/trash/drafts left out."""
    cutoff = int((datetime.now(UTC) - timedelta(days=30)).timestamp() * 1000)
    state = harness.server.state
    with state.lock:
        return {
            m.id: (m.thread_id, sorted(m.label_ids))
            for m in state.gmail.messages.values()
            if m.internal_date_ms >= cutoff
            and not {"SPAM", "TRASH", "DRAFT", "CHAT"} & set(m.label_ids)
        }


def stored_messages(harness: SyncHarness) -> dict[str, tuple[str, list[str]]]:
    """What the store mirrors: id → (thread id, labels)."""
    return {
        m["gmail_id"]: (m["thread_id"], sorted(m["label_ids"])) for m in harness.dump()["messages"]
    }


def sandbox_events(harness: SyncHarness) -> dict[str, tuple[str | None, str, str | None]]:
    """Events Google lists in the window: key → (summary, status, my response)."""
    settings_root = harness.server.url
    from nyte_tui.config.settings import load_settings

    settings = load_settings(harness.paths)
    assert settings.google.api_root == settings_root
    calendar = build_calendar(settings, harness.credentials())
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start, end = today - timedelta(days=1), today + timedelta(days=31)
    result = {}
    for entry in calendar.calendarList().list().execute()["items"]:
        if not (entry.get("selected") or entry.get("primary")):
            continue
        calendar_id = "primary" if entry.get("primary") else entry["id"]
        items = (
            calendar.events()
            .list(
                calendarId=calendar_id,
                timeMin=start.isoformat().replace("+00:00", "Z"),
                timeMax=end.isoformat().replace("+00:00", "Z"),
                singleEvents=True,
                maxResults=2500,
            )
            .execute()["items"]
        )
        for item in items:
            record = event_record(item, entry.get("timeZone"))
            result[f"{calendar_id}/{item['id']}"] = (
                record.summary,
                record.status,
                record.my_response_status,
            )
    return result


def stored_events(harness: SyncHarness) -> dict[str, tuple[str | None, str, str | None]]:
    """Events in the store: key → (summary, status, my response)."""
    return {
        f"{e['calendar_id']}/{e['event_id']}": (e["summary"], e["status"], e["my_response_status"])
        for e in harness.dump()["events"]
    }


def raw_mail(sender: str, subject: str, body: str, message_id: str, **headers: str) -> bytes:
    """An RFC 822 message to the sandbox user."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = f"Alex Morgan <{USER}>"
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def google_clients(harness: SyncHarness) -> tuple[Any, Any]:
    """Gmail and Calendar clients acting as the user (to change the sandbox like a person)."""
    from nyte_tui.config.settings import load_settings

    settings = load_settings(harness.paths)
    creds = harness.credentials()
    return build_gmail(settings, creds), build_calendar(settings, creds)


def test_full_then_incremental_sync_mirror_the_sandbox(harness: SyncHarness) -> None:
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    gmail_report = result.accounts[0].gmail
    assert gmail_report is not None and gmail_report.mode == "full"
    assert stored_messages(harness) == sandbox_messages(harness)
    assert stored_events(harness) == sandbox_events(harness)
    threads = harness.dump()["threads"]
    assert {t["thread_id"] for t in threads} == {t for t, _ in sandbox_messages(harness).values()}

    gmail, calendar = google_clients(harness)
    before = sandbox_messages(harness)
    inserted = (
        gmail.users()
        .messages()
        .insert(
            userId="me",
            body={
                "raw": __import__("base64")
                .urlsafe_b64encode(
                    raw_mail(
                        "Priya Natarajan <priya@northwind.example>",
                        "Launch checklist — können wir Freitag?",
                        "Can you confirm the launch date by Friday?",
                        "<launch-1@northwind.example>",
                    )
                )
                .decode(),
                "labelIds": ["INBOX", "UNREAD"],
            },
        )
        .execute()
    )
    some_ids = sorted(before)
    starred, trashed, deleted = some_ids[0], some_ids[1], some_ids[2]
    gmail.users().messages().modify(
        userId="me", id=starred, body={"addLabelIds": ["STARRED"], "removeLabelIds": ["UNREAD"]}
    ).execute()
    gmail.users().messages().trash(userId="me", id=trashed).execute()
    gmail.users().messages().delete(userId="me", id=deleted).execute()
    tomorrow = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    created = (
        calendar.events()
        .insert(
            calendarId="primary",
            body={
                "summary": "Launch review",
                "start": {"dateTime": tomorrow.isoformat()},
                "end": {"dateTime": (tomorrow + timedelta(minutes=30)).isoformat()},
                "attendees": [
                    {"email": USER, "self": True, "responseStatus": "needsAction"},
                    {"email": "sam@northwind.example", "organizer": True},
                ],
            },
        )
        .execute()
    )
    pending = [
        key
        for key, (_summary, status, mine) in stored_events(harness).items()
        if mine == "needsAction" and key.startswith("primary/")
    ]
    if pending:
        event_id = pending[0].split("/", 1)[1]
        event = calendar.events().get(calendarId="primary", eventId=event_id).execute()
        for attendee in event.get("attendees", []):
            if attendee.get("self"):
                attendee["responseStatus"] = "accepted"
        calendar.events().patch(
            calendarId="primary", eventId=event_id, body={"attendees": event["attendees"]}
        ).execute()

    harness.mark()
    result = harness.sync()
    assert result.exit_code == ExitCode.OK, result.as_json()
    report = result.accounts[0].gmail
    assert report is not None and report.mode == "incremental"
    mirrored = stored_messages(harness)
    assert mirrored == sandbox_messages(harness)
    assert inserted["id"] in mirrored
    assert "STARRED" in mirrored[starred][1] and "UNREAD" not in mirrored[starred][1]
    assert trashed not in mirrored and deleted not in mirrored
    assert stored_events(harness) == sandbox_events(harness)
    assert f"primary/{created['id']}" in stored_events(harness)
    if pending:
        assert stored_events(harness)[pending[0]][2] == "accepted"
    assert harness.count("gmail.users.messages.get") == 1  # only the new message, once


def test_unchanged_incremental_sync_costs_one_history_call_and_one_per_calendar(
    harness: SyncHarness,
) -> None:
    assert harness.sync().exit_code == ExitCode.OK
    harness.mark()
    result = harness.sync()
    assert result.exit_code == ExitCode.OK
    requests = harness.requests()
    gmail_calls = [r for r in requests if str(r["api_method"]).startswith("gmail.")]
    calendar_calls = [r for r in requests if str(r["api_method"]).startswith("calendar.")]
    assert [r["api_method"] for r in gmail_calls] == ["gmail.users.history.list"]
    calendars = qcal.list_calendars(harness.store, harness.account.account_id)
    synced = [c for c in calendars if c.selected or c.is_primary]
    assert len(calendar_calls) <= len(synced)
    assert all(r["api_method"] == "calendar.events.list" for r in calendar_calls)
    report = result.accounts[0]
    assert report.gmail is not None and report.gmail.fetched == 0
    assert report.calendar is not None and report.calendar.changed == 0


def test_repeated_full_sync_fetches_no_message_it_already_has(harness: SyncHarness) -> None:
    assert harness.sync().exit_code == ExitCode.OK
    before = harness.dump()
    harness.mark()
    result = harness.sync(full=True)
    assert result.exit_code == ExitCode.OK
    assert harness.count("gmail.users.messages.get") == 0
    assert harness.dump()["messages"] == before["messages"]


def test_runs_record_each_pass_with_events(harness: SyncHarness) -> None:
    harness.sync()
    harness.sync()
    runs = qr.recent_runs(harness.store, 5, "sync")
    assert len(runs) == 2
    assert runs[0]["status"] == "ok"
    kinds = [e["kind"] for e in runs[1]["events"]]
    assert "gmail.done" in kinds and "calendar.done" in kinds
    summary = runs[0]["summary"]
    assert summary["gmail"]["mode"] == "incremental"
    state = qi.source_state(harness.store, harness.account.account_id, "gmail")
    assert state.cursor is not None and state.last_success_at is not None
    assert state.consecutive_failures == 0
    assert json.dumps(runs, default=str)
