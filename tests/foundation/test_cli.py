"""The CLI skeleton: help, version, paths, config, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from foundation.helpers import nyte_bin, run_nyte


def test_console_script_prints_help_with_exit_codes() -> None:
    result = subprocess.run(
        [str(nyte_bin()), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    flat = " ".join(result.stdout.split())
    assert "Exit codes: 0 ok, 1 error that needs you, 2 usage or config, 3 re-" in flat
    for command in ("paths", "config", "demo", "sandbox"):
        assert command in result.stdout


def test_version() -> None:
    result = run_nyte("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("nyte 0.")


def test_paths_follow_nyte_home(isolated_home: Path) -> None:
    result = run_nyte("paths", "--json")
    assert result.returncode == 0, result.stderr
    paths = json.loads(result.stdout)["paths"]
    assert paths["database"] == str(isolated_home / "data" / "nyte.sqlite3")
    assert paths["config_file"] == str(isolated_home / "config" / "config.toml")
    assert all(value.startswith(str(isolated_home)) for value in paths.values())
    text = run_nyte("paths")
    assert str(isolated_home / "data") in text.stdout


def test_config_show_reports_toml_and_env_but_hides_secrets(isolated_home: Path) -> None:
    config_dir = isolated_home / "config"
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text(
        '[sync]\nwindow_days = 14\n[google]\nclient_secret = "hush-hush"\n', encoding="utf-8"
    )
    result = run_nyte(
        "config",
        "show",
        "--json",
        env={"NYTE_LLM_API_KEY": "sk-secret", "NYTE_FOLLOW_UP_DAYS": "5"},
    )
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)["settings"]
    assert settings["sync"]["window_days"] == 14
    assert settings["follow_up_days"] == 5
    assert settings["sync"]["calendar_days"] == 30
    assert settings["google"]["client_secret"] == "(set)"
    assert settings["llm"]["api_key"] == "(set)"
    assert "hush-hush" not in result.stdout and "sk-secret" not in result.stdout


def test_bad_config_is_one_clear_line_without_traceback(isolated_home: Path) -> None:
    (isolated_home / "config").mkdir(parents=True)
    (isolated_home / "config" / "config.toml").write_text("[sync\nwindow_days=", encoding="utf-8")
    result = run_nyte("config", "show")
    assert result.returncode == 2
    assert "not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_debug_shows_traceback(isolated_home: Path) -> None:
    (isolated_home / "config").mkdir(parents=True)
    (isolated_home / "config" / "config.toml").write_text("[sync\n", encoding="utf-8")
    result = run_nyte("config", "show", env={"NYTE_DEBUG": "1"})
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_json_errors_are_json(isolated_home: Path) -> None:
    (isolated_home / "config").mkdir(parents=True)
    (isolated_home / "config" / "config.toml").write_text("[sync]\nwindow_days = -3\n")
    result = run_nyte("config", "show", "--json")
    assert result.returncode == 2
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2
    assert "sync.window_days" in error["message"]


def test_unknown_command_is_usage_error() -> None:
    result = run_nyte("no-such-command")
    assert result.returncode == 2
    assert "No such command" in result.stderr


def test_bare_nyte_without_terminal_does_not_prompt_or_hang() -> None:
    result = run_nyte(timeout=30)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
