"""The pure parts of collection, on plain data: feed entries, sitemaps, text, retry timing."""

from __future__ import annotations

import gzip
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.destinations import DestinationPolicy, is_internal
from crawler.entries import UnreadableFeed, entry_item, read_entries
from crawler.extract import plain_text, struct_time_to_iso
from crawler.jsonfeed import looks_like_json, parse_json_feed
from crawler.polling import page_retry_due
from crawler.spiders.sites import NotASitemap, read_sitemap
from storage.db import open_db
from storage.feeds import Feed, FeedSpec, list_feeds, spread_first_polls, sync_feeds

FEED = Feed(
    id=1, name="f", url="http://news.example/feed", kind="feed", outlet="Outlet", language="en",
    link_selector=None, interval_s=60, enabled=True, status="ok", etag=None, last_modified=None,
    body_hash=None, next_poll_at=None, consecutive_errors=0, last_error=None, last_error_at=None,
    last_ok_at=None, entries_seen=0,
)


def items(body: bytes, content_type: str = "application/rss+xml") -> list:
    parsed = read_entries(body, "http://news.example/feeds/world.rss", content_type)
    return [entry_item(e, "http://news.example/feeds/world.rss", FEED) for e in parsed.entries]


def test_rss_oddities_relative_links_guid_links_markup_and_bad_dates() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
    <item><title>A &lt;b&gt;bold&lt;/b&gt; &amp;amp; title</title><link>../story/1</link>
      <pubDate>yesterday-ish</pubDate></item>
    <item><title>GUID as link</title><guid isPermaLink="true">https://news.example/story/2</guid></item>
    <item><title>GUID not a URL, no link</title><guid>tag:news.example,2026:3</guid></item>
    <item><title>Dated</title><link>https://news.example/story/4</link>
      <pubDate>Tue, 03 Nov 2026 09:00:00 +0200</pubDate></item>
    </channel></rss>"""
    one, two, three, four = items(body)
    assert one is not None and one.url == "http://news.example/story/1" and one.title == "A bold & title"
    assert one.published_at is None
    assert two is not None and two.url == "https://news.example/story/2"
    assert three is None
    assert four is not None and four.published_at == "2026-11-03T07:00:00+00:00"


def test_a_bozo_feed_yields_its_entries_and_names_the_problem() -> None:
    body = b'<rss version="2.0"><channel><item><title>x &nbsp; y</title><link>http://a.example/1</link></item>'
    parsed = read_entries(body, "http://a.example/feed", "")
    assert len(parsed.entries) == 1 and parsed.problem and "SAXParseException" in parsed.problem


def test_wrongly_declared_encoding_is_read() -> None:
    body = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item><title>Café</title>' \
           "<link>http://a.example/1</link></item></channel></rss>"
    parsed = read_entries(body.encode("latin-1"), "http://a.example/feed", "text/xml; charset=utf-8")
    assert parsed.entries and parsed.problem  # recorded, and the entry kept
    assert "Caf" in parsed.entries[0]["title"]


@pytest.mark.parametrize("body", [b"", b"<html><body>Not a feed</body></html>", b"\x00\xff" * 50,
                                  b"{" * 100_000, b'{"version": "1", "items": []}', b"[1, 2]"])
def test_garbage_is_unreadable_not_a_crash(body: bytes) -> None:
    with pytest.raises(UnreadableFeed):
        read_entries(body, "http://a.example/feed", "")


def test_json_feed_with_bom_and_both_author_forms() -> None:
    body = ('\ufeff{"version": "https://jsonfeed.org/version/1.1", "items": ['
            '{"id": "1", "url": "/a", "title": "One", "authors": [{"name": "A"}],'
            ' "date_published": "2026-11-01T10:00:00Z"},'
            '{"id": "2", "url": "https://x.example/b", "author": {"name": "B"}, "content_text": "Body"},'
            '"not an item"]}').encode("utf-8")
    assert looks_like_json(body, "application/octet-stream")
    first, second = parse_json_feed(body)
    assert first["authors"] == [{"name": "A"}] and second["authors"] == [{"name": "B"}]
    one = entry_item(first, "https://x.example/feed.json", FEED)
    assert one is not None and one.url == "https://x.example/a"
    assert one.published_at == "2026-11-01T10:00:00+00:00"
    two = entry_item(second, "https://x.example/feed.json", FEED)
    assert two is not None and two.summary == "Body" and two.authors == "B"


def test_plain_text_drops_markup_scripts_and_entities() -> None:
    assert plain_text("<p>Hello <script>evil()</script><b>world</b> &amp; co</p>") == "Hello world & co"
    assert plain_text("&lt;i&gt;escaped&lt;/i&gt; markup") == "escaped markup"
    assert plain_text(None) == ""
    assert struct_time_to_iso(None) is None


def test_news_sitemap_plain_gzipped_index_and_garbage() -> None:
    body = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://n.example/a</loc>
      <news:news><news:publication><news:language>fr</news:language></news:publication>
      <news:publication_date>2026-11-20</news:publication_date><news:title>Titre</news:title></news:news></url>
      <url><loc> </loc></url></urlset>"""
    expected = [{"loc": "https://n.example/a", "title": "Titre", "published_at": "2026-11-20T00:00:00+00:00",
                 "language": "fr"}]
    assert read_sitemap(body, 10**6) == expected
    assert read_sitemap(gzip.compress(body), 10**6) == expected
    with pytest.raises(NotASitemap, match="sitemap index"):
        read_sitemap(b"<sitemapindex><sitemap><loc>https://n.example/1</loc></sitemap></sitemapindex>", 10**6)
    with pytest.raises(NotASitemap):
        read_sitemap(gzip.compress(b" " * 2_000_000), 10**6)  # over the cap once unpacked
    with pytest.raises(NotASitemap):
        read_sitemap(b"\x00garbage", 10**6)


