"""Dates and times in deadline sentences, found with dateparser's `search_dates`.

Each sentence that states a deadline ("by", "bis", "avant", "até", "まで", …) or asks the user
something is searched in the languages nyte reads, relative to when the mail was written.
Before the search, clock times are written as HH:MM ("17h", "8h30", "14 Uhr", "15時" would
otherwise read as durations) and day-first numeric dates ("05.12.", "3月12日") as ISO dates.
Matches that hold neither a digit nor a day word ("we", "die vier") are dropped, a day without
a clock takes the sentence's clock (or 18:00), and a date a year ahead that just passed is
read as the recent past ("late fee from Dec 4" written on Dec 8). Relative day words and
period ends ("pasado mañana", "entro fine novembre", "bis Ende der Woche") are read by
`periods`, since dateparser reads them as a clock alone, as the wrong day, or not at all.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from nyte_tui.services.triage.asking import REQUEST_RE
from nyte_tui.services.triage.periods import LANGUAGES, period_end, relative_day

END_OF_DAY = time(18, 0)
CUE_RE = re.compile(
    r"\b(by|before|until|till|due|deadline|expir\w*|no later than|latest|within|or else|"
    r"otherwise|bis|vor|spätestens|fällig|frist|läuft|ab|avant|d'ici|au plus tard|jusqu'\w*|"
    r"m[áa]s tardar|muy tarde|mais tardar|più tardi|no m[áa]ximo|"
    r"sinon|antes|hasta|para|vence\w*|até|entro|prima|scade\w*|voor|vóór|uiterlijk|eod|cob|"
    r"fino al?|a fin de|a finales de|clos(es|ing)|cut-?off|freeze|lapses?|cl[ôo]ture|ferme|"
    r"schlie(ß|ss)t|schluss|cierra|cierre|chiude|chiusura|fecha l[íi]mite|encerra|sluit|"
    r"prazo|plazo|termina|scadenza|termijn|eingabeschluss|anmeldeschluss)\b|"
    r"まで|迄|期限|中に|月末|締切|締め切り|締め|〆切|〆",
    re.IGNORECASE,
)
# a day word alone dates a sentence only when it asks ("can you send it today?"); "thanks for
# the session today" or "we go live tomorrow" is a mention, not a deadline
DAY_CUE_RE = re.compile(
    r"\b(today|tonight|tomorrow|heute|morgen|demain|aujourd'hui|ce soir|hoy|mañana|hoje|"
    r"amanhã|oggi|domani|stasera|vandaag)\b|本日|今日|明日",
    re.IGNORECASE,
)
DAY_WORDS = re.compile(
    r"\b(today|tonight|tomorrow|noon|midnight|eod|cob|this (morning|afternoon|evening)|"
    r"heute|morgen|mittag|demain|aujourd'hui|ce soir|midi|hoy|mañana|hoje|amanhã|oggi|domani|"
    r"stasera|vandaag|mon|tue|wed|thu|fri|sat|sun)\w*|今日|明日|本日|今夜",
    re.IGNORECASE,
)
WEEKDAY_NAMES = re.compile(
    r"\b(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"segunda|terça|quarta|quinta|sexta|lunedì|martedì|mercoledì|giovedì|venerdì|maandag|"
    r"dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b",
    re.IGNORECASE,
)
CLOCK_SUFFIX = re.compile(
    r"(?<![\d:.,])(\d{1,2})(?:[:h.](\d{2}))?\s*(?:h\b|uhr\b|時)(?:(\d{2})分)?", re.IGNORECASE
)
CLOCK_AFTER_WORD = re.compile(r"\b(um|à|às|alle|om|a las|at)\s+(\d{1,2})(?![\d:.,]|\s*(?:am|pm))")
CLOCK_ANY = re.compile(
    r"(?<![\d/.-])(\d{1,2}):(\d{2})(?!\d)|\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\b|"
    r"\b(noon|midday|mittag|midi|mezzogiorno|mediodía)\b|(midnight|minuit|mitternacht)",
    re.IGNORECASE,
)
SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2}(?!\d))?(?![\d])")
JAPANESE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
# a day of the month alone: "até dia 13", "el día 13", "entro il giorno 13", "13日までに"
DAY_ONLY = re.compile(
    r"\b(?:(?:até|no|ao|el|hasta el|para el|il|entro il|le|au|jusqu'au|op) )?"
    r"(?:dia|día|giorno|jour) (\d{1,2})\b(?![./:-]\d)|"
    r"(?<![\d月/])(\d{1,2})日(?=まで|迄|締|に|の|（|\()",
    re.IGNORECASE,
)
JA_WEEKDAY = re.compile(r"(来週の?|今週の?)?([月火水木金土日])曜日?の?")
JA_PM = re.compile(r"午後\s*(\d{1,2})\s*時")
# the weekday a date is written with ("7/10(金)", "10.07. (Fr)", "Dec 4 (Thu)"): the date says it
DATE_WEEKDAY = re.compile(
    r"(?<=[\d日.])\s?[(（](?:[月火水木金土日](?:曜日?)?|[A-Za-zÀ-ÿ]{2,4}\.?)[)）]"
)
JA_NOON = re.compile(r"(?<![\d:])(?:お?昼|正午)(?=まで|迄|までに|頃|ごろ)")
JA_PART_OF_DAY = re.compile(r"午前|午後|朝|夕方|夜")
MORNING = re.compile(r"\b(guten morgen|(por|de|en) la mañana)\b", re.IGNORECASE)
# a conjunction dateparser reads into the date ("el 12 de junio y …", "am 5. Dezember und")
TRAILING_JOINER = re.compile(r"\s+(?:y|e|et|and|und|en|o|or|ou|oder)$", re.IGNORECASE)
# Japanese ends a sentence at 。！？ with no space after ("…って。金曜までに…？")
SENTENCE = re.compile(
    r"(?<=[.!?？。！])\s+|(?<=[。！？])(?![\s」』）)])|\n\s*\n|\n(?=\s*[-•*]\s)|"
    r"\n(?=\s*\d+[.)]\s)"
)
ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[A-Za-zÀ-ÿ]|dr|mr|mrs|ms|mme|mlle|st|nr|no|fr|hr|vs|etc|e\.g|i\.e|z\.b|"
    r"i\.a|u\.a|bzw|ca|inkl|tel|sr|sra|av|ref|approx|dept|art|abs|s\.a|\d{1,2}|"
    r"jan|feb|febr|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|janv|févr|avr|juil|déc|ene|abr|"
    r"ago|dic|mrt|okt|dez|gen|giu|lug|ott)\.$",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """Sentences of text, with wrapped lines joined and abbreviations ("Dr.", "z. B.") kept."""
    merged: list[str] = []
    for part in SENTENCE.split(text):
        flat = " ".join(part.split())
        if not flat:
            continue
        if merged and ABBREVIATION.search(merged[-1]) and not part.startswith("\n"):
            merged[-1] = f"{merged[-1]} {flat}"
        else:
            merged.append(flat)
    return merged


def _iso(day: int, month: int, year: int | None, base: datetime) -> str:
    """An ISO date for a day-first date without (or with) a year, nearest ahead of base."""
    if year is None:
        year = base.year
        try:
            if date(year, month, day) < base.date() - timedelta(days=60):
                year += 1
        except ValueError:
            return ""
    elif year < 100:
        year += 2000
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def _ja_weekday(match: re.Match[str], base: datetime) -> str:
    """A Japanese weekday as its date ahead of base ("金曜" → this Friday, "来週の月曜" → next)."""
    weekday = "月火水木金土日".index(match.group(2))
    ahead = (weekday - base.weekday()) % 7
    if (match.group(1) or "").startswith("来週"):
        ahead = 7 - base.weekday() + weekday
    return f" {(base.date() + timedelta(days=ahead)).isoformat()} "


# an amount of money, with its currency before or after it ("€ 1.512,00", "486,40 EUR", "$1,200")
MONEY = re.compile(
    r"(?:[€$£¥]|R\$|\b(?:EUR|USD|GBP|CHF|JPY|BRL|MXN))\s?\d[\d.,']*(?:\d|[–-])"
    r"|\b\d[\d.,']*\s?(?:€|\b(?:EUR|USD|GBP|CHF|euros?|reais|dollars?|pesos)\b)",
    re.IGNORECASE,
)


def normalise(
    sentence: str, base: datetime, order: str = "DMY", sources: dict[str, str] | None = None
) -> str:
    """Clock times as HH:MM and numeric dates as ISO dates (slashed ones read in `order`).

    sources, when given, maps each ISO date written for a Japanese date or weekday to the
    words the mail used, so a reason can quote "6月26日" rather than "2026-06-26".
    """
    seen = sources if sources is not None else {}

    def clock(match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), match.group(2) or match.group(3) or "00"
        return f" {hour:02d}:{minute} " if hour < 24 else match.group(0)

    def dotted(match: re.Match[str]) -> str:
        year = int(match.group(3)) if match.group(3) else None
        return _iso(int(match.group(1)), int(match.group(2)), year, base) or match.group(0)

    def japanese(match: re.Match[str]) -> str:
        year = int(match.group(1)) if match.group(1) else None
        iso = _iso(int(match.group(3)), int(match.group(2)), year, base)
        seen[iso] = match.group(0)
        return f" {iso} "

    def day_only(match: re.Match[str]) -> str:
        day = int(match.group(1) or match.group(2))
        month, year = base.month, base.year
        if day < base.day:  # "dia 3" written on the 20th is the 3rd of next month
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        iso = _iso(day, month, year, base)
        if not iso:
            return match.group(0)
        seen[iso] = match.group(0)
        return f" {iso} "

    def weekday(match: re.Match[str]) -> str:
        iso = _ja_weekday(match, base)
        seen[iso.strip()] = match.group(0).rstrip("の")
        return iso

    def slashed(match: re.Match[str]) -> str:
        first, second = int(match.group(1)), int(match.group(2))
        day, month = (second, first) if order == "MDY" else (first, second)
        if month > 12 >= day:
            day, month = month, day  # "10/15" can only be the 15th of October
        year = int(match.group(3)) if match.group(3) else None
        iso = _iso(day, month, year, base)
        if iso:
            seen[iso] = match.group(0)  # the reason quotes "10/15", not "2026-10-15"
        return iso or match.group(0)

    text = re.sub(r"\b(today|tomorrow|tonight)['’]s\b", r"\1", sentence, flags=re.IGNORECASE)
    text = MONEY.sub(" ", text)  # "€ 1.512,00" is an amount, not the 1st of May 2012
    # "Guten Morgen" and "por la mañana" name a morning, not tomorrow
    text = MORNING.sub(" ", text)
    text = DATE_WEEKDAY.sub(" ", text)
    text = JA_NOON.sub(" 12:00", text)
    text = JAPANESE.sub(japanese, text)
    text = DAY_ONLY.sub(day_only, text)
    text = JA_WEEKDAY.sub(weekday, text)
    text = JA_PM.sub(lambda m: f"{int(m.group(1)) % 12 + 12}時", text)
    text = JA_PART_OF_DAY.sub(" ", text)
    text = SLASHED.sub(slashed, text)
    text = CLOCK_SUFFIX.sub(clock, text)
    text = CLOCK_AFTER_WORD.sub(lambda m: f"{m.group(1)} {int(m.group(2)):02d}:00", text)
    return DOTTED.sub(dotted, text)


def _readable(words: str, sources: dict[str, str]) -> str:
    """Matched words with each ISO date written for the mail's own words put back."""
    for iso, original in sources.items():
        words = words.replace(iso, original)
    return " ".join(words.split())


