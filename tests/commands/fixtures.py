"""A fixed world for the offline interpreter's tests: Tue 1 Dec 2026 10:30 in London."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from nyte_tui.commands import (
    Contact,
    EventRef,
    InterpretContext,
    ItemContext,
    Person,
    ThreadRef,
)

ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 1, 10, 30, tzinfo=ZONE)
ME = "alex@northwind.example"


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """An aware London time in December 2026 (or another month)."""
    return datetime(2026, month, day, hour, minute, tzinfo=ZONE)


def person(name: str, email: str, source: str = "contact") -> Person:
    """A Person with a source (contact unless said)."""
    return Person(name, email, source)  # type: ignore[arg-type]


DANA = person("Dana Whitfield", "dana@northwind.example")
SAM_O = person("Sam Ortiz", "sam.ortiz@northwind.example")
SAM_L = person("Sam Lee", "sam@lee-design.example")
TOM = person("Tom Baker", "tom@northwind.example")
PRIYA = person("Priya Shah", "priya@northwind.example")
JORG = person("Jörg Becker", "joerg.becker@example.de")
JOSE = person("José Müller", "jose.muller@example.es")
LUCIA = person("Lucía Fernández", "lucia@example.es")
TANAKA = person("田中 健二", "tanaka@example.jp")
ZOE = person("Zoë Quinn", "zoe@example.co.uk")
LEGAL = person("Northwind Legal", "legal@northwind.example")

CONTACTS = (
    *(
        Contact(p.name, p.email, sent, received, NOW - timedelta(days=days))
        for p, sent, received, days in (
            (DANA, 12, 20, 1),
            (SAM_O, 8, 5, 2),
            (SAM_L, 2, 3, 20),
            (TOM, 6, 9, 3),
            (PRIYA, 4, 4, 5),
            (JORG, 3, 2, 4),
            (JOSE, 1, 2, 9),
            (LUCIA, 2, 1, 12),
            (TANAKA, 1, 1, 30),
            (ZOE, 2, 2, 6),
            (LEGAL, 3, 1, 15),
        )
    ),
    Contact("Alex Morgan", ME, 0, 0, None),
)

T_CONTRACT = ThreadRef("t-contract", "Contract renewal", (DANA,), NOW - timedelta(days=1))
T_OFFSITE = ThreadRef("t-offsite", "Offsite venue", (DANA,), NOW - timedelta(days=3))
T_LAUNCH = ThreadRef("t-launch", "Launch plan", (SAM_O,), NOW - timedelta(days=2))
T_JORG = ThreadRef("t-jorg", "Rechnung Dezember", (JORG,), NOW - timedelta(days=4))
T_TANAKA = ThreadRef("t-tanaka", "Tokyo visit", (TANAKA,), NOW - timedelta(days=6))
T_BUDGET = ThreadRef("t-budget", "Q4 budget", (DANA, TOM, PRIYA), NOW - timedelta(days=5))
THREADS = (T_CONTRACT, T_OFFSITE, T_LAUNCH, T_JORG, T_TANAKA, T_BUDGET)


def event(
    event_id: str,
    title: str,
    start: datetime,
    minutes: int,
    organizer: str,
    response: str = "needsAction",
    attendees: tuple[str, ...] = (),
) -> EventRef:
    """An event on the primary calendar."""
    return EventRef(
        "primary",
        event_id,
        title,
        start,
        start + timedelta(minutes=minutes),
        organizer_email=organizer,
        organizer_self=organizer == ME,
        my_response="accepted" if organizer == ME else response,
        attendees=(ME, organizer, *attendees),
    )


E_BOARD = event("e-board", "Board sync", at(1, 16), 60, DANA.email, attendees=(TOM.email,))
E_STANDUP_WED = event("e-standup-2", "Standup", at(2, 9, 30), 15, TOM.email, "accepted")
E_STANDUP_THU = event("e-standup-3", "Standup", at(3, 9, 30), 15, TOM.email, "accepted")
E_DESIGN = event("e-design", "Design review", at(2, 11), 60, PRIYA.email)
E_ONE_ON_ONE = event("e-1on1", "1:1 Alex / Sam", at(3, 14), 30, ME, attendees=(SAM_O.email,))
E_VENDOR = event("e-vendor", "Vendor call", at(3, 16), 30, LUCIA.email)
E_LUNCH = event("e-lunch", "Team lunch", at(4, 12, 30), 60, ZOE.email, "tentative")
EVENTS = (E_BOARD, E_STANDUP_WED, E_DESIGN, E_STANDUP_THU, E_ONE_ON_ONE, E_VENDOR, E_LUNCH)

ITEM_DANA = ItemContext(
    "i-dana",
    "gmail",
    "needs_reply",
    "Contract renewal",
    who=replace(DANA, source="item"),
    participants=(replace(DANA, source="item"),),
    thread=T_CONTRACT,
)
ITEM_INVITE = ItemContext(
    "i-design",
    "calendar",
    "invite",
    "Design review",
    who=replace(PRIYA, source="organizer"),
    participants=(replace(PRIYA, source="item"),),
    event=E_DESIGN,
)
ITEM_BUDGET = ItemContext(
    "i-budget",
    "gmail",
    "needs_reply",
    "Q4 budget",
    who=replace(DANA, source="item"),
    participants=tuple(replace(p, source="item") for p in (DANA, TOM, PRIYA)),
    thread=T_BUDGET,
)
ITEMS = {"dana": ITEM_DANA, "invite": ITEM_INVITE, "budget": ITEM_BUDGET, "none": None}

BASE = InterpretContext(
    now=NOW,
    zone=ZONE,
    user_name="Alex Morgan",
    own_addresses=frozenset({ME, "alex.morgan@gmail.example"}),
    contacts=CONTACTS,
    threads=THREADS,
    events=EVENTS,
    item=None,
)


def context(item: str = "none") -> InterpretContext:
    """The fixed world with one of the named items selected (or none)."""
    return replace(BASE, item=ITEMS[item])
