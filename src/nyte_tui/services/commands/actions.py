"""Proposed actions from triage (a reply, a nudge, an RSVP): list, approve, dismiss, feedback.

Approving starts a command run from the proposal, so it goes through the same preview →
confirm as anything the user types; approving again returns the same run (or its result).
"""

from __future__ import annotations

from dataclasses import replace

from nyte_tui.commands import Intent
from nyte_tui.config.paths import Paths
from nyte_tui.config.settings import Settings
from nyte_tui.errors import NyteError, UsageError
from nyte_tui.services.commands.context import build_scope
from nyte_tui.services.commands.run_view import run_view
from nyte_tui.services.commands.runs import cancel, preview
from nyte_tui.services.run_views import ActionList, ActionView, RunView
from nyte_tui.services.sending.outbox import CredentialsFor
from nyte_tui.services.session import opened_store
from nyte_tui.store.command_records import ActionRecord
from nyte_tui.store.queries import commands as qc
from nyte_tui.store.queries.worklist import set_action_feedback

NUDGE = "Just following up on my message below. Is there any news?"
VERDICTS = ("good", "bad")


def action_view(action: ActionRecord) -> ActionView:
    """One action as a view."""
    return ActionView(
        id=action.id,
        kind=action.kind,
        status=action.status,
        summary=action.summary,
        risk=action.risk,
        item_id=action.work_item_id,
        run_id=action.command_run_id,
        account=action.account,
        payload=action.payload,
        result=action.result,
        created_at=action.created_at,
    )


def list_actions(paths: Paths, *, include_done: bool = False, limit: int = 50) -> ActionList:
    """Pending proposals (and, with include_done, executed and dismissed ones)."""
    statuses = (
        ("pending", "executing", "executed", "dismissed", "failed")
        if include_done
        else ("pending",)
    )
    with opened_store(paths) as store:
        rows = qc.list_actions(store, statuses=statuses, limit=limit)
    return ActionList(
        tuple(action_view(a) for a in rows if a.command_run_id is None or include_done)
    )


def _triage_action(paths: Paths, action_id: int) -> ActionRecord:
    """A proposal triage made, or a clear error."""
    with opened_store(paths) as store:
        action = qc.get_action(store, action_id)
    if action is None:
        raise NyteError(f"no action {action_id}; see `nyte actions list`")
    return action


def approve(
    paths: Paths,
    settings: Settings,
    action_id: int,
    *,
    actor: str = "user",
    credentials: CredentialsFor | None = None,
) -> RunView:
    """Start (or return) the command run that carries a triage proposal out."""
    action = _triage_action(paths, action_id)
    with opened_store(paths) as store:
        for run_id in qc.runs_for_action(store, action_id):
            run = qc.get_run(store, run_id)
            if run is not None and run.status != "cancelled":
                return run_view(run)
    if action.status != "pending":
        raise NyteError(f"action {action_id} is {action.status}; nothing to approve")
    if action.work_item_id is None:
        raise NyteError(f"action {action_id} belongs to no item; start a command instead")
    with opened_store(paths) as store:
        scope = build_scope(
            store, settings, account_email=action.account, item_id=action.work_item_id
        )
    item = scope.context.item
    seed: Intent | None
    if action.kind == "calendar.rsvp":
        seed = Intent(kind="calendar.rsvp", event=item.event if item else None)
        words = "answer the invitation"
    elif action.payload.get("nudge"):
        seed = Intent(kind="gmail.reply", thread=item.thread if item else None, body=NUDGE)
        words = "nudge them"
    else:
        seed = None
        words = "reply"
    return preview(
        paths,
        settings,
        words,
        item_id=action.work_item_id,
        account=action.account,
        actor=actor,
        source_action_id=action_id,
        seed=seed,
        credentials=credentials,
    )


def dismiss(paths: Paths, settings: Settings, action_id: int, *, actor: str = "user") -> ActionView:
    """Dismiss a proposal (a repeat is a no-op); a run started from it is cancelled."""
    action = _triage_action(paths, action_id)
    if action.status == "dismissed":
        return action_view(action)
    if action.status != "pending":
        raise NyteError(f"action {action_id} is {action.status}; it cannot be dismissed")
    with opened_store(paths) as store:
        qc.set_action_status(store, action_id, "dismissed", expected=("pending",), actor=actor)
        open_runs = [
            r
            for r in (qc.get_run(store, i) for i in qc.runs_for_action(store, action_id))
            if r is not None and r.status in ("awaiting_follow_up", "awaiting_approval")
        ]
    for run in open_runs:
        cancel(paths, settings, run.id, actor=actor)
    return action_view(_triage_action(paths, action_id))


def feedback(paths: Paths, action_id: int, verdict: str) -> ActionView:
    """Say whether a proposal was good or bad (once executed or dismissed; can change)."""
    if verdict not in VERDICTS:
        raise UsageError("the verdict is good or bad")
    action = _triage_action(paths, action_id)
    if action.status not in ("executed", "dismissed"):
        raise UsageError(f"action {action_id} is {action.status}; feedback comes after it is done")
    with opened_store(paths) as store:
        set_action_feedback(store, action_id, verdict)
    return replace(action_view(action), result={**(action.result or {}), "feedback": verdict})
