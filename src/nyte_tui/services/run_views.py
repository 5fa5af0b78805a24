"""The view types of the command conversation: a run, its proposal, its turns and result.

`services.views_json.to_json` makes the documented `nyte command --json` shape from them:
`{"run_id", "status", "question", "proposal": {"kind", "payload", "preview", "risk",
"flags"}, "result"}` plus fields scripts may also use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

RUN_STATUSES = (
    "awaiting_follow_up",
    "awaiting_approval",
    "executing",
    "completed",
    "failed",
    "cancelled",
)


@dataclass(frozen=True)
class CommandProposalView:
    """What confirm would do, exactly as shown to the user."""

    kind: str
    payload: Mapping[str, Any]
    preview: str
    risk: str
    flags: tuple[str, ...]
    summary: str
    hash: str
    action_id: int | None


@dataclass(frozen=True)
class TurnView:
    """One turn of the conversation."""

    seq: int
    role: str
    text: str
    at: datetime


@dataclass(frozen=True)
class RunView:
    """One command run: its state, the open question or the proposal, and the result."""

    run_id: int
    status: str
    question: str | None
    proposal: CommandProposalView | None
    result: Mapping[str, Any] | None
    instruction: str
    account: str
    item_id: int | None
    interpreter: str
    revision: int
    changed: str | None = None
    notice: str | None = None
    unparsed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    missing: str | None = None
    error: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    turns: tuple[TurnView, ...] = ()

    @property
    def needs_answer(self) -> bool:
        """Whether the run waits for the user's answer to its question."""
        return self.status == "awaiting_follow_up"


@dataclass(frozen=True)
class RunList:
    """Recent runs, newest first."""

    runs: tuple[RunView, ...]


@dataclass(frozen=True)
class ActionView:
    """A proposed action (from triage or a run) as `nyte actions list` shows it."""

    id: int
    kind: str
    status: str
    summary: str
    risk: str
    item_id: int | None
    run_id: int | None
    account: str
    payload: Mapping[str, Any]
    result: Mapping[str, Any] | None
    created_at: datetime | None


@dataclass(frozen=True)
class ActionList:
    """Proposed actions, newest first."""

    actions: tuple[ActionView, ...]


@dataclass(frozen=True)
class AuditEntryView:
    """One audit-log entry."""

    id: int
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    account: str | None
    detail: Mapping[str, Any]


@dataclass(frozen=True)
class AuditView:
    """The latest audit entries, newest first."""

    entries: tuple[AuditEntryView, ...]
