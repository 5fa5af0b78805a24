"""The SQL behind the Important list, item state changes, rules, feedback, model calls and stats."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import col, select

from nyte_tui.store.db import Store
from nyte_tui.store.models import Account, AuditLog, CalendarEvent, Contact
from nyte_tui.store.queries.triage import item_row, item_rows, triage_event
from nyte_tui.store.triage_records import ItemRow, LlmCallRecord, RuleRow, TriageEvent
from nyte_tui.store.types import utcnow
from nyte_tui.store.work_models import (
    FeedbackEntry,
    GateEvaluation,
    LlmCall,
    PolicyRule,
    ProposedAction,
    WorkItem,
)


def _visible(now: datetime) -> Any:
    """Open items, and snoozed ones whose snooze has run out."""
    return or_(
        col(WorkItem.status) == "open",
        and_(col(WorkItem.status) == "snoozed", col(WorkItem.snoozed_until) <= now),
    )


def important_items(
    store: Store,
    threshold: int,
    now: datetime,
    *,
    include_all: bool = False,
    limit: int | None = None,
    account_id: int | None = None,
) -> list[ItemRow]:
    """Open items scoring at least threshold (or every item), best first, then most recent."""
    with store.session() as session:
        query = select(WorkItem)
        if not include_all:
            query = query.where(_visible(now), WorkItem.score >= threshold)
        if account_id is not None:
            query = query.where(WorkItem.account_id == account_id)
        query = query.order_by(col(WorkItem.score).desc(), col(WorkItem.last_activity_at).desc())
        if limit:
            query = query.limit(limit)
        emails = {a.id: a.email for a in session.exec(select(Account))}
        return item_rows(list(session.exec(query)), dict(emails), session)


def count_important(store: Store, account_id: int, threshold: int, now: datetime) -> int:
    """How many items of an account are on the Important list."""
    with store.session() as session:
        return int(
            session.exec(
                select(func.count())
                .select_from(WorkItem)
                .where(
                    WorkItem.account_id == account_id, WorkItem.score >= threshold, _visible(now)
                )
            ).one()
        )


def get_item(store: Store, item_id: int) -> ItemRow | None:
    """One work item by id."""
    with store.session() as session:
        item = session.get(WorkItem, item_id)
        if item is None:
            return None
        account = session.get(Account, item.account_id)
        return item_row(item, account.email if account else "", session)


def set_item_status(
    store: Store,
    item_id: int,
    status: str,
    *,
    actor: str,
    snoozed_until: datetime | None = None,
    detail: dict[str, Any] | None = None,
) -> bool:
    """Change an item's status with an audit entry; False when nothing changed."""
    with store.session() as session:
        item = session.get(WorkItem, item_id)
        if item is None:
            return False
        if item.status == status and item.snoozed_until == snoozed_until:
            return False
        previous = item.status
        item.status = status
        item.snoozed_until = snoozed_until if status == "snoozed" else None
        item.dismissed_hash = item.content_hash if status == "dismissed" else item.dismissed_hash
        item.updated_at = utcnow()
        session.add(item)
        session.add(
            AuditLog(
                account_id=item.account_id,
                actor=actor,
                action=f"item.{status}",
                entity_type="work_item",
                entity_id=str(item_id),
                detail={
                    "from": previous,
                    "snoozed_until": snoozed_until.isoformat() if snoozed_until else None,
                    **(detail or {}),
                },
            )
        )
        return True


def list_rules(store: Store, account_id: int | None = None) -> list[RuleRow]:
    """Policy rules that apply to an account (global ones included), oldest first."""
    with store.session() as session:
        query = select(PolicyRule)
        if account_id is not None:
            query = query.where(
                or_(col(PolicyRule.account_id).is_(None), col(PolicyRule.account_id) == account_id)
            )
        return [
            RuleRow(
                r.id or 0,
                r.account_id,
                r.match_type,
                r.pattern,
                r.action,
                r.points,
                r.note,
                r.enabled,
                r.created_at,
            )
            for r in session.exec(query.order_by(col(PolicyRule.id)))
        ]


def add_rule(
    store: Store, match_type: str, pattern: str, action: str, points: int, note: str | None = None
) -> int:
    """Store a policy rule (for every account) with an audit entry; return its id."""
    with store.session() as session:
        rule = PolicyRule(
            match_type=match_type, pattern=pattern, action=action, points=points, note=note
        )
        session.add(rule)
        session.flush()
        session.add(
            AuditLog(
                actor="user",
                action="rule.added",
                entity_type="policy_rule",
                entity_id=str(rule.id),
                detail={
                    "match_type": match_type,
                    "pattern": pattern,
                    "action": action,
                    "points": points,
                },
            )
        )
        return rule.id or 0


def remove_rule(store: Store, rule_id: int) -> bool:
    """Delete a policy rule with an audit entry; False when there is none."""
    with store.session() as session:
        rule = session.get(PolicyRule, rule_id)
        if rule is None:
            return False
        session.add(
            AuditLog(
                actor="user",
                action="rule.removed",
                entity_type="policy_rule",
                entity_id=str(rule_id),
                detail={"pattern": rule.pattern},
            )
        )
        session.delete(rule)
        return True


