"""Follow-ups: answers to the open question and edits of a proposal, each with its change line."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from commands.fixtures import (
    DANA,
    E_BOARD,
    E_VENDOR,
    LEGAL,
    PRIYA,
    SAM_L,
    SAM_O,
    TOM,
    at,
    context,
)
from nyte_tui.commands import Interpretation, Revision, interpret, revise

# (instruction, item, follow-ups); each follow-up is (answer, part of `changed`, fields).
FLOWS: tuple[tuple[str, str, tuple[tuple[str, str, dict[str, Any]], ...]], ...] = (
    (
        "reply to Sam that it works",
        "none",
        (("the first", "Picked the newest thread with Sam Ortiz", {"thread": "t-launch"}),),
    ),
    (
        "reply to Sam that it works",
        "none",
        (("Sam Lee", "no recent thread", {"kind": "gmail.send", "to": (SAM_L.email,)}),),
    ),
    (
        "reply to Bob that ok",
        "none",
        (
            (
                "bob@acme.example",
                "bob@acme.example",
                {"kind": "gmail.send", "to": ("bob@acme.example",)},
            ),
        ),
    ),
    (
        "reply that we are on it",
        "none",
        (("Dana", "Picked the newest thread with Dana Whitfield", {"thread": "t-contract"}),),
    ),
    (
        "reply to Dana",
        "none",
        (
            (
                "tell her I'll sign tomorrow morning",
                "body:",
                {"body": "I'll sign tomorrow morning."},
            ),
        ),
    ),
    (
        "send a note saying the room is booked",
        "none",
        (("priya@northwind.example", "to: Priya Shah", {"to": (PRIYA.email,)}),),
    ),
    (
        "schedule with Sam Ortiz",
        "none",
        (
            ("tomorrow 3pm", "time: none → Wed 15:00", {"start": at(2, 15)}),
            ("Thursday instead", "time: Wed 15:00 → Thu 15:00", {"start": at(3, 15)}),
            ("at 11 instead", "time: Thu 15:00 → Thu 11:00", {"start": at(3, 11)}),
            ("make it an hour", "duration: 30 minutes → 1 hour", {"duration": timedelta(hours=1)}),
            (
                "add priya@northwind.example",
                "added priya@northwind.example to attendees",
                {"attendees": (SAM_O.email, PRIYA.email)},
            ),
            (
                "remove Priya",
                "removed priya@northwind.example from attendees",
                {"attendees": (SAM_O.email,)},
            ),
            (
                "call it Launch prep",
                "title: Meeting with Sam Ortiz → Launch prep",
                {"title": "Launch prep"},
            ),
            ("the second", "picked option 2", {"slot_choice": 2}),
            ("an hour later", "time: Thu 11:00 → Thu 12:00", {"start": at(3, 12)}),
        ),
    ),
    (
        "set up a call with Tom next week",
        "none",
        (
            ("Wednesday", "time:", {"window": (at(9, 9), at(9, 18))}),
            ("at 2", "→ Wed 9 Dec 14:00", {"start": at(9, 14), "window": None}),
        ),
    ),
    (
        "accept",
        "none",
        (("the second", "event: Design review", {"event": "e-design"}),),
    ),
    (
        "move it to Thursday",
        "none",
        (("the board sync", "event: Board sync", {"event": "e-board", "start": at(3, 16)}),),
    ),
    (
        "move the standup",
        "none",
        (("11am", "time: none → Wed 11:00", {"start": at(2, 11)}),),
    ),
    (
        "email sam.ortiz@northwind.example that I just wanted to let you know that "
        "the launch is really late. Thanks!",
        "none",
        (
            ("make it shorter", "body shortened", {"body": "The launch is late."}),
            ("cc Tom", "added tom@northwind.example to Cc", {"cc": (TOM.email,)}),
            ("bcc legal", "added legal@northwind.example to Bcc", {"bcc": (LEGAL.email,)}),
            ("remove Tom", "removed tom@northwind.example from Cc", {"cc": ()}),
            ("subject: Q3 numbers", "subject:", {"subject": "Q3 numbers"}),
            ("say thanks too", "body: added “Thanks.”", {"body": "The launch is late. Thanks."}),
            (
                "change the body to: All good, thanks.",
                "body replaced",
                {"body": "All good, thanks."},
            ),
            ("to Dana instead", "to: Sam Ortiz → Dana Whitfield", {"to": (DANA.email,)}),
            ("make it a draft", "kind: gmail.send → gmail.draft", {"kind": "gmail.draft"}),
        ),
    ),
    (
        "reply that I'm on it",
        "budget",
        (
            ("reply all", "reply all: on", {"reply_all": True}),
            (
                "add priya@northwind.example",
                "added priya@northwind.example to To",
                {"to": (PRIYA.email,)},
            ),
            ("cc Sam", "fits several people", {}),
        ),
    ),
    (
        "decline the 4pm",
        "none",
        (
            ("accept instead", "response: declined → accepted", {"response": "accepted"}),
            ("say I'm travelling", "note: “I'm travelling.”", {"note": "I'm travelling."}),
            ("decline instead", "response: accepted → declined", {"response": "declined"}),
        ),
    ),
    (
        "make coffee",
        "none",
        (("decline the board sync", "read as a new instruction", {"kind": "calendar.rsvp"}),),
    ),
    (
        "move the 4pm to Thursday",
        "none",
        (
            ("Friday instead", "time: Thu 16:00 → Fri 16:00", {"start": at(4, 16)}),
            ("push it by an hour", "time: Fri 16:00 → Fri 17:00", {"start": at(4, 17)}),
        ),
    ),
)


def _fields(result: Revision, expect: dict[str, Any]) -> None:
    """Assert the intent fields a follow-up names."""
    intent = result.intent
    assert intent is not None
    for name, value in expect.items():
        actual = getattr(intent, name)
        if name in {"to", "cc", "bcc", "attendees"}:
            actual = tuple(p.email for p in actual)
        elif name == "thread":
            actual = actual.thread_id if actual else None
        elif name == "event":
            actual = actual.event_id if actual else None
        assert actual == value, (name, actual, value)


@pytest.mark.parametrize(("text", "item", "steps"), FLOWS, ids=[f"{t[:40]}…" for t, _, _ in FLOWS])
def test_flow(text: str, item: str, steps: tuple[tuple[str, str, dict[str, Any]], ...]) -> None:
    ctx = context(item)
    current: Interpretation | Revision = interpret(text, ctx)
    for answer, changed, expect in steps:
        result = revise(current.intent, answer, ctx, current.missing)
        assert changed in result.changed, (answer, result.changed)
        _fields(result, expect)
        current = result


def test_revision_count() -> None:
    assert sum(len(steps) for _, _, steps in FLOWS) >= 15


def test_ambiguous_cc_then_answer() -> None:
    ctx = context("budget")
    first = interpret("reply that I'm on it", ctx)
    asked = revise(first.intent, "cc Sam", ctx, first.missing)
    assert asked.missing == "which_person"
    assert asked.question and "Sam Ortiz" in asked.question and "Sam Lee" in asked.question
    answered = revise(asked.intent, "2", ctx, asked.missing)
    assert answered.intent is not None
    assert [p.email for p in answered.intent.cc] == [SAM_L.email]
    assert answered.question is None


def test_unknown_edit_is_unparsed() -> None:
    ctx = context("dana")
    first = interpret("reply that we are on it", ctx)
    result = revise(first.intent, "sprinkle some glitter on it", ctx, None)
    assert result.changed == "nothing changed"
    assert result.unparsed == ("sprinkle some glitter on it",)
    assert result.intent == first.intent


def test_past_time_is_asked_again() -> None:
    ctx = context()
    first = interpret("schedule with Tom", ctx)
    result = revise(first.intent, "yesterday at 3", ctx, first.missing)
    assert result.missing == "time"
    assert result.question is not None


def test_recipient_answer_own_address_is_refused() -> None:
    ctx = context()
    first = interpret("send a note saying hello", ctx)
    result = revise(first.intent, "alex@northwind.example", ctx, first.missing)
    assert result.missing == "recipient"
    assert result.intent is not None and not result.intent.to


def test_which_event_answer() -> None:
    clash = replace(E_VENDOR, event_id="e-clash", start=E_BOARD.start, end=E_BOARD.end)
    ctx = replace(context(), events=(*context().events, clash))
    first = interpret("decline the 4pm", ctx)
    assert first.missing == "which_event"
    assert first.question is not None and "1) Board sync" in first.question
    result = revise(first.intent, "2", ctx, first.missing)
    assert result.changed == "event: Vendor call (Tue 1 Dec 16:00)"
    assert result.intent is not None and result.intent.event == clash
    assert result.question is None


def test_subject_answer() -> None:
    ctx = context()
    first = interpret("email Tom that the room is booked", ctx)
    result = revise(first.intent, "Room for Friday", ctx, "subject")
    assert result.changed == "subject: Room for Friday"
    assert result.intent is not None and result.intent.subject == "Room for Friday"
