"""Settings: defaults, then the TOML file, then `NYTE_*` environment variables."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from datetime import tzinfo
from pathlib import Path
from typing import Any, Literal, get_origin

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from nyte_tui.config.paths import Paths, resolve_paths

GOOGLE_API_ROOT = "https://www.googleapis.com/"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
GOOGLE_AUTH_URI = "https://accounts.google.com/o/oauth2/auth"
GOOGLE_REVOKE_URI = "https://oauth2.googleapis.com/revoke"


class ConfigError(Exception):
    """The settings file or environment holds something nyte cannot use."""


class SyncSettings(BaseModel):
    """How and how much nyte mirrors from Google."""

    window_days: int = Field(30, ge=1, le=3650, description="Days of Gmail history to mirror.")
    calendar_days: int = Field(
        30, ge=1, le=365, description="Days ahead of today to mirror from each calendar."
    )
    interval: int = Field(
        5, ge=1, le=1440, description="Minutes between background syncs while the app is open."
    )
    stale_after: int = Field(
        2, ge=0, le=1440, description="Minutes after which the app syncs on start."
    )
    quota_units_per_minute: int = Field(
        6000,
        ge=10,
        le=1_200_000,
        description="Gmail quota budget in units per user per minute (6,000 for projects "
        "created since 2026-05; 15,000 for older ones).",
    )
    message_get_units: int = Field(
        20, ge=1, le=100, description="Quota units that one messages.get costs your project."
    )
    calendar_requests_per_minute: int = Field(
        600, ge=1, le=10_000, description="Calendar API requests per user per minute."
    )
    batch_size: int = Field(50, ge=1, le=100, description="Requests per Gmail batch call.")
    page_size: int = Field(
        500, ge=1, le=500, description="Message ids per messages.list or history.list page."
    )
    max_wait: int = Field(
        120,
        ge=0,
        le=3600,
        description="Seconds a sync may spend waiting on rate limits before it stops "
        "with a partial result.",
    )
    timeout: float = Field(
        60.0,
        ge=1,
        le=600,
        description="Seconds one Google API call (sync or calendar write) may take before it "
        "counts as failed and is retried with back-off.",
    )
    lock_wait: float = Field(
        10.0,
        ge=0,
        le=600,
        description="Seconds a sync or send waits for another one to finish before exiting 5.",
    )
    calendars: list[str] = Field(
        default_factory=list,
        description="Calendar ids to mirror besides primary; empty means every calendar "
        "selected in Google Calendar.",
    )


class TriageSettings(BaseModel):
    """Thresholds of the Important list."""

    important_threshold: int = Field(
        70, ge=0, le=100, description="Score from which an open item is on the Important list."
    )
    critical_threshold: int = Field(85, ge=0, le=100, description="Score of the critical tier.")
    model_band_low: int = Field(
        55, ge=0, le=100, description="Lowest rule score the model is asked to adjudicate."
    )
    model_band_high: int = Field(
        84, ge=0, le=100, description="Highest rule score the model is asked to adjudicate."
    )


class LlmSettings(BaseModel):
    """How nyte reaches a language model (optional)."""

    api_base: str | None = Field(
        None, description="Base URL of an OpenAI-compatible server (llama.cpp, vLLM, a gateway)."
    )
    api_key: SecretStr | None = Field(
        None, description="API key for the model; provider variables of litellm also work."
    )
    timeout: float = Field(30.0, gt=0, le=600, description="Seconds before a model call fails.")
    max_calls_per_pass: int = Field(
        40, ge=0, le=10_000, description="Model calls one scoring pass may make."
    )


class SendSettings(BaseModel):
    """How a confirmed message leaves."""

    undo_seconds: int = Field(
        10, ge=0, le=120, description="Seconds a message confirmed in the app waits (u to undo)."
    )
    timeout: float = Field(
        60.0,
        ge=1,
        le=600,
        description="Seconds a send waits for Gmail's answer; a send claimed less than this "
        "(plus the connect time) ago may still be in flight and is never sent again.",
    )


class GoogleSettings(BaseModel):
    """The user's Desktop OAuth client and the Google endpoints."""

    client_secret_file: Path | None = Field(
        None, description="Path of the Desktop OAuth client JSON downloaded from Google Cloud."
    )
    client_id: str | None = Field(None, description="OAuth client id (instead of the file).")
    client_secret: SecretStr | None = Field(
        None, description="OAuth client secret (instead of the file)."
    )
    api_root: str = Field(
        GOOGLE_API_ROOT, description="Root serving gmail/v1 and calendar/v3 (tests, proxies)."
    )
    token_uri: str = Field(GOOGLE_TOKEN_URI, description="OAuth token endpoint.")
    auth_uri: str = Field(GOOGLE_AUTH_URI, description="OAuth authorization endpoint.")
    revoke_uri: str = Field(GOOGLE_REVOKE_URI, description="OAuth revocation endpoint.")
    login_timeout: int = Field(
        300, ge=10, le=3600, description="Seconds the browser login waits for consent."
    )


