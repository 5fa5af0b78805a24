"""Slash forms: /reply, /reply-all, /send, /draft, /accept, /decline, /tentative, /schedule…."""

from __future__ import annotations

from datetime import timedelta

import pytest

from commands.fixtures import DANA, PRIYA, SAM_O, TOM, at, context
from nyte_tui.commands import interpret


def test_reply_and_reply_all() -> None:
    reply = interpret("/reply we're on it", context("dana"))
    assert reply.intent is not None and reply.question is None
    assert reply.intent.kind == "gmail.reply"
    assert reply.intent.thread is not None and reply.intent.thread.thread_id == "t-contract"
    assert reply.intent.body == "We're on it."
    everyone = interpret("/reply-all thanks all", context("budget"))
    assert everyone.intent is not None and everyone.intent.reply_all


def test_reply_without_text_or_thread_asks() -> None:
    assert interpret("/reply", context("dana")).missing == "body"
    assert interpret("/reply thanks", context()).missing == "recipient"
    natural = interpret("/reply to Dana that Friday works", context())
    assert natural.intent is not None and natural.intent.body == "Friday works."


def test_send_recipients_subject_body() -> None:
    result = interpret(
        "/send dana@northwind.example,Tom Contract draft -- Signed copy attached.", context()
    )
    intent = result.intent
    assert intent is not None and result.question is None
    assert [p.email for p in intent.to] == [DANA.email, TOM.email]
    assert [p.source for p in intent.to] == ["typed", "contact"]
    assert intent.subject == "Contract draft"
    assert intent.body == "Signed copy attached."


def test_send_with_full_names_and_without_body() -> None:
    result = interpret("/send Sam Ortiz, Priya Launch -- Slipping a week", context())
    assert result.intent is not None
    assert [p.email for p in result.intent.to] == [SAM_O.email, PRIYA.email]
    no_body = interpret("/send tom@northwind.example Lunch", context())
    assert no_body.missing == "body" and no_body.intent is not None
    assert no_body.intent.subject == "Lunch"
    nobody = interpret("/send Quarterly numbers -- here they are", context())
    assert nobody.missing == "recipient"


def test_draft_forms() -> None:
    new = interpret("/draft legal NDA -- Please review the attached NDA.", context())
    assert new.intent is not None and new.intent.kind == "gmail.draft"
    assert new.intent.thread is None and new.intent.subject == "NDA"
    reply = interpret("/draft Looks good to me", context("dana"))
    assert reply.intent is not None and reply.intent.kind == "gmail.draft"
    assert reply.intent.thread is not None and reply.intent.body == "Looks good to me."


@pytest.mark.parametrize(
    ("text", "item", "response", "event", "note"),
    [
        ("/accept the board sync", "none", "accepted", "e-board", None),
        ("/accept", "invite", "accepted", "e-design", None),
        ("/decline the 4pm -- I'm travelling", "none", "declined", "e-board", "I'm travelling."),
        (
            "/decline -- clash with a flight",
            "invite",
            "declined",
            "e-design",
            "Clash with a flight.",
        ),
        ("/tentative the vendor call", "none", "tentative", "e-vendor", None),
        ("/maybe", "invite", "tentative", "e-design", None),
    ],
)
def test_rsvp_forms(text: str, item: str, response: str, event: str, note: str | None) -> None:
    result = interpret(text, context(item))
    assert result.intent is not None and result.question is None
    assert result.intent.kind == "calendar.rsvp"
    assert result.intent.response == response
    assert result.intent.event is not None and result.intent.event.event_id == event
    assert result.intent.note == note


def test_rsvp_without_event_asks() -> None:
    result = interpret("/decline", context())
    assert result.missing == "event"
    assert result.question is not None and "Board sync" in result.question


def test_schedule_and_move_forms() -> None:
    made = interpret(
        "/schedule sam.ortiz@northwind.example tomorrow 3pm 45m about the launch", context()
    )
    assert made.intent is not None and made.question is None
    assert made.intent.start == at(2, 15)
    assert made.intent.duration == timedelta(minutes=45)
    assert made.intent.title == "Launch"
    unknown = interpret("/schedule Bob tomorrow", context())
    assert unknown.missing == "recipient"
    moved = interpret("/move the board sync to Friday 11am", context())
    assert moved.intent is not None and moved.intent.start == at(4, 11)
    assert interpret("/move the standup", context()).missing == "time"


@pytest.mark.parametrize("text", ["/sync", "/snooze friday", "/help", "/foo bar", "/"])
def test_other_slash_names_are_not_ours(text: str) -> None:
    result = interpret(text, context("dana"))
    assert result.intent is None
    assert result.missing == "kind"
    assert result.unparsed == (text.split(maxsplit=1)[0],)