def test_entity_expansion_is_not_performed() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">
      <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
      <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://n.example/&d;</loc></url></urlset>"""
    entries = read_sitemap(bomb, 10**6)
    assert all(len(e["loc"]) < 100 for e in entries)


def test_failed_pages_wait_one_interval_then_twice_as_long_each_time() -> None:
    stored = "2026-11-22T12:00:00+00:00"
    at = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert not page_retry_due(stored, 0, 600, at + timedelta(seconds=599))
    assert page_retry_due(stored, 0, 600, at + timedelta(seconds=600))
    assert not page_retry_due(stored, 2, 600, at + timedelta(seconds=2399))
    assert page_retry_due(stored, 2, 600, at + timedelta(seconds=2400))


def test_literal_internal_addresses_are_refused_without_dns() -> None:
    policy = DestinationPolicy(["127.0.0.1"])
    assert policy.literal_refusal("http://169.254.169.254/latest") is not None
    assert policy.literal_refusal("http://[::ffff:10.0.0.1]/") is not None
    assert policy.literal_refusal("http://127.0.0.1:8080/feed") is None
    assert policy.literal_refusal("http://public-name.example/x") is None  # names: checked when fetched
    assert policy.literal_refusal("javascript:alert(1)") is not None
    assert policy.literal_refusal("http://a.example:99999/") is not None
    assert is_internal(__import__("ipaddress").ip_address("::ffff:127.0.0.1"))


def test_first_polls_are_spread_over_the_interval(tmp_path: Path) -> None:
    db = open_db(tmp_path / "f.db")
    sync_feeds(db, [FeedSpec(f"f{n}", f"https://f{n}.example/rss", interval_s=600) for n in range(200)])
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert spread_first_polls(db, now, max_spread_s=300, rng=random.Random(3)) == 200
    times = [datetime.fromisoformat(f.next_poll_at or "") for f in list_feeds(db)]
    assert all(now <= t <= now + timedelta(seconds=300) for t in times)
    assert len({t for t in times if t <= now + timedelta(seconds=30)}) < 40  # not a burst
    assert spread_first_polls(db, now, max_spread_s=300) == 0  # only never-polled ones move
    assert spread_first_polls(db, now + timedelta(hours=1), max_spread_s=300, overdue_too=True) == 200
