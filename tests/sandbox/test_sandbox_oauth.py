"""OAuth against the sandbox: the real loopback flow with PKCE, refresh, expiry and revocation."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
import webbrowser
from datetime import UTC, datetime, timedelta
from typing import Any

import google.auth.exceptions
import google.auth.transport.requests
import pytest
from google_auth_oauthlib.flow import InstalledAppFlow

from nyte_tui.sandbox.server import SandboxServer
from sandbox_fixtures import (
    GMAIL_SCOPES,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_USER,
    build_gmail,
    control,
    make_creds,
)


class _FetchingBrowser(webbrowser.BaseBrowser):
    """A registered fake browser that loads the consent URL and follows the redirect home."""

    def __init__(self) -> None:
        super().__init__("sandbox-fake-browser")
        self.visited: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.visited.append(url)
        threading.Thread(
            target=lambda: urllib.request.urlopen(url, timeout=10).read(), daemon=True
        ).start()
        return True


def token_calls(sandbox: SandboxServer) -> int:
    """Count requests to the token endpoint."""
    return sum(1 for entry in sandbox.state.request_log if entry["api_method"] == "oauth.token")


def test_installed_app_flow_with_pkce(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    browser = _FetchingBrowser()
    webbrowser.register("sandbox-fake-browser", None, browser)
    client_config = {
        "installed": {
            "client_id": SANDBOX_CLIENT_ID,
            "client_secret": SANDBOX_CLIENT_SECRET,
            "auth_uri": sandbox.auth_uri,
            "token_uri": sandbox.token_uri,
            "redirect_uris": ["http://localhost"],
        }
    }
    flow = InstalledAppFlow.from_client_config(client_config, scopes=GMAIL_SCOPES)
    creds = flow.run_local_server(
        port=0, open_browser=True, browser="sandbox-fake-browser", timeout_seconds=10
    )
    assert creds.token and creds.refresh_token
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(browser.visited[0]).query)
    assert query["code_challenge_method"] == ["S256"] and query["access_type"] == ["offline"]
    oauth = control(sandbox, "GET", "state")["oauth"]
    assert oauth["codes_exchanged"] == 1 and oauth["pkce_verified"] == 1
    gmail = build_gmail(sandbox, creds)
    assert gmail.users().getProfile(userId="me").execute()["emailAddress"] == SANDBOX_USER


def test_wrong_code_verifier_is_rejected(sandbox: SandboxServer) -> None:
    params = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": SANDBOX_CLIENT_ID,
            "redirect_uri": "http://127.0.0.1:1/",
            "state": "xyz",
            "code_challenge": "abc",
            "code_challenge_method": "S256",
        }
    )

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(f"{sandbox.auth_uri}?{params}", timeout=5)
    location = redirect.value.headers["Location"]
    answer = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert answer["state"] == ["xyz"]
    form = urllib.parse.urlencode(
        {
            "grant_type": "authorization_code",
            "code": answer["code"][0],
            "redirect_uri": "http://127.0.0.1:1/",
            "code_verifier": "wrong",
        }
    ).encode()
    with pytest.raises(urllib.error.HTTPError) as rejected:
        urllib.request.urlopen(sandbox.token_uri, data=form, timeout=5)
    assert rejected.value.code == 400 and b"invalid_grant" in rejected.value.read()


def test_expired_access_token_is_refreshed_before_the_call(sandbox: SandboxServer) -> None:
    stale = make_creds(
        sandbox,
        token="stale-token",
        expiry=datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1),
    )
    gmail = build_gmail(sandbox, stale)
    assert gmail.users().getProfile(userId="me").execute()["emailAddress"] == SANDBOX_USER
    assert token_calls(sandbox) == 1 and stale.token != "stale-token"


def test_server_side_expiry_gives_401_then_refresh(
    sandbox: SandboxServer, sandbox_creds: Any
) -> None:
    gmail = build_gmail(sandbox, sandbox_creds)
    gmail.users().getProfile(userId="me").execute()
    control(sandbox, "POST", "expire-tokens")
    gmail.users().getProfile(userId="me").execute()
    statuses = [(entry["api_method"], entry["status"]) for entry in sandbox.state.request_log]
    assert statuses[-3:] == [
        ("gmail.users.getProfile", 401),
        ("oauth.token", 200),
        ("gmail.users.getProfile", 200),
    ]


def test_short_token_lifetime() -> None:
    with SandboxServer(seed=None, access_token_seconds=1) as server:
        assert server.issue_tokens()["expires_in"] == 1


def test_invalid_grant_after_revoke(sandbox: SandboxServer, sandbox_creds: Any) -> None:
    control(sandbox, "POST", "revoke")
    with pytest.raises(google.auth.exceptions.RefreshError) as caught:
        sandbox_creds.refresh(google.auth.transport.requests.Request())
    assert caught.value.args[0].startswith("invalid_grant")
    gmail = build_gmail(sandbox, sandbox_creds)
    with pytest.raises(google.auth.exceptions.RefreshError):
        gmail.users().getProfile(userId="me").execute()


def test_revoke_endpoint_revokes_the_grant(sandbox: SandboxServer) -> None:
    issued = sandbox.issue_tokens()
    data = urllib.parse.urlencode({"token": issued["access_token"]}).encode()
    with urllib.request.urlopen(sandbox.revoke_uri, data=data, timeout=5) as response:
        assert response.status == 200
    creds = make_creds(sandbox, refresh_token=issued["refresh_token"])
    with pytest.raises(google.auth.exceptions.RefreshError):
        creds.refresh(google.auth.transport.requests.Request())  # type: ignore[no-untyped-call]


def test_userinfo(sandbox: SandboxServer) -> None:
    token = sandbox.issue_tokens()["access_token"]
    request = urllib.request.Request(
        f"{sandbox.url}oauth2/v2/userinfo", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert b'"email": "alex@northwind.example"' in response.read()
