"""Login, refresh, invalid_grant and logout against the loopback Google sandbox."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from auth.conftest import CLIENT_ID, CLIENT_SECRET, current
from nyte_tui.auth.google import OAuthError, refresh_credentials
from nyte_tui.auth.login import fetch_profile_email
from nyte_tui.auth.secrets import (
    EncryptedFileSecretStore,
    KeyringSecretStore,
    client_secret_key,
    refresh_token_key,
)
from nyte_tui.cli import main
from nyte_tui.errors import ReauthRequired
from nyte_tui.services.accounts import (
    AccountInfo,
    account_status,
    connect_account,
    credentials_for_account,
)
from nyte_tui.store.db import open_store
from nyte_tui.store.models import AuditLog, Label
from nyte_tui.store.queries.accounts import get_account

USER = "alex@northwind.example"


class FakeBrowser:
    """A browser that fetches the consent URL in a thread and follows the redirect home."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.landing: list[str] = []
        self.threads: list[threading.Thread] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        """Visit url like a browser whose user clicks Allow at once."""
        self.opened.append(url)

        def visit() -> None:
            with urllib.request.urlopen(url, timeout=10) as response:
                self.landing.append(response.read().decode("utf-8"))

        thread = threading.Thread(target=visit, daemon=True)
        thread.start()
        self.threads.append(thread)
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Stop at the first redirect so the test can read its Location."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def consent_redirect(auth_url: str) -> str:
    """The redirect URL Google's consent page sends the browser to."""
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(auth_url, timeout=10)
    assert caught.value.code == 302
    return str(caught.value.headers["Location"])


def control(server: Any, method: str, name: str) -> Any:
    """Call a /_sandbox/ control endpoint."""
    request = urllib.request.Request(
        f"{server.url}_sandbox/{name}", data=b"{}" if method == "POST" else None, method=method
    )
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def login_loopback_flow(client_file: Path) -> tuple[AccountInfo, FakeBrowser, list[str]]:
    """Log in through the loopback flow with the fake browser."""
    paths, settings = current()
    browser = FakeBrowser()
    said: list[str] = []
    info = connect_account(
        paths,
        settings,
        client_secret_file=client_file,
        read_line=lambda _prompt: pytest.fail("the loopback flow must not read input"),
        write=said.append,
        interactive=True,
        browser=browser,
    )
    for thread in browser.threads:
        thread.join(timeout=5)
    return info, browser, said


def login_manual_flow(client_file: Path) -> tuple[AccountInfo, list[str]]:
    """Log in through the paste-the-redirect flow."""
    paths, settings = current()
    said: list[str] = []

    def paste(prompt: str) -> str:
        url = re.search(r"(http://127\.0\.0\.1:\d+/auth\?\S+)", "\n".join(said))
        assert url is not None, said
        return "  " + consent_redirect(url.group(1)) + "\n"

    info = connect_account(
        paths,
        settings,
        client_secret_file=client_file,
        manual=True,
        read_line=paste,
        write=said.append,
        interactive=True,
    )
    return info, said


def stored_refresh_token(email: str = USER) -> str:
    """The refresh token the keyring holds for the test client."""
    token = KeyringSecretStore().get(refresh_token_key(CLIENT_ID, email))
    assert token
    return token


def assert_nowhere_on_disk(home: Path, secret: str) -> None:
    """No file under NYTE_HOME holds the secret in clear."""
    checked = 0
    for path in home.rglob("*"):
        if path.is_file():
            checked += 1
            assert secret.encode() not in path.read_bytes(), path
    assert checked >= 1


