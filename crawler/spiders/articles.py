"""Retry the pages of articles stored from a feed summary because their page failed.

A page that failed usually fails for a while (an outage, a block), so each article waits
one interval of its source, then two, four, eight... (crawler.polling.page_retry_due),
at most MAX_ATTEMPTS tries; meanwhile it stays stored and judged on its feed summary.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import ArticleItem
from crawler.polling import page_retry_due
from crawler.spiders.base import DefwatchSpider
from storage.articles import get_articles_needing_page, record_page_attempt
from storage.feeds import list_feeds

MAX_ATTEMPTS = 5
PER_CYCLE = 100
DEFAULT_INTERVAL_S = 1800


class ArticlesSpider(DefwatchSpider):
    """`scrapy crawl articles`: pages that failed before get another try (off with fetch_pages=0)."""

    name = "articles"

    async def start(self) -> AsyncIterator[Any]:
        if not self.fetch_pages:
            return
        intervals = {f.id: f.interval_s for f in list_feeds(self.db)}
        now = datetime.now(UTC)
        sent = 0
        for article in get_articles_needing_page(self.db, max_attempts=MAX_ATTEMPTS, limit=10 * PER_CYCLE):
            interval = intervals.get(article.feed_id or -1, DEFAULT_INTERVAL_S)
            if not page_retry_due(article.fetched_at, article.page_attempts, interval, now):
                continue
            record_page_attempt(self.db, article.id)
            self.stats.inc_value("defwatch/page_retried")
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
            sent += 1
            if sent >= PER_CYCLE:
                return

    def parse_article(self, response: Response, item: ArticleItem) -> Iterator[Any]:
        result = self.page_item(response, item)
        if result.page_status == "fetched":
            yield result  # storage replaces the summary with the page and queues it for judgement again

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        self.logger.info(
            "event=page_retry_failed url=%s reason=%r",
            failure.request.url, str(failure.value)[:200],  # type: ignore[attr-defined]
        )
        return iter(())
