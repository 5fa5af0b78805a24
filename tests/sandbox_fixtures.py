"""Pytest fixtures and client builders for tests that talk to the loopback Google sandbox."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import google.oauth2.credentials
import googleapiclient.discovery_cache
import pytest
from googleapiclient.discovery import build_from_document

from nyte_tui.sandbox.seedtypes import (
    Expectation,
    GeneratedMailbox,
    SeedCalendar,
    SeedEvent,
    SeedMessage,
)
from nyte_tui.sandbox.server import SandboxServer

SANDBOX_NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SANDBOX_USER = "alex@northwind.example"
SANDBOX_CLIENT_ID = "sandbox-client.apps.googleusercontent.com"
SANDBOX_CLIENT_SECRET = "sandbox-secret"
GMAIL_SCOPES = ["https://www.googleapis.com/auth/gmail.modify"]


def make_raw(
    sender: str,
    to: str,
    subject: str,
    body: str,
    when: datetime,
    message_id: str,
    in_reply_to: str | None = None,
    attachment: tuple[str, bytes] | None = None,
    cc: str | None = None,
) -> bytes:
    """Build RFC 822 bytes for a test message."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    if attachment is not None:
        name, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message.as_bytes()


def small_mailbox(now: datetime = SANDBOX_NOW) -> GeneratedMailbox:
    """Return a tiny deterministic mailbox: 4 threads, 6 messages, 3 events, expectations."""
    dana = "Dana Whitfield <dana@northwind.example>"
    me = f"Alex Morgan <{SANDBOX_USER}>"
    day = timedelta(days=1)
    messages = [
        SeedMessage(
            make_raw(
                dana,
                me,
                "Pricing deck",
                "Can you review the deck by Friday?",
                now - 3 * day,
                "<pricing-1@northwind.example>",
            ),
            ("INBOX", "CATEGORY_PERSONAL", "IMPORTANT"),
            now - 3 * day,
            "pricing",
        ),
        SeedMessage(
            make_raw(
                me,
                dana,
                "Re: Pricing deck",
                "Sure, looking at it today.",
                now - 2 * day,
                "<pricing-2@northwind.example>",
                in_reply_to="<pricing-1@northwind.example>",
            ),
            ("SENT",),
            now - 2 * day,
            "pricing",
        ),
        SeedMessage(
            make_raw(
                dana,
                me,
                "Re: Pricing deck",
                "Thanks! One more question on tiers.",
                now - 1 * day,
                "<pricing-3@northwind.example>",
                in_reply_to="<pricing-2@northwind.example>",
            ),
            ("INBOX", "UNREAD", "CATEGORY_PERSONAL", "IMPORTANT"),
            now - 1 * day,
            "pricing",
        ),
        SeedMessage(
            make_raw(
                "Shop <deals@shop.example>",
                me,
                "50% off everything",
                "Big sale today only",
                now - 5 * day,
                "<promo-1@shop.example>",
            ),
            ("INBOX", "UNREAD", "CATEGORY_PROMOTIONS"),
            now - 5 * day,
            "promo",
        ),
        SeedMessage(
            make_raw(
                "Billing <billing@vendor.example>",
                me,
                "Invoice March",
                "Invoice attached.",
                now - 40 * day,
                "<invoice-1@vendor.example>",
                attachment=("invoice.pdf", b"%PDF-1.4 fake invoice"),
            ),
            ("INBOX", "CATEGORY_UPDATES", "Finance"),
            now - 40 * day,
            "invoice",
        ),
        SeedMessage(
            make_raw(
                "Spammer <x@spam.example>",
                me,
                "You won",
                "Claim your prize",
                now - 2 * day,
                "<spam-1@spam.example>",
            ),
            ("SPAM", "UNREAD"),
            now - 2 * day,
            "spam",
        ),
    ]
    zone = "Europe/London"
    events = [
        SeedEvent(
            SANDBOX_USER,
            {
                "id": "standup0001",
                "summary": "Daily standup",
                "start": {"dateTime": "2026-03-02T09:30:00+00:00", "timeZone": zone},
                "end": {"dateTime": "2026-03-02T09:45:00+00:00", "timeZone": zone},
                "recurrence": [
                    "RRULE:FREQ=DAILY;COUNT=5",
                    "EXDATE;TZID=Europe/London:20260304T093000",
                ],
                "updated": "2026-02-20T10:00:00.000Z",
            },
        ),
        SeedEvent(
            SANDBOX_USER,
            {
                "id": "pricing00001",
                "summary": "Pricing review",
                "start": {"dateTime": "2026-03-03T14:00:00+00:00", "timeZone": zone},
                "end": {"dateTime": "2026-03-03T15:00:00+00:00", "timeZone": zone},
                "organizer": {"email": "dana@northwind.example", "displayName": "Dana Whitfield"},
                "attendees": [
                    {"email": "dana@northwind.example", "responseStatus": "accepted"},
                    {"email": SANDBOX_USER, "responseStatus": "needsAction"},
                ],
                "updated": "2026-02-25T10:00:00.000Z",
            },
        ),
        SeedEvent(
            SANDBOX_USER,
            {
                "id": "offsite00001",
                "summary": "Team offsite",
                "start": {"date": "2026-03-10"},
                "end": {"date": "2026-03-11"},
                "updated": "2026-02-26T10:00:00.000Z",
            },
        ),
    ]
    return GeneratedMailbox(
        user_email=SANDBOX_USER,
        user_name="Alex Morgan",
        time_zone=zone,
        messages=messages,
        calendars=[SeedCalendar(SANDBOX_USER, SANDBOX_USER, primary=True, time_zone=zone)],
        events=events,
        expectations=[
            Expectation("gmail", "pricing", True, "needs_reply", "Dana asked about tiers"),
            Expectation("gmail", "promo", False, "none", "promotion"),
            Expectation("calendar", "pricing00001", True, "invite", "RSVP pending"),
        ],
    )


