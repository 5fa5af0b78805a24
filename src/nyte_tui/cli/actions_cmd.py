"""`nyte actions` (triage's proposals: list, approve, dismiss, feedback) and `nyte audit`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from nyte_tui.cli.context import load_context
from nyte_tui.cli.output import JSON_HELP, console, emit_json

JsonFlag = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
actions_app = typer.Typer(
    help="Proposed actions (reply, nudge, RSVP): approving starts a run to confirm.",
    no_args_is_help=True,
)


def _emit(value: Any) -> None:
    """Print a view as JSON."""
    from nyte_tui.services.views_json import to_json

    emit_json(to_json(value))


@actions_app.command("list")
def list_command(
    show_all: Annotated[
        bool, typer.Option("--all", help="Executed and dismissed ones too.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Pending proposals, newest first."""
    from nyte_tui.services.commands.actions import list_actions

    paths, _settings = load_context()
    found = list_actions(paths, include_done=show_all)
    if as_json:
        _emit(found)
        return
    out = console()
    if not found.actions:
        out.print("no proposed actions")
    for action in found.actions:
        item = f" · item {action.item_id}" if action.item_id else ""
        out.print(
            f"{action.id:>4} {action.status:10} {action.kind:22} {action.summary}{item}",
            markup=False,
        )


@actions_app.command("approve")
def approve_command(action_id: int, as_json: JsonFlag = False) -> None:
    """Turn a proposal into a command run (preview shown; confirm it with nyte command confirm)."""
    from nyte_tui.cli.command_cmd import show_run
    from nyte_tui.services.commands.actions import approve

    paths, settings = load_context()
    show_run(approve(paths, settings, action_id), as_json)


@actions_app.command("dismiss")
def dismiss_command(action_id: int, as_json: JsonFlag = False) -> None:
    """Dismiss a proposal (repeating it changes nothing)."""
    from nyte_tui.services.commands.actions import dismiss

    paths, settings = load_context()
    view = dismiss(paths, settings, action_id)
    if as_json:
        _emit(view)
    else:
        console().print(f"action {view.id}: {view.status}", markup=False)


@actions_app.command("feedback")
def feedback_command(
    action_id: int,
    verdict: Annotated[str, typer.Argument(help="good or bad")],
    as_json: JsonFlag = False,
) -> None:
    """Say whether a proposal was good or bad; it tunes what nyte proposes."""
    from nyte_tui.services.commands.actions import feedback

    paths, _settings = load_context()
    view = feedback(paths, action_id, verdict)
    if as_json:
        _emit(view)
    else:
        console().print(f"action {view.id}: marked {verdict}", markup=False)


def audit_command(
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many entries.")] = 50,
    entity: Annotated[
        str | None,
        typer.Option("--entity", help="Only one kind (command_run, proposed_action, outbox…)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """The append-only audit log: every change, who made it, newest first."""
    from nyte_tui.services.audit import audit_log

    paths, _settings = load_context()
    view = audit_log(paths, limit=limit, entity_type=entity)
    if as_json:
        _emit(view)
        return
    out = console()
    if not view.entries:
        out.print("the audit log is empty")
    for entry in view.entries:
        target = f"{entry.entity_type} {entry.entity_id or ''}".strip()
        out.print(
            f"{entry.at.astimezone():%Y-%m-%d %H:%M:%S} {entry.actor:9} {entry.action:24} {target}",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    """Add `nyte actions` and `nyte audit` to the root app."""
    app.add_typer(actions_app, name="actions")
    app.command("audit")(audit_command)
