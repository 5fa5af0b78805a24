"""The root Typer app and the small commands that need nothing heavy."""

from __future__ import annotations

from typing import Annotated

import typer

from nyte_tui import __version__
from nyte_tui.cli.output import JSON_HELP, console, emit_json
from nyte_tui.errors import ExitCode, UsageError

EXIT_CODES_HELP = (
    "Exit codes: 0 ok, 1 error that needs you, 2 usage or config, 3 re-authentication needed, "
    "4 partial failure, 5 busy (another nyte holds the lock)."
)

app = typer.Typer(
    name="nyte",
    help="nyte: the few things in your Gmail and Calendar that need you today.\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
config_app = typer.Typer(help="Show settings.", no_args_is_help=True)
app.add_typer(config_app, name="config")


def _version_callback(value: bool) -> None:
    """Print the version and stop."""
    if value:
        print(f"nyte {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks (also NYTE_DEBUG=1).")
    ] = False,
) -> None:
    """Open the app when no command is given."""
    if ctx.invoked_subcommand is not None:
        return
    from nyte_tui.cli.app_launch import open_app_from_terminal

    open_app_from_terminal()


@app.command()
def paths(as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False) -> None:
    """Show where nyte keeps its config, data and logs."""
    from nyte_tui.config.paths import resolve_paths

    resolved = resolve_paths().as_dict()
    if as_json:
        emit_json({"paths": resolved})
        return
    out = console()
    for name, value in resolved.items():
        out.print(f"{name:12} {value}")


@config_app.command("show")
def config_show(
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Show the effective settings (secrets only as set or unset)."""
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.config.settings import ConfigError, load_settings

    paths_now = resolve_paths()
    try:
        settings = load_settings(paths_now)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    data = settings.public_dict()
    if as_json:
        emit_json({"config_file": str(paths_now.config_file), "settings": data})
        return
    out = console()
    out.print(f"# {paths_now.config_file}")
    for key, value in data.items():
        if isinstance(value, dict):
            for sub_key, sub_value in value.items():
                out.print(f"{key}.{sub_key} = {sub_value!r}")
        else:
            out.print(f"{key} = {value!r}")


@app.command()
def demo() -> None:
    """Open the app on the bundled sandbox mailbox (no account, no network)."""
    from nyte_tui.cli.app_launch import launch_app

    launch_app(demo=True)


def _register_subcommands() -> None:
    """Attach command groups defined in their own modules."""
    from nyte_tui.cli import auth_cmd

    auth_cmd.register(app)
    from nyte_tui.cli import doctor_cmd, sandbox_cmd, sync_cmd

    sandbox_cmd.register(app)
    sync_cmd.register(app)
    doctor_cmd.register(app)
    from nyte_tui.cli import triage_cmd

    triage_cmd.register(app)
    from nyte_tui.cli import send_cmd

    send_cmd.register(app)
    from nyte_tui.cli import command_cmd

    command_cmd.register(app)
    from nyte_tui.cli import actions_cmd

    actions_cmd.register(app)


_register_subcommands()

__all__ = ["EXIT_CODES_HELP", "ExitCode", "app"]
