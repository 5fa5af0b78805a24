"""UK public holidays and observances for the generated Holidays calendar."""

from __future__ import annotations

from datetime import date, timedelta

HOLIDAYS_FIXED = (
    (1, 1, "New Year's Day"),
    (1, 25, "Burns Night"),
    (2, 14, "Valentine's Day"),
    (3, 1, "St David's Day"),
    (3, 17, "St Patrick's Day"),
    (4, 23, "St George's Day"),
    (6, 21, "Summer Solstice"),
    (7, 12, "Battle of the Boyne (Northern Ireland)"),
    (10, 31, "Halloween"),
    (11, 5, "Guy Fawkes Night"),
    (11, 30, "St Andrew's Day"),
    (12, 25, "Christmas Day"),
    (12, 26, "Boxing Day"),
)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """Return the n-th given weekday of a month (n = -1 for the last one)."""
    if n > 0:
        d = date(year, month, 1)
        d += timedelta(days=(weekday - d.weekday()) % 7)
        return d + timedelta(weeks=n - 1)
    nxt = date(year + month // 12, month % 12 + 1, 1)
    d = nxt - timedelta(days=1)
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Return Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def holidays(year: int) -> list[tuple[date, str]]:
    """Return UK holidays and observances of a year."""
    out = [(date(year, m, d), name) for m, d, name in HOLIDAYS_FIXED]
    easter = _easter(year)
    out += [
        (easter - timedelta(days=2), "Good Friday"),
        (easter + timedelta(days=1), "Easter Monday"),
        (nth_weekday(year, 5, 0, 1), "Early May bank holiday"),
        (nth_weekday(year, 5, 0, -1), "Spring bank holiday"),
        (nth_weekday(year, 6, 6, 3), "Father's Day"),
        (nth_weekday(year, 8, 0, -1), "Summer bank holiday"),
        (easter - timedelta(days=21), "Mother's Day"),
    ]
    return sorted(out)
