"""Database fixtures: a real PostgreSQL server for the session, a fresh database per test.

Load with ``pytest_plugins = ["tests.fixtures_db"]`` in tests/conftest.py.

- ``postgres_server`` / ``postgres_url``: one server for the whole run, started on first use.
  Skipped when the binaries are missing, unless TRUCBAN_REQUIRE_POSTGRES is set (CI), in
  which case the test fails instead.
- ``db_url``: parametrized over sqlite and postgresql; an empty database for each test.
- ``migrated_db``: a Database opened on ``db_url`` and upgraded to head (disposed after).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.database import Database
from tests.postgres import PostgresServer, PostgresUnavailable, find_bin_dir

REQUIRE_ENV = "TRUCBAN_REQUIRE_POSTGRES"


def _postgres_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if find_bin_dir() is None:
        reason = ("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb); "
                  "install Debian's postgresql package")
        if _postgres_required():
            pytest.fail(f"{reason}; {REQUIRE_ENV} is set", pytrace=False)
        pytest.skip(reason)
    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        server.stop()
        if _postgres_required():
            pytest.fail(str(exc), pytrace=False)
        pytest.skip(str(exc))
    except Exception:
        server.stop()
        raise
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """URL of the server's own (shared) database, with the app role and its password."""
    return postgres_server.url()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database for this test only, on each back end."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db' / 'trucban.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database()
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def migrated_db(db_url: str) -> Iterator[Database]:
    db = Database.open(db_url)
    db.upgrade()
    try:
        yield db
    finally:
        db.dispose()
