"""Confirm: run the one proposal the user saw, exactly once, and store what happened.

The whole confirm holds the writer lock. Email goes through the outbox (claimed before the
single POST, reconciled by Message-ID when the answer is lost); calendar writes are safe to
repeat (a client-chosen event id, absolute patches). A run left `executing` by a crash is
settled by `reconcile_runs` at the next start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from nyte_tui.config.paths import Paths
from nyte_tui.config.settings import Settings
from nyte_tui.errors import NeedsAnswer, NyteError
from nyte_tui.services.commands.calendar_exec import (
    CalendarFactory,
    default_calendar_factory,
    run_calendar_action,
    settle_calendar_action,
)
from nyte_tui.services.commands.run_view import run_view
from nyte_tui.services.run_views import RunView
from nyte_tui.services.sending.outbox import (
    CredentialsFor,
    credentials_factory,
    in_flight,
    in_flight_note,
    result_of,
)
from nyte_tui.services.sending.send import send_locked
from nyte_tui.services.session import opened_store
from nyte_tui.store.command_records import AuditNote, RunChange, RunRecord
from nyte_tui.store.db import Store
from nyte_tui.store.lock import writer_lock
from nyte_tui.store.queries import commands as qc
from nyte_tui.store.queries import outbox as qo
from nyte_tui.store.queries import runs as qr
from nyte_tui.store.queries.worklist import set_item_status
from nyte_tui.sync.gmail_send import in_flight_window

MAIL_KINDS = ("gmail.reply", "gmail.send", "gmail.draft")
DONE_ON_SUCCESS = ("gmail.reply", "calendar.rsvp")


def confirm(
    paths: Paths,
    settings: Settings,
    run_id: int,
    *,
    expect: str | None = None,
    actor: str = "user",
    credentials: CredentialsFor | None = None,
    calendar: CalendarFactory | None = None,
    lock_timeout: float | None = None,
    delay: float = 0.0,
    now: datetime | None = None,
) -> RunView:
    """Execute the run's proposal once; a second confirm returns the first result.

    With delay, a message is held in the outbox that many seconds (the undo window) and
    `send_scheduled` sends it; nothing else waits.
    """
    timeout = settings.sync.lock_wait if lock_timeout is None else lock_timeout
    with opened_store(paths) as store:
        _check(qc.get_run(store, run_id), run_id, expect)
        with writer_lock(paths, timeout, "command"):
            run = qc.get_run(store, run_id)
            assert run is not None
            if run.status in ("completed", "failed"):
                return run_view(run)
            creds = credentials or credentials_factory(paths, settings, "command")
            cal = calendar or default_calendar_factory(settings, creds)
            if run.status == "executing":  # a crash mid-way: settle, then go on if unsent
                run = _settle(store, run, creds, cal, settings, actor)
                if run.status != "awaiting_approval":
                    return _noted(store, settings, run)
            _check(run, run_id, expect)
            action = run.action
            assert action is not None
            claimed = qc.record_step(
                store,
                run_id,
                change=RunChange(status="executing"),
                turns=[("user", "confirm", {"hash": run.proposal_hash})],
                audit=[AuditNote(actor, "command.confirmed", {"hash": run.proposal_hash})],
                event=("command.confirmed", action.summary, {"kind": action.kind}),
                expected_status=("awaiting_approval",),
            )
            if not claimed:
                return run_view(qc.get_run(store, run_id) or run)
            if action.kind in MAIL_KINDS and delay > 0:
                return _schedule(store, run_id, action.payload, delay, now, actor)
            if action.kind in MAIL_KINDS:
                outcome = _send(store, settings, action.payload, creds, actor)
            else:
                qc.set_action_status(
                    store, action.id, "executing", expected=("pending",), actor=actor
                )
                outcome = run_calendar_action(store, settings, run, action, cal, actor)
            return _finish(store, run_id, outcome, actor)


def _noted(store: Store, settings: Settings, run: RunRecord) -> RunView:
    """The run's view; a message whose send may still be in flight says so."""
    view = run_view(run)
    action = run.action
    if run.status != "executing" or action is None or action.kind not in MAIL_KINDS:
        return view
    row = qo.get_outbox(store, int(action.payload.get("outbox_id") or 0))
    window = in_flight_window(settings.send.timeout)
    if row is not None and in_flight(row, window):
        return replace(view, notice=in_flight_note(row, window))
    if row is not None and row.state == "unknown":
        return replace(view, notice=result_of(row).note)
    return view


