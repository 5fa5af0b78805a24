"""The command conversation: preview → respond → confirm (or cancel), each step stored.

Every step writes the run, its turns, its proposal, an audit entry and a workflow event in one
transaction. A proposal's exact content is hashed; confirm acts only on the hash last shown.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from nyte_tui.commands import Intent
from nyte_tui.config.paths import Paths
from nyte_tui.config.settings import Settings
from nyte_tui.errors import NyteError, UsageError
from nyte_tui.services.commands.calendar_exec import default_calendar_factory, free_busy_from
from nyte_tui.services.commands.codec import intent_from, intent_json
from nyte_tui.services.commands.context import CommandScope, build_scope
from nyte_tui.services.commands.model import item_text, model_reading
from nyte_tui.services.commands.plan_types import Blocked
from nyte_tui.services.commands.proposals import FreeBusy, build
from nyte_tui.services.commands.reading import Reading, offline_reading
from nyte_tui.services.commands.run_view import run_view
from nyte_tui.services.commands.safety import content_flags, guard_flags
from nyte_tui.services.run_views import RunList, RunView
from nyte_tui.services.sending.outbox import CredentialsFor, credentials_factory
from nyte_tui.services.session import opened_store
from nyte_tui.store.command_records import AuditNote, NewAction, RunChange, RunRecord
from nyte_tui.store.db import Store
from nyte_tui.store.queries import commands as qc
from nyte_tui.store.queries import runs as qr

OPEN = ("awaiting_follow_up", "awaiting_approval")
WHAT_I_DO = "What should nyte do? (reply, send, draft, accept, decline, schedule or move)"


def _read(
    store: Store,
    settings: Settings,
    scope: CommandScope,
    text: str,
    words: str,
    previous: Intent | None,
    missing: str | None,
    run_id: int,
) -> Reading:
    """The offline reading, improved by the model (behind its guard) when one is configured."""
    offline = offline_reading(text, scope.context, previous, missing)
    flags: tuple[str, ...] = ()
    if scope.context.item is not None:
        ctx_item = scope.context.item
        texts = [ctx_item.title, *(p.name for p in ctx_item.participants)]
        texts.append(item_text(store, scope) or "")
        flags = content_flags(texts)
    if not settings.model:
        return replace(offline, flags=flags)
    allowed = set()
    if scope.context.item is not None:
        allowed = {p.email.lower() for p in scope.context.item.participants}
    read = model_reading(
        store, settings, scope, words, text, offline, allowed, previous=previous, run_id=run_id
    )
    return replace(read, flags=guard_flags((*flags, *read.flags)))


def preview(
    paths: Paths,
    settings: Settings,
    instruction: str,
    *,
    item_id: int | None = None,
    account: str | None = None,
    actor: str = "user",
    trigger: str = "cli",
    source_action_id: int | None = None,
    seed: Intent | None = None,
    free_busy: FreeBusy | None = None,
    credentials: CredentialsFor | None = None,
    now: datetime | None = None,
) -> RunView:
    """Start a run: one proposal, or the one question that stands in its way.

    seed starts the run from an intent nyte built itself (a triage proposal being approved)
    instead of reading the instruction.
    """
    text = " ".join(instruction.split()) if "\n" not in instruction else instruction.strip()
    if not text:
        raise UsageError('say what nyte should do, e.g. nyte command "reply that Tuesday works"')
    with opened_store(paths) as store:
        scope = build_scope(store, settings, account_email=account, item_id=item_id, now=now)
        _bodies(store, paths, settings, scope, credentials)
        workflow = qr.start_workflow_run(store, "command", trigger, scope.account.account_id)
        run_id = qc.create_run(
            store,
            account_id=scope.account.account_id,
            work_item_id=scope.item.id if scope.item else None,
            instruction=text,
            interpreter=settings.model or "offline",
            workflow_run_id=workflow,
        )
        if seed is not None:
            reading = replace(
                _read(store, settings, scope, text, text, None, None, run_id),
                intent=seed,
                question=None,
                missing=None,
            )
        else:
            reading = _read(store, settings, scope, text, text, None, None, run_id)
        state: dict[str, Any] = {"words": text}
        if source_action_id is not None:
            state["source_action_id"] = source_action_id
        looker = free_busy or _free_busy(paths, settings, scope, credentials)
        return advance(
            store, settings, run_id, scope, reading, state, text, "previewed", actor, looker, now
        )


def respond(
    paths: Paths,
    settings: Settings,
    run_id: int,
    answer: str,
    *,
    actor: str = "user",
    free_busy: FreeBusy | None = None,
    credentials: CredentialsFor | None = None,
    now: datetime | None = None,
) -> RunView:
    """Answer the open question or edit the proposal; the proposal is revised and shown again."""
    text = answer.strip()
    if not text:
        raise UsageError('give an answer or an edit, e.g. "Wednesday instead"')
    with opened_store(paths) as store:
        run = _open_run(store, run_id)
        scope = build_scope(
            store, settings, account_email=run.account, item_id=run.work_item_id, now=now
        )
        state = dict(run.state)
        previous = intent_from(state["intent"]) if state.get("intent") else None
        missing = state.get("missing")
        words = f"{state.get('words', run.instruction)}\n{text}"
        reading = _read(store, settings, scope, text, words, previous, missing, run_id)
        state["words"] = words
        looker = free_busy or _free_busy(paths, settings, scope, credentials)
        return advance(
            store, settings, run_id, scope, reading, state, text, "responded", actor, looker, now
        )


def _bodies(
    store: Store,
    paths: Paths,
    settings: Settings,
    scope: CommandScope,
    credentials: CredentialsFor | None,
) -> None:
    """Fetch the selected thread's missing bodies (best effort: offline just reads less)."""
    item = scope.item
    if item is None or item.source != "gmail" or not item.thread_id:
        return
    from nyte_tui.store.records import AccountRef
    from nyte_tui.sync.bodies import fetch_thread_bodies

    creds = credentials or credentials_factory(paths, settings, "command")
    account = AccountRef(
        scope.account.account_id, scope.account.email, scope.account.client_id, "active"
    )
    try:
        fetch_thread_bodies(store, settings, account, creds(scope.account.email), item.thread_id)
    except Exception:  # no network, no token, quota: the command works from what is mirrored
        return


