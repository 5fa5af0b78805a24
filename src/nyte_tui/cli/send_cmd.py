"""`nyte send` and `nyte outbox`: preview a message's exact bytes, then send them exactly once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from nyte_tui.cli.context import load_context
from nyte_tui.cli.output import JSON_HELP, console, emit_json
from nyte_tui.errors import ExitCode, UsageError

CONFIRM_LAST = "previewed"


class SendCommand(TyperCommand):
    """`nyte send`, where `--confirm` takes an optional outbox id."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Give a bare `--confirm` the value meaning "the identical previewed message"."""
        fixed = list(args)
        for index, arg in enumerate(fixed):
            if arg == "--":
                break
            if arg == "--confirm":
                following = fixed[index + 1] if index + 1 < len(fixed) else None
                if following is None or not following.isdigit():
                    fixed.insert(index + 1, CONFIRM_LAST)
                break
        result: list[str] = super().parse_args(ctx, fixed)
        return result


def _read_body(body: str | None, body_file: Path | None) -> str | None:
    """The body from --body, --body-file, or stdin when it is not a terminal."""
    if body is not None and body_file is not None:
        raise UsageError("give --body or --body-file, not both")
    if body is not None:
        return body
    if body_file is not None:
        try:
            return body_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the body file {body_file}: {exc}") from exc
    if sys.stdin is not None and not sys.stdin.isatty():
        text = sys.stdin.read()
        return text if text else None
    return None


def _print_result(result: Any) -> None:
    """Print a confirm's outcome for people."""
    out = console()
    state = result.json_state
    line = f"outbox {result.outbox_id}: {state}"
    if result.gmail_id:
        line += f" · Gmail id {result.gmail_id}"
    out.print(line)
    out.print(f"Message-ID: {result.message_id}")
    if state != "sent" and result.note:
        out.print(result.note)


def send(
    to: Annotated[
        list[str] | None, typer.Option("--to", help="Recipient (repeatable; you type it).")
    ] = None,
    cc: Annotated[list[str] | None, typer.Option("--cc", help="Cc recipient (repeatable).")] = None,
    bcc: Annotated[
        list[str] | None, typer.Option("--bcc", help="Bcc recipient (repeatable).")
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="Subject (a reply keeps the thread's).")
    ] = None,
    body: Annotated[str | None, typer.Option("--body", help="Body text.")] = None,
    body_file: Annotated[
        Path | None, typer.Option("--body-file", help="Read the body from this file.")
    ] = None,
    reply_to: Annotated[
        int | None,
        typer.Option("--reply-to", help="Reply in the thread of this item (recipients computed)."),
    ] = None,
    account: Annotated[
        str | None, typer.Option("--account", help="Send from this account (email).")
    ] = None,
    confirm: Annotated[
        str | None,
        typer.Option(
            "--confirm",
            help="Send: `--confirm ID` sends that preview; bare `--confirm` with the message "
            "options sends the identical message previewed before.",
        ),
    ] = None,
    resend_unknown: Annotated[
        bool,
        typer.Option("--resend-unknown", help="Send an `unknown` message again (not in Sent)."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Preview a message (nothing sent), or send a previewed one with --confirm.

    Exit codes: 0 sent or previewed, 1 failed, 2 usage (e.g. preview first), 4 unknown, 5 busy.
    """
    from nyte_tui.services.sending import send as sending

    paths, settings = load_context()
    sending.reconcile_pending(paths, settings, best_effort=True)
    message_given = bool(
        to or cc or bcc or subject or body is not None or body_file or reply_to is not None
    )
    if confirm is not None and confirm != CONFIRM_LAST:
        if message_given:
            raise UsageError("--confirm ID sends a stored preview; drop the message options")
        try:
            outbox_id = int(confirm)
        except ValueError as exc:
            raise UsageError(f"--confirm takes an outbox id, not {confirm!r}") from exc
        result = sending.confirm_send(paths, settings, outbox_id, resend_unknown=resend_unknown)
        _finish(result, as_json)
        return
    text = _read_body(body, body_file)
    if text is None:
        raise UsageError("no body: give --body TEXT, --body-file FILE, or pipe it on stdin")
    common: dict[str, Any] = {
        "account_email": account,
        "to": list(to or []),
        "cc": list(cc or []),
        "bcc": list(bcc or []),
        "subject": subject,
        "body": text,
        "reply_to_item": reply_to,
    }
    if confirm == CONFIRM_LAST:
        result = sending.confirm_previewed(paths, settings, resend_unknown=resend_unknown, **common)
        _finish(result, as_json)
        return
    if resend_unknown:
        raise UsageError("--resend-unknown only applies with --confirm")
    preview = sending.preview_send(paths, settings, **common)
    if as_json:
        emit_json(preview.as_json())
        return
    out = console()
    out.print(preview.text, markup=False)
    out.print("")
    out.print(
        f"outbox {preview.outbox_id}: previewed, nothing sent. To send exactly this: "
        f"nyte send --confirm {preview.outbox_id}",
        markup=False,
    )
    if preview.already_sent:
        out.print(f"note: an identical message was already sent (outbox {preview.already_sent})")


def _finish(result: Any, as_json: bool) -> None:
    """Print a confirm's result and end with its exit code."""
    if as_json:
        emit_json(result.as_json())
    else:
        _print_result(result)
    if result.exit_code != ExitCode.OK:
        raise typer.Exit(int(result.exit_code))


def outbox(
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many rows.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """List outbox rows and their states (queued, sending, sent, failed, unknown)."""
    from nyte_tui.services.sending.send import list_outbox

    paths, _settings = load_context()
    rows = list_outbox(paths, limit)
    if as_json:
        emit_json({"outbox": rows})
        return
    out = console()
    if not rows:
        out.print("the outbox is empty")
    for row in rows:
        to = ", ".join(row["to"]) or "-"
        out.print(
            f"{row['outbox_id']:>4} {row['state']:8} {to} · {row['subject']}"
            + (f" · Gmail id {row['gmail_id']}" if row["gmail_id"] else "")
            + (f" · {row['last_error']}" if row["last_error"] and row["state"] != "sent" else ""),
            markup=False,
        )


def register(app: typer.Typer) -> None:
    """Add send and outbox to the root app."""
    app.command("send", cls=SendCommand)(send)
    app.command("outbox")(outbox)
