"""`nyte demo`: a private home, an in-process loopback sandbox and a backend bound to both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from nyte_tui.config.paths import Paths, ensure_private_dir

if TYPE_CHECKING:
    from nyte_tui.config.settings import Settings
    from nyte_tui.sandbox.server import SandboxServer
    from nyte_tui.services.app.backend import AppBackend
    from nyte_tui.store.records import AccountRef

DEMO_ACCOUNT = "alex@northwind.example"
DEMO_CLIENT_ID = "sandbox-client"
DEMO_CLIENT_SECRET = "sandbox-secret"
DEMO_QUOTA_UNITS = 10_000_000
DEMO_SYNC_UNITS = 1_000_000


def demo_paths(paths: Paths) -> Paths:
    """The demo's own home inside the user's state directory (never the real store)."""
    root = paths.state_dir / "demo"
    return Paths(config_dir=root / "config", data_dir=root / "data", state_dir=root / "state")


@dataclass
class DemoSession:
    """A running demo: its paths, settings, sandbox and tokens."""

    paths: Paths
    settings: Settings
    server: SandboxServer
    tokens: dict[str, Any]

    def credentials_for(self, _account: AccountRef) -> Any:
        """google-auth credentials minted by the sandbox (no keyring, nothing leaves loopback)."""
        from google.oauth2.credentials import Credentials

        return Credentials(  # type: ignore[no-untyped-call]
            token=self.tokens["access_token"],
            refresh_token=self.tokens["refresh_token"],
            token_uri=self.server.token_uri,
            client_id=DEMO_CLIENT_ID,
            client_secret=DEMO_CLIENT_SECRET,
        )

    def backend(self) -> AppBackend:
        """An app backend reading the demo store and syncing from the sandbox."""
        from nyte_tui.services.app.backend import AppBackend

        return AppBackend(
            self.paths,
            self.settings,
            credentials_for=self.credentials_for,
            demo=True,
            ensure_account=DEMO_ACCOUNT,
        )

    def stop(self) -> None:
        """Stop the sandbox and save its state for the next demo."""
        self.server.stop()


def start_demo(paths: Paths) -> DemoSession:
    """Start the sandbox on a free loopback port (resuming its saved state)."""
    from nyte_tui.config.settings import load_settings
    from nyte_tui.sandbox.server import SandboxServer

    ensure_private_dir(paths.state_dir / "demo")
    home = demo_paths(paths).ensure()
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = SandboxServer(seed=0, now=now, state_file=home.state_dir / "sandbox.json")
    server.state.configure_quota(units_per_minute=DEMO_QUOTA_UNITS)
    server.start()
    try:
        settings = load_settings(
            home,
            google={
                "api_root": server.url,
                "token_uri": server.token_uri,
                "auth_uri": server.auth_uri,
                "revoke_uri": server.revoke_uri,
                "client_id": DEMO_CLIENT_ID,
            },
            sync={"quota_units_per_minute": DEMO_SYNC_UNITS, "max_wait": 30},
        )
        tokens = dict(server.issue_tokens(DEMO_CLIENT_ID))
    except BaseException:
        server.stop()
        raise
    return DemoSession(paths=home, settings=settings, server=server, tokens=tokens)
