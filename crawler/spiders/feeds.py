"""Poll due RSS, Atom and JSON feeds (conditional GET) and fetch each new entry's page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser
from scrapy.http import Response

from crawler.extract import plain_text, struct_time_to_iso
from crawler.items import ArticleItem
from crawler.jsonfeed import NotJsonFeed, looks_like_json, parse_json_feed
from crawler.spiders.base import DefwatchSpider
from storage.articles import article_id_for_url
from storage.feeds import Feed, get_due_feeds


class FeedsSpider(DefwatchSpider):
    """`scrapy crawl feeds [-a feeds=name,name] [-a fetch_pages=0]`."""

    name = "feeds"

    async def start(self) -> AsyncIterator[Any]:
        for feed in get_due_feeds(self.db, names=self.only):
            if feed.kind == "feed":
                yield self.poll_request(feed, self.parse_feed)

    def parse_feed(self, response: Response, feed: Feed) -> Iterator[Any]:
        if self.status_error(feed, response):
            return
        same, digest = self.unchanged(feed, response)
        if same:
            return
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        try:
            entries = read_entries(response.body, response.url, content_type)
        except UnreadableFeed as exc:
            self.poll_errored(feed, f"not a readable feed: {exc}", response)
            return
        if entries.problem:
            self.poll_warning(feed, f"malformed feed, entries still read: {entries.problem}")
        new = 0
        for entry in entries.items:
            item = entry_item(entry, response.url, feed)
            if item is None or article_id_for_url(self.db, item.url) is not None:
                continue
            new += 1
            self.crawler.stats.inc_value("defwatch/new_entries")  # type: ignore[union-attr]
            yield self.article_request(item) if self.fetch_pages else self.summary_only(item, "page fetching off")
        self.poll_succeeded(feed, response, new, digest)


def entry_item(entry: Any, base_url: str, feed: Feed) -> ArticleItem | None:
    """An article item from a feed entry; None when the entry has no usable link."""
    link = entry.get("link") or ""
    if not link:
        guid = entry.get("id") or ""
        link = guid if guid.startswith(("http://", "https://")) else ""
    if not link:
        return None
    url = urljoin(base_url, link.strip())
    if not url.startswith(("http://", "https://")):
        return None
    summary = entry.get("summary") or ""
    content = entry.get("content") or []
    if content and len(content[0].get("value", "")) > len(summary):
        summary = content[0]["value"]
    authors = ", ".join(a.get("name", "") for a in entry.get("authors", []) if a.get("name")) or None
    return ArticleItem(
        url=url,
        title=plain_text(entry.get("title")),
        summary=plain_text(summary) or None,
        outlet=feed.outlet or feed.name,
        authors=authors,
        published_at=struct_time_to_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        language=feed.language,
        feed_id=feed.id,
    )


class UnreadableFeed(ValueError):
    """Neither feedparser nor the JSON Feed reader found entries in the body."""


@dataclass(frozen=True)
class FeedEntries:
    items: list[Any]
    problem: str | None  # set for a malformed feed that still yielded entries


def read_entries(body: bytes, url: str, content_type: str) -> FeedEntries:
    """Entries of an RSS, Atom or JSON feed; malformed feeds give what they can."""
    if looks_like_json(body, content_type):
        try:
            return FeedEntries(parse_json_feed(body), None)
        except NotJsonFeed as exc:
            if body.lstrip()[:1] == b"{":
                raise UnreadableFeed(str(exc)) from exc
    parsed = feedparser.parse(body, response_headers={"content-location": url, "content-type": content_type})
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"{type(exc).__name__}: {exc}"[:300] if exc else "malformed"
    if not parsed.entries and (problem or not parsed.get("version")):
        raise UnreadableFeed(problem or "no feed format recognised")
    return FeedEntries(list(parsed.entries), problem)

