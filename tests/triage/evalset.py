# ruff: noqa: E501  (mail bodies are data and read best on one line)
"""A labelled evaluation set: realistic threads and events with a careful assistant's verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

NOW = datetime(2024, 3, 13, 10, 30, tzinfo=UTC)  # a Wednesday; London is on UTC in March
ME = ("Alex Morgan", "alex@northwind.example")
DANA = ("Dana Whitfield", "dana.whitfield@northwind.example")
SAM = ("Sam Ortiz", "sam.ortiz@northwind.example")
PRIYA = ("Priya Natarajan", "priya.natarajan@northwind.example")
TOM = ("Tom Becker", "tom.becker@northwind.example")
MEI = ("Mei Tanaka", "mei.tanaka@northwind.example")
RUTH = ("Ruth Calloway", "ruth.calloway@northwind.example")
JORG = ("Jörg Schneider", "jorg.schneider@northwind.example")
JOSE = ("José Müller", "jose.muller@acme.example")
KAREN = ("Karen Liu", "karen.liu@globex.example")
REBECCA = ("Rebecca Stone", "rebecca.stone@lex.example")
CLAIRE = ("Claire Dubois", "claire.dubois@lumiere.example")
LUCIA = ("Lucía García", "lucia.garcia@sol.example")
KENJI = ("田中 健二", "kenji.tanaka@sakura.example")
MOM = ("Linda Morgan", "linda.morgan@gmail.example")
PERSONAL = ("INBOX", "CATEGORY_PERSONAL")


@dataclass
class Mail:
    """One message of an evaluation thread."""

    sender: tuple[str, str]
    to: list[tuple[str, str]]
    body: str
    hours_ago: float
    labels: tuple[str, ...] = PERSONAL
    cc: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class EvalThread:
    """A labelled thread: its messages and whether it belongs on the Important list."""

    key: str
    subject: str
    important: bool
    kind: str
    mails: list[Mail]


@dataclass
class EvalEvent:
    """A labelled calendar event resource to insert."""

    key: str
    important: bool
    kind: str
    resource: dict[str, Any]


def raw_message(thread: EvalThread, index: int) -> bytes:
    """The RFC 822 bytes of one message of a thread."""
    mail = thread.mails[index]
    message = EmailMessage()
    message["From"] = f"{mail.sender[0]} <{mail.sender[1]}>"
    message["To"] = ", ".join(f"{n} <{a}>" for n, a in mail.to)
    if mail.cc:
        message["Cc"] = ", ".join(f"{n} <{a}>" for n, a in mail.cc)
    message["Subject"] = thread.subject if index == 0 else f"Re: {thread.subject}"
    message["Date"] = format_datetime(sent_at(mail))
    message["Message-ID"] = f"<{thread.key}.{index}@eval.example>"
    if index:
        message["In-Reply-To"] = f"<{thread.key}.{index - 1}@eval.example>"
        message["References"] = " ".join(f"<{thread.key}.{i}@eval.example>" for i in range(index))
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.body)
    return message.as_bytes()


def sent_at(mail: Mail) -> datetime:
    """When a message was sent."""
    return NOW - timedelta(hours=mail.hours_ago)


def _ask(
    key: str,
    who: tuple[str, str],
    subject: str,
    body: str,
    hours: float,
    kind: str = "needs_reply",
    important: bool = True,
) -> EvalThread:
    """A direct, unanswered ask to the user."""
    return EvalThread(
        key, subject, important, kind, [Mail(who, [ME], body, hours, (*PERSONAL, "UNREAD"))]
    )


def _answered(
    key: str,
    who: tuple[str, str],
    subject: str,
    ask: str,
    reply: str,
    days: float,
    thanks: str = "",
) -> EvalThread:
    """An ask the user already answered (optionally followed by thanks)."""
    mails = [Mail(who, [ME], ask, days * 24), Mail(ME, [who], reply, days * 24 - 3, ("SENT",))]
    if thanks:
        mails.append(Mail(who, [ME], thanks, days * 24 - 5))
    return EvalThread(key, subject, False, "none", mails)


def _bulk(
    key: str,
    sender: tuple[str, str],
    subject: str,
    body: str,
    hours: float,
    category: str,
    extra: dict[str, str] | None = None,
) -> EvalThread:
    """Mail from a list or bulk sender."""
    headers = {
        "List-Unsubscribe": f"<mailto:unsubscribe@{sender[1].split('@')[1]}>",
        "Precedence": "bulk",
        **(extra or {}),
    }
    return EvalThread(
        key,
        subject,
        False,
        "none",
        [Mail(sender, [ME], body, hours, ("INBOX", category), headers=headers)],
    )


def _auto(
    key: str,
    sender: tuple[str, str],
    subject: str,
    body: str,
    hours: float,
    important: bool = False,
    kind: str = "none",
    labels: tuple[str, ...] = ("INBOX", "CATEGORY_UPDATES"),
) -> EvalThread:
    """A transactional, machine-sent message."""
    return EvalThread(
        key,
        subject,
        important,
        kind,
        [Mail(sender, [ME], body, hours, labels, headers={"Auto-Submitted": "auto-generated"})],
    )


def _waiting(
    key: str, who: tuple[str, str], subject: str, body: str, hours: float, important: bool
) -> EvalThread:
    """The user's own message that is the latest in its thread."""
    return EvalThread(
        key,
        subject,
        important,
        "awaiting_reply" if important else "none",
        [Mail(ME, [who], body, hours, ("SENT",))],
    )


