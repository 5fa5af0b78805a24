"""Plain records of the command conversation: runs, their turns and their proposed actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class TurnRecord:
    """One turn of a run: who spoke, what they said, and structured data."""

    seq: int
    role: str
    text: str
    data: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class ActionRecord:
    """A proposed action: what confirm would do, its risk, state and result."""

    id: int
    account_id: int
    account: str
    work_item_id: int | None
    command_run_id: int | None
    kind: str
    payload: dict[str, Any]
    summary: str
    preview: str
    risk: str
    status: str
    idempotency_key: str
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    executed_at: datetime | None


@dataclass(frozen=True)
class RunRecord:
    """A command run with its current proposal (if any)."""

    id: int
    account_id: int
    account: str
    work_item_id: int | None
    instruction: str
    status: str
    question: str | None
    risk: str | None
    interpreter: str
    result: dict[str, Any] | None
    state: dict[str, Any]
    revision: int
    proposal_hash: str | None
    shown_hash: str | None
    error: str | None
    workflow_run_id: int | None
    created_at: datetime
    updated_at: datetime
    action: ActionRecord | None = None
    turns: list[TurnRecord] = field(default_factory=list)


@dataclass(frozen=True)
class RunChange:
    """Fields of a run to write in one step (None leaves a field as it is)."""

    status: str | None = None
    question: str | None = None
    clear_question: bool = False
    risk: str | None = None
    interpreter: str | None = None
    result: dict[str, Any] | None = None
    state: dict[str, Any] | None = None
    revision: int | None = None
    proposal_hash: str | None = None
    shown_hash: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class NewAction:
    """A proposed action to store as the run's current proposal."""

    kind: str
    payload: dict[str, Any]
    summary: str
    preview: str
    risk: str
    idempotency_key: str


@dataclass(frozen=True)
class AuditNote:
    """One audit entry written with a step."""

    actor: str
    action: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditRecord:
    """One audit-log entry with the address of its account."""

    id: int
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    account: str | None
    detail: dict[str, Any]
