"""Contact statistics from mirrored mail: who the user writes to, hears from and answers."""

from __future__ import annotations

from collections.abc import Iterable
from statistics import median

from nyte_tui.services.triage_evidence import Identity, addresses, message_time
from nyte_tui.store.triage_records import ContactStats, TriageMessage, TriageThread


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


def compute_stats(
    threads: Iterable[TriageThread], me: Identity, emails: set[str]
) -> list[ContactStats]:
    """Counts and reply habits for these addresses, from every thread that involves them."""
    stats = {e: ContactStats(email=e, domain=e.rsplit("@", 1)[-1]) for e in emails}
    reply_hours: dict[str, list[float]] = {e: [] for e in emails}
    for thread in threads:
        waiting: dict[str, float] = {}
        replied_in_thread: set[str] = set()
        for message in thread.messages:
            at = message_time(message)
            if _mine(message, me):
                for addr in {*addresses(message.to_header), *addresses(message.cc_header)}:
                    if addr in stats:
                        stat = stats[addr]
                        stat.sent_to_count += 1
                        stat.last_sent_at = max(filter(None, (stat.last_sent_at, at)))
                for addr, since in waiting.items():
                    reply_hours[addr].append((at.timestamp() - since) / 3600)
                    replied_in_thread.add(addr)
                waiting.clear()
                continue
            sender = (message.from_email or "").lower()
            if sender not in stats:
                continue
            stat = stats[sender]
            stat.received_count += 1
            stat.name = stat.name or message.from_name
            stat.last_received_at = max(filter(None, (stat.last_received_at, at)))
            waiting.setdefault(sender, at.timestamp())
        for addr in replied_in_thread:
            stats[addr].replied_count += 1
    for addr, hours in reply_hours.items():
        if hours:
            stats[addr].median_reply_hours = round(median(hours), 1)
    return sorted(stats.values(), key=lambda s: s.email)
