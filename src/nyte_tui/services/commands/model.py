"""The model interpreter: one validated JSON call, recorded, with the offline reading as fallback.

A timeout or an unreachable server is retried once; invalid JSON or a wrong schema is not. In
every failure the offline reading stands and the user is told why in one line.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from nyte_tui.commands import Intent
from nyte_tui.commands.intent import KINDS
from nyte_tui.config.settings import Settings
from nyte_tui.services.commands.codec import intent_json
from nyte_tui.services.commands.context import CommandScope
from nyte_tui.services.commands.reading import Reading, guard_model_answer
from nyte_tui.store.db import Store
from nyte_tui.store.queries import app_reads, command_context
from nyte_tui.store.queries.worklist import record_model_call
from nyte_tui.store.triage_records import LlmCallRecord

MAX_TOKENS = 900
THREAD_MESSAGES = 3


def item_text(store: Store, scope: CommandScope) -> str | None:
    """What the selected item says (the last few messages or the event), for the model only."""
    item = scope.item
    if item is None:
        return None
    if item.source == "gmail" and item.thread_id:
        messages = app_reads.thread_messages(store, scope.account.account_id, item.thread_id)
        parts = []
        for message in messages[-THREAD_MESSAGES:]:
            who = "You" if message.is_sent else (message.from_name or message.from_email or "?")
            text = message.body_text or message.snippet or ""
            parts.append(f"From: {who}\nSubject: {message.subject or ''}\n{text}")
        return "\n\n".join(parts)
    if item.source == "calendar" and item.calendar_id and item.event_id:
        row = command_context.event(
            store, scope.account.account_id, item.calendar_id, item.event_id
        )
        if row is not None:
            return (
                f"Event: {row.title}\nOrganizer: {row.organizer_email or ''}\n"
                f"Location: {row.location or ''}\n{row.description or ''}"
            )
    return item.title


def _facts(scope: CommandScope) -> dict[str, Any]:
    """What nyte itself knows, given to the model as trusted facts (no mail text)."""
    ctx = scope.context
    facts: dict[str, Any] = {
        "now": ctx.now.isoformat(),
        "time_zone": getattr(ctx.zone, "key", str(ctx.zone)),
        "owner": ctx.user_name,
        "kinds": list(KINDS),
    }
    item = ctx.item
    if item is not None:
        facts["selected_item"] = {"kind": item.kind, "source": item.source}
    return facts


def model_reading(
    store: Store,
    settings: Settings,
    scope: CommandScope,
    words: str,
    instruction: str,
    offline: Reading,
    allowed: set[str],
    *,
    previous: Intent | None = None,
    run_id: int | None = None,
) -> Reading:
    """Ask the model; on any failure return the offline reading with a notice saying why."""
    from nyte_tui.llm.client import LlmInvalidOutput, LlmUnavailable, Usage, client_from_settings
    from nyte_tui.llm.command_prompt import command_messages, parse_command
    from nyte_tui.llm.prompts import InvalidModelOutput

    client = client_from_settings(settings, max_tokens=MAX_TOKENS)
    if client is None:
        return offline
    shown_text = item_text(store, scope)
    messages = command_messages(
        instruction,
        facts=_facts(scope),
        item_text=shown_text,
        previous=intent_json(previous) if previous is not None else None,
    )
    key = hashlib.sha256(repr(messages[-1]["content"][:2000]).encode()).hexdigest()
    usage: Usage | None = None
    outcome, error, data = "error", None, None
    for attempt in range(2):
        try:
            data, usage = client.complete_json(messages, "command")
            outcome = "ok"
            break
        except LlmUnavailable as exc:
            outcome, error = "timeout" if "Timeout" in str(exc) else "error", str(exc)
            if attempt == 1:
                break
        except LlmInvalidOutput as exc:
            outcome, error, usage = "invalid", str(exc), exc.usage
            break
    answer = None
    if data is not None:
        try:
            answer = parse_command(data)
        except InvalidModelOutput as exc:
            outcome, error = "invalid", str(exc)
    record_model_call(
        store,
        LlmCallRecord(
            model=client.model,
            purpose="interpret",
            cache_key=key,
            outcome=outcome,
            subject_ref=f"command_run:{run_id}" if run_id else None,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            latency_ms=usage.latency_ms if usage else 0,
            error=(error or "")[:300] or None,
            response=data if outcome == "ok" else None,
            account_id=scope.account.account_id,
        ),
    )
    if answer is None:
        why = {
            "timeout": "did not answer in time",
            "error": "could not be reached",
            "invalid": "answered with something nyte could not use",
        }.get(outcome, "failed")
        return replace(
            offline, notice=f"the model ({settings.model}) {why}; used the offline interpreter"
        )
    guarded = guard_model_answer(
        answer, words, scope.context, offline, allowed, thread_text=shown_text or ""
    )
    return replace(guarded, interpreter=str(settings.model))
