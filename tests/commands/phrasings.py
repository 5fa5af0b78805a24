"""The phrasing table: plain words, the item selected, and what the interpreter must make of them.

Times are for the fixed now of fixtures.py: Tuesday 1 December 2026, 10:30, Europe/London.
Only the fields a row names are checked; `missing` rows expect that question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from commands.fixtures import (
    DANA,
    JORG,
    JOSE,
    LEGAL,
    LUCIA,
    PRIYA,
    SAM_O,
    TANAKA,
    TOM,
    ZOE,
    at,
)

MIN30 = timedelta(minutes=30)
HOUR = timedelta(hours=1)
NEXT_WEEK = (at(7, 9), at(11, 18))


@dataclass(frozen=True)
class Row:
    """One phrasing and the expected reading."""

    text: str
    item: str = "none"
    expect: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The expected kind, or "question" for rows that only expect a question."""
        return str(self.expect.get("kind", "question"))


def row(text: str, item: str = "none", **expect: Any) -> Row:
    """A table row: the text, the selected item, and the expected fields."""
    return Row(text, item, expect)


def window(first: datetime, last: datetime) -> tuple[datetime, datetime]:
    """A window, for readability."""
    return (first, last)


REPLY = "gmail.reply"
SEND = "gmail.send"
DRAFT = "gmail.draft"
RSVP = "calendar.rsvp"
CREATE = "calendar.create_event"
MOVE = "calendar.move"

