"""Articles: stored once per canonical URL, grouped into clusters of one story."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import sqlite_utils

from storage import dedupe
from storage.db import utcnow, write_lock
from storage.errors import NotFoundError

PAGE_FETCHED = "fetched"
PAGE_SUMMARY_ONLY = "summary_only"
PAGE_PENDING = "pending"  # stored from a feed entry, its page not yet asked for


@dataclass(frozen=True)
class NewArticle:
    """What a crawler or an import hands to storage."""

    url: str
    title: str
    text: str
    outlet: str | None = None
    authors: str | None = None
    published_at: str | None = None
    language: str | None = None
    summary: str | None = None
    feed_id: int | None = None
    page_status: str = PAGE_FETCHED
    source: str = "crawl"
    other_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    id: int
    url: str
    canonical_url: str
    outlet: str | None
    title: str
    authors: str | None
    published_at: str | None
    fetched_at: str
    language: str | None
    text: str
    summary: str | None
    content_hash: str
    cluster_id: int | None
    feed_id: int | None
    page_status: str
    page_attempts: int
    source: str
    judged_at: str | None
    kind: str | None
    score: float | None


_ARTICLE_COLUMNS = tuple(f.name for f in fields(Article))


@dataclass(frozen=True)
class AddResult:
    article_id: int
    cluster_id: int
    created: bool  # False: the URL was already known (maybe updated with a fetched page)
    duplicate_of: int | None  # created as a copy of this earlier article (exact or near)
    updated: bool = False


def _article(row: dict) -> Article:
    return Article(**{k: row[k] for k in _ARTICLE_COLUMNS})


def body_text(text: str, summary: str | None) -> str:
    """The text judged and deduplicated: the page text, or the feed summary when the page failed."""
    return text or summary or ""


@dataclass(frozen=True)
class _Prepared:
    """The CPU work for one article, done before the write lock is taken."""

    new: NewArticle
    canonical: str
    urls: tuple[str, ...]
    fingerprint: dedupe.Fingerprint | None  # None: placed in its cluster later (cluster_queued)


def _prepare(new: NewArticle, cluster: bool) -> _Prepared:
    canonical = dedupe.canonical_url(new.url)
    urls = dict.fromkeys(  # ordered and unique: the same rows in the same order on every run
        [new.url, canonical, *new.other_urls, *(dedupe.canonical_url(u) for u in new.other_urls)]
    )
    body = body_text(new.text, new.summary)
    return _Prepared(new, canonical, tuple(urls), dedupe.fingerprint(new.title, body) if cluster else None)


def add_article(db: sqlite_utils.Database, new: NewArticle) -> AddResult:
    """Store an article once, remember every URL it was seen under, and place it in its cluster.

    Idempotent: adding the same URL again changes nothing, except that a page fetched
    later replaces a summary-only record (and sends it back to judgement).
    """
    return add_articles(db, [new])[0]


def add_articles(
    db: sqlite_utils.Database, items: Sequence[NewArticle], cluster: bool = True
) -> list[AddResult]:
    """``add_article`` for many articles in ONE transaction, with the same results as one by one.

    Each article sees the ones before it in the list exactly as if they had been committed,
    so a batch may hold copies of each other. Hashing and signatures are computed before the
    write lock is taken, so other writers wait only for the SQL.

    ``cluster=False`` stores each new article as a story of its own and queues it; the
    feed poller does this, because placing an article among near-duplicates (its MinHash and
    the band lookups) costs several times what storing it does, and a cycle's polling should
    not wait on it. ``cluster_queued`` places the queued articles later, in id order, with
    the same rules; judging calls it first, so no article is judged before it is placed.
    """
    prepared = [_prepare(new, cluster) for new in items]
    results: list[AddResult] = []
    with write_lock(db):
        next_id = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]) + 1
        for item in prepared:
            result = _add_prepared(db, item, next_id)
            next_id += result.created
            results.append(result)
        if cluster:
            dedupe.merge_recent_bands(db)
    return results


def _add_prepared(db: sqlite_utils.Database, item: _Prepared, article_id: int) -> AddResult:
    """One article inside the batch's transaction; ``article_id`` is the id it gets if it is new.

    Ids are given explicitly (the write lock is held, so MAX(id) + 1 is ours) so that a new
    story's cluster_id can be written in the same INSERT instead of a second UPDATE.
    """
    new, fp = item.new, item.fingerprint
    existing = _find_by_urls(db, item.urls)
    if existing is not None:
        known_id, cluster_id, page_status = existing
        _add_urls(db, known_id, item.urls)
        if page_status != PAGE_FETCHED and new.page_status == PAGE_FETCHED and new.text:
            _replace_body(db, known_id, new, fp)
            return AddResult(known_id, cluster_id or known_id, False, None, updated=True)
        return AddResult(known_id, cluster_id or known_id, False, None)
    duplicate_of, cluster_id, index = None, article_id, False
    if fp is not None:
        duplicate_of, cluster_id, index = _placement(db, fp, article_id)
    db.execute(
        "INSERT INTO articles (id, url, canonical_url, outlet, title, authors, published_at, fetched_at,"
        " language, text, summary, content_hash, cluster_id, feed_id, page_status, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            article_id, new.url, item.canonical, new.outlet, new.title, new.authors, new.published_at,
            utcnow(), new.language, new.text, new.summary, fp.content_hash if fp is not None else UNPLACED,
            cluster_id, new.feed_id, new.page_status, new.source,
        ],
    )
    # FTS by hand, not by trigger: see schema.ARTICLES_FTS_TRIGGERS_V2.
    db.execute(
        "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)", [article_id, new.title, new.text]
    )
    _add_urls(db, article_id, item.urls)
    if fp is None:
        db.execute("INSERT INTO cluster_queue (article_id) VALUES (?)", [article_id])
    elif index and fp.sig is not None:
        dedupe.index_article(db, article_id, fp.sig, fp.shingles, fp.keys)
    return AddResult(article_id, cluster_id, True, duplicate_of)


# content_hash of an article waiting in cluster_queue: matches no text's hash, so no exact copy
# is ever placed with an article that has not been placed itself.
UNPLACED = ""


def _placement(
    db: sqlite_utils.Database, fp: dedupe.Fingerprint, article_id: int
) -> tuple[int | None, int, bool]:
    """(duplicate_of, cluster_id, whether to index it) for an article among those already placed."""
    exact = db.execute(
        "SELECT id, cluster_id FROM articles WHERE content_hash = ? AND id != ? ORDER BY id LIMIT 1",
        [fp.content_hash, article_id],
    ).fetchone()
    if exact is not None:
        return exact[0], exact[1] or exact[0], False  # its signature is the original's
    if fp.sig is None:
        return None, article_id, False
    found = dedupe.find_near_duplicate(db, fp.sig, fp.shingles, fp.keys)
    if found is None:
        return None, article_id, True
    return found[0], found[1], not dedupe.cluster_is_covered(db, found[1])


@dataclass(frozen=True)
class Placed:
    placed: int
    linked: int  # of them, copies of an earlier story


def cluster_queued(db: sqlite_utils.Database, batch: int = 500) -> Placed:
    """Place the articles stored with ``cluster=False`` in their stories, oldest first.

    Each batch is one transaction, so a crash loses at most a batch's work, which is
    redone from the queue. Fingerprints are made under the write lock, from the text as
    it is then (a page that arrived meanwhile is what gets placed).
    """
    placed = linked = 0
    while True:
        with write_lock(db):
            rows = db.execute(
                "SELECT a.id, a.title, a.text, a.summary FROM cluster_queue q"
                " JOIN articles a ON a.id = q.article_id ORDER BY q.article_id LIMIT ?",
                [batch],
            ).fetchall()
            for article_id, title, text, summary in rows:
                fp = dedupe.fingerprint(title, body_text(text, summary))
                duplicate_of, cluster_id, index = _placement(db, fp, article_id)
                db.execute(
                    "UPDATE articles SET content_hash = ?, cluster_id = ? WHERE id = ?",
                    [fp.content_hash, cluster_id, article_id],
                )
                if index and fp.sig is not None:
                    dedupe.index_article(db, article_id, fp.sig, fp.shingles, fp.keys)
                db.execute("DELETE FROM cluster_queue WHERE article_id = ?", [article_id])
                linked += duplicate_of is not None
            dedupe.merge_recent_bands(db)
        placed += len(rows)
        if len(rows) < batch:
            return Placed(placed, linked)


def _find_by_urls(db: sqlite_utils.Database, urls: tuple[str, ...]) -> tuple[int, int | None, str] | None:
    marks = ",".join("?" * len(urls))
    row: tuple[int, int | None, str] | None = db.execute(
        "SELECT a.id, a.cluster_id, a.page_status FROM article_urls u JOIN articles a ON a.id = u.article_id"
        f" WHERE u.url IN ({marks}) ORDER BY a.id LIMIT 1",
        list(urls),
    ).fetchone()
    return row


def _add_urls(db: sqlite_utils.Database, article_id: int, urls: tuple[str, ...]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?, ?)", [(u, article_id) for u in urls]
    )


def _replace_body(
    db: sqlite_utils.Database, article_id: int, new: NewArticle, fp: dedupe.Fingerprint | None
) -> None:
    """The page of a summary-only article arrived: keep its id and cluster, renew text and index.

    An article still waiting in cluster_queue only gets its text: it is placed later, by it.
    """
    if db.execute("SELECT 1 FROM cluster_queue WHERE article_id = ?", [article_id]).fetchone():
        fp = None
    elif fp is None:
        fp = dedupe.fingerprint(new.title, body_text(new.text, new.summary))
    db.execute(
        "UPDATE articles SET title = ?, text = ?, authors = COALESCE(?, authors),"
        " published_at = COALESCE(published_at, ?), language = COALESCE(?, language),"
        " content_hash = ?, page_status = ?, judged_at = NULL, fetched_at = ? WHERE id = ?",
        [
            new.title, new.text, new.authors, new.published_at, new.language,
            fp.content_hash if fp is not None else UNPLACED, PAGE_FETCHED, utcnow(), article_id,
        ],
    )
    if fp is not None:
        dedupe.reindex_article(db, article_id, fp.sig, fp.shingles)


def get_article(db: sqlite_utils.Database, article_id: int) -> Article:
    rows = list(db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        raise NotFoundError(f"no article with id {article_id}")
    return _article(rows[0])


def article_id_for_url(db: sqlite_utils.Database, url: str) -> int | None:
    """Cheap check used by spiders to skip entries already stored."""
    row = db.execute(
        "SELECT article_id FROM article_urls WHERE url IN (?, ?) LIMIT 1", [url, dedupe.canonical_url(url)]
    ).fetchone()
    return int(row[0]) if row else None


def known_urls(db: sqlite_utils.Database, urls: Sequence[str]) -> set[str]:
    """Which of these raw URLs are already stored (under themselves or their canonical form).

    One query per 400 URLs: the ingest command asks this for every batch it reads, so a
    re-run after an interruption skips what is stored without hashing it again.
    """
    known: set[str] = set()
    unique = list(dict.fromkeys(urls))
    for start in range(0, len(unique), 400):
        chunk = unique[start : start + 400]
        forms = {url: dedupe.canonical_url(url) for url in chunk}
        lookup = list({*forms, *forms.values()})
        marks = ",".join("?" * len(lookup))
        rows = db.execute(f"SELECT url FROM article_urls WHERE url IN ({marks})", lookup)
        stored = {row[0] for row in rows}
        known.update(url for url, canonical in forms.items() if url in stored or canonical in stored)
    return known


def get_unjudged_articles(db: sqlite_utils.Database, limit: int = 500) -> list[Article]:
    """The durable judgement queue: crawled or imported, not yet scored."""
    return [
        _article(r)
        for r in db.query("SELECT * FROM articles WHERE judged_at IS NULL ORDER BY id LIMIT ?", [limit])
    ]


def mark_article_judged(db: sqlite_utils.Database, article_id: int, kind: str, score: float) -> None:
    with write_lock(db):
        db.execute(
            "UPDATE articles SET judged_at = ?, kind = ?, score = ? WHERE id = ?",
            [utcnow(), kind, score, article_id],
        )


def get_pending_pages(db: sqlite_utils.Database) -> list[Article]:
    """Articles stored from a feed entry whose page has not been asked for yet, oldest first."""
    rows = db.query("SELECT * FROM articles WHERE page_status = ? ORDER BY id", [PAGE_PENDING])
    return [_article(r) for r in rows]


def get_articles_needing_page(
    db: sqlite_utils.Database, max_attempts: int = 5, limit: int = 100
) -> list[Article]:
    """Summary-only articles whose page should be tried again."""
    return [
        _article(r)
        for r in db.query(
            "SELECT * FROM articles WHERE page_status = ? AND page_attempts < ? ORDER BY id LIMIT ?",
            [PAGE_SUMMARY_ONLY, max_attempts, limit],
        )
    ]


def record_page_attempts(db: sqlite_utils.Database, article_ids: Sequence[int]) -> None:
    """Pages are being asked for, in one transaction: a retry counts an attempt; a first try
    makes a pending article summary-only until its page arrives, so a crash meanwhile leaves
    it due a retry."""
    with write_lock(db):
        db.conn.executemany(
            "UPDATE articles SET page_attempts = page_attempts + (page_status != ?), page_status = ?"
            " WHERE id = ? AND page_status != ?",
            [(PAGE_PENDING, PAGE_SUMMARY_ONLY, article_id, PAGE_FETCHED) for article_id in article_ids],
        )


def list_articles(db: sqlite_utils.Database, limit: int | None = None, offset: int = 0) -> list[Article]:
    sql = "SELECT * FROM articles ORDER BY COALESCE(published_at, fetched_at) DESC, id DESC"
    params: list[object] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [limit, offset]
    return [_article(r) for r in db.query(sql, params)]


def get_cluster(db: sqlite_utils.Database, cluster_id: int) -> list[Article]:
    """Every outlet's copy of one story, first-stored first."""
    rows = db.query("SELECT * FROM articles WHERE cluster_id = ? ORDER BY id", [cluster_id])
    return [_article(r) for r in rows]


