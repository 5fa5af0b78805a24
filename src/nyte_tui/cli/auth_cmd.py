"""`nyte auth login|status|logout`: connect Google accounts and keep their tokens secret."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from nyte_tui.cli.context import load_context
from nyte_tui.cli.output import JSON_HELP, can_prompt, console, emit_json
from nyte_tui.errors import ExitCode, NyteError, ReauthRequired

auth_app = typer.Typer(
    help="Connect, inspect and disconnect Google accounts.", no_args_is_help=True
)


def _write(text: str) -> None:
    """Talk to the user on stderr so stdout stays clean for --json."""
    print(text, file=sys.stderr, flush=True)


def _read_line(prompt: str) -> str:
    """Ask for one line on the terminal."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise NyteError("no input; run `nyte auth login --manual` again")
    return line.rstrip("\r\n")


@auth_app.command("login")
def login(
    client_secret: Annotated[
        Path | None,
        typer.Option(
            "--client-secret",
            help="Desktop OAuth client JSON downloaded from Google Cloud (kept in the secret "
            "store afterwards).",
            dir_okay=False,
        ),
    ] = None,
    manual: Annotated[
        bool,
        typer.Option("--manual", help="No local browser: paste the redirect URL back instead."),
    ] = False,
    no_browser: Annotated[
        bool,
        typer.Option("--no-browser", help="Print the URL instead of opening a browser."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Connect a Google account (opens the browser for consent)."""
    if not can_prompt():
        raise ReauthRequired(
            "cannot log in without a terminal; run `nyte auth login` in a terminal"
        )
    from nyte_tui.services.accounts import connect_account

    paths, settings = load_context()
    info = connect_account(
        paths,
        settings,
        client_secret_file=client_secret,
        manual=manual,
        open_browser=not no_browser,
        read_line=_read_line,
        write=_write,
        interactive=True,
    )
    if as_json:
        emit_json({"account": info.as_dict()})
        return
    name = f" ({info.display_name})" if info.display_name else ""
    print(f"Connected {info.email}{name}; refresh token kept in the {info.secret_backend} store.")
    if info.missing_scopes:
        print("Not granted: " + ", ".join(_short(scope) for scope in info.missing_scopes))


def _short(scope: str) -> str:
    """A scope without Google's URL prefix."""
    return scope.removeprefix("https://www.googleapis.com/auth/")


@auth_app.command("status")
def status(
    check: Annotated[
        bool,
        typer.Option("--check", help="Also refresh each account's token to prove it still works."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Show connected accounts, their status and where their tokens are kept."""
    from nyte_tui.services.accounts import account_status, credentials_for_account

    paths, settings = load_context()
    checks: dict[str, str] = {}
    failures: list[NyteError] = []
    if check:
        for info in account_status(paths, settings):
            if info.status == "disabled":
                continue
            try:
                credentials_for_account(paths, settings, info.email, actor="user")
                checks[info.email] = "ok"
            except NyteError as exc:
                checks[info.email] = (
                    "needs_reauth" if isinstance(exc, ReauthRequired) else f"error: {exc}"
                )
                failures.append(exc)
    infos = account_status(paths, settings)
    if as_json:
        accounts: list[dict[str, Any]] = []
        for info in infos:
            entry = info.as_dict()
            if check:
                entry["check"] = checks.get(info.email)
            accounts.append(entry)
        emit_json({"secret_backend": settings.secret.backend, "accounts": accounts})
    else:
        _print_status(infos, checks)
    for failure in failures:
        _write(f"nyte: error: {failure}")
    if failures:
        reauth = any(isinstance(failure, ReauthRequired) for failure in failures)
        raise typer.Exit(int(ExitCode.REAUTH if reauth else ExitCode.ERROR))


def _print_status(infos: list[Any], checks: dict[str, str]) -> None:
    """The status table for people."""
    out = console()
    if not infos:
        out.print("No account connected; run `nyte auth login --client-secret FILE`.")
        return
    for info in infos:
        token = {True: "present", False: "missing", None: "unknown"}[info.has_refresh_token]
        expiry = info.token_expiry.isoformat(timespec="minutes") if info.token_expiry else "-"
        line = f"{info.email:32} {info.status:13} refresh token {token} ({info.secret_backend})"
        out.print(f"{line}  access token until {expiry}")
        if info.status_reason:
            out.print(f"    reason: {info.status_reason}")
        if info.email in checks:
            out.print(f"    check: {checks[info.email]}")
        if info.secret_store_error:
            out.print(f"    secret store: {info.secret_store_error}")


@auth_app.command("logout")
def logout_command(
    account: Annotated[
        str | None, typer.Option("--account", help="The account to log out (needed if several).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Revoke an account's access, delete its token, and keep its local data."""
    from nyte_tui.services.accounts import logout

    paths, settings = load_context()
    result = logout(paths, settings, account)
    if as_json:
        emit_json({"logout": result.as_dict()})
        return
    revoked = "revoked at Google" if result.revoked else "not revoked at Google (already gone?)"
    print(f"Logged out {result.email}: token {revoked}; local data kept.")


def register(app: typer.Typer) -> None:
    """Add the auth group to the root app."""
    app.add_typer(auth_app, name="auth")