def item_verdicts(store: Store, item_ids: list[int]) -> dict[int, tuple[str, datetime]]:
    """The latest important / not important verdict (and its time) per item."""
    found: dict[int, tuple[str, datetime]] = {}
    with store.session() as session:
        for start in range(0, len(item_ids), 400):
            chunk = item_ids[start : start + 400]
            for entry in session.exec(
                select(FeedbackEntry)
                .where(
                    FeedbackEntry.target_type == "work_item",
                    col(FeedbackEntry.target_id).in_(chunk),
                )
                .order_by(col(FeedbackEntry.id))
            ):
                found[entry.target_id] = (entry.verdict, entry.created_at)
    return found


def add_feedback(
    store: Store,
    account_id: int,
    target_type: str,
    target_id: int,
    verdict: str,
    sender_email: str | None,
    weight_delta: int,
) -> int:
    """Record a verdict, shift the sender's weight, and audit both; return the new weight."""
    with store.session() as session:
        session.add(
            FeedbackEntry(
                account_id=account_id,
                target_type=target_type,
                target_id=target_id,
                verdict=verdict,
                sender_email=sender_email,
            )
        )
        weight = 0
        if sender_email and weight_delta:
            contact = session.exec(
                select(Contact).where(
                    Contact.account_id == account_id, Contact.email == sender_email
                )
            ).first() or Contact(
                account_id=account_id, email=sender_email, domain=sender_email.rsplit("@", 1)[-1]
            )
            contact.weight_adjustment = max(-40, min(24, contact.weight_adjustment + weight_delta))
            contact.updated_at = utcnow()
            session.add(contact)
            weight = contact.weight_adjustment
        session.add(
            AuditLog(
                account_id=account_id,
                actor="user",
                action="item.feedback",
                entity_type=target_type,
                entity_id=str(target_id),
                detail={"verdict": verdict, "sender": sender_email, "weight": weight},
            )
        )
        return weight


def set_action_feedback(store: Store, action_id: int, verdict: str) -> int | None:
    """Record good / bad on a proposed action; return its account id (None when missing)."""
    with store.session() as session:
        action = session.get(ProposedAction, action_id)
        if action is None:
            return None
        session.add(
            FeedbackEntry(
                account_id=action.account_id,
                target_type="action",
                target_id=action_id,
                verdict=verdict,
            )
        )
        session.add(
            AuditLog(
                account_id=action.account_id,
                actor="user",
                action="action.feedback",
                entity_type="proposed_action",
                entity_id=str(action_id),
                detail={"verdict": verdict},
            )
        )
        return action.account_id


def cached_model_response(store: Store, purpose: str, cache_key: str) -> dict[str, Any] | None:
    """The stored response of a successful call with this cache key."""
    with store.session() as session:
        row = session.exec(
            select(LlmCall)
            .where(
                LlmCall.purpose == purpose, LlmCall.cache_key == cache_key, LlmCall.outcome == "ok"
            )
            .order_by(col(LlmCall.id).desc())
        ).first()
        return dict(row.response) if row is not None and row.response else None


def record_model_call(store: Store, record: LlmCallRecord) -> None:
    """Append one model call and its outcome."""
    with store.session() as session:
        session.add(LlmCall(**record.__dict__))


def trust_counts(store: Store) -> dict[str, Any]:
    """Raw counts behind the trust metrics of `nyte stats`."""
    with store.session() as session:
        verdicts = dict(
            session.exec(
                select(FeedbackEntry.verdict, func.count()).group_by(col(FeedbackEntry.verdict))
            ).all()
        )
        actions = dict(
            session.exec(
                select(ProposedAction.status, func.count()).group_by(col(ProposedAction.status))
            ).all()
        )
        decided = session.exec(
            select(ProposedAction.created_at, ProposedAction.updated_at).where(
                col(ProposedAction.status).in_(["executed", "dismissed", "failed"])
            )
        ).all()
        gates = dict(
            session.exec(
                select(GateEvaluation.gate, func.count())
                .where(col(GateEvaluation.matched).is_(True))
                .group_by(col(GateEvaluation.gate))
            ).all()
        )
        items = dict(
            session.exec(select(WorkItem.tier, func.count()).group_by(col(WorkItem.tier))).all()
        )
        flagged = session.exec(
            select(FeedbackEntry.verdict, WorkItem.score)
            .join(WorkItem, col(WorkItem.id) == col(FeedbackEntry.target_id))
            .where(FeedbackEntry.target_type == "work_item")
        ).all()
    return {
        "verdicts": verdicts,
        "actions": actions,
        "decided": list(decided),
        "gates": gates,
        "tiers": items,
        "item_feedback": list(flagged),
    }


def events_between(store: Store, start: datetime, end: datetime) -> list[tuple[str, TriageEvent]]:
    """(account email, event) for every event starting in [start, end), in start order."""
    with store.session() as session:
        emails = {a.id: a.email for a in session.exec(select(Account))}
        rows = session.exec(
            select(CalendarEvent)
            .where(col(CalendarEvent.start_at) >= start, col(CalendarEvent.start_at) < end)
            .order_by(col(CalendarEvent.start_at))
        ).all()
        return [(emails.get(e.account_id, ""), triage_event(e)) for e in rows]