THREADS: list[EvalThread] = [
    # --- on the Important list -------------------------------------------------------------
    _ask(
        "contract",
        DANA,
        "Q3 contract: can you sign by Friday?",
        "Hi Alex,\n\nLegal cleared the Acme contract. Could you review and sign it by Friday?\n\nDana",
        20,
    ),
    EvalThread(
        "outage",
        "URGENT: checkout down for all Acme customers",
        True,
        "needs_reply",
        [
            Mail(
                JOSE,
                [ME],
                "Alex, our checkout has been down since 09:00 with 500 errors for every customer. This is a production outage. Can you give us an ETA asap?",
                1.2,
                (*PERSONAL, "UNREAD", "IMPORTANT"),
            ),
        ],
    ),
    _auto(
        "bill-due",
        ("Brightline Energy", "no-reply@brightline.example"),
        "Your bill is ready",
        "Your bill for March is £84.20. Payment due on Thursday 14 March. Pay online to avoid a late fee.",
        30,
        True,
        "deadline",
    ),
    _waiting(
        "waiting-priya",
        PRIYA,
        "Survey results?",
        "Hi Priya,\n\nCould you send me the raw survey results when you have them?\n\nThanks, Alex",
        7 * 24 + 1,
        True,
    ),
    _waiting(
        "waiting-karen",
        KAREN,
        "Renewal quantity",
        "Hi Karen, could you confirm the seat count for the renewal? Thanks, Alex",
        8 * 24,
        True,
    ),
    _ask(
        "german",
        JORG,
        "Angebot für Globex",
        "Hallo Alex,\n\nkönntest du bitte das Angebot bis Freitag freigeben? Der Kunde wartet.\n\nGrüße, Jörg",
        5,
    ),
    _ask(
        "french",
        CLAIRE,
        "Date de livraison",
        "Bonjour Alex,\n\nPourriez-vous confirmer la date de livraison d'ici demain ?\n\nCordialement, Claire",
        3,
    ),
    _ask(
        "spanish",
        LUCIA,
        "Contrato de distribución",
        "Hola Alex,\n\n¿Puedes revisar el contrato antes del viernes?\n\nUn saludo, Lucía",
        6,
    ),
    _ask(
        "japanese",
        KENJI,
        "見積書のご確認",
        "アレックスさん\n\n見積書をお送りしました。明日中にご確認いただけますか？\n\n田中",
        4,
    ),
    _ask(
        "mom",
        MOM,
        "Sunday lunch?",
        "Hi darling, are you and Jamie coming for lunch on Sunday?\n\nLove, Mum",
        18,
    ),
    _ask(
        "sam-pr",
        SAM,
        "Launch notes review",
        "Hey Alex, can you review the launch notes before tomorrow's release?",
        2,
    ),
    _ask(
        "nda",
        REBECCA,
        "NDA for Globex",
        "Alex, please sign the attached NDA by end of day today so we can share the pricing.\n\nRebecca",
        5,
    ),
    _ask(
        "budget",
        TOM,
        "Budget approval",
        "Hi Alex, can you approve the Q2 contractor budget? Finance needs it this week.\n\nTom",
        26,
    ),
    _auto(
        "council",
        ("Camden Council Tax", "no-reply@council.example"),
        "Council tax: instalment due",
        "Your council tax instalment of £176.43 is due on Wednesday 13 March. Pay online or by direct debit.",
        50,
        True,
        "deadline",
    ),
    # --- not on the Important list ---------------------------------------------------------
    _answered(
        "hist-dana",
        DANA,
        "Offsite dates",
        "Hi Alex, do the 18th or 25th work for the offsite?",
        "The 25th works, thanks!",
        9,
        "Great, booked.",
    ),
    _answered(
        "hist-jose",
        JOSE,
        "Acme QBR agenda",
        "Alex, can you add the roadmap to the QBR agenda?",
        "Added it, José.",
        12,
    ),
    _answered(
        "hist-jorg",
        JORG,
        "API-Termin",
        "Hallo Alex, passt dir Dienstag für die API-Besprechung?",
        "Dienstag passt, danke!",
        10,
    ),
    _answered(
        "hist-claire",
        CLAIRE,
        "Devis",
        "Bonjour Alex, avez-vous reçu le devis ?",
        "Oui, bien reçu, merci Claire.",
        15,
    ),
    _answered(
        "hist-lucia",
        LUCIA,
        "Reunión",
        "Hola Alex, ¿podemos hablar el lunes?",
        "Sí, el lunes a las 10.",
        14,
    ),
    _answered(
        "hist-kenji",
        KENJI,
        "打ち合わせ",
        "アレックスさん、来週の打ち合わせは火曜日でよろしいですか？",
        "Tuesday works, thanks Kenji.",
        16,
    ),
    _answered(
        "hist-mom",
        MOM,
        "Easter",
        "Will you come for Easter?",
        "Yes, we'll be there!",
        20,
        "Wonderful!",
    ),
    _answered("hist-sam", SAM, "Standup time", "Can we move standup to 9:30?", "Fine by me.", 6),
    _answered(
        "hist-rebecca",
        REBECCA,
        "DPA",
        "Alex, can you confirm the DPA changes?",
        "Confirmed, thanks Rebecca.",
        11,
    ),
    _answered(
        "hist-tom", TOM, "Q1 actuals", "Could you send the Q1 actuals?", "Attached, Tom.", 13
    ),
    _answered(
        "answered-recent",
        SAM,
        "Demo script",
        "Can you share the demo script?",
        "Shared it in the drive.",
        1,
        "Thanks!",
    ),
    _bulk(
        "disguised-1",
        ("Greg Sato", "greg@news.metricly.example"),
        "Quick question, Alex",
        "Hi Alex, quick question — are you still the right person for analytics at Northwind? Could we grab 15 minutes this week?",
        20,
        "CATEGORY_PERSONAL",
    ),
    _bulk(
        "disguised-2",
        ("Nina from Loomly", "nina@mail.loomly.example"),
        "Following up",
        "Hey Alex, just following up — can I send you a short demo video? Let me know by Friday!",
        40,
        "CATEGORY_PROMOTIONS",
    ),
    EvalThread(
        "ceo-cc",
        "Board numbers",
        False,
        "none",
        [
            Mail(
                RUTH,
                [DANA],
                "Dana, can you have the board numbers ready by Friday? Adding Alex for visibility.",
                4,
                (*PERSONAL, "IMPORTANT"),
                cc=[ME],
            ),
        ],
    ),
    _auto(
        "receipt",
        ("RideNow", "receipts@ridenow.example"),
        "Your Tuesday evening trip",
        "Thanks for riding with us. Total: £18.40, charged to Visa ending 4821. Paid.",
        40,
    ),
    _auto(
        "bill-later",
        ("CloudCo Billing", "billing@cloudco.example"),
        "Invoice INV-2211",
        "Your invoice INV-2211 for £1,240.00 is due on Friday 5 April.",
        20,
    ),
    _auto(
        "bank",
        ("Harbor Bank", "no-reply@harborbank.example"),
        "Your statement is ready",
        "Your March statement is ready to view online.",
        60,
    ),
    _auto(
        "shipping",
        ("ParcelPoint", "tracking@parcelpoint.example"),
        "Your parcel is on its way",
        "Your parcel will arrive tomorrow between 9:00 and 13:00.",
        8,
    ),
    _auto(
        "security-notice",
        ("Google", "no-reply@accounts.google.example"),
        "Security alert",
        "A new sign-in on Mac. If this was you, you don't need to do anything.",
        30,
    ),
    _waiting(
        "waiting-early",
        MEI,
        "Design tokens",
        "Hi Mei, could you share the new design tokens? Thanks, Alex",
        20,
        False,
    ),
    _waiting(
        "alex-note",
        SAM,
        "Notes from today",
        "Sam, here are my notes from the planning session. Nothing needed from you.",
        6 * 24,
        False,
    ),
    _bulk(
        "newsletter-1",
        ("The Product Brief", "hello@productbrief.example"),
        "This week: pricing pages that convert",
        "Five pricing pages we loved this week, and what you can learn from them.",
        10,
        "CATEGORY_UPDATES",
        {"List-Id": "weekly.productbrief.example"},
    ),
    _bulk(
        "newsletter-2",
        ("Morning Dispatch", "news@dispatch.example"),
        "Markets, AI and your Wednesday",
        "Good morning. Here is what you need to know today.",
        3,
        "CATEGORY_UPDATES",
        {"List-Id": "daily.dispatch.example"},
    ),
    _bulk(
        "newsletter-de",
        ("Gründerszene Kompakt", "newsletter@gruender.example"),
        "Die Woche im Überblick",
        "Hallo Alex, hier sind die wichtigsten Nachrichten der Woche. Möchtest du mehr lesen?",
        30,
        "CATEGORY_UPDATES",
    ),
    _bulk(
        "promo-1",
        ("Trailhead Outfitters", "offers@trailhead.example"),
        "Last chance: 40% off ends tonight",
        "Hi Alex, our spring sale ends tonight! Don't miss 40% off jackets. Shop now before midnight.",
        5,
        "CATEGORY_PROMOTIONS",
    ),
    _bulk(
        "promo-fr",
        ("Maison Lumière", "promo@lumiere-shop.example"),
        "Soldes : -50% jusqu'à demain",
        "Bonjour Alex, profitez de -50% sur toute la collection jusqu'à demain ! Pourquoi attendre ?",
        12,
        "CATEGORY_PROMOTIONS",
    ),
    _bulk(
        "promo-es",
        ("Viajes Sol", "ofertas@viajessol.example"),
        "¿Tu próximo viaje?",
        "Hola Alex, ¿ya tienes planes? Vuelos desde 29 € solo hasta el viernes.",
        22,
        "CATEGORY_PROMOTIONS",
    ),
    _bulk(
        "newsletter-ja",
        ("テックニュース", "news@technews.example"),
        "今週のテックニュース",
        "今週の注目記事をお届けします。ご確認ください。",
        26,
        "CATEGORY_UPDATES",
    ),
    _bulk(
        "social-1",
        ("Linkup", "messages-noreply@linkup.example"),
        "Priya endorsed you",
        "Priya Natarajan endorsed you for Product Management. Would you like to endorse her back?",
        9,
        "CATEGORY_SOCIAL",
    ),
    _bulk(
        "forum-1",
        ("Priyanka via product-leaders", "product-leaders@groups.example"),
        "How do you run quarterly planning?",
        "Curious how others run quarterly planning. Do you use OKRs or something else?",
        15,
        "CATEGORY_FORUMS",
        {"List-Id": "<pl.groups.example>"},
    ),
    EvalThread(
        "github",
        "[northwind/app] Fix flaky checkout test (#482)",
        False,
        "none",
        [
            Mail(
                ("Sam Ortiz", "notifications@github.example"),
                [ME],
                "@sam-ortiz requested your review on this pull request. Can you take a look?",
                7,
                ("INBOX", "CATEGORY_UPDATES"),
                headers={
                    "List-Id": "app.northwind.github.example",
                    "List-Unsubscribe": "<mailto:unsub@github.example>",
                },
            ),
        ],
    ),
    _auto(
        "jira",
        ("Jira", "jira@northwind.atlassian.example"),
        "[JIRA] NW-1204 assigned to you",
        "Jörg Schneider assigned NW-1204 to you: Update onboarding copy.",
        28,
    ),
    EvalThread(
        "fyi-1",
        "Launch went out",
        False,
        "fyi",
        [
            Mail(
                SAM,
                [ME],
                "FYI, the launch went out this morning without issues. Dashboards look healthy.",
                3,
            )
        ],
    ),
    EvalThread(
        "fyi-2",
        "Notes from the customer call",
        False,
        "fyi",
        [
            Mail(
                PRIYA,
                [ME],
                "Sharing my notes from yesterday's customer call for reference. No action needed.",
                20,
            )
        ],
    ),
    EvalThread(
        "cold",
        "Open to a chat?",
        False,
        "none",
        [
            Mail(
                ("Marcus Hale", "marcus@hirewell.example"),
                [ME],
                "Hi Alex, I came across your profile. Would you be open to a quick chat about a VP Product role?",
                30,
            )
        ],
    ),
    EvalThread(
        "spanish-fyi",
        "Informe mensual",
        False,
        "fyi",
        [
            Mail(
                LUCIA,
                [ME],
                "Hola Alex, te comparto el informe mensual para tu información. Saludos.",
                40,
            )
        ],
    ),
]


