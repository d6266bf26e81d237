"""Camera credentials encrypted at rest.

The database only ever holds ciphertext. The key lives in the OS keyring when one is available;
on a headless machine without a keyring service it is kept in a key file readable only by the
owner (mode 0600) in the user's config folder, beside — never inside — the database, so a copied
database alone reveals no password.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

log = logging.getLogger(__name__)

KEYRING_SERVICE = "trucban"
KEYRING_NAME = "camera-credential-key"


class CredentialError(Exception):
    """Stored credentials cannot be decrypted (wrong key or damaged data)."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str

    def __repr__(self) -> str:  # never print a password by accident
        return f"Credentials(username={self.username!r}, password='***')"


def _keyring_key() -> bytes | None:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or "null" in type(backend).__module__:
            return None
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_NAME)
        if stored is None:
            stored = Fernet.generate_key().decode()
            keyring.set_password(KEYRING_SERVICE, KEYRING_NAME, stored)
        return stored.encode()
    except Exception as exc:  # noqa: BLE001 - any keyring backend failure → file key
        log.info("OS keyring not usable (%s); using the protected key file", type(exc).__name__)
        return None


def _file_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


class CredentialVault:
    """Encrypts and decrypts camera credentials."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def open(cls, config_dir: Path, *, use_keyring: bool = True) -> CredentialVault:
        key = _keyring_key() if use_keyring else None
        return cls(key if key is not None else _file_key(config_dir / "credential.key"))

    def seal(self, credentials: Credentials) -> bytes:
        payload = json.dumps({"u": credentials.username, "p": credentials.password}).encode()
        return self._fernet.encrypt(payload)

    def open_sealed(self, token: bytes) -> Credentials:
        try:
            data = json.loads(self._fernet.decrypt(token))
            return Credentials(str(data["u"]), str(data["p"]))
        except (InvalidToken, ValueError, KeyError, TypeError) as exc:
            raise CredentialError(
                "The stored camera credentials cannot be decrypted; enter them again.") from exc
