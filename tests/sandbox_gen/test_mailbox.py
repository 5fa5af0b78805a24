"""Tests for the deterministic generated sandbox mailbox and calendar."""

from __future__ import annotations

import email
import email.policy
import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from functools import cache

import pytest

from nyte_tui.sandbox.mailbox.generate import generate_mailbox, plan_counts
from nyte_tui.sandbox.seedtypes import GeneratedMailbox, SeedMessage

NOW = datetime(2024, 3, 13, 10, 30, tzinfo=UTC)
USER = "alex@northwind.example"
KINDS = {"needs_reply", "awaiting_reply", "invite", "upcoming", "deadline", "none"}


@cache
def box(seed: int = 7) -> GeneratedMailbox:
    """Return a cached default-sized mailbox for a seed at the fixed NOW."""
    return generate_mailbox(seed, now=NOW)


@cache
def _parse_raw(raw: bytes) -> EmailMessage:
    """Parse raw bytes the way the sync code does (cached; callers must not mutate)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def parse(m: SeedMessage) -> EmailMessage:
    """Parse one seed message."""
    return _parse_raw(m.raw)


def threads(b: GeneratedMailbox) -> dict[str, list[SeedMessage]]:
    """Group messages by thread key in internal-date order."""
    out: dict[str, list[SeedMessage]] = defaultdict(list)
    for m in sorted(b.messages, key=lambda m: m.internal_date):
        out[m.thread_key].append(m)
    return out


def fingerprint(b: GeneratedMailbox) -> list[object]:
    """Return everything a mailbox holds, for equality checks."""
    return [
        [(m.raw, m.label_ids, m.internal_date, m.thread_key) for m in b.messages],
        b.calendars,
        [(e.calendar_id, repr(e.resource)) for e in b.events],
        b.expectations,
    ]


def test_same_seed_and_now_is_byte_identical() -> None:
    assert fingerprint(generate_mailbox(7, now=NOW)) == fingerprint(box(7))


def test_different_seed_differs() -> None:
    a = generate_mailbox(7, n_threads=60, n_events=12, now=NOW)
    b = generate_mailbox(8, n_threads=60, n_events=12, now=NOW)
    assert [m.raw for m in a.messages] != [m.raw for m in b.messages]
    assert [e.resource["id"] for e in a.events] != [e.resource["id"] for e in b.events]


def test_now_defaults_to_current_minute() -> None:
    b = generate_mailbox(1, n_threads=30, n_events=10)
    latest = max(m.internal_date for m in b.messages)
    assert datetime.now(UTC) - latest < timedelta(days=1)


@pytest.mark.parametrize(("n_threads", "n_events"), [(300, 40), (60, 12), (137, 55), (5, 3)])
def test_sizes(n_threads: int, n_events: int) -> None:
    if (n_threads, n_events) == (300, 40):
        b = box()
    else:
        b = generate_mailbox(3, n_threads=n_threads, n_events=n_events, now=NOW)
    assert len({m.thread_key for m in b.messages}) == n_threads
    assert len(b.events) == n_events
    assert sum(plan_counts(n_threads).values()) == n_threads
    gmail = {e.key for e in b.expectations if e.source == "gmail"}
    assert gmail == {m.thread_key for m in b.messages}
    calendar = {e.key for e in b.expectations if e.source == "calendar"}
    assert calendar == {e.resource["id"] for e in b.events}
    assert len(b.expectations) == n_threads + n_events


def test_every_message_parses_without_defects() -> None:
    for m in box().messages:
        msg = parse(m)
        for part in msg.walk():
            assert not part.defects, (m.thread_key, part.defects)
        for name, value in msg.items():
            assert not getattr(value, "defects", ()), (m.thread_key, name)
        for name in ("Date", "From", "To", "Subject", "Message-ID"):
            assert msg[name], (m.thread_key, name)
        assert re.fullmatch(r"<[^<>@\s]+@[a-z0-9.-]+>", str(msg["Message-ID"]))
        assert b"\r\n" in m.raw and b"\n" not in m.raw.replace(b"\r\n", b"")
        assert msg.get_body(("plain", "html")) is not None


def test_dates_in_window_and_ordered_and_match_header() -> None:
    for key, msgs in threads(box()).items():
        previous = None
        for m in msgs:
            assert m.internal_date.tzinfo is not None
            assert NOW - timedelta(days=30) <= m.internal_date <= NOW, key
            header = parse(m)["Date"].datetime
            assert header == m.internal_date, key
            if previous is not None:
                assert m.internal_date > previous, key
            previous = m.internal_date


def test_replies_carry_threading_headers() -> None:
    for key, msgs in threads(box()).items():
        ids = [str(parse(m)["Message-ID"]) for m in msgs]
        for i, m in enumerate(msgs[1:], start=1):
            msg = parse(m)
            assert str(msg["In-Reply-To"]) == ids[i - 1], key
            assert str(msg["References"]).split() == ids[:i], key
            assert str(msg["Subject"]).startswith("Re: "), key


def test_labels_follow_direction() -> None:
    for m in box().messages:
        sender = parse(m)["From"].addresses[0].addr_spec
        if sender == USER:
            assert m.label_ids == ("SENT",)
        else:
            assert "INBOX" in m.label_ids and "SENT" not in m.label_ids
            assert any(label.startswith("CATEGORY_") for label in m.label_ids)


def test_mix_contains_required_kinds() -> None:
    seen: set[str] = set()
    for m in box().messages:
        msg = parse(m)
        types = {p.get_content_type() for p in msg.walk()}
        if msg.get_content_type() == "text/html":
            seen.add("html_only")
        if msg.get_content_type() == "multipart/alternative" or "multipart/alternative" in types:
            seen.add("alternative")
        if any(p.get_content_disposition() == "attachment" for p in msg.walk()):
            seen.add("attachment")
            names = {p.get_filename() for p in msg.walk() if p.get_filename()}
            if any(str(n).endswith(".ics") for n in names):
                seen.add("ics")
        if not str(msg["Subject"]).isascii():
            seen.add("non_ascii_subject")
            assert b"=?utf-8?" in m.raw.lower()
        if not msg["From"].addresses[0].display_name.isascii():
            seen.add("non_ascii_name")
        if msg["List-Unsubscribe"]:
            seen.add("list_unsubscribe")
        if msg["List-Id"]:
            seen.add("list_id")
        if msg["Precedence"] == "bulk":
            seen.add("bulk")
        if msg["Auto-Submitted"]:
            seen.add("auto_submitted")
        if msg["Cc"] and USER in str(msg["Cc"]):
            seen.add("cc_me")
        if m.label_ids == ("SENT",):
            seen.add("sent")
        for label in m.label_ids:
            seen.add(label)
    required = {
        "html_only", "alternative", "attachment", "ics", "non_ascii_subject", "non_ascii_name",
        "list_unsubscribe", "list_id", "bulk", "auto_submitted", "cc_me", "sent", "UNREAD",
        "IMPORTANT", "STARRED", "CATEGORY_PERSONAL", "CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL",
        "CATEGORY_UPDATES", "CATEGORY_FORUMS",
    }  # fmt: skip
    assert required <= seen, required - seen


def test_calendar_shapes_and_required_events() -> None:
    b = box()
    cals = {c.calendar_id: c for c in b.calendars}
    assert cals[USER].primary and cals[USER].summary == USER
    assert {c.summary for c in b.calendars} >= {"Team Northwind", "Holidays"}
    assert all(c.selected for c in b.calendars)
    assert any(c.access_role == "reader" for c in b.calendars)
    seen: set[str] = set()
    accepted_tomorrow: list[tuple[datetime, datetime]] = []
    tomorrow = (NOW + timedelta(days=1)).date()
    for e in b.events:
        r = e.resource
        assert e.calendar_id in cals
        assert re.fullmatch(r"[a-v0-9]{5,1024}", r["id"]), r["id"]
        assert r["iCalUID"] and r["organizer"]["email"] and r["summary"]
        assert {"id", "status", "start", "end", "created", "updated"} <= set(r)
        if r["status"] == "cancelled":
            seen.add("cancelled")
        if r.get("recurrence"):
            seen.add("recurring")
            assert all(x.startswith("RRULE:") for x in r["recurrence"])
            assert "COUNT=" in r["recurrence"][0] or "UNTIL=" in r["recurrence"][0]
        if "date" in r["start"]:
            seen.add("all_day")
        else:
            assert r["start"]["timeZone"]
            start = datetime.fromisoformat(r["start"]["dateTime"])
            assert start < datetime.fromisoformat(r["end"]["dateTime"])
            if start < NOW:
                seen.add("past")
        mine = [a for a in r.get("attendees", []) if a.get("self")]
        if mine and mine[0]["responseStatus"] == "needsAction":
            seen.add("pending_invite")
        if mine and mine[0]["responseStatus"] == "accepted" and not r["organizer"].get("self"):
            seen.add("accepted_invite")
        if r["organizer"].get("self"):
            seen.add("organizer_self")
        if (
            mine
            and mine[0]["responseStatus"] == "accepted"
            and r["status"] == "confirmed"
            and "dateTime" in r["start"]
            and not r.get("recurrence")
        ):
            start = datetime.fromisoformat(r["start"]["dateTime"])
            if start.astimezone(UTC).date() == tomorrow:
                accepted_tomorrow.append((start, datetime.fromisoformat(r["end"]["dateTime"])))
    required = {"cancelled", "recurring", "all_day", "pending_invite", "accepted_invite",
                "organizer_self", "past"}  # fmt: skip
    assert required <= seen, required - seen
    overlaps = [
        (a, b)
        for i, a in enumerate(accepted_tomorrow)
        for b in accepted_tomorrow[i + 1 :]
        if a[0] < b[1] and b[0] < a[1]
    ]
    assert overlaps, "expected a conflict tomorrow"
    assert {e.calendar_id for e in b.events} >= {USER}


def test_expectations_are_sane() -> None:
    b = box()
    assert all(e.kind in KINDS and e.why for e in b.expectations)
    gmail = [e for e in b.expectations if e.source == "gmail"]
    share = sum(e.important for e in gmail) / len(gmail)
    assert 0.08 <= share <= 0.12, share
    kinds = {e.kind for e in b.expectations if e.important}
    assert kinds == {"needs_reply", "awaiting_reply", "invite", "upcoming", "deadline"}
    assert len({e.key for e in b.expectations}) == len(b.expectations)


def test_expectations_agree_with_evidence() -> None:
    b = box()
    by_thread = threads(b)
    for e in b.expectations:
        if e.source != "gmail":
            continue
        msgs = [parse(m) for m in by_thread[e.key]]
        last = msgs[-1]
        from_me = last["From"].addresses[0].addr_spec == USER
        automated = any(m["List-Unsubscribe"] or m["Auto-Submitted"] for m in msgs)
        if e.kind == "needs_reply":
            assert not from_me and not automated and USER in str(last["To"]), e
        if e.kind == "awaiting_reply":
            body = last.get_body(("plain",))
            assert body is not None and from_me and "?" in body.get_content(), e
            sent = by_thread[e.key][-1].internal_date
            assert NOW - sent >= timedelta(days=4), e
        if e.important and e.kind != "deadline":
            assert not automated, e
        if automated and e.kind != "deadline":
            assert not e.important, e


def test_fast() -> None:
    import time

    start = time.perf_counter()
    generate_mailbox(11, now=NOW)
    assert time.perf_counter() - start < 3.0
