"""Store every article item; storage dedupes by URL and clusters copies of one story."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from storage.articles import NewArticle, add_article
from storage.db import open_db


class StoragePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.db = open_db(crawler.settings.get("DEFWATCH_DB"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if not (item.text or item.summary or item.title):
            raise DropItem(f"empty article at {item.url}: no page text, summary or title")
        result = add_article(
            self.db,
            NewArticle(
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
            ),
        )
        stats = self.crawler.stats
        assert stats is not None
        if result.created:
            stats.inc_value("defwatch/articles_stored")
            if result.duplicate_of is not None:
                stats.inc_value("defwatch/articles_clustered")
        elif result.updated:
            stats.inc_value("defwatch/articles_page_recovered")
        else:
            stats.inc_value("defwatch/articles_already_known")
        return item

    def close_spider(self) -> None:
        self.db.close()
