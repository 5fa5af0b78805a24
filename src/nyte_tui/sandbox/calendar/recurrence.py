"""RRULE/EXDATE expansion for Calendar recurring events (DAILY, WEEKLY, MONTHLY, YEARLY)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
MAX_OCCURRENCES = 5000
UTC = ZoneInfo("UTC")


@dataclass
class Rule:
    """One parsed RRULE."""

    frequency: str
    interval: int = 1
    count: int | None = None
    until: datetime | None = None
    by_day: list[tuple[int | None, int]] = field(default_factory=list)
    by_month_day: list[int] = field(default_factory=list)
    by_month: list[int] = field(default_factory=list)


def parse_rrule(line: str) -> Rule:
    """Parse an `RRULE:FREQ=...;...` line."""
    text = line.split(":", 1)[1] if line.upper().startswith("RRULE") else line
    parts = dict(item.split("=", 1) for item in text.split(";") if "=" in item)
    rule = Rule(frequency=parts.get("FREQ", "DAILY").upper())
    rule.interval = max(1, int(parts.get("INTERVAL", "1")))
    if "COUNT" in parts:
        rule.count = int(parts["COUNT"])
    if "UNTIL" in parts:
        rule.until = parse_ical_time(parts["UNTIL"], UTC)
    for token in filter(None, parts.get("BYDAY", "").split(",")):
        ordinal_text, weekday = token[:-2], token[-2:].upper()
        rule.by_day.append((int(ordinal_text) if ordinal_text else None, WEEKDAYS[weekday]))
    rule.by_month_day = [int(day) for day in filter(None, parts.get("BYMONTHDAY", "").split(","))]
    rule.by_month = [int(month) for month in filter(None, parts.get("BYMONTH", "").split(","))]
    return rule


def parse_ical_time(text: str, zone: ZoneInfo) -> datetime:
    """Parse 20260310T090000Z, 20260310T090000 (in zone) or 20260310 (midnight in zone)."""
    text = text.strip()
    if "T" not in text:
        return datetime.combine(date(int(text[:4]), int(text[4:6]), int(text[6:8])), time(), zone)
    moment = datetime.strptime(text.rstrip("Z"), "%Y%m%dT%H%M%S")
    return moment.replace(tzinfo=UTC if text.endswith("Z") else zone)


def parse_exdates(lines: list[str], zone: ZoneInfo) -> set[datetime]:
    """Collect EXDATE instants from recurrence lines (TZID and VALUE=DATE forms)."""
    excluded: set[datetime] = set()
    for line in lines:
        if not line.upper().startswith("EXDATE"):
            continue
        head, _, values = line.partition(":")
        line_zone = zone
        for param in head.split(";")[1:]:
            if param.upper().startswith("TZID="):
                line_zone = ZoneInfo(param.split("=", 1)[1])
        for value in values.split(","):
            if value.strip():
                excluded.add(parse_ical_time(value, line_zone).astimezone(UTC))
    return excluded


def _nth_weekday(year: int, month: int, ordinal: int, weekday: int) -> date | None:
    """Return the ordinal-th weekday of a month (negative counts from the end)."""
    days = [
        date(year, month, day)
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, day).weekday() == weekday
    ]
    index = ordinal - 1 if ordinal > 0 else ordinal
    return days[index] if -len(days) <= index < len(days) else None


def _period_dates(rule: Rule, start: date, period: int) -> list[date]:
    """Return the candidate dates of one period (day, week, month or year) of the rule."""
    if rule.frequency == "DAILY":
        return [start + timedelta(days=period * rule.interval)]
    if rule.frequency == "WEEKLY":
        week_start = (
            start - timedelta(days=start.weekday()) + timedelta(weeks=period * rule.interval)
        )
        weekdays = sorted({weekday for _ordinal, weekday in rule.by_day}) or [start.weekday()]
        return [week_start + timedelta(days=weekday) for weekday in weekdays]
    if rule.frequency == "MONTHLY":
        month_index = start.month - 1 + period * rule.interval
        year, month = start.year + month_index // 12, month_index % 12 + 1
        last_day = calendar.monthrange(year, month)[1]
        found: set[date] = set()
        if rule.by_day:
            for ordinal, weekday in rule.by_day:
                if ordinal is None:
                    found.update(
                        date(year, month, day)
                        for day in range(1, last_day + 1)
                        if date(year, month, day).weekday() == weekday
                    )
                elif (nth := _nth_weekday(year, month, ordinal, weekday)) is not None:
                    found.add(nth)
        else:
            for day in rule.by_month_day or [start.day]:
                actual = day if day > 0 else last_day + day + 1
                if 1 <= actual <= last_day:
                    found.add(date(year, month, actual))
        return sorted(found)
    year = start.year + period * rule.interval
    months = rule.by_month or [start.month]
    days = rule.by_month_day or [start.day]
    return sorted(
        date(year, month, day)
        for month in months
        for day in days
        if day <= calendar.monthrange(year, month)[1]
    )


def occurrences(
    dtstart: datetime, recurrence: list[str], window_end: datetime
) -> Iterator[datetime]:
    """Yield occurrence start instants (aware, in dtstart's zone) up to window_end."""
    zone = dtstart.tzinfo if isinstance(dtstart.tzinfo, ZoneInfo) else UTC
    rules = [parse_rrule(line) for line in recurrence if line.upper().startswith("RRULE")]
    excluded = parse_exdates(recurrence, zone)
    if not rules:
        if dtstart.astimezone(UTC) not in excluded:
            yield dtstart
        return
    rule = rules[0]
    local_start = dtstart.replace(tzinfo=None)
    produced = 0
    for period in range(MAX_OCCURRENCES):
        for day in _period_dates(rule, local_start.date(), period):
            candidate = datetime.combine(day, local_start.time()).replace(tzinfo=zone)
            if candidate < dtstart:
                continue
            if rule.until is not None and candidate > rule.until:
                return
            if candidate > window_end:
                return
            produced += 1
            if rule.count is not None and produced > rule.count:
                return
            if candidate.astimezone(UTC) not in excluded:
                yield candidate
