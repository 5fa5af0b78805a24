"""A fixed, in-memory backend for the snapshot test (deterministic data and clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GATE_NAMES = ("decision", "time", "relationship", "impact", "watch")


def _gates(*matched: str) -> dict[str, Any]:
    """Gate verdicts with the named ones matched."""
    return {
        name: {"matched": name in matched, "points": 10 if name in matched else 0, "reason": ""}
        for name in GATE_NAMES
    }


ITEMS: list[dict[str, Any]] = [
    {
        "id": 1,
        "kind": "needs_reply",
        "source": "gmail",
        "tier": "critical",
        "score": 96,
        "who": "Dana Whitfield",
        "title": "Q3 contract: can you sign by Fri?",
        "when": "2d",
        "reason": "Dana asked you to sign by Friday (in 2 days); you answer her within a day; "
        "contract terms",
        "gates": _gates("decision", "time", "relationship", "impact"),
        "status": "open",
    },
    {
        "id": 2,
        "kind": "needs_reply",
        "source": "gmail",
        "tier": "important",
        "score": 81,
        "who": "Sam Ortiz",
        "title": "Launch slides",
        "when": "5h",
        "reason": "Sam asked for the final slides",
        "gates": _gates("decision", "relationship"),
        "status": "open",
    },
    {
        "id": 3,
        "kind": "invite",
        "source": "calendar",
        "tier": "important",
        "score": 78,
        "who": "Board sync",
        "title": "Board sync",
        "when": "invite · 15:00",
        "reason": "Ruth invited you; no RSVP yet",
        "gates": _gates("decision", "time"),
        "status": "open",
    },
    {
        "id": 4,
        "kind": "awaiting_reply",
        "source": "gmail",
        "tier": "important",
        "score": 72,
        "who": "Priya Natarajan",
        "title": "Beta banner on the dashboard",
        "when": "no reply · 4d",
        "reason": "You asked Priya on Tue and are still waiting",
        "gates": _gates("relationship"),
        "status": "open",
    },
]
MESSAGES = [
    {
        "sender": "Dana Whitfield",
        "from_me": False,
        "date_text": "Fri 16:20",
        "text": "Hi Alex, the Q3 contract draft is in the shared folder.",
    },
    {
        "sender": "Alex Morgan",
        "from_me": True,
        "date_text": "Sat 10:02",
        "text": "Thanks Dana, I will read it today.",
    },
    {
        "sender": "Dana Whitfield",
        "from_me": False,
        "date_text": "Mon 09:12",
        "text": "Hi Alex — attached is the Q3 contract. Could you review and sign it by "
        "Friday?\n\nThanks,\nDana",
    },
]


class FakeBackend:
    """Answers from the fixed data above; records what the app asked it to do."""

    def __init__(self) -> None:
        """Start with the fixed items."""
        self.items = [dict(i) for i in ITEMS]
        self.calls: list[tuple[str, Any]] = []

    def open(self) -> None:
        """Nothing to open."""

    def close(self) -> None:
        """Nothing to close."""

    def load_items(self, show_all: bool = False) -> list[dict[str, Any]]:
        """The fixed list."""
        return [i for i in self.items if show_all or i["status"] == "open"]

    def item_detail(self, item_id: int) -> dict[str, Any]:
        """A fixed detail; the thread for gmail items."""
        item = dict(next(i for i in self.items if i["id"] == item_id))
        item["messages"] = MESSAGES if item["source"] == "gmail" else []
        item["event"] = None
        if item["source"] == "calendar":
            item["event"] = {
                "time_text": "Mon 02 Mar 15:00–16:00",
                "location": "Room Lovelace",
                "organizer": "Ruth Calloway",
                "my_response": "needsAction",
                "attendees": [],
                "conflicts": [],
                "description": "",
            }
        return item

    def agenda(self, days: int = 2) -> dict[str, Any]:
        """No events."""
        return {"days": []}

    def status(self) -> dict[str, Any]:
        """One account, synced two minutes before NOW."""
        return {
            "accounts": [{"email": "alex@northwind.example", "status": "active"}],
            "account": "alex@northwind.example",
            "last_sync_at": NOW - timedelta(minutes=2),
            "last_error": None,
            "needs_reauth": [],
            "model": "offline",
            "stale_after": 2,
            "interval": 5,
        }

    def sync(self, reporter: Any = None) -> dict[str, Any]:
        """A sync that changes nothing."""
        self.calls.append(("sync", None))
        return {"ok": True, "message": "synced · 0 changed", "accounts": []}

    def set_status(self, item_id: int, status: str, until: str | None = None) -> dict[str, Any]:
        """Change a status in memory."""
        self.calls.append((status, item_id))
        item = next(i for i in self.items if i["id"] == item_id)
        item["status"] = status
        return {"item": item}

    def feedback(self, item_id: int, verdict: str) -> dict[str, Any]:
        """Record a verdict in memory."""
        self.calls.append((verdict, item_id))
        return {"verdict": verdict, "offer": None}
