"""Reading the people named in an instruction: "to Dana and Tom", "with sam@x.com, Priya"."""

from __future__ import annotations

from dataclasses import dataclass

from nyte_tui.commands.context import InterpretContext, Person
from nyte_tui.commands.intent import Ambiguous, NotFound
from nyte_tui.commands.people import Resolved, resolve_person
from nyte_tui.commands.text import Token

# Words that are never a name.
GRAMMAR = {
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "it's", "i", "i'm",
    "i'll", "i've", "i'd", "we", "we're", "we'll", "we've", "you", "you're", "your", "they",
    "they're", "there", "their", "our", "my", "me", "us", "and", "or", "but", "so", "to",
    "of", "for", "on", "at", "in", "by", "with", "about", "from", "into", "re", "regarding",
    "saying", "say", "says", "tell", "let", "know", "ask", "asking", "cc", "bcc", "subject",
    "please", "thanks", "thank", "yes", "no", "ok", "okay", "sure", "not", "is", "are", "was",
    "be", "will", "can", "could", "would", "should", "have", "has", "had", "do", "does",
    "did", "all", "everyone", "anyone", "some", "any", "today", "tomorrow", "tonight", "next",
    "week", "month", "morning", "afternoon", "evening", "noon", "am", "pm", "reply",
    "email", "e-mail", "mail", "message", "note", "draft", "meeting", "call", "invite", "event",
    "thread", "line", "if", "whether", "when", "what", "how", "why", "where", "who", "which",
    "here", "just", "also", "again", "back", "up", "out", "then", "now", "soon", "later",
    "as", "than", "because", "since", "new", "quick", "short", "one", "two", "time", "slot",
    "minutes", "min", "mins", "hour", "hours", "half", "instead", "same", "other", "them",
    "her", "him", "she", "he", "his", "hers", "sorry", "great", "good", "fine",
    "works", "work", "sounds", "agenda", "team", "que", "dass", "che",
}  # fmt: skip
# Words that are a name only when capitalised and an exact match ("May", "Will", "Sunday").
SOFT = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue", "wed", "thu", "fri", "jan", "january", "feb", "march", "april", "may", "june",
    "july", "august", "sept", "october", "november", "december", "dec", "will", "bill",
    "grant", "mark", "rose", "summer", "sat", "sun",
}  # fmt: skip
PRONOUN_TOKENS = {"her", "him", "them"}
TWO_WORD_ROLES = {
    ("the", "organiser"), ("the", "organizer"), ("the", "host"), ("the", "sender"),
}  # fmt: skip
ROLE_WORDS = {"organiser", "organizer"}
SEPARATORS = {",", "&", "+", "/", "and"}


@dataclass(frozen=True)
class Mention:
    """Someone named in the instruction: the words used, what they resolved to, token span."""

    text: str
    result: Resolved
    start: int
    end: int

    @property
    def person(self) -> Person | None:
        """The resolved person, when the words named exactly one."""
        return self.result if isinstance(self.result, Person) else None


def name_like(token: Token) -> bool:
    """Whether a word looks like a name: capitalised, or in a non-Latin script."""
    first = token.text[:1]
    return first.isupper() or (not first.isascii() and first.isalpha())


def _span_text(text: str, tokens: list[Token], start: int, end: int) -> str:
    """The original text covered by tokens[start:end]."""
    return text[tokens[start].start : tokens[end - 1].end]


def _usable(token: Token, *, first: bool, last: bool) -> bool:
    """Whether a token may be part of a name span."""
    if not token.is_word:
        return False
    word = token.low
    if word in GRAMMAR:
        return (first and word == "the") or (last and word == "team")
    return word not in SOFT or name_like(token)


def read_person(
    text: str, tokens: list[Token], index: int, ctx: InterpretContext, *, strict: bool
) -> Mention | None:
    """The person named at tokens[index], if any; strict also reports unknown names."""
    if index >= len(tokens):
        return None
    token = tokens[index]
    if token.is_email:
        return Mention(token.text, resolve_person(token.text, ctx), index, index + 1)
    pair = tuple(t.low for t in tokens[index : index + 2])
    if pair in TWO_WORD_ROLES or token.low in ROLE_WORDS:
        end = index + (2 if pair in TWO_WORD_ROLES else 1)
        words = _span_text(text, tokens, index, end)
        return Mention(words, resolve_person(words, ctx), index, end)
    if token.low in PRONOUN_TOKENS:
        return Mention(token.text, resolve_person(token.text, ctx), index, index + 1)
    if token.low in {"me", "myself"} and strict:
        return Mention(token.text, NotFound(token.text, "own"), index, index + 1)
    for length in (4, 3, 2, 1):
        end = index + length
        if end > len(tokens):
            continue
        span = tokens[index:end]
        if not all(_usable(t, first=i == 0, last=i == length - 1) for i, t in enumerate(span)):
            continue
        words = _span_text(text, tokens, index, end)
        fuzzy = strict and not any(t.low in SOFT for t in span)
        result = resolve_person(words, ctx, fuzzy=fuzzy)
        if isinstance(result, Person | Ambiguous):
            return Mention(words, result, index, end)
    return _unknown(text, tokens, index) if strict else None


def _unknown(text: str, tokens: list[Token], index: int) -> Mention | None:
    """An unknown name at index: a run of capitalised words, or one plain word."""
    end = index
    while end < len(tokens) and end - index < 3:
        token = tokens[end]
        if not token.is_word or token.low in GRAMMAR or not name_like(token):
            break
        end += 1
    if end == index:
        token = tokens[index]
        if not token.is_word or token.low in GRAMMAR or token.low in SOFT:
            return None
        if not token.text.replace("-", "").replace("'", "").isalpha():
            return None
        end = index + 1
    words = _span_text(text, tokens, index, end)
    return Mention(words, NotFound(words), index, end)


def read_people(
    text: str, tokens: list[Token], index: int, ctx: InterpretContext, *, strict: bool
) -> tuple[list[Mention], int]:
    """Everyone named from index on ("Dana, Tom and priya@x.com") and the index after them."""
    mentions: list[Mention] = []
    cursor = index
    while True:
        found = read_person(text, tokens, cursor, ctx, strict=strict and not mentions)
        retry = found is None and mentions and cursor < len(tokens)
        if retry and (tokens[cursor].is_email or name_like(tokens[cursor])):
            found = read_person(text, tokens, cursor, ctx, strict=strict)
        if found is None:
            break
        mentions.append(found)
        cursor = found.end
        following = cursor
        while following < len(tokens) and tokens[following].low in SEPARATORS:
            following += 1
        if following == cursor or following >= len(tokens):
            break
        ahead = tokens[following]
        if not (ahead.is_email or ahead.low in PRONOUN_TOKENS or _continues(ahead, strict)):
            break
        probe = read_person(text, tokens, following, ctx, strict=strict and name_like(ahead))
        if probe is None:
            break
        cursor = following
    return mentions, cursor


def _continues(token: Token, strict: bool) -> bool:
    """Whether a word after "and" or a comma may be another person's name."""
    if not token.is_word or token.low in GRAMMAR:
        return False
    return strict or name_like(token)
