"""Alembic migrations on SQLite and PostgreSQL, backups before migrating, and `db` commands."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from app.storage.cli import run_db
from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.errors import StorageError
from app.storage.migrator import MIGRATIONS_DIR
from app.storage.models import Base
from app.storage.repositories import CameraRepository

APP_TABLES = set(Base.metadata.tables)
# The newest bundled revision and the one before it (tests must not hard-code them: every new
# migration would break them).
_SCRIPTS = ScriptDirectory(str(MIGRATIONS_DIR))
HEAD = _SCRIPTS.get_current_head()
BEFORE_HEAD = _SCRIPTS.get_revision(HEAD).down_revision if HEAD else None

EXTRA_REVISION = '''
"""Test-only revision on top of the real ones."""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("extra_things", sa.Column("id", sa.Integer, primary_key=True))
    {fail}


def downgrade() -> None:
    op.drop_table("extra_things")
'''


def _tables(db: Database) -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def _migrations_with_extra(tmp_path: Path, head: str, *, fail: bool = False) -> Path:
    """A copy of the bundled migrations plus one more revision (optionally failing)."""
    target = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    body = EXTRA_REVISION.format(
        down=head, fail='raise RuntimeError("migration failed half-way")' if fail else "")
    (target / "versions" / "9001_extra.py").write_text(body)
    return target


def test_upgrade_downgrade_upgrade(db_url: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the migrations must not depend on the working folder
    db = Database.open(db_url)
    try:
        assert db.current_revision() is None
        assert db.upgrade() is None  # empty database: nothing worth backing up
        head = db.head_revision()
        assert db.current_revision() == head
        assert APP_TABLES <= _tables(db)
        assert db.upgrade() is None  # already current: no-op
        db.downgrade("base")
        assert db.current_revision() is None
        assert not (APP_TABLES & _tables(db))
        db.upgrade()
        assert db.current_revision() == head
        assert db.schema_differences() == []
        assert CameraRepository(db).add(CameraCreate(name="c", host="h", port=80)).id > 0
    finally:
        db.dispose()


def test_orm_and_migrated_schema_agree(migrated_db: Database) -> None:
    differences = migrated_db.schema_differences()
    assert differences == [], f"models and migrations disagree: {differences}"


def test_schema_difference_is_detected(migrated_db: Database) -> None:
    # The comparison must be able to fail: drop an index the models declare.
    with migrated_db.engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_events_camera_time")
    differences = migrated_db.schema_differences()
    assert any("ix_events_camera_time" in str(d) for d in differences)


def test_failed_migration_changes_nothing(db_url: str, tmp_path: Path) -> None:
    db = Database.open(db_url, migrations_dir=_migrations_with_extra(tmp_path, HEAD,
                                                                      fail=True))
    try:
        db.upgrade(HEAD)
        with pytest.raises(RuntimeError, match="half-way"):
            db.upgrade()
        # DDL is transactional on both back ends (SQLite through our BEGIN handling).
        assert db.current_revision() == HEAD
        assert "extra_things" not in _tables(db)
    finally:
        db.dispose()


def test_existing_sqlite_database_is_backed_up_before_migrating(tmp_path: Path) -> None:
    db_file = tmp_path / "data" / "trucban.db"
    db = Database.open(f"sqlite:///{db_file}",
                       migrations_dir=_migrations_with_extra(tmp_path, HEAD))
    try:
        assert db.upgrade(HEAD) is None  # a brand new file has nothing to lose
        camera = CameraRepository(db).add(CameraCreate(name="Giữ lại", host="10.9.9.9",
                                                       port=80))
        backup = db.upgrade()
        assert db.current_revision() == "9001"
    finally:
        db.dispose()
    assert backup is not None and backup.parent == db_file.parent / "backups"
    assert backup.name.startswith("trucban-") and backup.name.endswith("-before-9001.db")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert copy.execute("SELECT id, name FROM cameras").fetchall() == [
            (camera.id, "Giữ lại")]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    assert not list(backup.parent.glob("*.partial"))


def test_backup_dir_can_be_chosen(tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere"
    db = Database.open(f"sqlite:///{tmp_path / 'x.db'}", backup_dir=chosen,
                       migrations_dir=_migrations_with_extra(tmp_path, HEAD))
    try:
        db.upgrade(HEAD)
        backup = db.upgrade()
    finally:
        db.dispose()
    assert backup is not None and backup.parent == chosen and backup.exists()


def test_database_of_another_program_is_refused(tmp_path: Path) -> None:
    db_file = tmp_path / "contacts.db"
    with sqlite3.connect(db_file) as other:
        other.execute("CREATE TABLE contacts (name TEXT)")
        other.execute("INSERT INTO contacts VALUES ('Nguyễn Văn A')")
    other.close()
    before = db_file.read_bytes()
    db = Database.open(f"sqlite:///{db_file}")
    try:
        with pytest.raises(StorageError, match="another program") as caught:
            db.upgrade()
        assert "contacts" in str(caught.value)
    finally:
        db.dispose()
    assert db_file.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_db_command(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_db(["--url", db_url, "check"]) == 1
    assert "pending" in capsys.readouterr().out
    assert run_db(["--url", db_url, "upgrade"]) == 0
    assert f"upgraded empty -> {HEAD}" in capsys.readouterr().out
    assert run_db(["--url", db_url, "current"]) == 0
    assert f"{HEAD} (newest: {HEAD})" in capsys.readouterr().out
    assert run_db(["--url", db_url, "check"]) == 0
    assert "current and matches" in capsys.readouterr().out
    assert run_db(["--url", db_url, "downgrade"]) == 0
    out = capsys.readouterr().out
    assert f"downgraded {HEAD} -> {BEFORE_HEAD or 'empty'}" in out
    password = sa.make_url(db_url).password
    if password:
        assert password not in out


def test_db_command_reports_problems_without_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_db(["--url", "not a url", "current"]) == 2
    assert "not a valid URL" in capsys.readouterr().err
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"\x13" * 4096)
    assert run_db(["--url", f"sqlite:///{broken}", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err
    assert run_db(["frobnicate"]) == 2
    fine = f"sqlite:///{tmp_path / 'fine.db'}"
    assert run_db(["--url", fine, "upgrade", "nope"]) == 2
    assert "Unknown database schema revision 'nope'" in capsys.readouterr().err
    # Without --url: $TRUCBAN_DATABASE_URL.
    monkeypatch.setenv("TRUCBAN_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert run_db(["upgrade"]) == 0
    assert (tmp_path / "env.db").exists()


def test_db_command_defaults_to_the_data_folder(trucban_home: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUCBAN_DATABASE_URL", raising=False)
    assert run_db(["upgrade"]) == 0
    assert (trucban_home / "data" / "trucban.db").exists()
