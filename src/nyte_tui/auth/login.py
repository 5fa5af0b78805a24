"""Signing in to Google: the loopback browser flow, the paste-the-redirect flow, the profile."""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from nyte_tui.auth.google import (
    HTTP_TIMEOUT_SECONDS,
    REQUIRED_SCOPES,
    SCOPES,
    OAuthClient,
    OAuthError,
    TokenGrant,
    is_loopback_http,
)

if TYPE_CHECKING:
    pass


SUCCESS_PAGE = "nyte is connected to your Google account. You can close this tab."


class Browser(Protocol):
    """The part of `webbrowser` the login uses."""

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        """Show url to the user; True when a browser took it."""
        ...


@contextmanager
def oauthlib_environment(client: OAuthClient) -> Iterator[None]:
    """Let oauthlib speak plain HTTP only to a loopback sandbox, and accept narrowed scopes."""
    wanted = {"OAUTHLIB_RELAX_TOKEN_SCOPE": "1"}
    if is_loopback_http(client.auth_uri) and is_loopback_http(client.token_uri):
        wanted["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _grant_from_token(token: dict[str, Any], api_root: str) -> TokenGrant:
    """Turn a token response into a TokenGrant, looking up the account's address at Gmail."""
    access_token = str(token.get("access_token") or "")
    refresh_token = str(token.get("refresh_token") or "")
    if not access_token:
        raise OAuthError("Google returned no access token; run `nyte auth login` again")
    if not refresh_token:
        raise OAuthError(
            "Google returned no refresh token; remove nyte at "
            "https://myaccount.google.com/permissions and run `nyte auth login` again"
        )
    raw_scope = token.get("scope") or []
    scopes = raw_scope.split() if isinstance(raw_scope, str) else [str(s) for s in raw_scope]
    missing = [scope for scope in REQUIRED_SCOPES if scope not in scopes]
    if scopes and missing:
        raise OAuthError(
            "Google did not grant read access to Gmail; run `nyte auth login` again and tick "
            "every box on the consent screen"
        )
    expiry: datetime | None = None
    expires_at = token.get("expires_at")
    if isinstance(expires_at, int | float):
        expiry = datetime.fromtimestamp(expires_at, UTC)
    email = fetch_profile_email(api_root, access_token)
    display_name = _name_from_id_token(token.get("id_token")) or _name_from_userinfo(
        api_root, access_token
    )
    return TokenGrant(
        email=email,
        refresh_token=refresh_token,
        access_token=access_token,
        expiry=expiry,
        scopes=scopes or list(SCOPES),
        display_name=display_name,
    )


def _name_from_id_token(id_token: object) -> str | None:
    """The `name` claim of the ID token (received straight from the token endpoint)."""
    if not isinstance(id_token, str) or id_token.count(".") != 2:
        return None
    try:
        import base64

        payload = id_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, TypeError):
        return None
    name = claims.get("name") if isinstance(claims, dict) else None
    return name if isinstance(name, str) and name else None


def _name_from_userinfo(api_root: str, access_token: str) -> str | None:
    """The account's display name from the userinfo endpoint (best effort)."""
    url = api_root.rstrip("/") + "/oauth2/v2/userinfo"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {access_token}"})
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
            body = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError):
        return None
    name = body.get("name") if isinstance(body, dict) else None
    return name if isinstance(name, str) and name else None


