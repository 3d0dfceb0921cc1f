"""Open the database the one way defwatch needs it, and migrate it.

Every process (daemon, crawler, web UI, CLI) shares one SQLite file, so each
connection gets WAL (readers never block the writer), a busy timeout (a locked
database waits instead of failing), foreign keys, and writes that take the
write lock up front (``BEGIN IMMEDIATE``) so two writers never deadlock.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from storage import schema
from storage.errors import ForeignDatabaseError, SchemaTooNewError

BUSY_TIMEOUT_S = 30.0

migrations = Migrations("defwatch")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    statements = [
        schema.FEEDS,
        *schema.FEEDS_INDEXES,
        schema.ARTICLES,
        *schema.ARTICLES_INDEXES,
        schema.ARTICLE_URLS,
        schema.CASES,
        schema.ALERTS,
        *schema.ALERTS_INDEXES,
        schema.CASE_ARTICLES,
        schema.USERS,
        schema.AUDIT,
        schema.DIGESTS,
        schema.ARTICLES_FTS,
        *schema.ARTICLES_FTS_TRIGGERS,
        schema.ND_SIGNATURES,
        schema.ND_BANDS,
        *schema.ND_BANDS_INDEXES,
    ]
    for statement in statements:
        db.execute(statement)


KNOWN_MIGRATIONS = frozenset(m.name for m in migrations._migrations)


def utcnow() -> str:
    """Timestamps are stored as ISO 8601 UTC text, which sorts correctly as text."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open without migrating: for read-only tools and for tests of old schemas."""
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    return db


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open, check it is ours, switch on WAL and apply pending migrations."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = connect(path)
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise ForeignDatabaseError(
            f"{path} is not an SQLite database ({exc}); point --db or DEFWATCH_DB at a defwatch database"
        ) from exc
    tables = set(db.table_names())
    if app_id == 0 and tables - {"_sqlite_migrations"}:
        raise ForeignDatabaseError(
            f"{path} holds tables but is not a defwatch database (application id {app_id}); "
            "choose another file with --db or DEFWATCH_DB"
        )
    if app_id not in (0, schema.APPLICATION_ID):
        raise ForeignDatabaseError(
            f"{path} belongs to another application (application id {app_id:#x}); "
            "choose another file with --db or DEFWATCH_DB"
        )
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    applied = {m.name for m in migrations.applied(db)}
    unknown = applied - KNOWN_MIGRATIONS
    if unknown:
        raise SchemaTooNewError(
            f"{path} was migrated by a newer defwatch ({', '.join(sorted(unknown))}); upgrade defwatch"
        )
    if applied != KNOWN_MIGRATIONS or app_id == 0:
        # Under the write lock, so two processes starting together never migrate twice.
        with write_lock(db):
            migrations.apply(db)
            db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    return db


@contextlib.contextmanager
def write_lock(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A write transaction that takes the lock at BEGIN, so it waits rather than deadlocks."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
