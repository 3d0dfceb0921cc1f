"""Poll due RSS, Atom and JSON feeds (conditional GET) and fetch each new entry's page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser
from scrapy.http import Response

from crawler.extract import plain_text, struct_time_to_iso
from crawler.fastfeed import read_fast
from crawler.items import ArticleItem
from crawler.jsonfeed import NotJsonFeed, looks_like_json, parse_json_feed
from crawler.spiders.base import DefwatchSpider
from storage.feeds import Feed, get_due_feeds


class FeedsSpider(DefwatchSpider):
    """`scrapy crawl feeds [-a feeds=name,name] [-a fetch_pages=0]`."""

    name = "feeds"

    async def start(self) -> AsyncIterator[Any]:
        for feed in get_due_feeds(self.db, names=self.only):
            if feed.kind == "feed":
                yield self.poll_request(feed, self.parse_feed)

    def parse_feed(self, response: Response, feed: Feed) -> Iterator[Any]:
        early, digest = self.early_result(feed, response)
        if early is not None:
            yield from early
            return
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        try:
            parsed = read_entries(response.body, response.url, content_type)
        except UnreadableFeed as exc:
            self.poll_errored(feed, f"not a readable feed: {exc}", response)
            return
        items: list[ArticleItem] = []
        no_link = empty = 0
        for entry in parsed.entries:
            item = entry_item(entry, response.url, feed)
            if item is None:
                no_link += 1
            elif not self.fetch_pages and not (item.title or item.summary):
                empty += 1  # without its page there is nothing to store but a link
            else:
                items.append(item)
        new, counts = self.claim_new(items)
        self.stats.inc_value("defwatch/entries_read", len(parsed.entries))
        self.stats.inc_value("defwatch/entries_without_link", no_link)
        warning = None
        if parsed.problem:
            self.stats.inc_value("defwatch/feeds_malformed")
            warning = f"malformed feed, entries still read: {parsed.problem}"
        self.logger.info(
            "event=feed_read feed=%s format=%s entries=%d no_link=%d empty=%d repeated=%d known=%d"
            " refused=%d new=%d problem=%r",
            feed.name, parsed.version or "unknown", len(parsed.entries), no_link, empty, counts["repeated"],
            counts["known"], counts["refused"], len(new), parsed.problem,
        )
        yield from self.deliver(feed, response, new, digest, warning)


def entry_item(entry: Any, base_url: str, feed: Feed) -> ArticleItem | None:
    """An article item from a feed entry; None when the entry has no usable link.

    The link, else a GUID that is a URL (RSS permalinks often are), resolved against the
    feed's URL when relative. Titles lose their markup; the longer of summary and content
    is kept as the summary, which is all that remains when the page cannot be fetched.
    """
    link = _text(entry.get("link"))
    if not link:
        guid = _text(entry.get("id"))
        link = guid if guid.lower().startswith(("http://", "https://")) else ""
    if not link:
        return None
    url = urljoin(base_url, link)
    if not url.lower().startswith(("http://", "https://")):
        return None
    summary = _text(entry.get("summary"))
    content = entry.get("content") or []
    if isinstance(content, list) and content and isinstance(content[0], dict):
        value = _text(content[0].get("value"))
        if len(value) > len(summary):
            summary = value
    authors = entry.get("authors")
    if not isinstance(authors, list):
        authors = []
    names = [_text(a.get("name")) for a in authors if isinstance(a, dict)]
    return ArticleItem(
        url=url,
        title=plain_text(_text(entry.get("title"))),
        summary=plain_text(summary) or None,
        outlet=feed.outlet or feed.name,
        authors=", ".join(n for n in names if n) or None,
        published_at=_entry_date(entry),
        language=feed.language,
        feed_id=feed.id,
    )


def _entry_date(entry: Any) -> str | None:
    """Published, else updated; dict.get because feedparser's own get() maps a missing
    updated_parsed to published_parsed with a DeprecationWarning."""
    return struct_time_to_iso(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed"))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


class UnreadableFeed(ValueError):
    """Neither feedparser nor the JSON Feed reader found a feed in the body."""


@dataclass(frozen=True)
class FeedEntries:
    entries: list[Any]
    problem: str | None  # set for a malformed feed that still yielded entries
    version: str | None = None  # feedparser's name for the format (rss20, atom10, ...) or json1

    @property
    def items(self) -> list[Any]:  # the name earlier callers used
        return self.entries


def read_entries(body: bytes, url: str, content_type: str) -> FeedEntries:
    """Entries of an RSS, Atom or JSON feed; malformed feeds give what they can.

    JSON is tried first when the server says JSON or the body starts with a brace: feedparser
    6.0 does not read JSON Feed. Then the fast reader for well-formed UTF-8 RSS and Atom
    (crawler.fastfeed), which gives up on anything unusual. Everything else goes to
    feedparser with the server's Content-Type (its charset decides the encoding when the
    document does not) and the URL (the base for relative links).
    """
    if looks_like_json(body, content_type):
        try:
            return FeedEntries(parse_json_feed(body), None, "json1")
        except NotJsonFeed as exc:
            if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
                raise UnreadableFeed(str(exc)) from exc
    fast = read_fast(body, url, content_type)
    if fast is not None:
        return FeedEntries(fast[0], None, fast[1])
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # Markup is stripped from every field anyway: feedparser's sanitiser would be work thrown away.
    parsed = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    problem = None
    if parsed.get("bozo"):
        error = parsed.get("bozo_exception")
        problem = f"{type(error).__name__}: {error}"[:300] if error else "malformed"
    version = parsed.get("version") or None
    if not parsed.entries and (problem or not version):
        raise UnreadableFeed(problem or "no feed format recognised (not RSS, Atom or JSON Feed)")
    return FeedEntries(list(parsed.entries), problem, version)
