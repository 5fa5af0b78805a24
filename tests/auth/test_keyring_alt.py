"""keyrings.alt's file backends are refused: nyte never keeps tokens in a file it cannot trust."""

from __future__ import annotations

from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from nyte_tui.auth.secrets import KeyringSecretStore, SecretStoreUnavailable


class _FileBackend(KeyringBackend):
    """Stands in for keyrings.alt.file.PlaintextKeyring (without writing any file)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


_FileBackend.__module__ = "keyrings.alt.file"
_FileBackend.__name__ = _FileBackend.__qualname__ = "PlaintextKeyring"


class _OtherAltBackend(_FileBackend):
    """A keyrings.alt backend that is not a file (kept working)."""


_OtherAltBackend.__module__ = "keyrings.alt.Gnome"
_OtherAltBackend.__name__ = _OtherAltBackend.__qualname__ = "Keyring"


def _assert_refused(backend: Any) -> None:
    keyring.set_keyring(backend)
    store = KeyringSecretStore()
    for operation in (
        lambda: store.get("k"),
        lambda: store.set("k", "secret"),
        lambda: store.delete("k"),
    ):
        with pytest.raises(SecretStoreUnavailable) as caught:
            operation()
        message = str(caught.value)
        assert "keyrings.alt.file.PlaintextKeyring" in message
        assert "NYTE_SECRET_BACKEND=file" in message and "DBUS_SESSION_BUS_ADDRESS" in message
        assert "\n" not in message


def test_keyrings_alt_plaintext_file_backend_is_refused() -> None:
    backend = _FileBackend()
    _assert_refused(backend)
    assert backend.secrets == {}  # nothing was written to it


def test_a_chainer_whose_first_backend_is_a_file_is_refused() -> None:
    class Chainer(_OtherAltBackend):
        def __init__(self) -> None:
            super().__init__()
            self.backends = [_FileBackend(), _OtherAltBackend()]

    Chainer.__module__ = "keyring.backends.chainer"
    _assert_refused(Chainer())


def test_other_keyrings_alt_backends_still_work() -> None:
    backend = _OtherAltBackend()
    keyring.set_keyring(backend)
    store = KeyringSecretStore()
    store.set("k", "secret")
    assert store.get("k") == "secret" and backend.secrets == {("nyte", "k"): "secret"}
