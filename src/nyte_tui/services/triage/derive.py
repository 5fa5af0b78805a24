"""Deriving an item from a thread or event: evidence, score, proposal, what the model sees."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from nyte_tui.config.settings import Settings
from nyte_tui.services.triage import event_evidence as tev
from nyte_tui.services.triage import evidence as te
from nyte_tui.services.triage.conflicts import conflict_table
from nyte_tui.services.triage.contacts import participants
from nyte_tui.services.triage.lifecycle import Derived
from nyte_tui.services.triage.rules import RuleEffect, RuleSubject, apply_rules
from nyte_tui.services.triage.scoring import (
    Thresholds,
    score_event,
    score_thread,
)
from nyte_tui.services.triage.strangers import KnownPeople
from nyte_tui.store.db import Store
from nyte_tui.store.queries import conflicts_write as qcw
from nyte_tui.store.queries import contacts as qc
from nyte_tui.store.queries import triage as q
from nyte_tui.store.triage_records import (
    RuleRow,
    TriageEvent,
    TriageThread,
)
from nyte_tui.textfold import one_line

if TYPE_CHECKING:
    pass


@dataclass
class TriagePass:
    """What one pass knows and counts."""

    store: Store
    settings: Settings
    account_id: int
    now: datetime
    tz: tzinfo
    me: te.Identity
    rules: list[RuleRow]
    thresholds: Thresholds
    run_id: int = 0
    known: KnownPeople | None = None
    counts: dict[str, int] = field(default_factory=dict)
    budget_skipped: set[str] = field(default_factory=set)

    def bump(self, name: str, by: int = 1) -> None:
        """Add to a counter."""
        self.counts[name] = self.counts.get(name, 0) + by


def rule_effect(state: TriagePass, sender: str | None, text: str, labels: set[str]) -> RuleEffect:
    """The user's rules applied to one item."""
    return apply_rules(state.rules, RuleSubject(sender, text, frozenset(labels)))


def derive_thread(state: TriagePass, thread: TriageThread) -> Derived:
    """Evidence, rules and rule score of one thread."""
    contacts_needed = participants(thread, state.me)
    contacts = qc.contact_stats(state.store, state.account_id, contacts_needed)
    ev = te.thread_evidence(thread, state.me, contacts, state.now, state.tz, state.known)
    last = thread.messages[-1]
    text = te.message_text(last)
    effect = rule_effect(state, ev.counterpart_email, f"{ev.subject}\n{text}", ev.labels)
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
    derived.scored.extras.update(
        effect=effect,
        automation=automation_kinds(ev.automation),
        since=derived.last_inbound_at or ev.last_activity,
        untrusted=[
            ("Other person", person_line(ev.counterpart_name, ev.counterpart_email)),
            ("Subject", one_line(ev.subject)),
            ("Latest message (written by you)" if ev.last_from_me else "Latest message", text),
        ],
    )
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
    elif scored.kind == "needs_reply" and inbound:
        derived.proposal = {
            "kind": "gmail.reply",
            "idempotency_key": f"reply:{state.account_id}:{thread.thread_id}:{last.gmail_id}",
            "summary": f"Reply to {scored.who or 'them'} about “{one_line(ev.subject)}”",
            "payload": {"reply": True, "thread_id": thread.thread_id},
        }
    return derived


def person_line(name: str | None, email: str | None) -> str:
    """A display name and address as one line ("" when neither is known)."""
    if name and email and name.lower() != email.lower():
        return one_line(f"{name} ({email})")
    return one_line(name or email or "")


def automation_kinds(markers: list[str]) -> list[str]:
    """The kinds of automation markers only (never the sender's address or header values)."""
    kinds = {
        "List-Id": "list-id",
        "List-Unsubscribe": "list-unsubscribe",
        "Precedence": "precedence-bulk",
        "Auto-Submitted": "auto-submitted",
        "sender": "no-reply-sender",
    }
    found = {kinds[k] for m in markers for k in kinds if m.startswith(k)}
    return sorted(found)


def event_hash(event: TriageEvent, conflicts: list[str]) -> str:
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


def derive_events(
    state: TriagePass, changed: set[str] | frozenset[str], due: set[str]
) -> list[Derived]:
    """Score events that changed since their item was scored (clashes included), or are due.

    An event counts as changed when sync says so or when its hash differs from the one its
    item was scored at, so a change is never lost when a triage pass after sync failed.
    """
    window_start = state.now - timedelta(days=2)
    window_end = state.now + timedelta(days=state.settings.sync.calendar_days + 2)
    events = q.load_events(state.store, state.account_id, window_start, window_end)
    existing = q.items_by_keys(
        state.store, state.account_id, "calendar", [e.source_key for e in events]
    )
    # one sweep per pass; the agenda and the detail pane read what is stored here
    table = conflict_table(events, state.me)
    qcw.replace_conflicts(state.store, state.account_id, window_start, window_end, table)
    conflicts = {e.source_key: [title for _, title in table.get(e.source_key, ())] for e in events}
    hashes = {e.source_key: event_hash(e, conflicts[e.source_key]) for e in events}
    stale = {
        key
        for key, digest in hashes.items()
        if key not in existing or existing[key].content_hash != digest
    }
    # conflicts are part of the hash, so a clash that appears or goes re-derives both events
    wanted = stale | ((set(changed) | due) & set(hashes))
    organizers = {(e.organizer_email or "").lower() for e in events if e.source_key in wanted}
    contacts = qc.contact_stats(state.store, state.account_id, organizers - {""})
    result: list[Derived] = []
    for event in events:
        if event.source_key not in wanted:
            continue
        ev = tev.event_evidence(event, events, state.me, contacts, conflicts[event.source_key])
        labels = {"CALENDAR"}
        effect = rule_effect(
            state, ev.organizer_email, f"{ev.title}\n{event.description or ''}", labels
        )
        scored = score_event(ev, effect, state.thresholds, state.now, state.tz)
        scored.extras.update(
            effect=effect,
            automation=[],
            since=event.start_at,
            untrusted=[
                ("Organizer", person_line(ev.organizer_name, ev.organizer_email)),
                ("Title", one_line(ev.title)),
                ("Location", one_line(event.location or "")),
                ("Overlaps", "; ".join(ev.conflicts)),
                ("Description", event.description or ""),
            ],
        )
        derived = Derived(
            source="calendar",
            source_key=event.source_key,
            scored=scored,
            content_hash=hashes[event.source_key],
            last_activity_at=event.start_at,
            calendar_id=event.calendar_id,
            event_id=event.event_id,
            rule_score=scored.score,
        )
        if scored.kind == "invite":
            key = f"rsvp:{state.account_id}:{event.source_key}:{hashes[event.source_key][:12]}"
            derived.proposal = {
                "kind": "calendar.rsvp",
                "idempotency_key": key,
                "summary": f"Answer the invitation “{one_line(ev.title)}”",
                "payload": {"calendar_id": event.calendar_id, "event_id": event.event_id},
            }
        result.append(derived)
    return result
