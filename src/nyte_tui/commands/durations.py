"""Durations in plain words: "30 min", "1h30", "half an hour", "an hour and a half"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "forty five": 45, "fortyfive": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
_NUM = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_HOURS = r"h|hr|hrs|hours?"
_MINUTES = r"m|mins?|minutes?|'"
DURATION_RE = re.compile(
    r"(?<![\w:.])(?:for\s+|by\s+)?(?:"
    r"(?P<hm_h>\d+)\s*(?:" + _HOURS + r")\s*(?:and\s+)?(?P<hm_m>\d{1,2})\s*(?:" + _MINUTES + r")?"
    r"|(?P<half_after>an?|one|1)\s+hours?\s+and\s+a\s+half"
    r"|(?P<and_half>one|1)\s+and\s+a\s+half\s+hours?"
    r"|(?P<half>half\s+an\s+hour|half[\s-]hour)"
    r"|(?P<quarter>(?:a\s+)?quarter\s+(?:of\s+an\s+)?hour)"
    r"|(?P<h>" + _NUM + r")\s*-?\s*(?:" + _HOURS + r")"
    r"|(?P<m>" + _NUM + r")\s*-?\s*(?:" + _MINUTES + r")"
    r")(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DurationMatch:
    """A duration found in text, with the characters it covers."""

    duration: timedelta
    start: int
    end: int


def _number(text: str) -> float:
    """A number written in digits or words."""
    lowered = text.lower().replace(",", ".")
    if lowered in NUMBER_WORDS:
        return float(NUMBER_WORDS[lowered])
    return float(lowered)


def _value(match: re.Match[str]) -> timedelta | None:
    """The duration one regex match stands for."""
    groups = match.groupdict()
    if groups["hm_h"]:
        return timedelta(hours=int(groups["hm_h"]), minutes=int(groups["hm_m"]))
    if groups["half_after"] or groups["and_half"]:
        return timedelta(minutes=90)
    if groups["half"]:
        return timedelta(minutes=30)
    if groups["quarter"]:
        return timedelta(minutes=15)
    if groups["h"]:
        return timedelta(minutes=round(_number(groups["h"]) * 60))
    if groups["m"]:
        if groups["m"].lower() in {"a", "an"}:
            return None
        return timedelta(minutes=round(_number(groups["m"])))
    return None


def find_duration(text: str) -> DurationMatch | None:
    """The first duration in text with its span, ignoring zero and absurd lengths."""
    for match in DURATION_RE.finditer(text):
        value = _value(match)
        if value is not None and timedelta(0) < value <= timedelta(hours=24):
            return DurationMatch(value, match.start(), match.end())
    return None


def parse_duration(text: str) -> timedelta | None:
    """The duration named in text ("30 min", "1h30", "half an hour"), or None."""
    found = find_duration(text)
    return found.duration if found else None


def describe_duration(duration: timedelta) -> str:
    """A duration in words: "30 minutes", "1 hour", "1 h 30 min"."""
    minutes = int(duration.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return "1 hour" if hours == 1 else f"{hours} hours"
    return f"{rest} minutes"
