"""Alembic, run from code: no alembic.ini and no particular working folder needed.

Before an SQLite database that already holds tables is migrated, a consistent copy is made
with SQLite's online backup API (a plain file copy could miss pages still in the -wal file).
During SQLite migrations foreign keys are switched off, because a batch migration re-creates
tables and, with them on, dropping the old table would run its ON DELETE CASCADE actions;
``PRAGMA foreign_key_check`` must come back empty before the migration commits.
"""
from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.exc as sa_exc
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from app.storage.errors import StorageError
from app.storage.models import Base

if TYPE_CHECKING:
    from app.storage.database import Database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"


def alembic_config(db: Database, connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(db.migrations_dir))
    config.attributes["connection"] = connection
    return config


def head_revision(db: Database) -> str:
    head = ScriptDirectory.from_config(alembic_config(db)).get_current_head()
    if head is None:
        raise StorageError(f"No database migrations found in {db.migrations_dir}.")
    return head


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except sa_exc.DBAPIError as exc:
        raise db.error_for(exc) from None


def _table_names(db: Database) -> set[str]:
    try:
        return set(sa.inspect(db.engine).get_table_names())
    except sa_exc.DBAPIError as exc:
        raise db.error_for(exc) from None


def upgrade(db: Database, revision: str = "head") -> Path | None:
    current = current_revision(db)
    tables = _table_names(db) - {VERSION_TABLE}
    if current is None and tables:
        shown = ", ".join(sorted(tables)[:5])
        raise StorageError(
            f"The database {db.url_for_display} already holds tables ({shown}) but no Trực Ban "
            f"schema version, so it belongs to another program. It was not changed. Choose "
            f"another database file or an empty database.")
    target = _resolve(db, revision)
    if target is not None and current == target:
        return None
    backup = None
    if db.sqlite_path is not None and tables:
        backup = backup_sqlite(db, f"before-{target or revision}")
    log.info("migrating %s from %s to %s", db.url_for_display, current or "empty", target)
    _run(db, lambda config: command.upgrade(config, revision))
    return backup


def _resolve(db: Database, revision: str) -> str | None:
    """The revision id ``revision`` names; None for relative steps such as "+1"."""
    if revision == "head":
        return head_revision(db)
    if revision.startswith(("+", "-")) or "@" in revision:
        return None
    try:
        found = ScriptDirectory.from_config(alembic_config(db)).get_revision(revision)
    except CommandError:
        raise StorageError(f"Unknown database schema revision {revision!r}; see "
                           f"'main.py db current' for the newest one.") from None
    return found.revision if found is not None else None


def downgrade(db: Database, revision: str) -> None:
    log.info("downgrading %s to %s", db.url_for_display, revision)
    _run(db, lambda config: command.downgrade(config, revision))


def _run(db: Database, step: Any) -> None:
    try:
        with db.engine.connect() as connection:
            if db.is_sqlite:
                # Must happen outside a transaction: inside one SQLite ignores the pragma.
                connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA foreign_keys = OFF")
            try:
                with connection.begin():
                    step(alembic_config(db, connection))
                    if db.is_sqlite:
                        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                        if broken:
                            raise StorageError(
                                f"The migration of {db.url_for_display} would leave "
                                f"{len(broken)} broken references (first: {tuple(broken[0])}); "
                                f"it was rolled back and nothing changed.")
            finally:
                if db.is_sqlite:
                    connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                        "PRAGMA foreign_keys = ON")
    except CommandError as exc:
        raise StorageError(f"Cannot migrate {db.url_for_display}: {exc}.") from None
    except sa_exc.DBAPIError as exc:
        raise db.error_for(exc) from exc


def schema_differences(db: Database) -> list[Any]:
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "target_metadata": Base.metadata})
            return list(compare_metadata(context, Base.metadata))
    except sa_exc.DBAPIError as exc:
        raise db.error_for(exc) from None


def backup_sqlite(db: Database, reason: str) -> Path:
    source = db.sqlite_path
    if source is None or db.backup_dir is None:
        raise StorageError("Only SQLite database files can be backed up here; back up a "
                           "database server with its own tools (pg_dump).")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safe_reason = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in reason)
    partial: Path | None = None
    try:
        db.backup_dir.mkdir(parents=True, exist_ok=True)
        target = db.backup_dir / f"{source.stem}-{stamp}-{safe_reason}.db"
        counter = 1
        while target.exists():
            counter += 1
            target = db.backup_dir / f"{source.stem}-{stamp}-{safe_reason}-{counter}.db"
        partial = target.with_suffix(".db.partial")
        with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)
        # sqlite3's context manager only commits; close both before renaming.
        src.close()
        dst.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise StorageError(
            f"Could not back up {source} to {db.backup_dir} before migrating ({exc}). The "
            f"database was not changed. Free disk space or fix the folder's permissions."
        ) from None
    log.info("database backed up to %s", target)
    return target
