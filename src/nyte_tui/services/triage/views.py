"""Read and change triage state for the CLI and the app: the list, the agenda, items, rules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from nyte_tui.config.paths import Paths, resolve_paths
from nyte_tui.config.settings import Settings, user_zone
from nyte_tui.errors import BusyError, NyteError, UsageError
from nyte_tui.services.triage import event_evidence as tev
from nyte_tui.services.triage import evidence as te
from nyte_tui.services.triage.rules import DEFAULT_POINTS, describe_rule, validate_rule
from nyte_tui.services.triage.scoring import GATES
from nyte_tui.services.views import (
    AgendaDayView,
    AgendaEventView,
    AgendaView,
    GateView,
    ImportantListView,
    ItemChange,
    ItemView,
    ProposalView,
    RuleAdded,
    RuleRemoved,
    RulesView,
    RuleView,
)
from nyte_tui.store.db import Store
from nyte_tui.store.queries import worklist as ql
from nyte_tui.store.triage_records import ItemRow, RuleRow
from nyte_tui.store.types import utcnow


@contextmanager
def writing(settings: Settings, paths: Paths | None = None, what: str = "triage") -> Iterator[None]:
    """Hold the cross-process writer lock (the one sync and send take) while triage writes."""
    from nyte_tui.store.lock import writer_lock

    try:
        with writer_lock(paths or resolve_paths(), settings.sync.lock_wait, what):
            yield
    except BusyError as exc:
        raise BusyError(
            f"cannot change triage now: another nyte sync or send holds the writer lock "
            f"(waited {settings.sync.lock_wait:g}s); try again shortly"
        ) from exc


def age_text(moment: datetime | None, now: datetime) -> str:
    """A compact age like "5h" or "2d" ("" when unknown)."""
    if moment is None:
        return ""
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def item_view(item: ItemRow, now: datetime) -> ItemView:
    """One stored item as the view every front end shows."""
    gates = {g.gate: GateView(g.matched, g.points, g.reason) for g in item.gates}
    proposal = item.proposal
    return ItemView(
        id=item.id,
        kind=item.kind,
        source=item.source,
        account=item.account,
        thread_id=item.thread_id,
        event_id=item.event_id,
        calendar_id=item.calendar_id,
        who=item.who,
        who_email=item.who_email,
        title=item.title,
        score=item.score,
        tier=item.tier,
        reason=item.reason,
        gates={name: gates.get(name, GateView()) for name in GATES},
        status=item.status,
        snoozed_until=item.snoozed_until,
        updated_at=item.updated_at,
        last_activity_at=item.last_activity_at,
        due_at=item.due_at,
        age=age_text(item.last_activity_at, now) if item.source == "gmail" else None,
        start=item.due_at if item.source == "calendar" else None,
        rule_score=item.rule_score,
        model_score=item.model_score,
        score_version=item.score_version,
        warning=item.warning,
        proposal=None
        if proposal is None
        else ProposalView(
            id=proposal.get("id"),
            kind=str(proposal.get("kind")),
            payload=dict(proposal.get("payload") or {}),
            summary=str(proposal.get("summary") or ""),
            status=str(proposal.get("status") or ""),
            risk=str(proposal.get("risk") or "low"),
            idempotency_key=str(proposal.get("idempotency_key") or ""),
        ),
    )


def important_list(
    store: Store,
    settings: Settings,
    *,
    include_all: bool = False,
    limit: int | None = None,
    now: datetime | None = None,
) -> ImportantListView:
    """The Important list (or every item), best first."""
    moment = now or utcnow()
    items = ql.important_items(
        store, settings.triage.important_threshold, moment, include_all=include_all, limit=limit
    )
    return ImportantListView(tuple(item_view(i, moment) for i in items), moment)


def agenda(store: Store, settings: Settings, days: int, now: datetime | None = None) -> AgendaView:
    """Upcoming events grouped by local day, with the user's RSVP state and conflicts."""
    moment = now or utcnow()
    tz = user_zone(settings)
    rows = ql.events_between(store, moment - timedelta(hours=1), moment + timedelta(days=days))
    by_account: dict[str, list[Any]] = {}
    for account, event in rows:
        by_account.setdefault(account, []).append(event)
    grouped: dict[str, list[AgendaEventView]] = {}
    for account, event in rows:
        if event.status == "cancelled":
            continue
        me = te.Identity({account.lower()})
        ev = tev.event_evidence(event, by_account[account], me, {})
        assert event.start_at is not None
        local_start = event.start_at.astimezone(tz)
        grouped.setdefault(local_start.date().isoformat(), []).append(
            AgendaEventView(
                account=account,
                calendar_id=event.calendar_id,
                event_id=event.event_id,
                title=ev.title,
                start=event.start_at,
                end=event.end_at,
                all_day=event.all_day,
                location=event.location,
                rsvp=ev.response,
                organizer=ev.organizer_name,
                conflicts=tuple(ev.conflicts),
                time_text="all day" if event.all_day else local_start.strftime("%H:%M"),
            )
        )
    return AgendaView(tuple(AgendaDayView(d, tuple(grouped[d])) for d in sorted(grouped)), moment)


