"""The feed poller against a database another process holds locked: the batch is not stored,
the cycle says so, and the next cycle stores every entry exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

import storage.db
from crawler.feedpoll import poll_feeds
from storage.db import open_db
from storage.feeds import FeedSpec, get_due_feeds, get_feed, sync_feeds
from tests.crawler.servers import Route, Server
from tests.crawler.test_fetcher import options

ITEMS = 3


def rss(server: Server) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{server.url(f'/story/{n}')}</link>"
        f"<description>What happened in story {n}.</description></item>"
        for n in range(ITEMS)
    )
    return f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode()


def test_a_locked_database_loses_nothing_and_the_next_cycle_stores_each_entry_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.db, "BUSY_TIMEOUT_S", 0.3)  # give up on the lock quickly
    opts = options(tmp_path)
    db = open_db(opts.db_path)
    with Server() as server:
        server.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow:\n")
        server.routes["/feed.rss"] = Route(body=rss(server))
        sync_feeds(db, [FeedSpec("wire", server.url("/feed.rss"), interval_s=600)])

        holder = open_db(opts.db_path)  # another process's long write transaction
        holder.conn.execute("BEGIN IMMEDIATE")
        try:
            summary = poll_feeds(opts, fetch_pages=False)
        finally:
            holder.conn.execute("ROLLBACK")
            holder.close()

        assert summary.stats.get("defwatch/store_failed") == 1
        assert summary.stats.get("defwatch/entries_not_stored") == ITEMS
        assert summary.stats.get("defwatch/sources_not_recorded") == 1
        assert db["articles"].count == 0
        feed = get_feed(db, "wire")
        assert feed.last_ok_at is None and feed.etag is None  # its old state: polled again
        assert [f.name for f in get_due_feeds(db)] == ["wire"]

        again = poll_feeds(opts, fetch_pages=False)
        assert "defwatch/store_failed" not in again.stats
        assert again.stats["defwatch/articles_stored"] == ITEMS
        urls = [row["url"] for row in db["articles"].rows]
        assert sorted(urls) == sorted(server.url(f"/story/{n}") for n in range(ITEMS))
        assert get_feed(db, "wire").last_ok_at is not None