def count_articles(db: sqlite_utils.Database) -> dict[str, int]:
    row = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT cluster_id), SUM(judged_at IS NULL) FROM articles"
    ).fetchone()
    return {"articles": row[0], "clusters": row[1], "unjudged": row[2] or 0}


# Title matches weigh four times text matches: a headline naming the term is about it.
TITLE_WEIGHT = 4.0


def search_articles(db: sqlite_utils.Database, query: str, limit: int = 50) -> list[tuple[Article, str]]:
    """Full-text search, best first; each article with a snippet of its text ([..] marks the hits).

    Every word must occur (after Porter stemming: "defector" finds "defectors"); ``word*``
    matches by prefix. Ranked by BM25 with the title weighted TITLE_WEIGHT times the text.
    """
    rows = db.query(
        "SELECT a.*, snippet(articles_fts, 1, '[', ']', ' … ', 16) AS snippet FROM articles_fts"
        " JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?"
        " ORDER BY bm25(articles_fts, ?, 1.0), a.id LIMIT ?",
        [fts_query(query), TITLE_WEIGHT, limit],
    )
    return [(_article(r), r["snippet"]) for r in rows]


def fts_query(text: str) -> str:
    """User text as an FTS5 query of quoted terms, so punctuation cannot break the syntax.

    A trailing ``*`` stays outside the quotes, where FTS5 reads it as a prefix search.
    """
    parts = []
    for term in text.split():
        prefix = term.endswith("*") and len(term.rstrip("*")) > 0
        core = term.rstrip("*") if prefix else term
        parts.append('"' + core.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(parts) or '""'
