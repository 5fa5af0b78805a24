"""Account use cases: log in, show status, log out, and credentials for sync."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nyte_tui.auth.google import (
    SCOPES,
    OAuthClient,
    credentials_for,
    load_client,
    refresh_credentials,
    revoke_token,
)
from nyte_tui.auth.login import Browser, login_loopback, login_manual
from nyte_tui.auth.secrets import (
    SecretStore,
    client_secret_key,
    open_secret_store,
    refresh_token_key,
)
from nyte_tui.errors import NyteError, ReauthRequired, UsageError
from nyte_tui.store.db import Store, open_store
from nyte_tui.store.queries import accounts as q
from nyte_tui.store.queries.audit import append_audit

if TYPE_CHECKING:
    from google.oauth2.credentials import Credentials

    from nyte_tui.config.paths import Paths
    from nyte_tui.config.settings import Settings

NO_TERMINAL = "cannot log in without a terminal; run `nyte auth login` in a terminal"


@dataclass(frozen=True)
class AccountInfo:
    """What nyte knows about one account (never a token or secret)."""

    email: str
    display_name: str | None
    status: str
    status_reason: str | None
    client_id: str | None
    scopes: list[str]
    token_expiry: datetime | None
    connected_at: datetime | None
    has_refresh_token: bool | None
    secret_backend: str
    secret_store_error: str | None = None
    missing_scopes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return {
            "email": self.email,
            "display_name": self.display_name,
            "status": self.status,
            "status_reason": self.status_reason,
            "client_id": self.client_id,
            "scopes": list(self.scopes),
            "missing_scopes": list(self.missing_scopes),
            "token_expiry": self.token_expiry.isoformat() if self.token_expiry else None,
            "connected_at": self.connected_at.isoformat() if self.connected_at else None,
            "has_refresh_token": self.has_refresh_token,
            "secret_backend": self.secret_backend,
            "secret_store_error": self.secret_store_error,
        }


@dataclass(frozen=True)
class LogoutResult:
    """What `nyte auth logout` did."""

    email: str
    revoked: bool
    secret_deleted: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return {
            "email": self.email,
            "revoked": self.revoked,
            "secret_deleted": self.secret_deleted,
            "status": "disabled",
            "data_kept": True,
        }


@contextmanager
def _opened(paths: Paths) -> Iterator[Store]:
    """The store for these paths, closed afterwards."""
    store = open_store(paths.database)
    try:
        yield store
    finally:
        store.close()


def _info(
    row: q.AccountRow,
    backend: str,
    has_token: bool | None,
    error: str | None = None,
) -> AccountInfo:
    """An AccountInfo from a row and what the secret store said."""
    return AccountInfo(
        email=row.email,
        display_name=row.display_name,
        status=row.status,
        status_reason=row.status_reason,
        client_id=row.client_id,
        scopes=list(row.scopes),
        token_expiry=row.token_expiry,
        connected_at=row.connected_at,
        has_refresh_token=has_token,
        secret_backend=backend,
        secret_store_error=error,
        missing_scopes=[scope for scope in SCOPES if scope not in row.scopes],
    )


def _settings_name_a_client(settings: Settings) -> bool:
    """Whether settings alone say which OAuth client to use."""
    google = settings.google
    return google.client_secret_file is not None or bool(google.client_id)


def connect_account(
    paths: Paths,
    settings: Settings,
    *,
    client_secret_file: Path | None = None,
    manual: bool = False,
    open_browser: bool = True,
    read_line: Callable[[str], str],
    write: Callable[[str], None],
    interactive: bool,
    browser: Browser | None = None,
    environ: Mapping[str, str] | None = None,
) -> AccountInfo:
    """Log a Google account in, keep its refresh token in the secret store and record it."""
    if not interactive:
        raise ReauthRequired(NO_TERMINAL)
    paths.ensure()
    secrets = open_secret_store(settings, paths, environ)
    secrets.get(client_secret_key("nyte-probe"))  # fail on a broken backend before consent
    with _opened(paths) as store:
        known = q.list_accounts(store)
    previous_client_id = next((row.client_id for row in reversed(known) if row.client_id), None)
    use_previous = client_secret_file is None and not _settings_name_a_client(settings)
    client = load_client(
        settings,
        client_secret_file,
        secrets,
        client_id=previous_client_id if use_previous else None,
    )
    api_root = settings.google.api_root
    if manual:
        grant = login_manual(client, api_root, read_line=read_line, write=write)
    else:
        grant = login_loopback(
            client,
            api_root,
            timeout_seconds=settings.google.login_timeout,
            open_browser=open_browser,
            browser=browser,
            write=write,
        )
    secrets.set(refresh_token_key(client.client_id, grant.email), grant.refresh_token)
    _save_client_secret(secrets, client)
    with _opened(paths) as store:
        before = q.get_account(store, grant.email)
        if before is not None and before.client_id and before.client_id != client.client_id:
            secrets.delete(refresh_token_key(before.client_id, before.email))
        row = q.upsert_account(
            store,
            grant.email,
            grant.display_name,
            client.client_id,
            grant.scopes,
            grant.expiry,
        )
        append_audit(
            store,
            actor="user",
            action="auth.login",
            entity_type="account",
            entity_id=row.email,
            detail={
                "client_id": client.client_id,
                "scopes": list(grant.scopes),
                "flow": "manual" if manual else "loopback",
                "secret_backend": secrets.name,
            },
            account_id=row.account_id,
        )
    return _info(row, secrets.name, True)


def _save_client_secret(secrets: SecretStore, client: OAuthClient) -> None:
    """Keep the client secret so later non-interactive runs need only the client id."""
    if client.source == "secret_store":
        return
    key = client_secret_key(client.client_id)
    if secrets.get(key) != client.client_secret:
        secrets.set(key, client.client_secret)


def account_status(
    paths: Paths, settings: Settings, *, environ: Mapping[str, str] | None = None
) -> list[AccountInfo]:
    """Every account with its status and whether its refresh token is in the secret store."""
    with _opened(paths) as store:
        rows = q.list_accounts(store)
    backend: str = settings.secret.backend
    secrets: SecretStore | None = None
    store_error: str | None = None
    try:
        secrets = open_secret_store(settings, paths, environ)
        backend = secrets.name
    except NyteError as exc:
        store_error = str(exc)
    infos: list[AccountInfo] = []
    for row in rows:
        has_token: bool | None = None
        error = store_error
        if secrets is not None and row.client_id:
            try:
                has_token = secrets.get(refresh_token_key(row.client_id, row.email)) is not None
            except NyteError as exc:
                error = str(exc)
        elif secrets is not None:
            has_token = False
        infos.append(_info(row, backend, has_token, error))
    return infos


def _choose_account(store: Store, email: str | None) -> q.AccountRow:
    """The account named, or the only connected one."""
    if email:
        row = q.get_account(store, email)
        if row is None:
            raise UsageError(f"no account {email}; see `nyte auth status`")
        return row
    connected = [row for row in q.list_accounts(store) if row.status != "disabled"]
    if not connected:
        raise UsageError("no account is connected; see `nyte auth status`")
    if len(connected) > 1:
        raise UsageError("several accounts are connected; choose one with --account EMAIL")
    return connected[0]


def logout(
    paths: Paths,
    settings: Settings,
    email: str | None,
    *,
    environ: Mapping[str, str] | None = None,
) -> LogoutResult:
    """Revoke the account's token at Google, delete it locally, and disable the account."""
    secrets = open_secret_store(settings, paths, environ)
    with _opened(paths) as store:
        row = _choose_account(store, email)
        revoked = False
        deleted = False
        if row.client_id:
            key = refresh_token_key(row.client_id, row.email)
            token = secrets.get(key)
            if token:
                try:
                    client = load_client(settings, None, secrets, client_id=row.client_id)
                except NyteError:
                    client = None
                revoked = client is not None and revoke_token(client, token)
                deleted = secrets.delete(key)
        q.set_account_status(store, row.account_id, "disabled", "logged out")
        append_audit(
            store,
            actor="user",
            action="auth.logout",
            entity_type="account",
            entity_id=row.email,
            detail={"revoked": revoked, "secret_deleted": deleted},
            account_id=row.account_id,
        )
    return LogoutResult(email=row.email, revoked=revoked, secret_deleted=deleted)


