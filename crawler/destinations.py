"""Which destinations may be fetched: links in feeds are untrusted.

Public addresses only, after DNS resolution, plus what feeds.yml allow-lists
(crawler.allow_private). Used by Scrapy's SafeDestinationMiddleware and by the feed poller,
each of which also makes the connection go to the address that was checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable
from functools import lru_cache
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

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
        self.allowed_names = {a.lower().lstrip(".") for a in allow if "/" not in a and not is_ip(a)}
        self.allowed_networks = [
            ipaddress.ip_network(a, strict=False) for a in allow if "/" in a or is_ip(a)
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
        if self.name_allowed(host) or not is_ip(host):
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

    async def checked(
        self, url: str, lookup: Callable[[str], Awaitable[tuple[IpAddress, ...]]]
    ) -> tuple[str | None, tuple[IpAddress, ...]]:
        """(None, addresses) when the URL may be fetched, else (the reason, ()).

        ``lookup`` resolves a name without blocking the caller's loop; the addresses it gave
        are returned so the connection can be pinned to them (empty when no name was looked
        up: an allow-listed name or a literal address).
        """
        host, reason = self.host_of(url)
        if host is None:
            return reason, ()
        if self.name_allowed(host):
            return None, ()
        if is_ip(host):
            return self.address_refusal(host, (ipaddress.ip_address(host),)), ()
        try:
            addresses = await lookup(host)
        except OSError as exc:
            return f"cannot resolve {host}: {exc}", ()
        return self.address_refusal(host, addresses), addresses

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


def is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return False
