"""The triage pass after each sync: derive work items from changed threads and events."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from nyte_tui.config.settings import Settings
from nyte_tui.services import triage_evidence as te
from nyte_tui.services.triage_contacts import compute_stats, participants
from nyte_tui.services.triage_model import (
    AdjudicationRequest,
    adjudicate,
    apply_feedback,
    apply_model,
)
from nyte_tui.services.triage_rules import RuleEffect, RuleSubject, apply_rules
from nyte_tui.services.triage_scoring import Thresholds, score_event, score_thread
from nyte_tui.services.triage_state import Derived, done_write, next_write
from nyte_tui.store import queries_sync as qs
from nyte_tui.store import queries_triage as q
from nyte_tui.store import queries_triage_contacts as qc
from nyte_tui.store import queries_triage_list as ql
from nyte_tui.store import queries_triage_write as qw
from nyte_tui.store.db import Store
from nyte_tui.store.triage_records import (
    ItemWrite,
    RuleRow,
    TriageEvent,
    TriageMessage,
    TriageThread,
)
from nyte_tui.store.types import utcnow

if TYPE_CHECKING:
    from nyte_tui.llm.client import JsonModel
    from nyte_tui.sync.engine import AccountChanges

BODY_FETCH_LIMIT = 200
FetchBodies = Callable[[Sequence[str]], dict[str, str | None]]


def local_zone(settings: Settings) -> tzinfo:
    """The user's time zone: the setting, or the system's."""
    if settings.time_zone:
        from zoneinfo import ZoneInfo

        return ZoneInfo(settings.time_zone)
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def thresholds_of(settings: Settings) -> Thresholds:
    """Tier and reply-tracking thresholds from settings."""
    return Thresholds(
        important=settings.triage.important_threshold,
        critical=settings.triage.critical_threshold,
        follow_up_days=settings.follow_up_days,
    )


def after_sync_hook(store: Store, settings: Settings) -> Callable[[AccountChanges], dict[str, Any]]:
    """The callable sync runs after each account: one incremental triage pass."""

    def hook(changes: AccountChanges) -> dict[str, Any]:
        return run_triage_pass(
            store,
            settings,
            changes.account.account_id,
            changed_threads=changes.changed_threads,
            changed_events=changes.changed_events,
            fetch_bodies=changes.fetch_bodies,
            run_id=changes.run_id,
        )

    return hook


@dataclass
class _Pass:
    """What one pass knows and counts."""

    store: Store
    settings: Settings
    account_id: int
    now: datetime
    tz: tzinfo
    me: te.Identity
    rules: list[RuleRow]
    thresholds: Thresholds
    counts: dict[str, int] = field(default_factory=dict)

    def bump(self, name: str, by: int = 1) -> None:
        """Add to a counter."""
        self.counts[name] = self.counts.get(name, 0) + by


def run_triage_pass(
    store: Store,
    settings: Settings,
    account_id: int,
    *,
    changed_threads: set[str] | frozenset[str] = frozenset(),
    changed_events: set[str] | frozenset[str] = frozenset(),
    fetch_bodies: FetchBodies | None = None,
    now: datetime | None = None,
    llm: JsonModel | None = None,
    run_id: int | None = None,
    actor: str = "sync",
) -> dict[str, Any]:
    """Score what changed (and what time alone changed) for one account; return a summary."""
    moment = now or utcnow()
    email, names = q.account_identity(store, account_id)
    state = _Pass(
        store,
        settings,
        account_id,
        moment,
        local_zone(settings),
        te.Identity({email.lower()}, names),
        ql.list_rules(store, account_id),
        thresholds_of(settings),
    )
    own_run = run_id is None
    active_run = run_id or qs.start_workflow_run(store, "triage", actor, account_id)
    due = q.items_due_for_rescore(store, account_id, moment)
    thread_ids = set(q.threads_needing_triage(store, account_id, changed_threads))
    thread_ids.update(key for source, key in due if source == "gmail")
    threads = q.load_threads(store, account_id, sorted(thread_ids))
    _refresh_contacts(state, threads)
    _fetch_candidate_bodies(state, threads, fetch_bodies)
    derived = [_derive_thread(state, t) for t in threads if t.messages]
    derived += _derive_events(state, changed_events, {k for s, k in due if s == "calendar"})
    writes = _adjudicate_and_write(state, derived, llm)
    writes += [
        done_write(item, "its thread or event is gone")
        for item in q.orphaned_items(store, account_id)
    ]
    saved = qw.save_items(store, account_id, writes, actor, moment)
    q.mark_triaged(store, account_id, {t.thread_id: t.content_hash for t in threads})
    stale = [
        i.id
        for i in q.items_by_keys(
            store, account_id, "gmail", [w.source_key for w in writes if w.kind != "awaiting_reply"]
        ).values()
        if i.proposal
    ]
    qw.dismiss_stale_proposals(store, account_id, stale)
    summary = {
        "scored_threads": len(threads),
        "scored_events": sum(1 for d in derived if d.source == "calendar"),
        "new_items": saved["created"],
        "changed_items": saved["updated"],
        "state_changes": saved["audited"],
        "proposals": saved["proposals"],
        "bodies_fetched": state.counts.get("bodies", 0),
        "model_calls": state.counts.get("model_calls", 0),
        "model_cached": state.counts.get("model_cached", 0),
        "model_failed": state.counts.get("model_failed", 0),
        "important": ql.count_important(
            store, account_id, settings.triage.important_threshold, moment
        ),
    }
    message = (
        f"scored {summary['scored_threads']} threads and {summary['scored_events']} events, "
        f"{summary['new_items']} new items, model adjudicated "
        f"{summary['model_calls'] + summary['model_cached']} ({summary['model_cached']} cached)"
    )
    qs.add_workflow_event(store, active_run, "triage.scored", message, summary, account_id)
    if own_run:
        qs.finish_workflow_run(store, active_run, "ok", summary)
    return summary


def _refresh_contacts(state: _Pass, threads: list[TriageThread]) -> None:
    """Recompute contact statistics of everyone in the changed threads."""
    affected: set[str] = set()
    for thread in threads:
        affected |= participants(thread, state.me)
    if not affected:
        return
    known = {t.thread_id: t for t in threads}
    involved_ids = qc.message_threads_with(state.store, state.account_id, affected)
    missing = [t for t in involved_ids if t not in known]
    involved = [known[t] for t in involved_ids if t in known]
    involved += q.load_threads(state.store, state.account_id, missing)
    qc.save_contact_stats(
        state.store, state.account_id, compute_stats(involved, state.me, affected)
    )


def _fetch_candidate_bodies(
    state: _Pass, threads: list[TriageThread], fetch_bodies: FetchBodies | None
) -> None:
    """Fetch bodies of inbound mail that might need the user (bounded per pass)."""
    if fetch_bodies is None:
        return
    wanted: dict[str, TriageMessage] = {}
    for thread in sorted(threads, key=lambda t: -t.last_message_at):
        last = thread.messages[-1] if thread.messages else None
        if last is None or "INBOX" not in thread.label_ids or last.is_sent:
            continue
        if (last.from_email or "").lower() in state.me.emails or te.automation_markers(last):
            continue
        for message in reversed(thread.messages):
            if message.is_sent or (message.from_email or "").lower() in state.me.emails:
                break
            if message.body_state == "none" and len(wanted) < BODY_FETCH_LIMIT:
                wanted[message.gmail_id] = message
    if not wanted:
        return
    texts = fetch_bodies(list(wanted))
    for gmail_id, text in texts.items():
        if gmail_id in wanted and text is not None:
            wanted[gmail_id].body_text = text
            wanted[gmail_id].body_state = "cached"
    state.bump("bodies", len(texts))


def _rule_effect(state: _Pass, sender: str | None, text: str, labels: set[str]) -> RuleEffect:
    """The user's rules applied to one item."""
    return apply_rules(state.rules, RuleSubject(sender, text, frozenset(labels)))


