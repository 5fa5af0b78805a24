"""Google OAuth for an installed app: the user's Desktop client, login, refresh and revocation."""

from __future__ import annotations

import ipaddress
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nyte_tui.auth.secrets import SecretStore, client_secret_key
from nyte_tui.errors import NyteError, ReauthRequired, UsageError

if TYPE_CHECKING:
    from google.oauth2.credentials import Credentials

    from nyte_tui.config.settings import Settings

SCOPES = [
    "openid",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/userinfo.profile",
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/gmail.send",
    "https://www.googleapis.com/auth/gmail.compose",
    "https://www.googleapis.com/auth/calendar.readonly",
    "https://www.googleapis.com/auth/calendar.events",
]
REQUIRED_SCOPES = ("https://www.googleapis.com/auth/gmail.readonly",)
HTTP_TIMEOUT_SECONDS = 30.0
SETUP_HINT = "see docs/google-setup.md"
REAUTH_HINT = "run `nyte auth login` again (apps left in 'Testing' lose tokens after 7 days)"


class OAuthError(NyteError):
    """The OAuth login or token exchange failed."""


@dataclass(frozen=True)
class OAuthClient:
    """The user's Desktop OAuth client and the endpoints it talks to."""

    client_id: str
    client_secret: str = field(repr=False)
    auth_uri: str
    token_uri: str
    revoke_uri: str
    source: str = "settings"  # file | settings | secret_store

    def client_config(self) -> dict[str, Any]:
        """The client in the `installed` shape google-auth-oauthlib expects."""
        return {
            "installed": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "auth_uri": self.auth_uri,
                "token_uri": self.token_uri,
                "redirect_uris": ["http://127.0.0.1", "http://localhost"],
            }
        }


@dataclass(frozen=True)
class TokenGrant:
    """What a completed login hands back: the account and its tokens."""

    email: str
    refresh_token: str = field(repr=False)
    access_token: str = field(repr=False)
    expiry: datetime | None
    scopes: list[str]
    display_name: str | None


def _client_from_file(path: Path, settings: Settings) -> OAuthClient:
    """Read Google's Desktop client JSON, with one clear line for every way it can be wrong."""
    path = path.expanduser()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UsageError(f"client secret file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the client secret file {path}: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path} is not JSON; download the client JSON from Google Cloud") from exc
    if not isinstance(data, dict):
        raise UsageError(f"{path} is not a Google OAuth client JSON file")
    if "installed" not in data:
        if "web" in data:
            raise UsageError(
                f"{path} is a 'Web application' client; create an OAuth client of type "
                f"'Desktop app' instead ({SETUP_HINT})"
            )
        raise UsageError(
            f"{path} is not a Desktop OAuth client JSON (no 'installed' key; {SETUP_HINT})"
        )
    installed = data["installed"]
    client_id = installed.get("client_id") if isinstance(installed, dict) else None
    secret = installed.get("client_secret") if isinstance(installed, dict) else None
    if not isinstance(client_id, str) or not client_id:
        raise UsageError(f"{path} has no client_id")
    if not isinstance(secret, str) or not secret:
        raise UsageError(f"{path} has no client_secret")
    return _with_endpoints(client_id, secret, settings, "file")


def _with_endpoints(client_id: str, secret: str, settings: Settings, source: str) -> OAuthClient:
    """A client whose endpoints come from settings (so the sandbox can stand in for Google)."""
    return OAuthClient(
        client_id=client_id,
        client_secret=secret,
        auth_uri=settings.google.auth_uri,
        token_uri=settings.google.token_uri,
        revoke_uri=settings.google.revoke_uri,
        source=source,
    )


def load_client(
    settings: Settings,
    client_secret_file: Path | None,
    secret_store: SecretStore | None,
    *,
    client_id: str | None = None,
) -> OAuthClient:
    """The OAuth client from the flag, the settings, or a secret saved at an earlier login."""
    if client_secret_file is not None:
        return _client_from_file(client_secret_file, settings)
    google = settings.google
    if google.client_secret_file is not None:
        configured = _client_from_file(google.client_secret_file, settings)
        if client_id is None or configured.client_id == client_id:
            return configured
    if google.client_id and google.client_secret:
        secret = google.client_secret.get_secret_value()
        if secret and (client_id is None or google.client_id == client_id):
            return _with_endpoints(google.client_id, secret, settings, "settings")
    wanted = client_id or google.client_id
    if wanted and secret_store is not None:
        stored = secret_store.get(client_secret_key(wanted))
        if stored:
            return _with_endpoints(wanted, stored, settings, "secret_store")
        raise UsageError(
            f"no client secret saved for OAuth client {wanted}; run "
            f"`nyte auth login --client-secret FILE` once ({SETUP_HINT})"
        )
    raise UsageError(
        "no Google OAuth client configured; run `nyte auth login --client-secret FILE` with the "
        f"Desktop client JSON from Google Cloud ({SETUP_HINT})"
    )


def is_loopback_http(url: str) -> bool:
    """Whether url is plain http to this machine (the sandbox), never Google."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme != "http" or not parsed.hostname:
        return False
    if parsed.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parsed.hostname).is_loopback
    except ValueError:
        return False


def credentials_for(client: OAuthClient, refresh_token: str, scopes: list[str]) -> Credentials:
    """Credentials that mint access tokens from a stored refresh token."""
    from google.oauth2.credentials import Credentials

    return Credentials(  # type: ignore[no-untyped-call]
        token=None,
        refresh_token=refresh_token,
        token_uri=client.token_uri,
        client_id=client.client_id,
        client_secret=client.client_secret,
        scopes=list(scopes) or None,
    )


def refresh_credentials(creds: Credentials) -> None:
    """Get a fresh access token, turning `invalid_grant` into ReauthRequired."""
    from google.auth.exceptions import RefreshError, TransportError
    from google.auth.transport.requests import Request

    try:
        creds.refresh(Request())  # type: ignore[no-untyped-call]
    except RefreshError as exc:
        detail = str(exc.args[0]) if exc.args else str(exc)
        if detail.startswith("invalid_grant"):
            raise ReauthRequired(
                f"Google no longer accepts the saved login; {REAUTH_HINT}"
            ) from exc
        raise OAuthError(f"cannot refresh the Google access token ({detail})") from exc
    except TransportError as exc:
        raise NyteError(f"cannot reach Google's token endpoint ({exc})") from exc


def revoke_token(client: OAuthClient, token: str) -> bool:
    """Ask Google to revoke a token; True when it confirmed (best effort, never raises)."""
    data = urllib.parse.urlencode({"token": token}).encode("ascii")
    request = urllib.request.Request(
        client.revoke_uri,
        data=data,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
            return 200 <= int(response.status) < 300
    except (urllib.error.URLError, OSError, ValueError):
        return False
