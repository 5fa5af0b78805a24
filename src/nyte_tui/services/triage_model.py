"""Model adjudication of borderline items: cached per content version, every call recorded."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nyte_tui.config.settings import Settings
from nyte_tui.services.triage_rules import RuleEffect
from nyte_tui.services.triage_scoring import Scored, Thresholds, tier_for
from nyte_tui.store import queries_triage_list as ql
from nyte_tui.store.db import Store
from nyte_tui.store.triage_records import LlmCallRecord

if TYPE_CHECKING:
    from nyte_tui.llm.client import JsonModel
    from nyte_tui.services.triage_state import Derived

PURPOSE = "adjudicate"


@dataclass
class AdjudicationRequest:
    """One borderline item to show the model."""

    key: str
    subject_ref: str
    content_hash: str
    rule_score: int
    kind: str
    rule_reason: str
    text: str
    sender: str


@dataclass
class ModelVerdict:
    """The model's validated verdict on one item."""

    score: int
    tier: str
    reason: str
    confidence: float
    cached: bool = False


def cache_key(model: str, request: AdjudicationRequest, score_version: str) -> str:
    """purpose + model + content hash + score version, hashed."""
    raw = f"{PURPOSE}|{model}|{request.content_hash}|{score_version}|{request.subject_ref}"
    return hashlib.sha256(raw.encode()).hexdigest()


def build_client(settings: Settings) -> JsonModel | None:
    """The configured model client, or None in offline mode."""
    if not settings.model:
        return None
    from nyte_tui.llm.client import LlmClient

    key = settings.llm.api_key.get_secret_value() if settings.llm.api_key else None
    return LlmClient(settings.model, settings.llm.api_base, key, settings.llm.timeout)


def adjudicate(
    store: Store,
    settings: Settings,
    account_id: int,
    requests: list[AdjudicationRequest],
    llm: JsonModel | None,
) -> tuple[dict[str, ModelVerdict | None], dict[str, int]]:
    """Verdicts per item key (None = the model failed; rule score stands) and call counts."""
    from nyte_tui.services.triage_scoring import SCORE_VERSION

    stats = {"model_calls": 0, "model_cached": 0, "model_failed": 0}
    if not requests:
        return {}, stats
    client = llm or build_client(settings)
    if client is None:
        return {}, stats
    verdicts: dict[str, ModelVerdict | None] = {}
    budget = settings.llm.max_calls_per_pass
    for request in sorted(requests, key=lambda r: -r.rule_score):
        key = cache_key(client.model, request, SCORE_VERSION)
        cached = ql.cached_model_response(store, PURPOSE, key)
        if cached is not None:
            verdict = _verdict(cached)
            if verdict is not None:
                verdict.cached = True
                verdicts[request.key] = verdict
                stats["model_cached"] += 1
                continue
        if budget <= 0:
            continue
        budget -= 1
        stats["model_calls"] += 1
        verdict = _call(store, client, account_id, request, key)
        if verdict is None:
            stats["model_failed"] += 1
        verdicts[request.key] = verdict
    return verdicts, stats


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
    messages = adjudication_messages(
        request.kind, request.sender, request.rule_score, request.rule_reason, request.text
    )
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
    """Use the model's score for a borderline item, or say that the rule score stands."""
    scored: Scored = d.scored
    if verdict is None:
        scored.reason = f"{scored.reason}; model unavailable; rule score"[:240]
        return
    effect: RuleEffect = scored.extras["effect"]  # type: ignore[assignment]
    d.model_score = verdict.score
    scored.score = max(0, min(100, verdict.score + effect.points))
    scored.tier = tier_for(scored.score, thresholds)
    scored.reason = f"{verdict.reason} (model; rule score {d.rule_score})"[:240]


def apply_feedback(scored: Scored, verdict: str, thresholds: Thresholds) -> None:
    """The user's verdict on this very item wins over rules-of-thumb and the model."""
    if verdict == "important":
        scored.score = max(scored.score, thresholds.important + 10)
        scored.reason = f"You marked this important; {scored.reason}"[:240]
    elif verdict == "not_important":
        scored.score = min(scored.score, thresholds.important - 30)
        scored.reason = f"You marked this not important; {scored.reason}"[:240]
    scored.tier = tier_for(scored.score, thresholds)
