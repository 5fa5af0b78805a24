"""Model adjudication of borderline items: cached per prompt input, every call recorded."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from nyte_tui.config.settings import Settings
from nyte_tui.services.triage.rules import RuleEffect
from nyte_tui.services.triage.scoring import Scored, Thresholds, tier_for
from nyte_tui.store.db import Store
from nyte_tui.store.queries import worklist as ql
from nyte_tui.store.triage_records import LlmCallRecord

if TYPE_CHECKING:
    from nyte_tui.llm.client import JsonModel
    from nyte_tui.llm.prompts import FactValue, PromptInput
    from nyte_tui.services.triage.lifecycle import Derived

PURPOSE = "adjudicate"
MODEL_SWING = 20  # the model moves a rule score by at most this many points either way
AGE_STEPS = (0, 1, 4, 12, 24, 48, 96, 168, 336)
BUDGET_NOTE = "model not consulted (budget)"


@dataclass
class AdjudicationRequest:
    """One borderline item to show the model."""

    key: str
    subject_ref: str
    rule_score: int
    prompt: PromptInput


@dataclass
class ModelVerdict:
    """The model's validated verdict on one item."""

    score: int
    tier: str
    reason: str
    confidence: float
    cached: bool = False


@dataclass
class Adjudicated:
    """What adjudication decided: verdicts (None = failed), items left out by the budget."""

    verdicts: dict[str, ModelVerdict | None] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    stats: dict[str, int] = field(
        default_factory=lambda: {
            "model_calls": 0,
            "model_cached": 0,
            "model_failed": 0,
            "model_skipped": 0,
        }
    )


def cache_key(model: str, prompt: PromptInput, score_version: str) -> str:
    """purpose + model + score version + a hash of exactly what the model is shown."""
    raw = f"{PURPOSE}|{model}|{score_version}|{prompt.fingerprint()}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _age_bucket(hours: float) -> int:
    """Hours rounded down to a coarse step, so the prompt (and its cache key) stays stable."""
    return max((step for step in AGE_STEPS if step <= hours), default=0)


def prompt_for(d: Derived, now: datetime) -> PromptInput:
    """The model's view of one item: nyte's own facts, and the mail's text as untrusted data."""
    from nyte_tui.llm.prompts import adjudication_input

    scored = d.scored
    facts: dict[str, FactValue] = {
        "source": "calendar event" if d.source == "calendar" else "email thread",
        "kind": scored.kind,
        "rule_score": d.rule_score,
        "gates": [{"gate": g.gate, "matched": g.matched, "points": g.points} for g in scored.gates],
        "automation": [str(a) for a in _as_list(scored.extras.get("automation"))],
    }
    if d.source == "gmail":
        facts["last_from_me"] = d.last_from_me
    since = scored.extras.get("since")
    if isinstance(since, datetime):
        hours = (since - now if d.source == "calendar" else now - since).total_seconds() / 3600
        name = "starts_in_hours_at_least" if d.source == "calendar" else "age_hours_at_least"
        facts[name] = _age_bucket(max(0.0, hours))
    untrusted = [
        (str(pair[0]), str(pair[1]))
        for pair in _as_list(scored.extras.get("untrusted"))
        if isinstance(pair, tuple) and len(pair) == 2
    ]
    return adjudication_input(facts, untrusted)


def _as_list(value: object) -> list[Any]:
    """value if it is a list or tuple, else an empty list."""
    return list(value) if isinstance(value, list | tuple) else []


def build_client(settings: Settings) -> JsonModel | None:
    """The configured model client, or None in offline mode."""
    from nyte_tui.llm.client import client_from_settings

    return client_from_settings(settings)


def adjudicate(
    store: Store,
    settings: Settings,
    account_id: int,
    requests: list[AdjudicationRequest],
    llm: JsonModel | None,
) -> Adjudicated:
    """Verdicts per item key (None = the model failed), and the items the budget left out."""
    from nyte_tui.services.triage.scoring import SCORE_VERSION

    outcome = Adjudicated()
    if not requests:
        return outcome
    client = llm or build_client(settings)
    if client is None:
        return outcome
    stats = outcome.stats
    budget = settings.llm.max_calls_per_pass
    for request in sorted(requests, key=lambda r: -r.rule_score):
        key = cache_key(client.model, request.prompt, SCORE_VERSION)
        cached = ql.cached_model_response(store, PURPOSE, key)
        if cached is not None:
            verdict = _verdict(cached)
            if verdict is not None:
                verdict.cached = True
                outcome.verdicts[request.key] = verdict
                stats["model_cached"] += 1
                continue
        if budget <= 0:
            outcome.skipped.add(request.key)
            stats["model_skipped"] += 1
            continue
        budget -= 1
        stats["model_calls"] += 1
        verdict = _call(store, client, account_id, request, key)
        if verdict is None:
            stats["model_failed"] += 1
        outcome.verdicts[request.key] = verdict
    return outcome