class SecretSettings(BaseModel):
    """Where refresh tokens and client secrets are kept."""

    backend: Literal["keyring", "file", "command"] = Field(
        "keyring",
        description="keyring = the OS keyring; file = an encrypted file whose passphrase "
        "comes from NYTE_SECRET_PASSPHRASE; command = an external command such as pass.",
    )
    command: str | None = Field(
        None,
        description="For backend=command: a program called as `CMD get|set|delete KEY` "
        "(secret on stdin for set, on stdout for get).",
    )


class Settings(BaseModel):
    """Every setting nyte reads (validated values; `load_settings` gathers them)."""

    model_config = ConfigDict(extra="ignore")

    model: str | None = Field(
        None,
        description="litellm model name (openai/…, anthropic/…, ollama/…); unset means offline.",
    )
    follow_up_days: int = Field(
        3, ge=1, le=60, description="Business days before your unanswered message needs a nudge."
    )
    time_zone: str | None = Field(
        None, description="IANA time zone for dates in mail; default is the system's."
    )
    sync: SyncSettings = Field(default_factory=SyncSettings)
    triage: TriageSettings = Field(default_factory=TriageSettings)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    google: GoogleSettings = Field(default_factory=GoogleSettings)
    secret: SecretSettings = Field(default_factory=SecretSettings)
    send: SendSettings = Field(default_factory=SendSettings)

    def public_dict(self) -> dict[str, Any]:
        """All settings as plain JSON values with secrets replaced by whether they are set."""
        data = self.model_dump(mode="json")
        data["llm"]["api_key"] = "(set)" if self.llm.api_key else None
        data["google"]["client_secret"] = "(set)" if self.google.client_secret else None
        return data


ENV_PREFIX = "NYTE_"
MODEL_ALIAS = "PI_RUNTIME_MODEL"  # the original product's name for the model variable


def load_settings(paths: Paths | None = None, **overrides: Any) -> Settings:
    """Read settings for these paths, raising ConfigError with one clear line on bad input.

    Later sources win, section by section and field by field: defaults, the TOML file, the
    `NYTE_*` environment, then explicit overrides.
    """
    resolved = paths or resolve_paths()
    config_file = resolved.config_file
    data: dict[str, Any] = {}
    if config_file.exists():
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_file}: not valid TOML ({exc})") from exc
        except OSError as exc:
            raise ConfigError(f"cannot read {config_file} ({exc.strerror})") from exc
        unknown = unknown_keys(data)
        if unknown:
            raise ConfigError(
                f"{config_file}: unknown setting {unknown[0]}{_did_you_mean(unknown[0])}"
            )
    source = f"{config_file}: " if config_file.exists() else ""
    return _validated(_merged(data, environment_values(os.environ), overrides), source)


def settings_from_environment(**overrides: Any) -> Settings:
    """Defaults, then the `NYTE_*` environment, then overrides (no settings file)."""
    return _validated(_merged(environment_values(os.environ), overrides), "")


