"""Turn a GeneratedMailbox (or nothing: an empty account) into fresh Gmail and Calendar stores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from nyte_tui.sandbox.calendar.store import CalendarStore
from nyte_tui.sandbox.gmail.store import GmailStore
from nyte_tui.sandbox.protocol import JsonObject
from nyte_tui.sandbox.seedtypes import GeneratedMailbox

DEFAULT_USER_EMAIL = "alex@northwind.example"
DEFAULT_USER_NAME = "Alex Morgan"
DEFAULT_TIME_ZONE = "Europe/London"


def history_start_for(seed: int | None) -> int:
    """Return the first history id of a mailbox (varies with the seed, like real accounts)."""
    return 100000 + ((seed or 0) * 7919) % 900000


def build_stores(
    mailbox: GeneratedMailbox | None,
    seed: int | None,
    history_horizon: int | None,
    now: datetime,
    clock: Callable[[], datetime],
) -> tuple[GmailStore, CalendarStore, list[JsonObject]]:
    """Return (gmail, calendar, expectations) seeded from a mailbox, or an empty account.

    `now` is the moment seed events without an `updated` stamp get; `clock` becomes the
    calendar's clock.
    """
    email = mailbox.user_email if mailbox else DEFAULT_USER_EMAIL
    name = mailbox.user_name if mailbox else DEFAULT_USER_NAME
    zone = mailbox.time_zone if mailbox else DEFAULT_TIME_ZONE
    gmail = GmailStore(email, name, zone, history_start_for(seed), history_horizon)
    calendar = CalendarStore(email, name, zone)
    calendar.clock = clock
    if mailbox is None or not mailbox.calendars:
        calendar.add_calendar(email, email, True, zone)
    for seed_calendar in mailbox.calendars if mailbox else []:
        calendar.add_calendar(
            seed_calendar.calendar_id,
            seed_calendar.summary,
            seed_calendar.primary,
            seed_calendar.time_zone,
            seed_calendar.access_role,
            seed_calendar.selected,
        )
    seed_messages = sorted(
        mailbox.messages if mailbox else [],
        key=lambda seed_message: seed_message.internal_date,
    )
    for seed_message in seed_messages:
        gmail.add_message(
            seed_message.raw,
            list(seed_message.label_ids),
            int(seed_message.internal_date.timestamp() * 1000),
            thread_key=seed_message.thread_key,
            record_history=False,
        )
    gmail.history_floor = gmail.history_id
    for seed_event in mailbox.events if mailbox else []:
        calendar.add_seed_event(seed_event.calendar_id, seed_event.resource, now)
    for email, blocks in sorted(mailbox.busy.items()) if mailbox else []:
        calendar.set_free_busy(email, blocks)
    return gmail, calendar, expectations_of(mailbox, gmail)


def expectations_of(mailbox: GeneratedMailbox | None, gmail: GmailStore) -> list[JsonObject]:
    """Return the mailbox's intended verdicts, thread keys replaced by Gmail thread ids."""
    found: list[JsonObject] = []
    for expectation in mailbox.expectations if mailbox else []:
        key = expectation.key
        if expectation.source == "gmail":
            key = gmail.thread_keys.get(expectation.key, expectation.key)
        found.append(
            {
                "source": expectation.source,
                "key": key,
                "important": expectation.important,
                "kind": expectation.kind,
                "why": expectation.why,
            }
        )
    return found