def _verdict(data: dict[str, Any]) -> ModelVerdict | None:
    """A verdict from validated JSON, or None when it does not validate."""
    from nyte_tui.llm.prompts import InvalidModelOutput, parse_adjudication

    try:
        parsed = parse_adjudication(data)
    except InvalidModelOutput:
        return None
    return ModelVerdict(parsed.score, parsed.tier, parsed.reason, parsed.confidence)


def _call(
    store: Store, client: JsonModel, account_id: int, request: AdjudicationRequest, key: str
) -> ModelVerdict | None:
    """Call the model once and record the outcome, whatever it is."""
    from nyte_tui.llm.client import LlmInvalidOutput, LlmUnavailable
    from nyte_tui.llm.prompts import adjudication_messages

    record = LlmCallRecord(
        model=client.model,
        purpose=PURPOSE,
        cache_key=key,
        outcome="ok",
        subject_ref=request.subject_ref,
        account_id=account_id,
    )
    messages = adjudication_messages(request.prompt)
    started = time.monotonic()
    verdict: ModelVerdict | None = None
    try:
        data, usage = client.complete_json(messages, "adjudication")
        record.prompt_tokens, record.completion_tokens = (
            usage.prompt_tokens,
            usage.completion_tokens,
        )
        verdict = _verdict(data)
        if verdict is None:
            record.outcome, record.error = "invalid", "the verdict failed validation"
        else:
            record.response = {
                "score": verdict.score,
                "tier": verdict.tier,
                "reason": verdict.reason,
                "confidence": verdict.confidence,
            }
    except LlmUnavailable as exc:
        timed_out = "timeout" in str(exc).lower()
        record.outcome, record.error = ("timeout" if timed_out else "error"), str(exc)[:300]
    except LlmInvalidOutput as exc:
        record.outcome, record.error = "invalid", str(exc)[:300]
    except Exception as exc:  # any failure falls back to the rule score
        record.outcome, record.error = "error", f"{type(exc).__name__}: {str(exc)[:250]}"
    record.latency_ms = int((time.monotonic() - started) * 1000)
    ql.record_model_call(store, record)
    return verdict


def apply_model(d: Derived, verdict: ModelVerdict | None, thresholds: Thresholds) -> None:
    """Let the model move a borderline item's score by at most MODEL_SWING points.

    Boost and demote rules still apply on top of the model's score, and the result stays
    within MODEL_SWING of the rule score (which already holds the rule's watch gate) and 0–100.
    """
    scored: Scored = d.scored
    if verdict is None:
        scored.reason = f"{scored.reason}; model unavailable; rule score"[:240]
        return
    effect: RuleEffect = scored.extras["effect"]  # type: ignore[assignment]
    d.model_score = verdict.score
    low, high = d.rule_score - MODEL_SWING, d.rule_score + MODEL_SWING
    scored.score = max(0, min(100, max(low, min(high, verdict.score + effect.points))))
    scored.tier = tier_for(scored.score, thresholds)
    scored.reason = f"{verdict.reason} (model; rule score {d.rule_score})"[:240]


def apply_budget(d: Derived) -> None:
    """Say that the model was not asked because this pass's call budget ran out."""
    d.scored.reason = f"{d.scored.reason}; {BUDGET_NOTE}"[:240]


def apply_feedback(scored: Scored, verdict: str, thresholds: Thresholds) -> None:
    """The user's verdict on this very item wins over rules-of-thumb and the model."""
    if verdict == "important":
        scored.score = max(scored.score, thresholds.important + 10)
        scored.reason = f"You marked this important; {scored.reason}"[:240]
    elif verdict == "not_important":
        scored.score = min(scored.score, thresholds.important - 30)
        scored.reason = f"You marked this not important; {scored.reason}"[:240]
    scored.tier = tier_for(scored.score, thresholds)
