"""Reading one page of Gmail history records into the changes a mirror must apply."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SKIPPED_LABELS = {"DRAFT", "CHAT", "SPAM", "TRASH"}
HIDDEN_LABELS = {"SPAM", "TRASH"}


@dataclass
class HistoryPage:
    """Messages added and deleted, label changes, and the newest history id on a page."""

    added: list[str] = field(default_factory=list)
    deleted: set[str] = field(default_factory=set)
    deltas: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    cursor: int = 0


def read_history_page(records: list[dict[str, Any]]) -> HistoryPage:
    """Fold a page's records in order: a later record wins over an earlier one."""
    page = HistoryPage()
    added, deleted, deltas = page.added, page.deleted, page.deltas
    for record in records:
        page.cursor = max(page.cursor, int(record.get("id", 0)))
        for item in record.get("messagesAdded", []) or []:
            message = item.get("message", {})
            if SKIPPED_LABELS & set(message.get("labelIds", []) or []):
                continue
            gmail_id = str(message["id"])
            deleted.discard(gmail_id)
            if gmail_id not in added:
                added.append(gmail_id)
        for item in record.get("messagesDeleted", []) or []:
            gmail_id = str(item.get("message", {}).get("id"))
            deleted.add(gmail_id)
            if gmail_id in added:
                added.remove(gmail_id)
        for item in record.get("labelsAdded", []) or []:
            gmail_id = str(item["message"]["id"])
            added_labels = list(item.get("labelIds", []))
            if HIDDEN_LABELS & set(added_labels):
                deleted.add(gmail_id)  # trashed or spammed: out of the mirror
                if gmail_id in added:
                    added.remove(gmail_id)
            else:
                deltas.append((gmail_id, added_labels, []))
        for item in record.get("labelsRemoved", []) or []:
            gmail_id = str(item["message"]["id"])
            removed_labels = list(item.get("labelIds", []))
            if HIDDEN_LABELS & set(removed_labels):
                deleted.discard(gmail_id)  # untrashed: fetch it again
                if gmail_id not in added:
                    added.append(gmail_id)
            else:
                deltas.append((gmail_id, [], removed_labels))
    return page
