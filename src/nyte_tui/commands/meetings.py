"""Reading "set up 30 min with sam@x.com next week about the launch" into a new event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from nyte_tui.commands.context import InterpretContext, Person
from nyte_tui.commands.durations import describe_duration, find_duration
from nyte_tui.commands.intent import Ambiguous, Intent, Interpretation, NotFound, Pending
from nyte_tui.commands.people import FUZZY, score, show, show_list
from nyte_tui.commands.phrases import GRAMMAR, Mention, read_people
from nyte_tui.commands.questions import check
from nyte_tui.commands.text import Token, capitalise, fold, tokenize
from nyte_tui.commands.when import (
    WhenMatch,
    Window,
    describe,
    describe_window,
    find_when_merged,
)

DEFAULT_DURATION = timedelta(minutes=30)
NOUNS = {"meeting", "call", "chat", "sync", "catch-up", "catchup", "session", "appointment"}
NOUNS |= {"1:1", "one-on-one", "time", "slot", "video", "zoom", "event", "meet"}
FILLER = {"a", "an", "some", "quick", "short", "new", "me", "us", "of", "in", "the", "for"}
FILLER |= {"calendar", "my", "our", "and", "please", "up", ","}
TITLE_MARKERS: tuple[tuple[str, ...], ...] = (
    ("to", "talk", "about"), ("to", "discuss"), ("to", "go", "over"), ("about",),
    ("regarding",), ("re",), ("on",), ("for",), ("titled",), ("called",), ("named",),
    ("title",),
)  # fmt: skip
PEOPLE_MARKERS = {"with", "invite", "inviting", "and", "plus", ","}
TITLE_STOPS = {"with", ",", "inviting", "invite", "and"}
MEALS = re.compile(r"\b(?:lunch|breakfast|dinner|coffee|drinks)\b", re.IGNORECASE)
ARTICLES = re.compile(r"^(?:the|a|an|our|my)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Timing:
    """The time part of an instruction: the phrases found and the text left without them."""

    when: WhenMatch | None
    rest: str
    past: WhenMatch | None


def timing(text: str, ctx: InterpretContext, *, ranges: bool = True) -> Timing:
    """The time phrases of text read as one, and the text with them blanked out."""
    when, spans = find_when_merged(text, ctx.now, ctx.zone, ctx.working_hours, ranges=ranges)
    rest = text
    for first, last in spans:
        rest = rest[:first] + " " * (last - first) + rest[last:]
    return Timing(when, rest, when if when is not None and when.past else None)


def _title(text: str) -> str:
    """A title from a phrase: articles dropped, first letter capital ("the launch" → "Launch")."""
    return capitalise(ARTICLES.sub("", text.strip(" ,.")))


def _resolve(mentions: list[Mention], notes: list[str]) -> tuple[list[Person], Pending | None]:
    """The attendees mentions name, and the question the first unclear one raises."""
    people: list[Person] = []
    pending: Pending | None = None
    for mention in mentions:
        result = mention.result
        if isinstance(result, Person):
            if result.email not in {p.email for p in people}:
                people.append(result)
            if score(fold(mention.text), result)[0] == FUZZY and result.source != "typed":
                notes.append(f"Took “{mention.text}” to mean {show(result)}")
        elif pending is None and isinstance(result, Ambiguous):
            pending = Pending("attendees", mention.text, result.candidates)
        elif pending is None and isinstance(result, NotFound):
            if result.reason == "own":
                continue
            pending = Pending("attendees", mention.text, reason=result.reason)
    return people, pending


def read_meeting(
    text: str, ctx: InterpretContext, *, strict_start: bool = False
) -> tuple[list[Mention], str | None, str, list[str]]:
    """The people, title, meeting noun and leftovers of the words after the verb."""
    tokens = tokenize(text)
    mentions: list[Mention] = []
    title: str | None = None
    noun = "meeting"
    leftovers: list[str] = []
    index = 0
    found, index = read_people(text, tokens, index, ctx, strict=strict_start)
    mentions.extend(found)
    while index < len(tokens):
        word = tokens[index].low
        if word in PEOPLE_MARKERS:
            found, after = read_people(text, tokens, index + 1, ctx, strict=word != ",")
            if found:
                mentions.extend(found)
                index = after
                continue
        marker = next(
            (
                m
                for m in TITLE_MARKERS
                if [t.low for t in tokens[index : index + len(m)]] == list(m)
            ),
            None,
        )
        if (
            marker is not None
            and index + len(marker) < len(tokens)
            and tokens[index + len(marker)].low not in TITLE_STOPS
        ):
            start = index + len(marker)
            end = _title_end(tokens, start)
            phrase = text[tokens[start].start : tokens[end - 1].end]
            if phrase and title is None:
                title = phrase
            index = end
            continue
        if word in NOUNS:
            noun = "call" if word in {"call", "video", "zoom"} else noun
            index += 1
            continue
        if word in FILLER or word in GRAMMAR:
            index += 1
            continue
        end = _title_end(tokens, index)
        phrase = text[tokens[index].start : tokens[end - 1].end]
        if title is None:
            title = phrase
        else:
            leftovers.append(phrase)
        index = end
    return mentions, title, noun, leftovers


def _title_end(tokens: list[Token], start: int) -> int:
    """Where a title phrase stops: before "with", a comma, or the end."""
    end = start + 1
    while end < len(tokens) and tokens[end].low not in TITLE_STOPS - {"and"}:
        end += 1
    return end


def build_meeting(
    text: str, ctx: InterpretContext, notes: list[str], *, strict_start: bool = False
) -> Interpretation:
    """A calendar.create_event intent from the words after "schedule", "set up", "book"…."""
    times = timing(text, ctx)
    rest = times.rest
    duration_match = find_duration(rest)
    duration: timedelta | None = None
    if duration_match is not None:
        duration = duration_match.duration
        rest = rest[: duration_match.start] + " " + rest[duration_match.end :]
    mentions, title, noun, leftovers = read_meeting(rest, ctx, strict_start=strict_start)
    meal = MEALS.search(text)
    if meal:
        noun = meal.group().lower()
    attendees, pending = _resolve(mentions, notes)
    when = times.when
    start, window = _slot(when, notes, ctx)
    if when is not None and when.end is not None and duration is None and start is not None:
        duration = when.end - start
    if duration is None:
        duration = DEFAULT_DURATION
        notes.append(f"No length given; {describe_duration(duration)}")
    if title:
        title = _title(title)
    else:
        who = show_list(attendees)
        title = f"{noun.capitalize()} with {who}" if who else noun.capitalize()
        notes.append(f"Titled it “{title}”")
    intent = Intent(
        kind="calendar.create_event",
        attendees=tuple(attendees),
        start=start,
        duration=duration,
        window=window,
        title=title,
        pending=pending,
    )
    question, missing = check(intent, ctx)
    if times.past is not None and missing in {None, "time"}:
        question = f"{_past_label(times.past, ctx)} has already passed. When should it be instead?"
        missing = "time"
    return Interpretation(intent, question, missing, tuple(leftovers), tuple(notes))


def _slot(
    when: WhenMatch | None, notes: list[str], ctx: InterpretContext
) -> tuple[datetime | None, Window | None]:
    """The exact start or the window a time phrase gives, noting a rolled-over clock time."""
    if when is None or when.past:
        return None, None
    if when.start is not None:
        if when.rolled:
            notes.append(f"That time has passed today; took {describe(when.start, ctx.zone)}")
        return when.start, None
    if when.window is not None:
        notes.append(f"Will look for a free slot {describe_window(when.window, ctx.zone)}")
    return None, when.window


def _past_label(when: WhenMatch, ctx: InterpretContext) -> str:
    """The past time or window a phrase named, for the question."""
    if when.start is not None:
        return describe(when.start, ctx.zone)
    if when.window is not None:
        return describe_window(when.window, ctx.zone)
    return "That time"
