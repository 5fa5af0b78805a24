"""Sandbox state: determinism, expectations, reset/reseed, persistence and the query parser."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from nyte_tui.sandbox.gmail.query import All, Any_, Not, Term, parse_query
from nyte_tui.sandbox.server import SandboxServer
from nyte_tui.sandbox.state import SandboxState
from sandbox_fixtures import SANDBOX_NOW, SANDBOX_USER, build_gmail, control, make_creds, make_raw


def test_same_seed_same_state() -> None:
    first = SandboxState(seed=7, threads=20, events=6, now=SANDBOX_NOW)
    second = SandboxState(seed=7, threads=20, events=6, now=SANDBOX_NOW)
    other = SandboxState(seed=8, threads=20, events=6, now=SANDBOX_NOW)
    assert first.snapshot() == second.snapshot()
    assert first.snapshot()["gmail"] != other.snapshot()["gmail"]
    assert len(first.gmail.messages) >= 20


def test_empty_mailbox_when_seed_is_none() -> None:
    state = SandboxState(seed=None)
    assert state.gmail.user_email == SANDBOX_USER and not state.gmail.messages
    assert list(state.calendar.calendars) == [SANDBOX_USER]


def test_expectations_use_gmail_thread_ids_and_event_ids() -> None:
    with SandboxServer(seed=3, threads=15, events=6, now=SANDBOX_NOW) as server:
        expectations = control(server, "GET", "expectations")
        gmail = build_gmail(server, make_creds(server))
        assert len(expectations["threads"]) == 15
        for item in expectations["threads"][:3]:
            thread = (
                gmail.users()
                .threads()
                .get(userId="me", id=item["thread_id"], format="minimal")
                .execute()
            )
            assert thread["messages"]
            assert set(item) == {"thread_id", "important", "kind", "why"}
        event_ids = {
            event_id for events in server.state.calendar.events.values() for event_id in events
        }
        assert {item["event_id"] for item in expectations["events"]} <= event_ids


def test_reset_and_reseed(sandbox: SandboxServer, gmail: Any) -> None:
    initial = sandbox.state.snapshot()
    sandbox.state.insert_message(
        make_raw("a@x", SANDBOX_USER, "extra", "b", SANDBOX_NOW, "<extra@x>")
    )
    assert sandbox.state.snapshot() != initial
    control(sandbox, "POST", "reset")
    assert sandbox.state.snapshot() == initial
    assert gmail.users().getProfile(userId="me").execute()["messagesTotal"] == 6
    answer = control(sandbox, "POST", "seed", {"seed": 5, "threads": 10, "events": 4})
    assert answer["state"]["seed"] == 5 and answer["state"]["threads"] == 10
    assert gmail.users().getProfile(userId="me").execute()["threadsTotal"] == 10


def test_deliver_control_endpoint(sandbox: SandboxServer, gmail: Any) -> None:
    raw = make_raw("new@x.example", SANDBOX_USER, "Fresh mail", "body", SANDBOX_NOW, "<fresh@x>")
    delivered = control(sandbox, "POST", "deliver", {"raw": base64.urlsafe_b64encode(raw).decode()})
    assert delivered["labelIds"] == ["INBOX", "UNREAD"]
    found = gmail.users().messages().list(userId="me", q="subject:fresh").execute()
    assert found["messages"][0]["id"] == delivered["id"]


def test_state_file_persists_and_resumes(tmp_path: Path) -> None:
    state_file = tmp_path / "sandbox.json"
    with SandboxServer(
        seed=2, threads=8, events=3, now=SANDBOX_NOW, state_file=state_file
    ) as server:
        creds = make_creds(server)
        gmail = build_gmail(server, creds)
        raw = make_raw(
            SANDBOX_USER, "dana@x.example", "Persist me", "b", SANDBOX_NOW, "<persist@x>"
        )
        gmail.users().messages().send(
            userId="me", body={"raw": base64.urlsafe_b64encode(raw).decode()}
        ).execute()
        history_id = server.state.history_id
        assert json.loads(state_file.read_text())["snapshot"]["gmail"]["history_id"] == history_id
    assert not list(tmp_path.glob(".sandbox.json.*.tmp"))
    with SandboxServer(seed=2, state_file=state_file) as resumed:
        gmail = build_gmail(resumed, creds)
        found = (
            gmail.users().messages().list(userId="me", q="rfc822msgid:persist@x in:sent").execute()
        )
        assert found["resultSizeEstimate"] == 1
        assert resumed.state.history_id == history_id
        control(resumed, "POST", "reset")
        assert (
            gmail.users()
            .messages()
            .list(userId="me", q="rfc822msgid:persist@x")
            .execute()["resultSizeEstimate"]
            == 0
        )


def test_query_parser_shapes() -> None:
    assert parse_query("from:dana -in:sent") == All((Term("from", "dana"), Not(Term("in", "sent"))))
    assert parse_query('subject:"big news" OR "exact phrase"') == All(
        (Any_((Term("subject", "big news"), Term(None, "exact phrase"))),)
    )
    assert parse_query("subject:(alpha beta)") == All(
        (All((Term("subject", "alpha"), Term("subject", "beta"))),)
    )
    assert parse_query("{from:a from:b}") == All((Any_((Term("from", "a"), Term("from", "b"))),))
    assert parse_query("unknown:thing") == All((Term(None, "unknown:thing"),))
