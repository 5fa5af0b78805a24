"""Start the Textual app (imported only here, only when asked for)."""

from __future__ import annotations

from nyte_tui.errors import NyteError


def launch_app(*, demo: bool) -> None:
    """Open the terminal app, on the sandbox when demo is true."""
    raise NyteError(
        "the terminal app is not built yet; use `nyte sync`, `nyte important` and "
        "`nyte sandbox serve` meanwhile"
    )
