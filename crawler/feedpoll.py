"""Poll due RSS, Atom and JSON feeds over asyncio: conditional GET, parse, store new entries.

Why not through Scrapy's downloader: a poll is one small request per source, and Scrapy's
per-request machinery (scheduler, middlewares, throttle slots) cost about 2 ms each, most of
a warm cycle over a thousand feeds (benchmarks/poll.py); aiohttp costs a fraction of that.
The same rules hold here as in the spiders: the destination policy after DNS resolution and
at every redirect (the connection is made to the address that was checked), robots.txt (the
shared day-long cache), one identifying User-Agent, per-site concurrency with a delay that
follows the site's response time, and caps on size (after decompression) and time.

New entries are stored at once, summary-only, in the same transaction as their feed's new
state (so a crash never marks a feed seen with entries missing); with pages on they are
marked pending and the articles spider fetches them next. They are stored unplaced
(storage.articles add_articles(cluster=False)): placing among near-duplicates happens
before judging.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
import protego
from aiohttp.abc import AbstractResolver, ResolveResult

from crawler import polling
from crawler.destinations import DestinationPolicy, IpAddress, resolve
from crawler.entries import UnreadableFeed, claim_new, entry_item, read_entries
from crawler.items import ArticleItem, PollOutcome
from crawler.pipelines import PollWriter
from crawler.robots import RobotsCache
from storage.articles import PAGE_PENDING, PAGE_SUMMARY_ONLY
from storage.db import open_db
from storage.feeds import Feed, get_due_feeds, record_poll_error

log = logging.getLogger(__name__)

REDIRECTS = (301, 302, 303, 307, 308)
# AutoThrottle's aim: on average this many requests in flight per site.
TARGET_CONCURRENCY = 2.0
MAX_SITE_DELAY_S = 30.0


@dataclass(frozen=True)
class FetchOptions:
    """What a poll needs to know from the settings (feeds.yml and the command line)."""

    db_path: str
    user_agent: str
    timeout_s: float
    max_bytes: int
    per_site: int
    allow_private: tuple[str, ...] = ()
    proxy: str | None = None
    jitter: float = 0.1
    max_backoff_s: float = 86400
    robots_cache: str = ""
    start_delay_s: float = 0.5
    obey_robots: bool = True
    concurrency: int = 64
    max_redirects: int = 5

    @classmethod
    def from_settings(cls, settings: Any) -> FetchOptions:
        """From Scrapy settings, so `scrapy crawl feeds` and `defwatch poll` agree."""
        return cls(
            db_path=str(settings.get("DEFWATCH_DB")),
            user_agent=str(settings.get("USER_AGENT")),
            timeout_s=settings.getfloat("DOWNLOAD_TIMEOUT"),
            max_bytes=settings.getint("DOWNLOAD_MAXSIZE"),
            per_site=max(settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), 1),
            allow_private=tuple(settings.getlist("DEFWATCH_ALLOW_PRIVATE")),
            proxy=settings.get("DEFWATCH_PROXY") or None,
            jitter=settings.getfloat("DEFWATCH_JITTER", 0.1),
            max_backoff_s=settings.getfloat("DEFWATCH_MAX_BACKOFF_S", 86400),
            robots_cache=settings.get("DEFWATCH_ROBOTS_CACHE") or "",
            obey_robots=settings.getbool("ROBOTSTXT_OBEY"),
            max_redirects=settings.getint("REDIRECT_MAX_TIMES", 5),
            start_delay_s=settings.getfloat("AUTOTHROTTLE_START_DELAY", 0.5),
        )


@dataclass
class Fetched:
    """A response read in full (within the caps), or why there is none."""

    url: str
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    moved_to: str | None = None  # where the resource lives now, if every redirect was permanent
    error: str | None = None


@dataclass
class PollSummary:
    sources_polled: int = 0
    sources_failed: int = 0
    new_entries: int = 0
    stats: dict[str, int] = field(default_factory=dict)

    def inc(self, key: str, count: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + count


class TooLarge(Exception):
    pass


class _CheckedResolver(AbstractResolver):
    """Connections resolve through the same (cached) lookup the destination check used, so a
    name that changes its answer between the check and the connection still connects to the
    address that was vetted."""

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
                      ) -> list[ResolveResult]:
        addresses = await _lookup_in_thread(host)
        return [
            ResolveResult(
                hostname=host, host=str(address), port=port,
                family=socket.AF_INET6 if address.version == 6 else socket.AF_INET,
                proto=0, flags=socket.AI_NUMERICHOST,
            )
            for address in addresses
        ]

    async def close(self) -> None:
        return None


async def _lookup_in_thread(host: str) -> tuple[IpAddress, ...]:
    """getaddrinfo blocks: in a thread, so one slow name server does not stall every poll."""
    return await asyncio.get_running_loop().run_in_executor(None, resolve, host)


class _Site:
    """Politeness per site, as Scrapy's AutoThrottle does it: at most `per_site` requests at
    once, each start spaced from the last by a delay that begins at `start_delay` and follows
    the site's response time (latency / target concurrency)."""

    def __init__(self, per_site: int, start_delay: float):
        self.slots = asyncio.Semaphore(per_site)
        self.delay = start_delay
        self.last_start = -1e9
        self.turns = asyncio.Lock()

    async def wait_turn(self) -> None:
        """Starts one at a time, each `delay` after the last, the delay read when it is due (a
        delay that grew and shrank again holds up nobody in the meantime)."""
        async with self.turns:
            while (pause := self.last_start + self.delay - time.monotonic()) > 0:
                await asyncio.sleep(pause)
            self.last_start = time.monotonic()

    def answered(self, latency: float, ok: bool) -> None:
        target = latency / TARGET_CONCURRENCY
        delay = min(max(target, (self.delay + target) / 2), MAX_SITE_DELAY_S)
        if ok or delay > self.delay:  # an error answer never makes us faster
            self.delay = delay


