"""Every earlier schema upgrades to the current one with its data intact.

For each migration, the database is built up to just before it (as an older defwatch left
it), filled with the data that version could hold, and then opened with open_db, which
migrates. A new migration must add its seeding function to SEEDERS (the first test checks).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from storage import dedupe, schema
from storage.articles import (
    NewArticle,
    Placed,
    add_article,
    add_articles,
    cluster_queued,
    get_article,
    get_cluster,
    search_articles,
)
from storage.cases import get_case, get_case_article_ids
from storage.db import connect, migrations, open_db
from storage.decisions import undo_decision

STORY = " ".join(
    f"Commander{i % 7} ordered fighters{i % 5} across riverbank{i % 11} villages toward checkpoint{i}."
    for i in range(40)
)
COPY = "Reuters: " + STORY.replace("checkpoint3.", "checkpoint33.") + " All rights reserved worldwide."


def seed_records(db: sqlite_utils.Database) -> None:
    """What every schema holds: articles, aliases, one cluster of two, an alert and a case."""
    db.execute(
        "INSERT INTO articles (id, url, canonical_url, outlet, title, published_at, fetched_at, text,"
        " content_hash,"
        " cluster_id, source, judged_at, kind, score) VALUES"
        " (1, 'https://www.a.example/s/1?utm_source=x', 'https://a.example/s/1', 'A', 'Defector speaks',"
        "  '2024-03-01T00:00:00Z', '2024-03-01T01:00:00Z', ?, 'h1', 1, 'crawl', '2024-03-01', 'account',"
        "  0.9),"
        " (2, 'https://b.example/x', 'https://b.example/x', 'B', 'Ex-fighter tells all',"
        "  '2024-03-02T00:00:00Z',"
        "  '2024-03-02T01:00:00Z', ?, 'h2', 1, 'crawl', NULL, NULL, NULL)",
        [STORY, COPY],
    )
    db.execute(
        "INSERT INTO article_urls (url, article_id) VALUES ('https://www.a.example/s/1?utm_source=x', 1),"
        " ('https://a.example/s/1', 1), ('https://b.example/x', 2)"
    )
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")  # as m001's triggers would have
    db.execute(
        "INSERT INTO cases (id, name_or_alias, reasons, created_at, first_reported_at) VALUES"
        " (1, 'Hamza', '[\"brutality\"]', '2024-03-03', '2024-03-01T00:00:00Z')"
    )
    db.execute(
        "INSERT INTO alerts (id, article_id, cluster_id, score, kind, status, case_id, created_at) VALUES"
        " (1, 1, 1, 0.9, 'account', 'confirmed', 1, '2024-03-01')"
    )
    db.execute("INSERT INTO case_articles (case_id, article_id, alert_id) VALUES (1, 1, 1), (1, 2, 1)")


def seed_m001(db: sqlite_utils.Database) -> None:
    """The first release, with its near-duplicate index in the old format."""
    seed_records(db)
    db.execute("INSERT INTO nd_signatures (article_id, sig) VALUES (1, x'00'), (2, x'00')")
    db.execute("INSERT INTO nd_bands (band_key, article_id) VALUES (42, 1), (42, 2)")


def seed_m002(db: sqlite_utils.Database) -> None:
    """After the dedupe index v2: the same records, the new index built, and a polled feed."""
    seed_records(db)
    rows = db.execute("SELECT id, text, content_hash, cluster_id FROM articles ORDER BY id")
    dedupe.rebuild_index(db, rows)
    db.execute(
        "INSERT INTO feeds (name, url, kind, outlet, interval_s, etag) VALUES"
        " ('wire', 'https://a.example/feed.xml', 'rss', 'A', 900, 'W/\"1\"')"
    )


def seed_m003(db: sqlite_utils.Database) -> None:
    """Before issue 6's m005: an alert whose fields name a group, for the copied review columns."""
    seed_m002(db)
    db.execute(
        "UPDATE alerts SET fields = ?", ['[{"name": "Hamza", "group": "Islamic State"}, {"name": "X"}]']
    )


def seed_m005(db: sqlite_utils.Database) -> None:
    """Before m006: one alert confirmed as a case (seed_records), one merged into it, one rejected."""
    seed_m003(db)
    db.execute(
        "INSERT INTO articles (id, url, canonical_url, outlet, title, published_at, fetched_at, text,"
        " content_hash, cluster_id, source) VALUES"
        " (3, 'https://c.example/3', 'https://c.example/3', 'C', 'Hamza again', '2024-04-01T00:00:00Z',"
        "  '2024-04-01T01:00:00Z', 'Hamza spoke again about his months in Raqqa.', 'h3', 3, 'crawl'),"
        " (4, 'https://c.example/4', 'https://c.example/4', 'C', 'A study', '2024-04-02T00:00:00Z',"
        "  '2024-04-02T01:00:00Z', 'Fifty defectors were surveyed.', 'h4', 4, 'crawl')"
    )
    db.execute(
        "INSERT INTO alerts (id, article_id, cluster_id, score, kind, status, case_id, created_at) VALUES"
        " (2, 3, 3, 0.8, 'account', 'merged', 1, '2024-04-01'),"
        " (3, 4, 4, 0.5, 'aggregate', 'rejected', NULL, '2024-04-02')"
    )
    db.execute("INSERT INTO case_articles (case_id, article_id, alert_id) VALUES (1, 3, 2)")


