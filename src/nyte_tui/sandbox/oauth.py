"""Google OAuth 2.0 emulation: authorization endpoint, token endpoint (PKCE), revoke, userinfo."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from nyte_tui.sandbox.protocol import ApiError, JsonObject, Request, Response, json_response

if TYPE_CHECKING:
    from nyte_tui.sandbox.state import SandboxState

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


def _form(request: Request) -> dict[str, str]:
    """Merge the query string and a form-encoded body into one dict of first values."""
    fields = {key: values[0] for key, values in request.query.items() if values}
    content_type = request.header("content-type") or ""
    if request.body and "json" in content_type:
        fields.update({key: str(value) for key, value in request.json().items()})
    elif request.body:
        parsed = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        fields.update({key: values[0] for key, values in parsed.items() if values})
    return fields


def _oauth_error(error: str, description: str, status: int = 400) -> Response:
    """Return an OAuth token-endpoint error body."""
    return json_response({"error": error, "error_description": description}, status)


def authorize(state: SandboxState, request: Request, params: dict[str, str]) -> Response:
    """GET /auth: consent at once and redirect back with a code and the client's state."""
    fields = _form(request)
    redirect_uri = fields.get("redirect_uri")
    if not redirect_uri or fields.get("response_type", "code") != "code":
        return _oauth_error("invalid_request", "Missing required parameter: redirect_uri")
    code = "4/sandbox-" + secrets.token_urlsafe(24)
    scope = fields.get("scope", DEFAULT_SCOPE)
    state.tokens.codes[code] = AuthorizationCode(
        client_id=fields.get("client_id", ""),
        redirect_uri=redirect_uri,
        scope=scope,
        code_challenge=fields.get("code_challenge"),
        code_challenge_method=fields.get("code_challenge_method", "plain")
        if fields.get("code_challenge")
        else None,
    )
    answer = {"code": code, "scope": scope}
    if "state" in fields:
        answer = {"state": fields["state"], **answer}
    parts = urlsplit(redirect_uri)
    query = f"{parts.query}&{urlencode(answer)}" if parts.query else urlencode(answer)
    location = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
    return Response(302, b"", [("Location", location), ("Content-Length", "0")])


def _pkce_ok(grant: AuthorizationCode, verifier: str | None) -> bool:
    """Check a code_verifier against the stored challenge (S256 or plain)."""
    if grant.code_challenge is None:
        return True
    if not verifier:
        return False
    if grant.code_challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == grant.code_challenge
    return verifier == grant.code_challenge


def token(state: SandboxState, request: Request, params: dict[str, str]) -> Response:
    """POST /token: exchange an authorization code or a refresh token."""
    fields = _form(request)
    tokens = state.tokens
    grant_type = fields.get("grant_type")
    if grant_type == "authorization_code":
        grant = tokens.codes.pop(fields.get("code", ""), None)
        if grant is None:
            return _oauth_error("invalid_grant", "Malformed auth code.")
        if fields.get("redirect_uri") and fields["redirect_uri"] != grant.redirect_uri:
            return _oauth_error("redirect_uri_mismatch", "Bad Request")
        if not _pkce_ok(grant, fields.get("code_verifier")):
            return _oauth_error("invalid_grant", "Invalid code verifier.")
        tokens.codes_exchanged += 1
        if grant.code_challenge is not None:
            tokens.pkce_verified += 1
        state.dirty = True
        return json_response(
            tokens.mint(grant.client_id or fields.get("client_id", ""), grant.scope)
        )
    if grant_type == "refresh_token":
        refresh_token = fields.get("refresh_token", "")
        refresh_grant = tokens.refresh.get(refresh_token)
        if refresh_grant is None or refresh_grant.revoked:
            return json_response(INVALID_GRANT, 400)
        tokens.refreshes += 1
        state.dirty = True
        return json_response(
            tokens.mint(refresh_grant.client_id, refresh_grant.scope, refresh_token)
        )
    return _oauth_error("unsupported_grant_type", f"Invalid grant_type: {grant_type}")


def revoke(state: SandboxState, request: Request, params: dict[str, str]) -> Response:
    """POST /revoke?token=: revoke a token and its grant."""
    revoked = state.tokens.revoke(_form(request).get("token", ""))
    if not revoked:
        return _oauth_error("invalid_token", "Token expired or revoked")
    state.dirty = True
    return json_response({})


def userinfo(state: SandboxState, request: Request, params: dict[str, str]) -> Response:
    """GET /oauth2/v2/userinfo: who the token belongs to."""
    state.tokens.check(request.header("authorization"))
    gmail = state.gmail
    return json_response(
        {
            "id": str(int(hashlib.sha256(gmail.user_email.encode()).hexdigest()[:15], 16)),
            "email": gmail.user_email,
            "verified_email": True,
            "name": gmail.user_name,
        }
    )
