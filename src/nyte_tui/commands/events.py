"""Which event the user means: "the 4pm", "the board sync", "tomorrow's standup", "it"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Literal

from nyte_tui.commands.context import EventRef, InterpretContext, Person
from nyte_tui.commands.people import resolve_person
from nyte_tui.commands.text import fold, similarity, words_of
from nyte_tui.commands.when import describe, find_when

Purpose = Literal["rsvp", "move", "any"]
DEICTIC = {"it", "this", "that", "one", "invite", "invitation", "meeting", "event", "call"}
FILLER = DEICTIC | {"the", "my", "a", "an", "with", "from", "at", "on", "for", "of", "our"}
FILLER |= {"s", "'s", "next", "upcoming", "today", "today's", "please", "to", "and", "by"}
FILLER |= {"later", "back", "earlier", "forward", "up", "out", "ahead", "sooner", "instead"}


@dataclass(frozen=True)
class EventMatch:
    """The event meant, or the candidates to ask about, and a note when one was picked."""

    event: EventRef | None
    choices: tuple[EventRef, ...] = ()
    note: str | None = None
    reason: str = ""


def _key(event: EventRef) -> tuple[str, str]:
    """An event's identity across the context."""
    return (event.calendar_id, event.event_id)


def candidates(ctx: InterpretContext, purpose: Purpose) -> list[EventRef]:
    """Events that have not ended, soonest first; for an RSVP, only other people's events."""
    seen: dict[tuple[str, str], EventRef] = {}
    pool = list(ctx.events)
    if ctx.item is not None and ctx.item.event is not None:
        pool.insert(0, ctx.item.event)
    for event in pool:
        if event.end > ctx.now and _key(event) not in seen:
            seen[_key(event)] = event
    found = sorted(seen.values(), key=lambda event: event.start)
    if purpose == "rsvp":
        found = [event for event in found if not event.organizer_self]
    return found


def suggestions(ctx: InterpretContext, purpose: Purpose) -> tuple[EventRef, ...]:
    """Up to three events to offer when none was named: unanswered invites first."""
    pool = candidates(ctx, purpose)
    if purpose == "rsvp":
        pending = [event for event in pool if event.my_response in {None, "needsAction"}]
        pool = pending + [event for event in pool if event not in pending]
    return tuple(pool[:3])


def show_event(event: EventRef, zone: tzinfo) -> str:
    """An event for a question or note: "Board sync (Tue 1 Dec 16:00)"."""
    return f"{event.title or 'Untitled event'} ({describe(event.start, zone)})"


def selected_event(ctx: InterpretContext) -> EventRef | None:
    """The event of the selected item, if it has one."""
    return ctx.item.event if ctx.item is not None else None


def _person_in(word: str, event: EventRef, ctx: InterpretContext) -> bool:
    """Whether a word names someone on the event (organiser or attendee)."""
    emails = {address.lower() for address in event.attendees}
    if event.organizer_email:
        emails.add(event.organizer_email.lower())
    if any(fold(address.split("@")[0]).split(".")[0] == word for address in emails):
        return True
    found = resolve_person(word, ctx, fuzzy=False)
    return isinstance(found, Person) and found.email in emails


def _word_score(words: list[str], event: EventRef, ctx: InterpretContext) -> float:
    """How well the words fit the event's title or people, from 0 to 1."""
    title = words_of(event.title)
    total = 0.0
    for word in words:
        best = 0.0
        for token in title:
            if word == token:
                best = 1.0
            elif len(word) >= 3 and token.startswith(word):
                best = max(best, 0.8)
            elif len(word) >= 4 and similarity(word, token) >= 0.8:
                best = max(best, 0.7)
        if best == 0.0 and _person_in(word, event, ctx):
            best = 0.9
        total += best
    return total / len(words) if words else 0.0


def resolve_event(ref: str, ctx: InterpretContext, purpose: Purpose = "any") -> EventMatch:
    """The event a reference means, the candidates when several fit, or none with suggestions."""
    words = [w.removesuffix("'s") for w in words_of(ref)]
    selected = selected_event(ctx)
    deictic = all(word in DEICTIC | FILLER for word in words)
    if deictic and selected is not None and not (purpose == "rsvp" and selected.organizer_self):
        return EventMatch(selected)
    when = find_when(ref, ctx.now, ctx.zone, ctx.working_hours, ranges=False, the_hour=True)
    if when is not None and when.part_only:
        when = None
    rest = ref
    if when is not None:
        rest = ref[: when.span[0]] + " " + ref[when.span[1] :]
    content = [w.removesuffix("'s") for w in words_of(rest)]
    content = [w for w in content if w not in FILLER and len(w) > 1]
    if when is None and not content:
        return EventMatch(None, suggestions(ctx, purpose), reason="none")
    pool = candidates(ctx, purpose)
    found = _filter(pool, when.day if when else None, when.clock if when else None, ctx)
    if content:
        scored = [(_word_score(content, event, ctx), event) for event in found]
        top = max((score for score, _ in scored), default=0.0)
        found = [event for score, event in scored if score >= 0.5 and score == top]
    if not found:
        if purpose == "rsvp" and _matches_own(ref, ctx):
            return EventMatch(None, suggestions(ctx, purpose), reason="own")
        return EventMatch(None, suggestions(ctx, purpose), reason="unknown")
    return _pick(found, ctx, by_words=bool(content))


def _filter(
    pool: list[EventRef], day: object, clock: object, ctx: InterpretContext
) -> list[EventRef]:
    """Events on the named day and at the named clock time, when those were named."""
    kept = []
    for event in pool:
        local = event.start.astimezone(ctx.zone)
        if day is not None and local.date() != day:
            continue
        if clock is not None and (local.time().replace(second=0) != clock or event.all_day):
            continue
        kept.append(event)
    return kept


def _matches_own(ref: str, ctx: InterpretContext) -> bool:
    """Whether the reference fits an event the user organises (no RSVP possible)."""
    mine = [event for event in candidates(ctx, "any") if event.organizer_self]
    if not mine:
        return False
    words = [w for w in words_of(ref) if w not in FILLER]
    return any(_word_score(words, event, ctx) >= 0.5 for event in mine) if words else False


def _pick(found: list[EventRef], ctx: InterpretContext, *, by_words: bool) -> EventMatch:
    """One event from the fitting ones: the soonest of a repeating one, or of one clock time."""
    if len(found) == 1:
        return EventMatch(found[0])
    first = found[0]
    note = f"Picked the next one: {show_event(first, ctx.zone)}"
    if by_words:
        distinct: dict[str, EventRef] = {}
        for event in found:
            distinct.setdefault(fold(event.title), event)
        if len(distinct) == 1:
            return EventMatch(first, note=note)
        return EventMatch(None, tuple(list(distinct.values())[:3]), reason="several")
    first_day = first.start.astimezone(ctx.zone).date()
    same_day = [e for e in found if e.start.astimezone(ctx.zone).date() == first_day]
    if len(same_day) == 1:
        return EventMatch(first, note=note)
    return EventMatch(None, tuple(same_day[:3]), reason="several")
