"""Run one collection cycle in this process: the three spiders, then judgement.

Twisted's reactor cannot be restarted, so a process runs at most one cycle; the
daemon starts a fresh `defwatch poll` process for every cycle (see daemon.py).
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.feedpoll import PollSummary, poll_feeds
from crawler.fetcher import FetchOptions
from crawler.spiders.articles import ArticlesSpider, pages_due
from crawler.spiders.base import source_polled
from crawler.spiders.sites import SitesSpider
from defwatch.config import Config
from storage.db import open_db
from storage.feeds import get_due_feeds

log = logging.getLogger(__name__)


@dataclass
class CrawlSummary(PollSummary):
    """The poller's figures and the spiders', for the whole crawl."""

    seconds: float = 0.0


def user_agent(contact: str) -> str:
    """Who we are and how to reach us, in every request (robots.txt rules match the first word)."""
    return f"defwatch/0.1 (+{contact}; news monitor for research)"


def scrapy_settings(
    config: Config, db_path: str, proxy: str | None = None, log_level: str = "WARNING",
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Project settings plus what feeds.yml and the command line decide (and, for benchmarks
    and tests, explicit overrides)."""
    # crawler.settings by name, not get_project_settings(): that one looks for scrapy.cfg from the
    # current directory up, and run anywhere else (cron, a service's working directory) it
    # silently fell back to Scrapy's defaults: no destination checks, no robots.txt, no storage.
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    crawler = config.crawler
    settings.setdict(
        {
            "DEFWATCH_DB": db_path,
            "DEFWATCH_ROBOTS_CACHE": str(Path(db_path).resolve()) + ".robots.json",
            "DEFWATCH_CONTACT": crawler.contact,
            "USER_AGENT": user_agent(crawler.contact),
            "DOWNLOAD_MAXSIZE": crawler.max_response_bytes,
            "DOWNLOAD_WARNSIZE": min(crawler.max_response_bytes, settings.getint("DOWNLOAD_WARNSIZE")),
            "DOWNLOAD_TIMEOUT": crawler.download_timeout,
            "CONCURRENT_REQUESTS_PER_DOMAIN": crawler.per_domain_concurrency,
            "DEFWATCH_ALLOW_PRIVATE": crawler.allow_private,
            "DEFWATCH_PROXY": proxy or "",
            "DEFWATCH_JITTER": config.schedule.jitter,
            "LOG_LEVEL": log_level,
            **(overrides or {}),
        },
        priority="cmdline",
    )
    return settings


@contextmanager
def _signal_handlers_kept() -> Iterator[None]:
    """Put back the SIGINT/SIGTERM handlers Scrapy replaces for the crawl.

    Its handlers ask the (by then stopped) reactor to stop, so left in place they made every
    later Ctrl-C or SIGTERM of the process do nothing: the demo's review server could only be
    killed with SIGKILL, and `defwatch poll` ignored SIGTERM while judging.
    """
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in kept.items():
            if handler is not None:
                signal.signal(sig, handler)


def run_crawl(
    settings: Settings,
    feeds: list[str] | None = None,
    fetch_pages: bool = True,
    on_source: Callable[[str, bool, int], None] | None = None,
) -> CrawlSummary:
    """Poll due feeds, then crawl due sites and fetch pages; blocks until done (once per process).

    The feeds are polled by crawler.feedpoll, outside Scrapy; Scrapy starts afterwards only
    when it has work: a listing page or sitemap due, or article pages to fetch.
    """
    summary = CrawlSummary()
    started = time.monotonic()

    def polled(feed: Any, ok: bool, new: int) -> None:
        summary.sources_polled += 1
        summary.sources_failed += 0 if ok else 1
        summary.new_entries += new
        if on_source is not None:
            on_source(feed.name, ok, new)

    polls = poll_feeds(FetchOptions.from_settings(settings), feeds, fetch_pages, on_source=polled)
    summary.stats.update(polls.stats)
    if _scrapy_has_work(settings.get("DEFWATCH_DB"), feeds, fetch_pages):
        _run_spiders(settings, feeds, fetch_pages, polled, summary)
    summary.seconds = time.monotonic() - started
    log.info(
        "event=crawl_done seconds=%.2f sources=%d failed=%d new_entries=%d stored=%d",
        summary.seconds, summary.sources_polled, summary.sources_failed, summary.new_entries,
        summary.stats.get("defwatch/articles_stored", 0),
    )
    return summary


