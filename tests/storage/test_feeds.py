from __future__ import annotations

from pathlib import Path

from storage.db import open_db
from storage.feeds import FeedSpec, get_due_feeds, list_feeds, record_poll_error, record_poll_ok, sync_feeds


def test_sync_adds_updates_and_disables_without_losing_state(tmp_path: Path) -> None:
    db = open_db(tmp_path / "f.db")
    sync_feeds(db, [FeedSpec("a", "https://a.example/rss"), FeedSpec("b", "https://b.example/rss")])
    a = next(f for f in list_feeds(db) if f.name == "a")
    record_poll_ok(db, a.id, next_poll_at="2999-01-01T00:00:00+00:00", etag='"x"')
    changes = sync_feeds(db, [FeedSpec("a", "https://a.example/rss", interval_s=60)])
    assert changes == {"added": 0, "updated": 1, "disabled": 1}
    feeds = {f.name: f for f in list_feeds(db)}
    assert feeds["a"].etag == '"x"' and feeds["a"].interval_s == 60
    assert not feeds["b"].enabled
    assert get_due_feeds(db) == []


def test_errors_are_counted_and_410_disables(tmp_path: Path) -> None:
    db = open_db(tmp_path / "f.db")
    sync_feeds(db, [FeedSpec("a", "https://a.example/rss")])
    feed = list_feeds(db)[0]
    record_poll_error(db, feed.id, "HTTP 500", next_poll_at="2000-01-01T00:00:00+00:00")
    record_poll_error(db, feed.id, "HTTP 410 Gone", next_poll_at="2000-01-01T00:00:00+00:00", disable=True)
    feed = list_feeds(db)[0]
    assert feed.consecutive_errors == 2 and feed.status == "disabled" and not feed.enabled
    assert feed.last_error == "HTTP 410 Gone"
