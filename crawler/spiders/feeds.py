"""`scrapy crawl feeds`: poll the due RSS, Atom and JSON feeds, then fetch the new entries' pages.

The polling is crawler.feedpoll's (asyncio, outside Scrapy's downloader: a poll is one small
request per source, and Scrapy's per-request machinery cost more than the poll itself);
it runs here on the reactor's own asyncio loop. The pages are then fetched as the articles
spider fetches them, through Scrapy (robots.txt, AutoThrottle, the destination checks).
`defwatch poll` calls the poller directly and starts Scrapy only when pages or sites are due.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from crawler.feedpoll import FeedPoller
from crawler.fetcher import FetchOptions
from crawler.spiders.articles import ArticlesSpider


class FeedsSpider(ArticlesSpider):
    """`scrapy crawl feeds [-a feeds=name,name] [-a fetch_pages=0]`."""

    name = "feeds"

    async def start(self) -> AsyncIterator[Any]:
        poller = FeedPoller(
            FetchOptions.from_settings(self.settings), self.fetch_pages,
            on_source=lambda feed, ok, new: self._signal(feed, ok=ok, new=new),
        )
        summary = await poller.run(self.only)
        for key, value in summary.stats.items():
            self.stats.inc_value(key, value)
        async for request in super().start():
            yield request
