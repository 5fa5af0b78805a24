"""`nyte sync` and `nyte runs`: mirror Google now, and show what past passes did."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from nyte_tui.cli.context import load_context
from nyte_tui.cli.output import JSON_HELP, console, emit_json


class RichReporter:
    """Progress for people at a terminal (a live rich progress display)."""

    def __init__(self) -> None:
        """Start a progress display on stderr."""
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

        self.progress_display = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed} messages"),
            console=Console(stderr=True),
            transient=True,
        )
        self.tasks: dict[tuple[str, str], Any] = {}
        self.progress_display.start()

    def progress(self, account: str, source: str, done: int, total: int | None, note: str) -> None:
        """Advance the bar of account and source."""
        key = (account, source)
        if key not in self.tasks:
            self.tasks[key] = self.progress_display.add_task(f"{account} · {source}", total=total)
        self.progress_display.update(
            self.tasks[key], completed=done, total=total, description=f"{account} · {source} {note}"
        )

    def note(self, account: str, text: str) -> None:
        """Print a note above the bars."""
        self.progress_display.console.print(f"[dim]{account}: {text}[/dim]")

    def stop(self) -> None:
        """Remove the display."""
        self.progress_display.stop()


def sync(
    full: Annotated[bool, typer.Option("--full", help="Re-list the whole window.")] = False,
    account: Annotated[
        str | None, typer.Option("--account", help="Sync only this account (email).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Mirror Gmail and Calendar now (exit 0 ok, 1 needs you, 3 re-auth, 4 partial, 5 busy)."""
    from nyte_tui.services.sync_service import run_sync

    paths, settings = load_context()
    interactive = sys.stderr.isatty() and not quiet and not as_json
    reporter = RichReporter() if interactive else None
    try:
        result = run_sync(paths, settings, full=full, account_email=account, reporter=reporter)
    finally:
        if reporter is not None:
            reporter.stop()
    if as_json:
        emit_json(result.as_json())
    elif not quiet or result.exit_code:
        out = console()
        if not result.accounts:
            out.print("no connected accounts; run `nyte auth login`")
        for report in result.accounts:
            if report.needs_reauth:
                out.print(f"{report.account}: {_without_account(report.account, report.error)}")
                continue
            parts = []
            for name, source in (("gmail", report.gmail), ("calendar", report.calendar)):
                if source is not None:
                    parts.append(
                        f"{name} {source.mode}: {source.fetched} fetched, {source.changed} changed,"
                        f" {source.deleted} deleted"
                        + (f", {len(source.skipped)} skipped" if source.skipped else "")
                        + (f" — {source.error}" if source.error else "")
                    )
            if report.error:
                parts.append(f"error: {_without_account(report.account, report.error)}")
            out.print(f"{report.account}: " + "; ".join(parts))
    if result.exit_code:
        raise typer.Exit(int(result.exit_code))


def _without_account(account: str, message: str | None) -> str:
    """The message without a leading "account: " (the line already starts with the account)."""
    text = message or ""
    prefix = f"{account}: "
    return text[len(prefix) :] if text.lower().startswith(prefix.lower()) else text


def runs(
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many runs.")] = 10,
    kind: Annotated[str | None, typer.Option(help="Only runs of this kind (sync, triage).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Show recent sync and scoring passes with their timelines."""
    from nyte_tui.services.sync_service import recent_runs

    paths, _settings = load_context()
    found = recent_runs(paths, limit, kind)
    if as_json:
        emit_json({"runs": found})
        return
    out = console()
    if not found:
        out.print("no runs yet")
    for run in found:
        started = run["started_at"].strftime("%Y-%m-%d %H:%M:%S")
        skipped = skipped_count(run["summary"])
        note = f" · {skipped} message{'s' if skipped != 1 else ''} skipped" if skipped else ""
        out.print(
            f"#{run['id']} {run['kind']} ({run['trigger']}) {run['status']} · {started}Z{note}"
        )
        for event in run["events"]:
            out.print(f"    {event['message']}")


def skipped_count(summary: Any) -> int:
    """How many messages a run's summary says were skipped."""
    gmail = summary.get("gmail") if isinstance(summary, dict) else None
    return int(gmail.get("skipped") or 0) if isinstance(gmail, dict) else 0


def register(app: typer.Typer) -> None:
    """Add sync and runs to the root app."""
    app.command("sync")(sync)
    app.command("runs")(runs)