def environment_values(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings named by `NYTE_*` variables (and PI_RUNTIME_MODEL), as nested values.

    Names are case-insensitive; `NYTE_SYNC_LOCK_WAIT` is `sync.lock_wait`. List settings take
    JSON (`NYTE_SYNC_CALENDARS='["team@example.com"]'`); variables naming no setting are ignored.
    """
    lowered = {key.lower(): value for key, value in environ.items()}
    values: dict[str, Any] = {}
    model = lowered.get(ENV_PREFIX.lower() + "model", lowered.get(MODEL_ALIAS.lower()))
    if model is not None:
        values["model"] = model
    prefix = ENV_PREFIX.lower()
    for key, raw in sorted(lowered.items()):
        if not key.startswith(prefix) or key == prefix + "model":
            continue
        name = key[len(prefix) :]
        field = Settings.model_fields.get(name)
        if field is not None and _section_of(field.annotation) is None:
            values[name] = _env_value(field.annotation, raw, key, name)
            continue
        section, _, sub = name.partition("_")
        section_field = Settings.model_fields.get(section)
        section_model = _section_of(section_field.annotation) if section_field else None
        if section_model is None or sub not in section_model.model_fields:
            continue
        annotation = section_model.model_fields[sub].annotation
        values.setdefault(section, {})[sub] = _env_value(annotation, raw, key, f"{section}.{sub}")
    return values


def _section_of(annotation: Any) -> type[BaseModel] | None:
    """The model of a settings section, or None for a plain value."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _env_value(annotation: Any, raw: str, variable: str, dotted: str) -> Any:
    """A variable's text as the value to validate: JSON for list settings, else the text."""
    if get_origin(annotation) is not list:
        return raw
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"setting {dotted}: {variable.upper()} must be a JSON list, like '[\"a@example.com\"]'"
        ) from exc


def _merged(*layers: Mapping[str, Any]) -> dict[str, Any]:
    """Later layers over earlier ones; sections merge field by field."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = dict(value) if isinstance(value, Mapping) else value
    return merged


def _validated(values: dict[str, Any], source: str) -> Settings:
    """Settings from merged values, or a ConfigError naming the first bad setting."""
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{source}setting {where}: {first['msg']}") from exc


def unknown_keys(data: dict[str, Any]) -> list[str]:
    """Dotted names in a config file's table that no setting has."""
    found: list[str] = []
    for key, value in data.items():
        field = Settings.model_fields.get(key)
        if field is None:
            found.append(key)
            continue
        annotation = field.annotation
        nested = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        if nested and isinstance(value, dict):
            fields = annotation.model_fields  # type: ignore[union-attr]
            found += [f"{key}.{sub}" for sub in value if sub not in fields]
    return found


def _did_you_mean(name: str) -> str:
    """A hint naming the closest real setting, if one is close."""
    import difflib

    names = [row[0] for row in describe_settings()]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else " (see `nyte config show`)"


def describe_settings() -> list[tuple[str, str, str, str]]:
    """Each setting as (dotted name, environment variable, default, description)."""
    rows: list[tuple[str, str, str, str]] = []
    for name, field in Settings.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for sub_name, sub_field in annotation.model_fields.items():
                default = sub_field.get_default(call_default_factory=True)
                rows.append(
                    (
                        f"{name}.{sub_name}",
                        f"NYTE_{name.upper()}_{sub_name.upper()}",
                        repr(default),
                        sub_field.description or "",
                    )
                )
        else:
            rows.append(
                (name, f"NYTE_{name.upper()}", repr(field.default), field.description or "")
            )
    return rows


def user_zone(settings: Settings) -> tzinfo:
    """The user's IANA time zone: the setting, else the system's (tzlocal), else UTC.

    A fixed UTC offset is never used: it would be wrong on the other side of a DST change.
    """
    from datetime import UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if settings.time_zone:
        try:
            return ZoneInfo(settings.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            message = f"setting time_zone: unknown time zone {settings.time_zone!r}"
            raise ConfigError(message) from exc
    try:
        import tzlocal

        zone = tzlocal.get_localzone()
    except Exception:  # a misconfigured system: UTC is still a real zone
        return UTC
    return zone if isinstance(zone, tzinfo) else UTC
