"""HTTP behaviour of a polling cycle against a real local server: conditional GET, redirects,
Retry-After, backoff, 410, safety caps (size after decompression, time, refused
destinations after a redirect), politeness (User-Agent) and the retry of failed pages."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from storage.db import open_db
from tests.crawler.servers import Route, Server, gzip_bomb

PAGE = (
    b"<!doctype html><html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    b"<p>The harbour master said the ferries would run again on Monday, after a week in which storms"
    b" closed the port and left lorries queuing along the coast road for miles, and the council said"
    b" the repairs to the breakwater would cost several million.</p></article></body></html>"
)


def rss(base: str, *paths: str) -> bytes:
    items = "".join(
        f"<item><title>Story {p}</title><link>{base}{p}</link>"
        f"<description>Summary of {p}.</description></item>"
        for p in paths
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def run_defwatch(db: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(config), *args],
        capture_output=True, text=True, timeout=120,
        cwd=db.parent,  # not the repository: the crawler's settings must not depend on scrapy.cfg
    )


def feeds_of(db_path: Path) -> dict[str, dict]:
    db = open_db(db_path)
    try:
        return {r["name"]: r for r in db.query("SELECT * FROM feeds")}
    finally:
        db.close()


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    with Server() as served:
        yield served


def test_protocol_safety_and_politeness(tmp_path: Path, server: Server) -> None:
    b = server.base
    page = {"status": 503}

    def flaky() -> Route:
        if page["status"] == 200:
            return Route(body=PAGE.replace(b"{title}", b"Flaky page"), headers={"Content-Type": "text/html"})
        return Route(status=503, body=b"down")

    in_3h = format_datetime(datetime.now(UTC) + timedelta(hours=3), usegmt=True)
    server.routes.update({
        "/etag.rss": Route(body=rss(b, "/p/1.html", "/p/2.html"), etag=True),
        "/same.rss": Route(body=rss(b, "/p/3.html")),  # no validators: the body hash decides
        "/old.rss": Route(status=301, headers={"Location": f"{b}/new.rss"}),
        "/new.rss": Route(body=rss(b, "/p/4.html"), etag=True),
        "/temp.rss": Route(status=302, headers={"Location": f"{b}/new2.rss"}),
        "/new2.rss": Route(body=rss(b, "/p/5.html")),
        "/busy.rss": Route(status=429, headers={"Retry-After": "7200"}),
        "/down.rss": Route(status=503, headers={"Retry-After": in_3h}),
        "/gone.rss": Route(status=410),
        "/broken.rss": Route(status=500),
        "/evil.rss": Route(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
        "/bomb.rss": Route(body=gzip_bomb(20_000_000), headers={"Content-Encoding": "gzip"}),
        "/slow.rss": Route(body=rss(b, "/p/6.html") + b" " * 1000, drip_s=1.0),
        "/flaky.rss": Route(body=rss(b, "/p/flaky.html")),
        "/p/flaky.html": flaky,
    })
    for n in range(1, 7):
        server.routes[f"/p/{n}.html"] = Route(body=PAGE.replace(b"{title}", b"Page %d" % n),
                                              headers={"Content-Type": "text/html; charset=utf-8"})
    names = ["etag", "same", "old", "temp", "busy", "down", "gone", "broken", "evil", "bomb", "slow", "flaky"]
    config, db_path = tmp_path / "feeds.yml", tmp_path / "d.db"
    config.write_text(
        "crawler:\n  contact: 'mailto:polite@example.org'\n  download_timeout: 2s\n"
        "  max_response_bytes: 1000000\n  allow_private: ['127.0.0.1']\nsources:\n"
        + "".join(f"  - {{name: {n}, url: '{b}/{n}.rss', interval: 1s}}\n" for n in names),
        encoding="utf-8",
    )

    started = time.monotonic()
    first = run_defwatch(db_path, config, "poll", "--json")
    assert first.returncode == 0, first.stderr
    assert time.monotonic() - started < 60
    summary = json.loads(first.stdout.strip().splitlines()[-1])
    feeds = feeds_of(db_path)

    # Politeness: every request says who we are and how to reach us.
    agents = {s.headers.get("user-agent") for s in server.seen}
    assert agents == {"defwatch/0.1 (+mailto:polite@example.org; news monitor for research)"}

    assert feeds["etag"]["status"] == "ok" and feeds["etag"]["etag"] and feeds["etag"]["entries_seen"] == 2
    assert feeds["old"]["url"] == f"{b}/new.rss"  # 301: moved for good
    assert feeds["temp"]["url"] == f"{b}/temp.rss"  # 302: not
    now = datetime.now(UTC)
    assert datetime.fromisoformat(feeds["busy"]["next_poll_at"]) > now + timedelta(seconds=7000)
    assert datetime.fromisoformat(feeds["down"]["next_poll_at"]) > now + timedelta(hours=2.9)
    assert feeds["busy"]["status"] == "error" and "429" in feeds["busy"]["last_error"]
    assert feeds["gone"]["status"] == "disabled" and not feeds["gone"]["enabled"]
    assert "refused http://169.254.169.254/" in feeds["evil"]["last_error"]
    assert "link-local" in feeds["evil"]["last_error"]
    assert not any("169.254" in s.path for s in server.seen)
    assert "max size" in feeds["bomb"]["last_error"] or "DOWNLOAD_MAXSIZE" in feeds["bomb"]["last_error"]
    assert "Timeout" in feeds["slow"]["last_error"]
    assert summary["refused_destinations"] >= 1

    db = open_db(db_path)
    flaky = "SELECT page_status, summary, text FROM articles WHERE url LIKE '%flaky.html'"
    flaky_row = db.execute(flaky).fetchone()[:2]
    assert flaky_row == ("summary_only", "Summary of /p/flaky.html.")
    assert db.execute("SELECT COUNT(*) FROM articles WHERE page_status = 'fetched'").fetchone()[0] == 5
    db.close()

    # Second cycle: validators and body hashes spare the parsing; the moved feed is asked at its
    # new address; errors in a row back off; the failed page is retried once its interval passed.
    page["status"] = 200
    time.sleep(1.5)
    before = len(server.seen)
    again_due = [f"--feed={n}" for n in ("etag", "same", "old", "broken")]
    second = run_defwatch(db_path, config, "poll", "--json", *again_due)
    assert second.returncode == 0, second.stderr
    asked = [s for s in server.seen[before:] if s.path != "/robots.txt"]
    expected = {"/etag.rss", "/same.rss", "/new.rss", "/broken.rss", "/p/flaky.html"}
    assert {s.path for s in asked} == expected
    assert json.loads(second.stdout.strip().splitlines()[-1])["sources_unchanged"] >= 2
    etag_poll = next(s for s in asked if s.path == "/etag.rss")
    assert etag_poll.headers.get("if-none-match") == feeds["etag"]["etag"]
    again = feeds_of(db_path)
    assert again["broken"]["consecutive_errors"] == 2
    assert again["etag"]["entries_seen"] == 2 and again["etag"]["status"] == "ok"
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 6  # nothing stored twice
    flaky_row = db.execute(flaky).fetchone()
    assert flaky_row[0] == "fetched" and "harbour master" in flaky_row[2]
    db.close()
    assert again["old"]["url"] == f"{b}/new.rss"  # the sync with feeds.yml kept the move