def test_loopback_login(
    auth_sandbox: Any, client_file: Path, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    info, browser, said = login_loopback_flow(client_file)
    assert info.email == USER and info.status == "active" and info.has_refresh_token
    assert info.secret_backend == "keyring"
    assert "https://www.googleapis.com/auth/gmail.send" in info.scopes
    assert len(browser.opened) == 1
    consent = browser.opened[0]
    for part in ("code_challenge=", "code_challenge_method=S256", "prompt=consent"):
        assert part in consent
    assert "access_type=offline" in consent and "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in consent
    assert browser.landing and "connected" in browser.landing[0]
    assert any(consent in line for line in said)
    refresh_token = stored_refresh_token()
    assert KeyringSecretStore().get(client_secret_key(CLIENT_ID)) == CLIENT_SECRET
    oauth = control(auth_sandbox, "GET", "state")["oauth"]
    assert oauth["codes_exchanged"] == 1 and oauth["pkce_verified"] == 1

    with pytest.raises(SystemExit) as done:
        main(["auth", "status", "--json"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    status = json.loads(out)
    assert status["accounts"][0]["email"] == USER
    assert status["accounts"][0]["has_refresh_token"] is True
    assert refresh_token not in out and CLIENT_SECRET not in out
    assert_nowhere_on_disk(isolated_home, refresh_token)
    assert_nowhere_on_disk(isolated_home, CLIENT_SECRET)

    store = open_store(current()[0].database)
    with store.session() as session:
        entries = session.exec(select(AuditLog)).all()
    store.close()
    assert [(e.action, e.entity_id) for e in entries] == [("auth.login", USER)]
    assert refresh_token not in json.dumps(entries[0].detail)


def test_manual_login(auth_sandbox: Any, client_file: Path, isolated_home: Path) -> None:
    info, said = login_manual_flow(client_file)
    assert info.email == USER and info.has_refresh_token
    assert "FULL address" in "\n".join(said)
    refresh_token = stored_refresh_token()
    assert_nowhere_on_disk(isolated_home, refresh_token)
    assert control(auth_sandbox, "GET", "state")["oauth"]["pkce_verified"] == 1
    # A later login without the flag uses the client secret kept in the secret store.
    paths, settings = current()
    later: list[str] = []
    again = connect_account(
        paths,
        settings,
        manual=True,
        read_line=lambda _prompt: consent_redirect(
            re.findall(r"(http://127\.0\.0\.1:\d+/auth\?\S+)", "\n".join(later))[-1]
        ),
        write=later.append,
        interactive=True,
    )
    assert again.email == USER and stored_refresh_token() != refresh_token


def test_login_with_the_file_backend(
    auth_sandbox: Any, client_file: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NYTE_SECRET_BACKEND", "file")
    monkeypatch.setenv("NYTE_SECRET_PASSPHRASE", "pass phrase")
    info, _said = login_manual_flow(client_file)
    assert info.secret_backend == "file"
    paths, _settings = current()
    token = EncryptedFileSecretStore(paths.secrets_file, "pass phrase").get(
        refresh_token_key(CLIENT_ID, USER)
    )
    assert token
    assert_nowhere_on_disk(isolated_home, token)
    creds = credentials_for_account(*current(), USER)
    assert creds.valid


def test_expired_access_token_is_refreshed(auth_sandbox: Any, client_file: Path) -> None:
    login_manual_flow(client_file)
    paths, settings = current()
    creds = credentials_for_account(paths, settings, USER)
    first = str(creds.token)
    assert fetch_profile_email(settings.google.api_root, first) == USER
    control(auth_sandbox, "POST", "expire-tokens")
    with pytest.raises(OAuthError, match="HTTP 401"):
        fetch_profile_email(settings.google.api_root, first)
    refresh_credentials(creds)
    assert creds.token != first
    assert fetch_profile_email(settings.google.api_root, str(creds.token)) == USER
    store = open_store(paths.database)
    row = get_account(store, USER)
    store.close()
    assert row is not None and row.token_expiry is not None


def test_invalid_grant_marks_needs_reauth(
    auth_sandbox: Any, client_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    login_manual_flow(client_file)
    control(auth_sandbox, "POST", "revoke")
    paths, settings = current()
    with pytest.raises(ReauthRequired, match=r"run `nyte auth login` again.*7 days"):
        credentials_for_account(paths, settings, USER)
    store = open_store(paths.database)
    row = get_account(store, USER)
    assert row is not None
    assert (row.status, row.status_reason) == ("needs_reauth", "invalid_grant")
    with store.session() as session:
        actions = [e.action for e in session.exec(select(AuditLog)).all()]
    store.close()
    assert actions == ["auth.login", "auth.needs_reauth"]
    with pytest.raises(ReauthRequired, match="needs re-authentication"):
        credentials_for_account(paths, settings, USER)
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["auth", "status", "--json"])
    assert done.value.code == 0
    status = json.loads(capsys.readouterr().out)
    assert status["accounts"][0]["status"] == "needs_reauth"


def test_cli_check_exits_3_on_invalid_grant(
    auth_sandbox: Any, client_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    login_manual_flow(client_file)
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["auth", "status", "--check", "--json"])
    assert done.value.code == 0
    assert json.loads(capsys.readouterr().out)["accounts"][0]["check"] == "ok"
    control(auth_sandbox, "POST", "revoke")
    with pytest.raises(SystemExit) as done:
        main(["auth", "status", "--check"])
    assert done.value.code == 3
    captured = capsys.readouterr()
    assert "needs_reauth" in captured.out
    error_lines = captured.err.strip().splitlines()
    assert len(error_lines) == 1 and "run `nyte auth login` again" in error_lines[0]
    assert "Traceback" not in captured.err


def test_logout_revokes_deletes_and_keeps_data(
    auth_sandbox: Any, client_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    login_manual_flow(client_file)
    paths, settings = current()
    refresh_token = stored_refresh_token()
    store = open_store(paths.database)
    row = get_account(store, USER)
    assert row is not None
    with store.session() as session:
        session.add(Label(account_id=row.account_id, label_id="INBOX", name="INBOX"))
    store.close()
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["auth", "logout", "--json"])
    assert done.value.code == 0
    result = json.loads(capsys.readouterr().out)["logout"]
    assert result == {
        "email": USER,
        "revoked": True,
        "secret_deleted": True,
        "status": "disabled",
        "data_kept": True,
    }
    assert KeyringSecretStore().get(refresh_token_key(CLIENT_ID, USER)) is None
    # The revoked refresh token no longer works at the token endpoint.
    body = f"grant_type=refresh_token&refresh_token={refresh_token}".encode()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(auth_sandbox.token_uri, data=body))
    assert b"invalid_grant" in refused.value.read()
    store = open_store(paths.database)
    row = get_account(store, USER)
    assert row is not None and row.status == "disabled"
    with store.session() as session:
        assert len(session.exec(select(Label)).all()) == 1
    store.close()
    [info] = account_status(paths, settings)
    assert (info.status, info.has_refresh_token) == ("disabled", False)
    with pytest.raises(ReauthRequired, match="logged out"):
        credentials_for_account(paths, settings, USER)
    with pytest.raises(SystemExit) as done:
        main(["auth", "logout"])
    assert done.value.code == 2


def test_cli_manual_login_prints_one_json_object(
    auth_sandbox: Any,
    client_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from nyte_tui.cli import auth_cmd

    said: list[str] = []
    monkeypatch.setattr(auth_cmd, "can_prompt", lambda: True)
    monkeypatch.setattr(auth_cmd, "_write", said.append)

    def paste(_prompt: str) -> str:
        urls = re.findall(r"(http://127\.0\.0\.1:\d+/auth\?\S+)", "\n".join(said))
        return consent_redirect(urls[-1])

    monkeypatch.setattr(auth_cmd, "_read_line", paste)
    with pytest.raises(SystemExit) as done:
        main(["auth", "login", "--manual", "--client-secret", str(client_file), "--json"])
    assert done.value.code == 0
    captured = capsys.readouterr()
    account = json.loads(captured.out)["account"]
    assert account["email"] == USER and account["has_refresh_token"] is True
    refresh_token = stored_refresh_token()
    for text in (captured.out, captured.err, "\n".join(said)):
        assert refresh_token not in text and CLIENT_SECRET not in text
