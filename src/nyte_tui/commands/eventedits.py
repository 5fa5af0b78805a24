"""Answering and moving events: "decline the 4pm, say I'm travelling", "move the standup to 10"."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from nyte_tui.commands.context import EventRef, InterpretContext
from nyte_tui.commands.durations import find_duration
from nyte_tui.commands.events import EventMatch, resolve_event, show_event
from nyte_tui.commands.intent import Intent, Interpretation, Pending, Response, Window
from nyte_tui.commands.questions import check
from nyte_tui.commands.speech import message_body
from nyte_tui.commands.when import WhenMatch, describe, describe_window, find_whens
from nyte_tui.commands.when_parts import at

NOTE_SPLIT = re.compile(
    r"\s*(?:--|—|–|(?<!\d):(?!\d)|;|,?\s*(?:and\s+)?(?:say(?:ing)?|tell(?:ing)?\s+(?:them|him|her)(?:\s+that)?|"
    r"let(?:ting)?\s+(?:them|him|her)\s+know(?:\s+that)?|with\s+(?:a\s+)?(?:note|message|comment)"
    r"(?:\s+saying)?|note|because|since|as)\b)\s*",
    re.IGNORECASE,
)
TENTATIVE_WORDS = re.compile(r"\b(?:tentatively|maybe|as\s+tentative)\b", re.IGNORECASE)
TARGET_LEAD = re.compile(r"(?:\b(?:to|till|until|for|on|into|at)\s*)$", re.IGNORECASE)
STARTS_WITH_LEAD = re.compile(r"^(?:to|till|until|at)\b", re.IGNORECASE)
LATER = re.compile(r"\b(?:later|back|out)\b", re.IGNORECASE)
EARLIER = re.compile(r"\b(?:earlier|forward|ahead|sooner|up)\b", re.IGNORECASE)
BY_DELTA = re.compile(r"\bby\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Shift:
    """How a move changes an event: by a delta, or to a new time."""

    delta: timedelta | None = None
    target: WhenMatch | None = None


def _event_pending(match: EventMatch, ref: str) -> Pending:
    """The open question about which event, with the candidates it offers."""
    events = match.choices
    return Pending("event", ref.strip(), events=events, reason=match.reason)


def build_rsvp(
    text: str, response: Response, ctx: InterpretContext, notes: list[str]
) -> Interpretation:
    """A calendar.rsvp intent: the event named (or selected), the answer and any note."""
    split = NOTE_SPLIT.search(text)
    ref, note_text = (text[: split.start()], text[split.end() :]) if split else (text, "")
    if TENTATIVE_WORDS.search(ref):
        response = "tentative"
        ref = TENTATIVE_WORDS.sub(" ", ref)
    note = message_body(note_text, convert=False) or None
    match = resolve_event(ref, ctx, "rsvp")
    if match.note:
        notes.append(match.note)
    pending = None if match.event is not None else _event_pending(match, ref)
    intent = Intent(
        kind="calendar.rsvp", response=response, note=note, event=match.event, pending=pending
    )
    question, missing = check(intent, ctx)
    return Interpretation(intent, question, missing, (), tuple(notes))


def _split_target(text: str, ctx: InterpretContext) -> tuple[str, WhenMatch | None]:
    """The event reference and the new time in "move the 4pm to Thursday"."""
    found = find_whens(text, ctx.now, ctx.zone, ctx.working_hours, ranges=False, the_hour=True)
    target: WhenMatch | None = None
    for match in found:
        before = text[: match.span[0]]
        inside = text[match.span[0] : match.span[1]]
        if TARGET_LEAD.search(before) or STARTS_WITH_LEAD.match(inside):
            target = match
    if target is None and len(found) >= 2:
        target = found[-1]
    if target is None and len(found) == 1:
        remaining = text[: found[0].span[0]] + text[found[0].span[1] :]
        content = [w for w in re.findall(r"[^\W\d_][\w']*", remaining) if len(w) > 1]
        if [w for w in content if w.lower() not in {"the", "my", "meeting", "call", "event"}]:
            target = found[0]
    if target is None:
        return text, None
    before = TARGET_LEAD.sub("", text[: target.span[0]])
    return before + " " + text[target.span[1] :], target


def _delta(text: str, verb_word: str) -> tuple[timedelta | None, str]:
    """A shift like "by an hour" or "30 minutes later", and the text without it."""
    found = find_duration(text)
    if found is None:
        return None, text
    after = text[found.end : found.end + 12]
    before = text[: found.start]
    said = text[found.start : found.end].lower().startswith("by") or BY_DELTA.search(before)
    direction = 0
    if EARLIER.match(after.strip()) or verb_word == "move_earlier":
        direction = -1
    elif LATER.match(after.strip()) or verb_word in {"push", "postpone", "delay", "bump"}:
        direction = 1
    if LATER.search(before[-12:]) and not direction:
        direction = 1
    if not direction and not said:
        return None, text
    rest = text[: found.start] + " " + text[found.end :]
    return found.duration * (direction or 1), rest


def _new_time(
    event: EventRef, target: WhenMatch, ctx: InterpretContext
) -> tuple[datetime | None, Window | None]:
    """Where the event lands: a day keeps its clock time, a clock time keeps its day."""
    local = event.start.astimezone(ctx.zone)
    if target.clock is not None and target.day is not None:
        return at(target.day, target.clock, ctx.zone), None
    if target.clock is not None:
        return at(local.date(), target.clock, ctx.zone), None
    if target.day is not None and target.window is not None and _whole_day(target, ctx):
        return at(target.day, local.time().replace(tzinfo=None), ctx.zone), None
    return None, target.window


def _whole_day(target: WhenMatch, ctx: InterpretContext) -> bool:
    """Whether a phrase named a plain day ("Thursday") rather than part of one ("morning")."""
    if target.window is None or target.day is None:
        return False
    opening, close = (moment.astimezone(ctx.zone) for moment in target.window)
    return close.hour == ctx.working_hours[1] and opening.date() == close.date()


def plan_move(text: str, verb_word: str, ctx: InterpretContext) -> tuple[str, Shift]:
    """The event reference of a move instruction and the shift it asks for."""
    delta, rest = _delta(text, verb_word)
    if delta is not None:
        return rest, Shift(delta=delta)
    ref, target = _split_target(rest, ctx)
    return ref, Shift(target=target)


def apply_shift(
    event: EventRef, shift: Shift, ctx: InterpretContext, notes: list[str]
) -> tuple[datetime | None, Window | None]:
    """The new start (or window) of an event under a shift."""
    if shift.delta is not None:
        return event.start + shift.delta, None
    if shift.target is None:
        return None, None
    start, window = _new_time(event, shift.target, ctx)
    if window is not None:
        notes.append(f"Will look for a free slot {describe_window(window, ctx.zone)}")
    return start, window


def build_move(
    text: str, verb_word: str, ctx: InterpretContext, notes: list[str]
) -> Interpretation:
    """A calendar.move intent: the event named (or selected) and its new start or window."""
    ref, shift = plan_move(text, verb_word, ctx)
    match = resolve_event(ref, ctx, "move")
    if match.note:
        notes.append(match.note)
    event = match.event
    start, window = apply_shift(event, shift, ctx, notes) if event is not None else (None, None)
    pending = None
    if event is None:
        pending = replace(_event_pending(match, ref), rest=f"{verb_word}\n{text}")
    intent = Intent(
        kind="calendar.move",
        event=event,
        start=start,
        duration=(event.end - event.start) if event is not None else None,
        window=window,
        pending=pending,
    )
    return finish_move(intent, ctx, notes)


def finish_move(intent: Intent, ctx: InterpretContext, notes: list[str]) -> Interpretation:
    """The move's interpretation: its question, or one about a new time that has passed."""
    question, missing = check(intent, ctx)
    start, event = intent.start, intent.event
    if question is None and start is not None and event is not None and start <= ctx.now:
        question = (
            f"{describe(start, ctx.zone)} has already passed. "
            f"When should {show_event(event, ctx.zone)} move to?"
        )
        intent = replace(intent, start=None)
        missing = "time"
    return Interpretation(intent, question, missing, (), tuple(notes))
