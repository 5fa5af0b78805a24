"""Test isolation: every test gets its own NYTE_HOME and an in-memory keyring."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = (
    ["sandbox_fixtures"] if (Path(__file__).parent / "sandbox_fixtures.py").exists() else []
)

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

_SCRUBBED_PREFIXES = ("NYTE_", "PI_RUNTIME_MODEL", "OPENCODE_API_KEY")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point nyte at a fresh temporary home and clear nyte's environment variables."""
    for name in list(os.environ):
        if name.startswith(_SCRUBBED_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "nyte-home"
    monkeypatch.setenv("NYTE_HOME", str(home))
    monkeypatch.setenv("TZ", "Europe/London")
    yield home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[object]:
    """Install an in-memory keyring backend so no test touches the machine's keyring."""
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class _Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.secrets: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.secrets.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.secrets[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if (service, username) not in self.secrets:
                raise PasswordDeleteError("not found")
            del self.secrets[(service, username)]

    previous = keyring.get_keyring()
    backend = _Memory()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
