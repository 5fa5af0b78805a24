"""The SQL of the command conversation: runs, turns, proposed actions, each step in one commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from nyte_tui.store.command_records import (
    ActionRecord,
    AuditNote,
    NewAction,
    RunChange,
    RunRecord,
    TurnRecord,
)
from nyte_tui.store.db import Store
from nyte_tui.store.models import Account, AuditLog, WorkflowEvent
from nyte_tui.store.types import utcnow
from nyte_tui.store.work_models import CommandRun, CommandTurn, OutboxEntry, ProposedAction

LIVE_ACTION_STATES = ("pending", "executing", "executed", "failed")


def _action(row: ProposedAction, account: str) -> ActionRecord:
    """A plain record of an action row."""
    return ActionRecord(
        id=row.id or 0,
        account_id=row.account_id,
        account=account,
        work_item_id=row.work_item_id,
        command_run_id=row.command_run_id,
        kind=row.kind,
        payload=dict(row.payload or {}),
        summary=row.summary,
        preview=row.preview,
        risk=row.risk,
        status=row.status,
        idempotency_key=row.idempotency_key,
        result=dict(row.result) if row.result is not None else None,
        error=row.error,
        created_at=row.created_at,
        updated_at=row.updated_at,
        executed_at=row.executed_at,
    )


def _current_action(session: Session, run_id: int) -> ProposedAction | None:
    """The run's newest proposal that was not superseded."""
    return session.exec(
        select(ProposedAction)
        .where(
            ProposedAction.command_run_id == run_id,
            col(ProposedAction.status).in_((*LIVE_ACTION_STATES, "dismissed")),
        )
        .order_by(col(ProposedAction.id).desc())
    ).first()


def _run(session: Session, row: CommandRun, with_turns: bool) -> RunRecord:
    """A plain record of a run with its current proposal (and turns when asked)."""
    account = session.get(Account, row.account_id)
    email = account.email if account is not None else ""
    action = _current_action(session, row.id or 0)
    turns: list[TurnRecord] = []
    if with_turns:
        turns = [
            TurnRecord(t.seq, t.role, t.text, dict(t.data or {}), t.created_at)
            for t in session.exec(
                select(CommandTurn)
                .where(CommandTurn.command_run_id == row.id)
                .order_by(col(CommandTurn.seq))
            )
        ]
    return RunRecord(
        id=row.id or 0,
        account_id=row.account_id,
        account=email,
        work_item_id=row.work_item_id,
        instruction=row.instruction,
        status=row.status,
        question=row.question,
        risk=row.risk,
        interpreter=row.interpreter,
        result=dict(row.result) if row.result is not None else None,
        state=dict(row.state or {}),
        revision=row.revision,
        proposal_hash=row.proposal_hash,
        shown_hash=row.shown_hash,
        error=row.error,
        workflow_run_id=row.workflow_run_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        action=_action(action, email) if action is not None else None,
        turns=turns,
    )


def create_run(
    store: Store,
    *,
    account_id: int,
    work_item_id: int | None,
    instruction: str,
    interpreter: str,
    workflow_run_id: int | None,
) -> int:
    """Open a run (status awaiting_follow_up until its first step is written)."""
    with store.session() as session:
        run = CommandRun(
            account_id=account_id,
            work_item_id=work_item_id,
            instruction=instruction,
            status="awaiting_follow_up",
            interpreter=interpreter,
            workflow_run_id=workflow_run_id,
        )
        session.add(run)
        session.flush()
        return run.id or 0


def get_run(store: Store, run_id: int, *, with_turns: bool = False) -> RunRecord | None:
    """A run by id, with its current proposal."""
    with store.session() as session:
        row = session.get(CommandRun, run_id)
        return _run(session, row, with_turns) if row is not None else None


def list_runs(
    store: Store, *, limit: int = 20, statuses: Sequence[str] | None = None
) -> list[RunRecord]:
    """The latest runs, newest first."""
    with store.session() as session:
        query = select(CommandRun)
        if statuses:
            query = query.where(col(CommandRun.status).in_(list(statuses)))
        rows = session.exec(query.order_by(col(CommandRun.id).desc()).limit(limit)).all()
        return [_run(session, row, False) for row in rows]


