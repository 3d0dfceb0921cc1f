"""`scrapy list` and `scrapy crawl NAME` work from the repository root, as Scrapy users expect."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer

from storage.db import open_db
from storage.feeds import FeedSpec, sync_feeds

ROOT = Path(__file__).resolve().parents[1]
SCRAPY = [sys.executable, "-m", "scrapy.cmdline"]

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>{base}/</link>
<item><title>Port authority opens new quay</title><link>{base}/quay.html</link>
<guid>quay-1</guid><description>The quay opened on Monday.</description></item>
<item><title>Ferry timetable changes</title><link>{base}/ferry.html</link>
<guid>ferry-1</guid><description>Winter sailings start next week.</description></item>
</channel></rss>"""


def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCRAPY, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_scrapy_list_names_the_spiders() -> None:
    result = scrapy("list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["articles", "feeds", "sites"]


def test_scrapy_crawl_feeds_stores_the_entries(tmp_path: Path, httpserver: HTTPServer) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/feed.rss").respond_with_data(
        RSS.format(base=base), content_type="application/rss+xml"
    )
    db_path = tmp_path / "defwatch.db"
    db = open_db(db_path)
    sync_feeds(db, [FeedSpec("harbour", f"{base}/feed.rss", outlet="Harbour Gazette")])
    db.close()

    result = scrapy(
        "crawl", "feeds", "-a", "fetch_pages=0",
        "-s", f"DEFWATCH_DB={db_path}", "-s", "DEFWATCH_ALLOW_PRIVATE=127.0.0.1", "-s", "LOG_LEVEL=INFO",
    )
    assert result.returncode == 0, result.stderr
    db = open_db(db_path)
    titles = sorted(r[0] for r in db.execute("SELECT title FROM articles").fetchall())
    assert titles == ["Ferry timetable changes", "Port authority opens new quay"]
    assert db.execute("SELECT status FROM feeds").fetchone()[0] == "ok"


def test_scrapy_crawl_feeds_fetches_the_new_entries_pages(tmp_path: Path, httpserver: HTTPServer) -> None:
    """The feed spider polls (crawler.feedpoll, on the reactor's asyncio loop), then fetches the
    pages of the entries it stored, in the same crawl."""
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /ferry", status=200)
    httpserver.expect_request("/feed.rss").respond_with_data(
        RSS.format(base=base), content_type="application/rss+xml"
    )
    page = ("<html><head><title>Quay</title></head><body><article><h1>Port authority opens new quay</h1>"
            + "<p>The new quay opened on Monday after two years of building work in the old harbour.</p>" * 5
            + "</article></body></html>")
    httpserver.expect_request("/quay.html").respond_with_data(page, content_type="text/html")
    db_path = tmp_path / "defwatch.db"
    db = open_db(db_path)
    sync_feeds(db, [FeedSpec("harbour", f"{base}/feed.rss", outlet="Harbour Gazette")])
    db.close()

    result = scrapy(
        "crawl", "feeds", "-s", f"DEFWATCH_DB={db_path}", "-s", "DEFWATCH_ALLOW_PRIVATE=127.0.0.1",
        "-s", "AUTOTHROTTLE_START_DELAY=0.05",
    )
    assert result.returncode == 0, result.stderr
    db = open_db(db_path)
    pages = dict(db.execute("SELECT title, page_status FROM articles").fetchall())
    # robots.txt forbids the ferry page: kept from its feed summary, not fetched
    assert pages == {"Port authority opens new quay": "fetched", "Ferry timetable changes": "summary_only"}
    assert "new quay opened on Monday" in db.execute("SELECT text FROM articles WHERE page_status = 'fetched'"
                                                     ).fetchone()[0]
    assert [r.path for r, _ in httpserver.log].count("/ferry.html") == 0
