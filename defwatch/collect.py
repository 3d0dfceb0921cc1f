"""Run one collection cycle in this process: the three spiders, then judgement.

Twisted's reactor cannot be restarted, so a process runs at most one cycle; the
daemon starts a fresh `defwatch poll` process for every cycle (see daemon.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from crawler.spiders.articles import ArticlesSpider
from crawler.spiders.base import source_polled
from crawler.spiders.feeds import FeedsSpider
from crawler.spiders.sites import SitesSpider
from alerts.judge import judge_pending
from defwatch.config import Config

log = logging.getLogger(__name__)


@dataclass
class CrawlSummary:
    sources_polled: int = 0
    sources_failed: int = 0
    new_entries: int = 0
    stats: dict[str, Any] = field(default_factory=dict)


def scrapy_settings(config: Config, db_path: str, proxy: str | None = None, log_level: str = "WARNING") -> Settings:
    """Project settings plus what feeds.yml and the command line decide."""
    settings = get_project_settings()
    crawler = config.crawler
    settings.setdict(
        {
            "DEFWATCH_DB": db_path,
            "DEFWATCH_CONTACT": crawler.contact,
            "USER_AGENT": f"defwatch/0.1 (+{crawler.contact}; news monitor for research)",
            "DOWNLOAD_MAXSIZE": crawler.max_response_bytes,
            "DOWNLOAD_WARNSIZE": min(crawler.max_response_bytes, settings.getint("DOWNLOAD_WARNSIZE")),
            "DOWNLOAD_TIMEOUT": crawler.download_timeout,
            "CONCURRENT_REQUESTS_PER_DOMAIN": crawler.per_domain_concurrency,
            "DEFWATCH_ALLOW_PRIVATE": crawler.allow_private,
            "DEFWATCH_PROXY": proxy or "",
            "DEFWATCH_JITTER": config.schedule.jitter,
            "LOG_LEVEL": log_level,
        },
        priority="cmdline",
    )
    return settings


def run_crawl(
    settings: Settings,
    feeds: list[str] | None = None,
    fetch_pages: bool = True,
    on_source: Callable[[str, bool, int], None] | None = None,
) -> CrawlSummary:
    """Poll due sources and fetch new pages; blocks until the crawl ends."""
    summary = CrawlSummary()
    process = CrawlerProcess(settings, install_root_handler=False)
    spider_args = {"feeds": ",".join(feeds) if feeds else None, "fetch_pages": "1" if fetch_pages else "0"}

    def polled(feed: Any, ok: bool, new: int) -> None:
        summary.sources_polled += 1
        summary.sources_failed += 0 if ok else 1
        summary.new_entries += new
        if on_source is not None:
            on_source(feed.name, ok, new)

    crawlers = []
    for spider in (FeedsSpider, SitesSpider, ArticlesSpider):
        crawler = process.create_crawler(spider)
        crawler.signals.connect(polled, signal=source_polled)
        crawlers.append(crawler)
        process.crawl(crawler, **spider_args)
    process.start()
    for crawler in crawlers:
        if crawler.stats is not None:
            for key, value in crawler.stats.get_stats().items():
                if key.startswith("defwatch/") or key in ("item_scraped_count", "log_count/ERROR"):
                    summary.stats[key] = summary.stats.get(key, 0) + value
    return summary


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
    settings = scrapy_settings(config, db_path, proxy=proxy, log_level=log_level)
    crawl = run_crawl(settings, feeds=feeds or None, fetch_pages=fetch_pages, on_source=on_source)
    judged = judge_pending(db, config.watch)
    return {
        "sources_polled": crawl.sources_polled,
        "sources_failed": crawl.sources_failed,
        "new_entries": crawl.new_entries,
        "articles_stored": crawl.stats.get("defwatch/articles_stored", 0),
        "duplicates_linked": crawl.stats.get("defwatch/articles_clustered", 0),
        "pages_failed": crawl.stats.get("defwatch/page_failed", 0),
        "refused_destinations": crawl.stats.get("defwatch/refused_destination", 0),
        "articles_judged": judged.judged,
        "alerts_raised": judged.alerts_raised,
        "copies_attached_to_alerts": judged.attached_to_existing,
        "aggregate_reports": judged.aggregate,
    }
