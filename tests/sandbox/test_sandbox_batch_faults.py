"""Batch requests, quota, injected faults and the request log, through googleapiclient."""

from __future__ import annotations

import http.client
import time
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from nyte_tui.sandbox.server import SandboxServer
from sandbox_fixtures import control


def message_ids(gmail: Any) -> list[str]:
    """Return every non-spam message id."""
    return [item["id"] for item in gmail.users().messages().list(userId="me").execute()["messages"]]


def test_batch_with_callbacks_and_a_failing_part(gmail: Any, sandbox: SandboxServer) -> None:
    ids = message_ids(gmail)[:3]
    since = control(sandbox, "GET", "requests")["next"]
    answers: dict[str, tuple[Any, Exception | None]] = {}

    def remember(request_id: str, response: Any, exception: Exception | None) -> None:
        answers[request_id] = (response, exception)

    batch = gmail.new_batch_http_request(callback=remember)
    for message_id in ids:
        batch.add(
            gmail.users()
            .messages()
            .get(userId="me", id=message_id, format="metadata", metadataHeaders=["Subject"]),
            request_id=message_id,
        )
    batch.add(gmail.users().messages().get(userId="me", id="ffffffffffffffff"), request_id="gone")
    batch.add(
        gmail.users().messages().modify(userId="me", id=ids[0], body={"addLabelIds": ["STARRED"]}),
        request_id="star",
    )
    batch.execute()
    for message_id in ids:
        response, exception = answers[message_id]
        assert exception is None and response["id"] == message_id
    missing_response, missing_error = answers["gone"]
    assert missing_response is None and isinstance(missing_error, HttpError)
    assert missing_error.resp.status == 404
    assert "STARRED" in answers["star"][0]["labelIds"]
    log = control(sandbox, "GET", f"requests?since={since}")["requests"]
    outer = [entry for entry in log if entry["api_method"] == "batch"]
    assert len(outer) == 1 and outer[0]["path"] == "/batch" and outer[0]["status"] == 200
    inner = [entry for entry in log if entry["batch_id"] == outer[0]["seq"]]
    assert [entry["api_method"] for entry in inner].count("gmail.users.messages.get") == 4
    assert sum(entry["units"] for entry in inner) == 4 * 20 + 5
    assert {entry["status"] for entry in inner} == {200, 404}


def test_batch_fault_applies_to_inner_request(gmail: Any, sandbox: SandboxServer) -> None:
    ids = message_ids(gmail)[:2]
    sandbox.state.add_fault("gmail.users.messages.get", status=500)
    errors: list[Exception | None] = []
    batch = gmail.new_batch_http_request(callback=lambda _id, _resp, error: errors.append(error))
    for message_id in ids:
        batch.add(gmail.users().messages().get(userId="me", id=message_id, format="minimal"))
    batch.execute()
    assert [getattr(error, "status_code", None) for error in errors] == [500, None]


def test_calendar_batch_path(calendar: Any, sandbox: SandboxServer) -> None:
    results: list[Any] = []
    batch = calendar.new_batch_http_request(callback=lambda _id, resp, _error: results.append(resp))
    batch.add(calendar.events().get(calendarId="primary", eventId="pricing00001"))
    batch.add(calendar.calendarList().list())
    batch.execute()
    assert results[0]["summary"] == "Pricing review"
    assert results[1]["items"][0]["primary"] is True
    assert any(entry["path"] == "/batch/calendar/v3" for entry in sandbox.state.request_log)


def test_quota_429_with_retry_after(gmail: Any, calendar: Any, sandbox: SandboxServer) -> None:
    control(sandbox, "POST", "quota", {"units_per_minute": 12})
    gmail.users().getProfile(userId="me").execute()
    gmail.users().messages().list(userId="me").execute()
    gmail.users().messages().list(userId="me").execute()
    with pytest.raises(HttpError) as caught:
        gmail.users().messages().list(userId="me").execute()
    assert caught.value.resp.status == 429
    assert 1 <= int(caught.value.resp["retry-after"]) <= 60
    assert "User-rate limit exceeded.  Retry after 20" in caught.value.reason
    assert calendar.calendarList().list().execute()["items"]
    log = sandbox.state.request_log
    assert [entry["units"] for entry in log if entry["api_method"].startswith("gmail.")] == [
        1,
        5,
        5,
        0,
    ]


def test_quota_403_mode_and_message_get_price(gmail: Any, sandbox: SandboxServer) -> None:
    [first, *_rest] = message_ids(gmail)
    control(
        sandbox, "POST", "quota", {"units_per_minute": 10, "message_get_units": 5, "mode": "403"}
    )
    gmail.users().messages().get(userId="me", id=first).execute()
    gmail.users().messages().get(userId="me", id=first).execute()
    with pytest.raises(HttpError) as caught:
        gmail.users().messages().get(userId="me", id=first).execute()
    assert caught.value.resp.status == 403
    assert caught.value.error_details[0]["reason"] == "userRateLimitExceeded"
    assert caught.value.resp["retry-after"]


