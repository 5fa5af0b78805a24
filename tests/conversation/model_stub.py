"""A local OpenAI-compatible chat server for the command interpreter, reached through litellm."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[dict[str, Any]], dict[str, Any] | str]


@dataclass
class ModelStub:
    """The stub's address, what it was asked, and how it answers next (mode and answer)."""

    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    mode: str = "ok"  # ok | fail | timeout | garbage
    answer: Answer = lambda body: {"kind": "none"}
    delay: float = 0.0

    def prompt_text(self, index: int = -1) -> str:
        """Everything one request showed the model, as one string."""
        return "\n".join(str(m.get("content")) for m in self.requests[index]["messages"])


@contextmanager
def model_stub() -> Iterator[ModelStub]:
    """Serve POST /v1/chat/completions on loopback until the block ends."""
    stub = ModelStub(url="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            stub.requests.append(body)
            if stub.mode == "timeout":
                time.sleep(stub.delay or 5)
            if stub.mode == "fail":
                self.send_response(503)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"error": {"message": "overloaded"}}')
                return
            answer = stub.answer(body)
            content = (
                "I cannot do JSON today."
                if stub.mode == "garbage"
                else (answer if isinstance(answer, str) else json.dumps(answer))
            )
            payload = json.dumps(
                {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "stub",
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": content},
                        }
                    ],
                    "usage": {"prompt_tokens": 120, "completion_tokens": 40, "total_tokens": 160},
                }
            ).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
