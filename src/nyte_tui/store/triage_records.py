"""Plain records triage reads from and writes to the store (no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class TriageMessage:
    """One mirrored message as triage needs it."""

    gmail_id: str
    thread_id: str
    internal_date: int
    label_ids: list[str]
    is_sent: bool
    from_email: str | None = None
    from_name: str | None = None
    to_header: str | None = None
    cc_header: str | None = None
    reply_to_header: str | None = None
    subject: str | None = None
    snippet: str | None = None
    message_id_header: str | None = None
    list_id: str | None = None
    list_unsubscribe: str | None = None
    precedence: str | None = None
    auto_submitted: str | None = None
    body_text: str | None = None
    body_state: str = "none"


@dataclass
class TriageThread:
    """A mirrored thread with its messages, oldest first."""

    thread_id: str
    subject: str | None
    label_ids: list[str]
    last_message_at: int
    last_from_me: bool
    content_hash: str | None
    triaged_hash: str | None
    messages: list[TriageMessage] = field(default_factory=list)


@dataclass
class TriageEvent:
    """A mirrored calendar event as triage needs it."""

    calendar_id: str
    event_id: str
    status: str
    summary: str | None
    description: str | None
    location: str | None
    start_at: datetime | None
    end_at: datetime | None
    all_day: bool
    organizer_email: str | None
    organizer_name: str | None
    organizer_self: bool
    attendees: list[dict[str, Any]]
    my_response_status: str | None
    recurring_event_id: str | None = None
    calendar_primary: bool = True

    @property
    def source_key(self) -> str:
        """The work item key of this event."""
        return f"{self.calendar_id}/{self.event_id}"


@dataclass
class ContactStats:
    """How much the account exchanges mail with one address."""

    email: str
    name: str | None = None
    domain: str = ""
    sent_to_count: int = 0
    received_count: int = 0
    replied_count: int = 0
    median_reply_hours: float | None = None
    last_sent_at: datetime | None = None
    last_received_at: datetime | None = None
    weight_adjustment: int = 0


@dataclass(frozen=True)
class InboundSummary:
    """How much mail one sender sent the account: count, latest time (ms) and a display name."""

    email: str
    count: int
    latest_ms: int
    name: str | None


@dataclass(frozen=True)
class MessageStub:
    """The few columns of a message that contact statistics need (never a body)."""

    thread_id: str
    internal_date: int
    from_email: str | None
    to_header: str | None
    cc_header: str | None


@dataclass
class GateRow:
    """One gate's verdict as stored."""

    gate: str
    matched: bool
    points: int
    reason: str


@dataclass
class ItemRow:
    """A stored work item with its gates and pending proposal."""

    id: int
    account_id: int
    account: str
    source: str
    source_key: str
    thread_id: str | None
    calendar_id: str | None
    event_id: str | None
    kind: str
    title: str
    who: str
    who_email: str | None
    status: str
    snoozed_until: datetime | None
    score: int
    rule_score: int
    model_score: int | None
    tier: str
    reason: str
    score_version: str
    content_hash: str | None
    dismissed_hash: str | None
    due_at: datetime | None
    last_activity_at: datetime | None
    rescore_at: datetime | None
    created_at: datetime
    updated_at: datetime
    gates: list[GateRow] = field(default_factory=list)
    proposal: dict[str, Any] | None = None
    warning: str | None = None


@dataclass
class ItemWrite:
    """Everything a scoring pass decided about one item, for one transactional write."""

    source: str
    source_key: str
    kind: str
    title: str
    who: str
    who_email: str | None
    status: str
    score: int
    rule_score: int
    model_score: int | None
    tier: str
    reason: str
    score_version: str
    content_hash: str | None
    thread_id: str | None = None
    calendar_id: str | None = None
    event_id: str | None = None
    snoozed_until: datetime | None = None
    dismissed_hash: str | None = None
    due_at: datetime | None = None
    last_activity_at: datetime | None = None
    rescore_at: datetime | None = None
    gates: list[GateRow] = field(default_factory=list)
    audit_action: str | None = None  # created | reopened | done | rescored …
    audit_detail: dict[str, Any] = field(default_factory=dict)
    proposal: dict[str, Any] | None = None  # a proposed action to ensure (kind, payload, key …)
    warning: str | None = None  # phishing | scam


@dataclass
class RuleRow:
    """A stored policy rule."""

    id: int
    account_id: int | None
    match_type: str
    pattern: str
    action: str
    points: int
    note: str | None
    enabled: bool
    created_at: datetime


@dataclass
class LlmCallRecord:
    """One model call (or failure) to record."""

    model: str
    purpose: str
    cache_key: str
    outcome: str
    subject_ref: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    error: str | None = None
    response: dict[str, Any] | None = None
    account_id: int | None = None