def _free_busy(
    paths: Paths, settings: Settings, scope: CommandScope, credentials: CredentialsFor | None
) -> FreeBusy:
    """Free/busy through Google Calendar with the account's credentials (built when asked)."""
    creds = credentials or credentials_factory(paths, settings, "command")
    zone = getattr(scope.context.zone, "key", "UTC")
    return free_busy_from(default_calendar_factory(settings, creds), scope.account.email, zone)


def _open_run(store: Store, run_id: int) -> RunRecord:
    """A run that can still take an answer, or a clear error."""
    run = qc.get_run(store, run_id)
    if run is None:
        raise NyteError(f"no command run {run_id}; see `nyte command list`")
    if run.status not in OPEN:
        raise NyteError(f"run {run_id} is {run.status.replace('_', ' ')}; start a new command")
    return run


def advance(
    store: Store,
    settings: Settings,
    run_id: int,
    scope: CommandScope,
    reading: Reading,
    state: dict[str, Any],
    user_text: str,
    step: str,
    actor: str,
    free_busy: FreeBusy | None,
    now: datetime | None,
) -> RunView:
    """Turn a reading into the run's next state: a question, or a stored, hashed proposal."""
    run = qc.get_run(store, run_id)
    assert run is not None
    intent = reading.intent
    state["intent"] = intent_json(intent) if intent is not None else None
    base = {
        "notice": reading.notice,
        "unparsed": list(reading.unparsed),
        "changed": reading.changed,
    }
    question, missing = reading.question, reading.missing
    built = None
    if intent is not None and question is None:
        built = build(
            store,
            settings,
            scope,
            intent,
            dict(state.get("plan") or {}),
            extra_flags=reading.flags,
            free_busy=free_busy,
            now=now,
        )
        if isinstance(built, Blocked):
            question, missing = built.question, built.missing
    if built is None or isinstance(built, Blocked):
        question = question or WHAT_I_DO
        state["missing"] = missing or ("kind" if intent is None else None)
        state["flags"] = list(reading.flags)
        qc.record_step(
            store,
            run_id,
            change=RunChange(
                status="awaiting_follow_up",
                question=question,
                state=state,
                interpreter=reading.interpreter,
            ),
            turns=[("user", user_text, {}), ("nyte", question, base)],
            audit=[AuditNote(actor, f"command.{step}", {"question": question, **base})],
            event=(f"command.{step}", f"asked: {question}", {"missing": state["missing"]}),
        )
        return _view(store, run_id, reading)
    state["missing"] = None
    state["plan"] = built.state
    state["flags"] = list(built.flags)
    revision = run.revision + 1
    new_action = None
    if built.action_id is None:
        new_action = NewAction(
            built.kind,
            built.payload,
            built.summary,
            built.preview,
            built.risk,
            f"run:{run_id}:rev:{revision}",
        )
    qc.record_step(
        store,
        run_id,
        change=RunChange(
            status="awaiting_approval",
            clear_question=True,
            risk=built.risk,
            state=state,
            revision=revision,
            proposal_hash=built.hash,
            shown_hash=built.hash,
            interpreter=reading.interpreter,
        ),
        turns=[
            ("user", user_text, {}),
            ("nyte", built.summary, {**base, "preview": built.preview, "hash": built.hash}),
        ],
        action=new_action,
        attach_action_id=built.action_id,
        attach_payload=built.payload if built.action_id is not None else None,
        audit=[
            AuditNote(
                actor,
                f"command.{step}",
                {"kind": built.kind, "risk": built.risk, "hash": built.hash, **base},
            )
        ],
        event=(f"command.{step}", built.summary, {"kind": built.kind, "risk": built.risk}),
    )
    return _view(store, run_id, reading)