def _schedule(
    store: Store,
    run_id: int,
    payload: dict[str, Any],
    delay: float,
    now: datetime | None,
    actor: str,
) -> RunView:
    """Hold the message in the outbox for the undo window; the run waits, nothing is sent."""
    send_at = (now or datetime.now(UTC)) + timedelta(seconds=delay)
    qo.set_send_after(store, int(payload["outbox_id"]), send_at)
    result = {
        "state": "scheduled",
        "send_at": send_at.isoformat(),
        "outbox_id": payload["outbox_id"],
    }
    qc.record_step(
        store,
        run_id,
        change=RunChange(result=result),
        turns=[("nyte", f"sending in {delay:g} s", {"result": result})],
        audit=[AuditNote(actor, "command.scheduled", result)],
        event=("command.scheduled", f"sending at {send_at.isoformat()}", result),
    )
    view = run_view(qc.get_run(store, run_id) or _missing(run_id))
    return view


def _missing(run_id: int) -> RunRecord:
    """A run that vanished under us is an error."""
    raise NyteError(f"no command run {run_id}")


def send_scheduled(
    paths: Paths,
    settings: Settings,
    run_id: int,
    *,
    credentials: CredentialsFor | None = None,
    lock_timeout: float | None = None,
    now: datetime | None = None,
    actor: str = "user",
) -> RunView:
    """Send a held message once its undo window is over (early or undone: nothing happens)."""
    timeout = settings.sync.lock_wait if lock_timeout is None else lock_timeout
    with opened_store(paths) as store, writer_lock(paths, timeout, "command"):
        run = qc.get_run(store, run_id)
        if run is None:
            raise NyteError(f"no command run {run_id}; see `nyte command list`")
        result = run.result or {}
        if run.status != "executing" or result.get("state") != "scheduled" or run.action is None:
            return run_view(run)
        row = qo.get_outbox(store, int(run.action.payload["outbox_id"]))
        moment = now or datetime.now(UTC)
        if row is None or row.send_after is None or row.send_after > moment:
            return run_view(run)
        creds = credentials or credentials_factory(paths, settings, "command")
        outcome = _send(store, settings, run.action.payload, creds, actor)
        return _finish(store, run_id, outcome, actor)


def undo(paths: Paths, settings: Settings, run_id: int, *, actor: str = "user") -> RunView:
    """Stop a held message before it leaves; the run goes back to its proposal."""
    with opened_store(paths) as store:
        run = qc.get_run(store, run_id)
        if run is None:
            raise NyteError(f"no command run {run_id}; see `nyte command list`")
        result = run.result or {}
        if run.status != "executing" or result.get("state") != "scheduled" or run.action is None:
            raise NyteError(f"run {run_id} has nothing waiting to be sent ({run.status})")
        held = qo.set_send_after(
            store, int(run.action.payload["outbox_id"]), None, only_if_scheduled=True
        )
        if not held:
            raise NyteError(f"too late: run {run_id}'s message is already on its way")
        qc.record_step(
            store,
            run_id,
            change=RunChange(status="awaiting_approval", result={"state": "undone"}),
            turns=[("user", "undo", {})],
            audit=[AuditNote(actor, "command.undone", {})],
            event=("command.undone", "undone before sending", {}),
        )
        return run_view(qc.get_run(store, run_id) or run)


def _check(run: RunRecord | None, run_id: int, expect: str | None) -> None:
    """Refuse a confirm that is not about exactly the proposal last shown."""
    if run is None:
        raise NyteError(f"no command run {run_id}; see `nyte command list`")
    if run.status in ("completed", "failed", "executing"):
        return
    if run.status == "cancelled":
        raise NyteError(f"run {run_id} was cancelled; nothing was done")
    if run.status == "awaiting_follow_up":
        raise NeedsAnswer(
            f"run {run_id} needs an answer first: {run.question} "
            f'(answer with `nyte command respond {run_id} "…"`)'
        )
    if expect and expect != run.proposal_hash:
        raise NeedsAnswer(
            f"run {run_id}'s proposal changed since you saw it (now {run.proposal_hash}); "
            f"review it with `nyte command show {run_id}` and confirm again"
        )
    if run.shown_hash != run.proposal_hash:
        raise NeedsAnswer(
            f"run {run_id}'s proposal changed since it was shown; review it with "
            f"`nyte command show {run_id}` and confirm again"
        )


def _send(
    store: Store,
    settings: Settings,
    payload: dict[str, Any],
    creds: CredentialsFor,
    actor: str,
) -> dict[str, Any]:
    """Send (or save as a draft) the previewed bytes through the outbox."""
    outbox_id = int(payload["outbox_id"])
    try:
        result = send_locked(store, settings, outbox_id, creds, actor)
    except NyteError as exc:  # provably not sent: the run can be confirmed again
        return {"state": "not_sent", "error": str(exc)}
    row = qo.get_outbox(store, outbox_id)
    return {
        "state": result.state,
        "outbox_id": outbox_id,
        "message_id": result.message_id,
        "gmail_id": result.gmail_id,
        "thread_id": result.gmail_thread_id,
        "in_thread": bool(payload.get("thread_id")),
        "draft_id": row.gmail_draft_id if row is not None else None,
        "note": result.note,
    }


