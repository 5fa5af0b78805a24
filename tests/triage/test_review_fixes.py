"""Triage robustness: lost calendar changes, failing body fetches, the writer lock, contacts."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nyte_tui.config.settings import user_zone as local_zone
from nyte_tui.errors import BusyError, ExitCode
from nyte_tui.services import sync_service
from nyte_tui.services.triage import deadlines
from nyte_tui.services.triage.conflicts import conflicts_by_event
from nyte_tui.services.triage.contacts import compute_stats
from nyte_tui.services.triage.event_evidence import event_evidence
from nyte_tui.services.triage.evidence import Identity
from nyte_tui.services.triage.feedback import item_feedback
from nyte_tui.services.triage.gates import first_name as _first
from nyte_tui.services.triage.run import run_triage_pass
from nyte_tui.services.triage.views import add_rule, change_item_status, important_list
from nyte_tui.store.lock import writer_lock
from nyte_tui.store.queries import contacts as qc
from nyte_tui.store.queries import triage as q
from nyte_tui.store.triage_records import TriageEvent
from nyte_tui.sync.limiter import WaitBudgetExceeded
from triage.conftest import Synced, insert_thread_mail
from triage.evalset import DANA, ME, NOW, PRIYA, EvalThread, Mail


def calendar_patch(synced: Synced, event_id: str, body: dict[str, Any]) -> None:
    """PATCH an event of the primary calendar through the sandbox's Calendar API."""
    request = urllib.request.Request(
        f"{synced.server.url}calendar/v3/calendars/primary/events/{event_id}",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {synced.tokens['access_token']}",
            "Content-Type": "application/json",
        },
        method="PATCH",
    )
    with urllib.request.urlopen(request, timeout=10):
        pass


def event_item(synced: Synced, event_id: str) -> dict[str, Any]:
    """The stored item of an event, as `nyte important --all --json` shows it."""
    items = [
        asdict(i) for i in important_list(synced.store, synced.settings, include_all=True).items
    ]
    return next(i for i in items if i["event_id"] == event_id)


