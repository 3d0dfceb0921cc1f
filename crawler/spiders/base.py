"""What every defwatch spider shares: the database, recording a source's poll, fetching articles.

Spiders only store: judging articles is the `alerts` package's job, done from the
durable queue of unjudged articles, so a crash between the two loses nothing.

A source's successful poll is handed to the pipeline as a PollOutcome carrying its new
articles, and only once every new entry's page has been fetched or has failed: the
articles and the feed's new state (ETag, body hash, next poll) are then committed
together. Errors are recorded at once (nothing else waits on them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from crawler import polling
from crawler.destinations import DestinationPolicy
from crawler.entries import claim_new
from crawler.extract import extract_page
from crawler.items import ArticleItem, PollOutcome
from storage.db import open_db
from storage.feeds import Feed, record_poll_error

# Sent after each source is polled, for progress bars: kwargs feed=Feed, ok=bool, new=int.
source_polled = object()

# Statuses the poll callbacks handle themselves (the rest arrive at the errback as HttpError).
# 301/302/303/307/308 are not here: the redirect middleware follows them.
HANDLED_STATUSES = [304, 400, 401, 402, 403, 404, 405, 406, 408, 409, 410, 418, 429, 451,
                    500, 501, 502, 503, 504, 520, 521, 522, 523, 524]

# URLs claimed by a source in this crawl, per spider: a story in two feeds polled in the same
# cycle is fetched and stored once. Not shared between spiders: a listing link (no title, no
# summary) that fails would otherwise shut out a feed's entry for the same page, which has a
# summary to keep; across spiders, storage's own dedupe (by canonical URL) keeps one copy.
_CLAIMED: dict[tuple[str, str], set[str]] = {}


@dataclass
class _Awaiting:
    """A polled source whose new entries' pages are still being fetched."""

    outcome: PollOutcome
    remaining: int