def _at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A UTC time day_offset days from NOW's date."""
    return (NOW + timedelta(days=day_offset)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )


def _event(
    summary: str,
    start: datetime,
    minutes: int,
    organizer: tuple[str, str],
    me_status: str,
    others: list[tuple[str, str]],
    **extra: Any,
) -> dict[str, Any]:
    """An event resource with the user as an attendee."""
    attendees = [{"email": a, "displayName": n, "responseStatus": "accepted"} for n, a in others]
    mine = {"email": ME[1], "displayName": ME[0], "responseStatus": me_status, "self": True}
    if organizer == ME:
        mine["organizer"] = True
    else:
        attendees.insert(
            0,
            {
                "email": organizer[1],
                "displayName": organizer[0],
                "responseStatus": "accepted",
                "organizer": True,
            },
        )
    return {
        "summary": summary,
        "start": {"dateTime": start.isoformat(), "timeZone": "Europe/London"},
        "end": {
            "dateTime": (start + timedelta(minutes=minutes)).isoformat(),
            "timeZone": "Europe/London",
        },
        "organizer": {
            "email": organizer[1],
            "displayName": organizer[0],
            **({"self": True} if organizer == ME else {}),
        },
        "attendees": [*attendees, mine],
        **extra,
    }


EVENTS: list[EvalEvent] = [
    EvalEvent(
        "invite-ruth",
        True,
        "invite",
        _event("Board prep", _at(1, 15), 45, RUTH, "needsAction", [DANA]),
    ),
    EvalEvent(
        "invite-sam",
        True,
        "invite",
        _event("Launch retro", _at(2, 11), 30, SAM, "needsAction", [PRIYA]),
    ),
    EvalEvent(
        "conflict-a",
        True,
        "upcoming",
        _event(
            "Pricing review",
            _at(1, 14),
            60,
            DANA,
            "accepted",
            [PRIYA, TOM],
            description="Decide Q3 prices.",
        ),
    ),
    EvalEvent(
        "conflict-b",
        True,
        "upcoming",
        _event("Globex renewal call", _at(1, 14, 30), 45, KAREN, "accepted", [SAM]),
    ),
    EvalEvent(
        "accepted-next-week",
        False,
        "none",
        _event("Security review", _at(7, 10), 60, JORG, "accepted", [SAM]),
    ),
    EvalEvent(
        "invite-far",
        False,
        "invite",
        _event("Offsite planning", _at(21, 13), 60, DANA, "needsAction", [SAM, PRIYA]),
    ),
    EvalEvent(
        "declined",
        False,
        "none",
        _event(
            "Vendor pitch", _at(1, 9), 30, ("Brad Kimball", "brad@growthly.example"), "declined", []
        ),
    ),
    EvalEvent("own-today", False, "none", _event("Focus time", _at(0, 14), 60, ME, "accepted", [])),
    EvalEvent(
        "customer-prep",
        False,
        "upcoming",
        _event("Acme weekly", _at(0, 16), 30, JOSE, "accepted", [SAM]),
    ),
    EvalEvent(
        "all-day",
        False,
        "none",
        {
            "summary": "Out of office",
            "start": {"date": _at(5, 0).date().isoformat()},
            "end": {"date": _at(6, 0).date().isoformat()},
            "transparency": "transparent",
        },
    ),
    EvalEvent(
        "cancelled",
        False,
        "none",
        {
            **_event(
                "Growthly demo",
                _at(2, 16),
                30,
                ("Brad Kimball", "brad@growthly.example"),
                "accepted",
                [],
            ),
            "status": "cancelled",
        },
    ),
    EvalEvent(
        "tentative-later",
        False,
        "none",
        _event("Design crit", _at(4, 13), 45, MEI, "tentative", [PRIYA]),
    ),
]
