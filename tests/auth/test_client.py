"""Loading the Desktop OAuth client, the manual flow's state check and the HTTP guard."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auth.conftest import CLIENT_ID, CLIENT_SECRET, current
from nyte_tui.auth.google import OAuthClient, OAuthError, is_loopback_http, load_client
from nyte_tui.auth.login import code_from_redirect, login_manual, oauthlib_environment
from nyte_tui.auth.secrets import KeyringSecretStore, client_secret_key
from nyte_tui.errors import UsageError


def test_client_from_file_takes_endpoints_from_settings(
    client_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NYTE_GOOGLE_TOKEN_URI", "http://127.0.0.1:9/token")
    _paths, settings = current()
    client = load_client(settings, client_file, None)
    assert client.client_id == CLIENT_ID
    assert client.client_secret == CLIENT_SECRET
    assert client.token_uri == "http://127.0.0.1:9/token"
    assert client.auth_uri == settings.google.auth_uri
    assert client.source == "file"
    assert CLIENT_SECRET not in repr(client)


def test_client_file_from_settings(client_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NYTE_GOOGLE_CLIENT_SECRET_FILE", str(client_file))
    _paths, settings = current()
    assert load_client(settings, None, None).client_id == CLIENT_ID


def test_web_client_and_bad_files_are_clear(tmp_path: Path) -> None:
    _paths, settings = current()
    web = tmp_path / "web.json"
    web.write_text(json.dumps({"web": {"client_id": "x", "client_secret": "y"}}), "utf-8")
    with pytest.raises(UsageError, match=r"'Web application' client.*'Desktop app'"):
        load_client(settings, web, None)
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{nope", "utf-8")
    with pytest.raises(UsageError, match="is not JSON"):
        load_client(settings, garbage, None)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"type": "service_account"}), "utf-8")
    with pytest.raises(UsageError, match="no 'installed' key"):
        load_client(settings, other, None)
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"installed": {"client_id": "x"}}), "utf-8")
    with pytest.raises(UsageError, match="no client_secret"):
        load_client(settings, empty, None)
    with pytest.raises(UsageError, match="not found"):
        load_client(settings, tmp_path / "missing.json", None)


def test_client_from_settings_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NYTE_GOOGLE_CLIENT_ID", "cid")
    monkeypatch.setenv("NYTE_GOOGLE_CLIENT_SECRET", "csecret")
    _paths, settings = current()
    client = load_client(settings, None, None)
    assert (client.client_id, client.client_secret, client.source) == ("cid", "csecret", "settings")


def test_client_secret_from_the_secret_store(monkeypatch: pytest.MonkeyPatch) -> None:
    store = KeyringSecretStore()
    store.set(client_secret_key("cid"), "saved-secret")
    _paths, settings = current()
    client = load_client(settings, None, store, client_id="cid")
    assert (client.client_secret, client.source) == ("saved-secret", "secret_store")
    monkeypatch.setenv("NYTE_GOOGLE_CLIENT_ID", "cid")
    _paths, settings = current()
    assert load_client(settings, None, store).client_secret == "saved-secret"
    with pytest.raises(UsageError, match="no client secret saved for OAuth client other"):
        load_client(settings, None, store, client_id="other")


def test_no_client_at_all() -> None:
    _paths, settings = current()
    with pytest.raises(UsageError, match="--client-secret FILE"):
        load_client(settings, None, KeyringSecretStore())


def test_redirect_parsing_checks_state() -> None:
    redirect = "http://127.0.0.1:5000/"
    url = redirect + "?state=abc&code=4/xyz&scope=openid"
    assert code_from_redirect(url, redirect, "abc") == "4/xyz"
    with pytest.raises(OAuthError, match="state mismatch"):
        code_from_redirect(redirect + "?state=evil&code=4/xyz", redirect, "abc")
    with pytest.raises(OAuthError, match="access_denied"):
        code_from_redirect(redirect + "?error=access_denied&state=abc", redirect, "abc")
    with pytest.raises(OAuthError, match="not the redirect URL"):
        code_from_redirect("hello", redirect, "abc")
    with pytest.raises(OAuthError, match="nothing was pasted"):
        code_from_redirect("", redirect, "abc")


def test_manual_login_refuses_a_foreign_state() -> None:
    client = OAuthClient(
        CLIENT_ID,
        CLIENT_SECRET,
        "https://accounts.google.com/o/oauth2/auth",
        "https://oauth2.googleapis.com/token",
        "https://oauth2.googleapis.com/revoke",
    )
    said: list[str] = []

    def paste(_prompt: str) -> str:
        assert "accounts.google.com/o/oauth2/auth?" in said[0]
        assert "code_challenge=" in said[0] and "prompt=consent" in said[0]
        assert "access_type=offline" in said[0]
        return "http://127.0.0.1:1/?state=not-ours&code=4/abc"

    with pytest.raises(OAuthError, match="state mismatch"):
        login_manual(client, "https://www.googleapis.com/", read_line=paste, write=said.append)


def test_plain_http_allowed_only_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OAUTHLIB_INSECURE_TRANSPORT", raising=False)
    assert is_loopback_http("http://127.0.0.1:8080/token")
    assert is_loopback_http("http://localhost/token")
    assert not is_loopback_http("https://127.0.0.1/token")
    assert not is_loopback_http("http://oauth2.googleapis.com/token")
    assert not is_loopback_http("http://10.0.0.1/token")
    google = OAuthClient("c", "s", "https://a.example/auth", "https://a.example/token", "r")
    with oauthlib_environment(google):
        assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ
    half = OAuthClient("c", "s", "http://127.0.0.1/auth", "https://a.example/token", "r")
    with oauthlib_environment(half):
        assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ
    sandbox = OAuthClient("c", "s", "http://127.0.0.1/auth", "http://127.0.0.1/token", "r")
    with oauthlib_environment(sandbox):
        assert os.environ["OAUTHLIB_INSECURE_TRANSPORT"] == "1"
    assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ
