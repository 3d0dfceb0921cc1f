"""Articles: stored once per canonical URL, grouped into clusters of one story."""

from __future__ import annotations

from dataclasses import dataclass, fields

import sqlite_utils

from storage import dedupe
from storage.db import utcnow, write_lock
from storage.errors import NotFoundError

PAGE_FETCHED = "fetched"
PAGE_SUMMARY_ONLY = "summary_only"


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


def add_article(db: sqlite_utils.Database, new: NewArticle) -> AddResult:
    """Store an article once, remember every URL it was seen under, and place it in its cluster.

    Idempotent: adding the same URL again changes nothing, except that a page fetched
    later replaces a summary-only record (and sends it back to judgement).
    """
    canonical = dedupe.canonical_url(new.url)
    urls = {new.url, canonical, *new.other_urls, *(dedupe.canonical_url(u) for u in new.other_urls)}
    body = body_text(new.text, new.summary)
    with write_lock(db):
        existing = _find_by_urls(db, urls)
        if existing is not None:
            _add_urls(db, existing.id, urls)
            if existing.page_status != PAGE_FETCHED and new.page_status == PAGE_FETCHED and new.text:
                _replace_body(db, existing.id, new, body)
                return AddResult(existing.id, existing.cluster_id or existing.id, False, None, updated=True)
            return AddResult(existing.id, existing.cluster_id or existing.id, False, None)
        digest = dedupe.content_hash(new.title + "\n" + body)
        sig = dedupe.signature(body)
        duplicate_of, cluster_id = _find_cluster(db, digest, sig)
        cursor = db.execute(
            "INSERT INTO articles (url, canonical_url, outlet, title, authors, published_at, fetched_at,"
            " language, text, summary, content_hash, cluster_id, feed_id, page_status, source)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                new.url, canonical, new.outlet, new.title, new.authors, new.published_at, utcnow(),
                new.language, new.text, new.summary, digest, cluster_id, new.feed_id, new.page_status,
                new.source,
            ],
        )
        article_id = int(cursor.lastrowid or 0)
        if cluster_id is None:
            cluster_id = article_id
            db.execute("UPDATE articles SET cluster_id = ? WHERE id = ?", [article_id, article_id])
        _add_urls(db, article_id, urls)
        if sig is not None:
            dedupe.index_article(db, article_id, sig)
    return AddResult(article_id, cluster_id, True, duplicate_of)


def _find_by_urls(db: sqlite_utils.Database, urls: set[str]) -> Article | None:
    marks = ",".join("?" * len(urls))
    rows = list(
        db.query(
            f"SELECT a.* FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url IN ({marks}) LIMIT 1",
            list(urls),
        )
    )
    return _article(rows[0]) if rows else None


def _add_urls(db: sqlite_utils.Database, article_id: int, urls: set[str]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?, ?)", [(u, article_id) for u in urls]
    )


def _find_cluster(db: sqlite_utils.Database, digest: str, sig: object) -> tuple[int | None, int | None]:
    row = db.execute("SELECT id, cluster_id FROM articles WHERE content_hash = ? LIMIT 1", [digest]).fetchone()
    if row is not None:
        return row[0], row[1]
    if sig is None:
        return None, None
    found = dedupe.find_near_duplicate(db, sig)  # type: ignore[arg-type]
    if found is None:
        return None, None
    cluster = db.execute("SELECT cluster_id FROM articles WHERE id = ?", [found[0]]).fetchone()
    return found[0], cluster[0]


def _replace_body(db: sqlite_utils.Database, article_id: int, new: NewArticle, body: str) -> None:
    db.execute(
        "UPDATE articles SET title = ?, text = ?, authors = COALESCE(?, authors),"
        " published_at = COALESCE(published_at, ?), language = COALESCE(?, language),"
        " content_hash = ?, page_status = ?, judged_at = NULL, fetched_at = ? WHERE id = ?",
        [
            new.title, new.text, new.authors, new.published_at, new.language,
            dedupe.content_hash(new.title + "\n" + body), PAGE_FETCHED, utcnow(), article_id,
        ],
    )
    sig = dedupe.signature(body)
    if sig is not None:
        dedupe.index_article(db, article_id, sig)


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


def known_urls(db: sqlite_utils.Database, urls: list[str]) -> set[str]:
    """Which of these raw URLs are already stored (under themselves or their canonical form)."""
    known: set[str] = set()
    for url in urls:
        if article_id_for_url(db, url) is not None:
            known.add(url)
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


def get_articles_needing_page(db: sqlite_utils.Database, max_attempts: int = 5, limit: int = 100) -> list[Article]:
    """Summary-only articles whose page should be tried again."""
    return [
        _article(r)
        for r in db.query(
            "SELECT * FROM articles WHERE page_status != 'fetched' AND page_attempts < ? ORDER BY id LIMIT ?",
            [max_attempts, limit],
        )
    ]


def record_page_attempt(db: sqlite_utils.Database, article_id: int) -> None:
    with write_lock(db):
        db.execute("UPDATE articles SET page_attempts = page_attempts + 1 WHERE id = ?", [article_id])


def list_articles(db: sqlite_utils.Database, limit: int | None = None, offset: int = 0) -> list[Article]:
    sql = "SELECT * FROM articles ORDER BY COALESCE(published_at, fetched_at) DESC, id DESC"
    params: list[object] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [limit, offset]
    return [_article(r) for r in db.query(sql, params)]


def get_cluster(db: sqlite_utils.Database, cluster_id: int) -> list[Article]:
    """Every outlet's copy of one story, first-stored first."""
    return [_article(r) for r in db.query("SELECT * FROM articles WHERE cluster_id = ? ORDER BY id", [cluster_id])]


def count_articles(db: sqlite_utils.Database) -> dict[str, int]:
    row = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT cluster_id), SUM(judged_at IS NULL) FROM articles"
    ).fetchone()
    return {"articles": row[0], "clusters": row[1], "unjudged": row[2] or 0}


def search_articles(db: sqlite_utils.Database, query: str, limit: int = 50) -> list[tuple[Article, str]]:
    """Full-text search; returns each article with a highlighted snippet (plain text, [..] marks)."""
    rows = db.query(
        "SELECT a.*, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet FROM articles_fts"
        " JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
        [fts_query(query), limit],
    )
    return [(_article(r), r["snippet"]) for r in rows]


def fts_query(text: str) -> str:
    """User text as an FTS5 query of quoted terms, so punctuation cannot break the syntax."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip()]
    return " ".join(f'"{t}"' for t in terms) or '""'