def _view(store: Store, run_id: int, reading: Reading | None = None) -> RunView:
    """The run as stored, with what this step had to say."""
    run = qc.get_run(store, run_id)
    assert run is not None
    view = run_view(run)
    if reading is None:
        return view
    return replace(
        view,
        changed=reading.changed or None,
        notice=reading.notice,
        unparsed=reading.unparsed,
        notes=reading.notes,
    )


def cancel(paths: Paths, settings: Settings, run_id: int, *, actor: str = "user") -> RunView:
    """End a run; its proposal is dismissed and any message it prepared is never sent."""
    with opened_store(paths) as store:
        run = qc.get_run(store, run_id)
        if run is None:
            raise NyteError(f"no command run {run_id}; see `nyte command list`")
        if run.status == "cancelled":
            return run_view(run)
        if run.status not in OPEN:
            raise NyteError(
                f"run {run_id} is {run.status.replace('_', ' ')}; it cannot be cancelled"
            )
        written = qc.record_step(
            store,
            run_id,
            change=RunChange(status="cancelled", clear_question=True),
            turns=[("user", "cancel", {})],
            audit=[AuditNote(actor, "command.cancelled", {})],
            event=("command.cancelled", "cancelled", {}),
            expected_status=OPEN,
            dismiss_pending=True,
        )
        if written and run.workflow_run_id:
            qr.finish_workflow_run(store, run.workflow_run_id, "cancelled", {"run_id": run_id})
        return _view(store, run_id)


def list_runs(paths: Paths, *, limit: int = 20) -> RunList:
    """The latest runs, newest first."""
    with opened_store(paths) as store:
        return RunList(tuple(run_view(r) for r in qc.list_runs(store, limit=limit)))


def show(paths: Paths, run_id: int) -> RunView:
    """One run with its turns."""
    with opened_store(paths) as store:
        run = qc.get_run(store, run_id, with_turns=True)
        if run is None:
            raise NyteError(f"no command run {run_id}; see `nyte command list`")
        return run_view(run)