def without_triage(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sync as if the triage pass after it had been killed: it never runs."""
    monkeypatch.setattr(sync_service, "default_after_account", lambda store, settings: None)


def test_a_calendar_change_is_not_lost_when_triage_did_not_run(
    eval_synced: Synced, monkeypatch: pytest.MonkeyPatch
) -> None:
    event_id = eval_synced.keys["invite-sam"]  # Friday 11:00: once accepted, nothing to do
    assert event_item(eval_synced, event_id)["kind"] == "invite"
    calendar_patch(
        eval_synced, event_id, {"attendees": [{"email": ME[1], "responseStatus": "accepted"}]}
    )
    without_triage(monkeypatch)
    assert eval_synced.sync()["exit_code"] == 0
    assert event_item(eval_synced, event_id)["kind"] == "invite"  # triage has not seen it yet
    summary = run_triage_pass(eval_synced.store, eval_synced.settings, 1, changed_events=set())
    assert summary["scored_events"] >= 1
    item = event_item(eval_synced, event_id)
    assert item["kind"] != "invite" and item["status"] == "done"
    # once scored at its new content, the event is left alone
    again = run_triage_pass(eval_synced.store, eval_synced.settings, 1, changed_events=set())
    assert again["scored_events"] == 0 and again["changed_items"] == 0


def test_a_failing_body_fetch_does_not_fail_the_pass(
    make_synced: Callable[..., Synced], monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = make_synced()
    # a person's mail Gmail filed under Promotions: the sync's first pass takes its metadata
    # only, so triage asks for the body (and that fetch fails here)
    ask = Mail(
        DANA,
        [ME],
        "Hi Alex, can you check the deck before the board meeting?",
        5,
        ("INBOX", "UNREAD", "CATEGORY_PROMOTIONS"),
    )
    thread_id = insert_thread_mail(synced, EvalThread("deck", "Deck", True, "needs_reply", [ask]))
    without_triage(monkeypatch)
    synced.sync()
    asked: list[Sequence[str]] = []

    def fetch_bodies(ids: Sequence[str]) -> dict[str, str | None]:
        asked.append(ids)
        raise WaitBudgetExceeded(30.0, 0.0, 0.0)

    summary = run_triage_pass(
        synced.store, synced.settings, 1, changed_threads={thread_id}, fetch_bodies=fetch_bodies
    )
    assert asked and summary["body_fetch_failed"] == 1 and summary["bodies_fetched"] == 0
    item = q.items_by_keys(synced.store, 1, "gmail", [thread_id])[thread_id]
    assert item.kind == "needs_reply"  # scored from the snippet
    conn = sqlite3.connect(synced.paths.database)
    try:
        kinds = [k for (k,) in conn.execute("SELECT kind FROM workflow_events ORDER BY id")]
        message = conn.execute(
            "SELECT message FROM workflow_events WHERE kind = 'triage.bodies_failed'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert kinds.index("triage.bodies_failed") < kinds.index("triage.scored")
    assert "WaitBudgetExceeded" in message and "snippets" in message


def test_triage_writes_from_the_cli_wait_for_the_writer_lock(
    make_synced: Callable[..., Synced],
) -> None:
    synced = make_synced(NYTE_SYNC_LOCK_WAIT="0")
    ask = Mail(DANA, [ME], "Hi Alex, can you check the deck?", 5)
    thread_id = insert_thread_mail(synced, EvalThread("lock", "Deck", True, "needs_reply", [ask]))
    synced.sync()
    item = q.items_by_keys(synced.store, 1, "gmail", [thread_id])[thread_id]
    with writer_lock(synced.paths, 1.0, "sync"):
        for attempt in (
            lambda: add_rule(synced.store, synced.settings, "sender", DANA[1], "mute"),
            lambda: item_feedback(synced.store, synced.settings, item.id, "not-important"),
            lambda: change_item_status(synced.store, synced.settings, item.id, "done"),
        ):
            with pytest.raises(BusyError) as caught:
                attempt()
            assert caught.value.exit_code == ExitCode.BUSY == 5
            assert "writer lock" in str(caught.value) and "\n" not in str(caught.value)
    after = q.items_by_keys(synced.store, 1, "gmail", [thread_id])[thread_id]
    assert after.status == "open" and after.score == item.score  # nothing was written
    add_rule(synced.store, synced.settings, "sender", DANA[1], "mute")  # free again
    assert q.items_by_keys(synced.store, 1, "gmail", [thread_id])[thread_id].score == 0


def test_contact_stats_come_from_light_bounded_queries(
    make_synced: Callable[..., Synced], monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = make_synced()
    news = ("Weekly Digest", "digest@news.example")
    for index in range(5):
        insert_thread_mail(
            synced,
            EvalThread(
                f"news{index}",
                f"Issue {index}",
                False,
                "none",
                [Mail(news, [ME], "This week in widgets.", 30 - index, ("INBOX",))],
            ),
        )
    asked = Mail(DANA, [ME], "Hi Alex, can you check the deck?", 10)
    answer = Mail(ME, [DANA], "Checked, looks good.", 8, ("SENT",))
    insert_thread_mail(synced, EvalThread("deck", "Deck", True, "none", [asked, answer]))
    insert_thread_mail(
        synced,
        EvalThread("note", "Survey", False, "none", [Mail(ME, [PRIYA], "Results?", 2, ("SENT",))]),
    )
    loaded: list[list[str]] = []
    original = q.load_threads

    def counting(store: Any, account_id: int, ids: Sequence[str]) -> Any:
        loaded.append(list(ids))
        return original(store, account_id, ids)

    from nyte_tui.services.triage import run as triage

    monkeypatch.setattr(triage.q, "load_threads", counting)
    synced.sync()
    assert len(loaded) == 1, "contacts no longer load whole threads"
    stats = qc.contact_stats(synced.store, 1, {DANA[1], news[1], PRIYA[1]})
    dana, digest, priya = stats[DANA[1]], stats[news[1]], stats[PRIYA[1]]
    assert (dana.received_count, dana.sent_to_count, dana.replied_count) == (1, 1, 1)
    assert dana.median_reply_hours == 2.0 and dana.name == DANA[0]
    assert (digest.received_count, digest.sent_to_count, digest.replied_count) == (5, 0, 0)
    assert (priya.received_count, priya.sent_to_count) == (0, 1)
    # a bulk sender the user never answers: no message rows are fetched for replies
    assert qc.replies_context(synced.store, 1, {news[1]}, {ME[1]}) == []


def test_compute_stats_reply_habits() -> None:
    from nyte_tui.store.triage_records import InboundSummary, MessageStub

    hour = 3_600_000
    mine = [
        MessageStub("t1", 3 * hour, None, "Dana <dana@x.example>", None),
        MessageStub("t2", 10 * hour, None, "sam@x.example", "dana@x.example"),
    ]
    theirs = [
        MessageStub("t1", 1 * hour, "dana@x.example", None, None),
        MessageStub("t1", 5 * hour, "dana@x.example", None, None),  # not answered yet
        MessageStub("t3", 1 * hour, "dana@x.example", None, None),  # a thread the user is not in
    ]
    inbound = {"dana@x.example": InboundSummary("dana@x.example", 4, 5 * hour, "Dana")}
    (stat,) = compute_stats({"dana@x.example"}, inbound, mine, theirs)
    assert (stat.received_count, stat.sent_to_count, stat.replied_count) == (4, 2, 1)
    assert stat.median_reply_hours == 2.0 and stat.name == "Dana"
    assert stat.last_sent_at == datetime.fromtimestamp(10 * 3600, tz=UTC)


def _event(key: str, start_h: float, hours: float, attendees: list[dict[str, Any]]) -> TriageEvent:
    start = NOW + timedelta(hours=start_h)
    return TriageEvent(
        "primary",
        key,
        "confirmed",
        key.title(),
        None,
        None,
        start,
        start + timedelta(hours=hours),
        False,
        "dana@northwind.example",
        "Dana",
        False,
        attendees,
        None,
    )


def test_attendees_are_read_with_the_stored_field_names() -> None:
    me = Identity({ME[1]})
    attendees = [
        {"email": ME[1], "name": ME[0], "response_status": "needsAction", "self": True},
        {"email": "dana@northwind.example", "response_status": "accepted", "organizer": True},
        {
            "email": "room-4@resource.calendar.example",
            "response_status": "accepted",
            "resource": True,
        },
        {"email": "karen@globex.example", "response_status": "accepted"},
    ]
    ev = event_evidence(_event("board", 20, 1, attendees), [], me, {})
    assert ev.response == "needsAction" and ev.needs_rsvp
    assert ev.external_attendees == ["karen@globex.example"]  # the room is not a person
    declined = [{**attendees[0], "response_status": "declined"}]
    assert event_evidence(_event("board", 20, 1, declined), [], me, {}).response == "declined"


def test_conflicts_sweep_matches_the_pairwise_scan() -> None:
    me = Identity({ME[1]})
    mine = [{"email": ME[1], "response_status": "accepted", "self": True}]
    declined = [{"email": ME[1], "response_status": "declined", "self": True}]
    events = [
        _event("long", 1, 8, mine),
        _event("a", 2, 1, mine),
        _event("b", 2.5, 1, mine),
        _event("c", 5, 0.5, mine),
        _event("later", 10, 1, mine),
        _event("declined", 2, 1, declined),
        _event("touching", 11, 1, mine),
    ]
    swept = conflicts_by_event(events, me)
    for event in events:
        assert swept[event.source_key] == event_evidence(event, events, me, {}).conflicts
    assert swept["primary/a"] == ["Long", "B"] and swept["primary/touching"] == []


def test_last_first_display_names() -> None:
    assert _first("Müller, Dana") == "Dana"
    assert _first('"Reyes, Dana Marie"') == "Dana"
    assert _first("Dana Reyes, PhD") == "Dana"
    assert _first("dana.reyes@x.example") == "Dana"
    assert _first(None) == "someone"


def test_time_zone_is_the_systems_iana_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import tzlocal

    from nyte_tui.config.settings import Settings

    monkeypatch.setattr(tzlocal, "get_localzone", lambda: ZoneInfo("America/New_York"))
    zone: tzinfo = local_zone(Settings())
    assert getattr(zone, "key", None) == "America/New_York"
    summer = datetime(2024, 7, 1, 12, tzinfo=UTC).astimezone(zone)
    winter = datetime(2024, 1, 1, 12, tzinfo=UTC).astimezone(zone)
    assert summer.utcoffset() != winter.utcoffset()  # a real zone, not a fixed offset

    def broken() -> tzinfo:
        raise LookupError("no zone configured")

    monkeypatch.setattr(tzlocal, "get_localzone", broken)
    assert local_zone(Settings()) == UTC
    assert getattr(local_zone(Settings(time_zone="Asia/Tokyo")), "key", None) == "Asia/Tokyo"


def test_numeric_dates_follow_the_zone() -> None:
    written = datetime(2024, 3, 1, 9, tzinfo=UTC)
    us, uk = ZoneInfo("America/Chicago"), ZoneInfo("Europe/London")
    assert deadlines.date_order(us) == "MDY" and deadlines.date_order(uk) == "DMY"
    assert deadlines.date_order(ZoneInfo("America/Sao_Paulo")) == "DMY"
    assert deadlines.date_order(UTC) == "DMY"
    us_deadline = deadlines.find_deadline("Please send it by 04/05", written, us)
    uk_deadline = deadlines.find_deadline("Please send it by 04/05", written, uk)
    assert us_deadline is not None and us_deadline.at.date().isoformat() == "2024-04-05"
    assert uk_deadline is not None and uk_deadline.at.date().isoformat() == "2024-05-04"
    # 18:00 local on both sides of the DST change
    summer = deadlines.find_deadline("due by 2024-07-02", written, us)
    assert summer is not None and summer.at.utcoffset() == timedelta(hours=-5)