class DefwatchSpider(scrapy.Spider):
    """Base class; has no name, so `scrapy list` does not show it."""

    # Set in from_crawler, where the crawler's settings are known.
    db: Any
    claimed: set[str]
    policy: DestinationPolicy
    jitter: float
    max_backoff_s: float

    def __init__(self, *args: Any, feeds: str | None = None, fetch_pages: str = "1", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.only = [f.strip() for f in feeds.split(",") if f.strip()] if feeds else None
        self.fetch_pages = str(fetch_pages).lower() not in ("0", "false", "no", "off")
        self.awaiting: dict[int, _Awaiting] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DefwatchSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        db_path = crawler.settings.get("DEFWATCH_DB")
        spider.db = open_db(db_path)
        spider.claimed = _CLAIMED.setdefault((str(db_path), spider.name), set())
        spider.policy = DestinationPolicy(list(crawler.settings.getlist("DEFWATCH_ALLOW_PRIVATE")))
        spider.jitter = crawler.settings.getfloat("DEFWATCH_JITTER", 0.1)
        spider.max_backoff_s = crawler.settings.getfloat("DEFWATCH_MAX_BACKOFF_S", 86400)
        return spider

    @property
    def stats(self) -> StatsCollector:
        stats = self.crawler.stats
        assert stats is not None  # set when the crawl starts, before any callback runs
        return stats

    def closed(self, reason: str) -> None:
        if self.awaiting:
            # Not recorded: these sources are polled again next cycle and their missing entries found.
            self.logger.warning(
                "event=polls_unfinished count=%d reason=%s sources=%s",
                len(self.awaiting), reason, ",".join(a.outcome.feed_name for a in self.awaiting.values()),
            )
        self.db.close()

    # -- polling a source --------------------------------------------------------------------

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
            meta={"handle_httpstatus_list": HANDLED_STATUSES, "dont_retry": True},
            dont_filter=True,
            priority=10,
        )

    def early_result(self, feed: Feed, response: Response) -> tuple[list[PollOutcome] | None, str]:
        """Answers that need no parsing: (outcomes to yield, body hash); None: go on and parse.

        304 Not Modified and a body identical to last time's (servers without conditional
        GET) cost no parsing; an error status is recorded on the feed.
        """
        if response.status == 304:
            self.stats.inc_value("defwatch/not_modified")
            return [self.outcome(feed, response, [], None)], ""
        problem = polling.status_problem(response.status)
        if problem is not None:
            self.poll_errored(feed, problem, response)
            return [], ""
        digest = hashlib.sha256(response.body).hexdigest()
        if feed.body_hash == digest:
            self.stats.inc_value("defwatch/unchanged_body")
            return [self.outcome(feed, response, [], digest)], digest
        return None, digest

    def outcome(
        self, feed: Feed, response: Response, articles: list[ArticleItem], body_hash: str | None,
        warning: str | None = None,
    ) -> PollOutcome:
        """The feed's state after a successful poll (not yet stored: the pipeline does that)."""
        moved_to = _permanent_redirect_target(response)
        if moved_to:
            self.logger.info("event=feed_moved feed=%s url=%s", feed.name, moved_to)
            self.stats.inc_value("defwatch/feeds_moved")
        self._signal(feed, ok=True, new=len(articles))
        return PollOutcome(
            feed_id=feed.id,
            feed_name=feed.name,
            next_poll_at=polling.next_poll_at(datetime.now(UTC), feed.interval_s, self.jitter),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            body_hash=body_hash,
            moved_to=moved_to,
            warning=warning,
            new_entries=len(articles),
        )

    def poll_errored(self, feed: Feed, error: str, response: Response | None = None) -> None:
        status = response.status if response is not None else None
        retry_after = response.headers.get(b"Retry-After") if response is not None else None
        next_poll = polling.after_failed_poll_at(
            datetime.now(UTC), feed.interval_s, feed.consecutive_errors, self.max_backoff_s, status,
            retry_after,
        )
        record_poll_error(self.db, feed.id, error, next_poll_at=next_poll, disable=status == 410)
        self.stats.inc_value("defwatch/sources_failed")
        self.logger.warning("event=poll_failed feed=%s error=%r", feed.name, error)
        self._signal(feed, ok=False, new=0)

    def poll_failed(self, failure: Failure) -> None:
        feed: Feed = failure.request.cb_kwargs["feed"]  # type: ignore[attr-defined]
        self.poll_errored(feed, failure_text(failure))

    def _signal(self, feed: Feed, ok: bool, new: int) -> None:
        self.crawler.signals.send_catch_log(signal=source_polled, feed=feed, ok=ok, new=new)

    # -- new entries ---------------------------------------------------------------------------

    def claim_new(self, items: Iterable[ArticleItem]) -> tuple[list[ArticleItem], dict[str, int]]:
        new, counts = claim_new(self.db, self.policy, self.claimed, items)
        if counts["refused"]:
            self.stats.inc_value("defwatch/refused_destination", counts["refused"])
        return new, counts

    def deliver(
        self, feed: Feed, response: Response, new: list[ArticleItem], body_hash: str,
        warning: str | None = None, fetch_pages: bool | None = None,
    ) -> Iterator[Any]:
        """Hand a polled source's new entries on: with pages, one request each and the outcome
        after the last of them; without, the outcome carrying them as summary-only articles."""
        outcome = self.outcome(feed, response, new, body_hash, warning)
        self.stats.inc_value("defwatch/new_entries", len(new))
        if fetch_pages is None:
            fetch_pages = self.fetch_pages
        if not new or not fetch_pages:
            for item in new:
                item.page_status, item.text = "summary_only", ""
            outcome.articles = new
            yield outcome
            return
        self.awaiting[feed.id] = _Awaiting(outcome, len(new))
        for item in new:
            yield self.article_request(item)

    # -- fetching article pages ----------------------------------------------------------------

    def article_request(self, item: ArticleItem) -> scrapy.Request:
        return scrapy.Request(
            item.url,
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"item": item},
            dont_filter=True,  # claim_new dedupes; a filtered request would never call back
        )

    def parse_article(self, response: Response, item: ArticleItem) -> Iterator[Any]:
        yield from self.page_finished(self.page_item(response, item))

    def page_item(self, response: Response, item: ArticleItem) -> ArticleItem:
        """The article with its page's text and metadata, or summary-only saying why not."""
        if not isinstance(response, TextResponse):
            return self.summary_only(item, f"not a text page ({_header(response, b'Content-Type')})")
        try:
            page = extract_page(response.text, response.url)
        except Exception as exc:  # the extractor on hostile HTML: keep the summary, say why
            return self.summary_only(item, f"extractor failed: {type(exc).__name__}: {exc}")
        if page is None:
            return self.summary_only(item, "no article text found on the page")
        item.text = page.text
        item.title = item.title or page.title
        item.authors = page.authors or item.authors
        item.published_at = item.published_at or page.published_at
        item.language = page.language or item.language
        item.page_status = "fetched"
        if response.url != item.url:
            item.other_urls.append(response.url)
        self.stats.inc_value("defwatch/page_fetched")
        return item

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        item: ArticleItem = failure.request.cb_kwargs["item"]  # type: ignore[attr-defined]
        yield from self.page_finished(self.summary_only(item, failure_text(failure)))

    def page_finished(self, item: ArticleItem) -> Iterator[Any]:
        """The page of a source's new entry is done: collect it; after the last, the outcome."""
        waiting = self.awaiting.get(item.feed_id) if item.feed_id is not None else None
        if waiting is None:
            yield item
            return
        waiting.outcome.articles.append(item)
        waiting.remaining -= 1
        if waiting.remaining <= 0:
            del self.awaiting[waiting.outcome.feed_id]
            yield waiting.outcome

    def summary_only(self, item: ArticleItem, reason: str) -> ArticleItem:
        self.stats.inc_value("defwatch/page_failed")
        self.logger.info("event=page_failed url=%s reason=%r", item.url, reason)
        item.page_status = "summary_only"
        item.text = ""
        return item


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _permanent_redirect_target(response: Response) -> str | None:
    """Where a feed now lives, if every hop that brought us here was permanent (301 or 308)."""
    reasons = response.request.meta.get("redirect_reasons") if response.request else None
    if reasons and all(r in (301, 308) for r in reasons):
        return response.url
    return None


def failure_text(failure: Failure) -> str:
    """A reason a person can act on, from whatever failed (HTTP status, timeout, refusal...)."""
    value = failure.value
    response = getattr(value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    text = str(value).strip() or repr(value)
    return f"{type(value).__name__}: {text}"[:500]
