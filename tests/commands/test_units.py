"""letter(), durations and time phrases on their own."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from commands.fixtures import NOW, ZONE, at
from nyte_tui.commands import letter, parse_duration, parse_when


@pytest.mark.parametrize(
    ("body", "recipient", "sender", "expected"),
    [
        (
            "I'll sign tomorrow morning.",
            "Dana",
            "Alex",
            "Hi Dana,\n\nI'll sign tomorrow morning.\n\nThanks,\nAlex",
        ),
        (
            "Hi Dana,\n\nTuesday works.",
            "Dana",
            "Alex",
            "Hi Dana,\n\nTuesday works.\n\nThanks,\nAlex",
        ),
        (
            "Dear Dana, all good.\n\nKind regards",
            "Dana",
            "Alex",
            "Dear Dana, all good.\n\nKind regards,\nAlex",
        ),
        (
            "Tuesday works.\n\nThanks!",
            "Dana",
            "Alex",
            "Hi Dana,\n\nTuesday works.\n\nThanks,\nAlex",
        ),
        (
            "Tuesday works.\n\nBest,\nAlex",
            "Dana",
            "Alex",
            "Hi Dana,\n\nTuesday works.\n\nBest,\nAlex",
        ),
        (
            "Tuesday works. Thanks!",
            "Dana",
            "Alex",
            "Hi Dana,\n\nTuesday works. Thanks!\n\nBest,\nAlex",
        ),
        ("Danke.", "Jörg", "Alex", "Hi Jörg,\n\nDanke.\n\nThanks,\nAlex"),
        ("Ok.", None, None, "Hi,\n\nOk.\n\nThanks"),
        ("Hello team, see you at 10.", None, "Alex", "Hello team, see you at 10.\n\nThanks,\nAlex"),
    ],
)
def test_letter(body: str, recipient: str | None, sender: str | None, expected: str) -> None:
    assert letter(body, recipient, sender) == expected


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("30 min", 30),
        ("30m", 30),
        ("30 minutes", 30),
        ("half an hour", 30),
        ("an hour", 60),
        ("1h30", 90),
        ("1h 30m", 90),
        ("90 minutes", 90),
        ("2 hours", 120),
        ("1.5 hours", 90),
        ("an hour and a half", 90),
        ("a quarter of an hour", 15),
        ("for 45 mins", 45),
        ("a 45-minute call", 45),
        ("two hours", 120),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["3pm", "15:30", "2 people", "a meeting", "", "0 minutes"])
def test_not_durations(text: str) -> None:
    assert parse_duration(text) is None


WHEN: list[tuple[str, datetime | tuple[datetime, datetime]]] = [
    ("tomorrow 3pm", at(2, 15)),
    ("3pm tomorrow", at(2, 15)),
    ("next Tuesday morning", (at(8, 9), at(8, 12))),
    ("in 2 hours", at(1, 12, 30)),
    ("Dec 9 at 10:00", at(9, 10)),
    ("9 December 10am", at(9, 10)),
    ("on the 12th", (at(12, 9), at(12, 18))),
    ("Friday", (at(4, 9), at(4, 18))),
    ("noon", at(1, 12)),
    ("at 4", at(1, 16)),
    ("at 9", at(2, 9)),
    ("15:30", at(1, 15, 30)),
    ("next week", (at(7, 9), at(11, 18))),
    ("this week", (at(1, 10, 30), at(4, 18))),
    ("later today", (at(1, 10, 30), at(1, 18))),
    ("tomorrow afternoon", (at(2, 13), at(2, 17))),
    ("tonight", (at(1, 17), at(1, 20))),
    ("this morning", (at(1, 10, 30), at(1, 12))),
    ("next friday", (at(11, 9), at(11, 18))),
    ("this tuesday", (at(1, 10, 30), at(1, 18))),
    ("tuesday", (at(8, 9), at(8, 18))),
    ("monday at 2", at(7, 14)),
    ("in 3 days", (at(4, 9), at(4, 18))),
    ("the week after next", (at(14, 9), at(18, 18))),
    ("half past three", at(1, 15, 30)),
    ("quarter to 4 tomorrow", at(2, 15, 45)),
    ("first thing tomorrow", at(2, 9)),
    ("4 o'clock", at(1, 16)),
    ("Thursday 10:30am", at(3, 10, 30)),
    ("2026-12-24 14:00", at(24, 14)),
    ("9/12", (at(9, 9), at(9, 18))),
    ("Jan 5", (datetime(2027, 1, 5, 9, tzinfo=ZONE), datetime(2027, 1, 5, 18, tzinfo=ZONE))),
    ("mañana", (at(2, 9), at(2, 18))),
]


@pytest.mark.parametrize(("text", "expected"), WHEN, ids=[text for text, _ in WHEN])
def test_when(text: str, expected: datetime | tuple[datetime, datetime]) -> None:
    assert parse_when(text, NOW, ZONE) == expected


@pytest.mark.parametrize("text", ["yesterday at 3", "", "the launch", "make coffee"])
def test_not_a_future_time(text: str) -> None:
    assert parse_when(text, NOW, ZONE) is None


def test_when_is_aware_in_the_users_zone() -> None:
    found = parse_when(
        "tomorrow 3pm", NOW.astimezone(ZONE).replace(tzinfo=None).replace(tzinfo=ZONE), ZONE
    )
    assert isinstance(found, datetime)
    assert found.tzinfo is not None and found.utcoffset() == timedelta(0)
    summer = parse_when("tomorrow 3pm", datetime(2026, 7, 1, 10, tzinfo=ZONE), ZONE)
    assert isinstance(summer, datetime) and summer.utcoffset() == timedelta(hours=1)