def record_step(
    store: Store,
    run_id: int,
    *,
    change: RunChange,
    turns: Sequence[tuple[str, str, dict[str, Any]]] = (),
    action: NewAction | None = None,
    audit: Sequence[AuditNote] = (),
    event: tuple[str, str, dict[str, Any]] | None = None,
    expected_status: Sequence[str] | None = None,
    attach_action_id: int | None = None,
    attach_payload: dict[str, Any] | None = None,
    dismiss_pending: bool = False,
) -> bool:
    """Write one step of a run in one transaction: run fields, turns, a new proposal, audit.

    With expected_status the step is written only if the run is in one of those states (a
    compare-and-swap); the answer says whether it was written.
    """
    with store.session() as session:
        run = session.get(CommandRun, run_id)
        if run is None:
            return False
        if expected_status is not None and run.status not in expected_status:
            return False
        now = utcnow()
        if action is not None or attach_action_id is not None or dismiss_pending:
            _retire_pending(
                session,
                run_id,
                now,
                "dismissed" if dismiss_pending else "superseded",
                keep=attach_action_id,
            )
        if attach_action_id is not None:
            attached = session.get(ProposedAction, attach_action_id)
            if attached is not None:
                attached.command_run_id = run_id
                attached.work_item_id = attached.work_item_id or run.work_item_id
                if attach_payload is not None:
                    attached.payload = {**dict(attached.payload or {}), **attach_payload}
                attached.updated_at = now
                session.add(attached)
        if action is not None:
            session.add(
                ProposedAction(
                    account_id=run.account_id,
                    work_item_id=run.work_item_id,
                    command_run_id=run_id,
                    kind=action.kind,
                    payload=action.payload,
                    summary=action.summary,
                    preview=action.preview,
                    risk=action.risk,
                    status="pending",
                    idempotency_key=action.idempotency_key,
                )
            )
        _apply(run, change)
        run.updated_at = now
        session.add(run)
        seq = session.exec(
            select(func.coalesce(func.max(CommandTurn.seq), 0)).where(
                CommandTurn.command_run_id == run_id
            )
        ).one()
        for offset, (role, text, data) in enumerate(turns, start=1):
            session.add(
                CommandTurn(
                    account_id=run.account_id,
                    command_run_id=run_id,
                    seq=int(seq) + offset,
                    role=role,
                    text=text,
                    data=data,
                )
            )
        for note in audit:
            session.add(
                AuditLog(
                    account_id=run.account_id,
                    actor=note.actor,
                    action=note.action,
                    entity_type="command_run",
                    entity_id=str(run_id),
                    detail=note.detail,
                )
            )
        if event is not None and run.workflow_run_id is not None:
            kind, message, data = event
            session.add(
                WorkflowEvent(
                    workflow_run_id=run.workflow_run_id,
                    account_id=run.account_id,
                    kind=kind,
                    message=message,
                    data=data,
                )
            )
        return True


def _retire_pending(
    session: Session, run_id: int, now: datetime, status: str, keep: int | None
) -> None:
    """Retire a run's pending proposals; a message they prepared is cancelled, never sent."""
    for old in session.exec(
        select(ProposedAction).where(
            ProposedAction.command_run_id == run_id, ProposedAction.status == "pending"
        )
    ):
        if old.id == keep:
            continue
        old.status = status
        old.updated_at = now
        session.add(old)
        for entry in session.exec(
            select(OutboxEntry).where(
                OutboxEntry.proposed_action_id == old.id, OutboxEntry.state == "queued"
            )
        ):
            entry.state = "cancelled"
            entry.updated_at = now
            session.add(entry)


def _apply(run: CommandRun, change: RunChange) -> None:
    """Copy the set fields of a change onto the run row."""
    for name in (
        "status",
        "risk",
        "interpreter",
        "result",
        "state",
        "revision",
        "proposal_hash",
        "shown_hash",
        "error",
    ):
        value = getattr(change, name)
        if value is not None:
            setattr(run, name, value)
    if change.clear_question:
        run.question = None
    elif change.question is not None:
        run.question = change.question


def set_action_status(
    store: Store,
    action_id: int,
    status: str,
    *,
    expected: Sequence[str],
    result: dict[str, Any] | None = None,
    error: str | None = None,
    actor: str = "user",
) -> bool:
    """Move an action to status if it is in one of the expected states (audited)."""
    with store.session() as session:
        row = session.get(ProposedAction, action_id)
        if row is None or row.status not in expected:
            return False
        now = utcnow()
        previous = row.status
        row.status = status
        row.updated_at = now
        if result is not None:
            row.result = result
        if error is not None:
            row.error = error
        if status == "executed":
            row.executed_at = now
        session.add(row)
        session.add(
            AuditLog(
                account_id=row.account_id,
                actor=actor,
                action=f"action.{status}",
                entity_type="proposed_action",
                entity_id=str(action_id),
                detail={"kind": row.kind, "previous": previous},
            )
        )
        return True


def get_action(store: Store, action_id: int) -> ActionRecord | None:
    """A proposed action by id."""
    with store.session() as session:
        row = session.get(ProposedAction, action_id)
        if row is None:
            return None
        account = session.get(Account, row.account_id)
        return _action(row, account.email if account is not None else "")


def list_actions(
    store: Store, *, statuses: Sequence[str] = ("pending",), limit: int = 50
) -> list[ActionRecord]:
    """Proposed actions in the given states, newest first (superseded revisions left out)."""
    with store.session() as session:
        rows = session.exec(
            select(ProposedAction, Account.email)
            .join(Account, col(Account.id) == ProposedAction.account_id)
            .where(col(ProposedAction.status).in_(list(statuses)))
            .order_by(col(ProposedAction.id).desc())
            .limit(limit)
        ).all()
        return [_action(row, email) for row, email in rows]


def runs_for_action(store: Store, action_id: int) -> list[int]:
    """Runs started from a triage proposal (recorded in the run's state)."""
    with store.session() as session:
        rows = session.exec(
            select(CommandRun.id)
            .where(func.json_extract(CommandRun.state, "$.source_action_id") == action_id)
            .order_by(col(CommandRun.id).desc())
        ).all()
        return [int(run_id or 0) for run_id in rows]
