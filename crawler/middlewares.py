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

import ipaddress
import json
import logging
import os
import socket
import tempfile
import time
from functools import lru_cache
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

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_PINNING_RESOLVER = "scrapy.resolver.CachingThreadedResolver"


def is_internal(address: IpAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return bool(
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


@lru_cache(maxsize=4096)
def resolve(host: str) -> tuple[IpAddress, ...]:
    try:
        return (ipaddress.ip_address(host),)
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return tuple(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos)


class DestinationPolicy:
    """Which hosts may be fetched: public addresses, plus what feeds.yml allow-lists."""

    def __init__(self, allow: list[str]):
        self.allowed_names = {a.lower().lstrip(".") for a in allow if "/" not in a and not _is_ip(a)}
        self.allowed_networks = [
            ipaddress.ip_network(a, strict=False) for a in allow if "/" in a or _is_ip(a)
        ]

    def name_allowed(self, host: str) -> bool:
        return any(host == name or host.endswith("." + name) for name in self.allowed_names)

    def host_of(self, url: str) -> tuple[str | None, str | None]:
        """(host, None) when the URL may be fetched as far as its text goes, else (None, reason)."""
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 (raises ValueError on a malformed port)
        except ValueError as exc:
            return None, f"malformed URL: {exc}"
        if parts.scheme not in ("http", "https"):
            return None, f"scheme {parts.scheme!r} is not fetched; only http and https"
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            return None, "no host in URL"
        return host, None

    def literal_refusal(self, url: str) -> str | None:
        """The check that needs no DNS: scheme, and hosts written as internal IP addresses.

        Spiders use it to leave such links out before storing anything; names are checked
        (resolved) when the request is made.
        """
        host, reason = self.host_of(url)
        if host is None:
            return reason
        if self.name_allowed(host) or not _is_ip(host):
            return None
        return self.address_refusal(host, (ipaddress.ip_address(host),))

    def address_refusal(self, host: str, addresses: tuple[IpAddress, ...]) -> str | None:
        for address in addresses:
            if is_internal(address) and not any(address in net for net in self.allowed_networks):
                return (
                    f"{host} resolves to {address}, a private, loopback, link-local or multicast address; "
                    "if this is intended, add it to crawler.allow_private in feeds.yml"
                )
        return None

    def refusal(self, url: str) -> str | None:
        """None if the URL may be fetched, else the reason it may not (resolves the host: blocking)."""
        host, reason = self.host_of(url)
        if host is None:
            return reason
        if self.name_allowed(host):
            return None
        try:
            addresses = resolve(host)
        except OSError as exc:
            return f"cannot resolve {host}: {exc}"
        return self.address_refusal(host, addresses)


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return False


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
        host, reason = self.policy.host_of(url)
        if host is None:
            return reason
        if self.policy.name_allowed(host):
            return None
        if _is_ip(host):
            return self.policy.address_refusal(host, (ipaddress.ip_address(host),))
        try:
            # getaddrinfo blocks: in a thread, so one slow name server does not stall every download.
            addresses = await maybe_deferred_to_future(threads.deferToThread(resolve, host))
        except OSError as exc:
            return f"cannot resolve {host}: {exc}"
        reason = self.policy.address_refusal(host, addresses)
        if reason is None and self.pin:
            ipv4 = [str(a) for a in addresses if a.version == 4]
            if ipv4:
                dnscache[host] = ipv4[0]  # the connection resolves through this cache: pinned
        return reason



class CachedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, remembering each site's answer for a day across cycles.

    Every cycle is a fresh process, so without this each cycle asks every site for its
    robots.txt again: with a thousand feeds as many requests as the polls themselves, each
    poll waiting behind its own (benchmarks/poll.py: 2,000 requests a warm cycle instead of
    1,000). RFC 9309 lets a crawler use a cached robots.txt for up to 24 hours. The cache is
    one JSON file beside the database (DEFWATCH_ROBOTS_CACHE; off when empty), read when the
    spider opens and merged back when it closes; server errors (5xx) are not kept.
    """

    TTL_S = 86400
    MAX_BODY = 500_000  # Google reads the first 500 KiB of a robots.txt

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.cache_path = crawler.settings.get("DEFWATCH_ROBOTS_CACHE") or ""
        self.cached = _read_robots_cache(self.cache_path, time.time() - self.TTL_S)
        self.fetched: dict[str, dict[str, Any]] = {}
        crawler.signals.connect(self._save, signal=signals.spider_closed)

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlsplit(request.url).netloc
        if netloc not in self._parsers and netloc in self.cached:
            body = str(self.cached[netloc]["body"]).encode("utf-8")
            self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
            self._stats.inc_value("robotstxt/cache_hit")
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        await super()._parse_robots(response, netloc, request)
        if response.status < 500:
            # 4xx: no robots.txt, no rules (RFC 9309 2.3.1.3); kept as an empty file.
            body = response.body[: self.MAX_BODY].decode("utf-8", "replace") if response.status < 300 else ""
            self.fetched[netloc] = {"at": time.time(), "body": body}

    def _save(self) -> None:
        if not self.cache_path or not self.fetched:
            return
        merged = _read_robots_cache(self.cache_path, time.time() - self.TTL_S)  # another cycle's too
        merged.update(self.fetched)
        folder = os.path.dirname(os.path.abspath(self.cache_path))
        try:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".robots-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(merged, out)
            os.replace(temporary, self.cache_path)
        except OSError as exc:  # a cache: losing it costs requests, not data
            logging.getLogger(__name__).warning("event=robots_cache_unwritable path=%s error=%r",
                                                self.cache_path, str(exc))


def _read_robots_cache(path: str, not_before: float) -> dict[str, dict[str, Any]]:
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as cache:
            data = json.load(cache)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        netloc: entry for netloc, entry in data.items()
        if isinstance(entry, dict) and isinstance(entry.get("at"), int | float) and entry["at"] >= not_before
        and isinstance(entry.get("body"), str)
    }
