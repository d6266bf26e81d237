"""Alembic environment.

Called two ways: from Database.upgrade()/downgrade() (which hand over an open connection in
``config.attributes["connection"]``), or by a developer running ``alembic`` at the repository
root, where the database is TRUCBAN_DATABASE_URL or else the workstation's default file.
"""
from __future__ import annotations

import logging.config
import os

from alembic import context

from app.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _developer_url() -> str:
    url = os.environ.get("TRUCBAN_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from app.paths import AppPaths

    return AppPaths.from_env().ensure().default_database_url


def _configure(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode re-creates the table instead.
        render_as_batch=True,
        # True on SQLite too: Database emits BEGIN itself (pysqlite would not before DDL).
        transactional_ddl=True,
    )


def run_offline() -> None:
    context.configure(url=_developer_url(), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    if config.config_file_name is not None:
        logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)
    from app.storage.database import Database

    db = Database.open(_developer_url())
    try:
        # Through Database, so SQLite gets the same pragmas as the workstation. Foreign
        # keys go off, as in Database.upgrade(): batch migrations re-create tables.
        with db.engine.connect() as own_connection:
            if db.is_sqlite:
                own_connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA foreign_keys = OFF")
            _configure(own_connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        db.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
