"""The full current schema, one statement per table, with why each index exists.

Migrations in ``storage.db`` create these tables; this module contains no
business logic, only the SQL text, so the picture of the database lives in one place.
"""

from __future__ import annotations

# Application id written into the SQLite header ("dfwt"), so a foreign file is refused.
APPLICATION_ID = 0x64667774

FEEDS = """
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'feed',          -- feed | listing | sitemap
    outlet TEXT,
    language TEXT,
    link_selector TEXT,                         -- CSS selector for listing pages
    interval_s INTEGER NOT NULL DEFAULT 1800,
    enabled INTEGER NOT NULL DEFAULT 1,         -- 0: removed from feeds.yml or disabled (410)
    status TEXT NOT NULL DEFAULT 'new',         -- new | ok | error | disabled
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    next_poll_at TEXT,
    consecutive_errors INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    last_error_at TEXT,
    last_ok_at TEXT,
    entries_seen INTEGER NOT NULL DEFAULT 0
)
"""
# get_due_feeds: enabled feeds ordered by next poll time.
FEEDS_INDEXES = ["CREATE INDEX feeds_due ON feeds(enabled, next_poll_at)"]

ARTICLES = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,                          -- the URL it was first seen under
    canonical_url TEXT NOT NULL UNIQUE,
    outlet TEXT,
    title TEXT NOT NULL DEFAULT '',
    authors TEXT,
    published_at TEXT,
    fetched_at TEXT NOT NULL,
    language TEXT,
    text TEXT NOT NULL DEFAULT '',
    summary TEXT,
    content_hash TEXT NOT NULL,
    cluster_id INTEGER,                         -- id of the first article of its near-duplicate group
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    page_status TEXT NOT NULL DEFAULT 'fetched', -- fetched | summary_only | pending
    page_attempts INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT 'crawl',       -- crawl | ingest | demo
    judged_at TEXT,                             -- NULL: waiting in the judgement queue
    kind TEXT,                                  -- account | aggregate | other
    score REAL
)
"""
ARTICLES_INDEXES = [
    # get_unjudged_articles: the durable judgement queue.
    "CREATE INDEX articles_unjudged ON articles(judged_at) WHERE judged_at IS NULL",
    # exact-duplicate lookup on ingest.
    "CREATE INDEX articles_content_hash ON articles(content_hash)",
    # cluster listing on the alert page and in clustering.
    "CREATE INDEX articles_cluster ON articles(cluster_id)",
    # articles needing their page fetched (summary-only retries).
    "CREATE INDEX articles_page_status ON articles(page_status) WHERE page_status != 'fetched'",
    # listings by date.
    "CREATE INDEX articles_published ON articles(published_at)",
]

ARTICLE_URLS = """
CREATE TABLE article_urls (
    url TEXT PRIMARY KEY,                       -- every URL an article was seen under, raw and canonical
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
)
"""

ALERTS = """
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    cluster_id INTEGER NOT NULL UNIQUE,         -- one alert per story, however many outlets carry it
    score REAL NOT NULL,
    kind TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '[]',          -- JSON list of extracted defectors
    matched_terms TEXT NOT NULL DEFAULT '[]',   -- JSON list
    suggested_cases TEXT NOT NULL DEFAULT '[]', -- JSON list of {case_id, confidence, evidence}
    status TEXT NOT NULL DEFAULT 'pending',     -- pending | confirmed | merged | rejected
    reviewer TEXT,
    decided_at TEXT,
    note TEXT,
    reject_reason TEXT,
    case_id INTEGER REFERENCES cases(id),
    version INTEGER NOT NULL DEFAULT 1,         -- optimistic locking for concurrent reviewers
    created_at TEXT NOT NULL
)
"""
# the review queue: pending alerts by score then date.
ALERTS_INDEXES = ["CREATE INDEX alerts_queue ON alerts(status, score DESC, created_at DESC)"]

CASES = """
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    name_or_alias TEXT,
    age INTEGER,
    gender TEXT,
    nationality TEXT,
    group_name TEXT,
    reasons TEXT NOT NULL DEFAULT '[]',         -- JSON list from the reasons taxonomy
    now_in TEXT,
    first_reported_at TEXT,
    status TEXT NOT NULL DEFAULT 'confirmed',
    created_by TEXT,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)
