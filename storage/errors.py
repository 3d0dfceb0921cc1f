"""One exception hierarchy for everything the database layer refuses."""

from __future__ import annotations


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
