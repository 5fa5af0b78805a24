"""Find the pieces of a time phrase in text: days, clock times, parts of the day, ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "ten": 10, "a couple of": 2, "a few": 3,
}  # fmt: skip
HOUR_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
PARTS = {
    "morning": (9, 12),
    "afternoon": (13, 17),
    "evening": (17, 20),
    "night": (17, 20),
    "lunch": (12, 14),
    "lunchtime": (12, 14),
}

_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MO = "|".join(sorted(MONTHS, key=len, reverse=True))
_SMALL = r"\d+|" + "|".join(sorted(SMALL_NUMBERS, key=len, reverse=True))
_LEAD = r"(?:(?:at|@|around|from|to|until|till|by|for)\s*)?"
_AMPM = r"(?P<ampm>a\.?m\.?|p\.?m\.?)"
_SUFFIX = r"(?:st|nd|rd|th)"
_NOT_AMOUNT = (
    r"(?![:.]\d|\s*(?:%|mins?\b|minutes?|h\b|hours?|hrs?|days?|weeks?|people"
    r"|st\b|nd\b|rd\b|th\b))"
)

PATTERNS: tuple[tuple[str, str], ...] = (
    ("after_tomorrow", r"\b(?:the\s+)?day\s+after\s+tomorrow\b"),
    ("later_today", r"\blater\s+(?:on\s+)?today\b|\blater\s+on\b"),
    ("today", r"\b(?:today|tonight|tonite)(?:'s)?\b"),
    ("tomorrow", r"\b(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|2moro)(?:'s)?\b"),
    ("yesterday", r"\byesterday\b"),
    (
        "weekday",
        r"\b(?:on\s+)?(?:(?P<rel>this|next|coming|the\s+coming|the\s+next)\s+)?"
        r"(?P<wd>" + _WD + r")(?:'s|s)?\b",
    ),
    (
        "week",
        r"\b(?P<which>next|this|the\s+following)\s+(?P<unit>week|month)\b"
        r"|\b(?P<after>the\s+week\s+after\s+next)\b",
    ),
    ("in_days", r"\bin\s+(?P<n>" + _SMALL + r")\s+(?P<unit>days?|weeks?)\b"),
    (
        "in_time",
        r"\bin\s+(?:(?P<half>half\s+an?\s+hour)|(?P<n>" + _SMALL + r"|\d+\.\d+)\s*"
        r"(?P<unit>hours?|hrs?|h|minutes?|mins?))\b",
    ),
    (
        "day_month",
        r"\b(?:on\s+)?(?:the\s+)?(?P<d>\d{1,2})" + _SUFFIX + r"?\s+(?:of\s+)?"
        r"(?P<mo>" + _MO + r")\.?(?:,?\s+(?P<y>\d{4}))?\b",
    ),
    (
        "month_day",
        r"\b(?:on\s+)?(?P<mo>" + _MO + r")\.?\s+(?:the\s+)?(?P<d>\d{1,2})" + _SUFFIX + r"?"
        r"(?:,?\s+(?P<y>\d{4}))?\b(?!:)",
    ),
    (
        "ordinal",
        r"\b(?:on\s+)?the\s+(?P<d>\d{1,2})" + _SUFFIX + r"\b(?!\s+(?:of\s+)?(?:" + _MO + r"))",
    ),
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("numeric", r"\b(?:on\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{2,4}))?\b"),
    (
        "range",
        r"\b(?P<lead>from\s+|between\s+)?(?P<h1>\d{1,2})(?::(?P<m1>\d{2}))?\s*"
        r"(?P<ap1>am|pm)?\s*(?:-|–|to|until|till|and)\s*(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?\s*"
        r"(?P<ap2>am|pm)?\b",
    ),
    ("clock_ampm", r"\b" + _LEAD + r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*" + _AMPM + r"(?!\w)"),
    ("clock_24", r"\b" + _LEAD + r"(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)\b"),
    ("noon", r"\b(?:at\s+)?(?P<word>noon|midday|midnight|12\s*noon)\b"),
    ("first_thing", r"\bfirst\s+thing\b"),
    (
        "past_to",
        r"\b(?:at\s+)?(?P<q>half|quarter)\s+(?P<dir>past|to)\s+(?P<h>\d{1,2}|"
        + "|".join(sorted(HOUR_WORDS, key=len, reverse=True))
        + r")\b",
    ),
    ("oclock", r"\b" + _LEAD + r"(?P<h>\d{1,2})\s*o'?clock\b"),
    ("bare", r"\b(?P<lead>at|@|around|from|to|until|till)\s+(?P<h>\d{1,2})\b" + _NOT_AMOUNT),
    ("the_hour", r"\bthe\s+(?P<h>\d{1,2})\b" + _NOT_AMOUNT + r"(?!\s*(?:-|–|/))"),
    (
        "part",
        r"\b(?:(?P<this>this|in\s+the|the)\s+)?(?P<part>morning|afternoon|evening|night|"
        r"lunch\s*time|lunch)s?\b",
    ),
)
DAY_KINDS = frozenset(
    {"after_tomorrow", "today", "tomorrow", "yesterday", "weekday", "in_days", "day_month"}
    | {"month_day", "ordinal", "iso", "numeric"}
)
CLOCK_KINDS = frozenset(
    {"clock_ampm", "clock_24", "noon", "first_thing", "past_to", "oclock", "bare", "the_hour"}
)
JOINER = re.compile(r"^[\s,]*(?:(?:at|on|in\s+the|around|from|of)\s*)?[\s,]*$", re.IGNORECASE)
TARGET = re.compile(r"^(?:to|until|till)\b", re.IGNORECASE)
COMPILED = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in PATTERNS)


@dataclass(frozen=True)
class Piece:
    """One recognised piece of a time phrase, with its regex groups and span."""

    kind: str
    start: int
    end: int
    groups: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str:
        """The lowercased text of a named group, or an empty string."""
        return dict(self.groups).get(name, "")


def scan(text: str, *, ranges: bool = True, the_hour: bool = False) -> list[Piece]:
    """Every non-overlapping time piece in text, longest first where they overlap."""
    found: list[Piece] = []
    for kind, regex in COMPILED:
        if (kind == "range" and not ranges) or (kind == "the_hour" and not the_hour):
            continue
        for match in regex.finditer(text):
            if kind == "range" and not _plausible_range(match):
                continue
            groups = tuple(
                (name, value.lower()) for name, value in match.groupdict().items() if value
            )
            found.append(Piece(kind, match.start(), match.end(), groups))
    found.sort(key=lambda piece: (-(piece.end - piece.start), piece.start))
    chosen: list[Piece] = []
    for piece in found:
        if all(piece.end <= other.start or piece.start >= other.end for other in chosen):
            chosen.append(piece)
    return sorted(chosen, key=lambda piece: piece.start)


def _plausible_range(match: re.Match[str]) -> bool:
    """Whether "2-4pm"-like text reads as a time range rather than any two numbers."""
    joined = match.group()
    has_marker = bool(match.group("ap1") or match.group("ap2") or match.group("m1"))
    if " and " in joined.lower() and not match.group("lead"):
        return False
    return has_marker or bool(match.group("lead"))


def group(text: str, pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces joined into phrases when only spaces, commas or "at"/"on" lie between them."""
    phrases: list[list[Piece]] = []
    for piece in pieces:
        if phrases and _joins(text, phrases[-1], piece):
            phrases[-1].append(piece)
        else:
            phrases.append([piece])
    return phrases


def _category(piece: Piece) -> str:
    """Whether a piece names a day, a clock time, or something else (part, week, delay)."""
    if piece.kind in DAY_KINDS:
        return "day"
    if piece.kind in CLOCK_KINDS or piece.kind == "range":
        return "clock"
    return piece.kind


def _joins(text: str, phrase: list[Piece], piece: Piece) -> bool:
    """Whether a piece continues a phrase: adjacent, a new kind of piece, not "to …"."""
    if not JOINER.match(text[phrase[-1].end : piece.start]):
        return False
    if TARGET.match(text[piece.start : piece.end]):
        return False
    return _category(piece) not in {_category(other) for other in phrase}
