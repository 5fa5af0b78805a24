"""Read and change triage state for the CLI and the app: the list, the agenda, items, rules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from nyte_tui.config.paths import Paths, resolve_paths
from nyte_tui.config.settings import Settings, user_zone
from nyte_tui.errors import BusyError, NyteError, UsageError
from nyte_tui.services.triage.listing import age_text, agenda, important_list, item_view
from nyte_tui.services.triage.rules import DEFAULT_POINTS, describe_rule, validate_rule
from nyte_tui.services.views import (
    ItemChange,
    RuleAdded,
    RuleRemoved,
    RulesView,
    RuleView,
)
from nyte_tui.store.db import Store
from nyte_tui.store.queries import worklist as ql
from nyte_tui.store.triage_records import ItemRow, RuleRow
from nyte_tui.store.types import utcnow

__all__ = [
    "add_rule",
    "age_text",
    "agenda",
    "change_item_status",
    "important_list",
    "item_view",
    "parse_when",
    "remove_rule",
    "require_item",
    "rescore_all",
    "rescore_locked",
    "rule_view",
    "rules_list",
    "writing",
]


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
