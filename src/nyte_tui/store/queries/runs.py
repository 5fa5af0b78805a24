"""The SQL behind workflow runs: one row per sync, scoring or command pass, with a timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import WorkflowEvent, WorkflowRun
from nyte_tui.store.types import utcnow


def start_workflow_run(store: Store, kind: str, trigger: str, account_id: int | None = None) -> int:
    """Open a workflow run and return its id."""
    with store.session() as session:
        run = WorkflowRun(kind=kind, trigger=trigger, account_id=account_id)
        session.add(run)
        session.flush()
        return run.id or 0


def close_interrupted_runs(store: Store, kind: str) -> int:
    """Mark runs of a kind still "running" as interrupted (call only while holding the lock)."""
    with store.session() as session:
        runs = session.exec(
            select(WorkflowRun).where(WorkflowRun.kind == kind, WorkflowRun.status == "running")
        ).all()
        for run in runs:
            run.status = "interrupted"
            run.error = run.error or "the process ended before this pass finished"
            run.finished_at = utcnow()
            session.add(run)
        return len(runs)


def add_workflow_event(
    store: Store,
    run_id: int,
    kind: str,
    message: str,
    data: dict[str, Any] | None = None,
    account_id: int | None = None,
) -> None:
    """Append one event to a run's timeline."""
    with store.session() as session:
        session.add(
            WorkflowEvent(
                workflow_run_id=run_id,
                kind=kind,
                message=message,
                data=data or {},
                account_id=account_id,
            )
        )


def finish_workflow_run(
    store: Store, run_id: int, status: str, summary: dict[str, Any], error: str | None = None
) -> None:
    """Close a run with its outcome."""
    with store.session() as session:
        run = session.get(WorkflowRun, run_id)
        if run is None:
            return
        run.status = status
        run.summary = summary
        run.error = error
        run.finished_at = utcnow()
        session.add(run)


def recent_runs(store: Store, limit: int = 20, kind: str | None = None) -> list[dict[str, Any]]:
    """The latest workflow runs with their events, newest first."""
    with store.session() as session:
        query = select(WorkflowRun)
        if kind:
            query = query.where(WorkflowRun.kind == kind)
        runs = session.exec(query.order_by(col(WorkflowRun.id).desc()).limit(limit)).all()
        result = []
        for run in runs:
            events = session.exec(
                select(WorkflowEvent)
                .where(WorkflowEvent.workflow_run_id == run.id)
                .order_by(col(WorkflowEvent.id))
            ).all()
            result.append(
                {
                    "id": run.id,
                    "kind": run.kind,
                    "trigger": run.trigger,
                    "status": run.status,
                    "started_at": run.started_at,
                    "finished_at": run.finished_at,
                    "summary": run.summary,
                    "error": run.error,
                    "events": [
                        {"at": e.created_at, "kind": e.kind, "message": e.message, "data": e.data}
                        for e in events
                    ],
                }
            )
        return result


def last_sync_finished_at(store: Store) -> datetime | None:
    """When the latest successful or partial sync pass ended."""
    with store.session() as session:
        return session.exec(
            select(func.max(WorkflowRun.finished_at)).where(
                WorkflowRun.kind == "sync", col(WorkflowRun.status).in_(["ok", "partial"])
            )
        ).first()
