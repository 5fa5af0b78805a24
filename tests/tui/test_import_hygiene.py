"""The app's first paint imports nothing heavy."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "litellm",
    "sqlalchemy",
    "sqlmodel",
    "googleapiclient",
    "google_auth_oauthlib",
    "google.auth",
    "keyring",
    "dateparser",
    "nyte_tui.commands.interpret",
)

PROBE = f"""
import sys
import nyte_tui.tui.app as app_module
import nyte_tui.cli.app_launch
import nyte_tui.services.app.backend
import nyte_tui.services.app.demo_session
app = app_module.NyteApp(backend=None, demo=True)
loaded = [name for name in {HEAVY!r} if name in sys.modules]
print(",".join(loaded))
"""


def test_app_module_and_constructor_import_nothing_heavy() -> None:
    """Importing the app, the launcher and the backend facade leaves the heavy libraries out."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "", f"heavy modules imported: {result.stdout.strip()}"