def test_quota_window_frees_units(gmail: Any, sandbox: SandboxServer) -> None:
    sandbox.state.configure_quota(units_per_minute=5, window_seconds=0.2)
    gmail.users().messages().list(userId="me").execute()
    with pytest.raises(HttpError):
        gmail.users().messages().list(userId="me").execute()
    time.sleep(0.25)
    gmail.users().messages().list(userId="me").execute()


def test_status_fault_with_retry_after(gmail: Any, sandbox: SandboxServer) -> None:
    control(
        sandbox,
        "POST",
        "faults",
        {"match": "gmail.users.messages.list", "status": 503, "retry_after": 2},
    )
    with pytest.raises(HttpError) as caught:
        gmail.users().messages().list(userId="me").execute()
    assert caught.value.resp.status == 503 and caught.value.resp["retry-after"] == "2"
    assert gmail.users().messages().list(userId="me").execute()["messages"]


def test_status_fault_with_custom_body_and_count(gmail: Any, sandbox: SandboxServer) -> None:
    body = {
        "error": {
            "code": 429,
            "message": "Too many concurrent requests for user.",
            "errors": [{"reason": "rateLimitExceeded", "message": "x", "domain": "global"}],
            "status": "RESOURCE_EXHAUSTED",
        }
    }
    sandbox.state.add_fault("gmail.", count=2, status=429, body=body)
    for _ in range(2):
        with pytest.raises(HttpError) as caught:
            gmail.users().getProfile(userId="me").execute()
        assert "Too many concurrent requests" in caught.value.reason
    gmail.users().getProfile(userId="me").execute()


def test_delay_fault(gmail: Any, sandbox: SandboxServer) -> None:
    sandbox.state.add_fault("/gmail/v1/users/me/profile", delay=0.3)
    started = time.monotonic()
    gmail.users().getProfile(userId="me").execute()
    assert time.monotonic() - started >= 0.3


def test_drop_before_is_not_applied(gmail: Any, sandbox: SandboxServer) -> None:
    [first, *_rest] = message_ids(gmail)
    sandbox.state.add_fault("gmail.users.messages.modify", count=2, drop="before")
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        gmail.users().messages().modify(
            userId="me", id=first, body={"addLabelIds": ["STARRED"]}
        ).execute()
    labels = (
        gmail.users().messages().get(userId="me", id=first, format="minimal").execute()["labelIds"]
    )
    assert "STARRED" not in labels


def test_drop_after_is_applied(gmail: Any, sandbox: SandboxServer) -> None:
    [first, *_rest] = message_ids(gmail)
    sandbox.state.add_fault("gmail.users.messages.modify", count=2, drop="after")
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        gmail.users().messages().modify(
            userId="me", id=first, body={"addLabelIds": ["STARRED"]}
        ).execute()
    labels = (
        gmail.users().messages().get(userId="me", id=first, format="minimal").execute()["labelIds"]
    )
    assert "STARRED" in labels


def test_faults_endpoint_lists_and_clears(sandbox: SandboxServer) -> None:
    answer = control(
        sandbox, "POST", "faults", {"match": "calendar.events.list", "count": 3, "status": 500}
    )
    assert answer["faults"][0]["count"] == 3
    assert control(sandbox, "DELETE", "faults")["faults"] == []
    assert control(sandbox, "GET", "state")["faults"] == []


def test_request_log_format(gmail: Any, sandbox: SandboxServer) -> None:
    control(sandbox, "GET", "state")
    gmail.users().messages().list(userId="me", q="is:unread", maxResults=3).execute()
    log = control(sandbox, "GET", "requests?since=0")
    [entry] = [
        item for item in log["requests"] if item["api_method"] == "gmail.users.messages.list"
    ]
    assert entry["method"] == "GET" and entry["path"] == "/gmail/v1/users/me/messages"
    assert entry["query"]["q"] == ["is:unread"] and entry["query"]["maxResults"] == ["3"]
    assert entry["units"] == 5 and entry["status"] == 200 and entry["batch_id"] is None
    assert log["next"] == entry["seq"] + 1
    assert control(sandbox, "GET", f"requests?since={log['next']}")["requests"] == []
    assert not any(item["path"].startswith("/_sandbox") for item in log["requests"])


def test_concurrent_clients(sandbox: SandboxServer) -> None:
    import threading

    from sandbox_fixtures import build_gmail, make_creds

    failures: list[BaseException] = []

    def work() -> None:
        try:
            client = build_gmail(sandbox, make_creds(sandbox))
            for item in client.users().messages().list(userId="me").execute()["messages"]:
                client.users().messages().get(userId="me", id=item["id"]).execute()
                client.users().messages().modify(
                    userId="me", id=item["id"], body={"addLabelIds": ["STARRED"]}
                ).execute()
        except BaseException as error:
            failures.append(error)

    workers = [threading.Thread(target=work) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert failures == []
    history = sandbox.state.gmail.history
    assert len(history) == 5 and len({record["id"] for record in history}) == 5
