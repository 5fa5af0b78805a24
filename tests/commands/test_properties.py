"""Property-style checks over generated text: no exceptions, no invented addresses."""

from __future__ import annotations

import random
import string

from commands.fixtures import ME, context
from commands.phrasings import ROWS
from nyte_tui.commands import Intent, InterpretContext, interpret, revise
from nyte_tui.commands.text import find_emails

VOCABULARY = (
    "reply respond tell let know send email write draft accept decline maybe tentatively "
    "schedule set up book move push reschedule to that saying about with cc bcc and the a "
    "her him them organiser Dana Sam Jörg Jorg José 田中 Zoë legal Bob tomorrow next week "
    "Tuesday at 3pm 15:30 noon in 2 hours for 30 min an hour 1h30 by later earlier instead "
    "-- : , . ! ? \" ' subject: body: all everyone me alex@northwind.example "
    "bob@acme.example x@y.z the 4pm the 12th Dec 9 board sync standup invite it"
)
WORDS = tuple(VOCABULARY.split())
ITEMS = ("none", "dana", "invite", "budget")


def _strings(seed: int, count: int) -> list[str]:
    """A reproducible mix of word salads, table phrasings with noise, and random characters."""
    rng = random.Random(seed)
    found: list[str] = []
    alphabet = string.printable + "äöüéñ—–“”‘’…田中健二€"
    for index in range(count):
        style = index % 3
        if style == 0:
            found.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 14))))
        elif style == 1:
            text = rng.choice(ROWS).text
            cut = rng.randint(0, len(text))
            found.append(text[:cut] + rng.choice(WORDS) + text[cut:])
        else:
            found.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))))
    found.extend(["/", "/ ", "//", "/send --", "/decline --", "--", "'", '"', "\n\n", "@"])
    return found


def _allowed(ctx: InterpretContext) -> set[str]:
    """Every address the context knows, other than the user's own."""
    known = {contact.email.lower() for contact in ctx.contacts}
    for thread in ctx.threads:
        known |= {person.email.lower() for person in thread.counterparts}
    item = ctx.item
    if item is not None:
        people = [item.who, *item.participants]
        known |= {person.email.lower() for person in people if person is not None}
        if item.event is not None and item.event.organizer_email:
            known.add(item.event.organizer_email.lower())
    return known - {address.lower() for address in ctx.own_addresses}


def _check_addresses(intent: Intent | None, text: str, ctx: InterpretContext) -> None:
    """Every address in the intent was typed in the text or is known to the context."""
    if intent is None:
        return
    typed = set(find_emails(text))
    allowed = _allowed(ctx) | typed
    for person in (*intent.to, *intent.cc, *intent.bcc, *intent.attendees):
        assert person.email in allowed, (text, person)
        assert person.email != ME
        if person.source == "typed":
            assert person.email in typed, (text, person)
    if intent.pending is not None:
        for person in intent.pending.people:
            assert person.email in allowed


def test_interpret_never_raises_and_invents_no_address() -> None:
    for index, text in enumerate(_strings(7, 450)):
        ctx = context(ITEMS[index % len(ITEMS)])
        result = interpret(text, ctx)
        assert (result.question is None) == (result.missing is None)
        if result.intent is None:
            assert result.missing == "kind"
        _check_addresses(result.intent, text, ctx)


def test_revise_never_raises_and_invents_no_address() -> None:
    starts = [row for row in ROWS if row.text][:40]
    for index, answer in enumerate(_strings(11, 300)):
        row = starts[index % len(starts)]
        ctx = context(row.item)
        first = interpret(row.text, ctx)
        result = revise(first.intent, answer, ctx, first.missing)
        assert result.changed
        _check_addresses(result.intent, row.text + " " + answer, ctx)


def test_interpret_is_deterministic() -> None:
    ctx = context("dana")
    for text in _strings(3, 60):
        assert interpret(text, ctx) == interpret(text, ctx)
