"""Store articles and the polling state of sources, in batches.

Storage dedupes by URL and clusters copies of one story; this pipeline only decides when
to write. One transaction per item cost more than parsing the feed (a cold cycle over a
thousand feeds is twenty thousand articles), so items wait in a buffer and are written
together: when BATCH_ITEMS have arrived, when the oldest has waited FLUSH_AFTER_S, and
when the spider closes. A feed's state (PollOutcome) is committed in the same transaction
as its articles, or after them, never before: a crawl killed with items in the buffer
loses those feeds' new state too, so the next cycle polls them again and nothing is lost.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from crawler.items import ArticleItem, PollOutcome
from storage.articles import NewArticle, add_articles
from storage.db import open_db, write_lock
from storage.feeds import PollSuccess, record_polls_ok

BATCH_ITEMS = 400
FLUSH_AFTER_S = 1.0


class PollWriter:
    """The buffer: polled sources' new state and articles, written together in batches.

    ``count(key, n)`` receives the figures (Scrapy's stats, or the feed poller's summary).
    ``cluster=False`` stores articles unplaced, for judging to place (storage.articles).
    """

    def __init__(self, db: Any, count: Callable[[str, int], None], cluster: bool = True):
        self.db, self.count, self.cluster = db, count, cluster
        self.articles: list[ArticleItem] = []
        self.polls: list[PollSuccess] = []
        self.oldest: float | None = None

    def add(self, item: PollOutcome | ArticleItem) -> None:
        if isinstance(item, PollOutcome):
            self.articles.extend(a for a in item.articles if not _empty(a))
            self.polls.append(
                PollSuccess(
                    feed_id=item.feed_id, next_poll_at=item.next_poll_at, etag=item.etag,
                    last_modified=item.last_modified, body_hash=item.body_hash, new_entries=item.new_entries,
                    url=item.moved_to, warning=item.warning,
                )
            )
        else:
            self.articles.append(item)
        if self.oldest is None:
            self.oldest = time.monotonic()
        full = len(self.articles) + len(self.polls) >= BATCH_ITEMS
        if full or time.monotonic() - self.oldest >= FLUSH_AFTER_S:
            self.flush()

    def flush(self) -> None:
        """Write the buffer: the articles first, then the feeds' state, in one transaction."""
        articles, polls = self.articles, self.polls
        self.articles, self.polls, self.oldest = [], [], None
        if not articles and not polls:
            return
        try:
            with write_lock(self.db):
                new = [_new_article(a) for a in articles]
                results = add_articles(self.db, new, cluster=self.cluster) if articles else []
                record_polls_ok(self.db, polls)
        except Exception:
            # Nothing of the batch was committed: its sources keep their old state and are polled
            # again, so the entries come back. Counted so the cycle's figures say so.
            self.count("defwatch/store_failed", 1)
            self.count("defwatch/entries_not_stored", len(articles))
            self.count("defwatch/sources_not_recorded", len(polls))
            raise
        for result in results:
            if result.created:
                self.count("defwatch/articles_stored", 1)
                if result.duplicate_of is not None:
                    self.count("defwatch/articles_clustered", 1)
            elif result.updated:
                self.count("defwatch/articles_page_recovered", 1)
            else:
                self.count("defwatch/articles_already_known", 1)
        self.count("defwatch/sources_recorded", len(polls))
        self.count("defwatch/store_batches", 1)


class StoragePipeline:
    def __init__(self, crawler: Crawler):
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.db = open_db(crawler.settings.get("DEFWATCH_DB"))
        self.writer = PollWriter(self.db, self.stats.inc_value)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem) and _empty(item):
            raise DropItem(f"empty article at {item.url}: no page text, summary or title")
        if isinstance(item, PollOutcome | ArticleItem):
            self.writer.add(item)
        return item

    def close_spider(self) -> None:
        try:
            self.writer.flush()
        finally:
            self.db.close()


def _empty(item: ArticleItem) -> bool:
    """Nothing to judge or to tell copies apart by (the spiders count these before they get here)."""
    return not (item.text or item.summary or item.title)


def _new_article(item: ArticleItem) -> NewArticle:
    return NewArticle(
        url=item.url,
        title=item.title,
        text=item.text,
        outlet=item.outlet,
        authors=item.authors,
        published_at=item.published_at,
        language=item.language,
        summary=item.summary,
        feed_id=item.feed_id,
        page_status=item.page_status,
        other_urls=tuple(item.other_urls),
    )
