"""`nyte auth` from the real executable: no login without a terminal, help, empty status."""

from __future__ import annotations

import json
from pathlib import Path

from foundation.helpers import run_nyte
from foundation.test_import_hygiene import HEAVY, loaded_modules


def test_login_without_a_terminal_exits_3_and_starts_no_flow(isolated_home: Path) -> None:
    result = run_nyte("auth", "login", "--client-secret", "/nonexistent/client.json")
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "nyte: error: cannot log in without a terminal; run `nyte auth login` in a terminal"
    ]
    assert not (isolated_home / "data").exists()
    as_json = run_nyte("auth", "login", "--manual", "--json")
    assert as_json.returncode == 3
    assert json.loads(as_json.stdout)["error"]["exit_code"] == 3


def test_status_with_no_account(isolated_home: Path) -> None:
    result = run_nyte("auth", "status", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"secret_backend": "keyring", "accounts": []}
    text = run_nyte("auth", "status")
    assert "No account connected" in text.stdout


def test_file_backend_without_passphrase_is_one_line(isolated_home: Path) -> None:
    result = run_nyte("auth", "logout", env={"NYTE_SECRET_BACKEND": "file"})
    assert result.returncode == 1
    assert "needs a passphrase" in result.stderr and "Traceback" not in result.stderr


def test_auth_help_lists_commands_and_stays_light() -> None:
    result = run_nyte("auth", "--help")
    assert result.returncode == 0
    for command in ("login", "status", "logout"):
        assert command in result.stdout
    modules = loaded_modules("auth", "--help")
    assert not modules.intersection(HEAVY), modules.intersection(HEAVY)
