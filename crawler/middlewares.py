"""Links in feeds are untrusted: refuse destinations inside our own network.

Checked on every request Scrapy downloads, including each redirect hop and robots.txt,
after DNS resolution, so a public name pointing at 127.0.0.1 or 169.254.169.254 is
refused too. (A name that changes its answer between this check and the connection
can still slip through; closing that needs a resolver pinned into the connection.)
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_internal(address: IpAddress) -> bool:
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
    return tuple(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos)


class DestinationPolicy:
    """Which hosts may be fetched: public addresses, plus what feeds.yml allow-lists."""

    def __init__(self, allow: list[str]):
        self.allowed_names = {a.lower().lstrip(".") for a in allow if "/" not in a and not _is_ip(a)}
        self.allowed_networks = [ipaddress.ip_network(a, strict=False) for a in allow if "/" in a or _is_ip(a)]

    def _name_allowed(self, host: str) -> bool:
        return any(host == name or host.endswith("." + name) for name in self.allowed_names)

    def refusal(self, url: str) -> str | None:
        """None if the URL may be fetched, else the reason it may not."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme!r} is not fetched; only http and https"
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            return "no host in URL"
        if self._name_allowed(host):
            return None
        try:
            addresses = resolve(host)
        except OSError as exc:
            return f"cannot resolve {host}: {exc}"
        for address in addresses:
            if is_internal(address) and not any(address in net for net in self.allowed_networks):
                return (
                    f"{host} resolves to {address}, a private, loopback, link-local or multicast address; "
                    "if this is intended, add it to crawler.allow_private in feeds.yml"
                )
        return None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return False


class SafeDestinationMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.policy = DestinationPolicy(list(crawler.settings.getlist("DEFWATCH_ALLOW_PRIVATE")))
        self.proxy = crawler.settings.get("DEFWATCH_PROXY") or None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeDestinationMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        reason = self.policy.refusal(request.url)
        if reason is not None:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("defwatch/refused_destination")
            raise IgnoreRequest(f"refused {request.url}: {reason}")
        if self.proxy and "proxy" not in request.meta:
            request.meta["proxy"] = self.proxy
