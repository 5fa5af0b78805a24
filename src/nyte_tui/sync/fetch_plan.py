"""Which messages a pass fetches in full, decided from labels before any messages.get.

Triage reads the bodies of personal inbox mail (the newest inbound messages of inbox threads
that are not bulk) and of the user's own sent mail (an unanswered ask may lie past the
snippet). Fetching those `format=full` in the first pass, and every other message
`format=metadata`, costs exactly one messages.get per message: no message is fetched twice.
The labels come from what Gmail already answers cheaply: one `messages.list` pass per query
below during a full sync, and the `labelIds` of `messagesAdded` history records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nyte_tui.store.records import MessageRecord
from nyte_tui.sync.gmail_history import SKIPPED_LABELS
from nyte_tui.sync.gmail_parse import METADATA_HEADERS, body_text, message_record

BatchGet = Callable[
    [Sequence[str], dict[str, Any], Callable[[list[dict[str, Any]]], None] | None],
    tuple[list[dict[str, Any]], set[str]],
]

# Triage reads the body of every inbox thread a person must answer, automated mail included
# (a code review or a bank may name the user), except the Promotions and Social tabs.
BULK_CATEGORIES = frozenset({"CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL"})
NO_BODY_LABELS = frozenset({"DRAFT", "CHAT", "SPAM", "TRASH"})


def wants_body(label_ids: Iterable[str]) -> bool:
    """Whether triage will read this message's body: personal inbox mail, or the user's own."""
    labels = set(label_ids)
    if labels & NO_BODY_LABELS:
        return False
    if "SENT" in labels:
        return True
    return "INBOX" in labels and not labels & BULK_CATEGORIES


def body_queries(window_days: int) -> tuple[str, ...]:
    """The messages.list queries that together find the window's messages wants_body() takes."""
    excluded = " ".join(
        f"-category:{label.removeprefix('CATEGORY_').lower()}" for label in sorted(BULK_CATEGORIES)
    )
    return (
        f"newer_than:{window_days}d in:inbox -in:sent {excluded}",
        f"newer_than:{window_days}d in:sent",
    )


def added_with_body(records: Iterable[dict[str, Any]]) -> set[str]:
    """Ids of messages added in these history records whose labels say they want a body."""
    wanted: set[str] = set()
    for record in records:
        for item in record.get("messagesAdded", []) or []:
            message = item.get("message", {})
            if "id" in message and wants_body(message.get("labelIds", []) or []):
                wanted.add(str(message["id"]))
    return wanted


Parse = Callable[[dict[str, Any]], list[MessageRecord]]


@dataclass
class Fetched:
    """Messages fetched by one plan: their records, the bodies of those fetched in full, and
    the ids that are gone (deleted, or now a draft, chat, spam or trash)."""

    records: list[MessageRecord] = field(default_factory=list)
    bodies: dict[str, str | None] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)

    def add(self, resources: list[dict[str, Any]], *, full: bool, parse: Parse) -> Fetched:
        """Add fetched resources (parse gives a resource's records, none to skip it)."""
        added = Fetched()
        for resource in resources:
            gmail_id = str(resource["id"])
            if SKIPPED_LABELS & set(resource.get("labelIds", []) or []):
                added.gone.add(gmail_id)
                continue
            records = parse(resource)
            added.records += records
            if full and records:
                added.bodies[gmail_id] = body_text(resource)
        self.records += added.records
        self.bodies.update(added.bodies)
        self.gone |= added.gone
        return added


def fetch_messages(
    batch_get: BatchGet,
    gmail_ids: Sequence[str],
    full_ids: set[str],
    on_batch: Callable[[Fetched], None] | None = None,
    *,
    parse: Parse = lambda resource: [message_record(resource)],
) -> Fetched:
    """One messages.get per id: `full` for the ids in full_ids, `metadata` for the rest."""
    fetched = Fetched()
    wanted = list(dict.fromkeys(gmail_ids))
    groups = (
        (
            [i for i in wanted if i not in full_ids],
            {"format": "metadata", "metadataHeaders": METADATA_HEADERS},
            False,
        ),
        ([i for i in wanted if i in full_ids], {"format": "full"}, True),
    )
    for ids, params, full in groups:
        if not ids:
            continue

        def each(resources: list[dict[str, Any]], *, _full: bool = full) -> None:
            batch = fetched.add(resources, full=_full, parse=parse)
            if on_batch is not None:
                on_batch(batch)

        _resources, gone = batch_get(ids, params, each)
        fetched.gone |= gone
    return fetched
