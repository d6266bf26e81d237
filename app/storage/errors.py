"""Storage errors the user can act on.

Every message says which database (file or redacted URL) is affected, what is wrong and what
to do. They are distinct from bugs: the UI shows them as they are, without a traceback.
"""
from __future__ import annotations


class StorageError(Exception):
    """The database cannot be used as asked; ``str(error)`` is a user-facing message."""


class NotFoundError(StorageError):
    """The requested row does not exist (any more)."""


class ConcurrentUpdateError(StorageError):
    """Someone else changed the row since it was read; reload and apply the change again."""


class ConstraintError(StorageError):
    """The change would break a rule of the data (duplicate, or still referenced)."""
