"""The secret store: refresh tokens and client secrets in the OS keyring or an explicit fallback."""

from __future__ import annotations

import base64
import json
import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from nyte_tui.config.paths import FILE_MODE, ensure_private_dir
from nyte_tui.errors import NyteError, UsageError

if TYPE_CHECKING:
    from nyte_tui.config.paths import Paths
    from nyte_tui.config.settings import Settings

SERVICE_NAME = "nyte"
PASSPHRASE_ENV = "NYTE_SECRET_PASSPHRASE"
PASSPHRASE_COMMAND_ENV = "NYTE_SECRET_PASSPHRASE_COMMAND"
COMMAND_TIMEOUT_SECONDS = 30.0
FILE_FORMAT_VERSION = 1
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
KEYRING_FIX = (
    "on Linux run inside a desktop session or set DBUS_SESSION_BUS_ADDRESS, "
    f"or choose NYTE_SECRET_BACKEND=file with {PASSPHRASE_ENV}, or =command"
)


class SecretStoreError(NyteError):
    """A secret could not be read, written or deleted."""


class SecretStoreUnavailable(SecretStoreError):
    """The configured secret backend cannot be used at all."""


class SecretStore(Protocol):
    """Somewhere to keep short secrets by key."""

    name: str

    def get(self, key: str) -> str | None:
        """The secret stored under key, or None."""
        ...

    def set(self, key: str, value: str) -> None:
        """Store value under key, replacing any previous one."""
        ...

    def delete(self, key: str) -> bool:
        """Remove the secret under key; True when there was one."""
        ...


def _plaintext_alt(backend: object) -> bool:
    """Whether a keyring backend is one of keyrings.alt's file backends (plaintext or not)."""
    module = type(backend).__module__ or ""
    if not (module == "keyrings.alt" or module.startswith("keyrings.alt.")):
        return False
    name = type(backend).__name__.lower()
    return "file" in module or "pyfs" in module or "plaintext" in name or "file" in name


def refresh_token_key(client_id: str, email: str) -> str:
    """The key of an account's refresh token for one OAuth client."""
    return f"refresh_token:{client_id}:{email}"


def client_secret_key(client_id: str) -> str:
    """The key of an OAuth client's secret."""
    return f"client_secret:{client_id}"


