"""Bad local state, each through the real executable: one line, its exit code, a doctor line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from hardening.conftest import Home, one_clean_line
from nyte_tui.errors import ExitCode
from nyte_tui.store.migrate import SCHEMA_VERSION

LOCKED_BACKEND = """
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked


class Keyring(KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        raise KeyringLocked("the login keyring is locked")

    def set_password(self, service, username, password):
        raise KeyringLocked("the login keyring is locked")

    def delete_password(self, service, username):
        raise KeyringLocked("the login keyring is locked")
"""


def _doctor(home: Home, **env: str) -> dict[str, dict[str, object]]:
    result = home.run("doctor", "--json", **env)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    return {str(c["name"]): c for c in json.loads(result.stdout)["checks"]}


def test_a_database_from_a_newer_nyte(home: Home) -> None:
    conn = sqlite3.connect(home.database, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    before = home.digest()
    for args in (("important",), ("sync",), ("send", "--to", "a@b.example", "--body", "x")):
        result = home.run(*args)
        assert result.returncode == ExitCode.ERROR, (args, result.stderr)
        assert "upgrade nyte" in one_clean_line(result)
    checks = _doctor(home)
    assert "newer nyte" in str(checks["database"]["detail"])
    assert checks["database"]["fix"] == "upgrade nyte"
    assert home.digest() == before


def test_no_usable_keyring_exits_1_as_documented(home: Home) -> None:
    env = {
        "NYTE_SECRET_BACKEND": "keyring",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    result = home.run("sync", **env)
    assert result.returncode == ExitCode.ERROR, (result.stdout, result.stderr)
    line = one_clean_line(result)
    assert "keyring" in line and "NYTE_SECRET_BACKEND=file" in line, line
    checks = _doctor(home, **env)
    assert checks["secret store"]["ok"] is False
    assert "keyring" in str(checks["secret store"]["detail"])
    cron_doc = (Path(__file__).parents[2] / "docs" / "cron.md").read_text(encoding="utf-8")
    assert "| 1 |" in cron_doc and "keyring" in cron_doc.split("| 1 |", 1)[1].split("\n", 1)[0]


def test_a_locked_keyring_exits_1(home: Home, tmp_path: Path) -> None:
    (tmp_path / "lockedkr.py").write_text(LOCKED_BACKEND, encoding="utf-8")
    env = {
        "NYTE_SECRET_BACKEND": "keyring",
        "PYTHON_KEYRING_BACKEND": "lockedkr.Keyring",
        "PYTHONPATH": str(tmp_path),
    }
    result = home.run("sync", **env)
    assert result.returncode == ExitCode.ERROR, (result.stdout, result.stderr)
    line = one_clean_line(result)
    assert "locked" in line, line
    checks = _doctor(home, **env)
    assert checks["secret store"]["ok"] is False and "locked" in str(
        checks["secret store"]["detail"]
    )


@pytest.mark.parametrize(
    ("line", "expect"),
    [
        ('[sync]\nwindow_days = "lots"', "sync.window_days"),
        (
            "[sync]\nwindow_dayz = 7",
            "unknown setting sync.window_dayz (did you mean sync.window_days?)",
        ),
        ('colour = "blue"', "unknown setting colour"),
    ],
)
def test_a_bad_config_file(home: Home, line: str, expect: str) -> None:
    config = home.root / "config" / "config.toml"
    text = config.read_text(encoding="utf-8")
    if line.startswith("[sync]"):
        text = text.replace("[sync]\n", line + "\n", 1)
    else:
        text = line + "\n" + text
    config.write_text(text, encoding="utf-8")
    before = home.digest()
    for args in (("sync",), ("important",)):
        result = home.run(*args)
        assert result.returncode == ExitCode.USAGE, (args, result.stderr)
        line = one_clean_line(result)
        assert expect in line and str(config) in line, line
    checks = _doctor(home)
    assert checks["config"]["ok"] is False and expect in str(checks["config"]["detail"])
    assert home.digest() == before
