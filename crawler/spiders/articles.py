"""Retry the pages of articles stored from a feed summary because their page failed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import ArticleItem
from crawler.spiders.base import DefwatchSpider
from storage.articles import get_articles_needing_page, record_page_attempt


class ArticlesSpider(DefwatchSpider):
    """`scrapy crawl articles`: pages that failed before get another try (at most 5)."""

    name = "articles"

    async def start(self) -> AsyncIterator[Any]:
        for article in get_articles_needing_page(self.db):
            record_page_attempt(self.db, article.id)
            item = ArticleItem(
                url=article.url,
                title=article.title,
                summary=article.summary,
                outlet=article.outlet,
                published_at=article.published_at,
                language=article.language,
                feed_id=article.feed_id,
            )
            yield self.article_request(item)

    def parse_article(self, response: Response, item: ArticleItem) -> Iterator[ArticleItem]:
        for result in super().parse_article(response, item):
            if result.page_status == "fetched":
                yield result

    def article_failed(self, failure: Failure) -> Iterator[ArticleItem]:
        self.logger.info("event=page_retry_failed url=%s", failure.request.url)  # type: ignore[attr-defined]
        return iter(())
