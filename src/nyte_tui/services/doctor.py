"""`nyte doctor`: check paths, permissions, secrets, tokens, the lock and the last sync."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from nyte_tui.config.paths import Paths
from nyte_tui.config.settings import Settings
from nyte_tui.errors import ReauthRequired
from nyte_tui.services.doctor_local import (
    Check,
    check_database,
    check_disk,
    check_lock,
    check_paths,
)

__all__ = ["Check", "run_checks"]


def check_secrets(paths: Paths, settings: Settings) -> Check:
    """The configured secret backend can be opened and read."""
    try:
        from nyte_tui.auth.secrets import open_secret_store

        secret_store = open_secret_store(settings, paths)
        secret_store.get("nyte-doctor-probe")
    except Exception as exc:
        return Check(
            "secret store",
            False,
            f"{settings.secret.backend}: {exc}",
            "see docs/cron.md#secrets-and-keyrings",
        )
    return Check("secret store", True, f"{settings.secret.backend} ({secret_store.name})")


def check_accounts(paths: Paths, settings: Settings) -> list[Check]:
    """Each connected account's refresh token works (by refreshing it)."""
    from nyte_tui.services.accounts import account_status, credentials_for_account

    checks = []
    try:
        accounts = account_status(paths, settings)
    except Exception as exc:
        return [Check("accounts", False, _one_line(exc))]
    if not accounts:
        return [Check("accounts", False, "no account connected", "nyte auth login")]
    for info in accounts:
        email = info.email
        if info.status == "disabled":
            checks.append(Check(f"account {email}", True, "logged out"))
            continue
        try:
            credentials = credentials_for_account(paths, settings, email)
            from nyte_tui.auth.google import refresh_credentials

            refresh_credentials(credentials)
        except ReauthRequired as exc:
            checks.append(Check(f"account {email}", False, str(exc), "nyte auth login"))
            continue
        except Exception as exc:  # the store, the secret store or the network: not a login
            checks.append(Check(f"account {email}", False, _one_line(exc)))
            continue
        checks.append(Check(f"account {email}", True, "token refreshed"))
    return checks


def check_last_sync(paths: Paths, settings: Settings) -> list[Check]:
    """When sync last succeeded, per source, and whether it is failing."""
    from nyte_tui.store.db import open_store
    from nyte_tui.store.queries import ingestion as qi
    from nyte_tui.store.queries import runs as qr

    try:
        store = open_store(paths.database, read_only=True)
        try:
            last = qr.last_sync_finished_at(store)
            states = qi.all_source_states(store)
        finally:
            store.close()
    except Exception as exc:
        return [Check("last sync", False, _one_line(exc))]
    checks = []
    if last is None:
        checks.append(Check("last sync", False, "never", "nyte sync"))
    else:
        age = datetime.now(UTC) - last
        stale = age > timedelta(minutes=max(30, settings.sync.interval * 6))
        checks.append(
            Check(
                "last sync",
                not stale,
                f"{last.isoformat(timespec='seconds')} ({int(age.total_seconds() // 60)} min ago)",
                "check cron: nyte cron" if stale else None,
            )
        )
    for state in states:
        if state["last_error"]:
            checks.append(
                Check(
                    f"{state['account']} {state['source']}",
                    False,
                    f"{state['consecutive_failures']} failures; last: {state['last_error']}",
                )
            )
    return checks


def check_model(settings: Settings) -> Check:
    """Which model is configured (not called)."""
    if not settings.model:
        return Check("model", True, "offline (no model configured)")
    where = f" via {settings.llm.api_base}" if settings.llm.api_base else ""
    return Check("model", True, f"{settings.model}{where}")


def _one_line(exc: BaseException) -> str:
    """An exception as one line without its class name."""
    from nyte_tui.errors import NyteError

    text = str(exc).strip().splitlines()
    if isinstance(exc, NyteError) and text:
        return text[0]
    return (
        text[0]
        if text and type(exc).__module__.split(".")[0] != "sqlalchemy"
        else ("unexpected error; run again with --debug")
    )


def run_checks(paths: Paths, settings: Settings, config_problem: str | None = None) -> list[Check]:
    """Every check, in order (a store that failed its own check is not opened again)."""
    checks = check_paths(paths)
    if config_problem is not None:
        checks.append(
            Check("config", False, config_problem, f"edit {paths.config_file} (see docs)")
        )
    database = check_database(paths)
    checks.append(database)
    checks.append(check_disk(paths))
    checks.append(check_secrets(paths, settings))
    store_usable = database.ok or "read-only" in database.detail
    if store_usable:
        checks.extend(check_accounts(paths, settings))
    checks.append(check_lock(paths))
    if store_usable:
        checks.extend(check_last_sync(paths, settings))
    checks.append(check_model(settings))
    return checks


CRON_LINE_VARIABLES = (
    "NYTE_HOME",
    "NYTE_SECRET_BACKEND",
    "NYTE_SECRET_PASSPHRASE_COMMAND",
    "DBUS_SESSION_BUS_ADDRESS",
)


def cron_line_variables(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The nyte-related variables the recommended crontab line sets (never a secret itself)."""
    env = os.environ if environ is None else environ
    return {name: env[name] for name in CRON_LINE_VARIABLES if env.get(name)}


def cron_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """What cron gives the job: HOME, PATH, USER and the crontab line's own variables."""
    env = os.environ if environ is None else environ
    home = env.get("HOME", os.path.expanduser("~"))
    user = env.get("USER") or env.get("LOGNAME") or ""
    scrubbed = {
        "HOME": home,
        "PATH": "/usr/bin:/bin",
        "USER": user,
        "LOGNAME": user,
        "SHELL": "/bin/sh",
    }
    scrubbed.update(cron_line_variables(dict(env)))
    return scrubbed


def run_as_cron(paths: Paths) -> tuple[int, str, str]:
    """Run `nyte doctor --json` again in a cron-like environment; return code and output."""
    command = [sys.executable, "-m", "nyte_tui", "doctor", "--json"]
    env_tool = shutil.which("env") or "/usr/bin/env"
    full = [env_tool, "-i", *[f"{k}={v}" for k, v in cron_environment().items()], *command]
    result = subprocess.run(full, capture_output=True, text=True, timeout=120, check=False)
    return result.returncode, result.stdout, result.stderr


def crontab_line(paths: Paths, every_minutes: int) -> str:
    """The crontab entry that runs a quiet sync every few minutes."""
    nyte = shutil.which("nyte") or f"{sys.executable} -m nyte_tui"
    import shlex

    prefix = "".join(
        f"{name}={shlex.quote(value)} " for name, value in cron_line_variables().items()
    )
    log = paths.log_dir / "cron.log"
    return f"*/{every_minutes} * * * * {prefix}{nyte} sync --quiet >> {log} 2>&1"


def settings_for_doctor() -> tuple[Paths, Settings, str | None]:
    """This run's paths and settings; a bad config file becomes a finding, not a stop."""
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.config.settings import ConfigError, load_settings, settings_from_environment

    paths = resolve_paths()
    try:
        return paths, load_settings(paths), None
    except ConfigError as exc:
        problem = str(exc)
    try:
        return paths, settings_from_environment(), problem
    except ConfigError:
        return paths, Settings(), problem
