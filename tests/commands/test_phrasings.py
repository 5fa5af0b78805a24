"""The phrasing table (phrasings.py) read by the offline interpreter, row by row."""

from __future__ import annotations

from collections import Counter

import pytest

from commands.fixtures import ZONE, context
from commands.phrasings import ROWS, Row
from nyte_tui.commands import Interpretation, interpret

PEOPLE_FIELDS = ("to", "cc", "bcc", "attendees")
TEXT_FIELDS = ("body", "subject", "response", "note", "title")


def _check(row: Row, result: Interpretation) -> None:
    """Assert every field the row names."""
    expect = row.expect
    intent = result.intent
    if "missing" in expect:
        assert result.missing == expect["missing"], result
        assert result.question, result
        if "question" in expect:
            assert expect["question"] in result.question
    else:
        assert result.question is None, result.question
        assert result.missing is None
    if "unparsed" in expect:
        assert result.unparsed == expect["unparsed"]
    if "kind" in expect:
        assert intent is not None
        assert intent.kind == expect["kind"]
    if intent is None:
        return
    for name in PEOPLE_FIELDS:
        if name in expect:
            assert tuple(p.email for p in getattr(intent, name)) == expect[name], name
    if "sources" in expect:
        assert tuple(p.source for p in intent.to) == expect["sources"]
    for name in TEXT_FIELDS:
        if name in expect:
            assert getattr(intent, name) == expect[name], name
    if "thread" in expect:
        assert intent.thread is not None and intent.thread.thread_id == expect["thread"]
    if "reply_all" in expect:
        assert intent.reply_all is expect["reply_all"]
    if "event" in expect:
        assert intent.event is not None and intent.event.event_id == expect["event"]
    if "start" in expect:
        assert intent.start is not None and intent.start.utcoffset() is not None
        assert intent.start == expect["start"]
        assert intent.start.astimezone(ZONE).replace(tzinfo=None) == expect["start"].replace(
            tzinfo=None
        )
    if "duration" in expect:
        assert intent.duration == expect["duration"]
    if "window" in expect:
        assert intent.window == expect["window"]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.item}:{r.text}" for r in ROWS])
def test_phrasing(row: Row) -> None:
    _check(row, interpret(row.text, context(row.item)))


def test_table_is_broad() -> None:
    kinds = Counter(row.kind for row in ROWS)
    assert len(ROWS) >= 60
    assert set(kinds) >= {
        "gmail.reply",
        "gmail.send",
        "gmail.draft",
        "calendar.rsvp",
        "calendar.create_event",
        "calendar.move",
        "question",
    }
