"""Relative days and period ends in each language: "day after tomorrow", "end of the month".

dateparser reads "tomorrow" in most languages, but in a sentence with a clock ("até amanhã às
10h") it may return the clock alone, read "pasado mañana" as "mañana", and it has no reading
for period ends ("entro fine novembre", "bis Ende der Woche", "月末まで"). These helpers give
the day such words name, relative to when the mail was written.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "ja")  # the languages triage reads

DAY_AFTER = re.compile(
    r"\b(day after tomorrow|übermorgen|après-demain|pasado mañana|depois de amanhã|"
    r"dopodomani|overmorgen)\b|明後日|あさって",
    re.IGNORECASE,
)
TOMORROW = re.compile(
    r"\b(tomorrow|(?<!guten )morgen|demain|(?<!la )mañana|amanhã|domani)\b|明日|あした",
    re.IGNORECASE,
)
TODAY = re.compile(
    r"\b(today|tonight|heute|aujourd'hui|ce soir|hoy|esta (tarde|noche)|hoje|oggi|stasera|"
    r"vandaag|vanavond|end of (the )?day|(ao |até ao )?fim do dia|final do dia|"
    r"fin de (la )?journée|"
    r"fin del día|final del día|Ende des Tages|Tagesende|fine giornata|fine della giornata|"
    r"einde van de dag|eind van de dag)\b|今日|本日|今夜",
    re.IGNORECASE,
)
WEEK_END = re.compile(
    r"\b(end of (the |this )?week|eow|ende (der |dieser )?woche|fin de (la )?semaine|"
    r"fin de esta semana|fim (da|desta) semana|fine settimana|entro la settimana|"
    r"eind van de week|einde van de week)\b|今週中|週末まで",
    re.IGNORECASE,
)
NEXT_WEEK_END = re.compile(
    r"\b(end of next week|(ende|bis ende) (der )?nächste[nr]? woche|fin de la semaine prochaine|"
    r"fin de la (semana que viene|próxima semana)|final de la próxima semana|"
    r"fi[mn] da próxima semana|fine della prossima settimana|eind(e)? (van )?volgende week)\b"
    r"|来週末|来週中",
    re.IGNORECASE,
)
MONTH_END = re.compile(
    r"\b(end of (the |this )?month|eom|monatsende|ende (des |dieses )?monats?|fin (du|de ce) mois|"
    r"fin de(l| este)? mes|final de(l| este)? mes|fim (do|deste) m[eê]s|fine (del )?mese|"
    r"eind van de maand|einde van de maand)\b|月末|今月中",
    re.IGNORECASE,
)
END_OF_NAMED = re.compile(
    r"\b(?:end of|ende|fin(?:es)? de|final de|fim de|fine|eind)\s+(?P<month>[^\W\d_]{3,12})\b",
    re.IGNORECASE,
)


def relative_day(text: str, today: date) -> tuple[date, str] | None:
    """The day a relative day word names ("pasado mañana", "amanhã", "本日"), with the word."""
    for pattern, offset in ((DAY_AFTER, 2), (TOMORROW, 1), (TODAY, 0)):
        match = pattern.search(text)
        if match is not None:
            return today + timedelta(days=offset), match.group(0)
    return None


def period_end(text: str, today: date) -> tuple[date, str] | None:
    """The last day of a period a phrase names ("end of the week", "fine novembre", "月末")."""
    match = NEXT_WEEK_END.search(text)
    if match is not None:
        return today + timedelta(days=(4 - today.weekday()) % 7 + 7), match.group(0)
    match = WEEK_END.search(text)
    if match is not None:
        return today + timedelta(days=(4 - today.weekday()) % 7), match.group(0)
    match = MONTH_END.search(text)
    if match is not None:
        last = calendar.monthrange(today.year, today.month)[1]
        return today.replace(day=last), match.group(0)
    match = END_OF_NAMED.search(text)
    if match is not None:
        month = _month_number(match.group("month"))
        if month is not None:
            year = today.year + (1 if month < today.month else 0)
            return date(year, month, calendar.monthrange(year, month)[1]), match.group(0)
    return None


def _month_number(word: str) -> int | None:
    """The month a month name in any of nyte's languages names, or None."""
    import dateparser

    parsed = dateparser.parse(f"1 {word}", languages=list(LANGUAGES))
    if parsed is None or not word.isalpha() or parsed.day != 1:
        return None
    return parsed.month
