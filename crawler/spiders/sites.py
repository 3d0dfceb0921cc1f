"""Sources without a feed: listing pages (links by CSS selector) and news sitemaps."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from crawler.items import ArticleItem
from crawler.spiders.base import DefwatchSpider
from storage.articles import article_id_for_url
from storage.feeds import Feed, get_due_feeds

MAX_LINKS_PER_PAGE = 200


class SitesSpider(DefwatchSpider):
    """`scrapy crawl sites [-a feeds=name,name]`."""

    name = "sites"

    async def start(self) -> AsyncIterator[Any]:
        for feed in get_due_feeds(self.db, names=self.only):
            if feed.kind == "listing":
                yield self.poll_request(feed, self.parse_listing)
            elif feed.kind == "sitemap":
                yield self.poll_request(feed, self.parse_sitemap)

    def parse_listing(self, response: Response, feed: Feed) -> Iterator[Any]:
        if self.status_error(feed, response):
            return
        same, digest = self.unchanged(feed, response)
        if same:
            return
        links = [response.urljoin(href) for href in response.css(f"{feed.link_selector}::attr(href)").getall()]
        if not links:
            self.poll_warning(feed, f"no links matched {feed.link_selector!r}; has the page layout changed?")
        yield from self._new_articles(feed, response, links, digest)

    def parse_sitemap(self, response: Response, feed: Feed) -> Iterator[Any]:
        if self.status_error(feed, response):
            return
        same, digest = self.unchanged(feed, response)
        if same:
            return
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # lxml raises several kinds on garbage
            self.poll_errored(feed, f"not a sitemap: {type(exc).__name__}: {exc}", response)
            return
        entries = []
        for entry in sitemap:
            loc = entry.get("loc")
            if loc:
                entries.append(response.urljoin(loc))
        yield from self._new_articles(feed, response, entries, digest)

    def _new_articles(
        self, feed: Feed, response: Response, urls: list[str], digest: str
    ) -> Iterator[Any]:
        new = 0
        seen: set[str] = set()
        for url in urls[:MAX_LINKS_PER_PAGE]:
            if url in seen or not url.startswith(("http://", "https://")):
                continue
            seen.add(url)
            if article_id_for_url(self.db, url) is not None:
                continue
            new += 1
            item = ArticleItem(url=url, outlet=feed.outlet or feed.name, language=feed.language, feed_id=feed.id)
            yield self.article_request(item)
        self.poll_succeeded(feed, response, new, digest)