def credentials_for_account(
    paths: Paths,
    settings: Settings,
    email: str,
    *,
    actor: str = "sync",
    environ: Mapping[str, str] | None = None,
) -> Credentials:
    """Fresh credentials for an account, marking it needs_reauth when Google says invalid_grant."""
    with _opened(paths) as store:
        row = q.get_account(store, email)
    if row is None:
        raise UsageError(f"no account {email}; run `nyte auth login`")
    if row.status == "disabled":
        raise ReauthRequired(f"{row.email} was logged out; run `nyte auth login` to reconnect")
    if row.status == "needs_reauth":
        reason = f" ({row.status_reason})" if row.status_reason else ""
        raise ReauthRequired(f"{row.email} needs re-authentication{reason}; run `nyte auth login`")
    if not row.client_id:
        raise ReauthRequired(f"{row.email} has no OAuth client recorded; run `nyte auth login`")
    secrets = open_secret_store(settings, paths, environ)
    refresh_token = secrets.get(refresh_token_key(row.client_id, row.email))
    if not refresh_token:
        raise ReauthRequired(
            f"no refresh token for {row.email} in the {secrets.name} secret store; run "
            "`nyte auth login` (or choose the NYTE_SECRET_BACKEND used when you logged in)"
        )
    client = load_client(settings, None, secrets, client_id=row.client_id)
    creds = credentials_for(client, refresh_token, row.scopes)
    try:
        refresh_credentials(creds)
    except ReauthRequired as exc:
        with _opened(paths) as store:
            q.mark_needs_reauth(store, row.account_id, "invalid_grant")
            append_audit(
                store,
                actor=actor,
                action="auth.needs_reauth",
                entity_type="account",
                entity_id=row.email,
                detail={"reason": "invalid_grant"},
                account_id=row.account_id,
            )
        raise ReauthRequired(f"{row.email}: {exc}") from exc
    expiry = _aware(creds.expiry)
    with _opened(paths) as store:
        q.set_token_expiry(store, row.account_id, expiry)
    return creds


def _aware(value: datetime | None) -> datetime | None:
    """google-auth's naive-UTC expiry as an aware datetime."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
