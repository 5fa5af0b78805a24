"""Start the Textual app (imported only here, only when asked for)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nyte_tui.errors import NyteError, UsageError

if TYPE_CHECKING:
    from nyte_tui.services.app.backend import AppBackend


def launch_app(*, demo: bool) -> None:
    """Open the terminal app, on the loopback sandbox when demo is true.

    The settings are read by the backend's first worker, after the first paint; a bad
    settings file still ends the app with one line and exit code 2, like every command.
    """
    from nyte_tui.config.paths import resolve_paths

    paths = resolve_paths()
    if demo:
        from nyte_tui.services.app.demo_session import start_demo

        print("starting the demo sandbox…", flush=True)
        session = start_demo(paths)
        try:
            _run(session.backend(), demo=True)
        finally:
            session.stop()
        return
    if not paths.database.exists():
        raise NyteError("no account connected; run `nyte auth login` (or try `nyte demo`)")
    from nyte_tui.services.app.backend import AppBackend

    _run(AppBackend(paths), demo=False)


def open_app_from_terminal() -> None:
    """`nyte` with no command: the app, which needs a terminal on both ends."""
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the app needs a terminal; for scripts see `nyte --help`")
    launch_app(demo=False)


def _run(backend: AppBackend, *, demo: bool) -> None:
    """Run the app on backend until the user quits; a start-up problem becomes a NyteError."""
    from nyte_tui.tui.app import NyteApp

    app = NyteApp(backend, demo=demo)
    try:
        app.run()
    finally:
        backend.close()
    if app.startup_error and app.startup_usage_error:
        raise UsageError(app.startup_error)
    if app.startup_error:
        raise NyteError(app.startup_error)