class KeyringSecretStore:
    """Secrets in the OS keyring (macOS Keychain, Secret Service, Windows Credential Locker)."""

    name = "keyring"

    def __init__(self, service: str = SERVICE_NAME) -> None:
        """Use the keyring service name given (nyte's by default)."""
        self.service = service

    def backend_name(self) -> str:
        """The keyring backend in use, for diagnostics."""
        backend = self._backend()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def _backend(self) -> Any:
        """The active keyring backend, refusing ones that would lose secrets silently."""
        try:
            import keyring
            from keyring.backends import fail, null
        except ImportError as exc:  # pragma: no cover - keyring is a dependency
            raise SecretStoreUnavailable(f"the keyring package is missing ({exc})") from exc
        backend = keyring.get_keyring()
        if isinstance(backend, null.Keyring):
            raise SecretStoreUnavailable(
                f"the OS keyring is disabled (null backend); {KEYRING_FIX}"
            )
        if isinstance(backend, fail.Keyring):
            raise SecretStoreUnavailable(f"no usable OS keyring (no backend); {KEYRING_FIX}")
        # a chainer writes to its first backend, so that is the one that must not be a file
        chained = getattr(backend, "backends", None)
        effective = chained[0] if isinstance(chained, list | tuple) and chained else backend
        if _plaintext_alt(effective):
            kind = f"{type(effective).__module__}.{type(effective).__name__}"
            raise SecretStoreUnavailable(
                f"the keyring backend {kind} (keyrings.alt) keeps secrets in a file "
                f"nyte does not trust; {KEYRING_FIX}"
            )
        return backend

    def _call(self, action: str, operation: Any) -> Any:
        """Run one keyring operation and turn its failures into one clear line."""
        from keyring.errors import InitError, KeyringError, KeyringLocked, NoKeyringError

        try:
            return operation()
        except (NoKeyringError, KeyringLocked, InitError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise SecretStoreUnavailable(f"no usable OS keyring ({reason}); {KEYRING_FIX}") from exc
        except KeyringError as exc:
            raise SecretStoreError(f"the OS keyring failed to {action} a secret: {exc}") from exc
        except SecretStoreError:
            raise
        except Exception as exc:  # a backend's own D-Bus / Keychain errors
            raise SecretStoreUnavailable(
                f"no usable OS keyring ({type(exc).__name__}: {exc}); {KEYRING_FIX}"
            ) from exc

    def get(self, key: str) -> str | None:
        """The secret stored under key, or None."""
        result = self._call("read", lambda: self._backend().get_password(self.service, key))
        return None if result is None else str(result)

    def set(self, key: str, value: str) -> None:
        """Store value under key."""
        self._call("store", lambda: self._backend().set_password(self.service, key, value))

    def delete(self, key: str) -> bool:
        """Remove the secret under key; True when there was one."""
        from keyring.errors import PasswordDeleteError

        def _delete() -> bool:
            backend = self._backend()
            if backend.get_password(self.service, key) is None:
                return False
            try:
                backend.delete_password(self.service, key)
            except PasswordDeleteError:
                return False
            return True

        return bool(self._call("delete", _delete))


class EncryptedFileSecretStore:
    """Secrets in one file encrypted with Fernet under a scrypt-derived key."""

    name = "file"

    def __init__(self, path: Path, passphrase: str, *, scrypt_n: int = SCRYPT_N) -> None:
        """Keep secrets at path, encrypted with a key derived from passphrase."""
        if not passphrase:
            raise SecretStoreUnavailable(
                f"NYTE_SECRET_BACKEND=file needs a passphrase: set {PASSPHRASE_ENV} "
                f"(or {PASSPHRASE_COMMAND_ENV}); nyte never stores secrets unencrypted"
            )
        self.path = path
        self._passphrase = passphrase.encode("utf-8")
        self._scrypt_n = scrypt_n
        self._keys: dict[tuple[bytes, int], bytes] = {}

    def _key(self, salt: bytes, n: int) -> bytes:
        """The Fernet key for this passphrase and salt (cached)."""
        cached = self._keys.get((salt, n))
        if cached is not None:
            return cached
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        raw = Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(self._passphrase)
        key = base64.urlsafe_b64encode(raw)
        self._keys[(salt, n)] = key
        return key

    def _read(self) -> tuple[dict[str, str], bytes | None, int]:
        """The decrypted map, the file's salt and scrypt cost (empty map when no file)."""
        from cryptography.fernet import Fernet, InvalidToken

        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}, None, self._scrypt_n
        except OSError as exc:
            raise SecretStoreError(f"cannot read the secret file {self.path}: {exc}") from exc
        try:
            envelope = json.loads(text)
            salt = base64.b64decode(envelope["salt"])
            n = int(envelope.get("n", SCRYPT_N))
            token = str(envelope["token"]).encode("ascii")
        except (ValueError, KeyError, TypeError) as exc:
            raise SecretStoreError(f"the secret file {self.path} is damaged ({exc})") from exc
        try:
            plain = Fernet(self._key(salt, n)).decrypt(token)
        except InvalidToken as exc:
            raise SecretStoreError(
                f"cannot decrypt {self.path}: wrong {PASSPHRASE_ENV} (or the file is damaged)"
            ) from exc
        data = json.loads(plain.decode("utf-8"))
        if not isinstance(data, dict):
            raise SecretStoreError(f"the secret file {self.path} is damaged (not a map)")
        return {str(k): str(v) for k, v in data.items()}, salt, n

    def _write(self, data: dict[str, str], salt: bytes | None, n: int) -> None:
        """Encrypt data and atomically replace the file (mode 0600)."""
        from cryptography.fernet import Fernet

        salt = salt or os.urandom(16)
        token = Fernet(self._key(salt, n)).encrypt(json.dumps(data, sort_keys=True).encode())
        envelope = {
            "version": FILE_FORMAT_VERSION,
            "kdf": "scrypt",
            "n": n,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode("ascii"),
            "token": token.decode("ascii"),
        }
        ensure_private_dir(self.path.parent)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(envelope) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, self.path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise SecretStoreError(f"cannot write the secret file {self.path}: {exc}") from exc

    def _locked(self) -> Any:
        """A lock serialising writers of the file."""
        from filelock import FileLock

        ensure_private_dir(self.path.parent)
        return FileLock(
            str(self.path.with_name(self.path.name + ".lock")), timeout=30, mode=FILE_MODE
        )

    def get(self, key: str) -> str | None:
        """The secret stored under key, or None."""
        data, _salt, _n = self._read()
        return data.get(key)

    def set(self, key: str, value: str) -> None:
        """Store value under key."""
        with self._locked():
            data, salt, n = self._read()
            data[key] = value
            self._write(data, salt, n)

    def delete(self, key: str) -> bool:
        """Remove the secret under key; True when there was one."""
        with self._locked():
            data, salt, n = self._read()
            if key not in data:
                return False
            del data[key]
            self._write(data, salt, n)
            return True


