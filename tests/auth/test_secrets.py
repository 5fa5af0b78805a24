"""The secret store backends: keyring, encrypted file and external command."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked

from auth.conftest import current
from nyte_tui.auth.secrets import (
    CommandSecretStore,
    EncryptedFileSecretStore,
    KeyringSecretStore,
    SecretStoreError,
    SecretStoreUnavailable,
    client_secret_key,
    open_secret_store,
    refresh_token_key,
)

SECRET = "1//refresh-token-ÄÖ-secret"


def test_key_helpers() -> None:
    assert refresh_token_key("cid", "a@b.example") == "refresh_token:cid:a@b.example"
    assert client_secret_key("cid") == "client_secret:cid"


def test_keyring_round_trip(memory_keyring: Any) -> None:
    store = KeyringSecretStore()
    assert store.name == "keyring"
    assert store.get("k") is None
    store.set("k", SECRET)
    assert store.get("k") == SECRET
    assert memory_keyring.secrets[("nyte", "k")] == SECRET
    assert store.delete("k") is True
    assert store.delete("k") is False
    assert store.get("k") is None


def test_keyring_disabled_or_missing_is_a_clear_error() -> None:
    from keyring.backends import fail, null

    for backend in (null.Keyring(), fail.Keyring()):  # type: ignore[no-untyped-call]
        keyring.set_keyring(backend)
        with pytest.raises(SecretStoreUnavailable) as caught:
            KeyringSecretStore().get("k")
        message = str(caught.value)
        assert "DBUS_SESSION_BUS_ADDRESS" in message
        assert "NYTE_SECRET_BACKEND=file" in message
        assert "\n" not in message


def test_locked_keyring_is_unavailable_with_the_fix() -> None:
    class Locked(KeyringBackend):
        priority = 1

        def get_password(self, service: str, username: str) -> str | None:
            raise KeyringLocked("Failed to unlock the collection!")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise KeyringLocked("Failed to unlock the collection!")

        def delete_password(self, service: str, username: str) -> None:
            raise KeyringLocked("Failed to unlock the collection!")

    keyring.set_keyring(Locked())  # type: ignore[no-untyped-call]
    with pytest.raises(SecretStoreUnavailable, match=r"no usable OS keyring \(Failed to unlock"):
        KeyringSecretStore().set("k", "v")


def test_encrypted_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "data" / "secrets.enc"
    store = EncryptedFileSecretStore(path, "correct horse")
    assert store.get("k") is None
    assert not path.exists()
    store.set("k", SECRET)
    store.set("other", "x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert SECRET.encode() not in raw and b"refresh-token" not in raw
    envelope = json.loads(raw)
    assert envelope["kdf"] == "scrypt" and len(envelope["salt"]) >= 16
    again = EncryptedFileSecretStore(path, "correct horse")
    assert again.get("k") == SECRET
    assert again.delete("k") is True
    assert again.delete("k") is False
    assert EncryptedFileSecretStore(path, "correct horse").get("other") == "x"
    assert not list(path.parent.glob("*.tmp"))


def test_encrypted_file_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "secrets.enc"
    EncryptedFileSecretStore(path, "right").set("k", SECRET)
    with pytest.raises(SecretStoreError, match="wrong NYTE_SECRET_PASSPHRASE"):
        EncryptedFileSecretStore(path, "wrong").get("k")
    with pytest.raises(SecretStoreError, match="wrong NYTE_SECRET_PASSPHRASE"):
        EncryptedFileSecretStore(path, "wrong").set("k", "overwrite")
    assert EncryptedFileSecretStore(path, "right").get("k") == SECRET


def test_encrypted_file_damaged(tmp_path: Path) -> None:
    path = tmp_path / "secrets.enc"
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(SecretStoreError, match="damaged"):
        EncryptedFileSecretStore(path, "pw").get("k")


def test_encrypted_file_missing_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SecretStoreUnavailable, match="NYTE_SECRET_PASSPHRASE"):
        EncryptedFileSecretStore(Path("x"), "")
    monkeypatch.setenv("NYTE_SECRET_BACKEND", "file")
    paths, settings = current()
    with pytest.raises(SecretStoreUnavailable, match="needs a passphrase"):
        open_secret_store(settings, paths, environ={})
    store = open_secret_store(settings, paths, environ={"NYTE_SECRET_PASSPHRASE": "pw"})
    assert isinstance(store, EncryptedFileSecretStore)
    assert store.path == paths.secrets_file


def test_passphrase_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NYTE_SECRET_BACKEND", "file")
    paths, settings = current()
    env = {"NYTE_SECRET_PASSPHRASE_COMMAND": "echo from-command"}
    store = open_secret_store(settings, paths, environ=env)
    store.set("k", "v")
    assert EncryptedFileSecretStore(paths.secrets_file, "from-command").get("k") == "v"
    failing = {"NYTE_SECRET_PASSPHRASE_COMMAND": "false"}
    with pytest.raises(SecretStoreUnavailable, match="exited with 1"):
        open_secret_store(settings, paths, environ=failing)


def write_script(tmp_path: Path) -> Path:
    """A tiny secret helper keeping one file per key."""
    vault = tmp_path / "vault"
    vault.mkdir()
    script = tmp_path / "secret-helper"
    script.write_text(
        "#!/bin/sh\n"
        f'dir="{vault}"\n'
        'case "$1" in\n'
        '  get) if [ -f "$dir/$2" ]; then cat "$dir/$2"; fi ;;\n'
        '  set) cat > "$dir/$2" ;;\n'
        '  delete) rm -f "$dir/$2" ;;\n'
        '  *) echo "unknown verb $1" >&2; exit 2 ;;\n'
        "esac\n",
        encoding="utf-8",
    )
    script.chmod(0o700)
    return script


def test_command_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = write_script(tmp_path)
    monkeypatch.setenv("NYTE_SECRET_BACKEND", "command")
    monkeypatch.setenv("NYTE_SECRET_COMMAND", str(script))
    paths, settings = current()
    store = open_secret_store(settings, paths)
    assert isinstance(store, CommandSecretStore) and store.name == "command"
    key = refresh_token_key("cid", "a@b.example")
    assert store.get(key) is None
    store.set(key, SECRET)
    assert (tmp_path / "vault" / key).read_text(encoding="utf-8") == SECRET
    assert store.get(key) == SECRET
    assert store.delete(key) is True
    assert store.get(key) is None


def test_command_failures_are_clear(tmp_path: Path) -> None:
    failing = tmp_path / "failing"
    failing.write_text("#!/bin/sh\necho 'vault is locked' >&2\nexit 1\n", encoding="utf-8")
    failing.chmod(0o700)
    with pytest.raises(SecretStoreError, match=r"failed with exit 1: vault is locked"):
        CommandSecretStore(str(failing)).get("k")
    with pytest.raises(SecretStoreUnavailable, match="not found"):
        CommandSecretStore(str(tmp_path / "missing")).get("k")
    with pytest.raises(SecretStoreUnavailable, match="NYTE_SECRET_COMMAND"):
        CommandSecretStore("")
