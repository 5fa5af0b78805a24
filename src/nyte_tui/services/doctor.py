"""`nyte doctor`: check paths, permissions, secrets, tokens, the lock and the last sync."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from nyte_tui.config.paths import Paths
from nyte_tui.config.settings import Settings


@dataclass
class Check:
    """One doctor finding."""

    name: str
    ok: bool
    detail: str
    fix: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The check as JSON."""
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "fix": self.fix}


def _mode(path: Any) -> int:
    """Permission bits of a path."""
    return stat.S_IMODE(os.stat(path).st_mode)


def check_paths(paths: Paths) -> list[Check]:
    """Directories exist, are private, and the database is 0600."""
    checks = []
    paths.ensure()
    for name, directory in (
        ("config dir", paths.config_dir),
        ("data dir", paths.data_dir),
        ("state dir", paths.state_dir),
    ):
        mode = _mode(directory)
        checks.append(
            Check(
                name,
                mode == 0o700,
                f"{directory} ({oct(mode)})",
                None if mode == 0o700 else f"chmod 700 {directory}",
            )
        )
    if paths.database.exists():
        mode = _mode(paths.database)
        checks.append(
            Check(
                "database",
                mode == 0o600,
                f"{paths.database} ({oct(mode)})",
                None if mode == 0o600 else f"chmod 600 {paths.database}",
            )
        )
    else:
        checks.append(Check("database", True, f"{paths.database} (not created yet)"))
    return checks


def check_lock(paths: Paths) -> Check:
    """Whether the writer lock is free right now."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(paths.sync_lock), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        owner = paths.sync_lock.with_suffix(".owner")
        who = owner.read_text().strip() if owner.exists() else "unknown process"
        return Check("writer lock", True, f"held by {who} (a sync or send is running)")
    lock.release()
    return Check("writer lock", True, "free")


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
        return [Check("accounts", False, str(exc))]
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
        except Exception as exc:
            checks.append(Check(f"account {email}", False, str(exc), "nyte auth login"))
            continue
        checks.append(Check(f"account {email}", True, "token refreshed"))
    return checks


def check_last_sync(paths: Paths, settings: Settings) -> list[Check]:
    """When sync last succeeded, per source, and whether it is failing."""
    from nyte_tui.store.db import open_store
    from nyte_tui.store.queries import ingestion as qi
    from nyte_tui.store.queries import runs as qr

    store = open_store(paths.database)
    try:
        last = qr.last_sync_finished_at(store)
        states = qi.all_source_states(store)
    finally:
        store.close()
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


def run_checks(paths: Paths, settings: Settings) -> list[Check]:
    """Every check, in order."""
    checks = check_paths(paths)
    checks.append(check_secrets(paths, settings))
    checks.extend(check_accounts(paths, settings))
    checks.append(check_lock(paths))
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
