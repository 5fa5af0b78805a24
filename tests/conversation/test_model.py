"""The model interpreter through the real litellm path, and the offline fallback when it fails."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from conversation.conftest import Conv
from conversation.model_stub import ModelStub
from nyte_tui.store.work_models import LlmCall


def _calls(conv: Conv) -> list[LlmCall]:
    """Every recorded model call."""
    with conv.env.h.store.session() as session:
        return list(session.exec(select(LlmCall)))


def test_the_model_drafts_the_body_and_every_call_is_recorded(
    conv: Conv, reply_item: tuple[int, str], stub: ModelStub
) -> None:
    """The model writes the text; recipients stay the thread's; the call is in llm_calls."""
    stub.answer = lambda body: {
        "kind": "gmail.reply",
        "people": [],
        "body": "Thanks for sending it over. I will sign the contract tomorrow morning.",
        "summary": "Reply to Dana",
        "question": None,
    }
    view = conv.preview("reply that I'll sign it tomorrow morning", reply_item[0])
    assert view.proposal is not None, view
    assert view.interpreter == "openai/stub-model"
    assert "I will sign the contract tomorrow morning." in view.proposal.preview
    assert view.proposal.payload["to"] == ["Dana Contracts <contracts@lex.example>"]
    prompt = stub.prompt_text()
    assert "UNTRUSTED EMAIL DATA" in prompt and "please sign by Friday" in prompt
    assert "reply that I'll sign it tomorrow morning" in prompt
    calls = _calls(conv)
    assert [(c.purpose, c.outcome) for c in calls] == [("interpret", "ok")]
    assert calls[0].prompt_tokens == 120


@pytest.mark.parametrize(
    ("mode", "answer", "why"),
    [
        ("timeout", {"kind": "none"}, "did not answer in time"),
        ("fail", {"kind": "none"}, "could not be reached"),
        ("garbage", {"kind": "none"}, "could not use"),
        ("ok", {"kind": "launch.missiles", "people": "everyone"}, "could not use"),
    ],
)
def test_a_failing_model_falls_back_to_the_offline_interpreter(
    conv: Conv,
    reply_item: tuple[int, str],
    stub: ModelStub,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    answer: dict[str, Any],
    why: str,
) -> None:
    """Timeout, unreachable, not JSON, wrong schema: the offline reading stands and says why."""
    monkeypatch.setenv("NYTE_LLM_TIMEOUT", "1")
    stub.mode, stub.delay, stub.answer = mode, 2.5, lambda body: answer
    view = conv.preview("reply that I'll sign tomorrow morning", reply_item[0])
    assert view.proposal is not None, view
    assert view.notice and why in view.notice and "offline" in view.notice
    assert "I'll sign tomorrow morning." in view.proposal.preview
    assert view.interpreter == "offline"
    assert _calls(conv)[-1].outcome != "ok"
    retries = {"timeout": 2, "fail": 2}.get(mode, 1)
    assert len(stub.requests) == retries


def test_model_settings_name_the_server_and_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """NYTE_MODEL (or PI_RUNTIME_MODEL), NYTE_LLM_API_BASE, and OPENCODE_API_KEY for opencode/."""
    from nyte_tui.config.settings import settings_from_environment as from_env
    from nyte_tui.llm.client import OPENCODE_BASE, client_from_settings

    assert client_from_settings(from_env()) is None  # offline mode
    monkeypatch.setenv("PI_RUNTIME_MODEL", "opencode/big-pickle")
    monkeypatch.setenv("OPENCODE_API_KEY", "oc-test-key")
    client = client_from_settings(from_env())
    assert client is not None
    assert (client.model, client.api_base, client.api_key) == (
        "openai/big-pickle",
        OPENCODE_BASE,
        "oc-test-key",
    )
    monkeypatch.setenv("NYTE_MODEL", "openai/local")
    monkeypatch.setenv("NYTE_LLM_API_BASE", "http://127.0.0.1:9/v1")
    other = client_from_settings(from_env())
    assert other is not None and (other.model, other.api_base) == (
        "openai/local",
        "http://127.0.0.1:9/v1",
    )
