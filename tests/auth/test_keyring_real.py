"""A real Secret Service keyring (gnome-keyring in a private D-Bus session) behind nyte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import keyring
from nyte_tui.auth.secrets import KeyringSecretStore, refresh_token_key
store = KeyringSecretStore()
key = refresh_token_key("client-id", "alex@northwind.example")
store.set(key, "1//real-keyring-secret")
assert store.get(key) == "1//real-keyring-secret", store.get(key)
backend = type(keyring.get_keyring())
assert backend.__module__ == "keyring.backends.SecretService", backend
assert store.delete(key) is True and store.get(key) is None
print("OK", backend.__module__)
"""


@pytest.mark.keyring_real
def test_secret_service_round_trip(tmp_path: Path) -> None:
    if not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")):
        pytest.skip("needs gnome-keyring-daemon and dbus-run-session")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY")
        and not key.startswith(("XDG_", "NYTE_"))
    }
    home = tmp_path / "home"
    home.mkdir()
    env.update({"HOME": str(home), "NYTE_HOME": str(tmp_path / "nyte")})
    script = (
        "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
        f'exec "{sys.executable}" -c "$PROBE"'
    )
    env["PROBE"] = PROBE
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "OK keyring.backends.SecretService" in result.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="the cron-like failure is Linux's D-Bus")
def test_no_session_bus_is_a_clear_error(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    code = (
        "from nyte_tui.auth.secrets import KeyringSecretStore, SecretStoreUnavailable\n"
        "try:\n"
        "    KeyringSecretStore().set('k', 'v')\n"
        "except SecretStoreUnavailable as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("no usable OS keyring (")
    assert (
        "DBUS_SESSION_BUS_ADDRESS" in result.stdout and "NYTE_SECRET_BACKEND=file" in result.stdout
    )
