"""Sources other than RSS: news sitemaps, listing pages and JSON Feeds 1.0/1.1, from fixtures
under tests/fixtures/sources served by a real local server, through one `defwatch poll`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from defwatch.sample_site import SampleSite
from storage.db import open_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def run_defwatch(db: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(config), *args],
        capture_output=True, text=True, timeout=120, cwd=db.parent,
    )


@pytest.fixture(scope="module")
def polled(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, dict, list[str], str]:
    tmp = tmp_path_factory.mktemp("sources")
    with SampleSite(FIXTURES) as site:
        config, db_path = tmp / "feeds.yml", tmp / "d.db"
        config.write_text(
            f"""
crawler:
  contact: "mailto:tests@example.org"
  download_timeout: 5s
  allow_private: ["127.0.0.1"]
sources:
  - {{name: sitemap, url: "{site.address}/news-sitemap.xml", kind: sitemap, outlet: Fixture Times}}
  - {{name: listing, url: "{site.address}/listing.html", kind: listing, link_selector: a.teaser}}
  - {{name: json11, url: "{site.address}/feed-1.1.json"}}
  - {{name: json10, url: "{site.address}/feed-1.0.json"}}
  - {{name: robots, url: "{site.address}/robots-feed.rss"}}
""".replace("{BASE}", site.address),
            encoding="utf-8",
        )
        run = run_defwatch(db_path, config, "poll", "--json")
        requests = list(site.requests)
        address = site.address
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    db = open_db(db_path)
    host = address.removeprefix("http://")
    articles = {}  # keyed by canonical URL, the fixture site's as http://SITE/...
    for r in db.query("SELECT * FROM articles"):
        url = r["canonical_url"]
        articles["http://SITE" + url.split(host, 1)[1] if host in url else url] = r
    feeds = {r["name"]: r for r in db.query("SELECT * FROM feeds")}
    return articles, feeds, summary, requests, address


def test_news_sitemap_gives_titles_dates_languages_and_pages(polled) -> None:  # type: ignore[no-untyped-def]
    articles, feeds, summary, _, _ = polled
    story = articles["http://SITE/news/sitemap-story.html"]
    assert story["title"] == "A story found only through the news sitemap"
    assert story["published_at"] == "2026-11-20T07:30:00+00:00"
    assert story["language"] == "en" and story["outlet"] == "Fixture Times"
    assert story["page_status"] == "fetched" and "harbour master" in story["text"]
    assert articles["http://SITE/news/relative-story.html"]["page_status"] == "fetched"  # relative <loc>
    assert not any("169.254" in url for url in articles)
    assert feeds["sitemap"]["status"] == "ok"
    assert summary["refused_destinations"] >= 1


def test_listing_takes_only_selected_links_and_obeys_robots(polled) -> None:  # type: ignore[no-untyped-def]
    articles, feeds, _, requests, _ = polled
    listing = articles["http://SITE/news/listing-story.html"]
    assert listing["page_status"] == "fetched" and listing["title"] == "Fixture page listing-story"
    # A sitemap story is linked from the listing too (with a fragment): one article.
    assert sum(1 for url in articles if "relative-story" in url) == 1
    assert "/private/secret.html" not in requests  # robots.txt: Disallow: /private/
    assert feeds["listing"]["status"] == "ok" and feeds["listing"]["entries_seen"] >= 1


def test_disallowed_page_keeps_the_feed_summary(polled) -> None:  # type: ignore[no-untyped-def]
    articles, _, _, _, _ = polled
    secret = articles["http://SITE/private/secret.html"]
    assert secret["page_status"] == "summary_only"
    assert secret["summary"] == "Only this summary may be kept: robots.txt disallows the page."


def test_json_feeds_1_0_and_1_1(polled) -> None:  # type: ignore[no-untyped-def]
    articles, feeds, _, _, _ = polled
    story = articles["http://SITE/news/json-story.html"]
    assert story["title"] == "JSON & friends"
    # Title and date from the feed; authors from the page (the extractor's, where it finds them).
    assert story["authors"] == "Fixture Reporter" and story["published_at"] == "2026-11-19T10:00:00+00:00"
    assert "longer body" in story["summary"] and "alert" not in story["summary"]
    assert articles["http://SITE/news/json-relative.html"]["page_status"] == "fetched"
    old = articles["http://SITE/news/json10-story.html"]
    assert old["published_at"].startswith("2026-11-18")  # the feed's date is garbage: the page's (to the day)
    assert not any("j3" in url for url in articles)  # no url and an id that is not a URL
    guid = articles["https://127.0.0.1:9/no-url-but-guid"]  # the id is a URL; nothing listens there
    assert guid["page_status"] == "summary_only" and guid["summary"] == "Text only."
    assert feeds["json11"]["status"] == feeds["json10"]["status"] == "ok"
