"""A stored run as the view the CLI and the app show."""

from __future__ import annotations

from nyte_tui.services.run_views import CommandProposalView, RunView, TurnView
from nyte_tui.store.command_records import RunRecord

SHOWN_ACTION_STATES = ("pending", "executing", "executed", "failed")


def run_view(run: RunRecord) -> RunView:
    """The run, its current proposal (when one stands) and its turns."""
    proposal = None
    action = run.action
    if action is not None and action.status in SHOWN_ACTION_STATES and run.status != "cancelled":
        proposal = CommandProposalView(
            kind=action.kind,
            payload=action.payload,
            preview=action.preview,
            risk=action.risk,
            flags=tuple(str(f) for f in run.state.get("flags") or ()),
            summary=action.summary,
            hash=run.proposal_hash or "",
            action_id=action.id,
        )
    return RunView(
        run_id=run.id,
        status=run.status,
        question=run.question if run.status == "awaiting_follow_up" else None,
        proposal=proposal,
        result=run.result,
        instruction=run.instruction,
        account=run.account,
        item_id=run.work_item_id,
        interpreter=run.interpreter,
        revision=run.revision,
        flags=tuple(str(f) for f in run.state.get("flags") or ()),
        missing=run.state.get("missing") if run.status == "awaiting_follow_up" else None,
        error=run.error,
        created_at=run.created_at,
        updated_at=run.updated_at,
        turns=tuple(TurnView(t.seq, t.role, t.text, t.created_at) for t in run.turns),
    )
