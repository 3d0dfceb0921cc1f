"""Poll due RSS, Atom and JSON feeds: conditional GET, parse, store new entries.

What FeedsSpider did per response, without Scrapy (the HTTP is crawler.fetcher's). New
entries are stored at once, summary-only, in the same transaction as their feed's new state
(so a crash never marks a feed seen with entries missing); with pages on they are marked
pending and the articles spider fetches them next. They are stored unplaced
(storage.articles add_articles(cluster=False)): placing among near-duplicates happens
before judging.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from crawler import polling
from crawler.destinations import DestinationPolicy
from crawler.entries import UnreadableFeed, claim_new, entry_item, read_entries
from crawler.fetcher import Fetched, Fetcher, FetchOptions
from crawler.items import ArticleItem, PollOutcome
from crawler.pipelines import PollWriter
from storage.articles import PAGE_PENDING, PAGE_SUMMARY_ONLY
from storage.db import open_db
from storage.feeds import Feed, get_due_feeds, record_poll_error

log = logging.getLogger(__name__)


@dataclass
class PollSummary:
    sources_polled: int = 0
    sources_failed: int = 0
    new_entries: int = 0
    stats: dict[str, int] = field(default_factory=dict)

    def inc(self, key: str, count: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + count


OnSource = Callable[[Feed, bool, int], None]


class FeedPoller:
    """One polling cycle over the due feeds: what FeedsSpider did per response, without Scrapy."""

    def __init__(self, options: FetchOptions, fetch_pages: bool, on_source: OnSource | None = None):
        self.options, self.fetch_pages, self.on_source = options, fetch_pages, on_source
        self.db = open_db(options.db_path)
        self.summary = PollSummary()
        self.writer = PollWriter(self.db, self.summary.inc, cluster=False)
        self.claimed: set[str] = set()
        self.policy = DestinationPolicy(list(options.allow_private))

    async def run(self, names: list[str] | None = None) -> PollSummary:
        fetcher = Fetcher(self.options)
        try:
            feeds = [f for f in get_due_feeds(self.db, names=names) if f.kind == "feed"]
            await asyncio.gather(*(self._poll(fetcher, feed) for feed in feeds))
            self._flush()
        finally:
            await fetcher.close()
            self.db.close()
        self.summary.inc("defwatch/refused_destination", fetcher.refused)
        return self.summary

    async def _poll(self, fetcher: Fetcher, feed: Feed) -> None:
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            answer = await fetcher.get(feed.url, headers)
            self._read(feed, answer)
        except Exception as exc:  # one feed's surprise must not end the cycle for the others
            log.exception("event=poll_crashed feed=%s", feed.name)
            self._failed(feed, f"internal error while polling: {type(exc).__name__}: {exc}"[:500])

    def _read(self, feed: Feed, answer: Fetched) -> None:
        """What FeedsSpider.parse_feed did: statuses, unchanged bodies, entries, new ones stored."""
        if answer.error is not None:
            self._failed(feed, answer.error)
            return
        if answer.status == 304:
            self.summary.inc("defwatch/not_modified")
            self._succeeded(feed, answer, [], None)
            return
        problem = polling.status_problem(answer.status)
        if problem is not None:
            self._failed(feed, problem, answer)
            return
        digest = hashlib.sha256(answer.body).hexdigest()
        if feed.body_hash == digest:
            self.summary.inc("defwatch/unchanged_body")
            self._succeeded(feed, answer, [], digest)
            return
        try:
            parsed = read_entries(answer.body, answer.url, answer.headers.get("content-type", ""))
        except UnreadableFeed as exc:
            self._failed(feed, f"not a readable feed: {exc}", answer)
            return
        items: list[ArticleItem] = []
        no_link = empty = 0
        for entry in parsed.entries:
            item = entry_item(entry, answer.url, feed)
            if item is None:
                no_link += 1
            elif not self.fetch_pages and not (item.title or item.summary):
                empty += 1  # without its page there is nothing to store but a link
            else:
                item.page_status = PAGE_PENDING if self.fetch_pages else PAGE_SUMMARY_ONLY
                items.append(item)
        new, counts = claim_new(self.db, self.policy, self.claimed, items)
        self.summary.inc("defwatch/entries_read", len(parsed.entries))
        self.summary.inc("defwatch/entries_without_link", no_link)
        self.summary.inc("defwatch/refused_destination", counts["refused"])
        warning = None
        if parsed.problem:
            self.summary.inc("defwatch/feeds_malformed")
            warning = f"malformed feed, entries still read: {parsed.problem}"
        log.info(
            "event=feed_read feed=%s format=%s entries=%d no_link=%d empty=%d repeated=%d known=%d"
            " refused=%d new=%d problem=%r",
            feed.name, parsed.version or "unknown", len(parsed.entries), no_link, empty, counts["repeated"],
            counts["known"], counts["refused"], len(new), parsed.problem,
        )
        self.summary.inc("defwatch/new_entries", len(new))
        self._succeeded(feed, answer, new, digest, warning)

    def _succeeded(
        self, feed: Feed, answer: Fetched, articles: list[ArticleItem], body_hash: str | None,
        warning: str | None = None,
    ) -> None:
        if answer.moved_to:
            log.info("event=feed_moved feed=%s url=%s", feed.name, answer.moved_to)
            self.summary.inc("defwatch/feeds_moved")
        outcome = PollOutcome(
            feed_id=feed.id, feed_name=feed.name,
            next_poll_at=polling.next_poll_at(datetime.now(UTC), feed.interval_s, self.options.jitter),
            etag=answer.headers.get("etag"), last_modified=answer.headers.get("last-modified"),
            body_hash=body_hash, moved_to=answer.moved_to, warning=warning, new_entries=len(articles),
            articles=articles,
        )
        try:
            self.writer.add(outcome)
        except Exception as exc:  # a locked or broken database: this batch's feeds are polled again
            self._store_failed(exc)
        self._done(feed, ok=True, new=len(articles))

    def _failed(self, feed: Feed, error: str, answer: Fetched | None = None) -> None:
        status = answer.status if answer is not None else None
        retry_after = answer.headers.get("retry-after") if answer is not None else None
        next_poll = polling.after_failed_poll_at(
            datetime.now(UTC), feed.interval_s, feed.consecutive_errors, self.options.max_backoff_s, status,
            retry_after,
        )
        try:
            record_poll_error(self.db, feed.id, error, next_poll_at=next_poll, disable=status == 410)
        except Exception as exc:
            self.summary.inc("defwatch/store_failed")
            self.summary.inc("defwatch/sources_not_recorded")
            self._store_failed(exc)
        self.summary.inc("defwatch/sources_failed")
        log.warning("event=poll_failed feed=%s error=%r", feed.name, error)
        self._done(feed, ok=False, new=0)

    def _done(self, feed: Feed, ok: bool, new: int) -> None:
        self.summary.sources_polled += 1
        self.summary.sources_failed += 0 if ok else 1
        self.summary.new_entries += new
        if self.on_source is not None:
            self.on_source(feed, ok, new)

    def _flush(self) -> None:
        try:
            self.writer.flush()
        except Exception as exc:
            self._store_failed(exc)

    def _store_failed(self, exc: Exception) -> None:
        """Nothing of the batch was committed (one transaction): its feeds keep their old state
        and are polled again next cycle, so no entry is lost."""
        log.error("event=store_failed error=%r fix=%r", f"{type(exc).__name__}: {exc}",
                  "check the database path and disk space; another process may hold the write lock")


def poll_feeds(
    options: FetchOptions, names: list[str] | None = None, fetch_pages: bool = True,
    on_source: OnSource | None = None,
) -> PollSummary:
    """Poll the due feeds (all of them, or those named) once; blocks until done."""
    return asyncio.run(FeedPoller(options, fetch_pages, on_source).run(names))
