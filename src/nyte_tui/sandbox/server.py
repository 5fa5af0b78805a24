"""SandboxServer: the loopback HTTP server that serves the fake Gmail, Calendar and OAuth APIs."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from nyte_tui.sandbox.control import CONTROL_PREFIX, handle_control
from nyte_tui.sandbox.protocol import REASON_PHRASES, ApiError, JsonObject, Request, Response
from nyte_tui.sandbox.routing import dispatch
from nyte_tui.sandbox.state import SandboxState
from nyte_tui.sandbox.tokens import DEFAULT_SCOPE

if TYPE_CHECKING:
    from nyte_tui.sandbox.seedtypes import GeneratedMailbox

logger = logging.getLogger(__name__)
IDLE_CONNECTION_SECONDS = 30


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows the sandbox state and its open connections."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], state: SandboxState) -> None:
        self.state = state
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _RequestHandler)

    def close_open_connections(self) -> None:
        """Shut down idle keep-alive connections so handler threads end promptly."""
        with self.connections_lock:
            connections = list(self.open_connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _RequestHandler(BaseHTTPRequestHandler):
    """Turns one HTTP exchange into a Request for the router and writes the Response."""

    protocol_version = "HTTP/1.1"
    server_version = "ESF"
    sys_version = ""
    timeout = IDLE_CONNECTION_SECONDS
    server: _HTTPServer

    def setup(self) -> None:
        """Track the connection so stop() can close it; disable Nagle for small replies."""
        super().setup()
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.open_connections.add(self.connection)

    def finish(self) -> None:
        """Forget the connection."""
        try:
            super().finish()
        finally:
            with self.server.connections_lock:
                self.server.open_connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Send access logs to the logging module instead of stderr."""
        logger.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        """Handle GET."""
        self.handle_exchange()

    def do_POST(self) -> None:
        """Handle POST."""
        self.handle_exchange()

    def do_PUT(self) -> None:
        """Handle PUT."""
        self.handle_exchange()

    def do_PATCH(self) -> None:
        """Handle PATCH."""
        self.handle_exchange()

    def do_DELETE(self) -> None:
        """Handle DELETE."""
        self.handle_exchange()

    def read_body(self) -> bytes:
        """Read the request body (Content-Length or chunked)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def handle_exchange(self) -> None:
        """Route one request and answer it (or drop the connection when a fault says so)."""
        state = self.server.state
        request = Request.build(
            self.command, self.path, dict(self.headers.items()), self.read_body()
        )
        try:
            if request.path.startswith(CONTROL_PREFIX):
                response = handle_control(state, request)
            else:
                response = dispatch(state, request)
        except Exception:
            logger.exception("sandbox handler failed for %s %s", request.method, request.path)
            response = ApiError(500).to_response()
        try:
            state.save_if_dirty()
        except OSError:
            logger.exception("could not save sandbox state")
        if response.drop:
            self.close_connection = True
            return
        try:
            self.write_response(response)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        if response.reset_after is not None:
            self.reset_connection()

    def reset_connection(self) -> None:
        """Abort the connection with a TCP reset (SO_LINGER 0) after a partial body."""
        import struct

        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

    def write_response(self, response: Response) -> None:
        """Write status, headers and body with an exact Content-Length."""
        self.send_response(response.status, REASON_PHRASES.get(response.status, "Unknown"))
        for name, value in response.headers:
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if response.body:
            cut = response.reset_after
            self.wfile.write(response.body if cut is None else response.body[:cut])


class SandboxServer:
    """A stateful fake of Gmail v1, Calendar v3 and Google OAuth on a loopback port."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: int | None = 0,
        threads: int = 300,
        events: int = 40,
        now: datetime | None = None,
        state_file: Path | None = None,
        quota_units_per_minute: int = 6000,
        history_horizon: int | None = None,
        mailbox: GeneratedMailbox | None = None,
        access_token_seconds: int = 3600,
    ) -> None:
        self.state = SandboxState(
            seed=seed,
            threads=threads,
            events=events,
            now=now,
            state_file=state_file,
            quota_units_per_minute=quota_units_per_minute,
            history_horizon=history_horizon,
            mailbox=mailbox,
            access_token_seconds=access_token_seconds,
        )
        self.httpd = _HTTPServer((host, port), self.state)
        bound_port = int(self.httpd.server_address[1])
        self.host = host
        self.port = bound_port
        self.url = f"http://{host}:{bound_port}/"
        self.token_uri = self.url + "token"
        self.auth_uri = self.url + "auth"
        self.revoke_uri = self.url + "revoke"
        self.thread: threading.Thread | None = None

    def start(self) -> SandboxServer:
        """Serve on a background daemon thread and return self."""
        if self.thread is None:
            self.thread = threading.Thread(
                target=self.httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sandbox-{self.port}",
                daemon=True,
            )
            self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close connections and save the state file."""
        if self.thread is not None:
            self.httpd.shutdown()
            self.thread.join(timeout=5)
            self.thread = None
        self.httpd.close_open_connections()
        self.httpd.server_close()
        if self.state.state_file is not None:
            self.state.save()

    def serve_forever(self) -> None:
        """Serve in the foreground until interrupted."""
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self.httpd.close_open_connections()
            self.httpd.server_close()
            if self.state.state_file is not None:
                self.state.save()

    def issue_tokens(self, client_id: str = "sandbox-client") -> JsonObject:
        """Mint an access and refresh token directly, skipping the browser flow."""
        with self.state.lock:
            issued = self.state.tokens.mint(client_id, DEFAULT_SCOPE)
            self.state.dirty = True
        self.state.save_if_dirty()
        return issued

    def __enter__(self) -> SandboxServer:
        """Start on entering a with-block."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop on leaving a with-block."""
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """Run a sandbox in the foreground: `python -m nyte_tui.sandbox.server --port 8765`."""
    import argparse

    parser = argparse.ArgumentParser(description="Loopback Gmail/Calendar/OAuth sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0, help="mailbox seed; -1 for an empty one")
    parser.add_argument("--threads", type=int, default=300)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--state-file", type=Path, default=None)
    parser.add_argument("--quota", type=int, default=6000, help="Gmail units per user per minute")
    options = parser.parse_args(argv)
    server = SandboxServer(
        options.host,
        options.port,
        seed=None if options.seed < 0 else options.seed,
        threads=options.threads,
        events=options.events,
        state_file=options.state_file,
        quota_units_per_minute=options.quota,
    )
    print(f"sandbox serving {server.url} (token_uri {server.token_uri})", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