def fetch_profile_email(api_root: str, access_token: str) -> str:
    """The account's address from Gmail `users.getProfile`."""
    url = api_root.rstrip("/") + "/gmail/v1/users/me/profile"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {access_token}"})
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
            body = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code == 403:
            raise OAuthError(
                "Google did not grant read access to Gmail; run `nyte auth login` again and "
                "tick every box on the consent screen"
            ) from exc
        raise OAuthError(f"cannot read the Gmail profile: HTTP {exc.code} from {url}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise OAuthError(f"cannot read the Gmail profile from {url}: {exc}") from exc
    email = body.get("emailAddress") if isinstance(body, dict) else None
    if not isinstance(email, str) or "@" not in email:
        raise OAuthError(f"the Gmail profile at {url} has no emailAddress")
    return email


def _oauth_failure(exc: Exception) -> OAuthError:
    """One line for an oauthlib / requests failure during the code exchange."""
    error = getattr(exc, "error", None)
    description = getattr(exc, "description", None)
    if error:
        detail = f"{error}: {description}" if description else str(error)
        return OAuthError(f"Google refused the login ({detail}); run `nyte auth login` again")
    return OAuthError(f"the login failed ({type(exc).__name__}: {exc})")


def login_loopback(
    client: OAuthClient,
    api_root: str,
    *,
    timeout_seconds: float,
    open_browser: bool = True,
    browser: Browser | None = None,
    write: Callable[[str], None] | None = None,
) -> TokenGrant:
    """Log in through the browser with a one-shot redirect server on 127.0.0.1 (PKCE on)."""
    import webbrowser

    from google_auth_oauthlib.flow import InstalledAppFlow, WSGITimeoutError
    from oauthlib.oauth2.rfc6749.errors import OAuth2Error  # type: ignore[import-untyped, unused-ignore]
    from requests.exceptions import RequestException

    say = write or (lambda _text: None)

    def show(url: str, redirect_uri: str) -> None:
        """Hand the consent URL to the browser and tell the user about it."""
        say(f"Open this URL to connect your Google account:\n\n    {url}\n")
        if not open_browser:
            port = urllib.parse.urlsplit(redirect_uri).port
            say(
                f"On another machine, forward the port first: ssh -L {port}:127.0.0.1:{port} "
                "THIS_HOST, then open the URL there."
            )
            return
        opener: Browser = browser if browser is not None else webbrowser
        try:
            opened = opener.open(url, new=1, autoraise=True)
        except Exception:  # no usable browser is not fatal: the URL is printed
            opened = False
        if not opened:
            say("No browser could be opened; open the URL yourself.")

    class _AnnouncingFlow(InstalledAppFlow):  # type: ignore[misc]
        """The installed-app flow that shows its consent URL through nyte's output."""

        def authorization_url(self, **kwargs: Any) -> tuple[str, str]:
            """Build the URL, then show it."""
            url, state = super().authorization_url(**kwargs)
            show(str(url), str(self.redirect_uri))
            return str(url), str(state)

    flow = _AnnouncingFlow.from_client_config(client.client_config(), scopes=SCOPES)
    try:
        with oauthlib_environment(client):
            flow.run_local_server(
                host="127.0.0.1",
                port=0,
                open_browser=False,
                authorization_prompt_message=None,
                success_message=SUCCESS_PAGE,
                timeout_seconds=timeout_seconds,
                prompt="consent",
                access_type="offline",
            )
    except WSGITimeoutError as exc:
        raise OAuthError(
            f"no answer from the browser within {timeout_seconds:g}s; run `nyte auth login` "
            "again (or `nyte auth login --manual`)"
        ) from exc
    except (OAuth2Error, RequestException, Warning, ValueError) as exc:
        raise _oauth_failure(exc) from exc
    except OSError as exc:
        raise OAuthError(f"cannot start the login redirect server on 127.0.0.1: {exc}") from exc
    return _grant_from_token(dict(flow.oauth2session.token), api_root)


def login_manual(
    client: OAuthClient,
    api_root: str,
    *,
    read_line: Callable[[str], str],
    write: Callable[[str], None],
) -> TokenGrant:
    """Log in by pasting the redirect URL back (for machines without a browser; PKCE on)."""
    from google_auth_oauthlib.flow import InstalledAppFlow
    from oauthlib.oauth2.rfc6749.errors import OAuth2Error  # type: ignore[import-untyped, unused-ignore]
    from requests.exceptions import RequestException

    # Hold the port (bound, never listening) so the browser's redirect reaches no local program.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder, oauthlib_environment(client):
        holder.bind(("127.0.0.1", 0))
        redirect_uri = f"http://127.0.0.1:{holder.getsockname()[1]}/"
        flow = InstalledAppFlow.from_client_config(
            client.client_config(), scopes=SCOPES, redirect_uri=redirect_uri
        )
        try:
            url, state = flow.authorization_url(prompt="consent", access_type="offline")
        except (OAuth2Error, ValueError) as exc:
            raise _oauth_failure(exc) from exc
        write(
            "1. Open this URL in a browser on any machine and allow access:\n\n"
            f"    {url}\n\n"
            f"2. The browser then fails to load {redirect_uri}… — that is expected.\n"
            "3. Copy the FULL address from the browser's address bar and paste it here."
        )
        pasted = read_line("Redirect URL: ").strip()
        code = code_from_redirect(pasted, redirect_uri, str(state))
        try:
            flow.fetch_token(code=code)
        except (OAuth2Error, RequestException, Warning, ValueError) as exc:
            raise _oauth_failure(exc) from exc
    return _grant_from_token(dict(flow.oauth2session.token), api_root)


def code_from_redirect(pasted: str, redirect_uri: str, state: str) -> str:
    """The authorization code from a pasted redirect URL, after checking its state."""
    if not pasted:
        raise OAuthError("nothing was pasted; run `nyte auth login --manual` again")
    parsed = urllib.parse.urlsplit(pasted)
    query = urllib.parse.parse_qs(parsed.query)
    if "error" in query:
        raise OAuthError(
            f"Google refused the login ({query['error'][0]}); run `nyte auth login` again"
        )
    if "code" not in query or "state" not in query:
        raise OAuthError(
            f"that is not the redirect URL (it should start with {redirect_uri} and contain "
            "code= and state=); run `nyte auth login --manual` again"
        )
    if query["state"][0] != state:
        raise OAuthError(
            "the pasted URL belongs to another login attempt (state mismatch); run "
            "`nyte auth login --manual` again and paste the URL from this attempt"
        )
    return query["code"][0]