ROWS: tuple[Row, ...] = (
    # replies: verbs, pronouns, reply-all, threads picked by person
    row(
        "reply to Dana that Tuesday works",
        kind=REPLY,
        thread="t-contract",
        body="Tuesday works.",
        to=(),
    ),
    row("reply that we are on it", "dana", kind=REPLY, thread="t-contract", body="We are on it."),
    row(
        "tell her I'll sign tomorrow morning",
        "dana",
        kind=REPLY,
        thread="t-contract",
        body="I'll sign tomorrow morning.",
    ),
    row(
        "reply all that I agree",
        "budget",
        kind=REPLY,
        thread="t-budget",
        reply_all=True,
        body="I agree.",
    ),
    row(
        "reply to all: sounds good to me",
        "budget",
        kind=REPLY,
        reply_all=True,
        body="Sounds good to me.",
    ),
    row(
        "respond to Jorg that the invoice is paid",
        kind=REPLY,
        thread="t-jorg",
        body="The invoice is paid.",
    ),
    row(
        "answer Dana: the offsite works for me",
        kind=REPLY,
        thread="t-contract",
        body="The offsite works for me.",
    ),
    row(
        "reply to Dana about the offsite that the venue is booked",
        kind=REPLY,
        thread="t-offsite",
        body="The venue is booked.",
    ),
    row(
        "let her know we received the contract",
        "dana",
        kind=REPLY,
        body="We received the contract.",
    ),
    row(
        "tell Dana that her contract is ready",
        kind=REPLY,
        thread="t-contract",
        body="Your contract is ready.",
    ),
    row("tell Dana to send the signed copy", kind=REPLY, body="Please send the signed copy."),
    row(
        "ask Dana whether she got the deck",
        kind=REPLY,
        body="Could you let me know whether you got the deck?",
    ),
    row(
        "tell 田中 that the visit is confirmed",
        kind=REPLY,
        thread="t-tanaka",
        body="The visit is confirmed.",
    ),
    row("reply back saying thanks", "dana", kind=REPLY, body="Thanks."),
    row(
        "reply to Dana and cc Tom that sounds good",
        kind=REPLY,
        cc=(TOM.email,),
        body="Sounds good.",
    ),
    row(
        "reply to Dana, cc priya@northwind.example: sounds good",
        kind=REPLY,
        cc=(PRIYA.email,),
        to=(),
    ),
    row("could you reply to Dana that Friday is fine", kind=REPLY, body="Friday is fine."),
    row("please answer her: yes, that works", "dana", kind=REPLY, body="Yes, that works."),
    # typos
    row("replt to Dana that Tuesday works", kind=REPLY, thread="t-contract", body="Tuesday works."),
    row("reply to Dnaa that ok", kind=REPLY, thread="t-contract", body="Ok."),
    row("respnd to Jörg: danke", kind=REPLY, thread="t-jorg", body="Danke."),
    # new mail
    row(
        "email legal the signed contract summary",
        kind=SEND,
        to=(LEGAL.email,),
        subject="The signed contract summary",
        missing="body",
    ),
    row(
        "email sam.ortiz@northwind.example about the launch date: we slip a week",
        kind=SEND,
        to=(SAM_O.email,),
        subject="The launch date",
        body="We slip a week.",
    ),
    row(
        "write to José Müller saying the invoice is paid",
        kind=SEND,
        to=(JOSE.email,),
        subject="The invoice is paid",
        body="The invoice is paid.",
    ),
    row("write to Jose Muller saying thanks", kind=SEND, to=(JOSE.email,), body="Thanks."),
    row(
        "email Lucía about the visit: we land at 9",
        kind=SEND,
        to=(LUCIA.email,),
        subject="The visit",
        body="We land at 9.",
    ),
    row(
        "mail lucia that the flight is booked",
        kind=SEND,
        to=(LUCIA.email,),
        body="The flight is booked.",
    ),
    row("let Zoë know the lunch is on", kind=SEND, to=(ZOE.email,), body="The lunch is on."),
    row("let Zoe know the lunch is on", kind=SEND, to=(ZOE.email,), body="The lunch is on."),
    row(
        "send an email to zoe@example.co.uk saying hi there",
        kind=SEND,
        to=(ZOE.email,),
        sources=("typed",),
    ),
    row(
        "send the deck to priya@northwind.example",
        kind=SEND,
        to=(PRIYA.email,),
        subject="The deck",
        missing="body",
    ),
    row(
        "email Tom and Priya that the budget is approved",
        kind=SEND,
        to=(TOM.email, PRIYA.email),
        body="The budget is approved.",
    ),
    row(
        "email the legal team that the NDA is signed",
        kind=SEND,
        to=(LEGAL.email,),
        body="The NDA is signed.",
    ),
    row(
        "send tom@northwind.example a note saying the room is booked",
        kind=SEND,
        to=(TOM.email,),
        body="The room is booked.",
    ),
    row(
        "email Tom with subject Q3 numbers: attached below",
        kind=SEND,
        to=(TOM.email,),
        subject="Q3 numbers",
    ),
    row("emial Tom that I'm late", kind=SEND, to=(TOM.email,), body="I'm late."),
    # drafts
    row("draft a reply to Dana saying thanks", kind=DRAFT, thread="t-contract", body="Thanks."),
    row(
        "prepare a reply that we need another week",
        "dana",
        kind=DRAFT,
        thread="t-contract",
        body="We need another week.",
    ),
    row(
        "draft an email to legal about the NDA",
        kind=DRAFT,
        to=(LEGAL.email,),
        subject="The NDA",
        missing="body",
    ),
    row(
        "draft to Priya: the hiring plan is attached",
        kind=DRAFT,
        to=(PRIYA.email,),
        body="The hiring plan is attached.",
    ),
    # rsvp
    row("decline the 4pm", kind=RSVP, response="declined", event="e-board"),
    row(
        "decline the 4pm, say I'm travelling",
        kind=RSVP,
        response="declined",
        event="e-board",
        note="I'm travelling.",
    ),
    row("accept the board sync", kind=RSVP, response="accepted", event="e-board"),
    row("accept", "invite", kind=RSVP, response="accepted", event="e-design"),
    row("tentatively accept the design review", kind=RSVP, response="tentative", event="e-design"),
    row("maybe the vendor call", kind=RSVP, response="tentative", event="e-vendor"),
    row("acept the design review", kind=RSVP, response="accepted", event="e-design"),
    row("delcine the 4pm", kind=RSVP, response="declined", event="e-board"),
    row("decline the vendor call because I'm out that day", kind=RSVP, note="I'm out that day."),
    row("decline thursday's 4pm", kind=RSVP, event="e-vendor"),
    row("say no to the lunch", kind=RSVP, response="declined", event="e-lunch"),
    row("decline it", "invite", kind=RSVP, event="e-design"),
    row("accept", missing="event"),
    row("decline the sink meeting", missing="event"),
    # new events
    row(
        "set up 30 min with sam.ortiz@northwind.example next week about the launch",
        kind=CREATE,
        attendees=(SAM_O.email,),
        duration=MIN30,
        window=NEXT_WEEK,
        title="Launch",
    ),
    row(
        "shedule a call with Tom tomorrow at 3pm",
        kind=CREATE,
        attendees=(TOM.email,),
        start=at(2, 15),
        duration=MIN30,
    ),
    row(
        "book 45 minutes with Priya on Friday afternoon to discuss hiring",
        kind=CREATE,
        window=window(at(4, 13), at(4, 17)),
        duration=timedelta(minutes=45),
        title="Hiring",
    ),
    row(
        "find time with Dana and Tom next week",
        kind=CREATE,
        attendees=(DANA.email, TOM.email),
        window=NEXT_WEEK,
    ),
    row(
        "set up a 1h30 meeting with jose.muller@example.es on Dec 9 at 10:00",
        kind=CREATE,
        start=at(9, 10),
        duration=timedelta(minutes=90),
    ),
    row(
        "meet Lucía 9 December 10am for coffee",
        kind=CREATE,
        attendees=(LUCIA.email,),
        start=at(9, 10),
        title="Coffee",
    ),
    row(
        "schedule the launch review with Sam Ortiz on the 12th",
        kind=CREATE,
        window=window(at(12, 9), at(12, 18)),
        title="Launch review",
    ),
    row("arrange a call with Zoë in 2 hours", kind=CREATE, start=at(1, 12, 30)),
    row("schedule with Tom at 4", kind=CREATE, start=at(1, 16)),
    row(
        "schedule lunch with Priya at noon",
        kind=CREATE,
        start=at(1, 12),
        title="Lunch with Priya Shah",
    ),
    row("schedule with Dana later today", kind=CREATE, window=window(at(1, 10, 30), at(1, 18))),
    row(
        "schedule with Tom this week for half an hour",
        kind=CREATE,
        window=window(at(1, 10, 30), at(4, 18)),
        duration=MIN30,
    ),
    row(
        "book 90 minutes with Tom next Tuesday morning",
        kind=CREATE,
        window=window(at(8, 9), at(8, 12)),
        duration=timedelta(minutes=90),
    ),
    row(
        "schedule 2 hours with Priya Friday",
        kind=CREATE,
        window=window(at(4, 9), at(4, 18)),
        duration=timedelta(hours=2),
    ),
    row("set up a call with tom 15:30", kind=CREATE, start=at(1, 15, 30)),
    row(
        "schedule an hour with Jörg tomorrow 9am",
        kind=CREATE,
        attendees=(JORG.email,),
        start=at(2, 9),
        duration=HOUR,
    ),
    row(
        "set up a meeting with 田中 健二 on Thursday at 2",
        kind=CREATE,
        attendees=(TANAKA.email,),
        start=at(3, 14),
    ),
    row("schedule with Tom at 9", kind=CREATE, start=at(2, 9)),
    row(
        "book a call with Tom tomorrow 2-4pm",
        kind=CREATE,
        start=at(2, 14),
        duration=timedelta(hours=2),
    ),
    row("schedule with Sam Ortiz", kind=CREATE, missing="time"),
    # moves
    row("move the 4pm to Thursday", kind=MOVE, event="e-board", start=at(3, 16), duration=HOUR),
    row("push the standup by an hour", kind=MOVE, event="e-standup-2", start=at(2, 10, 30)),
    row("move the standup to 10", kind=MOVE, event="e-standup-2", start=at(2, 10)),
    row(
        "reschedule the board sync to next Tuesday at 2",
        kind=MOVE,
        event="e-board",
        start=at(8, 14),
    ),
    row("push the 4pm back an hour", kind=MOVE, event="e-board", start=at(1, 17)),
    row("bring the standup forward 15 minutes", kind=MOVE, start=at(2, 9, 15)),
    row(
        "move the design review to tomorrow afternoon",
        kind=MOVE,
        window=window(at(2, 13), at(2, 17)),
    ),
    row("shift the vendor call 30 minutes later", kind=MOVE, start=at(3, 16, 30)),
    row("postpone the team lunch to next week", kind=MOVE, event="e-lunch", window=NEXT_WEEK),
    row("push it by an hour", "invite", kind=MOVE, event="e-design", start=at(2, 12)),
    row("move the 1:1 to 15:00", kind=MOVE, event="e-1on1", start=at(3, 15)),
    row("move the standup", kind=MOVE, missing="time"),
    row("move it to Thursday", missing="event"),
    # questions
    row("reply to Sam that it works", missing="which_person", question="Which Sam do you mean"),
    row("reply to Bob that ok", missing="recipient", question="Bob"),
    row("reply to Dana", missing="body", question="What should the reply to Dana Whitfield say?"),
    row("reply that we are on it", missing="recipient"),
    row("send a note saying hello", missing="recipient"),
    row("email me the notes", missing="recipient"),
    row("make coffee", missing="kind", unparsed=("make coffee",)),
    row("", missing="kind"),
    # more forms
    row(
        "tell the organiser I'll be 5 minutes late",
        "invite",
        kind=SEND,
        to=(PRIYA.email,),
        sources=("organizer",),
        subject="Design review",
        body="I'll be 5 minutes late.",
    ),
    row(
        "reply to them that the numbers look right",
        "budget",
        kind=REPLY,
        thread="t-budget",
        to=(),
        body="The numbers look right.",
    ),
    row(
        "get back to Dana saying Friday works",
        kind=REPLY,
        thread="t-contract",
        body="Friday works.",
    ),
    row("write back to Jörg: vielen Dank", kind=REPLY, thread="t-jorg", body="Vielen Dank."),
    row(
        "antworte Dana dass Dienstag passt", kind=REPLY, thread="t-contract", body="Dienstag passt."
    ),
    row(
        "reply to Jörg Becker that I'll pay today and cc legal",
        kind=REPLY,
        cc=(LEGAL.email,),
        body="I'll pay today.",
    ),
    row(
        "send dana@northwind.example and Tom the slides saying here they are",
        kind=SEND,
        to=(DANA.email, TOM.email),
        sources=("typed", "contact"),
        subject="The slides",
        body="Here they are.",
    ),
    row(
        "set up a 30m sync with Priya, Tom and dana@northwind.example Thursday morning re hiring",
        kind=CREATE,
        attendees=(PRIYA.email, TOM.email, DANA.email),
        window=window(at(3, 9), at(3, 12)),
        title="Hiring",
        duration=MIN30,
    ),
    row("move the 4pm to 5pm", kind=MOVE, event="e-board", start=at(1, 17)),
    row("move the lunch to 1pm", kind=MOVE, event="e-lunch", start=at(4, 13)),
    row("move the standup from 9:30 to 10", kind=MOVE, event="e-standup-2", start=at(2, 10)),
    row("decline the 9:30", kind=RSVP, event="e-standup-2", note=None),
    row("decline the 1:1", missing="event", question="You organise"),
    row("tell her thanks", missing="recipient"),
    row("decline the 4pm and email Dana", kind=RSVP, event="e-board", unparsed=("email Dana",)),
    row("schedule with Tom yesterday at 3", missing="time", question="has already passed"),
)
