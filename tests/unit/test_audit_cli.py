"""``main.py audit verify`` (run_audit called directly)."""
from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
import sqlalchemy as sa

from app.security.audit import AuditTrail
from app.security.cli import EXIT_BROKEN, EXIT_ERROR, EXIT_OK, run_audit
from app.storage.database import Database
from app.storage.models import AuditEntry
from tests.security_support import FakeClock


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_verify_ok_then_broken(migrated_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    audit = AuditTrail(migrated_db, clock=FakeClock())
    for number in range(25):
        audit.append(None, "test.entry", "thing", number, {"n": number})
    assert run_audit(["--url", _url(migrated_db), "verify", "--batch", "7"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("OK: 25 entries")

    table = cast(sa.Table, AuditEntry.__table__)
    with migrated_db.engine.begin() as connection:
        connection.execute(sa.update(table).where(table.c.seq == 11).values(details={"n": 0}))
    assert run_audit(["--url", _url(migrated_db), "verify"]) == EXIT_BROKEN
    out = capsys.readouterr().out
    assert out.startswith("BROKEN at entry #11: ") and "edited" in out


def test_verify_uses_the_environment_url(migrated_db: Database,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRUCBAN_DATABASE_URL", _url(migrated_db))
    assert run_audit(["verify"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("OK: 0 entries")


def test_unusable_databases_are_reported(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run_audit(["--url", "nonsense://", "verify"]) == EXIT_ERROR
    assert "error:" in capsys.readouterr().err
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run_audit(["--url", empty, "verify"]) == EXIT_ERROR
    assert "not set up" in capsys.readouterr().err
    assert run_audit(["--url", empty, "verify", "--batch", "0"]) == EXIT_ERROR
    assert run_audit([]) == EXIT_ERROR
    assert run_audit(["--help"]) == EXIT_OK
