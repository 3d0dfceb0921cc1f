"""A real collection cycle against fixture sites served on 127.0.0.1 by real HTTP servers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from defwatch.sample_site import SampleSite
from storage.db import open_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def run_defwatch(db: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(config), *args],
        capture_output=True, text=True, timeout=180,
    )


@pytest.fixture
def site():  # type: ignore[no-untyped-def]
    with SampleSite(FIXTURES) as served:
        yield served


def write_config(path: Path, site: SampleSite, httpserver: HTTPServer) -> None:
    path.write_text(
        f"""
crawler:
  contact: "mailto:tests@example.org"
  download_timeout: 10s
  allow_private: ["127.0.0.1"]
sources:
  - name: ok
    url: {site.address}/feeds/ok.rss
    outlet: Fixture Wire
  - name: bozo
    url: {site.address}/feeds/bozo.rss
  - name: garbage
    url: {site.address}/feeds/garbage.xml
  - name: listing
    url: {site.address}/listing/index.html
    kind: listing
    link_selector: a.story
  - name: gone
    url: {httpserver.url_for("/gone.rss")}
  - name: busy
    url: {httpserver.url_for("/busy.rss")}
""",
        encoding="utf-8",
    )


def test_poll_stores_each_entry_once_and_records_feed_health(
    tmp_path: Path, site: SampleSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/gone.rss").respond_with_data("gone", status=410)
    httpserver.expect_request("/busy.rss").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7200"}
    )
    config, db_path = tmp_path / "feeds.yml", tmp_path / "d.db"
    write_config(config, site, httpserver)

    first = run_defwatch(db_path, config, "poll")
    assert first.returncode == 0, first.stderr

    db = open_db(db_path)
    rows = {r["url"]: r for r in db.query("SELECT * FROM articles")}
    urls = set(rows)
    assert f"{site.address}/news/1.html" in urls  # relative link resolved
    assert any(u.startswith(f"{site.address}/news/2.html") for u in urls)
    assert f"{site.address}/news/4.html" in urls  # from the bozo feed and the listing, once
    missing = rows[f"{site.address}/news/missing.html"]
    assert missing["page_status"] == "summary_only" and "all that will be kept" in missing["summary"]
    assert not any("169.254" in u or "10.11.12.13" in u for u in urls)
    assert len(urls) == 4
    one = rows[f"{site.address}/news/1.html"]
    assert one["title"] == "Relative link with markup in the title"
    assert "harbour master" in one["text"] and "__pwned" not in one["text"]
    assert "/private/" not in " ".join(site.requests)

    feeds = {r["name"]: r for r in db.query("SELECT * FROM feeds")}
    assert feeds["ok"]["status"] == "ok" and feeds["ok"]["etag"]
    assert feeds["bozo"]["status"] == "ok" and "malformed" in feeds["bozo"]["last_error"]
    assert feeds["garbage"]["status"] == "error" and "not a readable feed" in feeds["garbage"]["last_error"]
    assert feeds["gone"]["status"] == "disabled" and not feeds["gone"]["enabled"]
    assert feeds["busy"]["status"] == "error" and feeds["busy"]["next_poll_at"] > feeds["ok"]["next_poll_at"]
    assert db.execute("SELECT COUNT(*) FROM articles WHERE judged_at IS NULL").fetchone()[0] == 0
    db.close()

    # Second cycle: conditional GET answers 304, nothing is parsed or stored twice.
    before = len(site.requests)
    second = run_defwatch(db_path, config, "poll", "--feed", "ok", "--feed", "listing")
    assert second.returncode == 0, second.stderr
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4
    fetched = [path for path in site.requests[before:] if path != "/robots.txt"]
    assert sorted(fetched) == ["/feeds/ok.rss", "/listing/index.html"]  # no article page fetched again

    listing = run_defwatch(db_path, config, "feeds", "--json")
    assert listing.returncode == 0 and '"name": "garbage"' in listing.stdout
