"""Times in plain words, read in the user's zone relative to now, the future preferred."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

from nyte_tui.commands.when_parts import (
    at,
    clock_hour,
    future_date,
    ordinal_date,
    round_up,
    safe_date,
    small_number,
    week_range,
    weekday_date,
)
from nyte_tui.commands.when_scan import (
    HOUR_WORDS,
    MONTHS,
    PARTS,
    Piece,
    group,
    scan,
)

Window = tuple[datetime, datetime]
WorkingHours = tuple[int, int]


@dataclass(frozen=True)
class WhenMatch:
    """A time phrase found in text: an exact start, or a window to look for a slot in."""

    start: datetime | None
    window: Window | None
    day: date | None
    clock: time | None
    span: tuple[int, int]
    end: datetime | None = None
    past: bool = False
    rolled: bool = False
    part_only: bool = False

    @property
    def date_only(self) -> bool:
        """Whether the phrase names a day but no clock time."""
        return self.day is not None and self.clock is None

    @property
    def time_only(self) -> bool:
        """Whether the phrase names a clock time but no day."""
        return self.clock is not None and self.day is None

    @property
    def value(self) -> datetime | Window | None:
        """The exact start when there is one, else the window."""
        return self.start if self.start is not None else self.window


@dataclass
class _Parts:
    """What the pieces of one phrase said, gathered before they are combined."""

    day: date | None = None
    days: tuple[date, date] | None = None
    clock: time | None = None
    clock_end: time | None = None
    part: tuple[int, int] | None = None
    part_name: str = ""
    exact: datetime | None = None
    later_today: bool = False
    this_part: bool = False


def _clock_piece(piece: Piece, text: str, part: str) -> tuple[time | None, time | None]:
    """The clock time (and range end) a clock or range piece names."""
    kind = piece.kind
    if kind == "noon":
        return (time(0) if piece.get("word") == "midnight" else time(12)), None
    if kind == "first_thing":
        return time(9), None
    if kind == "past_to":
        word = piece.get("h")
        hour = HOUR_WORDS.get(word) or int(word)
        minutes = 30 if piece.get("q") == "half" else 15
        if piece.get("dir") == "to":
            hour, minutes = hour - 1, 60 - minutes
        return clock_hour(hour, minutes, "", part, hour < 10), None
    if kind == "range":
        ap2 = piece.get("ap2")
        h1, h2 = int(piece.get("h1")), int(piece.get("h2"))
        ap1 = piece.get("ap1") or (ap2 if ap2 == "am" or h1 < h2 or h2 == 12 else "")
        if not piece.get("ap1") and ap2 == "pm" and h1 > h2 and h1 != 12:
            ap1 = "am"
        first = clock_hour(h1, int(piece.get("m1") or 0), ap1, part, h1 < 10)
        second = clock_hour(h2, int(piece.get("m2") or 0), ap2, part, h2 < 10)
        return first, second
    hour_text = piece.get("h")
    one_digit = len(hour_text) == 1
    return clock_hour(
        int(hour_text), int(piece.get("m") or 0), piece.get("ampm"), part, one_digit
    ), None


def _gather(pieces: list[Piece], text: str, now: datetime) -> _Parts:
    """Fold the pieces of one phrase into days, clock times and parts of the day."""
    today = now.date()
    parts = _Parts()
    for piece in pieces:
        if piece.kind == "part":
            name = piece.get("part").replace(" ", "")
            parts.part, parts.part_name = PARTS[name], name
            parts.this_part = piece.get("this") == "this"
        elif piece.kind == "today" and text[piece.start : piece.end].lower().startswith("toni"):
            parts.part, parts.part_name = PARTS["evening"], "evening"
    for piece in pieces:
        kind = piece.kind
        found: date | None = None
        if kind == "after_tomorrow":
            found = today + timedelta(days=2)
        elif kind in {"today", "later_today"}:
            found = today
            parts.later_today = parts.later_today or kind == "later_today"
        elif kind == "tomorrow":
            found = today + timedelta(days=1)
        elif kind == "yesterday":
            found = today - timedelta(days=1)
        elif kind == "weekday":
            found = weekday_date(piece, today)
        elif kind == "week" and parts.days is None:
            parts.days = week_range(piece, today)
        elif kind == "in_days":
            unit = 7 if piece.get("unit").startswith("week") else 1
            found = today + timedelta(days=round(small_number(piece.get("n")) * unit))
        elif kind == "in_time" and parts.exact is None:
            minutes = 30.0 if piece.get("half") else small_number(piece.get("n"))
            if piece.get("unit").startswith("h"):
                minutes *= 60
            parts.exact = now + timedelta(minutes=round(minutes))
        elif kind in {"day_month", "month_day"}:
            found = future_date(MONTHS[piece.get("mo")], int(piece.get("d")), piece.get("y"), today)
        elif kind == "ordinal":
            found = ordinal_date(int(piece.get("d")), today)
        elif kind == "iso":
            found = safe_date(int(piece.get("y")), int(piece.get("m")), int(piece.get("d")))
        elif kind == "numeric":
            found = future_date(int(piece.get("m")), int(piece.get("d")), piece.get("y"), today)
        elif kind not in {"part", "week", "in_time"} and parts.clock is None:
            parts.clock, parts.clock_end = _clock_piece(piece, text, parts.part_name)
        if found is not None and parts.day is None:
            parts.day = found
    if parts.this_part and parts.day is None:
        parts.day = today
    return parts


def _combine(
    parts: _Parts, span: tuple[int, int], now: datetime, zone: tzinfo, hours: WorkingHours
) -> WhenMatch:
    """One WhenMatch from the gathered parts: exact start, or a window clipped to the future."""
    if parts.exact is not None:
        exact = parts.exact.replace(second=0, microsecond=0)
        return WhenMatch(exact, None, exact.date(), exact.time(), span)
    if parts.clock is not None and parts.days is None:
        day, rolled = parts.day, False
        if day is None:
            day = now.date()
            if at(day, parts.clock, zone) <= now:
                day, rolled = day + timedelta(days=1), True
        start = at(day, parts.clock, zone)
        end = at(day, parts.clock_end, zone) if parts.clock_end else None
        if end is not None and end <= start:
            end = None
        return WhenMatch(
            start, None, parts.day, parts.clock, span, end, start <= now, rolled=rolled
        )
    if parts.days is not None:
        first, last = parts.days
        opening = time(hours[0]) if parts.clock is None else parts.clock
        window = (at(first, opening, zone), at(last, time(hours[1]), zone))
        return _clip(WhenMatch(None, window, None, parts.clock, span), now)
    if parts.part is not None:
        day = parts.day or now.date()
        window = (at(day, time(parts.part[0]), zone), at(day, time(parts.part[1]), zone))
        if parts.day is None and window[1] <= now:
            day += timedelta(days=1)
            window = (window[0] + timedelta(days=1), window[1] + timedelta(days=1))
        clipped = _clip(WhenMatch(None, window, day, None, span), now)
        return replace(clipped, part_only=parts.day is None)
    day = parts.day or now.date()
    close = at(day, time(hours[1]), zone)
    if parts.later_today:
        close = max(close, round_up(now) + timedelta(hours=2))
        close = min(close, at(day, time(23, 59), zone))
    window = (at(day, time(hours[0]), zone), close)
    return _clip(WhenMatch(None, window, day, None, span), now)


def _clip(match: WhenMatch, now: datetime) -> WhenMatch:
    """The match with its window starting no earlier than now; past when nothing is left."""
    if match.window is None:
        return match
    opening, close = match.window
    if opening < now:
        opening = round_up(now)
    if close <= opening:
        return WhenMatch(None, match.window, match.day, match.clock, match.span, past=True)
    return WhenMatch(None, (opening, close), match.day, match.clock, match.span)


def find_whens(
    text: str,
    now: datetime,
    zone: tzinfo,
    hours: WorkingHours = (9, 18),
    *,
    ranges: bool = True,
    the_hour: bool = False,
) -> list[WhenMatch]:
    """Every time phrase in text, in order, each read on its own."""
    local_now = now.astimezone(zone)
    return [
        _combine(_gather(phrase, text, local_now), span, local_now, zone, hours)
        for phrase, span in _phrases(text, local_now, ranges=ranges, the_hour=the_hour)
    ]


def _phrases(
    text: str, now: datetime, *, ranges: bool, the_hour: bool
) -> list[tuple[list[Piece], tuple[int, int]]]:
    """The time phrases of text that say something, each with its span."""
    found = []
    for phrase in group(text, scan(text, ranges=ranges, the_hour=the_hour)):
        parts = _gather(phrase, text, now)
        said = parts.day or parts.clock or parts.days or parts.part or parts.exact
        if said is not None:
            found.append((phrase, (phrase[0].start, phrase[-1].end)))
    return found


def find_when_merged(
    text: str, now: datetime, zone: tzinfo, hours: WorkingHours = (9, 18), *, ranges: bool = True
) -> tuple[WhenMatch | None, list[tuple[int, int]]]:
    """All the time phrases of text read as one ("tomorrow … at 3"), and their spans."""
    local_now = now.astimezone(zone)
    phrases = _phrases(text, local_now, ranges=ranges, the_hour=False)
    if not phrases:
        return None, []
    pieces = [piece for phrase, _ in phrases for piece in phrase]
    spans = [span for _, span in phrases]
    whole = (spans[0][0], spans[-1][1])
    return _combine(_gather(pieces, text, local_now), whole, local_now, zone, hours), spans


def find_when(
    text: str,
    now: datetime,
    zone: tzinfo,
    hours: WorkingHours = (9, 18),
    *,
    ranges: bool = True,
    the_hour: bool = False,
) -> WhenMatch | None:
    """The first time phrase in text, or None."""
    found = find_whens(text, now, zone, hours, ranges=ranges, the_hour=the_hour)
    return found[0] if found else None


def guess_when(
    text: str, now: datetime, zone: tzinfo, hours: WorkingHours = (9, 18)
) -> WhenMatch | None:
    """The whole text read as a time: the phrase scanner first, then dateparser (any language)."""
    found = find_when(text, now, zone, hours)
    if found is not None or not text.strip() or len(text.split()) > 6:
        return found
    import dateparser

    local_now = now.astimezone(zone)
    naive_now = local_now.replace(tzinfo=None, second=0, microsecond=0)
    try:
        parsed = dateparser.parse(
            text,
            settings={
                "RELATIVE_BASE": naive_now,
                "PREFER_DATES_FROM": "future",
                "DATE_ORDER": "DMY",
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except Exception:
        return None
    if parsed is None or not naive_now - timedelta(days=1) <= parsed <= naive_now + timedelta(
        days=400
    ):
        return None
    span = (0, len(text))
    clock = parsed.time().replace(second=0, microsecond=0)
    if clock in {time(0), naive_now.time()}:
        day = parsed.date()
        window = (at(day, time(hours[0]), zone), at(day, time(hours[1]), zone))
        return _clip(WhenMatch(None, window, day, None, span), local_now)
    start = at(parsed.date(), clock, zone)
    return WhenMatch(start, None, parsed.date(), clock, span, past=start <= local_now)


def parse_when(
    text: str, now: datetime, zone: tzinfo, hours: WorkingHours = (9, 18)
) -> datetime | Window | None:
    """An exact aware start, or a (start, end) window to find a slot in, or None."""
    found = guess_when(text, now, zone, hours)
    return found.value if found is not None and not found.past else None


def describe(moment: datetime, zone: tzinfo) -> str:
    """A short local time like "Tue 1 Dec 16:00"."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def describe_window(window: Window, zone: tzinfo) -> str:
    """A short local range like "Mon 7 Dec 09:00 – Fri 11 Dec 18:00"."""
    first, last = (moment.astimezone(zone) for moment in window)
    if first.date() == last.date():
        return f"{describe(first, zone)}–{last:%H:%M}"
    return f"{describe(first, zone)} – {describe(last, zone)}"
