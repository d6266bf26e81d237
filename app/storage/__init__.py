"""Storage: SQLAlchemy models, Alembic migrations and repositories that return DTOs.

Entry points: ``app.storage.database.Database`` (open, upgrade, session),
``app.storage.repositories`` (Site/Camera/Event/Health repositories), ``app.storage.dto``,
``app.storage.errors`` (StorageError and its kinds) and ``app.storage.cli.run_db``.
Kept import-light on purpose: importing a DTO must not pull in Alembic.
"""
