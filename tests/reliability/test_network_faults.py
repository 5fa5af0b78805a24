"""Every network fault the sandbox can inject, against sync, send and a calendar write.

For each fault kind: a one-off fault is absorbed (bounded retries, or a safe state), a lasting
one ends with one clear line and the documented outcome, the request count stays bounded (no
busy loop) and the next run recovers. No message is ever sent twice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from nyte_tui.errors import ExitCode, NyteError
from nyte_tui.services.sending import send as sending
from nyte_tui.store.models import IngestionState
from nyte_tui.store.queries import outbox as qo
from nyte_tui.sync.calendar_write import CalendarWriter, new_event_id
from reliability.conftest import SendEnv
from send.conftest import age_outbox
from sync.conftest import SyncHarness, control
from sync.test_sync import sandbox_messages, stored_messages

RATE_BODY = {
    "error": {
        "code": 403,
        "message": "User Rate Limit Exceeded",
        "errors": [{"reason": "userRateLimitExceeded", "domain": "usageLimits"}],
    }
}


@dataclass(frozen=True)
class Kind:
    """One fault kind: how to inject it and what nyte says and does about it."""

    fault: dict[str, Any] = field(default_factory=dict)
    says: str = ""  # words the one-line message must contain
    sync_retries: bool = True  # a one-off fault is retried away within the sync
    send: str = "unknown"  # the state a send ends in: sent, unknown, not_sent or failed
    applied: bool = False  # Gmail applied the send despite the fault
    quota: bool = False  # not a fault: the quota is spent for the next ten minutes


KINDS: dict[str, Kind] = {
    "timeout": Kind({"delay": 2.5}, "did not answer in time", send="any", applied=True),
    "reset_mid_body": Kind({"mangle": "reset"}, "broke mid-answer", send="sent", applied=True),
    "truncated_json": Kind(
        {"mangle": "truncate"}, "cut off or unreadable", send="sent", applied=True
    ),
    "html_error_page": Kind({"mangle": "html", "status": 502}, "HTML error page"),
    "401_after_refresh": Kind({"status": 401}, "access token", send="not_sent"),
    "403_rate_limit": Kind({"status": 403, "body": RATE_BODY}, "rate limit", send="not_sent"),
    "403_forbidden": Kind({"status": 403}, "refused access", sync_retries=False, send="failed"),
    "429": Kind({"status": 429, "retry_after": 0.2}, "rate limit", send="not_sent"),
    "500": Kind({"status": 500}, "server error (HTTP 500"),
    "503": Kind({"status": 503}, "server error (HTTP 503"),
    "quota_for_minutes": Kind(says="rate limit", send="not_sent", quota=True),
}
NETWORK = {"timeout", "reset_mid_body"}
IDS = list(KINDS)


def inject(harness: SyncHarness, name: str, match: str, count: int) -> None:
    """Start the fault (or spend the quota for the next ten minutes)."""
    kind = KINDS[name]
    if kind.quota:
        spent = {"units_per_minute": 40, "calendar_requests_per_minute": 0, "window_seconds": 600}
        control(harness.server, "quota", spent)
        return
    control(harness.server, "faults", {"match": match, "count": count, **kind.fault})


def heal(harness: SyncHarness) -> None:
    """End every fault and give the quota back."""
    control(harness.server, "faults", method="DELETE")
    healthy = {"units_per_minute": 10_000_000, "calendar_requests_per_minute": 600}
    control(harness.server, "quota", {**healthy, "window_seconds": 60})


def one_clear_line(text: str | None, says: str) -> None:
    """A message for people: one line, the expected words, no internals."""
    assert text, "no message"
    assert "\n" not in text and len(text) < 400, text
    for internal in ("Traceback", "HttpError", "<html", "<!DOCTYPE", "object at 0x", "b'"):
        assert internal not in text, text
    assert says.lower() in text.lower(), text
    print(f"message: {text}")  # shown with -s: the wording docs/reliability.md quotes


def settings_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small timeouts and a small wait budget, so each fault ends quickly."""
    monkeypatch.setenv("NYTE_SYNC_TIMEOUT", "1")
    monkeypatch.setenv("NYTE_SEND_TIMEOUT", "1")
    monkeypatch.setenv("NYTE_SYNC_MAX_WAIT", "3")