def _scrapy_has_work(db_path: str, feeds: list[str] | None, fetch_pages: bool) -> bool:
    db = open_db(db_path)
    try:
        if any(f.kind != "feed" for f in get_due_feeds(db, names=feeds)):
            return True
        return fetch_pages and bool(pages_due(db, datetime.now(UTC)))
    finally:
        db.close()


def _run_spiders(
    settings: Settings, feeds: list[str] | None, fetch_pages: bool, polled: Callable[[Any, bool, int], None],
    summary: CrawlSummary,
) -> None:
    """The sites spider (listing pages, sitemaps) and the articles spider (pages), in one reactor."""
    settings.set("LOG_INSTALL_ROOT_HANDLER", False)  # our key=value handler (defwatch.logs) serves
    process = CrawlerProcess(settings)
    spider_args = {"feeds": ",".join(feeds) if feeds else None, "fetch_pages": "1" if fetch_pages else "0"}
    crawlers = []
    for spider in (SitesSpider, ArticlesSpider):
        crawler = process.create_crawler(spider)
        crawler.signals.connect(polled, signal=source_polled)
        crawlers.append(crawler)
        process.crawl(crawler, **spider_args)
    with _signal_handlers_kept():
        process.start()
    for crawler in crawlers:
        if crawler.stats is not None:
            for key, value in crawler.stats.get_stats().items():
                if key.startswith("defwatch/") or key in ("item_scraped_count", "log_count/ERROR"):
                    summary.inc(key, value)


def collect_and_judge(
    config: Config,
    db: sqlite_utils.Database,
    db_path: str,
    feeds: list[str],
    fetch_pages: bool,
    proxy: str | None,
    log_level: str = "ERROR",
    on_source: Callable[[str, bool, int], None] | None = None,
) -> dict[str, Any]:
    """The whole cycle: crawl due sources, then judge the queue. Returns the figures to show."""
    from alerts.judge import judge_pending  # judgement is alerts' business; imported when needed

    settings = scrapy_settings(config, db_path, proxy=proxy, log_level=log_level)
    crawl = run_crawl(settings, feeds=feeds or None, fetch_pages=fetch_pages, on_source=on_source)
    started = time.monotonic()
    judged = judge_pending(db, config.watch)
    log.info("event=judge_done seconds=%.2f judged=%d alerts=%d", time.monotonic() - started,
             judged.judged, judged.alerts_raised)
    stats = crawl.stats
    return {
        "sources_polled": crawl.sources_polled,
        "sources_failed": crawl.sources_failed,
        "sources_unchanged": stats.get("defwatch/not_modified", 0) + stats.get("defwatch/unchanged_body", 0),
        "new_entries": crawl.new_entries,
        "articles_stored": stats.get("defwatch/articles_stored", 0),
        "duplicates_linked": stats.get("defwatch/articles_clustered", 0) + judged.linked,
        "pages_fetched": stats.get("defwatch/page_fetched", 0),
        "pages_failed": stats.get("defwatch/page_failed", 0),
        "pages_recovered": stats.get("defwatch/articles_page_recovered", 0),
        "refused_destinations": stats.get("defwatch/refused_destination", 0),
        "store_failures": stats.get("defwatch/store_failed", 0),
        "entries_not_stored": stats.get("defwatch/entries_not_stored", 0),
        "crawl_seconds": round(crawl.seconds, 2),
        "articles_judged": judged.judged,
        "alerts_raised": judged.alerts_raised,
        "copies_attached_to_alerts": judged.attached_to_existing,
        "aggregate_reports": judged.aggregate,
    }
