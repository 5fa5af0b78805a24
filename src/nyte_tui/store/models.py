"""SQLModel tables of the mirror and bookkeeping: accounts, mail, calendars, contacts, runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from nyte_tui.store.types import (
    account_column,
    created_column,
    json_column,
    time_column,
)


class Account(SQLModel, table=True):
    """One connected Google account; secrets live in the secret store, never here."""

    __tablename__ = "accounts"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, nullable=False)
    display_name: str | None = None
    client_id: str | None = None
    scopes: list[str] = json_column()
    status: str = Field(default="active", nullable=False)  # active | needs_reauth | disabled
    status_reason: str | None = None
    token_expiry: datetime | None = time_column()
    connected_at: datetime = created_column()
    updated_at: datetime = created_column()


class Label(SQLModel, table=True):
    """A Gmail label of an account."""

    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("account_id", "label_id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
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
    account_id: int = account_column()
    gmail_id: str = Field(nullable=False)
    thread_id: str = Field(nullable=False)
    history_id: int = Field(default=0, nullable=False)
    internal_date: int = Field(default=0, nullable=False)  # ms since epoch (Google's acceptance)
    label_ids: list[str] = json_column()
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
    body_fetched_at: datetime | None = time_column()
    synced_at: datetime = created_column()


class Thread(SQLModel, table=True):
    """A Gmail thread as derived from its messages, kept current by sync."""

    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("account_id", "thread_id"),
        Index("ix_threads_last", "account_id", "last_message_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    thread_id: str = Field(nullable=False)
    subject: str | None = None
    message_count: int = Field(default=0, nullable=False)
    last_message_at: int = Field(default=0, nullable=False)  # ms since epoch
    last_from_email: str | None = None
    last_from_me: bool = Field(default=False, nullable=False)
    participants: list[str] = json_column()
    label_ids: list[str] = json_column()
    unread: bool = Field(default=False, nullable=False)
    content_hash: str | None = None
    triaged_hash: str | None = None
    updated_at: datetime = created_column()


class Calendar(SQLModel, table=True):
    """A calendar of an account and its sync position."""

    __tablename__ = "calendars"
    __table_args__ = (UniqueConstraint("account_id", "calendar_id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    calendar_id: str = Field(nullable=False)
    summary: str | None = None
    is_primary: bool = Field(default=False, nullable=False)
    time_zone: str | None = None
    access_role: str | None = None
    selected: bool = Field(default=True, nullable=False)
    synced: bool = Field(default=False, nullable=False)
    updated_at: datetime = created_column()


class CalendarEvent(SQLModel, table=True):
    """One (expanded) calendar event in the sync window."""

    __tablename__ = "calendar_events"
    __table_args__ = (
        UniqueConstraint("account_id", "calendar_id", "event_id"),
        Index("ix_events_start", "account_id", "start_at"),
        Index("ix_events_ical", "account_id", "ical_uid"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    calendar_id: str = Field(nullable=False)
    event_id: str = Field(nullable=False)
    ical_uid: str | None = None
    recurring_event_id: str | None = None
    status: str = Field(default="confirmed", nullable=False)
    summary: str | None = None
    description: str | None = None
    location: str | None = None
    start_at: datetime | None = time_column()
    end_at: datetime | None = time_column()
    time_zone: str | None = None
    all_day: bool = Field(default=False, nullable=False)
    start_date: str | None = None  # all-day events: YYYY-MM-DD
    end_date: str | None = None
    organizer_email: str | None = None
    organizer_name: str | None = None
    organizer_self: bool = Field(default=False, nullable=False)
    attendees: list[dict[str, Any]] = json_column()
    my_response_status: str | None = None  # needsAction | accepted | declined | tentative
    html_link: str | None = None
    etag: str | None = None
    updated: datetime | None = time_column()
    synced_at: datetime = created_column()


class Contact(SQLModel, table=True):
    """Someone the account exchanges mail with, and how much."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("account_id", "email"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    email: str = Field(nullable=False)
    name: str | None = None
    domain: str = Field(default="", nullable=False)
    sent_to_count: int = Field(default=0, nullable=False)
    received_count: int = Field(default=0, nullable=False)
    replied_count: int = Field(default=0, nullable=False)
    median_reply_hours: float | None = None
    last_sent_at: datetime | None = time_column()
    last_received_at: datetime | None = time_column()
    weight_adjustment: int = Field(default=0, nullable=False)
    updated_at: datetime = created_column()


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
    detail: dict[str, Any] = json_column(dict)
    created_at: datetime = created_column()


class WorkflowRun(SQLModel, table=True):
    """One sync pass, scoring pass or command run."""

    __tablename__ = "workflow_runs"
    __table_args__ = (Index("ix_workflow_runs_started", "started_at"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="accounts.id", ondelete="SET NULL")
    kind: str = Field(nullable=False)  # sync | triage | command
    trigger: str = Field(default="cli", nullable=False)  # cli | app | cron
    status: str = Field(default="running", nullable=False)  # running | ok | partial | failed
    summary: dict[str, Any] = json_column(dict)
    error: str | None = None
    started_at: datetime = created_column()
    finished_at: datetime | None = time_column()


class WorkflowEvent(SQLModel, table=True):
    """One step in a workflow run's timeline."""

    __tablename__ = "workflow_events"
    __table_args__ = (Index("ix_workflow_events_run", "workflow_run_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    workflow_run_id: int = Field(foreign_key="workflow_runs.id", nullable=False, ondelete="CASCADE")
    account_id: int | None = Field(default=None, foreign_key="accounts.id", ondelete="SET NULL")
    kind: str = Field(nullable=False)
    message: str = Field(default="", nullable=False)
    data: dict[str, Any] = json_column(dict)
    created_at: datetime = created_column()


class IngestionState(SQLModel, table=True):
    """Per account and source: cursor, last success and failure, backoff."""

    __tablename__ = "ingestion_state"
    __table_args__ = (UniqueConstraint("account_id", "source"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    source: str = Field(nullable=False)  # gmail | calendar:<calendar id>
    cursor: str | None = None
    resume: dict[str, Any] = json_column(dict)  # an unfinished full sync's position
    last_success_at: datetime | None = time_column()
    last_attempt_at: datetime | None = time_column()
    last_error: str | None = None
    consecutive_failures: int = Field(default=0, nullable=False)
    backoff_until: datetime | None = time_column()
    updated_at: datetime = created_column()


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
    "event_conflicts",
    "conflict_scans",
]