# --- sync ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", IDS)
def test_sync_survives_a_one_off_fault(
    name: str, harness: SyncHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_env(monkeypatch)
    kind = KINDS[name]
    if kind.quota:
        pytest.skip("a spent quota is not one-off; see the lasting case")
    inject(harness, name, "gmail.users.messages.list", 1)
    result = harness.sync()
    if kind.sync_retries:
        assert result.exit_code == ExitCode.OK, result.as_json()
        assert stored_messages(harness) == sandbox_messages(harness)
        return
    assert result.exit_code == ExitCode.PARTIAL
    gmail = result.accounts[0].gmail
    assert gmail is not None
    one_clear_line(gmail.error, kind.says)
    recovers_next_run(harness)


@pytest.mark.parametrize("name", IDS)
def test_sync_stops_cleanly_on_a_lasting_fault_and_recovers(
    name: str, harness: SyncHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_env(monkeypatch)
    kind = KINDS[name]
    inject(harness, name, "gmail.users.messages.list", 10_000)
    harness.mark()
    result = harness.sync()
    assert result.exit_code == ExitCode.PARTIAL, result.as_json()
    gmail = result.accounts[0].gmail
    assert gmail is not None and gmail.mode in ("failed", "full")
    one_clear_line(gmail.error, kind.says)
    listed = harness.count("gmail.users.messages.list")
    assert 1 <= listed <= 6, f"{listed} messages.list calls: retries must be bounded"
    assert len(harness.requests()) <= 40, "the pass must not spin on the fault"
    recovers_next_run(harness)


def recovers_next_run(harness: SyncHarness) -> None:
    """Once Google is healthy, the next run (after any back-off) mirrors everything."""
    heal(harness)
    harness.mark()
    skipped = harness.sync()
    gmail = skipped.accounts[0].gmail
    if gmail is not None and gmail.mode == "skipped":  # backing off: no request to Gmail
        assert "backing off" in (gmail.error or "")
        assert not [r for r in harness.requests() if r["api_method"].startswith("gmail.")]
        with harness.store.session() as session:  # the back-off window passes
            for row in session.exec(select(IngestionState)).all():
                row.backoff_until = datetime.now(UTC) - timedelta(seconds=1)
                session.add(row)
        skipped = harness.sync()
    assert skipped.exit_code == ExitCode.OK, skipped.as_json()
    assert stored_messages(harness) == sandbox_messages(harness)


# --- send ---------------------------------------------------------------------------------


def _preview(env: SendEnv, name: str) -> sending.SendPreview:
    """A stored preview, one per fault kind."""
    return sending.preview_send(
        env.h.paths,
        env.settings,
        account_email=None,
        to=["dana@lex.example"],
        cc=[],
        bcc=[],
        subject=f"Fault {name}",
        body=f"Checking how a send survives {name}.",
        reply_to_item=None,
        store=env.h.store,
    )


def _confirm(env: SendEnv, outbox_id: int, resend: bool = False) -> sending.SendResult:
    """Confirm in-process with the sandbox credentials."""
    return sending.confirm_send(
        env.h.paths,
        env.settings,
        outbox_id,
        resend_unknown=resend,
        credentials=env.creds(),
        store=env.h.store,
    )


@pytest.mark.parametrize("name", IDS)
def test_send_under_a_fault_ends_known_or_safe_and_never_twice(
    name: str, env: SendEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_env(monkeypatch)
    kind = KINDS[name]
    preview = _preview(env, name)
    inject(env.h, name, "gmail.users.messages.send", 1)
    try:
        result = _confirm(env, preview.outbox_id)
        state, text = result.state, result.note if result.state != "sent" else "sent"
    except NyteError as exc:
        state, text = "not_sent", str(exc)
    assert env.sends() == 1, "a send is never retried on its own"
    if kind.send == "any":
        assert state in ("sent", "unknown")
    else:
        assert state == kind.send, (state, text)
    if state != "sent":
        one_clear_line(text, {"not_sent": kind.says, "failed": "Gmail refused"}.get(state, "Sent"))
    row = qo.get_outbox(env.h.store, preview.outbox_id)
    assert row is not None and row.state == {"not_sent": "queued"}.get(state, state)

    heal(env.h)
    if kind.applied:
        deadline = time.monotonic() + 20
        while not env.in_sent(preview.message_id):
            assert time.monotonic() < deadline
            time.sleep(0.1)
    if state == "failed":
        assert env.in_sent(preview.message_id) == []
        return
    if state == "unknown":
        age_outbox(env.h.store, preview.outbox_id, 5)  # past the 2 s in-flight window
    final = _confirm(env, preview.outbox_id, resend=state == "unknown")
    assert final.state == "sent", final
    assert len(env.in_sent(preview.message_id)) == 1
    assert env.sends() == (1 if kind.applied else 2)


# --- a calendar write ---------------------------------------------------------------------


def _event(name: str) -> dict[str, Any]:
    """A new event with a client-chosen id."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    return {
        "id": new_event_id(),
        "summary": f"Fault drill {name}",
        "start": {"dateTime": start.isoformat()},
        "end": {"dateTime": (start + timedelta(minutes=30)).isoformat()},
    }


def _copies(env: SendEnv, summary: str) -> int:
    """How many events in the sandbox carry this summary."""
    state = env.h.server.state
    with state.lock:
        return sum(
            1
            for events in state.calendar.events.values()
            for stored in events.values()
            if stored.resource.get("summary") == summary
            and stored.resource.get("status") != "cancelled"
        )


@pytest.mark.parametrize("name", IDS)
def test_calendar_write_is_retried_boundedly_and_lands_once(
    name: str, env: SendEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_env(monkeypatch)
    kind = KINDS[name]
    body = _event(name)
    writer = CalendarWriter(env.settings, env.h.credentials())
    try:
        inject(env.h, name, "calendar.events.insert", 10_000)
        env.h.mark()
        lasting = writer.insert("primary", body, "none")
        inserts = env.h.count("calendar.events.insert")
        assert 1 <= inserts <= 3, f"{inserts} inserts: retries must be bounded"
        if kind.applied and lasting.ok:
            assert lasting.event.get("id") == body["id"]
        else:
            assert not lasting.ok
            one_clear_line(lasting.error, kind.says or "Google Calendar")
        heal(env.h)
        again = writer.insert("primary", body, "none")  # confirming again is safe
        assert again.ok, again
        assert again.event.get("id") == body["id"]
        assert _copies(env, str(body["summary"])) == 1
        if name in NETWORK or kind.quota:
            return
        inject(env.h, name, "calendar.events.patch", 1)
        moved = writer.patch("primary", body["id"], {"summary": body["summary"] + "!"}, "none")
        assert moved.ok or kind.send == "failed", moved
    finally:
        writer.close()
