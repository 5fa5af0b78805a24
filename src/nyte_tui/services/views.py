"""The view types services hand to the CLI and the app: frozen dataclasses, defined once.

`services.views_json.to_json` turns any of them into the documented `--json` shapes; fields
marked `DISPLAY` exist for the app only and are left out of JSON. This module imports nothing
heavy, so the app can use it before its first paint.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DISPLAY = {"json": False}
GATE_NAMES = ("decision", "time", "relationship", "impact", "watch")


@dataclass(frozen=True)
class GateView:
    """One gate's verdict on an item."""

    matched: bool = False
    points: int = 0
    reason: str = ""


@dataclass(frozen=True)
class ProposalView:
    """The pending proposed action attached to an item (a reply, a nudge, an RSVP)."""

    id: int | None
    kind: str
    payload: Mapping[str, Any]
    summary: str
    status: str
    risk: str
    idempotency_key: str


@dataclass(frozen=True)
class ItemView:
    """One work item as `nyte important --json` shows it (plus the app's `when` column)."""

    id: int
    kind: str
    source: str
    account: str
    thread_id: str | None
    event_id: str | None
    calendar_id: str | None
    who: str | None
    who_email: str | None
    title: str
    score: int
    tier: str
    reason: str
    gates: Mapping[str, GateView]
    status: str
    snoozed_until: datetime | None
    updated_at: datetime | None
    last_activity_at: datetime | None
    due_at: datetime | None
    age: str | None
    start: datetime | None
    rule_score: int | None
    model_score: int | None
    score_version: str | None
    proposal: ProposalView | None
    warning: str | None = None  # "phishing" or "scam": a warning instead of a task
    when: str = field(default="", metadata=DISPLAY)


@dataclass(frozen=True)
class ImportantListView:
    """The Important list (or every item), best first."""

    items: tuple[ItemView, ...]
    generated_at: datetime


@dataclass(frozen=True)
class MessageView:
    """One message of a thread in the detail pane."""

    gmail_id: str
    sender: str
    sender_email: str | None
    from_me: bool
    to: str
    date: datetime
    date_text: str
    subject: str
    text: str
    full_body: bool


@dataclass(frozen=True)
class AttendeeView:
    """One attendee of an event with their answer."""

    email: str
    name: str | None
    response: str
    is_self: bool
    optional: bool


@dataclass(frozen=True)
class EventView:
    """An event in the detail pane: time, place, people, overlaps and description."""

    title: str
    status: str | None
    start: datetime | None
    end: datetime | None
    all_day: bool
    time_text: str
    starts_in: str
    location: str | None
    organizer: str | None
    organizer_email: str | None
    organizer_self: bool
    my_response: str | None
    attendees: tuple[AttendeeView, ...]
    conflicts: tuple[str, ...]
    description: str
    link: str | None


@dataclass(frozen=True)
class DetailView:
    """One item with its thread excerpt (oldest first) or its event."""

    item: ItemView
    messages: tuple[MessageView, ...] = ()
    event: EventView | None = None


@dataclass(frozen=True)
class AgendaEventView:
    """One upcoming event in the agenda."""

    account: str
    calendar_id: str
    event_id: str
    title: str
    start: datetime | None
    end: datetime | None
    all_day: bool
    location: str | None
    rsvp: str | None
    organizer: str | None
    conflicts: tuple[str, ...]
    time_text: str = field(default="", metadata=DISPLAY)


@dataclass(frozen=True)
class AgendaDayView:
    """The events of one local day."""

    date: str
    events: tuple[AgendaEventView, ...]


@dataclass(frozen=True)
class AgendaView:
    """Upcoming events grouped by local day."""

    days: tuple[AgendaDayView, ...]
    generated_at: datetime


@dataclass(frozen=True)
class AccountStatusView:
    """A connected account's state."""

    email: str
    status: str
    status_reason: str | None = None


@dataclass(frozen=True)
class StatusView:
    """What the status line shows: accounts, last sync, last error, model, schedule."""

    accounts: tuple[AccountStatusView, ...]
    account: str | None
    last_sync_at: datetime | None
    last_error: str | None
    needs_reauth: tuple[str, ...]
    model: str
    stale_after: float
    interval: float
    demo: bool = False
    outbox_sending: int = 0
    outbox_unknown: int = 0
    outbox_held: int = 0


@dataclass(frozen=True)
class SyncOutcome:
    """How one sync pass ended, in the words the app shows."""

    ok: bool
    message: str
    changed: int = 0
    busy: bool = False
    needs_reauth: bool = False
    exit_code: int = 0


@dataclass(frozen=True)
class ItemChange:
    """An item after a status change, and whether anything changed."""

    item: ItemView
    changed: bool


@dataclass(frozen=True)
class RuleOffer:
    """A rule nyte offers after feedback ("mute dana@x?")."""

    match_type: str
    pattern: str
    action: str
    question: str
    command: str


@dataclass(frozen=True)
class FeedbackOutcome:
    """An item after feedback, the sender's new weight and the rule on offer."""

    item: ItemView
    verdict: str
    sender_weight: int | None
    offer: RuleOffer | None


@dataclass(frozen=True)
class RuleView:
    """One policy rule."""

    id: int
    match_type: str
    pattern: str
    action: str
    points: int
    enabled: bool
    note: str | None
    created_at: datetime | None
    description: str


@dataclass(frozen=True)
class RulesView:
    """Every policy rule."""

    rules: tuple[RuleView, ...]


@dataclass(frozen=True)
class RuleAdded:
    """A rule that was added and how many items were rescored."""

    rule: RuleView
    rescored: int


@dataclass(frozen=True)
class RuleRemoved:
    """A rule that was removed and how many items were rescored."""

    removed: int
    rescored: int
