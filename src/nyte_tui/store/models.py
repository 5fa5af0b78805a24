"""SQLModel tables: the whole data model of nyte (product.md §1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from nyte_tui.store.types import JsonColumnType, UtcDateTime, utcnow


def _time(*, index: bool = False, nullable: bool = True) -> Any:
    """A UTC timestamp column."""
    return Field(default=None, sa_type=UtcDateTime, index=index, nullable=nullable)


def _created() -> Any:
    """A creation timestamp that defaults to now."""
    return Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


def _json(default_factory: Any = list) -> Any:
    """A JSON column."""
    return Field(default_factory=default_factory, sa_type=JsonColumnType, nullable=False)


def _account() -> Any:
    """The owning account's id."""
    return Field(foreign_key="accounts.id", nullable=False, ondelete="CASCADE")


class Account(SQLModel, table=True):
    """One connected Google account; secrets live in the secret store, never here."""

    __tablename__ = "accounts"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, nullable=False)
    display_name: str | None = None
    client_id: str | None = None
    scopes: list[str] = _json()
    status: str = Field(default="active", nullable=False)  # active | needs_reauth | disabled
    status_reason: str | None = None
    token_expiry: datetime | None = _time()
    connected_at: datetime = _created()
    updated_at: datetime = _created()


class Label(SQLModel, table=True):
    """A Gmail label of an account."""

    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("account_id", "label_id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    label_id: str = Field(nullable=False)
    name: str = Field(nullable=False)
    label_type: str = Field(default="user", nullable=False)


class Message(SQLModel, table=True):
    """One Gmail message's metadata, and its body text once fetched."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("account_id", "gmail_id"),
        Index("ix_messages_thread", "account_id", "thread_id", "internal_date"),
        Index("ix_messages_date", "account_id", "internal_date"),
        Index("ix_messages_message_id", "account_id", "message_id_header"),
        Index("ix_messages_from", "account_id", "from_email"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    gmail_id: str = Field(nullable=False)
    thread_id: str = Field(nullable=False)
    history_id: int = Field(default=0, nullable=False)
    internal_date: int = Field(default=0, nullable=False)  # ms since epoch (Google's acceptance)
    label_ids: list[str] = _json()
    from_header: str | None = None
    from_email: str | None = None
    from_name: str | None = None
    to_header: str | None = None
    cc_header: str | None = None
    reply_to_header: str | None = None
    subject: str | None = None
    snippet: str | None = None
    date_header: str | None = None
    message_id_header: str | None = None
    in_reply_to: str | None = None
    references: str | None = None
    list_id: str | None = None
    list_unsubscribe: str | None = None
    precedence: str | None = None
    auto_submitted: str | None = None
    size_estimate: int = Field(default=0, nullable=False)
    is_sent: bool = Field(default=False, nullable=False)
    body_state: str = Field(default="none", nullable=False)  # none | cached | failed
    body_text: str | None = None
    body_fetched_at: datetime | None = _time()
    synced_at: datetime = _created()


class Thread(SQLModel, table=True):
    """A Gmail thread as derived from its messages, kept current by sync."""

    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("account_id", "thread_id"),
        Index("ix_threads_last", "account_id", "last_message_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    thread_id: str = Field(nullable=False)
    subject: str | None = None
    message_count: int = Field(default=0, nullable=False)
    last_message_at: int = Field(default=0, nullable=False)  # ms since epoch
    last_from_email: str | None = None
    last_from_me: bool = Field(default=False, nullable=False)
    participants: list[str] = _json()
    label_ids: list[str] = _json()
    unread: bool = Field(default=False, nullable=False)
    content_hash: str | None = None
    triaged_hash: str | None = None
    updated_at: datetime = _created()


class Calendar(SQLModel, table=True):
    """A calendar of an account and its sync position."""

    __tablename__ = "calendars"
    __table_args__ = (UniqueConstraint("account_id", "calendar_id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    calendar_id: str = Field(nullable=False)
    summary: str | None = None
    is_primary: bool = Field(default=False, nullable=False)
    time_zone: str | None = None
    access_role: str | None = None
    selected: bool = Field(default=True, nullable=False)
    synced: bool = Field(default=False, nullable=False)
    updated_at: datetime = _created()


class CalendarEvent(SQLModel, table=True):
    """One (expanded) calendar event in the sync window."""

    __tablename__ = "calendar_events"
    __table_args__ = (
        UniqueConstraint("account_id", "calendar_id", "event_id"),
        Index("ix_events_start", "account_id", "start_at"),
        Index("ix_events_ical", "account_id", "ical_uid"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    calendar_id: str = Field(nullable=False)
    event_id: str = Field(nullable=False)
    ical_uid: str | None = None
    recurring_event_id: str | None = None
    status: str = Field(default="confirmed", nullable=False)
    summary: str | None = None
    description: str | None = None
    location: str | None = None
    start_at: datetime | None = _time()
    end_at: datetime | None = _time()
    time_zone: str | None = None
    all_day: bool = Field(default=False, nullable=False)
    start_date: str | None = None  # all-day events: YYYY-MM-DD
    end_date: str | None = None
    organizer_email: str | None = None
    organizer_name: str | None = None
    organizer_self: bool = Field(default=False, nullable=False)
    attendees: list[dict[str, Any]] = _json()
    my_response_status: str | None = None  # needsAction | accepted | declined | tentative
    html_link: str | None = None
    etag: str | None = None
    updated: datetime | None = _time()
    synced_at: datetime = _created()


class WorkItem(SQLModel, table=True):
    """One thing that may need the user: one per Gmail thread or calendar event."""

    __tablename__ = "work_items"
    __table_args__ = (
        UniqueConstraint("account_id", "source", "source_key"),
        Index("ix_work_items_important", "status", "score", "last_activity_at"),
        Index("ix_work_items_thread", "account_id", "thread_id"),
        Index("ix_work_items_rescore", "account_id", "rescore_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    source: str = Field(nullable=False)  # gmail | calendar
    source_key: str = Field(nullable=False)  # thread id, or calendar id + "/" + event id
    thread_id: str | None = None
    calendar_id: str | None = None
    event_id: str | None = None
    kind: str = Field(nullable=False)
    title: str = Field(default="", nullable=False)
    who: str = Field(default="", nullable=False)
    who_email: str | None = None
    status: str = Field(default="open", nullable=False)  # open | done | dismissed | snoozed
    snoozed_until: datetime | None = _time()
    score: int = Field(default=0, nullable=False)
    rule_score: int = Field(default=0, nullable=False)
    model_score: int | None = None
    tier: str = Field(default="later", nullable=False)
    reason: str = Field(default="", nullable=False)
    score_version: str = Field(default="", nullable=False)
    content_hash: str | None = None
    dismissed_hash: str | None = None
    due_at: datetime | None = _time()
    last_activity_at: datetime | None = _time()
    rescore_at: datetime | None = _time()  # when time alone may change the score
    created_at: datetime = _created()
    updated_at: datetime = _created()


class GateEvaluation(SQLModel, table=True):
    """One gate's verdict on one work item."""

    __tablename__ = "gate_evaluations"
    __table_args__ = (UniqueConstraint("work_item_id", "gate"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    work_item_id: int = Field(foreign_key="work_items.id", nullable=False, ondelete="CASCADE")
    gate: str = Field(nullable=False)  # decision | time | relationship | impact | watch
    matched: bool = Field(default=False, nullable=False)
    points: int = Field(default=0, nullable=False)
    reason: str = Field(default="", nullable=False)
    evaluated_at: datetime = _created()


class CommandRun(SQLModel, table=True):
    """One command conversation: instruction, follow-ups, proposal and result."""

    __tablename__ = "command_runs"
    __table_args__ = (Index("ix_command_runs_status", "account_id", "status"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    work_item_id: int | None = Field(default=None, foreign_key="work_items.id", ondelete="SET NULL")
    instruction: str = Field(nullable=False)
    status: str = Field(default="open", nullable=False)
    question: str | None = None
    risk: str | None = None
    interpreter: str = Field(default="offline", nullable=False)
    result: dict[str, Any] | None = Field(default=None, sa_type=JsonColumnType)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class CommandTurn(SQLModel, table=True):
    """One turn of a command conversation."""

    __tablename__ = "command_turns"
    __table_args__ = (UniqueConstraint("command_run_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    command_run_id: int = Field(foreign_key="command_runs.id", nullable=False, ondelete="CASCADE")
    seq: int = Field(nullable=False)
    role: str = Field(nullable=False)  # user | nyte
    text: str = Field(default="", nullable=False)
    data: dict[str, Any] = _json(dict)
    created_at: datetime = _created()


class ProposedAction(SQLModel, table=True):
    """A concrete thing nyte could do, with a stable idempotency key."""

    __tablename__ = "proposed_actions"
    __table_args__ = (
        Index("ix_actions_status", "account_id", "status"),
        Index("ix_actions_item", "work_item_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    work_item_id: int | None = Field(default=None, foreign_key="work_items.id", ondelete="SET NULL")
    command_run_id: int | None = Field(
        default=None, foreign_key="command_runs.id", ondelete="SET NULL"
    )
    kind: str = Field(nullable=False)  # gmail.reply | gmail.send | gmail.draft | calendar.*
    payload: dict[str, Any] = _json(dict)
    summary: str = Field(default="", nullable=False)
    preview: str = Field(default="", nullable=False)
    risk: str = Field(default="low", nullable=False)
    status: str = Field(default="pending", nullable=False)
    idempotency_key: str = Field(unique=True, nullable=False)
    result: dict[str, Any] | None = Field(default=None, sa_type=JsonColumnType)
    error: str | None = None
    created_at: datetime = _created()
    updated_at: datetime = _created()
    executed_at: datetime | None = _time()


class OutboxEntry(SQLModel, table=True):
    """A send or draft whose exact MIME bytes were fixed at preview time."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state", "account_id", "state"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    proposed_action_id: int | None = Field(
        default=None, foreign_key="proposed_actions.id", ondelete="SET NULL"
    )
    kind: str = Field(default="send", nullable=False)  # send | draft
    message_id_header: str = Field(unique=True, nullable=False)
    raw_mime: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    mime_sha256: str = Field(nullable=False)
    thread_id: str | None = None
    to_addrs: list[str] = _json()
    cc_addrs: list[str] = _json()
    bcc_addrs: list[str] = _json()
    subject: str = Field(default="", nullable=False)
    state: str = Field(default="queued", nullable=False)  # queued|sending|sent|failed|unknown
    gmail_message_id: str | None = None
    gmail_thread_id: str | None = None
    gmail_draft_id: str | None = None
    attempts: int = Field(default=0, nullable=False)
    last_error: str | None = None
    created_at: datetime = _created()
    updated_at: datetime = _created()
    sent_at: datetime | None = _time()


class Contact(SQLModel, table=True):
    """Someone the account exchanges mail with, and how much."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("account_id", "email"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    email: str = Field(nullable=False)
    name: str | None = None
    domain: str = Field(default="", nullable=False)
    sent_to_count: int = Field(default=0, nullable=False)
    received_count: int = Field(default=0, nullable=False)
    replied_count: int = Field(default=0, nullable=False)
    median_reply_hours: float | None = None
    last_sent_at: datetime | None = _time()
    last_received_at: datetime | None = _time()
    weight_adjustment: int = Field(default=0, nullable=False)
    updated_at: datetime = _created()


class PolicyRule(SQLModel, table=True):
    """A user rule: sender, domain, keyword or label → important, boost, demote or mute."""

    __tablename__ = "policy_rules"
    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="accounts.id", ondelete="CASCADE")
    match_type: str = Field(nullable=False)  # sender | domain | keyword | label
    pattern: str = Field(nullable=False)
    action: str = Field(nullable=False)  # important | boost | demote | mute
    points: int = Field(default=0, nullable=False)
    note: str | None = None
    enabled: bool = Field(default=True, nullable=False)
    created_at: datetime = _created()


class FeedbackEntry(SQLModel, table=True):
    """The user's verdict on an item or an action."""

    __tablename__ = "feedback_entries"
    __table_args__ = (Index("ix_feedback_target", "target_type", "target_id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    target_type: str = Field(nullable=False)  # work_item | action
    target_id: int = Field(nullable=False)
    verdict: str = Field(nullable=False)  # important | not_important | good | bad
    sender_email: str | None = None
    note: str | None = None
    created_at: datetime = _created()


class AuditLog(SQLModel, table=True):
    """An append-only record of one state change and who made it."""

    __tablename__ = "audit_logs"
    __table_args__ = (Index("ix_audit_entity", "entity_type", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="accounts.id", ondelete="SET NULL")
    actor: str = Field(nullable=False)  # user | sync | cron | app | system
    action: str = Field(nullable=False)
    entity_type: str = Field(nullable=False)
    entity_id: str | None = None
    detail: dict[str, Any] = _json(dict)
    created_at: datetime = _created()


class WorkflowRun(SQLModel, table=True):
    """One sync pass, scoring pass or command run."""

    __tablename__ = "workflow_runs"
    __table_args__ = (Index("ix_workflow_runs_started", "started_at"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="accounts.id", ondelete="SET NULL")
    kind: str = Field(nullable=False)  # sync | triage | command
    trigger: str = Field(default="cli", nullable=False)  # cli | app | cron
    status: str = Field(default="running", nullable=False)  # running | ok | partial | failed
    summary: dict[str, Any] = _json(dict)
    error: str | None = None
    started_at: datetime = _created()
    finished_at: datetime | None = _time()


class WorkflowEvent(SQLModel, table=True):
    """One step in a workflow run's timeline."""

    __tablename__ = "workflow_events"
    __table_args__ = (Index("ix_workflow_events_run", "workflow_run_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    workflow_run_id: int = Field(foreign_key="workflow_runs.id", nullable=False, ondelete="CASCADE")
    account_id: int | None = Field(default=None, foreign_key="accounts.id", ondelete="SET NULL")
    kind: str = Field(nullable=False)
    message: str = Field(default="", nullable=False)
    data: dict[str, Any] = _json(dict)
    created_at: datetime = _created()


class IngestionState(SQLModel, table=True):
    """Per account and source: cursor, last success and failure, backoff."""

    __tablename__ = "ingestion_state"
    __table_args__ = (UniqueConstraint("account_id", "source"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = _account()
    source: str = Field(nullable=False)  # gmail | calendar:<calendar id>
    cursor: str | None = None
    resume: dict[str, Any] = _json(dict)  # an unfinished full sync's position
    last_success_at: datetime | None = _time()
    last_attempt_at: datetime | None = _time()
    last_error: str | None = None
    consecutive_failures: int = Field(default=0, nullable=False)
    backoff_until: datetime | None = _time()
    updated_at: datetime = _created()


class LlmCall(SQLModel, table=True):
    """One language-model call (or cache hit) and its outcome."""

    __tablename__ = "llm_calls"
    __table_args__ = (Index("ix_llm_calls_cache", "purpose", "cache_key"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="accounts.id", ondelete="SET NULL")
    model: str = Field(nullable=False)
    purpose: str = Field(nullable=False)  # adjudicate | interpret | draft
    cache_key: str = Field(nullable=False)
    subject_ref: str | None = None  # which thread/event/run the model saw
    prompt_tokens: int = Field(default=0, nullable=False)
    completion_tokens: int = Field(default=0, nullable=False)
    latency_ms: int = Field(default=0, nullable=False)
    outcome: str = Field(nullable=False)  # ok | error | invalid | timeout
    error: str | None = None
    response: dict[str, Any] | None = Field(default=None, sa_type=JsonColumnType)
    created_at: datetime = _created()


ACCOUNT_TABLES = [
    "labels",
    "messages",
    "threads",
    "calendars",
    "calendar_events",
    "work_items",
    "gate_evaluations",
    "command_runs",
    "command_turns",
    "proposed_actions",
    "outbox",
    "contacts",
    "policy_rules",
    "feedback_entries",
    "audit_logs",
    "workflow_runs",
    "workflow_events",
    "ingestion_state",
    "llm_calls",
]