def _finish(store: Store, run_id: int, outcome: dict[str, Any], actor: str) -> RunView:
    """Store the result; a definite success also closes the item the run answered."""
    state = str(outcome.get("state"))
    run = qc.get_run(store, run_id)
    assert run is not None
    if state in ("sent", "drafted", "done"):
        status, error = "completed", None
    elif state == "not_sent":
        status, error = "awaiting_approval", str(outcome.get("error"))
    elif state in ("sending", "unknown"):  # not known yet: never "failed", it may be in Sent
        status, error = "executing", str(outcome.get("note") or "")
    else:
        status, error = "failed", str(outcome.get("error") or outcome.get("note") or state)
    qc.record_step(
        store,
        run_id,
        change=RunChange(status=status, result=outcome, error=error),
        turns=[("nyte", _said(outcome, status), {"result": outcome})],
        audit=[AuditNote(actor, f"command.{status}", {"result": outcome})],
        event=(f"command.{status}", _said(outcome, status), outcome),
    )
    if status == "completed":
        _after_success(store, run, outcome, actor)
    return run_view(qc.get_run(store, run_id) or run)


def _said(outcome: dict[str, Any], status: str) -> str:
    """One line about the result."""
    if status == "completed":
        if outcome.get("gmail_id"):
            where = " in the thread" if outcome.get("in_thread") else ""
            return f"sent{where} (Gmail id {outcome['gmail_id']})"
        if outcome.get("draft_id"):
            return f"draft saved in Gmail (draft {outcome['draft_id']})"
        return str(outcome.get("note") or "done")
    return str(outcome.get("error") or outcome.get("note") or status)


def _after_success(store: Store, run: RunRecord, outcome: dict[str, Any], actor: str) -> None:
    """Mark the answered item done and the triage proposal it came from executed."""
    action = run.action
    if action is not None and action.kind in DONE_ON_SUCCESS and run.work_item_id is not None:
        set_item_status(store, run.work_item_id, "done", actor=actor)
    source = run.state.get("source_action_id")
    if isinstance(source, int):
        qc.set_action_status(
            store, source, "executed", expected=("pending",), result=outcome, actor=actor
        )
    if run.workflow_run_id:
        qr.finish_workflow_run(store, run.workflow_run_id, "ok", {"run_id": run.id, **outcome})


def _settle(
    store: Store,
    run: RunRecord,
    creds: CredentialsFor,
    calendar: CalendarFactory,
    settings: Settings,
    actor: str,
) -> RunRecord:
    """Decide what a run left `executing` did, from the outbox or the calendar itself."""
    action = run.action
    if action is None:
        return run
    if action.kind in MAIL_KINDS:
        row = qo.get_outbox(store, int(action.payload.get("outbox_id") or 0))
        if row is None:
            return run
        if row.state == "queued" and row.send_after and row.send_after > datetime.now(UTC):
            return run  # held for its undo window: the app sends it when the window ends
        if row.state == "queued":  # never claimed: nothing left the machine
            outcome: dict[str, Any] = {"state": "not_sent", "error": "interrupted before sending"}
        elif row.state == "sending":
            return run  # still in flight or unchecked: the outbox reconcile decides first
        else:
            outcome = _send(store, settings, action.payload, creds, actor)
            if outcome["state"] == "unknown" and run.error:
                return run  # nothing new since the last look: record nothing
    else:
        outcome = settle_calendar_action(store, settings, run, action, calendar)
    _finish(store, run.id, outcome, "reconcile")
    return qc.get_run(store, run.id) or run


def reconcile_runs(
    paths: Paths,
    settings: Settings,
    *,
    credentials: CredentialsFor | None = None,
    calendar: CalendarFactory | None = None,
    store: Store | None = None,
    lock_timeout: float | None = None,
) -> list[RunView]:
    """Settle runs a crashed process left `executing` (under the writer lock; never re-sends)."""
    with opened_store(paths, store) as db:
        stuck = qc.list_runs(db, limit=100, statuses=("executing",))
        if not stuck:
            return []
        timeout = settings.sync.lock_wait if lock_timeout is None else lock_timeout
        creds = credentials or credentials_factory(paths, settings, "reconcile")
        cal = calendar or default_calendar_factory(settings, creds)
        settled: list[RunView] = []
        with writer_lock(paths, timeout, "reconcile"):
            for run in qc.list_runs(db, limit=100, statuses=("executing",)):
                full = qc.get_run(db, run.id)
                if full is not None:
                    settled.append(run_view(_settle(db, full, creds, cal, settings, "reconcile")))
        return settled


ReconcileHook = Callable[..., list[RunView]]
