"""Opening databases: what the user is told when a file or server cannot be used."""
from __future__ import annotations

import multiprocessing
import os
import pwd
import shutil
import socket
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.storage.database import Database
from app.storage.dto import CameraCreate
from app.storage.errors import StorageError
from app.storage.models import Camera
from app.storage.repositories import CameraRepository, EventRepository
from tests.postgres import PostgresServer


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_sqlite_open_creates_folder_and_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    db_file = tmp_path / "deep" / "er" / "trucban.db"
    db = Database.open(_sqlite_url(db_file))
    try:
        assert db_file.parent.is_dir()
        assert db.url_for_display == str(db_file)
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()


def test_session_commits_or_rolls_back(migrated_db: Database) -> None:
    with pytest.raises(RuntimeError), migrated_db.session() as session:
        session.add(Camera(name="never", host="10.0.0.1", port=80))
        session.flush()
        raise RuntimeError("boom")
    with migrated_db.session() as session:
        session.add(Camera(name="kept", host="10.0.0.2", port=80))
    with migrated_db.session() as session:
        assert session.scalars(sa.select(Camera.name)).all() == ["kept"]


def test_corrupt_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    db_file = tmp_path / "data" / "trucban.db"
    garbage = os.urandom(64 * 1024)
    db_file.write_bytes(garbage)
    with pytest.raises(StorageError) as caught:
        Database.open(_sqlite_url(db_file))
    message = str(caught.value)
    assert str(db_file) in message and "damaged" in message and "backup" in message
    assert db_file.read_bytes() == garbage
    assert sorted(p.name for p in db_file.parent.iterdir()) == ["trucban.db"]


def test_damaged_schema_is_reported(tmp_path: Path) -> None:
    db_file = tmp_path / "trucban.db"
    db = Database.open(_sqlite_url(db_file))
    db.upgrade()
    db.dispose()
    data = bytearray(db_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # overwrite the schema page after the header
    db_file.write_bytes(bytes(data))
    with pytest.raises(StorageError, match="damaged"):
        db = Database.open(_sqlite_url(db_file))
        try:
            EventRepository(db).recent()
        finally:
            db.dispose()
    assert db_file.read_bytes() == bytes(data)


def test_path_that_is_a_folder_or_below_a_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="not a file"):
        Database.open(_sqlite_url(tmp_path))
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot be created"):
        Database.open(_sqlite_url(blocker / "sub" / "trucban.db"))


def test_bad_urls_are_explained() -> None:
    with pytest.raises(StorageError, match="not a valid URL"):
        Database.open("::nonsense::")
    with pytest.raises(StorageError, match="cannot be used"):
        Database.open("nosuchdb://user:pw@127.0.0.1/x")


# ------------------------------------------------------------------ locked database
def test_locked_database_gives_storage_error_after_busy_timeout(tmp_path: Path) -> None:
    db_file = tmp_path / "trucban.db"
    db = Database.open(_sqlite_url(db_file), busy_timeout_s=0.2)
    try:
        db.upgrade()
        cameras = CameraRepository(db)
        first = cameras.add(CameraCreate(name="before", host="10.0.0.1", port=80))
        other = sqlite3.connect(db_file, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            with pytest.raises(StorageError) as caught:
                cameras.add(CameraCreate(name="blocked", host="10.0.0.2", port=80))
            assert "locked by another program" in str(caught.value)
            assert str(db_file) in str(caught.value)
            # WAL: reading goes on while another program holds the write lock.
            assert [c.id for c in cameras.list_cameras()] == [first.id]
        finally:
            other.execute("ROLLBACK")
            other.close()
        cameras.add(CameraCreate(name="after", host="10.0.0.2", port=80))
        assert [c.name for c in cameras.list_cameras()] == ["after", "before"]
    finally:
        db.dispose()


# ------------------------------------------------------------------ read-only database
@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="trucban-ro-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        for path in [base, *base.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(base)


def _open_error(url: str) -> str:
    try:
        db = Database.open(url)
    except StorageError as exc:
        return str(exc)
    try:
        EventRepository(db).add("probe")
    except StorageError as exc:
        return str(exc)
    finally:
        db.dispose()
    return "no error"


def _as_unprivileged(func: Callable[[str], str], arg: str) -> str:
    """Run func(arg) as 'nobody' when we are root, since root may write read-only files."""
    if os.geteuid() != 0:
        return func(arg)
    nobody = pwd.getpwnam("nobody")
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def child() -> None:
        try:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            results.put(func(arg))
        except BaseException as exc:  # noqa: BLE001 (report anything; never hang the parent)
            results.put(f"child failed: {exc!r}")

    process = context.Process(target=child)
    process.start()
    try:
        return str(results.get(timeout=60))
    finally:
        process.join(10)
        results.close()


def _own(path: Path, mode: int) -> None:
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    path.chmod(mode)


def _make_db(folder: Path) -> Path:
    folder.mkdir()
    db_file = folder / "trucban.db"
    db = Database.open(_sqlite_url(db_file))
    db.upgrade()
    db.dispose()
    return db_file


def test_read_only_file(shared_dir: Path) -> None:
    db_file = _make_db(shared_dir / "data")
    _own(db_file.parent, 0o755)
    _own(db_file, 0o444)
    before = db_file.read_bytes()
    message = _as_unprivileged(_open_error, _sqlite_url(db_file))
    assert "read-only" in message and str(db_file) in message, message
    assert db_file.read_bytes() == before


def test_read_only_folder(shared_dir: Path) -> None:
    db_file = _make_db(shared_dir / "data")
    _own(db_file, 0o644)
    _own(db_file.parent, 0o555)
    message = _as_unprivileged(_open_error, _sqlite_url(db_file))
    assert "read-only" in message, message
    new_file = db_file.parent / "new.db"
    message = _as_unprivileged(_open_error, _sqlite_url(new_file))
    assert "read-only" in message, message
    assert not new_file.exists()


# ------------------------------------------------------------------ PostgreSQL
def test_unreachable_server_is_reported_without_password() -> None:
    url = f"postgresql+psycopg://trucban:Secret-Pw-123@127.0.0.1:{_free_port()}/trucban"
    with pytest.raises(StorageError) as caught:
        Database.open(url, connect_timeout_s=3)
    message = str(caught.value)
    assert "cannot be reached" in message and "127.0.0.1" in message
    assert "Secret-Pw-123" not in message


@pytest.mark.postgres
def test_wrong_password_and_missing_database(postgres_server: PostgresServer) -> None:
    good = sa.make_url(postgres_server.url())
    wrong = good.set(password="not-the-password")
    with pytest.raises(StorageError, match="refused the login") as caught:
        Database.open(wrong.render_as_string(hide_password=False))
    assert "not-the-password" not in str(caught.value)
    missing = good.set(database="no_such_db")
    with pytest.raises(StorageError, match="does not exist"):
        Database.open(missing.render_as_string(hide_password=False))


@pytest.mark.postgres
def test_postgres_url_is_redacted_for_display(postgres_url: str) -> None:
    db = Database.open(postgres_url)
    try:
        password = sa.make_url(postgres_url).password
        assert password and password not in db.url_for_display
        assert "***" in db.url_for_display and "127.0.0.1" in db.url_for_display
    finally:
        db.dispose()