"""
CASE_ARTICLES = """
CREATE TABLE case_articles (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    alert_id INTEGER REFERENCES alerts(id),
    PRIMARY KEY (case_id, article_id)
)
"""

USERS = """
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,                         -- reviewer | admin
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
)
"""

AUDIT = """
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    details TEXT NOT NULL DEFAULT '{}'
)
"""

DIGESTS = """
CREATE TABLE digests (
    week TEXT PRIMARY KEY,                      -- ISO week, e.g. 2026-W47; the exactly-once key
    status TEXT NOT NULL DEFAULT 'claimed',     -- claimed | sent | failed
    claimed_by TEXT,
    claimed_at TEXT,
    sent_at TEXT,
    recipients TEXT,
    message_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
)
"""

ARTICLES_FTS = """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
)
"""
# Keep the FTS index in step with articles inside the same transaction.
ARTICLES_FTS_TRIGGERS = [
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]

# Near-duplicate index (storage.dedupe) as m001 created it; m002 replaced it (ND_*_V2 below).
ND_SIGNATURES = """
CREATE TABLE nd_signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    sig BLOB NOT NULL
)
"""
ND_BANDS = """
CREATE TABLE nd_bands (
    band_key INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
)
"""
# find_near_duplicate: candidates sharing any band.
ND_BANDS_INDEXES = [
    "CREATE INDEX nd_bands_key ON nd_bands(band_key)",
    "CREATE INDEX nd_bands_article ON nd_bands(article_id)",
]


# ------------------------------------------------------------------------------ m002 (issue 4)
# The near-duplicate index, version 2: signatures of content-word shingles with the shingle
# count (containment of truncated copies is estimated from it), and band rows clustered by key
# (WITHOUT ROWID: the lookup reads one B-tree range, and there is no second index to update).
# nd_bands has no foreign key: checking one per band row cost more than the rest of the insert,
# and a band whose article is gone is dropped by the join to nd_signatures in the lookup.
ND_SIGNATURES_V2 = """
CREATE TABLE nd_signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    sig BLOB NOT NULL,                          -- uint32 MinHash values, storage.dedupe.NUM_PERM of them
    shingles INTEGER NOT NULL                   -- distinct shingles hashed
)
"""
# find_near_duplicate: articles sharing any band (the primary key is the index).
ND_BANDS_V2 = """
CREATE TABLE nd_bands (
    band_key INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID
"""

# New band rows land here first and are merged into nd_bands in key order every
# storage.dedupe.MERGE_ROWS rows. Inserting 48 random keys per article straight into a
# 5-million-row index dirtied about one page per key, and writing those pages at each commit
# made the per-article cost grow 1.6x from 1k to 100k articles; a merge in key order writes each
# page of nd_bands once per MERGE_ROWS rows instead. MAX(rowid) counts the rows cheaply.
ND_BANDS_RECENT_V2 = """
CREATE TABLE nd_bands_recent (
    band_key INTEGER NOT NULL,
    article_id INTEGER NOT NULL
)
"""
# find_near_duplicate looks new articles up here as well as in nd_bands.
ND_BANDS_RECENT_INDEXES_V2 = ["CREATE INDEX nd_bands_recent_key ON nd_bands_recent(band_key)"]

# Every URL an article was seen under; WITHOUT ROWID so the URL is stored once, not in a table
# and again in its primary-key index (add_articles looks each URL up before storing).
ARTICLE_URLS_V2 = """
CREATE TABLE article_urls (
    url TEXT PRIMARY KEY,                       -- every URL an article was seen under, raw and canonical
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID
"""
# The cascade from a deleted article, and a cluster's list of URLs.
ARTICLE_URLS_INDEXES_V2 = ["CREATE INDEX article_urls_article ON article_urls(article_id)"]

# Full-text search with Porter stemming, so "defector" finds "defectors" and "defected".
ARTICLES_FTS_V2 = """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
)
"""
# No AFTER INSERT trigger any more: storage.articles indexes new articles itself, in the same
# transaction. FTS5 flushes its pending terms at every statement savepoint, and an insert made
# by a trigger runs inside one, so each article became a tiny segment to merge later: measured,
# 220 µs per article through the trigger against 75 µs inserted directly (issue 4).
ARTICLES_FTS_TRIGGERS_V2 = [
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]


# ------------------------------------------------------------------------------ m005 (issue 6)
# The review queue filters and counts alerts by their story's outlet, date and feed and by the
# groups of the people named. Read through the join to articles, counting 10k pending alerts cost
# 45 ms (one article B-tree lookup per alert; measured, issue 6) and the group filter parsed every
# alert's JSON; copied onto the alert when it is raised (an alert's story does not change), a
# filtered count reads the alerts table alone. ``groups`` is kept in step with ``fields`` by
# storage.decisions.update_alert_fields.
ALERTS_REVIEW_COLUMNS_V5 = [
    "ALTER TABLE alerts ADD COLUMN outlet TEXT",
    "ALTER TABLE alerts ADD COLUMN published_at TEXT",
    "ALTER TABLE alerts ADD COLUMN feed_id INTEGER",
    "ALTER TABLE alerts ADD COLUMN groups TEXT NOT NULL DEFAULT ''",  # '|group a|group b|', lowercased
]
# The queue's full-text search maps every hit (thousands for a common word in 100k articles) to
# its story. Through the table each hit read a whole article row: 6-13 ms a query, the largest
# part of a search page under load; this index holds just (id, cluster_id), ~1 MB per 100k
# articles, and is appended to in id order on ingest. Measured 2-3x faster (issue 6).
ARTICLES_CLUSTER_OF_V5 = "CREATE INDEX articles_cluster_of ON articles(id, cluster_id)"
ALERTS_REVIEW_BACKFILL_V5 = """
UPDATE alerts SET (outlet, published_at, feed_id) =
    (SELECT a.outlet, a.published_at, a.feed_id FROM articles a WHERE a.id = alerts.article_id)
"""
ALERTS_GROUPS_BACKFILL_V5 = """
UPDATE alerts SET groups = COALESCE((
    SELECT '|' || group_concat(lower(json_extract(p.value, '$.group')), '|') || '|'
    FROM json_each(CASE WHEN json_valid(alerts.fields) THEN alerts.fields ELSE '[]' END) p
    WHERE json_type(p.value, '$.group') = 'text'), '')
"""


# ------------------------------------------------------------------------------ m006 (issue 6)
# One story can name several defectors, and each may become a case of its own: the cases an alert
# produced, and from which person of its ``fields`` each came. ``alerts.case_id`` stays the first
# of them (the digest and pace read it). ``action`` says whether the alert created the case
# ('confirmed', so undoing the alert withdraws it) or was merged into a known one ('merged').
ALERT_CASES_V6 = """
CREATE TABLE alert_cases (
    alert_id INTEGER NOT NULL REFERENCES alerts(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    person INTEGER,                             -- index into alerts.fields when it was recorded
    action TEXT NOT NULL CHECK (action IN ('confirmed','merged')),
    PRIMARY KEY (alert_id, case_id)
)
"""
# undo_decision asks whether any other alert supports a case before withdrawing it.
ALERT_CASES_INDEXES_V6 = ["CREATE INDEX alert_cases_case ON alert_cases(case_id)"]
# Alerts decided before m006 produced one case each, from their first person.
ALERT_CASES_BACKFILL_V6 = """
INSERT INTO alert_cases (alert_id, case_id, person, action)
SELECT id, case_id, 0, status FROM alerts
WHERE case_id IS NOT NULL AND status IN ('confirmed', 'merged')
"""


# ------------------------------------------------------------------------------ m007 (issue 3)
# Articles the feed poller stored without placing them among near-duplicates (storage.articles
# add_articles(cluster=False)); storage.articles.cluster_queued places them, oldest first, before
# anything is judged. Until then each is a story of its own with content_hash '' (UNPLACED).
CLUSTER_QUEUE_V7 = """
CREATE TABLE cluster_queue (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
)
"""
