"""A lazy litellm adapter: JSON completions, usage, and one error for "the model is unreachable"."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from nyte_tui.config.settings import Settings


class LlmUnavailable(Exception):
    """The model could not be reached or did not answer in time."""


class LlmInvalidOutput(Exception):
    """The model answered, but not with a JSON object."""

    usage: Usage | None = None


@dataclass
class Usage:
    """Token counts and wall time of one call."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0


class JsonModel(Protocol):
    """Anything that answers chat messages with one JSON object."""

    model: str

    def complete_json(
        self, messages: list[dict[str, str]], schema_name: str
    ) -> tuple[dict[str, Any], Usage]:
        """Return the parsed JSON answer and its usage."""
        ...


def _import_litellm() -> Any:
    """Import litellm offline-safe (local cost map, no debug banners)."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    return litellm


def parse_json_object(text: str) -> dict[str, Any]:
    """The first JSON object in a model's text (code fences allowed)."""
    stripped = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip())
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError:
        match = re.search(r"\{.*\}", stripped, re.DOTALL)
        if match is None:
            raise LlmInvalidOutput("the model's answer holds no JSON object") from None
        try:
            value = json.loads(match.group(0))
        except json.JSONDecodeError as exc:
            raise LlmInvalidOutput(f"the model's JSON does not parse: {exc.msg}") from exc
    if not isinstance(value, dict):
        raise LlmInvalidOutput("the model's JSON is not an object")
    return value


class LlmClient:
    """Calls one litellm model; litellm is imported on the first call, in the calling thread."""

    def __init__(
        self,
        model: str,
        api_base: str | None = None,
        api_key: str | None = None,
        timeout: float = 30.0,
        max_tokens: int = 300,
    ) -> None:
        """Remember where and how to call the model."""
        self.model = model
        self.api_base = api_base
        self.api_key = api_key
        self.timeout = timeout
        self.max_tokens = max_tokens

    def complete_json(
        self, messages: list[dict[str, str]], schema_name: str
    ) -> tuple[dict[str, Any], Usage]:
        """Ask for one JSON object (no tools); raise LlmUnavailable or LlmInvalidOutput."""
        litellm = _import_litellm()
        errors = litellm.exceptions
        unreachable = tuple(
            getattr(errors, name)
            for name in (
                "InternalServerError",
                "APIConnectionError",
                "Timeout",
                "ServiceUnavailableError",
                "RateLimitError",
                "BadGatewayError",
            )
            if hasattr(errors, name)
        )
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "timeout": self.timeout,
            "response_format": {"type": "json_object"},
            "temperature": 0,
            "max_tokens": self.max_tokens,
            "num_retries": 0,
            "metadata": {"schema": schema_name},
        }
        if self.api_base:
            kwargs["api_base"] = self.api_base
        if self.api_key:
            kwargs["api_key"] = self.api_key
        started = time.monotonic()
        try:
            response = litellm.completion(**kwargs)
        except unreachable as exc:
            raise LlmUnavailable(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
        except errors.APIError as exc:
            raise LlmUnavailable(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
        latency = int((time.monotonic() - started) * 1000)
        usage_data = getattr(response, "usage", None)
        usage = Usage(
            prompt_tokens=int(getattr(usage_data, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage_data, "completion_tokens", 0) or 0),
            latency_ms=latency,
        )
        content = response.choices[0].message.content or ""
        try:
            return parse_json_object(content), usage
        except LlmInvalidOutput as exc:
            exc.usage = usage
            raise


OPENCODE_BASE = "https://opencode.ai/zen/v1"


def client_from_settings(settings: Settings, *, max_tokens: int = 300) -> LlmClient | None:
    """The configured model client, or None in offline mode.

    `opencode/NAME` means the OpenCode gateway (OpenAI-compatible) with `OPENCODE_API_KEY`;
    `NYTE_LLM_API_BASE` points any model at an OpenAI-compatible server.
    """
    if not settings.model:
        return None
    model = settings.model
    api_base = settings.llm.api_base
    key = settings.llm.api_key.get_secret_value() if settings.llm.api_key else None
    if model.startswith("opencode/"):
        model = "openai/" + model.split("/", 1)[1]
        api_base = api_base or OPENCODE_BASE
        key = key or os.environ.get("OPENCODE_API_KEY")
    elif key is None and api_base and "opencode" in api_base:
        key = os.environ.get("OPENCODE_API_KEY")
    return LlmClient(model, api_base, key, settings.llm.timeout, max_tokens)
