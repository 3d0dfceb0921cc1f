"""One exception hierarchy for everything the database layer refuses."""

from __future__ import annotations

import sqlite3


class StorageError(Exception):
    """Root of defwatch's storage errors."""


class ForeignDatabaseError(StorageError):
    """The file is SQLite but not a defwatch database (wrong application id)."""


class SchemaTooNewError(StorageError):
    """The database was written by a newer defwatch; refuse rather than corrupt it."""


class ConflictError(StorageError):
    """An optimistic-locking check failed: someone else changed the row first."""


class NotFoundError(StorageError):
    """A row that the caller named does not exist."""


def is_locked(exc: sqlite3.OperationalError) -> bool:
    """Another connection holds the database (busy timeout ran out): wait or report, the file is fine."""
    message = str(exc)
    return "locked" in message or "busy" in message
