"""The generator seeds free/busy for the user's colleagues only, deterministically."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from nyte_tui.sandbox.mailbox.generate import generate_mailbox

NOW = datetime(2024, 3, 13, 10, 30, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def test_colleagues_at_the_users_domain_get_busy_blocks() -> None:
    box = generate_mailbox(3, n_threads=10, n_events=10, now=NOW)
    assert sorted(box.busy) == [
        "dana.whitfield@northwind.example",
        "jorg.schneider@northwind.example",
        "mei.tanaka@northwind.example",
        "priya.natarajan@northwind.example",
        "ruth.calloway@northwind.example",
        "sam.ortiz@northwind.example",
        "tom.becker@northwind.example",
    ]
    for blocks in box.busy.values():
        assert len(blocks) > 60 and blocks == sorted(blocks)
        for start, end in blocks:
            local = start.astimezone(LONDON)
            assert local.weekday() < 5 and 9 <= local.hour < 18
            assert timedelta(minutes=30) <= end - start <= timedelta(hours=2)
            assert NOW - timedelta(days=8) < start < NOW + timedelta(days=62)


def test_busy_blocks_are_deterministic_and_leave_the_rest_alone() -> None:
    first = generate_mailbox(3, n_threads=10, n_events=10, now=NOW)
    again = generate_mailbox(3, n_threads=10, n_events=10, now=NOW)
    other = generate_mailbox(4, n_threads=10, n_events=10, now=NOW)
    assert first.busy == again.busy != other.busy
    assert [e.resource for e in first.events] == [e.resource for e in again.events]


def test_a_user_at_another_domain_has_no_known_colleagues() -> None:
    box = generate_mailbox(3, n_threads=5, n_events=5, now=NOW, user_email="alex@solo.example")
    assert box.busy == {}
