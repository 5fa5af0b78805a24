"""OAuth grants: authorization codes, access and refresh tokens, and their checks and revocation."""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass

from nyte_tui.sandbox.protocol import ApiError, JsonObject

DEFAULT_SCOPE = (
    "https://www.googleapis.com/auth/gmail.modify https://www.googleapis.com/auth/calendar"
)
INVALID_GRANT = {
    "error": "invalid_grant",
    "error_description": "Token has been expired or revoked.",
}


@dataclass
class AccessGrant:
    """One access token: who it belongs to and when it stops working (wall-clock seconds)."""

    client_id: str
    scope: str
    expires_at: float
    refresh_token: str | None


@dataclass
class RefreshGrant:
    """One refresh token and whether it has been revoked."""

    client_id: str
    scope: str
    revoked: bool = False


@dataclass
class AuthorizationCode:
    """One pending authorization code with its PKCE challenge."""

    client_id: str
    redirect_uri: str
    scope: str
    code_challenge: str | None
    code_challenge_method: str | None


class TokenStore:
    """Issued codes and tokens; methods are called with the sandbox lock held."""

    def __init__(self, access_token_seconds: int = 3600) -> None:
        self.access_token_seconds = access_token_seconds
        self.access: dict[str, AccessGrant] = {}
        self.refresh: dict[str, RefreshGrant] = {}
        self.codes: dict[str, AuthorizationCode] = {}
        self.codes_exchanged = 0
        self.pkce_verified = 0
        self.refreshes = 0

    def mint(self, client_id: str, scope: str, refresh_token: str | None = None) -> JsonObject:
        """Create an access token (and a refresh token unless one is given)."""
        new_refresh = refresh_token is None
        if refresh_token is None:
            refresh_token = "1//sandbox-" + secrets.token_urlsafe(32)
            self.refresh[refresh_token] = RefreshGrant(client_id, scope)
        access_token = "ya29.sandbox-" + secrets.token_urlsafe(32)
        self.access[access_token] = AccessGrant(
            client_id, scope, time.time() + self.access_token_seconds, refresh_token
        )
        issued: JsonObject = {
            "access_token": access_token,
            "expires_in": self.access_token_seconds,
            "scope": scope,
            "token_type": "Bearer",
        }
        if new_refresh:
            issued["refresh_token"] = refresh_token
        return issued

    def check(self, authorization: str | None) -> None:
        """Accept a valid Bearer header or raise Google's 401."""
        if not authorization or not authorization.lower().startswith("bearer "):
            raise ApiError(
                401,
                "Request is missing required authentication credential. Expected OAuth 2 "
                "access token, login cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                "required",
                headers=[("WWW-Authenticate", 'Bearer realm="https://accounts.google.com/"')],
                extra={"location": "Authorization", "locationType": "header"},
            )
        grant = self.access.get(authorization[7:].strip())
        if grant is None or grant.expires_at <= time.time():
            raise ApiError(
                401,
                "Request had invalid authentication credentials. Expected OAuth 2 access "
                "token, login cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                "authError",
                headers=[
                    (
                        "WWW-Authenticate",
                        'Bearer realm="https://accounts.google.com/", error="invalid_token"',
                    )
                ],
                extra={"location": "Authorization", "locationType": "header"},
            )

    def expire_access_tokens(self) -> None:
        """Make every issued access token expired."""
        for grant in self.access.values():
            grant.expires_at = 0.0

    def revoke_refresh_tokens(self) -> None:
        """Revoke every refresh token and the access tokens minted from them."""
        for grant in self.refresh.values():
            grant.revoked = True
        self.access.clear()

    def revoke(self, token: str) -> bool:
        """Revoke one access or refresh token together with its grant."""
        refresh_token = token if token in self.refresh else None
        found_access = token in self.access
        if found_access:
            refresh_token = self.access[token].refresh_token
            del self.access[token]
        if refresh_token is None or refresh_token not in self.refresh:
            return found_access
        self.refresh[refresh_token].revoked = True
        for access_token, grant in list(self.access.items()):
            if grant.refresh_token == refresh_token:
                del self.access[access_token]
        return True

    def to_json(self) -> JsonObject:
        """Serialise the live grants (codes are short-lived and not kept)."""
        return {
            "access_token_seconds": self.access_token_seconds,
            "access": {token: asdict(grant) for token, grant in self.access.items()},
            "refresh": {token: asdict(grant) for token, grant in self.refresh.items()},
        }

    def load_json(self, data: JsonObject) -> None:
        """Restore grants saved by to_json."""
        self.access_token_seconds = int(data.get("access_token_seconds", 3600))
        self.access = {token: AccessGrant(**grant) for token, grant in data["access"].items()}
        self.refresh = {token: RefreshGrant(**grant) for token, grant in data["refresh"].items()}
