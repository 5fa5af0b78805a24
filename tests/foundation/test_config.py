"""Settings precedence (defaults < TOML < environment) and private paths."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from nyte_tui.config.paths import resolve_paths
from nyte_tui.config.settings import ConfigError, describe_settings, load_settings


def write_config(home: Path, text: str) -> None:
    """Write the TOML settings file under a NYTE_HOME."""
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(text, encoding="utf-8")


def test_defaults_match_the_documented_values() -> None:
    settings = load_settings()
    assert settings.sync.window_days == 30
    assert settings.sync.calendar_days == 30
    assert settings.sync.interval == 5
    assert settings.follow_up_days == 3
    assert settings.sync.quota_units_per_minute == 6000
    assert settings.model is None
    assert settings.google.api_root == "https://www.googleapis.com/"


def test_toml_overrides_defaults_and_env_overrides_toml(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(
        isolated_home,
        'model = "openai/from-toml"\nfollow_up_days = 4\n'
        "[sync]\nwindow_days = 10\ninterval = 7\n"
        '[google]\napi_root = "http://toml.invalid/"\n',
    )
    settings = load_settings()
    assert (settings.sync.window_days, settings.sync.interval, settings.follow_up_days) == (
        10,
        7,
        4,
    )
    assert settings.model == "openai/from-toml"

    monkeypatch.setenv("NYTE_SYNC_WINDOW_DAYS", "12")
    monkeypatch.setenv("NYTE_GOOGLE_API_ROOT", "http://127.0.0.1:9/")
    monkeypatch.setenv("NYTE_GOOGLE_TOKEN_URI", "http://127.0.0.1:9/token")
    monkeypatch.setenv("NYTE_GOOGLE_AUTH_URI", "http://127.0.0.1:9/auth")
    monkeypatch.setenv("NYTE_MODEL", "openai/from-env")
    settings = load_settings()
    assert settings.sync.window_days == 12
    assert settings.sync.interval == 7  # still from TOML: sections merge field by field
    assert settings.google.api_root == "http://127.0.0.1:9/"
    assert settings.google.token_uri == "http://127.0.0.1:9/token"
    assert settings.google.auth_uri == "http://127.0.0.1:9/auth"
    assert settings.model == "openai/from-env"


def test_original_model_variable_is_an_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PI_RUNTIME_MODEL", "openai/pi")
    assert load_settings().model == "openai/pi"


def test_invalid_values_name_the_setting(isolated_home: Path) -> None:
    write_config(isolated_home, "[sync]\nwindow_days = 0\n")
    with pytest.raises(ConfigError, match=r"sync\.window_days"):
        load_settings()


def test_broken_toml_is_a_config_error(isolated_home: Path) -> None:
    write_config(isolated_home, "[sync\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings()


def test_every_setting_is_documented() -> None:
    rows = describe_settings()
    names = {name for name, _env, _default, _doc in rows}
    assert {"sync.window_days", "sync.interval", "follow_up_days", "model"} <= names
    assert all(doc for _name, _env, _default, doc in rows)
    docs = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [name for name in names if f"`{name}`" not in docs]
    assert not missing, f"docs/configuration.md does not describe {missing}"


def test_directories_are_private(isolated_home: Path) -> None:
    paths = resolve_paths().ensure()
    for directory in (paths.config_dir, paths.data_dir, paths.state_dir, paths.log_dir):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
        assert str(directory).startswith(str(isolated_home))


def test_loose_existing_directory_is_tightened(isolated_home: Path) -> None:
    (isolated_home / "data").mkdir(parents=True)
    (isolated_home / "data").chmod(0o755)
    resolve_paths().ensure()
    assert stat.S_IMODE((isolated_home / "data").stat().st_mode) == 0o700


def test_environment_names_are_case_insensitive_and_lists_take_json(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("nyte_sync_lock_wait", "2.5")
    monkeypatch.setenv("NYTE_SYNC_CALENDARS", '["team@northwind.example"]')
    monkeypatch.setenv("NYTE_FOLLOW_UP_DAYS", "5")
    monkeypatch.setenv("NYTE_NOT_A_SETTING", "ignored")
    monkeypatch.setenv("MODEL", "openai/someone-elses")  # only NYTE_MODEL or PI_RUNTIME_MODEL
    settings = load_settings()
    assert settings.sync.lock_wait == 2.5
    assert settings.sync.calendars == ["team@northwind.example"]
    assert settings.follow_up_days == 5
    assert settings.model is None
    assert load_settings(sync={"interval": 9}).sync.lock_wait == 2.5  # overrides merge too

    monkeypatch.setenv("NYTE_SYNC_CALENDARS", "team@northwind.example")
    with pytest.raises(ConfigError, match=r"sync\.calendars: NYTE_SYNC_CALENDARS must be a JSON"):
        load_settings()


def test_a_bad_environment_value_names_the_setting(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NYTE_SYNC_INTERVAL", "often")
    with pytest.raises(ConfigError, match=r"setting sync\.interval: "):
        load_settings()
