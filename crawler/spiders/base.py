"""What every defwatch spider shares: the database, recording a source's poll, fetching articles.

Spiders only store: judging articles is the `alerts` package's job, done from the
durable queue of unjudged articles, so a crash between the two loses nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler import polling
from crawler.extract import extract_page
from crawler.items import ArticleItem
from storage.db import open_db
from storage.feeds import Feed, record_feed_warning, record_poll_error, record_poll_ok

# Sent after each source is polled, for progress bars: kwargs feed=Feed, ok=bool, new=int.
source_polled = object()

# Statuses the poll callbacks handle themselves (the rest arrive at the errback as HttpError).
HANDLED_STATUSES = [304, 400, 401, 403, 404, 405, 406, 408, 410, 429, 451, 500, 502, 503, 504]


class DefwatchSpider(scrapy.Spider):
    """Base class; has no name, so `scrapy list` does not show it."""

    def __init__(self, *args: Any, feeds: str | None = None, fetch_pages: str = "1", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.only = [f.strip() for f in feeds.split(",") if f.strip()] if feeds else None
        self.fetch_pages = str(fetch_pages).lower() not in ("0", "false", "no", "off")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DefwatchSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.db = open_db(crawler.settings.get("DEFWATCH_DB"))
        spider.jitter = crawler.settings.getfloat("DEFWATCH_JITTER", 0.1)
        spider.max_backoff_s = crawler.settings.getfloat("DEFWATCH_MAX_BACKOFF_S", 86400)
        return spider

    def closed(self, reason: str) -> None:
        self.db.close()

    # -- recording a source's poll -------------------------------------------------------------

    def poll_request(self, feed: Feed, callback: Any) -> scrapy.Request:
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        return scrapy.Request(
            feed.url,
            callback=callback,
            errback=self.poll_failed,
            headers=headers,
            cb_kwargs={"feed": feed},
            meta={"handle_httpstatus_list": HANDLED_STATUSES, "dont_retry": True, "feed": feed},
            dont_filter=True,
            priority=10,
        )

    def poll_succeeded(self, feed: Feed, response: Response, new_entries: int, body_hash: str | None) -> None:
        now = datetime.now(UTC)
        moved_to = _permanent_redirect_target(response)
        record_poll_ok(
            self.db,
            feed.id,
            next_poll_at=polling.next_poll_at(now, feed.interval_s, self.jitter),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            body_hash=body_hash,
            new_entries=new_entries,
            url=moved_to,
        )
        if moved_to:
            self.logger.info("event=feed_moved feed=%s url=%s", feed.name, moved_to)
        self._signal(feed, ok=True, new=new_entries)

    def poll_errored(self, feed: Feed, error: str, response: Response | None = None) -> None:
        now = datetime.now(UTC)
        status = response.status if response is not None else None
        retry_after = None
        if response is not None and status in (429, 503):
            retry_after = polling.retry_after_seconds(response.headers.get(b"Retry-After"), now)
        record_poll_error(
            self.db,
            feed.id,
            error,
            next_poll_at=polling.after_error_at(
                now, feed.interval_s, feed.consecutive_errors, self.max_backoff_s, retry_after
            ),
            disable=status == 410,
        )
        self.logger.warning("event=poll_failed feed=%s error=%r", feed.name, error)
        self._signal(feed, ok=False, new=0)

    def poll_warning(self, feed: Feed, warning: str) -> None:
        record_feed_warning(self.db, feed.id, warning)
        self.logger.info("event=poll_warning feed=%s warning=%r", feed.name, warning)

    def poll_failed(self, failure: Failure) -> None:
        feed: Feed = failure.request.meta["feed"]  # type: ignore[attr-defined]
        self.poll_errored(feed, _failure_text(failure))

    def status_error(self, feed: Feed, response: Response) -> bool:
        """Handle non-200 answers of a poll; True when the response needs no parsing."""
        if response.status == 304:
            self.crawler.stats.inc_value("defwatch/not_modified")  # type: ignore[union-attr]
            self.poll_succeeded(feed, response, 0, None)
            return True
        if response.status >= 400:
            reason = f"HTTP {response.status}"
            if response.status == 410:
                reason += " Gone: the source was removed, so it is disabled; fix its URL in feeds.yml"
            self.poll_errored(feed, reason, response)
            return True
        return False

    def unchanged(self, feed: Feed, response: Response) -> tuple[bool, str]:
        """Same bytes as last time: nothing to parse (servers without ETag support)."""
        digest = hashlib.sha256(response.body).hexdigest()
        if feed.body_hash == digest:
            self.crawler.stats.inc_value("defwatch/unchanged_body")  # type: ignore[union-attr]
            self.poll_succeeded(feed, response, 0, digest)
            return True, digest
        return False, digest

    def _signal(self, feed: Feed, ok: bool, new: int) -> None:
        self.crawler.signals.send_catch_log(signal=source_polled, feed=feed, ok=ok, new=new)

    # -- fetching article pages ----------------------------------------------------------------

    def article_request(self, item: ArticleItem) -> scrapy.Request:
        return scrapy.Request(
            item.url,
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"item": item},
            meta={"item": item},
        )

    def parse_article(self, response: Response, item: ArticleItem) -> Iterator[ArticleItem]:
        page = extract_page(response.text, response.url) if isinstance(response, TextResponse) else None
        if page is None:
            yield self.summary_only(item, "no article text found on the page")
            return
        item.text = page.text
        item.title = item.title or page.title
        item.authors = page.authors or item.authors
        item.published_at = item.published_at or page.published_at
        item.language = page.language or item.language
        item.page_status = "fetched"
        if response.url != item.url:
            item.other_urls.append(response.url)
        yield item

    def article_failed(self, failure: Failure) -> Iterator[ArticleItem]:
        item: ArticleItem = failure.request.meta["item"]  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            # Refused on purpose (internal destination, robots.txt): store nothing from it.
            self.logger.info("event=entry_refused url=%s reason=%r", item.url, str(failure.value))
            return
        yield self.summary_only(item, _failure_text(failure))

    def summary_only(self, item: ArticleItem, reason: str) -> ArticleItem:
        self.crawler.stats.inc_value("defwatch/page_failed")  # type: ignore[union-attr]
        self.logger.info("event=page_failed url=%s reason=%r", item.url, reason)
        item.page_status = "summary_only"
        item.text = ""
        return item


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _permanent_redirect_target(response: Response) -> str | None:
    reasons = response.request.meta.get("redirect_reasons") if response.request else None
    if reasons and all(r in (301, 308) for r in reasons):
        return response.url
    return None


def _failure_text(failure: Failure) -> str:
    value = failure.value
    response = getattr(value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    return f"{type(value).__name__}: {value}"[:500]
