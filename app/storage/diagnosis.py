"""Turn driver exceptions into StorageErrors a duty officer (or their IT staff) can act on.

The drivers' own texts are stable and documented (SQLite result-code strings, libpq
messages), so matching on them is how we tell "locked" from "damaged" from "unreachable".
"""
from __future__ import annotations

import logging

import sqlalchemy.exc as sa_exc

from app.storage.errors import ConstraintError, StorageError

log = logging.getLogger(__name__)

_SQLITE_LOCKED = ("database is locked", "database table is locked", "database is busy")
_SQLITE_READONLY = ("readonly database", "read-only", "attempt to write a readonly")
_SQLITE_CORRUPT = ("file is not a database", "database disk image is malformed",
                   "file is encrypted", "malformed database schema")
_SQLITE_FULL = ("database or disk is full",)
_SQLITE_CANNOT_OPEN = ("unable to open database file",)
_SQLITE_IO = ("disk i/o error",)

_SERVER_UNREACHABLE = ("connection refused", "could not connect", "timeout expired",
                       "could not translate host name", "no route to host",
                       "network is unreachable", "connection timed out",
                       "server closed the connection", "connection is lost",
                       "terminating connection", "the database system is starting up",
                       "the database system is shutting down")
_SERVER_AUTH = ("password authentication failed", "no password supplied",
                "role \"", "pg_hba.conf")


def _driver_text(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__


def storage_error_for(exc: BaseException, where: str, *, is_sqlite: bool) -> StorageError:
    """A user-facing error for ``exc`` raised while using the database ``where``.

    ``where`` is a file path or a URL with its password already redacted.
    """
    if isinstance(exc, StorageError):
        return exc
    detail = _driver_text(exc)
    text = detail.lower()
    if isinstance(exc, sa_exc.IntegrityError):
        return ConstraintError(f"The change was refused by the database {where}: it would "
                               f"break a rule of the data ({detail}). Nothing was changed.")
    if is_sqlite:
        if any(m in text for m in _SQLITE_LOCKED):
            return StorageError(
                f"The database file {where} is locked by another program (another Trực Ban "
                f"window, a backup tool or a database browser) and stayed locked longer than "
                f"the wait allows. Close that program and try again; nothing was changed.")
        if any(m in text for m in _SQLITE_READONLY):
            return read_only_error(where)
        if any(m in text for m in _SQLITE_CORRUPT):
            return corrupt_error(where, detail)
        if any(m in text for m in _SQLITE_FULL):
            return StorageError(f"The disk holding the database file {where} is full. Free "
                                f"some space (old recordings, exports) and try again.")
        if any(m in text for m in _SQLITE_CANNOT_OPEN):
            return StorageError(
                f"The database file {where} cannot be opened ({detail}). Check that its "
                f"folder exists and this user may read and write it.")
        if any(m in text for m in _SQLITE_IO):
            return StorageError(
                f"The disk reported an error while reading or writing the database file "
                f"{where} ({detail}). Check the disk; keep a copy of the file before retrying.")
    else:
        if any(m in text for m in _SERVER_AUTH):
            return StorageError(
                f"The database server {where} refused the login ({detail}). Check the user "
                f"name and password in the database settings.")
        if "does not exist" in text and "database" in text:
            return StorageError(
                f"The database named in {where} does not exist on the server ({detail}). "
                f"Ask the administrator to create it, or correct the database settings.")
        if "deadlock detected" in text or "could not serialize" in text or "lock timeout" in text:
            return StorageError(
                f"The database server {where} was busy with a conflicting change ({detail}). "
                f"Nothing was changed; try again.")
        if any(m in text for m in _SERVER_UNREACHABLE):
            return StorageError(
                f"The database server {where} cannot be reached ({detail}). Check that the "
                f"server is running and the address and port are right; nothing was changed.")
    log.error("database error on %s", where, exc_info=exc)
    return StorageError(f"The database {where} reported an error: {detail}. Nothing was "
                        f"changed; the details are in the log.")


def read_only_error(where: str) -> StorageError:
    return StorageError(
        f"The database file {where} (or its folder) is read-only, so nothing can be saved. "
        f"Give this user write access to the file and its folder, or choose a writable data "
        f"folder in the settings.")


def corrupt_error(where: str, detail: str) -> StorageError:
    return StorageError(
        f"The database file {where} is damaged or is not a database ({detail}). It was left "
        f"exactly as it is. Restore a backup (the backups folder next to it), or move the file "
        f"aside to start with an empty database.")