def _derive_thread(state: _Pass, thread: TriageThread) -> Derived:
    """Evidence, rules and rule score of one thread."""
    contacts_needed = participants(thread, state.me)
    contacts = qc.contact_stats(state.store, state.account_id, contacts_needed)
    ev = te.thread_evidence(thread, state.me, contacts, state.now, state.tz)
    last = thread.messages[-1]
    text = f"{ev.subject}\n{te.message_text(last)}"
    effect = _rule_effect(state, ev.counterpart_email, text, ev.labels)
    scored = score_thread(ev, effect, state.thresholds, state.now, state.tz)
    inbound = [
        m
        for m in thread.messages
        if not (m.is_sent or (m.from_email or "").lower() in state.me.emails)
    ]
    derived = Derived(
        source="gmail",
        source_key=thread.thread_id,
        scored=scored,
        content_hash=thread.content_hash,
        last_activity_at=ev.last_activity,
        last_inbound_at=te.message_time(inbound[-1]) if inbound else None,
        last_from_me=ev.last_from_me,
        thread_id=thread.thread_id,
        rule_score=scored.score,
    )
    derived.scored.extras.update(effect=effect, text=text, sender=ev.counterpart_email)
    if scored.kind == "awaiting_reply" and ev.my_last_message_id:
        derived.proposal = {
            "kind": "gmail.reply",
            "idempotency_key": (
                f"nudge:{state.account_id}:{thread.thread_id}:{ev.my_last_message_id}"
            ),
            "summary": f"Nudge {scored.who or 'them'} about “{ev.subject}”",
            "payload": {
                "nudge": True,
                "thread_id": thread.thread_id,
                "to": ev.my_last_recipients,
                "in_reply_to_gmail_id": ev.my_last_message_id,
            },
        }
    return derived


