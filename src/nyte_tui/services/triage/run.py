"""The triage pass after each sync: derive work items from changed threads and events."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from nyte_tui.config.settings import Settings, user_zone
from nyte_tui.services.triage import evidence as te
from nyte_tui.services.triage.contacts import compute_stats, participants
from nyte_tui.services.triage.derive import TriagePass, derive_events, derive_thread
from nyte_tui.services.triage.lifecycle import Derived, done_write, next_write
from nyte_tui.services.triage.model import (
    AdjudicationRequest,
    adjudicate,
    apply_budget,
    apply_feedback,
    apply_model,
    prompt_for,
)
from nyte_tui.services.triage.rules import RuleEffect
from nyte_tui.services.triage.scoring import (
    SCORE_VERSION,
    Thresholds,
)
from nyte_tui.services.triage.strangers import known_people
from nyte_tui.store.db import Store
from nyte_tui.store.queries import contacts as qc
from nyte_tui.store.queries import outbox as qo
from nyte_tui.store.queries import runs as qr
from nyte_tui.store.queries import triage as q
from nyte_tui.store.queries import triage_write as qw
from nyte_tui.store.queries import worklist as ql
from nyte_tui.store.triage_records import (
    ItemWrite,
    TriageMessage,
    TriageThread,
)
from nyte_tui.store.types import utcnow

if TYPE_CHECKING:
    from nyte_tui.llm.client import JsonModel
    from nyte_tui.sync.engine import AccountChanges

BODY_FETCH_LIMIT = 200
PROMOTIONAL = {"CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL"}
FetchBodies = Callable[[Sequence[str]], dict[str, str | None]]


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
    # mail to a send-as alias (an address the user has sent from) is mail to the user
    aliases = qo.sent_from_addresses(store, account_id)
    state = TriagePass(
        store,
        settings,
        account_id,
        moment,
        user_zone(settings),
        te.Identity({email.lower(), *aliases}, names, email.lower()),
        ql.list_rules(store, account_id),
        thresholds_of(settings),
    )
    own_run = run_id is None
    active_run = run_id or qr.start_workflow_run(store, "triage", actor, account_id)
    state.run_id = active_run
    # items scored by an older scoring version are rescored once, so an upgrade reranks them
    due = q.items_due_for_rescore(store, account_id, moment, SCORE_VERSION)
    thread_ids = set(q.threads_needing_triage(store, account_id, changed_threads))
    thread_ids.update(key for source, key in due if source == "gmail")
    threads = q.load_threads(store, account_id, sorted(thread_ids))
    # threads re-derived only because time passed changed nothing about anyone's contact stats
    _refresh_contacts(
        state,
        [t for t in threads if t.thread_id in changed_threads or t.triaged_hash != t.content_hash],
    )
    # the domains of the user's own addresses besides the account's are free mail to them
    personal = tuple(
        e.rsplit("@", 1)[-1] + "." for e in state.me.emails if not e.endswith("@" + state.me.domain)
    )
    state.known = known_people(
        qc.own_messages(store, account_id, state.me.emails),
        state.me.emails,
        te.FREEMAIL + tuple(p[:-1] for p in personal),
    )
    _fetch_candidate_bodies(state, threads, fetch_bodies)
    derived = [derive_thread(state, t) for t in threads if t.messages]
    derived += derive_events(state, changed_events, {k for s, k in due if s == "calendar"})
    writes = _adjudicate_and_write(state, derived, llm)
    writes += [
        done_write(item, "its thread or event is gone")
        for item in q.orphaned_items(store, account_id)
    ]
    saved = qw.save_items(store, account_id, writes, actor, moment)
    # a thread the model budget left out keeps no triaged hash, so the next pass takes it again
    q.mark_triaged(
        store,
        account_id,
        {
            t.thread_id: None if t.thread_id in state.budget_skipped else t.content_hash
            for t in threads
        },
    )
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
        "model_skipped": state.counts.get("model_skipped", 0),
        "body_fetch_failed": state.counts.get("body_fetch_failed", 0),
        "important": ql.count_important(
            store, account_id, settings.triage.important_threshold, moment
        ),
    }
    message = (
        f"scored {summary['scored_threads']} threads and {summary['scored_events']} events, "
        f"{summary['new_items']} new items, model adjudicated "
        f"{summary['model_calls'] + summary['model_cached']} ({summary['model_cached']} cached)"
    )
    qr.add_workflow_event(store, active_run, "triage.scored", message, summary, account_id)
    if own_run:
        qr.finish_workflow_run(store, active_run, "ok", summary)
    return summary


def _refresh_contacts(state: TriagePass, threads: list[TriageThread]) -> None:
    """Recompute contact statistics of everyone in the changed threads, from light columns.

    Three bounded queries, none of which loads a body: one aggregate per sender over the
    sender index, the user's own messages (To and Cc parsed here), and the senders' messages
    in threads the user wrote in. A bulk sender's history is never loaded message by message.
    """
    affected: set[str] = set()
    for thread in threads:
        affected |= participants(thread, state.me)
    if not affected:
        return
    inbound = qc.inbound_summary(state.store, state.account_id, affected)
    mine = qc.own_messages(state.store, state.account_id, state.me.emails)
    theirs = qc.replies_context(state.store, state.account_id, affected, state.me.emails)
    qc.save_contact_stats(
        state.store, state.account_id, compute_stats(affected, inbound, mine, theirs)
    )


def _fetch_candidate_bodies(
    state: TriagePass, threads: list[TriageThread], fetch_bodies: FetchBodies | None
) -> None:
    """Fetch bodies of inbound mail that might need the user, then of the user's own asks due a
    follow-up (bounded per pass)."""
    if fetch_bodies is None:
        return
    wanted: dict[str, TriageMessage] = {}
    mine: list[TriageMessage] = []
    for thread in sorted(threads, key=lambda t: -t.last_message_at):
        last = thread.messages[-1] if thread.messages else None
        if last is None:
            continue
        if last.is_sent or (last.from_email or "").lower() in state.me.emails:
            # the user's own ask, old enough to follow up: its question may be past the snippet
            if _old_enough_to_nudge(state, last):
                mine.append(last)
            continue
        if "INBOX" not in thread.label_ids:
            continue
        # automated mail may still name the user ("@you can you review…", "expires tomorrow"):
        # its body is read too, except for promotions and social notifications
        if te.automation_markers(last) and set(last.label_ids) & PROMOTIONAL:
            continue
        for message in reversed(thread.messages):
            if message.is_sent or (message.from_email or "").lower() in state.me.emails:
                break
            if message.body_state == "none" and len(wanted) < BODY_FETCH_LIMIT:
                wanted[message.gmail_id] = message
    for message in mine[: max(0, BODY_FETCH_LIMIT - len(wanted))]:
        wanted[message.gmail_id] = message  # inbound mail first, then the user's own asks
    if not wanted:
        return
    try:
        texts = fetch_bodies(list(wanted))
    except Exception as exc:  # rate-limit budget, HTTP errors: score from snippets instead
        state.bump("body_fetch_failed")
        qr.add_workflow_event(
            state.store,
            state.run_id,
            "triage.bodies_failed",
            f"could not fetch {len(wanted)} message bodies ({type(exc).__name__}: "
            f"{str(exc)[:200]}); scored from snippets",
            {"wanted": len(wanted), "error": type(exc).__name__},
            state.account_id,
        )
        return
    for gmail_id, text in texts.items():
        if gmail_id in wanted and text is not None:
            wanted[gmail_id].body_text = text
            wanted[gmail_id].body_state = "cached"
    state.bump("bodies", len(texts))


def _old_enough_to_nudge(state: TriagePass, mine: TriageMessage) -> bool:
    """Whether the user's own latest message, still without a body, may be due a follow-up."""
    age_days = (state.now.timestamp() * 1000 - mine.internal_date) / 86_400_000
    if mine.body_state != "none" or age_days < state.thresholds.follow_up_days:
        return False
    recipients = [a for a in te.addresses(mine.to_header) if a not in state.me.emails]
    return 0 < len(recipients) <= 3  # a nudge is only for an ask sent to a few people


def _adjudicate_and_write(
    state: TriagePass, derived: list[Derived], llm: JsonModel | None
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
                    rule_score=d.scored.score,
                    prompt=prompt_for(d, state.now),
                )
            )
    outcome = adjudicate(state.store, state.settings, state.account_id, requests, llm)
    for name, value in outcome.stats.items():
        state.bump(name, value)
    state.budget_skipped = set(outcome.skipped)
    model_verdicts = outcome.verdicts
    writes: list[ItemWrite] = []
    for d in derived:
        item = existing.get(d.source_key)
        if d.source_key in model_verdicts:
            apply_model(d, model_verdicts[d.source_key], state.thresholds)
        elif d.source_key in outcome.skipped:
            apply_budget(d)
            if d.source == "calendar":  # threads stay eligible through their triaged hash
                d.scored.rescore_at = state.now
        if item is not None and item.id in verdicts:
            verdict, given_at = verdicts[item.id]
            if d.last_inbound_at is None or given_at >= d.last_inbound_at:
                apply_feedback(d.scored, verdict, state.thresholds)
        write = next_write(item, d, state.now)
        if write is not None:
            writes.append(write)
    return writes
