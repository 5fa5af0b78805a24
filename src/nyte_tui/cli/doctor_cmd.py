"""`nyte doctor` and `nyte cron`: is this machine ready to sync unattended?"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from nyte_tui.cli.context import load_context
from nyte_tui.cli.output import JSON_HELP, console, emit_json


def doctor(
    as_cron: Annotated[
        bool,
        typer.Option("--as-cron", help="Also re-run in a scrubbed cron-like environment."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Check paths, permissions, the secret store, tokens, the lock, the last sync and the model."""
    from nyte_tui.services.doctor import run_as_cron, run_checks, settings_for_doctor

    paths, settings, config_problem = settings_for_doctor()
    checks = run_checks(paths, settings, config_problem)
    cron: dict[str, object] | None = None
    if as_cron:
        code, stdout, stderr = run_as_cron(paths)
        try:
            inner = json.loads(stdout)
        except json.JSONDecodeError:
            inner = {"checks": [], "ok": False}
        token_checks = [c for c in inner.get("checks", []) if str(c["name"]).startswith("account ")]
        cron = {
            "ok": code == 0 and bool(token_checks) and all(c["ok"] for c in token_checks),
            "exit_code": code,
            "checks": inner.get("checks", []),
            "stderr": stderr.strip().splitlines()[-1:] if stderr.strip() else [],
        }
        cron["reason"] = _cron_reason(cron, token_checks)
    ok = all(c.ok for c in checks) and (cron is None or bool(cron["ok"]))
    if as_json:
        emit_json({"ok": ok, "checks": [c.as_json() for c in checks], "as_cron": cron})
    else:
        out = console()
        for check in checks:
            mark = "ok " if check.ok else "FAIL"
            out.print(
                f"{mark} {check.name}: {check.detail}" + (f"  → {check.fix}" if check.fix else "")
            )
        if cron is not None:
            verdict = "can" if cron["ok"] else "can NOT"
            reason = f": {cron['reason']}" if cron["reason"] else ""
            out.print(
                f"{'ok ' if cron['ok'] else 'FAIL'} cron environment {verdict} read the tokens"
                + reason
            )
    if not ok:
        raise typer.Exit(1)


def _cron_reason(cron: dict[str, object], token_checks: list[dict[str, object]]) -> str | None:
    """Why the cron-like run could not read the tokens, in one line (None when it could)."""
    if cron["ok"]:
        return None
    checks = cron["checks"] if isinstance(cron["checks"], list) else []
    failed = [c for c in token_checks if not c["ok"]]
    failed += [c for c in checks if not c["ok"] and c not in failed]
    if failed:
        first = failed[0]
        return f"{first['name']}: {first['detail']}"
    stderr = cron["stderr"] if isinstance(cron["stderr"], list) else []
    if stderr:
        return str(stderr[-1]).removeprefix("nyte: error: ")
    if not token_checks:
        return "no connected account was found there"
    return f"the cron-like run exited {cron['exit_code']}"


def cron(
    every: Annotated[
        int | None, typer.Option(help="Minutes between syncs (default: sync.interval).")
    ] = None,
) -> None:
    """Print the crontab line to install (and launchd / systemd timer notes)."""
    from nyte_tui.services.doctor import crontab_line

    paths, settings = load_context()
    minutes = every or settings.sync.interval
    line = crontab_line(paths, minutes)
    print("# Add with `crontab -e` (Linux; see docs/cron.md for macOS launchd and systemd):")
    print(line)
    print("# Check it can read your tokens from cron's environment: nyte doctor --as-cron")


def register(app: typer.Typer) -> None:
    """Add doctor and cron to the root app."""
    app.command("doctor")(doctor)
    app.command("cron")(cron)
