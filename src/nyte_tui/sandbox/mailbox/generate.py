"""Deterministic generated mailbox and calendar that seed the loopback Google sandbox."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime

from nyte_tui.sandbox.mailbox.bulk import (
    bill_later,
    bill_soon,
    cold,
    disguised,
    forum,
    newsletter,
    notification,
    promo,
    receipt,
    social,
)
from nyte_tui.sandbox.mailbox.busy import generate_busy
from nyte_tui.sandbox.mailbox.events import generate_calendar
from nyte_tui.sandbox.mailbox.people import Person
from nyte_tui.sandbox.mailbox.render import Clock, render, zone
from nyte_tui.sandbox.mailbox.threads import (
    Ctx,
    Thread,
    alex_note,
    answered,
    awaiting_old,
    awaiting_recent,
    cc_only,
    family_ask,
    fyi,
    outage,
    work_ask,
)
from nyte_tui.sandbox.seedtypes import Expectation, GeneratedMailbox, SeedMessage

__all__ = ["generate_mailbox", "plan_counts"]

# (name, share of threads, minimum count, builder); the order is the priority for small mailboxes.
SCENARIOS: tuple[tuple[str, float, int, Callable[[Ctx, int], Thread]], ...] = (
    ("work_ask", 0.054, 1, work_ask),
    ("outage", 0.0, 1, outage),
    ("awaiting_old", 0.017, 1, awaiting_old),
    ("bill_soon", 0.007, 1, bill_soon),
    ("family_ask", 0.01, 1, family_ask),
    ("newsletter", 0.11, 1, newsletter),
    ("answered", 0.18, 1, answered),
    ("fyi", 0.12, 1, fyi),
    ("cc_only", 0.045, 1, cc_only),
    ("awaiting_recent", 0.02, 1, awaiting_recent),
    ("notification", 0.10, 1, notification),
    ("promo", 0.085, 1, promo),
    ("disguised", 0.03, 1, disguised),
    ("cold", 0.035, 1, cold),
    ("social", 0.05, 1, social),
    ("forum", 0.025, 1, forum),
    ("receipt", 0.03, 1, receipt),
    ("bill_later", 0.01, 1, bill_later),
    ("alex_note", 0.015, 1, alex_note),
)


def plan_counts(n_threads: int) -> dict[str, int]:
    """Return how many threads of each scenario a mailbox of n_threads holds."""
    counts = {name: max(minimum, int(share * n_threads)) for name, share, minimum, _ in SCENARIOS}
    order = [name for name, *_ in SCENARIOS]
    total = sum(counts.values())
    # Small mailboxes: drop the least essential scenarios first.
    for name in reversed(order):
        while total > n_threads and counts[name] > 0:
            counts[name] -= 1
            total -= 1
    # Fill the rounding remainder by largest fractional share, newsletters first on ties.
    rest = sorted(
        SCENARIOS, key=lambda s: (-(s[1] * n_threads - int(s[1] * n_threads)), s[0] != "newsletter")
    )
    i = 0
    while total < n_threads:
        name = rest[i % len(rest)][0]
        if rest[i % len(rest)][1] > 0:
            counts[name] += 1
            total += 1
        i += 1
    return counts


def _thread_messages(ctx: Ctx, thread: Thread, key: str) -> list[SeedMessage]:
    """Render one thread's drafts into seed messages with threading headers."""
    rng = ctx.clock.rng
    refs: list[str] = []
    out: list[SeedMessage] = []
    for i, draft in enumerate(thread.drafts):
        subject = thread.subject if i == 0 else f"Re: {thread.subject}"
        domain = draft.sender.domain
        mid = f"<{rng.getrandbits(64):016x}.{rng.getrandbits(32):08x}@{domain}>"
        raw = render(draft, subject, mid, refs, ctx.clock.tz, rng)
        out.append(SeedMessage(raw, draft.labels, draft.when.astimezone(UTC), key))
        refs.append(mid)
    return out


def generate_mailbox(
    seed: int,
    n_threads: int = 300,
    n_events: int = 40,
    now: datetime | None = None,
    user_email: str = "alex@northwind.example",
    user_name: str = "Alex Morgan",
    time_zone: str = "Europe/London",
) -> GeneratedMailbox:
    """Generate a believable, byte-for-byte deterministic mailbox, calendar and expectations."""
    if now is None:
        now = datetime.now(UTC).replace(second=0, microsecond=0)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    now = now.astimezone(UTC)
    rng = random.Random(seed)
    clock = Clock(rng, now, zone(time_zone))
    ctx = Ctx(clock, Person(user_name, user_email, "self"))
    builders = {name: build for name, _, _, build in SCENARIOS}
    plan = [name for name, count in plan_counts(n_threads).items() for _ in range(count)]
    rng.shuffle(plan)

    box = GeneratedMailbox(user_email=user_email, user_name=user_name, time_zone=time_zone)
    seen: dict[str, int] = {}
    messages: list[SeedMessage] = []
    for idx, name in enumerate(plan):
        key = f"th{idx:04d}"
        occurrence = seen.get(name, 0)
        seen[name] = occurrence + 1
        thread = builders[name](ctx, occurrence)
        messages.extend(_thread_messages(ctx, thread, key))
        box.expectations.append(
            Expectation("gmail", key, thread.important, thread.kind, thread.why)
        )
    messages.sort(key=lambda m: (m.internal_date, m.thread_key))
    box.messages = messages

    calendars, events, verdicts = generate_calendar(
        random.Random(f"{seed}:calendar"),
        now,
        clock.tz,
        n_events,
        user_email,
        user_name,
        time_zone,
    )
    box.calendars = calendars
    box.events = events
    box.expectations.extend(verdicts)
    box.busy = generate_busy(random.Random(f"{seed}:freebusy"), now, clock.tz, user_email)
    return box
