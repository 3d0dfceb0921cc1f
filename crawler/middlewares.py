"""Links in feeds are untrusted: refuse destinations inside our own network.

Checked on every request Scrapy downloads, including each redirect hop (the redirect
middleware sends the new request through the whole chain again) and robots.txt, after
DNS resolution, so a public name pointing at 127.0.0.1 or 169.254.169.254 is refused
too, before any connection is made. The addresses that passed the check are then put in
Scrapy's DNS cache, which is what the connection itself resolves through, so a name that
changes its answer between the check and the connection (DNS rebinding) still connects
to the vetted address.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.resolver import dnscache
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import build_from_crawler
from twisted.internet import threads

from crawler.destinations import DestinationPolicy, IpAddress, resolve
from crawler.robots import RobotsCache

_PINNING_RESOLVER = "scrapy.resolver.CachingThreadedResolver"


class SafeDestinationMiddleware:
    """Downloader middleware (priority 50: before robots.txt, redirects and the download)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.policy = DestinationPolicy(list(crawler.settings.getlist("DEFWATCH_ALLOW_PRIVATE")))
        self.proxy = crawler.settings.get("DEFWATCH_PROXY") or None
        self.pin = (
            not self.proxy
            and crawler.settings.getbool("DNSCACHE_ENABLED")
            and crawler.settings.get("TWISTED_DNS_RESOLVER") == _PINNING_RESOLVER
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeDestinationMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        reason = await self._refusal(request.url)
        if reason is not None:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("defwatch/refused_destination")
            raise IgnoreRequest(f"refused {request.url}: {reason}")
        if self.proxy and "proxy" not in request.meta:
            request.meta["proxy"] = self.proxy

    async def _refusal(self, url: str) -> str | None:
        reason, addresses = await self.policy.checked(url, _lookup_in_thread)
        if reason is None and self.pin and addresses:
            ipv4 = [str(a) for a in addresses if a.version == 4]
            if ipv4:
                host = self.policy.host_of(url)[0] or ""
                dnscache[host] = ipv4[0]  # the connection resolves through this cache: pinned
        return reason



class CachedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, remembering each site's answer for a day across cycles
    (crawler.robots: the file DEFWATCH_ROBOTS_CACHE names, off when empty), read when the spider
    opens and merged back when it closes."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.cache = RobotsCache(crawler.settings.get("DEFWATCH_ROBOTS_CACHE") or "")
        crawler.signals.connect(self.cache.save, signal=signals.spider_closed)

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlsplit(request.url).netloc
        body = self.cache.body(netloc) if netloc not in self._parsers else None
        if body is not None:
            self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body.encode("utf-8"))
            self._stats.inc_value("robotstxt/cache_hit")
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        await super()._parse_robots(response, netloc, request)
        self.cache.remember(netloc, response.status, response.body)


async def _lookup_in_thread(host: str) -> tuple[IpAddress, ...]:
    """getaddrinfo blocks: in a thread, so one slow name server does not stall every download."""
    addresses: tuple[IpAddress, ...] = await maybe_deferred_to_future(threads.deferToThread(resolve, host))
    return addresses
