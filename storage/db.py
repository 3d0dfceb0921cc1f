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

from storage import dedupe, schema
from storage.errors import ForeignDatabaseError, SchemaTooNewError, is_locked

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


@migrations()
def m002_dedupe_index_v2(db: sqlite_utils.Database) -> None:
    """Issue 4: near-duplicate index v2, URL aliases without rowid, stemmed full-text search.

    The signatures change (content-word shingles, pinned datasketch scheme, shingle counts), so
    the index is rebuilt from the stored texts, with new band rows staged in nd_bands_recent;
    the FTS index is rebuilt for the Porter tokenizer and loses its insert trigger (storage.articles
    indexes new rows itself). Articles, their clusters and their URLs are kept as they are.
    """
    db.execute("DROP TABLE nd_bands")
    db.execute("DROP TABLE nd_signatures")
    db.execute(schema.ND_SIGNATURES_V2)
    db.execute(schema.ND_BANDS_V2)
    db.execute(schema.ND_BANDS_RECENT_V2)
    for statement in schema.ND_BANDS_RECENT_INDEXES_V2:
        db.execute(statement)

    db.execute("ALTER TABLE article_urls RENAME TO article_urls_m001")
    db.execute(schema.ARTICLE_URLS_V2)
    db.execute("INSERT INTO article_urls (url, article_id) SELECT url, article_id FROM article_urls_m001")
    db.execute("DROP TABLE article_urls_m001")
    for statement in schema.ARTICLE_URLS_INDEXES_V2:
        db.execute(statement)

    for trigger in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP TABLE articles_fts")
    db.execute(schema.ARTICLES_FTS_V2)
    for statement in schema.ARTICLES_FTS_TRIGGERS_V2:
        db.execute(statement)
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")

    rows = db.execute(
        "SELECT id, CASE WHEN text != '' THEN text ELSE COALESCE(summary, '') END, content_hash, cluster_id"
        " FROM articles ORDER BY id"
    )
    dedupe.rebuild_index(db, rows)


@migrations()
def m003_feed_configured_url(db: sqlite_utils.Database) -> None:
    """Issue 3: keep the URL feeds.yml names apart from the one polled after a permanent redirect.

    Without it, the next sync with feeds.yml would undo every 301/308 move the crawler recorded.
    Existing feeds start with the URL they have, which is what feeds.yml said or moved from it.
    """
    db.execute("ALTER TABLE feeds ADD COLUMN configured_url TEXT")
    db.execute("UPDATE feeds SET configured_url = url")


@migrations()
def m005_review(db: sqlite_utils.Database) -> None:
    """Issue 6: the story's outlet, date, feed and the named groups copied onto each alert, so the
    review queue filters and counts alerts without a lookup into articles per alert; and an index
    mapping article ids to their stories for the queue's full-text search."""
    for statement in schema.ALERTS_REVIEW_COLUMNS_V5:
        db.execute(statement)
    db.execute(schema.ALERTS_REVIEW_BACKFILL_V5)
    db.execute(schema.ALERTS_GROUPS_BACKFILL_V5)
    db.execute(schema.ARTICLES_CLUSTER_OF_V5)


@migrations()
def m006_alert_cases(db: sqlite_utils.Database) -> None:
    """Issue 6: every person an article names can become a case, so an alert links to several
    cases (alert_cases), each with the person it came from; earlier decisions are backfilled."""
    db.execute(schema.ALERT_CASES_V6)
    for statement in schema.ALERT_CASES_INDEXES_V6:
        db.execute(statement)
    db.execute(schema.ALERT_CASES_BACKFILL_V6)


@migrations()
def m007_cluster_queue(db: sqlite_utils.Database) -> None:
    """Issue 3: feed entries are stored first and placed among near-duplicates just before judging."""
    db.execute(schema.CLUSTER_QUEUE_V7)


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
    if path.is_dir():
        raise ForeignDatabaseError(
            f"{path} is a directory; point --db or DEFWATCH_DB at a file, such as {path / 'defwatch.db'}"
        )
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = connect(path)
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if is_locked(exc):
            raise  # the caller's to wait for or report
        raise ForeignDatabaseError(
            f"cannot open {path} ({exc}); check that its folder exists and that this user may read and "
            "write both the file and the folder (SQLite writes -wal and -shm files beside it)"
        ) from exc
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


# Bulk loading (defwatch ingest): measured on a 100k-article archive (issue 4), the per-article
# cost grew 1.9x from 1k to 100k stored with SQLite's defaults. Each article inserts ~50 keys at
# random places in the near-duplicate, URL and hash indexes; once those outgrow the 2 MB page
# cache, nearly every insert reads a page from disk and dirties a page that the WAL
# auto-checkpoint (every 1000 pages) then copies back into the database, batch after batch.
BULK_CACHE_KIB = 512 * 1024
BULK_AUTOCHECKPOINT_PAGES = 50_000


@contextlib.contextmanager
def bulk_load(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Settings for a long series of write batches on this connection: a page cache that holds
    the hot indexes, and WAL checkpoints every ~200 MB instead of every 4 MB, so a page dirtied
    by many batches is copied back once. Restores the defaults and checkpoints at the end."""
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    autocheckpoint = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    db.execute(f"PRAGMA wal_autocheckpoint = {BULK_AUTOCHECKPOINT_PAGES}")
    try:
        yield db
    finally:
        db.execute(f"PRAGMA cache_size = {int(cache)}")
        db.execute(f"PRAGMA wal_autocheckpoint = {int(autocheckpoint)}")
        if not db.conn.in_transaction:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")


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