def _event_hash(event: TriageEvent, conflicts: list[str]) -> str:
    """A hash of everything about an event that scoring reads."""
    data = [
        event.status,
        event.summary,
        event.description,
        str(event.start_at),
        str(event.end_at),
        event.my_response_status,
        event.attendees,
        event.organizer_email,
        sorted(conflicts),
    ]
    return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


def _derive_events(
    state: _Pass, changed: set[str] | frozenset[str], due: set[str]
) -> list[Derived]:
    """Score events that changed, overlap a change, have no item yet, or are due by time."""
    window_end = state.now + timedelta(days=state.settings.sync.calendar_days + 2)
    events = q.load_events(state.store, state.account_id, state.now - timedelta(days=2), window_end)
    existing = q.items_by_keys(
        state.store, state.account_id, "calendar", [e.source_key for e in events]
    )
    touched = [e for e in events if e.source_key in changed]
    wanted = {
        e.source_key
        for e in events
        if e.source_key in changed or e.source_key in due or e.source_key not in existing
    }
    wanted |= {e.source_key for e in events for t in touched if _near(e, t)}
    organizers = {(e.organizer_email or "").lower() for e in events if e.source_key in wanted}
    contacts = qc.contact_stats(state.store, state.account_id, organizers - {""})
    result: list[Derived] = []
    for event in events:
        if event.source_key not in wanted:
            continue
        ev = te.event_evidence(event, events, state.me, contacts)
        labels = {"CALENDAR"}
        effect = _rule_effect(
            state, ev.organizer_email, f"{ev.title}\n{event.description or ''}", labels
        )
        scored = score_event(ev, effect, state.thresholds, state.now, state.tz)
        scored.extras.update(effect=effect, text=ev.title, sender=ev.organizer_email)
        result.append(
            Derived(
                source="calendar",
                source_key=event.source_key,
                scored=scored,
                content_hash=_event_hash(event, ev.conflicts),
                last_activity_at=event.start_at,
                calendar_id=event.calendar_id,
                event_id=event.event_id,
                rule_score=scored.score,
            )
        )
    return result


def _near(a: TriageEvent, b: TriageEvent) -> bool:
    """Whether two events are close enough in time that one may conflict with the other."""
    if not (a.start_at and a.end_at and b.start_at and b.end_at):
        return False
    return a.start_at < b.end_at + timedelta(hours=1) and b.start_at < a.end_at + timedelta(hours=1)


def _adjudicate_and_write(
    state: _Pass, derived: list[Derived], llm: JsonModel | None
) -> list[ItemWrite]:
    """Ask the model about borderline items, apply feedback, and build the writes."""
    existing = {
        **q.items_by_keys(
            state.store,
            state.account_id,
            "gmail",
            [d.source_key for d in derived if d.source == "gmail"],
        ),
        **q.items_by_keys(
            state.store,
            state.account_id,
            "calendar",
            [d.source_key for d in derived if d.source == "calendar"],
        ),
    }
    verdicts = ql.item_verdicts(state.store, [i.id for i in existing.values()])
    band = state.settings.triage
    requests: list[AdjudicationRequest] = []
    for d in derived:
        effect: RuleEffect = d.scored.extras["effect"]  # type: ignore[assignment]
        item = existing.get(d.source_key)
        if effect.mute or effect.important or (item and item.id in verdicts):
            continue
        if (
            band.model_band_low <= d.scored.score <= band.model_band_high
            and d.scored.kind != "none"
        ):
            requests.append(
                AdjudicationRequest(
                    key=d.source_key,
                    subject_ref=f"{d.source}:{d.source_key}",
                    content_hash=d.content_hash or "",
                    rule_score=d.scored.score,
                    kind=d.scored.kind,
                    rule_reason=d.scored.reason,
                    text=str(d.scored.extras.get("text", "")),
                    sender=str(d.scored.extras.get("sender") or ""),
                )
            )
    model_verdicts, stats = adjudicate(state.store, state.settings, state.account_id, requests, llm)
    for name, value in stats.items():
        state.bump(name, value)
    writes: list[ItemWrite] = []
    for d in derived:
        item = existing.get(d.source_key)
        if d.source_key in model_verdicts:
            apply_model(d, model_verdicts[d.source_key], state.thresholds)
        if item is not None and item.id in verdicts:
            verdict, given_at = verdicts[item.id]
            if d.last_inbound_at is None or given_at >= d.last_inbound_at:
                apply_feedback(d.scored, verdict, state.thresholds)
        write = next_write(item, d, state.now)
        if write is not None:
            writes.append(write)
    return writes