def require_item(store: Store, item_id: int) -> ItemRow:
    """An item by id, or a clear error."""
    item = ql.get_item(store, item_id)
    if item is None:
        raise NyteError(f"no item {item_id}; see `nyte important --all --json` for ids")
    return item


def parse_when(text: str, settings: Settings, now: datetime | None = None) -> datetime:
    """A user's time phrase ("tomorrow 9am", "2024-03-20 14:00") as an aware datetime."""
    import dateparser

    tz = user_zone(settings)
    base = (now or utcnow()).astimezone(tz)
    parsed = dateparser.parse(
        text, settings={"RELATIVE_BASE": base.replace(tzinfo=None), "PREFER_DATES_FROM": "future"}
    )
    if parsed is None:
        raise UsageError(f"cannot read the time {text!r}; try 'tomorrow 9am' or '2024-03-20 14:00'")
    return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed


def change_item_status(
    store: Store,
    settings: Settings,
    item_id: int,
    status: str,
    until: str | None = None,
    now: datetime | None = None,
    *,
    paths: Paths | None = None,
) -> ItemChange:
    """Mark an item done, dismissed or snoozed (audited); return the updated item."""
    item = require_item(store, item_id)
    moment = now or utcnow()
    snoozed_until = None
    if status == "snoozed":
        snoozed_until = parse_when(until or "tomorrow 9am", settings, moment)
        if snoozed_until <= moment:
            raise UsageError("a snooze must end in the future")
    elif until:
        raise UsageError("--until only goes with snooze")
    with writing(settings, paths):
        changed = ql.set_item_status(
            store, item.id, status, actor="user", snoozed_until=snoozed_until
        )
    return ItemChange(item_view(require_item(store, item_id), moment), bool(changed))


def rules_list(store: Store) -> RulesView:
    """Every policy rule."""
    return RulesView(tuple(rule_view(r) for r in ql.list_rules(store)))


def rule_view(rule: RuleRow) -> RuleView:
    """One rule as a view."""
    return RuleView(
        id=rule.id,
        match_type=rule.match_type,
        pattern=rule.pattern,
        action=rule.action,
        points=rule.points,
        enabled=rule.enabled,
        note=rule.note,
        created_at=rule.created_at,
        description=describe_rule(rule),
    )


def add_rule(
    store: Store,
    settings: Settings,
    match_type: str,
    pattern: str,
    action: str,
    points: int | None = None,
    note: str | None = None,
    *,
    paths: Paths | None = None,
) -> RuleAdded:
    """Store a rule and rescore the items it matches (under the writer lock)."""
    problem = validate_rule(match_type, pattern, action)
    if problem:
        raise UsageError(problem)
    with writing(settings, paths):
        rule_id = ql.add_rule(
            store,
            match_type,
            pattern.strip(),
            action,
            DEFAULT_POINTS[action] if points is None else points,
            note,
        )
        rescored = rescore_locked(store, settings)
    rule = next(r for r in ql.list_rules(store) if r.id == rule_id)
    return RuleAdded(rule_view(rule), rescored)


def remove_rule(
    store: Store, settings: Settings, rule_id: int, *, paths: Paths | None = None
) -> RuleRemoved:
    """Delete a rule and rescore (under the writer lock)."""
    with writing(settings, paths):
        if not ql.remove_rule(store, rule_id):
            raise NyteError(f"no rule {rule_id}; see `nyte rules list`")
        return RuleRemoved(rule_id, rescore_locked(store, settings))


def rescore_all(
    store: Store,
    settings: Settings,
    item_keys: Sequence[ItemRow] | None = None,
    *,
    paths: Paths | None = None,
) -> int:
    """Rescore every stored item (or the ones given) under the writer lock; return the count."""
    with writing(settings, paths):
        return rescore_locked(store, settings, item_keys)


def rescore_locked(
    store: Store, settings: Settings, item_keys: Sequence[ItemRow] | None = None
) -> int:
    """rescore_all for a caller that already holds the writer lock."""
    from nyte_tui.services.triage.run import run_triage_pass

    items = item_keys or ql.important_items(store, 0, utcnow(), include_all=True)
    total = 0
    for account_id in sorted({i.account_id for i in items}):
        mine = [i for i in items if i.account_id == account_id]
        result = run_triage_pass(
            store,
            settings,
            account_id,
            changed_threads={i.source_key for i in mine if i.source == "gmail"},
            changed_events={i.source_key for i in mine if i.source == "calendar"},
            actor="user",
        )
        total += int(result["scored_threads"]) + int(result["scored_events"])
    return total