class Fetcher:
    """HTTP for polls: safe destinations, robots.txt, per-site politeness, size and time caps."""

    def __init__(self, options: FetchOptions):
        self.options = options
        self.policy = DestinationPolicy(list(options.allow_private))
        self.robots = RobotsCache(options.robots_cache)
        self.robot_rules: dict[str, asyncio.Task[protego.Protego | None]] = {}
        self.sites: dict[str, _Site] = {}
        self.slots = asyncio.Semaphore(options.concurrency)
        self.refused = 0
        connector = aiohttp.TCPConnector(
            limit=options.concurrency, resolver=_CheckedResolver(), ttl_dns_cache=None, use_dns_cache=False,
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=aiohttp.ClientTimeout(total=options.timeout_s),
            trust_env=False,
        )

    async def close(self) -> None:
        await self.session.close()
        self.robots.save()

    async def get(self, url: str, headers: dict[str, str] | None = None, robots: bool = True) -> Fetched:
        """GET following redirects, each hop checked as the first was; within the caps.

        ``moved_to`` is set when every hop was a permanent redirect (301/308): the feed's
        stored URL follows it. Validators (ETag...) go to the first address only.
        """
        permanent, hops = True, 0
        while True:
            reason = await self._refusal(url)
            if reason is not None:
                self.refused += 1
                return Fetched(url, error=f"refused {url}: {reason}")
            if robots and self.options.obey_robots and not await self._robots_allow(url):
                return Fetched(url, error=f"forbidden by robots.txt: {url}")
            answer = await self._once(url, headers or {})
            location = answer.headers.get("location") if answer.status in REDIRECTS else None
            if answer.error is not None or not location:
                if hops and permanent and answer.error is None:
                    answer.moved_to = url
                return answer
            hops += 1
            if hops > self.options.max_redirects:
                return Fetched(url, error=f"more than {self.options.max_redirects} redirects")
            permanent = permanent and answer.status in (301, 308)
            url = urljoin(url, location)
            headers = {}

    async def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        netloc = urlsplit(url).netloc
        site = self.sites.get(netloc) or self.sites.setdefault(
            netloc, _Site(self.options.per_site, self.options.start_delay_s)
        )
        async with self.slots, site.slots:
            await site.wait_turn()
            started = time.monotonic()
            latency = None
            try:
                async with self.session.get(
                    url, headers=headers, allow_redirects=False, proxy=self.options.proxy
                ) as response:
                    latency = time.monotonic() - started  # to the headers, as AutoThrottle measures
                    body = b"" if response.status in REDIRECTS else await self._read_capped(response)
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    found = Fetched(url, response.status, headers, body)
            except TooLarge as exc:
                found = Fetched(url, error=str(exc))
            except TimeoutError:
                found = Fetched(
                    url, error=f"TimeoutError: no complete answer within {self.options.timeout_s:g}s"
                    " (crawler.download_timeout in feeds.yml)",
                )
            except (aiohttp.ClientError, OSError, ValueError) as exc:
                found = Fetched(url, error=f"{type(exc).__name__}: {exc}"[:500])
            if latency is not None:
                site.answered(latency, found.error is None and found.status < 400)
            return found

    async def _read_capped(self, response: aiohttp.ClientResponse) -> bytes:
        limit = self.options.max_bytes
        declared = response.content_length
        if limit and declared is not None and declared > limit:
            raise TooLarge(f"response of {declared} bytes is over the max size of {limit} bytes"
                           " (crawler.max_response_bytes in feeds.yml)")
        chunks, size = [], 0
        async for chunk in response.content.iter_chunked(65536):  # decompressed: the cap holds after
            size += len(chunk)
            if limit and size > limit:
                raise TooLarge(f"response over the max size of {limit} bytes once decompressed"
                               " (crawler.max_response_bytes in feeds.yml)")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _refusal(self, url: str) -> str | None:
        reason, _ = await self.policy.checked(url, _lookup_in_thread)
        return reason

    async def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        task = self.robot_rules.get(parts.netloc)
        if task is None:
            task = asyncio.ensure_future(self._robot_rules(parts.scheme, parts.netloc))
            self.robot_rules[parts.netloc] = task
        rules = await task
        return rules is None or rules.can_fetch(url, self.options.user_agent)

    async def _robot_rules(self, scheme: str, netloc: str) -> protego.Protego | None:
        """A site's rules, from the cache or fetched once per cycle; None: no rules known (fetch
        failed or 5xx, not kept; as Scrapy's middleware does, the request goes ahead)."""
        body = self.robots.body(netloc)
        if body is None:
            answer = await self.get(f"{scheme}://{netloc}/robots.txt", robots=False)
            if answer.error is not None or answer.status >= 500:
                return None
            self.robots.remember(netloc, answer.status, answer.body)
            body = self.robots.body(netloc) or ""
        return protego.Protego.parse(body)


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
                item.page_status, item.text = (PAGE_PENDING if self.fetch_pages else PAGE_SUMMARY_ONLY), ""
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
        now = datetime.now(UTC)
        status = answer.status if answer is not None else None
        retry_after = None
        if answer is not None and status in (429, 503):
            retry_after = polling.retry_after_seconds(answer.headers.get("retry-after"), now)
        try:
            record_poll_error(
                self.db, feed.id, error,
                next_poll_at=polling.after_error_at(
                    now, feed.interval_s, feed.consecutive_errors, self.options.max_backoff_s, retry_after
                ),
                disable=status == 410,
            )
        except Exception as exc:
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
        self.summary.inc("defwatch/store_failed")
        log.error("event=store_failed error=%r fix=%r", f"{type(exc).__name__}: {exc}",
                  "check the database path and disk space; another process may hold the write lock")


def poll_feeds(
    options: FetchOptions, names: list[str] | None = None, fetch_pages: bool = True,
    on_source: OnSource | None = None,
) -> PollSummary:
    """Poll the due feeds (all of them, or those named) once; blocks until done."""
    return asyncio.run(FeedPoller(options, fetch_pages, on_source).run(names))
