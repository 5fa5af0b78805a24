"""A fixed, in-memory backend for the snapshot test (deterministic data and clock)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from nyte_tui.services.run_views import CommandProposalView, RunView
from nyte_tui.services.views import (
    AccountStatusView,
    AgendaView,
    DetailView,
    EventView,
    FeedbackOutcome,
    GateView,
    ItemChange,
    ItemView,
    MessageView,
    StatusView,
    SyncOutcome,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GATE_NAMES = ("decision", "time", "relationship", "impact", "watch")


def _gates(*matched: str) -> dict[str, GateView]:
    """Gate verdicts with the named ones matched."""
    return {
        name: GateView(name in matched, 10 if name in matched else 0, "") for name in GATE_NAMES
    }


def _item(**fields: Any) -> ItemView:
    """An item view with the fields the app shows and empty values for the rest."""
    defaults: dict[str, Any] = {
        "account": "alex@northwind.example",
        "thread_id": None,
        "event_id": None,
        "calendar_id": None,
        "who_email": None,
        "snoozed_until": None,
        "updated_at": NOW,
        "last_activity_at": None,
        "due_at": None,
        "age": None,
        "start": None,
        "rule_score": None,
        "model_score": None,
        "score_version": "rules-v2",
        "proposal": None,
    }
    return ItemView(**{**defaults, **fields})


ITEMS: list[ItemView] = [
    _item(
        id=1,
        kind="needs_reply",
        source="gmail",
        tier="critical",
        score=96,
        who="Dana Whitfield",
        title="Q3 contract: can you sign by Fri?",
        when="2d",
        reason="Dana asked you to sign by Friday (in 2 days); you answer her within a day; "
        "contract terms",
        gates=_gates("decision", "time", "relationship", "impact"),
        status="open",
    ),
    _item(
        id=2,
        kind="needs_reply",
        source="gmail",
        tier="important",
        score=81,
        who="Sam Ortiz",
        title="Launch slides",
        when="5h",
        reason="Sam asked for the final slides",
        gates=_gates("decision", "relationship"),
        status="open",
    ),
    _item(
        id=3,
        kind="invite",
        source="calendar",
        tier="important",
        score=78,
        who="Board sync",
        title="Board sync",
        when="invite · 15:00",
        reason="Ruth invited you; no RSVP yet",
        gates=_gates("decision", "time"),
        status="open",
    ),
    _item(
        id=4,
        kind="awaiting_reply",
        source="gmail",
        tier="important",
        score=72,
        who="Priya Natarajan",
        title="Beta banner on the dashboard",
        when="no reply · 4d",
        reason="You asked Priya on Tue and are still waiting",
        gates=_gates("relationship"),
        status="open",
    ),
]


def _message(sender: str, from_me: bool, date_text: str, text: str) -> MessageView:
    """A thread message with the fields the detail pane shows."""
    return MessageView(
        gmail_id=f"m-{date_text}",
        sender=sender,
        sender_email=None,
        from_me=from_me,
        to="",
        date=NOW,
        date_text=date_text,
        subject="",
        text=text,
        full_body=True,
    )


MESSAGES = (
    _message(
        "Dana Whitfield",
        False,
        "Fri 16:20",
        "Hi Alex, the Q3 contract draft is in the shared folder.",
    ),
    _message("Alex Morgan", True, "Sat 10:02", "Thanks Dana, I will read it today."),
    _message(
        "Dana Whitfield",
        False,
        "Mon 09:12",
        "Hi Alex — attached is the Q3 contract. Could you review and sign it by "
        "Friday?\n\nThanks,\nDana",
    ),
)
BOARD_SYNC = EventView(
    title="Board sync",
    status="confirmed",
    start=NOW,
    end=NOW + timedelta(hours=1),
    all_day=False,
    time_text="Mon 02 Mar 15:00–16:00",
    starts_in="15:00",
    location="Room Lovelace",
    organizer="Ruth Calloway",
    organizer_email="ruth.calloway@northwind.example",
    organizer_self=False,
    my_response="needsAction",
    attendees=(),
    conflicts=(),
    description="",
    link=None,
)


class FakeBackend:
    """Answers from the fixed data above; records what the app asked it to do."""

    def __init__(self) -> None:
        """Start with the fixed items."""
        self.items = list(ITEMS)
        self.calls: list[tuple[str, Any]] = []
        self.instruction = ""
        self.run_status = ""

    def open(self) -> None:
        """Nothing to open."""

    def close(self) -> None:
        """Nothing to close."""

    def load_items(
        self, show_all: bool = False, limit: int | None = None, offset: int = 0
    ) -> list[ItemView]:
        """The fixed list, a page of it when asked."""
        shown = [i for i in self.items if show_all or i.status == "open"]
        return shown[offset : None if limit is None else offset + limit]

    def count_items(self, show_all: bool = False) -> int:
        """How many items the fixed list shows."""
        return sum(1 for i in self.items if show_all or i.status == "open")

    def item_detail(self, item_id: int) -> DetailView:
        """A fixed detail; the thread for gmail items."""
        item = next(i for i in self.items if i.id == item_id)
        if item.source == "calendar":
            return DetailView(item, event=BOARD_SYNC)
        return DetailView(item, messages=MESSAGES)

    def agenda(self, days: int = 2) -> AgendaView:
        """No events."""
        return AgendaView((), NOW)

    def status(self) -> StatusView:
        """One account, synced two minutes before NOW."""
        return StatusView(
            accounts=(AccountStatusView("alex@northwind.example", "active"),),
            account="alex@northwind.example",
            last_sync_at=NOW - timedelta(minutes=2),
            last_error=None,
            needs_reauth=(),
            model="offline",
            stale_after=2,
            interval=5,
        )

    def sync(self, reporter: Any = None) -> SyncOutcome:
        """A sync that changes nothing."""
        self.calls.append(("sync", None))
        return SyncOutcome(ok=True, message="synced · 0 changed")

    def set_status(self, item_id: int, status: str, until: str | None = None) -> ItemChange:
        """Change a status in memory."""
        self.calls.append((status, item_id))
        index = next(n for n, i in enumerate(self.items) if i.id == item_id)
        self.items[index] = replace(self.items[index], status=status)
        return ItemChange(self.items[index], True)

    def feedback(self, item_id: int, verdict: str) -> FeedbackOutcome:
        """Record a verdict in memory."""
        self.calls.append((verdict, item_id))
        item = next(i for i in self.items if i.id == item_id)
        return FeedbackOutcome(item, verdict, None, None)

    # ----- the command conversation (fixed answers) --------------------------------------------

    def _run(self, status: str, **fields: Any) -> RunView:
        """A fixed run."""
        self.run_status = status
        base: dict[str, Any] = {
            "run_id": 1,
            "status": status,
            "question": None,
            "proposal": None,
            "result": None,
            "instruction": self.instruction,
            "account": "alex@northwind.example",
            "item_id": 1,
            "interpreter": "offline",
            "revision": 1,
        }
        return RunView(**{**base, **fields})

    def command(self, text: str, item_id: int | None) -> RunView:
        """A question for a meeting without a time, else the reply to Dana."""
        self.calls.append(("command", text))
        self.instruction = text
        if "schedule" in text or "meeting" in text:
            return self._run("awaiting_follow_up", question=QUESTION)
        if "fail" in text:
            raise RuntimeError("Google could not be reached; try again when online")
        return self._run("awaiting_approval", proposal=REPLY)

    def respond(self, run_id: int, text: str) -> RunView:
        """Any answer completes the proposal."""
        self.calls.append(("respond", text))
        return self._run("awaiting_approval", proposal=REPLY, changed="body: shorter")

    def confirm(self, run_id: int, expect: str | None) -> RunView:
        """Confirmed: sent at once (the fake has no undo window)."""
        self.calls.append(("confirm", expect))
        return self._run(
            "completed",
            proposal=REPLY,
            result={"state": "sent", "gmail_id": "18c2f0a", "thread_id": "t1", "in_thread": True},
        )

    def send_held(self, run_id: int) -> RunView:
        """Nothing is held in the fake."""
        return self.confirm(run_id, None)

    def undo(self, run_id: int) -> RunView:
        """Back to the proposal."""
        self.calls.append(("undo", run_id))
        return self._run("awaiting_approval", proposal=REPLY)

    def cancel(self, run_id: int) -> RunView:
        """Cancelled."""
        self.calls.append(("cancel", run_id))
        return self._run("cancelled")

    def approve(self, action_id: int) -> RunView:
        """The reply proposal."""
        return self._run("awaiting_approval", proposal=REPLY)

    def dismiss_action(self, action_id: int) -> Any:
        """Dismissed."""
        self.calls.append(("dismiss_action", action_id))


QUESTION = "When should the meeting with Sam Ortiz be? (e.g. tomorrow 3pm, next week)"
REPLY = CommandProposalView(
    kind="gmail.reply",
    payload={
        "to": ["Dana Whitfield <dana@lex.example>"],
        "cc": [],
        "bcc": [],
        "subject": "Re: Q3 contract: can you sign by Fri?",
    },
    preview="From: Alex Morgan <alex@northwind.example>\n"
    "To: Dana Whitfield <dana@lex.example>\n"
    "Subject: Re: Q3 contract: can you sign by Fri?\n"
    "In-Reply-To: <q3-1@lex.example>\n"
    "Risk: medium (external recipients: dana@lex.example)\n\n"
    "Hi Dana,\n\nI'll sign it tomorrow morning.\n\nThanks,\nAlex",
    risk="medium",
    flags=("external recipients: dana@lex.example",),
    summary="Reply to Dana Whitfield <dana@lex.example> · Re: Q3 contract: can you sign by Fri?",
    hash="2d72a42a5ecedc13",
    action_id=7,
)
