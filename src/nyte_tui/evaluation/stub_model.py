"""A local OpenAI-compatible model for the evaluation, reached through the real litellm path.

It answers from the trusted facts of the prompt only, by one documented rule, so its effect
on the figures says what the model band can do, not what the stub knows about the labels:
- the decision and the time gate both matched: the rule score + 10 (an ask with a clock);
- the decision gate did not match: the rule score - 10 (nothing is asked of the user);
- otherwise the rule score unchanged.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FACTS_RE = re.compile(r"Facts computed by nyte \(trusted\): (\{.*?\})\n", re.DOTALL)
STEP = 10


def verdict(prompt: str) -> dict[str, Any]:
    """The stub's answer to one adjudication prompt."""
    match = FACTS_RE.search(prompt)
    facts = json.loads(match.group(1)) if match else {}
    score = int(facts.get("rule_score", 50))
    gates = {g.get("gate"): g for g in facts.get("gates", []) if isinstance(g, dict)}
    decided = bool(gates.get("decision", {}).get("matched"))
    timed = bool(gates.get("time", {}).get("matched"))
    if decided and timed:
        score, why = score + STEP, "an ask with a date (stub model)"
    elif not decided:
        score, why = score - STEP, "nothing is asked of you (stub model)"
    else:
        why = "the rules' score stands (stub model)"
    score = max(0, min(100, score))
    tier = "critical" if score >= 85 else "important" if score >= 70 else "later"
    return {"score": score, "tier": tier, "reason": why, "confidence": 0.5}


@contextmanager
def stub_model() -> Iterator[tuple[str, list[int]]]:
    """Serve the stub on loopback; yield its base URL and a one-item list counting requests."""
    calls = [0]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            calls[0] += 1
            prompt = "\n".join(str(m.get("content")) for m in body.get("messages", []))
            payload = json.dumps(
                {
                    "id": "chatcmpl-eval-stub",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "stub",
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {
                                "role": "assistant",
                                "content": json.dumps(verdict(prompt)),
                            },
                        }
                    ],
                    "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": 30},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", calls
    finally:
        server.shutdown()
        server.server_close()
