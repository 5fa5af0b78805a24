"""The SQL that writes a scoring pass: items, gates, audit entries and proposed actions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import AuditLog
from nyte_tui.store.queries.triage import ITEM_FIELDS
from nyte_tui.store.triage_records import GateRow, ItemWrite
from nyte_tui.store.types import utcnow
from nyte_tui.store.work_models import GateEvaluation, ProposedAction, WorkItem


def save_items(
    store: Store, account_id: int, writes: Sequence[ItemWrite], actor: str, now: datetime
) -> dict[str, int]:
    """Upsert items, their gates, audit entries and proposals in one transaction."""
    counts = {"created": 0, "updated": 0, "audited": 0, "proposals": 0}
    with store.session() as session:
        for write in writes:
            item = session.exec(
                select(WorkItem).where(
                    WorkItem.account_id == account_id,
                    WorkItem.source == write.source,
                    WorkItem.source_key == write.source_key,
                )
            ).first()
            values = {name: getattr(write, name) for name in ITEM_FIELDS}
            if item is None:
                item = WorkItem(
                    account_id=account_id,
                    source=write.source,
                    source_key=write.source_key,
                    created_at=now,
                    updated_at=now,
                    **values,
                )
                session.add(item)
                session.flush()
                counts["created"] += 1
            elif any(getattr(item, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(item, key, value)
                item.updated_at = now
                session.add(item)
                counts["updated"] += 1
            _save_gates(session, account_id, item.id or 0, write.gates, now)
            if write.audit_action:
                session.add(
                    AuditLog(
                        account_id=account_id,
                        actor=actor,
                        action=f"item.{write.audit_action}",
                        entity_type="work_item",
                        entity_id=str(item.id),
                        detail={"source_key": write.source_key, **write.audit_detail},
                    )
                )
                counts["audited"] += 1
            if write.proposal is not None and _ensure_proposal(
                session, account_id, item.id or 0, write.proposal
            ):
                counts["proposals"] += 1
    return counts


def _save_gates(
    session: Session, account_id: int, item_id: int, gates: Sequence[GateRow], now: datetime
) -> None:
    """Write the gates that differ from what is stored."""
    stored = {
        g.gate: g
        for g in session.exec(select(GateEvaluation).where(GateEvaluation.work_item_id == item_id))
    }
    for gate in gates:
        row = stored.get(gate.gate)
        if row is None:
            row = GateEvaluation(account_id=account_id, work_item_id=item_id, gate=gate.gate)
        elif (row.matched, row.points, row.reason) == (gate.matched, gate.points, gate.reason):
            continue
        row.matched, row.points, row.reason, row.evaluated_at = (
            gate.matched,
            gate.points,
            gate.reason,
            now,
        )
        session.add(row)


def _ensure_proposal(
    session: Session, account_id: int, item_id: int, proposal: dict[str, Any]
) -> bool:
    """Insert a proposed action unless one with its idempotency key exists."""
    key = str(proposal["idempotency_key"])
    if session.exec(select(ProposedAction.id).where(ProposedAction.idempotency_key == key)).first():
        return False
    session.add(
        ProposedAction(
            account_id=account_id,
            work_item_id=item_id,
            kind=str(proposal["kind"]),
            payload=dict(proposal["payload"]),
            summary=str(proposal.get("summary", "")),
            risk=str(proposal.get("risk", "low")),
            idempotency_key=key,
        )
    )
    return True


def dismiss_stale_proposals(store: Store, account_id: int, item_ids: Sequence[int]) -> int:
    """Dismiss pending nyte-made nudges of items that no longer await a reply."""
    count = 0
    with store.session() as session:
        for item_id in item_ids:
            for action in session.exec(
                select(ProposedAction).where(
                    ProposedAction.work_item_id == item_id,
                    ProposedAction.status == "pending",
                    ProposedAction.account_id == account_id,
                )
            ):
                if action.payload.get("nudge"):
                    action.status = "dismissed"
                    action.updated_at = utcnow()
                    session.add(action)
                    count += 1
    return count
