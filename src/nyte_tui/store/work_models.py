"""SQLModel tables of the work nyte does: items, gates, commands, proposals, outbox, rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from nyte_tui.store.types import (
    JsonColumnType,
    account_column,
    created_column,
    json_column,
    time_column,
)


class WorkItem(SQLModel, table=True):
    """One thing that may need the user: one per Gmail thread or calendar event."""

    __tablename__ = "work_items"
    __table_args__ = (
        UniqueConstraint("account_id", "source", "source_key"),
        Index("ix_work_items_important", "status", "score", "last_activity_at"),
        Index("ix_work_items_thread", "account_id", "thread_id"),
        Index("ix_work_items_rescore", "account_id", "rescore_at"),
        Index(
            "ix_work_items_listed",
            "score",
            "last_activity_at",
            sqlite_where=text("status IN ('open', 'snoozed')"),
        ),
        Index("ix_work_items_rank", "score", "last_activity_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
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
    snoozed_until: datetime | None = time_column()
    score: int = Field(default=0, nullable=False)
    rule_score: int = Field(default=0, nullable=False)
    model_score: int | None = None
    tier: str = Field(default="later", nullable=False)
    reason: str = Field(default="", nullable=False)
    warning: str | None = None  # phishing | scam: shown instead of a task
    score_version: str = Field(default="", nullable=False)
    content_hash: str | None = None
    dismissed_hash: str | None = None
    due_at: datetime | None = time_column()
    last_activity_at: datetime | None = time_column()
    rescore_at: datetime | None = time_column()  # when time alone may change the score
    created_at: datetime = created_column()
    updated_at: datetime = created_column()


class GateEvaluation(SQLModel, table=True):
    """One gate's verdict on one work item."""

    __tablename__ = "gate_evaluations"
    __table_args__ = (UniqueConstraint("work_item_id", "gate"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    work_item_id: int = Field(foreign_key="work_items.id", nullable=False, ondelete="CASCADE")
    gate: str = Field(nullable=False)  # decision | time | relationship | impact | watch
    matched: bool = Field(default=False, nullable=False)
    points: int = Field(default=0, nullable=False)
    reason: str = Field(default="", nullable=False)
    evaluated_at: datetime = created_column()


class EventConflict(SQLModel, table=True):
    """One clash of a calendar event with another, found by the triage pass's sweep."""

    __tablename__ = "event_conflicts"
    __table_args__ = (UniqueConstraint("account_id", "event_key", "other_key"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    event_key: str = Field(nullable=False)  # calendar id + "/" + event id
    position: int = Field(nullable=False)  # the order the clashing titles are shown in
    other_key: str = Field(nullable=False)
    other_title: str = Field(nullable=False)


class ConflictScan(SQLModel, table=True):
    """The window an account's conflicts were last computed for."""

    __tablename__ = "conflict_scans"
    account_id: int = Field(primary_key=True, foreign_key="accounts.id", ondelete="CASCADE")
    window_start: datetime = time_column(nullable=False)
    window_end: datetime = time_column(nullable=False)
    scanned_at: datetime = created_column()


class CommandRun(SQLModel, table=True):
    """One command conversation: instruction, follow-ups, proposal and result."""

    __tablename__ = "command_runs"
    __table_args__ = (
        Index("ix_command_runs_status", "account_id", "status"),
        Index("ix_command_runs_recent", "account_id", "updated_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    work_item_id: int | None = Field(default=None, foreign_key="work_items.id", ondelete="SET NULL")
    instruction: str = Field(nullable=False)
    status: str = Field(default="open", nullable=False)
    question: str | None = None
    risk: str | None = None
    interpreter: str = Field(default="offline", nullable=False)
    result: dict[str, Any] | None = Field(default=None, sa_type=JsonColumnType)
    state: dict[str, Any] = json_column(dict)
    revision: int = Field(default=0, nullable=False)
    proposal_hash: str | None = None
    shown_hash: str | None = None
    error: str | None = None
    workflow_run_id: int | None = Field(
        default=None, foreign_key="workflow_runs.id", ondelete="SET NULL"
    )
    created_at: datetime = created_column()
    updated_at: datetime = created_column()


class CommandTurn(SQLModel, table=True):
    """One turn of a command conversation."""

    __tablename__ = "command_turns"
    __table_args__ = (UniqueConstraint("command_run_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    command_run_id: int = Field(foreign_key="command_runs.id", nullable=False, ondelete="CASCADE")
    seq: int = Field(nullable=False)
    role: str = Field(nullable=False)  # user | nyte
    text: str = Field(default="", nullable=False)
    data: dict[str, Any] = json_column(dict)
    created_at: datetime = created_column()


class ProposedAction(SQLModel, table=True):
    """A concrete thing nyte could do, with a stable idempotency key."""

    __tablename__ = "proposed_actions"
    __table_args__ = (
        Index("ix_actions_status", "account_id", "status"),
        Index("ix_actions_item", "work_item_id", "status"),
        Index("ix_actions_run", "command_run_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    work_item_id: int | None = Field(default=None, foreign_key="work_items.id", ondelete="SET NULL")
    command_run_id: int | None = Field(
        default=None, foreign_key="command_runs.id", ondelete="SET NULL"
    )
    kind: str = Field(nullable=False)  # gmail.reply | gmail.send | gmail.draft | calendar.*
    payload: dict[str, Any] = json_column(dict)
    summary: str = Field(default="", nullable=False)
    preview: str = Field(default="", nullable=False)
    risk: str = Field(default="low", nullable=False)
    status: str = Field(default="pending", nullable=False)
    idempotency_key: str = Field(unique=True, nullable=False)
    result: dict[str, Any] | None = Field(default=None, sa_type=JsonColumnType)
    error: str | None = None
    created_at: datetime = created_column()
    updated_at: datetime = created_column()
    executed_at: datetime | None = time_column()


class OutboxEntry(SQLModel, table=True):
    """A send or draft whose exact MIME bytes were fixed at preview time."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state", "account_id", "state"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    proposed_action_id: int | None = Field(
        default=None, foreign_key="proposed_actions.id", ondelete="SET NULL"
    )
    kind: str = Field(default="send", nullable=False)  # send | draft
    message_id_header: str = Field(unique=True, nullable=False)
    raw_mime: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    mime_sha256: str = Field(nullable=False)
    thread_id: str | None = None
    to_addrs: list[str] = json_column()
    cc_addrs: list[str] = json_column()
    bcc_addrs: list[str] = json_column()
    subject: str = Field(default="", nullable=False)
    state: str = Field(default="queued", nullable=False)  # queued|sending|sent|failed|unknown
    gmail_message_id: str | None = None
    gmail_thread_id: str | None = None
    gmail_draft_id: str | None = None
    attempts: int = Field(default=0, nullable=False)
    last_error: str | None = None
    created_at: datetime = created_column()
    updated_at: datetime = created_column()
    sent_at: datetime | None = time_column()
    send_after: datetime | None = time_column()
    claimed_at: datetime | None = time_column()


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
    created_at: datetime = created_column()


class FeedbackEntry(SQLModel, table=True):
    """The user's verdict on an item or an action."""

    __tablename__ = "feedback_entries"
    __table_args__ = (Index("ix_feedback_target", "target_type", "target_id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = account_column()
    target_type: str = Field(nullable=False)  # work_item | action
    target_id: int = Field(nullable=False)
    verdict: str = Field(nullable=False)  # important | not_important | good | bad
    sender_email: str | None = None
    note: str | None = None
    created_at: datetime = created_column()


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
    created_at: datetime = created_column()
