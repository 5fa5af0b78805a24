"""`nyte sandbox serve`: run the loopback Google sandbox in the foreground."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nyte_tui.errors import UsageError

sandbox_app = typer.Typer(help="The loopback Google sandbox for tests and demos.")


@sandbox_app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Loopback address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port; 0 picks a free one.")] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the generated mailbox.")] = 0,
    threads: Annotated[int, typer.Option(help="Threads in the generated mailbox.")] = 300,
    events: Annotated[int, typer.Option(help="Calendar events to generate.")] = 40,
    state: Annotated[
        Path | None, typer.Option(help="JSON file to keep the sandbox's state in.")
    ] = None,
) -> None:
    """Serve a fake Gmail, Calendar and OAuth on loopback until Ctrl-C."""
    import ipaddress

    try:
        if not ipaddress.ip_address(host).is_loopback:
            raise UsageError("the sandbox binds loopback addresses only (127.0.0.0/8, ::1)")
    except ValueError as exc:
        if host != "localhost":
            raise UsageError(f"not an IP address: {host}") from exc
    import signal

    from nyte_tui.sandbox.server import SandboxServer

    # Ctrl-C stops it even when started from a script that ignores SIGINT in background
    # jobs, and so does a plain kill (SIGTERM); either way the state file is saved
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)

    server = SandboxServer(
        host=host, port=port, seed=seed, threads=threads, events=events, state_file=state
    )
    print(f"nyte sandbox listening on {server.url}", flush=True)
    print(f"export NYTE_GOOGLE_API_ROOT={server.url}")
    print(f"export NYTE_GOOGLE_TOKEN_URI={server.token_uri}")
    print(f"export NYTE_GOOGLE_AUTH_URI={server.auth_uri}")
    print(f"export NYTE_GOOGLE_REVOKE_URI={server.revoke_uri}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print("nyte sandbox stopped", flush=True)


def register(app: typer.Typer) -> None:
    """Add the sandbox group to the root app."""
    app.add_typer(sandbox_app, name="sandbox")


def _interrupt(signum: int, frame: object) -> None:
    """Stop serving as Ctrl-C does."""
    raise KeyboardInterrupt