class CommandSecretStore:
    """Secrets kept by an external program called as `CMD get|set|delete KEY`."""

    name = "command"

    def __init__(self, command: str, *, timeout: float = COMMAND_TIMEOUT_SECONDS) -> None:
        """Use command (split like a shell would) as the secret program."""
        try:
            self.argv = shlex.split(command)
        except ValueError as exc:
            raise SecretStoreUnavailable(f"secret.command cannot be parsed: {exc}") from exc
        if not self.argv:
            raise SecretStoreUnavailable(
                "NYTE_SECRET_BACKEND=command needs NYTE_SECRET_COMMAND (a program called as "
                "`CMD get|set|delete KEY`)"
            )
        self.argv[0] = os.path.expanduser(self.argv[0])
        self.timeout = timeout

    def _run(self, verb: str, key: str, stdin: str | None = None) -> str:
        """Run `CMD verb key` and return its stdout, raising on failure."""
        program = self.argv[0]
        try:
            result = subprocess.run(
                [*self.argv, verb, key],
                input=stdin if stdin is not None else "",
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except FileNotFoundError as exc:
            raise SecretStoreUnavailable(f"secret command not found: {program}") from exc
        except PermissionError as exc:
            raise SecretStoreUnavailable(f"secret command is not executable: {program}") from exc
        except subprocess.TimeoutExpired as exc:
            raise SecretStoreError(
                f"secret command `{program} {verb}` took longer than {self.timeout:g}s"
            ) from exc
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines()
            why = f": {lines[0][:200]}" if lines else ""
            raise SecretStoreError(
                f"secret command `{program} {verb} {key}` failed with exit {result.returncode}{why}"
            )
        return result.stdout

    def get(self, key: str) -> str | None:
        """The secret printed by `CMD get KEY` (empty output means none)."""
        out = self._run("get", key)
        if out.endswith("\n"):
            out = out[:-1]
        if out.endswith("\r"):
            out = out[:-1]
        return out or None

    def set(self, key: str, value: str) -> None:
        """Give value to `CMD set KEY` on stdin."""
        self._run("set", key, stdin=value)

    def delete(self, key: str) -> bool:
        """Run `CMD delete KEY`."""
        self._run("delete", key)
        return True


def _passphrase_from(env: Mapping[str, str]) -> str:
    """The file backend's passphrase from the environment or a command."""
    passphrase = env.get(PASSPHRASE_ENV, "")
    if passphrase:
        return passphrase
    command = env.get(PASSPHRASE_COMMAND_ENV, "")
    if not command:
        return ""
    try:
        result = subprocess.run(
            shlex.split(command),
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        raise SecretStoreUnavailable(f"{PASSPHRASE_COMMAND_ENV} failed: {exc}") from exc
    if result.returncode != 0:
        raise SecretStoreUnavailable(f"{PASSPHRASE_COMMAND_ENV} exited with {result.returncode}")
    return result.stdout.rstrip("\r\n")


def open_secret_store(
    settings: Settings, paths: Paths, environ: Mapping[str, str] | None = None
) -> SecretStore:
    """The secret store chosen by `secret.backend`; never a silent plaintext fallback."""
    env = os.environ if environ is None else environ
    backend = settings.secret.backend
    if backend == "keyring":
        return KeyringSecretStore()
    if backend == "file":
        return EncryptedFileSecretStore(paths.secrets_file, _passphrase_from(env))
    if backend == "command":
        return CommandSecretStore(settings.secret.command or "")
    raise UsageError(f"unknown secret backend {backend!r}; use keyring, file or command")