def _clock(text: str) -> time | None:
    """The first clock time in normalised text."""
    match = CLOCK_ANY.search(text)
    if match is None:
        return None
    if match.group(6):
        return time(12, 0)
    if match.group(7):
        return time(23, 59)
    if match.group(1):
        hour, minute = int(match.group(1)), int(match.group(2))
    else:
        hour, minute = int(match.group(3)), int(match.group(4) or 0)
        hour = hour % 12 + (12 if match.group(5).lower() == "p" else 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _clock_only(words: str) -> bool:
    """Whether a matched phrase is a time of day with no day in it ("à 17:00", "）15:00")."""
    if _clock(words) is None or DAY_WORDS.search(words) or WEEKDAY_NAMES.search(words):
        return False
    rest = CLOCK_ANY.sub("", words)
    return not re.search(r"\d{4}-\d{2}-\d{2}|[^\W\d_]{3,}", rest)


def is_deadline_sentence(sentence: str) -> bool:
    """Whether a sentence states a deadline ("by", "entro", "まで") or asks for a day ("today?")."""
    if CUE_RE.search(sentence) is not None:
        return True
    asks = REQUEST_RE.search(sentence) is not None or any(m in sentence for m in "?？¿")
    return asks and DAY_CUE_RE.search(sentence) is not None


def _named_days(
    text: str, base: datetime, languages: tuple[str, ...]
) -> list[tuple[datetime, str, bool]]:
    """The dates dateparser finds in normalised text, read in the given languages, that name
    a day (not a year alone or a bare number), each with its words and whether it has a time."""
    from dateparser.search import search_dates

    try:
        found = search_dates(
            text,
            languages=list(languages),
            settings={
                "RELATIVE_BASE": base,
                "PREFER_DATES_FROM": "future",
                "DATE_ORDER": "DMY",  # numeric dates are ISO by now; this reads "the 7th"
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except Exception:  # dateparser on odd input: no date rather than no triage
        return []
    days: list[tuple[datetime, str, bool]] = []
    for phrase, when in found or []:
        words = TRAILING_JOINER.sub("", phrase.strip(" ,;:()（）"))
        has_digit = any(c.isdigit() for c in words)
        named = DAY_WORDS.search(words) or WEEKDAY_NAMES.search(words)
        if not (has_digit or named) or len(words) < 2:
            continue
        if re.fullmatch(r"(?:\w{1,3}\s+)?\d{4}", words):
            continue  # a year alone ("the 2026 budget") is no deadline
        if has_digit and not named and not re.search(r"\d{1,2}[:/-]\d|\d{4}|[^\W\d_]{3,}", words):
            continue  # a bare number ("23 plan IDs") is not a date
        if DURATION.fullmatch(words) and not _within_before(text, phrase):
            continue  # "3 uur te laat" is how late, not a time: only "within 3 hours" is one
        timed = _clock(words) is not None or when.time() not in (base.time(), time(0, 0))
        days.append((when, words, timed))
    return days


DURATION = re.compile(
    r"\d+\s*(uur|hours?|hrs?|stunden?|std\.?|heures?|horas?|ore|minut\w*|mins?)", re.IGNORECASE
)
WITHIN = re.compile(
    r"\b(in|within|binnen|innerhalb( von)?|dans|d'ici|en|entro|dentro de|em|nas próximas|"
    r"nelle prossime|next|the next|les|las|le)\s*$",
    re.IGNORECASE,
)


def _within_before(text: str, phrase: str) -> bool:
    """Whether a duration in text follows "within", "in", "binnen" (a deadline from now)."""
    at = text.find(phrase)
    return at >= 0 and WITHIN.search(text[max(0, at - 30) : at]) is not None


@lru_cache(maxsize=4096)
def sentence_deadline(
    sentence: str, base: datetime, order: str = "DMY"
) -> tuple[datetime, str] | None:
    """The earliest date and time a sentence names (naive local time), with its words."""
    sources: dict[str, str] = {}
    text = normalise(sentence, base, order, sources)
    days = _named_days(text, base, LANGUAGES)
    if not days and (any(c.isdigit() for c in text) or WEEKDAY_NAMES.search(text)):
        # with many languages, dateparser reads the sentence in the one it guesses ("2026"
        # alone from a Dutch sentence); one language at a time finds "woensdag 18 maart"
        for language in LANGUAGES:
            days = _named_days(text, base, (language,))
            if days:
                break
    clock = _clock(text)
    today = base.date()
    relative = relative_day(text, today)
    if relative is not None and relative[0] == today and not days:
        # "Zou je dit vandaag nog willen tekenen?", "até ao fim do dia": today, by its end
        days.append((datetime.combine(today, clock or END_OF_DAY), relative[1], True))
    if relative is not None and relative[0] > today:
        # "até amanhã às 10h", "pasado mañana": the clock and the day word belong together
        day, word = relative
        days = [d for d in days if not _clock_only(d[1]) and d[1].lower() not in word.lower()]
        days.append((datetime.combine(day, clock or END_OF_DAY), word, True))
    period = period_end(text, today)
    if period is not None:
        days.append((datetime.combine(period[0], clock or END_OF_DAY), period[1], True))
    if not days:
        return None
    dated = [d for d in days if not _clock_only(d[1])]
    days = dated or days  # "明日 … 15:00": the clock belongs to the day, not to today
    results: list[tuple[datetime, str]] = []
    for found_at, words, timed in days:
        if found_at > base + timedelta(days=400):
            continue
        when = found_at if timed else datetime.combine(found_at.date(), clock or END_OF_DAY)
        if when > base + timedelta(days=300):
            try:
                earlier = when.replace(year=when.year - 1)
            except ValueError:
                earlier = when
            if earlier >= base - timedelta(days=60):
                when = earlier
        results.append((when, _readable(words, sources)))
    return min(results, key=lambda r: r[0]) if results else None
