"""Reading an instruction: the offline interpreter always, the model when one is configured.

The model's answer passes a guard before it counts. People, times and events are taken from
the offline reading of the user's own words; the model may add only what those words contain
(a name it spelled out, a time phrase the user wrote) and the text of the message. Anything
else it proposes (an address, a link) is dropped and named in a flag.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from nyte_tui.commands import (
    Ambiguous,
    Intent,
    Interpretation,
    InterpretContext,
    NotFound,
    Person,
    Revision,
    interpret,
    parse_when,
    resolve_person,
    revise,
)
from nyte_tui.commands.intent import KINDS
from nyte_tui.services.commands.body_guard import guard_body
from nyte_tui.services.commands.reading_text import fold

ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"')\]]+")
ModelCall = Callable[[list[dict[str, str]]], dict[str, Any]]


@dataclass(frozen=True)
class Reading:
    """How an instruction (or an answer) was read, by whom, and what the guard removed."""

    intent: Intent | None
    question: str | None
    missing: str | None
    unparsed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    changed: str = ""
    interpreter: str = "offline"
    notice: str | None = None
    flags: tuple[str, ...] = ()


def offline_reading(
    text: str, ctx: InterpretContext, previous: Intent | None, missing: str | None
) -> Reading:
    """The deterministic interpreter's reading (a revision when there is a previous intent)."""
    if previous is None and missing != "kind":
        found: Interpretation = interpret(text, ctx)
        return Reading(
            found.intent,
            found.question,
            found.missing,
            tuple(found.unparsed),
            tuple(found.notes),
        )
    revised: Revision = revise(previous, text, ctx, missing)  # type: ignore[arg-type,unused-ignore]
    return Reading(
        revised.intent,
        revised.question,
        revised.missing,
        tuple(revised.unparsed),
        (),
        revised.changed,
    )


def guard_model_answer(
    answer: Any,
    words: str,
    ctx: InterpretContext,
    offline: Reading,
    allowed: set[str],
    thread_text: str = "",
) -> Reading:
    """Merge a validated model answer into the offline reading, keeping only what is safe.

    words is everything the user typed in this run; allowed is the set of addresses the
    action may involve (the thread's people and the people the user named).
    """
    flags: list[str] = []
    said = fold(words)
    base = offline.intent
    kind = base.kind if base is not None else (answer.kind if answer.kind in KINDS else None)
    if kind is None:
        return replace(offline, flags=tuple(flags))
    if base is not None and answer.kind not in (base.kind, "none"):
        flags.append(f"the model read this as {answer.kind}; kept {base.kind} from your words")
    intent = base or Intent(kind=kind)
    people = {p.email.lower() for p in (*intent.to, *intent.cc, *intent.bcc, *intent.attendees)}
    added: dict[str, list[Person]] = {"to": [], "cc": [], "bcc": []}
    for role, names in (("to", answer.people), ("cc", answer.cc), ("bcc", answer.bcc)):
        for name in names:
            person = _person_from_words(str(name), said, ctx)
            if person is None:
                flags.append(f"new_recipient_dropped: {name} (not in your words)")
            elif person.email.lower() not in people and person.email.lower() not in allowed:
                people.add(person.email.lower())
                added[role].append(person)
    if kind == "calendar.create_event":
        intent = replace(intent, attendees=(*intent.attendees, *added["to"]))
    elif kind in ("gmail.send", "gmail.draft") or (kind == "gmail.reply" and added["to"]):
        intent = replace(
            intent,
            to=(*intent.to, *added["to"]),
            cc=(*intent.cc, *added["cc"]),
            bcc=(*intent.bcc, *added["bcc"]),
        )
    safe_addresses = allowed | {p.lower() for p in people} | set(ADDRESS.findall(said))
    if kind.startswith("gmail.") and answer.body:
        body, body_flags = clean_body(str(answer.body), safe_addresses, said)
        flags.extend(body_flags)
        user_body = base.body if base is not None else None
        body, kept_flags = guard_body(body, user_body, said, thread_text)
        flags.extend(kept_flags)
        intent = replace(intent, body=body)
    if answer.subject and not intent.subject:
        intent = replace(intent, subject=clean_body(str(answer.subject), safe_addresses, said)[0])
    if answer.title and not intent.title:
        intent = replace(intent, title=str(answer.title)[:120])
    if answer.when and intent.start is None and intent.window is None and fold(answer.when) in said:
        when = parse_when(str(answer.when), ctx.now, ctx.zone)
        if isinstance(when, tuple):
            intent = replace(intent, window=when)
        elif when is not None:
            intent = replace(intent, start=when)
    question, missing = offline.question, offline.missing
    if missing == "body" and intent.body:
        question, missing = None, None
    if missing is None and answer.question and kind.startswith("gmail.") and not intent.body:
        question, missing = str(answer.question), "body"
    return Reading(
        intent,
        question,
        missing,
        offline.unparsed,
        offline.notes,
        offline.changed,
        flags=tuple(flags),
    )


def _person_from_words(name: str, said: str, ctx: InterpretContext) -> Person | None:
    """A person the user named, resolved from their own words (None when not in them)."""
    text = name.strip()
    if not text or fold(text) not in said:
        return None
    found = resolve_person(text, ctx)
    if isinstance(found, Ambiguous | NotFound):
        return None
    return found


def clean_body(body: str, safe_addresses: set[str], said: str) -> tuple[str, list[str]]:
    """Drop addresses and links from model text that are not the user's or the thread's."""
    flags: list[str] = []

    def address(match: re.Match[str]) -> str:
        value = match.group(0)
        if value.lower() in safe_addresses:
            return value
        flags.append(f"new_recipient_dropped: {value} (removed from the text)")
        return "[address removed]"

    def link(match: re.Match[str]) -> str:
        value = match.group(0)
        if fold(value) in said:
            return value
        flags.append(f"link removed from the text: {value[:80]}")
        return "[link removed]"

    cleaned = URL.sub(link, ADDRESS.sub(address, body))
    return cleaned.strip(), flags
