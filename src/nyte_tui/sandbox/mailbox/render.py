"""Clock, wording and RFC 822 rendering helpers shared by the mailbox generator."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def zone(name: str) -> tzinfo:
    """Return the named time zone, or UTC when the system has no tz database entry for it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def long_date(d: date) -> str:
    """Format a date the way people write it in mail, e.g. "Friday 15 March"."""
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"


def business_days_between(start: date, end: date) -> int:
    """Count weekdays d with start < d <= end."""
    count = 0
    d = start + timedelta(days=1)
    while d <= end:
        if d.weekday() < 5:
            count += 1
        d += timedelta(days=1)
    return count


@dataclass
class Clock:
    """The fixed "now" of a generated mailbox and the random source, with date helpers."""

    rng: random.Random
    now: datetime
    tz: tzinfo

    @property
    def today(self) -> date:
        """Return the local calendar date of now."""
        return self.now.astimezone(self.tz).date()

    @property
    def start(self) -> datetime:
        """Return the earliest instant a message may carry (30 days before now, plus slack)."""
        return self.now - timedelta(days=30) + timedelta(hours=1)

    def local(self, d: date, hour: float) -> datetime:
        """Return the UTC instant of a local date and fractional hour, in whole seconds."""
        naive = datetime(d.year, d.month, d.day) + timedelta(seconds=int(hour * 3600))
        return naive.replace(tzinfo=self.tz).astimezone(UTC)

    def clamp(self, when: datetime) -> datetime:
        """Keep an instant inside the 30-day window and a few minutes before now."""
        latest = self.now - timedelta(minutes=3)
        if when > latest:
            when = latest - timedelta(seconds=self.rng.randint(0, 3600))
        return max(when, self.start).replace(microsecond=0)

    def on_day(self, days_ago: int, lo: float = 8.0, hi: float = 19.0) -> datetime:
        """Return a time during local hours lo..hi on the day days_ago before today."""
        d = self.today - timedelta(days=days_ago)
        return self.clamp(self.local(d, self.rng.uniform(lo, hi)))

    def business_days_ago(self, n: int) -> datetime:
        """Return a working-hours time exactly n business days before today."""
        d = self.today
        left = n
        while left > 0:
            d -= timedelta(days=1)
            if d.weekday() < 5:
                left -= 1
        return self.clamp(self.local(d, self.rng.uniform(9.0, 18.0)))

    def chain(self, last: datetime, k: int, lo: float = 0.4, hi: float = 22.0) -> list[datetime]:
        """Return k ascending instants ending at last, spaced lo..hi hours, inside the window."""
        times = [last]
        for _ in range(k - 1):
            times.append(times[-1] - timedelta(hours=self.rng.uniform(lo, hi)))
        times.reverse()
        if times[0] < self.start:
            span = (last - self.start).total_seconds()
            step = span / max(k, 1)
            times = [self.start + timedelta(seconds=int(step * (i + 1))) for i in range(k)]
            times[-1] = last
        return [t.replace(microsecond=0) for t in times]

    def deadline_phrase(self, sent: date, due: date) -> str:
        """Word a deadline relative to the day the message was sent, as a person would."""
        delta = (due - sent).days
        wd = WEEKDAYS[due.weekday()]
        if delta <= 0:
            return "by end of day today"
        if delta == 1:
            return self.rng.choice(("before EOD tomorrow", "by tomorrow", f"by {wd}"))
        if delta <= 6:
            return self.rng.choice((f"by {wd}", f"by {long_date(due)}"))
        return f"by {long_date(due)}"


@dataclass
class Draft:
    """One message before rendering: parties, text, labels, time and extra headers."""

    sender: Address
    to: tuple[Address, ...]
    text: str
    labels: tuple[str, ...]
    when: datetime
    cc: tuple[Address, ...] = ()
    html: str = ""
    html_only: bool = False
    attachments: tuple[tuple[str, bytes], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()


def to_html(text: str, footer: str = "") -> str:
    """Turn plain paragraphs into a simple HTML mail body with an optional footer."""
    paras = [html.escape(p).replace("\n", "<br>\n") for p in text.split("\n\n")]
    body = "\n".join(f'<p style="margin:0 0 12px">{p}</p>' for p in paras)
    if footer:
        body += f'\n<hr>\n<p style="font-size:11px;color:#888">{footer}</p>'
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        f'<body style="font-family:Arial,sans-serif;font-size:14px">\n{body}\n</body></html>\n'
    )


def render(
    draft: Draft, subject: str, message_id: str, refs: list[str], tz: tzinfo, rng: random.Random
) -> bytes:
    """Build the RFC 822 bytes of one draft with deterministic MIME boundaries."""
    msg = EmailMessage(policy=SMTP)
    msg["Date"] = format_datetime(draft.when.astimezone(tz))
    msg["From"] = draft.sender
    msg["To"] = draft.to
    if draft.cc:
        msg["Cc"] = draft.cc
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    if refs:
        msg["In-Reply-To"] = refs[-1]
        msg["References"] = " ".join(refs)
    for name, value in draft.headers:
        msg[name] = value
    if draft.html_only:
        msg.set_content(draft.html, subtype="html")
    else:
        msg.set_content(draft.text)
        if draft.html:
            msg.add_alternative(draft.html, subtype="html")
    for filename, data in draft.attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=filename)
    for part in msg.walk():
        if part.is_multipart():
            part.set_boundary(f"===============nw{rng.getrandbits(64):016x}==")
    return msg.as_bytes()


def attachment(kind: str, label: str, when: datetime) -> tuple[str, bytes]:
    """Return a small, plausible attachment (PDF-ish, .ics, spreadsheet or photo bytes)."""
    slug = "".join(c if c.isalnum() else "-" for c in label.lower()).strip("-")[:40] or "file"
    if kind == "ics":
        stamp = when.strftime("%Y%m%dT%H%M%SZ")
        ics = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//nyte sandbox//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{slug}@sandbox.example\r\nDTSTAMP:{stamp}\r\nDTSTART:{stamp}\r\n"
            f"SUMMARY:{label}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        return f"{slug}.ics", ics.encode()
    if kind == "xlsx":
        return f"{slug}.xlsx", b"PK\x03\x04\x14\x00\x06\x00" + label.encode() + b"\x00" * 24
    if kind == "jpg":
        return "IMG_2041.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64)) + b"\xff\xd9"
    pdf = (
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        f"% {label}\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R"
        " >>\n%%EOF\n"
    )
    return f"{slug}.pdf", pdf.encode("utf-8")
