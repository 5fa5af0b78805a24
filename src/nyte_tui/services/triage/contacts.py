"""Contact statistics from mirrored mail: who the user writes to, hears from and answers."""

from __future__ import annotations

from datetime import UTC, datetime
from statistics import median

from nyte_tui.services.triage.evidence import Identity, addresses
from nyte_tui.store.triage_records import (
    ContactStats,
    InboundSummary,
    MessageStub,
    TriageMessage,
    TriageThread,
)


def participants(thread: TriageThread, me: Identity) -> set[str]:
    """Everyone other than the user who wrote in a thread or was written to by the user."""
    found: set[str] = set()
    for message in thread.messages:
        if _mine(message, me):
            found.update(addresses(message.to_header))
            found.update(addresses(message.cc_header))
        elif message.from_email:
            found.add(message.from_email.lower())
    return found - me.emails


def _mine(message: TriageMessage, me: Identity) -> bool:
    """Whether the user sent a message."""
    return message.is_sent or (message.from_email or "").lower() in me.emails


def _at(ms: int) -> datetime:
    """A message time (ms since the epoch) as an aware datetime."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def compute_stats(
    emails: set[str],
    inbound: dict[str, InboundSummary],
    mine: list[MessageStub],
    theirs: list[MessageStub],
) -> list[ContactStats]:
    """Counts and reply habits for these addresses.

    inbound: per-sender aggregates; mine: the user's own messages (with To and Cc); theirs:
    these senders' messages in threads the user wrote in (the only ones that can hold a reply).
    """
    stats = {e: ContactStats(email=e, domain=e.rsplit("@", 1)[-1]) for e in emails}
    for email, summary in inbound.items():
        if email in stats:
            stat = stats[email]
            stat.received_count = summary.count
            stat.last_received_at = _at(summary.latest_ms) if summary.count else None
            stat.name = summary.name
    by_thread: dict[str, list[tuple[int, str | None]]] = {}
    for message in mine:
        at = _at(message.internal_date)
        for addr in {*addresses(message.to_header), *addresses(message.cc_header)}:
            if addr in stats:
                stat = stats[addr]
                stat.sent_to_count += 1
                stat.last_sent_at = max(filter(None, (stat.last_sent_at, at)))
        by_thread.setdefault(message.thread_id, []).append((message.internal_date, None))
    for message in theirs:
        sender = (message.from_email or "").lower()
        if sender in stats and message.thread_id in by_thread:
            by_thread[message.thread_id].append((message.internal_date, sender))
    reply_hours: dict[str, list[float]] = {e: [] for e in emails}
    for timeline in by_thread.values():
        waiting: dict[str, int] = {}
        replied: set[str] = set()
        # at equal times the other person's message comes first (it cannot answer itself)
        for at_ms, author in sorted(timeline, key=lambda m: (m[0], m[1] is None)):
            if author is None:
                for addr, since in waiting.items():
                    reply_hours[addr].append((at_ms - since) / 3_600_000)
                    replied.add(addr)
                waiting.clear()
            else:
                waiting.setdefault(author, at_ms)
        for addr in replied:
            stats[addr].replied_count += 1
    for addr, hours in reply_hours.items():
        if hours:
            stats[addr].median_reply_hours = round(median(hours), 1)
    return sorted(stats.values(), key=lambda s: s.email)
