from __future__ import annotations

import logging
import stat
import sys
from pathlib import Path

import pytest

from app.logs import redact, setup_logging, write_crash_log
from app.security.secrets import CredentialError, Credentials, CredentialVault


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("opening rtsp://admin:S3cret!@127.0.0.1:8554/cam1/main", "S3cret!"),
        ("http://user:pw123@host/onvif", "pw123"),
        ("login password=hunter2 user=x", "hunter2"),
        ("config {'password': 'abc'}", "abc"),
    ],
)
def test_redact_removes_secrets(text: str, secret: str) -> None:
    cleaned = redact(text)
    assert secret not in cleaned
    assert "***" in cleaned


def test_redact_keeps_plain_urls() -> None:
    assert redact("rtsp://127.0.0.1:8554/cam1/main") == "rtsp://127.0.0.1:8554/cam1/main"


def test_log_file_never_holds_a_password(tmp_path: Path) -> None:
    log_file = setup_logging(tmp_path, console=False)
    logging.getLogger("test").warning("stream %s failed", "rtsp://admin:TopSecret@127.0.0.1/x")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "rtsp://***@127.0.0.1/x" in text
    assert "TopSecret" not in text


def test_crash_log_written(tmp_path: Path) -> None:
    try:
        raise RuntimeError("boom with password=leak")
    except RuntimeError:
        path = write_crash_log(tmp_path, *sys.exc_info(), version="9.9")  # type: ignore[arg-type]
    text = path.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "9.9" in text and "leak" not in text


def test_vault_round_trip_and_ciphertext(tmp_path: Path) -> None:
    vault = CredentialVault.open(tmp_path, use_keyring=False)
    sealed = vault.seal(Credentials("admin", "mật-khẩu-123"))
    assert b"admin" not in sealed and "mật-khẩu-123".encode() not in sealed
    assert vault.open_sealed(sealed) == Credentials("admin", "mật-khẩu-123")
    key_file = tmp_path / "credential.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # Re-opening uses the same key.
    assert CredentialVault.open(tmp_path, use_keyring=False).open_sealed(sealed).username == "admin"


def test_vault_wrong_key_is_a_clear_error(tmp_path: Path) -> None:
    sealed = CredentialVault.open(tmp_path / "a", use_keyring=False).seal(Credentials("u", "p"))
    other = CredentialVault.open(tmp_path / "b", use_keyring=False)
    with pytest.raises(CredentialError, match="enter them again"):
        other.open_sealed(sealed)
    with pytest.raises(CredentialError):
        other.open_sealed(b"garbage")


def test_credentials_repr_hides_password() -> None:
    assert "secret" not in repr(Credentials("u", "secret"))
