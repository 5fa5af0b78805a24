"""`nyte command`: the conversation from scripts — preview, respond, confirm, cancel, list, show.

`nyte command "reply that Tuesday works" --item 12` previews; nothing leaves the machine
until `nyte command confirm RUN`. Exit codes: 0 done or previewed, 1 failed, 2 an answer is
needed first (or usage), 4 not known yet (a message still sending), 5 busy.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from nyte_tui.cli.context import load_context
from nyte_tui.cli.output import JSON_HELP, console, emit_json
from nyte_tui.errors import ExitCode

JsonFlag = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


class CommandGroup(TyperGroup):
    """`nyte command "…"` previews: any first word that is not a subcommand is an instruction."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Route `nyte command TEXT [options]` to the hidden preview subcommand."""
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["preview", *args]
        result: list[str] = super().parse_args(ctx, args)
        return result


command_app = typer.Typer(
    cls=CommandGroup,
    help="The command conversation: preview → respond → confirm (nothing is sent before).",
    no_args_is_help=True,
)


def show_run(view: Any, as_json: bool) -> None:
    """Print a run as JSON or for people, and end with the exit code its state calls for."""
    from nyte_tui.services.views_json import to_json

    if as_json:
        emit_json(to_json(view))
    else:
        _print_run(view)
    if view.status == "failed":
        raise typer.Exit(int(ExitCode.ERROR))
    if view.status == "awaiting_follow_up":
        raise typer.Exit(int(ExitCode.USAGE))


def _print_run(view: Any) -> None:
    """A run for people: the question, or the exact preview and how to confirm it."""
    out = console()
    if view.notice:
        out.print(f"note: {view.notice}", markup=False)
    if view.changed:
        out.print(f"changed: {view.changed}", markup=False)
    for piece in view.unparsed:
        out.print(f"not understood: {piece}", markup=False)
    run = view.run_id
    if view.status == "awaiting_follow_up":
        out.print(f"run {run} · {view.question}", markup=False)
        out.print(f'answer with: nyte command respond {run} "…"', markup=False)
        return
    if view.proposal is not None and view.status == "awaiting_approval":
        out.print(view.proposal.preview, markup=False)
        out.print("")
        out.print(
            f"run {run} · {view.proposal.summary} · risk {view.proposal.risk} · "
            f"proposal {view.proposal.hash}",
            markup=False,
        )
        out.print(
            f"nothing was sent. To do exactly this: nyte command confirm {run} "
            f'(or respond {run} "…" to change it, cancel {run} to drop it)',
            markup=False,
        )
        return
    result = view.result or {}
    line = f"run {run} · {view.status.replace('_', ' ')}"
    for key, label in (("gmail_id", "Gmail id"), ("thread_id", "thread"), ("event_id", "event")):
        if result.get(key):
            line += f" · {label} {result[key]}"
    out.print(line, markup=False)
    if result.get("link"):
        out.print(str(result["link"]), markup=False)
    if view.error or result.get("note"):
        out.print(str(view.error or result.get("note")), markup=False)


@command_app.command("preview", hidden=True)
def preview_command(
    instruction: Annotated[list[str], typer.Argument(help="What nyte should do, in your words.")],
    item: Annotated[int | None, typer.Option("--item", help="The item it is about.")] = None,
    account: Annotated[str | None, typer.Option("--account", help="Act for this account.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Preview one instruction: a proposal, or one question."""
    from nyte_tui.services.commands.runs import preview

    paths, settings = load_context()
    show_run(
        preview(paths, settings, " ".join(instruction), item_id=item, account=account), as_json
    )


@command_app.command("respond")
def respond_command(
    run_id: Annotated[int, typer.Argument(help="The run to answer.")],
    answer: Annotated[
        list[str], typer.Argument(help='An answer or an edit ("Wednesday instead").')
    ],
    as_json: JsonFlag = False,
) -> None:
    """Answer a run's question or edit its proposal; the new proposal is shown."""
    from nyte_tui.services.commands.runs import respond

    paths, settings = load_context()
    show_run(respond(paths, settings, run_id, " ".join(answer)), as_json)


@command_app.command("confirm")
def confirm_command(
    run_id: Annotated[int, typer.Argument(help="The run to carry out.")],
    expect: Annotated[
        str | None,
        typer.Option("--expect", help="Only if the proposal is still this one (its hash)."),
    ] = None,
    delay: Annotated[
        float,
        typer.Option("--delay", min=0, max=120, help="Hold a message this many seconds first."),
    ] = 0.0,
    as_json: JsonFlag = False,
) -> None:
    """Carry out the proposal you were shown, exactly once (a repeat returns the result)."""
    from nyte_tui.services.commands.execute import (
        confirm,
        reconcile_runs,
        send_scheduled,
        undo,
    )
    from nyte_tui.services.sending.send import reconcile_pending

    paths, settings = load_context()
    reconcile_pending(paths, settings, best_effort=True)
    reconcile_runs(paths, settings)
    view = confirm(paths, settings, run_id, expect=expect, delay=delay)
    if delay > 0 and (view.result or {}).get("state") == "scheduled":
        if not as_json:
            console().print(f"sending in {delay:g} s — Ctrl-C to cancel", markup=False)
        try:
            time.sleep(delay)
        except KeyboardInterrupt:
            show_run(undo(paths, settings, run_id), as_json)
            return
        view = send_scheduled(paths, settings, run_id)
    show_run(view, as_json)
    if view.status == "executing":  # still sending, or not yet known whether it was sent
        raise typer.Exit(int(ExitCode.PARTIAL))


@command_app.command("cancel")
def cancel_command(run_id: int, as_json: JsonFlag = False) -> None:
    """End a run; nothing it prepared is sent."""
    from nyte_tui.services.commands.runs import cancel

    paths, settings = load_context()
    show_run(cancel(paths, settings, run_id), as_json)


@command_app.command("list")
def list_command(
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many runs.")] = 20,
    as_json: JsonFlag = False,
) -> None:
    """The latest runs and their states."""
    from nyte_tui.services.commands.runs import list_runs
    from nyte_tui.services.views_json import to_json

    paths, _settings = load_context()
    runs = list_runs(paths, limit=limit)
    if as_json:
        emit_json(to_json(runs))
        return
    out = console()
    if not runs.runs:
        out.print('no command runs yet; try nyte command "reply that I am on it" --item ID')
    for run in runs.runs:
        what = run.proposal.summary if run.proposal else (run.question or run.instruction)
        out.print(f"{run.run_id:>4} {run.status:18} {what}", markup=False)


@command_app.command("show")
def show_command(run_id: int, as_json: JsonFlag = False) -> None:
    """One run with its conversation."""
    from nyte_tui.services.commands.runs import show
    from nyte_tui.services.views_json import to_json

    paths, _settings = load_context()
    view = show(paths, run_id)
    if as_json:
        emit_json(to_json(view))
        return
    out = console()
    for turn in view.turns:
        out.print(f"{turn.role:>4}  {turn.text}", markup=False)
    _print_run(view)


def register(app: typer.Typer) -> None:
    """Add `nyte command` to the root app."""
    app.add_typer(command_app, name="command")
