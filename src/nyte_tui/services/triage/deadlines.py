"""Deadlines in mail text: weekdays, relative and calendar dates and clock times, in local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from nyte_tui.services.triage.dates import is_deadline_sentence, sentence_deadline, sentences

WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "lunes": 0,
    "martes": 1,
    "miércoles": 2,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
}


RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "eod": 0,
    "cob": 0,
    "end of day": 0,
    "end of the day": 0,
    "end of day today": 0,
    "tomorrow": 1,
    "eod tomorrow": 1,
    "end of day tomorrow": 1,
    "heute": 0,
    "morgen": 1,
    "aujourd'hui": 0,
    "ce soir": 0,
    "demain": 1,
    "hoy": 0,
    "mañana": 1,
    "manana": 1,
    "今日": 0,
    "明日": 1,
    "end of week": -1,
    "eow": -1,
    "end of the week": -1,
}


_WEEKDAY_WORDS = "|".join(re.escape(w) for w in WEEKDAYS)
_DAY_WORDS = "|".join(sorted((re.escape(w) for w in [*WEEKDAYS, *RELATIVE_DAYS]), key=len)[::-1])


_MONTHS = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)"
)


_DATE = (
    rf"(?:(?:{_DAY_WORDS})[, ]*)?(?:\d{{1,2}}(?:st|nd|rd|th)?\.? (?:de )?{_MONTHS}|"
    rf"{_MONTHS} \d{{1,2}}(?:st|nd|rd|th)?|\d{{4}}-\d{{2}}-\d{{2}}|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
)


_TIME = r"(?:\s*(?:at\s+|um\s+|à\s+|a las\s+)?\d{1,2}(?::\d{2})?\s*(?:am|pm|h|uhr)?)?"


DEADLINE_RE = re.compile(
    rf"\b(?P<lead>by|before|until|due(?: on| by)?|no later than|deadline(?: is|:)?|bis(?: zum)?|"
    rf"d'ici|avant|para|antes del?|hasta)\s+(?:the\s+|le\s+|el\s+)?"
    # "by end of day Friday", "by COB on Thursday": the end of that day, not of today
    rf"(?:(?:end of (?:the )?day|eod|cob|close of business)\s+(?:on\s+)?"
    rf"(?=(?:{_WEEKDAY_WORDS})\b))?"
    rf"(?P<when>{_DATE}|(?:{_DAY_WORDS}))(?P<time>{_TIME})",
    re.IGNORECASE,
)


STANDALONE_RE = re.compile(
    r"\b(?P<when>eod tomorrow|end of day tomorrow|end of day today|eod|cob|tonight)\b"
    r"|(?P<ja>(今日|明日)中)",
    re.IGNORECASE,
)


END_OF_DAY = time(18, 0)


MDY_ZONES = frozenset(
    {
        "America/New_York",
        "America/Detroit",
        "America/Chicago",
        "America/Menominee",
        "America/Denver",
        "America/Boise",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "America/Juneau",
        "America/Sitka",
        "America/Metlakatla",
        "America/Yakutat",
        "America/Nome",
        "America/Adak",
        "America/Puerto_Rico",
        "America/St_Thomas",
        "Pacific/Honolulu",
        "Pacific/Guam",
        "Pacific/Saipan",
        "Pacific/Pago_Pago",
        "Asia/Manila",
        "EST",
        "MST",
        "HST",
        "EST5EDT",
        "CST6CDT",
        "MST7MDT",
        "PST8PDT",
        "Navajo",
    }
)


MDY_PREFIXES = ("US/", "America/Indiana/", "America/Kentucky/", "America/North_Dakota/")


# where month comes before day in short dates ("10/15" is 15 October in Japan, Korea, China)
MONTH_FIRST_ZONES = frozenset(
    {"Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai", "Asia/Chongqing", "Asia/Taipei", "Japan", "ROK"}
)


def date_order(tz: tzinfo) -> str:
    """How numeric dates like 03/04 are read in a zone: MDY in the US and East Asia, else DMY."""
    key = str(getattr(tz, "key", "") or "")
    month_first = key in MDY_ZONES or key in MONTH_FIRST_ZONES or key.startswith(MDY_PREFIXES)
    return "MDY" if month_first else "DMY"


@dataclass(frozen=True)
class Deadline:
    """A deadline found in text: when, and the words that said it."""

    at: datetime
    phrase: str


def find_deadline(text: str, written_at: datetime, tz: tzinfo) -> Deadline | None:
    """The earliest deadline phrase in text, resolved relative to when it was written."""
    local = written_at.astimezone(tz)
    order = date_order(tz)
    text = _plain_abbreviations(text)
    found: list[Deadline] = []
    for match in DEADLINE_RE.finditer(text):
        when = _resolve(match.group("when"), match.group("time") or "", local, order)
        if when is not None:
            found.append(Deadline(when, match.group(0).strip()))
    for match in STANDALONE_RE.finditer(text):
        phrase = match.group("when") or ("today" if "今日" in match.group(0) else "tomorrow")
        when = _resolve(phrase, "", local, order)
        if when is not None:
            found.append(Deadline(when, match.group(0).strip()))
    base = local.replace(tzinfo=None, second=0, microsecond=0)
    for sentence in sentences(text):
        if is_deadline_sentence(sentence):
            hit = sentence_deadline(sentence, base, order)
            if hit is not None:
                found.append(Deadline(hit[0].replace(tzinfo=local.tzinfo), hit[1]))
    # a date well before the mail was written is history ("on Dec 1 we agreed"), not a deadline
    recent = [d for d in found if d.at >= local - timedelta(days=7)]
    return min(recent, key=lambda d: d.at) if recent else None


MONTH_DOT_RE = re.compile(
    r"\b(jan|feb|febr|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|janv|févr|avr|juil|déc|ene|abr|"
    r"ago|dic|mrt|okt|dez)\.(?=\s*\d)",
    re.IGNORECASE,
)
MERIDIEM_DOT_RE = re.compile(r"\b([ap])\.\s?m\.(?!\w)", re.IGNORECASE)


def _plain_abbreviations(text: str) -> str:
    """Text with "Nov. 3" read as "Nov 3" and "11:59 p.m." as "11:59 pm"."""
    return MERIDIEM_DOT_RE.sub(r"\1m", MONTH_DOT_RE.sub(r"\1", text))


def _resolve(when: str, clock: str, local: datetime, order: str = "DMY") -> datetime | None:
    """Turn a day phrase (and optional time) into an aware local datetime."""
    word = " ".join(when.lower().replace(",", " ").split())
    day: date | None = None
    if word in RELATIVE_DAYS:
        offset = RELATIVE_DAYS[word]
        if offset < 0:
            day = local.date() + timedelta(days=(4 - local.weekday()) % 7)
        else:
            day = local.date() + timedelta(days=offset)
    elif word in WEEKDAYS:
        day = local.date() + timedelta(days=(WEEKDAYS[word] - local.weekday()) % 7)
    else:
        day = _parse_date(word, local.replace(tzinfo=None), order)
    if day is None:
        return None
    at = _parse_clock(clock) or END_OF_DAY
    return datetime.combine(day, at, tzinfo=local.tzinfo)


def _parse_clock(clock: str) -> time | None:
    """A time of day like "3pm", "15:00" or "at 9"."""
    match = re.search(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", clock.lower())
    if not match or not clock.strip():
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) == "pm" and hour < 12:
        hour += 12
    if match.group(3) == "am" and hour == 12:
        hour = 0
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _slashed_date(match: re.Match[str], base: datetime, order: str) -> date | None:
    """A date like 12/03 or 10/15/26, read in order; a reading with a month over 12 swapped."""
    first, second = int(match.group(1)), int(match.group(2))
    day, month = (second, first) if order == "MDY" else (first, second)
    if month > 12 >= day:
        day, month = month, day
    year = int(match.group(3)) if match.group(3) else base.year
    year += 2000 if year < 100 else 0
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if match.group(3) is None and found < base.date() - timedelta(days=60):
        found = found.replace(year=year + 1)  # "02/01" written in December is next year's
    return found


@lru_cache(maxsize=2048)
def _parse_date(phrase: str, base: datetime, order: str = "DMY") -> date | None:
    """An explicit date phrase parsed with dateparser, preferring the future of base.

    order (DMY or MDY) decides how an ambiguous numeric date such as 03/04 is read.
    """
    import dateparser

    words = phrase.split()
    if words and words[0] in WEEKDAYS:
        phrase = " ".join(words[1:])
    slashed = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", phrase.strip())
    if slashed is not None:
        return _slashed_date(slashed, base, order)
    parsed = dateparser.parse(
        phrase,
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": order,
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date() if parsed else None
