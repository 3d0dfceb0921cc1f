"""HTTP for feed polls over asyncio (aiohttp): safe destinations, robots.txt, per-site politeness,
caps on size and time.

Why not through Scrapy's downloader: a poll is one small request per source, and Scrapy's
per-request machinery (scheduler, middlewares, throttle slots) cost about 2 ms each, most of
a warm cycle over a thousand feeds (benchmarks/poll.py); aiohttp costs a fraction of that.
The same rules hold as in the spiders: the destination policy after DNS resolution and at
every redirect (the connection is made to the address that was checked), robots.txt (the
shared day-long cache), one identifying User-Agent, per-site concurrency with AutoThrottle's
delay rule, and caps on size (after decompression) and time.
"""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
import protego
from aiohttp.abc import AbstractResolver, ResolveResult

from crawler.destinations import DestinationPolicy, IpAddress, resolve
from crawler.robots import RobotsCache

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
                    received = {k.lower(): v for k, v in response.headers.items()}
                    found = Fetched(url, response.status, received, body)
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