def seed_m006(db: sqlite_utils.Database) -> None:
    """Before m007 (the cluster queue): the records, with the alert's case link m006 made."""
    seed_m003(db)
    db.execute("INSERT INTO alert_cases (alert_id, case_id, person, action) VALUES (1, 1, 0, 'confirmed')")


# Seeders by the migration that follows the schema they fill: SEEDERS[m] runs on a database
# built with stop_before=m.
SEEDERS: dict[str, Callable[[sqlite_utils.Database], None]] = {
    "m002_dedupe_index_v2": seed_m001,
    "m003_feed_configured_url": seed_m002,
    "m005_review": seed_m003,
    "m006_alert_cases": seed_m005,
    "m007_cluster_queue": seed_m006,
}
NAMES = [m.name for m in migrations._migrations]


def test_every_migration_after_the_first_has_a_seeder() -> None:
    assert set(SEEDERS) == set(NAMES[1:])


def build_before(path: Path, name: str) -> None:
    db = connect(path)
    migrations.apply(db, stop_before=name)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")  # as open_db marked it then
    SEEDERS[name](db)
    db.close()


@pytest.mark.parametrize("name", NAMES[1:])
def test_data_survives_upgrade_from_before(tmp_path: Path, name: str) -> None:
    path = tmp_path / "old.db"
    build_before(path, name)
    db = open_db(path)
    assert {m.name for m in migrations.applied(db)} == set(NAMES)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []

    first = get_article(db, 1)
    assert (first.title, first.cluster_id, first.kind, first.score) == ("Defector speaks", 1, "account", 0.9)
    assert [a.id for a in get_cluster(db, 1)] == [1, 2]
    urls = dict(db.execute("SELECT url, article_id FROM article_urls").fetchall())
    assert urls == {
        "https://www.a.example/s/1?utm_source=x": 1,
        "https://a.example/s/1": 1,
        "https://b.example/x": 2,
    }
    seeded = 3 if name == "m006_alert_cases" else 2
    assert db.execute("SELECT COUNT(*) FROM case_articles").fetchone()[0] == seeded
    assert db.execute("SELECT status, case_id FROM alerts WHERE id = 1").fetchall() == [("confirmed", 1)]
    backfilled = db.execute("SELECT alert_id, case_id, person, action FROM alert_cases ORDER BY alert_id")
    if name == "m006_alert_cases":
        assert backfilled.fetchall() == [(1, 1, 0, "confirmed"), (2, 1, 0, "merged")]
    else:
        assert backfilled.fetchall() == [(1, 1, 0, "confirmed")]

    # the indexes were rebuilt for the new code: search, aliases and near-duplicates all work
    assert [a.id for a, _ in search_articles(db, "riverbank3")] == [1, 2]
    again = add_article(db, NewArticle(url="http://a.example/s/1/", title="t", text="x"))
    assert not again.created and again.article_id == 1
    third = add_article(
        db, NewArticle(url="https://c.example/z", title="Another headline", text=STORY + " Ends.")
    )
    assert third.created and third.cluster_id == 1 and third.duplicate_of in (1, 2)
    assert [a.id for a, _ in search_articles(db, "another headline")] == [third.article_id]
    # the cluster queue exists, and a story stored without placing is placed with its copies
    queued = add_articles(
        db, [NewArticle(url="https://d.example/q", title="Queued", text=STORY)], cluster=False
    )
    assert queued[0].cluster_id == queued[0].article_id
    assert cluster_queued(db) == Placed(placed=1, linked=1)
    assert get_article(db, queued[0].article_id).cluster_id == 1
    if name == "m003_feed_configured_url":
        feed = db.execute("SELECT url, configured_url, etag FROM feeds").fetchone()
        assert feed == ("https://a.example/feed.xml", "https://a.example/feed.xml", 'W/"1"')
    if name == "m005_review":
        copied = db.execute("SELECT outlet, published_at, feed_id, groups FROM alerts").fetchone()
        assert copied == ("A", "2024-03-01T00:00:00Z", None, "|islamic state|")
    if name == "m006_alert_cases":  # undo reads the backfilled links: alert 2 still supports case 1
        undo_decision(db, 1, 1, "alice")
        assert get_case(db, 1).status == "confirmed" and get_case_article_ids(db, 1) == [3]
        assert db.execute("SELECT alert_id FROM alert_cases").fetchall() == [(2,)]


def test_open_twice_is_idempotent_after_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    build_before(path, NAMES[1])
    open_db(path).close()
    db = open_db(path)
    assert db.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == len(NAMES)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2


def test_datasette_metadata_matches_the_schema(tmp_path: Path) -> None:
    """metadata.yml (docs/datasette.md) names only real tables and columns, and covers every table."""
    import yaml

    metadata = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "metadata.yml").read_text(encoding="utf-8")
    )
    tables = metadata["databases"]["defwatch"]["tables"]
    db = open_db(tmp_path / "defwatch.db")
    assert set(tables) == set(db.table_names())
    for name, table in tables.items():
        assert set(table.get("columns", {})) <= set(db[name].columns_dict), name
    for query in metadata["databases"]["defwatch"]["queries"].values():
        params = {p: "x" for p in ("case_id", "query")}
        db.execute(query["sql"], {k: v for k, v in params.items() if f":{k}" in query["sql"]}).fetchall()
