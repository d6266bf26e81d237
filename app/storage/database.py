"""The database handle: engine set-up, sessions, migrations and backups.

SQLite (the default, one file in the user data folder) runs in WAL mode so that the wall can
read while the worker writes; PostgreSQL is used when the settings give its URL. Every
failure the user can fix (locked, read-only, damaged file, server down) becomes a
StorageError naming the file or the redacted URL. A damaged file is never re-created or
"repaired" here: it is left exactly as it was found.
"""
from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc as sa_exc
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.storage import migrator
from app.storage.diagnosis import read_only_error, storage_error_for
from app.storage.errors import ConcurrentUpdateError, StorageError

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_S = 5.0
DEFAULT_CONNECT_TIMEOUT_S = 10


def _parse_url(url: str) -> URL:
    try:
        return sa.make_url(url)
    except (sa_exc.ArgumentError, ValueError) as exc:
        raise StorageError(
            f"The database address is not a valid URL ({exc}). Use e.g. "
            f"sqlite:///C:/data/trucban.db or "
            f"postgresql+psycopg://user:password@server:5432/trucban.") from None


def _sqlite_file(url: URL) -> Path | None:
    """The database file of an SQLite URL, or None for an in-memory database."""
    name = url.database or ""
    if name in ("", ":memory:") or url.query.get("mode") == "memory":
        return None
    name = name.removeprefix("file:")
    return Path(name).expanduser().resolve()


class Database:
    """One database; thread-safe to share (each session() call gets its own session)."""

    def __init__(self, engine: Engine, url: URL, *, backup_dir: Path | None,
                 migrations_dir: Path | None = None) -> None:
        self.engine = engine
        self.url = url
        self.sqlite_path = _sqlite_file(url) if url.get_backend_name() == "sqlite" else None
        self.is_sqlite = url.get_backend_name() == "sqlite"
        self.backup_dir = backup_dir or (
            self.sqlite_path.parent / "backups" if self.sqlite_path else None)
        self.migrations_dir = migrations_dir or migrator.MIGRATIONS_DIR
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, url: str, *, backup_dir: Path | None = None,
             busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
             connect_timeout_s: int = DEFAULT_CONNECT_TIMEOUT_S,
             migrations_dir: Path | None = None) -> Database:
        """Connect and check the database can be used; raise StorageError if it cannot.

        ``migrations_dir`` replaces the bundled Alembic scripts (tooling and tests only).
        """
        parsed = _parse_url(url)
        display = parsed.render_as_string(hide_password=True)
        backend = parsed.get_backend_name()
        try:
            if backend == "sqlite":
                engine = _sqlite_engine(parsed, busy_timeout_s)
            else:
                connect_args: dict[str, Any] = {}
                if backend == "postgresql":
                    connect_args["connect_timeout"] = connect_timeout_s
                engine = sa.create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
        except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError, ImportError) as exc:
            raise StorageError(f"The database URL {display} cannot be used: {exc}. Supported: "
                               f"sqlite:///<file> and postgresql+psycopg://...") from None
        db = cls(engine, parsed, backup_dir=backup_dir, migrations_dir=migrations_dir)
        try:
            db._probe()
        except BaseException:
            engine.dispose()
            raise
        log.info("database opened: %s", db.url_for_display)
        return db

    def _probe(self) -> None:
        if self.sqlite_path is not None:
            self._check_sqlite_file()
        try:
            with self.engine.connect() as connection:
                if self.is_sqlite:
                    self._probe_sqlite(connection.connection.dbapi_connection)
                else:
                    connection.exec_driver_sql("SELECT 1").scalar()
        except (sa_exc.DBAPIError, sqlite3.Error) as exc:
            raise self.error_for(exc) from None

    def _probe_sqlite(self, raw: Any) -> None:
        # Reading the schema fails on a damaged or foreign file. Then WAL (persistent, so
        # once is enough), but only on an empty file or one of ours: switching another
        # program's database to WAL would change it. Raw DB-API calls, because the pragma
        # is refused inside the transaction SQLAlchemy would begin.
        tables = {row[0] for row in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and migrator.VERSION_TABLE not in tables:
            return
        mode = raw.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and str(mode[0]).lower() not in ("wal", "memory"):
            log.warning("SQLite refused WAL mode (%s); readers may wait for writers", mode[0])

    def _check_sqlite_file(self) -> None:
        path = self.sqlite_path
        assert path is not None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"The folder {path.parent} for the database cannot be created "
                f"({exc.strerror or exc}). Choose a writable data folder in the settings."
            ) from None
        if path.exists() and not path.is_file():
            raise StorageError(f"The database path {path} is not a file. Choose a file name.")
        # access() also reports read-only mounts (EROFS), even to an administrator.
        # WAL mode needs to create the -wal and -shm files next to the database.
        if (path.exists() and not os.access(path, os.R_OK | os.W_OK)) or not os.access(
                path.parent, os.W_OK | os.X_OK):
            raise read_only_error(str(path))

    # ---------------------------------------------------------------- properties
    @property
    def url_for_display(self) -> str:
        """The URL with its password replaced by ***, for logs and the UI."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        return self.url.render_as_string(hide_password=True)

    def error_for(self, exc: BaseException) -> StorageError:
        return storage_error_for(exc, self.url_for_display, is_sqlite=self.is_sqlite)

    # ------------------------------------------------------------------ sessions
    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed when the block ends, rolled back if it raises.

        Driver errors leave as StorageError (ConcurrentUpdateError for a stale version).
        """
        session = self._sessions()
        try:
            yield session
            session.commit()
        except StaleDataError:
            self._rollback_quietly(session)
            raise ConcurrentUpdateError(
                "Someone else changed this record while you were editing it. Reload it and "
                "make your change again.") from None
        except sa_exc.DBAPIError as exc:
            self._rollback_quietly(session)
            raise self.error_for(exc) from exc
        except sa_exc.StatementError as exc:
            self._rollback_quietly(session)
            # A value our column types refused (e.g. a naive datetime): the caller's mistake,
            # reported as the ValueError/TypeError it is.
            if isinstance(exc.orig, (ValueError, TypeError)):
                raise exc.orig from None
            raise
        except BaseException:
            self._rollback_quietly(session)
            raise
        finally:
            session.close()

    @staticmethod
    def _rollback_quietly(session: Session) -> None:
        try:
            session.rollback()
        except sa_exc.SQLAlchemyError:
            log.warning("rollback failed; the connection is discarded", exc_info=True)

    # ---------------------------------------------------------------- migrations
    def current_revision(self) -> str | None:
        return migrator.current_revision(self)

    def head_revision(self) -> str:
        return migrator.head_revision(self)

    def upgrade(self, revision: str = "head") -> Path | None:
        """Migrate to ``revision``; returns the backup made first (SQLite with data), if any."""
        return migrator.upgrade(self, revision)

    def downgrade(self, revision: str) -> None:
        migrator.downgrade(self, revision)

    def schema_differences(self) -> list[Any]:
        """What Alembic autogenerate finds between the ORM and the database (empty: in step)."""
        return migrator.schema_differences(self)

    def backup(self, reason: str = "manual") -> Path:
        """Copy the SQLite database (consistently, WAL included) into the backup folder."""
        return migrator.backup_sqlite(self, reason)

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(url: URL, busy_timeout_s: float) -> Engine:
    engine = sa.create_engine(url, connect_args={"timeout": busy_timeout_s})
    busy_ms = max(0, int(busy_timeout_s * 1000))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling skips BEGIN before DDL, so migrations would
        # not be atomic; we switch it off and emit BEGIN ourselves (SQLAlchemy's recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
