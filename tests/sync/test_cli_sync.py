"""`nyte sync`, `runs`, `doctor` and `cron` through the real executable and secret store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nyte_tui.errors import ExitCode
from nyte_tui.store.queries import accounts as qa
from sync.conftest import USER, SyncHarness, control

CLIENT_ID = "sandbox-client"
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def cli_env(harness: SyncHarness, tmp_path: Path) -> dict[str, str]:
    """Environment for `nyte` subprocesses: the file secret store holds the refresh token."""
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE)
    server = harness.server
    harness.paths.config_file.write_text(
        "[sync]\nquota_units_per_minute = 1000000\n"
        f'[google]\napi_root = "{server.url}"\ntoken_uri = "{server.token_uri}"\n'
        f'auth_uri = "{server.auth_uri}"\nrevoke_uri = "{server.revoke_uri}"\n'
        f'client_id = "{CLIENT_ID}"\nclient_secret = "sandbox-secret"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NYTE_GOOGLE_", "NYTE_SYNC_"))}
    env.update(
        NYTE_SECRET_BACKEND="file",
        NYTE_SECRET_PASSPHRASE_COMMAND=f"cat {passphrase_file}",
    )
    from nyte_tui.auth.secrets import open_secret_store, refresh_token_key
    from nyte_tui.config.settings import load_settings

    previous = {k: os.environ.get(k) for k in ("NYTE_SECRET_BACKEND", "NYTE_SECRET_PASSPHRASE")}
    os.environ["NYTE_SECRET_BACKEND"] = "file"
    os.environ["NYTE_SECRET_PASSPHRASE"] = PASSPHRASE
    try:
        settings = load_settings(harness.paths)
        secrets = open_secret_store(settings, harness.paths)
        secrets.set(refresh_token_key(CLIENT_ID, USER), harness.tokens["refresh_token"])
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    scopes = str(harness.tokens.get("scope", "")).split()
    qa.upsert_account(harness.store, USER, "Alex Morgan", CLIENT_ID, scopes, None)
    return env


def nyte(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the nyte CLI with env."""
    return subprocess.run(
        [sys.executable, "-m", "nyte_tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_sync_json_quiet_and_runs(cli_env: dict[str, str], harness: SyncHarness) -> None:
    first = nyte(cli_env, "sync", "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["ok"] is True and summary["exit_code"] == 0
    account = summary["accounts"][0]
    assert account["account"] == USER
    for key in (
        "mode",
        "fetched",
        "changed",
        "deleted",
        "api_calls",
        "quota_units",
        "seconds",
        "error",
    ):
        assert key in account["gmail"] and key in account["calendar"]
    assert account["gmail"]["mode"] == "full" and account["gmail"]["fetched"] > 0
    assert harness.tokens["refresh_token"] not in first.stdout + first.stderr

    quiet = nyte(cli_env, "sync", "--quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "" and quiet.stderr == ""

    runs = nyte(cli_env, "runs", "--json")
    assert runs.returncode == 0
    listed = json.loads(runs.stdout)["runs"]
    assert [r["status"] for r in listed[:2]] == ["ok", "ok"]
    assert listed[0]["summary"]["gmail"]["mode"] == "incremental"


def test_revoked_token_exits_3_with_a_fix(cli_env: dict[str, str], harness: SyncHarness) -> None:
    assert nyte(cli_env, "sync", "--quiet").returncode == 0
    control(harness.server, "revoke")
    result = nyte(cli_env, "sync")
    assert result.returncode == ExitCode.REAUTH
    assert "nyte auth login" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_held_lock_exits_5(cli_env: dict[str, str], harness: SyncHarness) -> None:
    from filelock import FileLock

    with FileLock(str(harness.paths.sync_lock)):
        result = nyte({**cli_env, "NYTE_SYNC_LOCK_WAIT": "0.3"}, "sync", "--json")
    assert result.returncode == ExitCode.BUSY
    assert "another nyte sync or send is running" in result.stderr
    assert json.loads(result.stdout)["error"]["exit_code"] == 5


def test_doctor_checks_and_proves_the_cron_environment(
    cli_env: dict[str, str], harness: SyncHarness
) -> None:
    assert nyte(cli_env, "sync", "--quiet").returncode == 0
    result = nyte(cli_env, "doctor", "--as-cron", "--json")
    report = json.loads(result.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert checks[f"account {USER}"]["ok"], checks
    assert checks["database"]["ok"] and checks["last sync"]["ok"]
    assert report["as_cron"]["ok"], report["as_cron"]
    assert result.returncode == 0, result.stdout

    # A passphrase that only lives in the interactive shell is invisible to cron: doctor says so.
    leaky = {k: v for k, v in cli_env.items() if k != "NYTE_SECRET_PASSPHRASE_COMMAND"}
    leaky["NYTE_SECRET_PASSPHRASE"] = PASSPHRASE
    result = nyte(leaky, "doctor", "--as-cron", "--json")
    report = json.loads(result.stdout)
    assert {c["name"]: c for c in report["checks"]}[f"account {USER}"]["ok"]
    assert report["as_cron"]["ok"] is False
    assert result.returncode == 1


def test_cron_prints_a_quiet_sync_line(cli_env: dict[str, str]) -> None:
    result = nyte(cli_env, "cron")
    assert result.returncode == 0
    line = next(row for row in result.stdout.splitlines() if not row.startswith("#"))
    assert line.startswith("*/5 * * * * ")
    assert "sync --quiet" in line
    assert "NYTE_SECRET_BACKEND=file" in line
    assert PASSPHRASE not in result.stdout
