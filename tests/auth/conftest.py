"""Fixtures for the auth tests: settings, a Desktop client file and the Google sandbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nyte_tui.config.paths import Paths, resolve_paths
from nyte_tui.config.settings import Settings, load_settings

CLIENT_ID = "1234-test.apps.googleusercontent.com"
CLIENT_SECRET = "test-client-secret-not-a-real-one"


def current() -> tuple[Paths, Settings]:
    """The paths and settings the code under test will see now."""
    paths = resolve_paths()
    return paths, load_settings(paths)


@pytest.fixture
def client_file(tmp_path: Path) -> Path:
    """A Desktop OAuth client JSON like the one Google Cloud offers for download."""
    path = tmp_path / "client_secret.json"
    installed: dict[str, Any] = {
        "client_id": CLIENT_ID,
        "project_id": "nyte-test",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "client_secret": CLIENT_SECRET,
        "redirect_uris": ["http://localhost"],
    }
    path.write_text(json.dumps({"installed": installed}), encoding="utf-8")
    return path


@pytest.fixture
def auth_sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The loopback Google sandbox, with nyte's Google endpoints pointed at it."""
    from nyte_tui.sandbox.server import SandboxServer

    server = SandboxServer(seed=None).start()
    monkeypatch.setenv("NYTE_GOOGLE_API_ROOT", server.url)
    monkeypatch.setenv("NYTE_GOOGLE_TOKEN_URI", server.token_uri)
    monkeypatch.setenv("NYTE_GOOGLE_AUTH_URI", server.auth_uri)
    monkeypatch.setenv("NYTE_GOOGLE_REVOKE_URI", server.revoke_uri)
    try:
        yield server
    finally:
        server.stop()
