"""Google OAuth 2.0 endpoints: authorization (consent at once), token (PKCE), revoke, userinfo."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from nyte_tui.sandbox.protocol import Request, Response, json_response
from nyte_tui.sandbox.routes import Route, route
from nyte_tui.sandbox.tokens import DEFAULT_SCOPE, INVALID_GRANT, AuthorizationCode

if TYPE_CHECKING:
    from nyte_tui.sandbox.state import SandboxState


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


ROUTES: tuple[Route, ...] = (
    route("GET", "/auth", "oauth.auth", authorize, "oauth"),
    route("GET", "/o/oauth2/auth", "oauth.auth", authorize, "oauth"),
    route("POST", "/token", "oauth.token", token, "oauth"),
    route("POST", "/revoke", "oauth.revoke", revoke, "oauth"),
    route("GET", "/oauth2/v2/userinfo", "oauth.userinfo", userinfo, "oauth"),
    route("GET", "/oauth2/v3/userinfo", "oauth.userinfo", userinfo, "oauth"),
)