def discovery_document(api: str, version: str, server: SandboxServer) -> dict[str, Any]:
    """Load the bundled discovery document with rootUrl pointed at the sandbox."""
    document: dict[str, Any] = json.loads(
        googleapiclient.discovery_cache.get_static_doc(api, version)
    )
    document["rootUrl"] = server.url
    document.pop("mtlsRootUrl", None)
    return document


def build_gmail(server: SandboxServer, creds: google.oauth2.credentials.Credentials) -> Any:
    """Build a real googleapiclient Gmail service that talks to the sandbox."""
    return build_from_document(discovery_document("gmail", "v1", server), credentials=creds)


def build_calendar(server: SandboxServer, creds: google.oauth2.credentials.Credentials) -> Any:
    """Build a real googleapiclient Calendar service that talks to the sandbox."""
    return build_from_document(discovery_document("calendar", "v3", server), credentials=creds)


def make_creds(server: SandboxServer, **overrides: Any) -> google.oauth2.credentials.Credentials:
    """Mint tokens on the sandbox and wrap them in google-auth Credentials."""
    issued = server.issue_tokens(SANDBOX_CLIENT_ID)
    options: dict[str, Any] = {
        "token": issued["access_token"],
        "refresh_token": issued["refresh_token"],
        "token_uri": server.token_uri,
        "client_id": SANDBOX_CLIENT_ID,
        "client_secret": SANDBOX_CLIENT_SECRET,
        "scopes": GMAIL_SCOPES,
    }
    options.update(overrides)
    return google.oauth2.credentials.Credentials(**options)  # type: ignore[no-untyped-call]


def control(server: SandboxServer, method: str, name: str, body: Any = None) -> Any:
    """Call a /_sandbox/ control endpoint and return its decoded JSON."""
    data = json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None)
    request = urllib.request.Request(
        f"{server.url}_sandbox/{name}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A started sandbox on a free port with the small deterministic mailbox."""
    server = SandboxServer(port=0, mailbox=small_mailbox(), now=SANDBOX_NOW, seed=None).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sandbox_creds(sandbox: SandboxServer) -> google.oauth2.credentials.Credentials:
    """Valid google-auth credentials (access + refresh token) for the sandbox."""
    return make_creds(sandbox)


@pytest.fixture
def sandbox_gmail(
    sandbox: SandboxServer, sandbox_creds: google.oauth2.credentials.Credentials
) -> Any:
    """A googleapiclient Gmail service bound to the sandbox."""
    return build_gmail(sandbox, sandbox_creds)


@pytest.fixture
def sandbox_calendar(
    sandbox: SandboxServer, sandbox_creds: google.oauth2.credentials.Credentials
) -> Any:
    """A googleapiclient Calendar service bound to the sandbox."""
    return build_calendar(sandbox, sandbox_creds)
