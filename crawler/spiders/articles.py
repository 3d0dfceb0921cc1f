"""Fetch article pages: new feed entries' pages, and pages that failed before.

The feed poller (crawler.feedpoll) stores each new entry at once with its feed summary and
marks its page pending; this spider asks for every pending page. A page that fails leaves
the article summary-only (it is judged on its summary meanwhile); it usually fails for a
while (an outage, a block), so it waits one interval of its source, then two, four,
eight... (crawler.polling.page_retry_due), at most MAX_ATTEMPTS retries, PER_CYCLE a cycle.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import sqlite_utils
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import ArticleItem
from crawler.polling import page_retry_due
from crawler.spiders.base import DefwatchSpider, failure_text
from storage.articles import (
    PAGE_PENDING,
    Article,
    get_articles_needing_page,
    get_pending_pages,
    record_page_attempts,
)
from storage.feeds import list_feeds

MAX_ATTEMPTS = 5
PER_CYCLE = 100
DEFAULT_INTERVAL_S = 1800


def pages_due(db: sqlite_utils.Database, now: datetime) -> list[Article]:
    """Every pending page, then the failed ones due a retry (at most PER_CYCLE of those)."""
    intervals = {f.id: f.interval_s for f in list_feeds(db)}
    failed = get_articles_needing_page(db, max_attempts=MAX_ATTEMPTS, limit=10 * PER_CYCLE)
    retries = [
        article for article in failed
        if page_retry_due(article.fetched_at, article.page_attempts,
                          intervals.get(article.feed_id or -1, DEFAULT_INTERVAL_S), now)
    ]
    return get_pending_pages(db) + retries[:PER_CYCLE]


class ArticlesSpider(DefwatchSpider):
    """`scrapy crawl articles`: pending and failed pages (none with fetch_pages=0)."""

    name = "articles"

    async def start(self) -> AsyncIterator[Any]:
        if not self.fetch_pages:
            return
        due = pages_due(self.db, datetime.now(UTC))
        record_page_attempts(self.db, [article.id for article in due])
        self.stats.inc_value("defwatch/page_retried", sum(a.page_status != PAGE_PENDING for a in due))
        for article in due:
            yield self.article_request(
                ArticleItem(
                    url=article.url,
                    title=article.title,
                    summary=article.summary,
                    outlet=article.outlet,
                    published_at=article.published_at,
                    language=article.language,
                    feed_id=article.feed_id,
                )
            )

    def parse_article(self, response: Response, item: ArticleItem) -> Iterator[Any]:
        result = self.page_item(response, item)
        if result.page_status == "fetched":
            yield result  # storage replaces the summary with the page and queues it for judgement again

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        self.stats.inc_value("defwatch/page_failed")
        self.logger.info(
            "event=page_failed url=%s reason=%r",
            failure.request.url, failure_text(failure),  # type: ignore[attr-defined]
        )
        return iter(())
