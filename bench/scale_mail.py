"""Generated mail for benchmark stores: threads of messages, a work item per inbox thread.

Rows are made and written a block at a time, so a million messages never sit in memory.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime
from typing import Any

USER = "alex@northwind.example"
GATES = ("decision", "time", "relationship", "impact", "watch")
BULK = ("CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL", "CATEGORY_UPDATES", "CATEGORY_FORUMS")
KINDS = ("needs_reply", "awaiting_reply", "fyi")
WORDS = [
    "budget",
    "review",
    "contract",
    "launch",
    "invoice",
    "hiring",
    "roadmap",
    "offsite",
    "design",
    "pricing",
    "renewal",
    "quarterly",
    "forecast",
    "migration",
    "incident",
    "report",
    "draft",
    "approval",
    "agenda",
    "vendor",
    "proposal",
]
BLOCK = 50_000


class MailGenerator:
    """Makes the rows of one generated mailbox, thread by thread."""

    def __init__(self, account_id: int, messages: int, seed: int, first_item_id: int) -> None:
        """Fix the size, the random source, the cast and the time span (~300 messages a day)."""
        self.account_id = account_id
        self.left = messages
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC)
        self.now_ms = int(self.now.timestamp() * 1000)
        self.span_ms = max(30, messages // 300) * 86_400_000
        self.people = [
            (f"Person {n}", f"person{n}@org{n % 97}.example")
            for n in range(max(50, messages // 50))
        ]
        self.senders = [(f"Sender {n}", f"news{n}@bulk{n}.example") for n in range(300)]
        self.threads = 0
        self.next_item_id = first_item_id
        self.number = 0

    def block(self, limit: int) -> dict[str, list[dict[str, Any]]]:
        """Rows for the next threads, up to `limit` messages: by table."""
        rows: dict[str, list[dict[str, Any]]] = {
            "messages": [],
            "threads": [],
            "items": [],
            "gates": [],
        }
        while self.left > 0 and len(rows["messages"]) < limit:
            self._thread(rows)
        return rows

    def _thread(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        """One thread: its messages, its row and (in the inbox) its work item and gates."""
        rng = self.rng
        thread_id = f"b{self.threads:015x}"
        bulk = rng.random() < 0.6
        size = min(self.left, 1 if bulk else 1 + int(rng.expovariate(0.7)))
        name, email = rng.choice(self.senders if bulk else self.people)
        labels = {"INBOX", rng.choice(BULK)} if bulk else {"CATEGORY_PERSONAL"}
        if not bulk and rng.random() < 0.5:
            labels.add("INBOX")
        unread = rng.random() < 0.3
        if unread:
            labels.add("UNREAD")
        inbound = sorted(labels)
        last = self.now_ms - int(rng.random() ** 2 * self.span_ms)
        subject = " ".join(rng.sample(WORDS, 3)).capitalize()
        last_from = email
        for position in range(size):
            mine = not bulk and position % 2 == 1
            sender = ("Alex Morgan", USER) if mine else (name, email)
            if mine:
                labels.add("SENT")
            last_from = sender[1]
            self.number += 1
            rows["messages"].append(
                {
                    "account_id": self.account_id,
                    "gmail_id": f"m{self.threads:013x}{position:02x}",
                    "thread_id": thread_id,
                    "history_id": self.number,
                    "internal_date": last - (size - 1 - position) * 3_600_000,
                    "label_ids": ["SENT"] if mine else inbound,
                    "from_header": f"{sender[0]} <{sender[1]}>",
                    "from_email": sender[1],
                    "from_name": sender[0],
                    "to_header": email if mine else USER,
                    "subject": ("Re: " if position else "") + subject,
                    "snippet": f"About the {subject.lower()}: could you take a look by Friday?",
                    "list_unsubscribe": f"<mailto:unsub@{email.split('@')[1]}>" if bulk else None,
                    "size_estimate": 2_000 + rng.randint(0, 40_000),
                    "is_sent": mine,
                    "synced_at": self.now,
                }
            )
        self.left -= size
        self.threads += 1
        digest = hashlib.sha256(f"{thread_id}{size}{last}".encode()).hexdigest()
        rows["threads"].append(
            {
                "account_id": self.account_id,
                "thread_id": thread_id,
                "subject": subject,
                "message_count": size,
                "last_message_at": last,
                "last_from_email": last_from,
                "last_from_me": last_from == USER,
                "participants": sorted({email, USER} if size > 1 and not bulk else {email}),
                "label_ids": sorted(labels),
                "unread": unread,
                "content_hash": digest,
                "triaged_hash": digest,
                "updated_at": self.now,
            }
        )
        if "INBOX" in labels:
            self._item(rows, thread_id, subject, name, email, bulk, last, digest)

    def _item(
        self,
        rows: dict[str, list[dict[str, Any]]],
        thread_id: str,
        subject: str,
        name: str,
        email: str,
        bulk: bool,
        last: int,
        digest: str,
    ) -> None:
        """The work item of an inbox thread and its five gate verdicts."""
        rng = self.rng
        score = rng.randint(0, 30) if bulk else min(100, int(rng.betavariate(2, 5) * 110))
        item_id = self.next_item_id
        self.next_item_id += 1
        rows["items"].append(
            {
                "id": item_id,
                "account_id": self.account_id,
                "source": "gmail",
                "source_key": thread_id,
                "thread_id": thread_id,
                "kind": "fyi" if bulk else rng.choice(KINDS),
                "title": subject,
                "who": name,
                "who_email": email,
                "status": rng.choice(["open"] * 8 + ["done", "dismissed"]),
                "score": score,
                "rule_score": score,
                "tier": "critical" if score >= 85 else "important" if score >= 70 else "later",
                "reason": "generated",
                "score_version": "bench",
                "content_hash": digest,
                "last_activity_at": datetime.fromtimestamp(last / 1000, UTC),
                "created_at": self.now,
                "updated_at": self.now,
            }
        )
        rows["gates"] += [
            {
                "account_id": self.account_id,
                "work_item_id": item_id,
                "gate": gate,
                "matched": rng.random() < 0.3,
                "points": rng.randint(0, 40),
                "reason": "generated",
                "evaluated_at": self.now,
            }
            for gate in GATES
        ]


def load_mail(store: Any, account_id: int, messages: int, seed: int) -> tuple[int, int]:
    """Generate and bulk-load `messages` messages; (threads, work items) written."""
    from nyte_tui.store.bulk_load import bulk_insert, row_count
    from nyte_tui.store.models import Message, Thread
    from nyte_tui.store.work_models import GateEvaluation, WorkItem

    first_item = row_count(store, WorkItem) + 1_000_000  # clear of any item triage wrote
    generator = MailGenerator(account_id, messages, seed, first_item)
    items = 0
    while generator.left > 0:
        rows = generator.block(BLOCK)
        bulk_insert(store, Message, rows["messages"])
        bulk_insert(store, Thread, rows["threads"])
        items += bulk_insert(store, WorkItem, rows["items"])
        bulk_insert(store, GateEvaluation, rows["gates"])
    return generator.threads, items
