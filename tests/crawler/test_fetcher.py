"""The feed poller's HTTP (crawler.fetcher) against a real local server: politeness per site."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from crawler.fetcher import Fetched, Fetcher, FetchOptions
from tests.crawler.servers import Route, Server


def options(tmp_path: Path, **changes: object) -> FetchOptions:
    values: dict[str, object] = {
        "db_path": str(tmp_path / "d.db"), "user_agent": "defwatch-test (+mailto:t@example.org)",
        "timeout_s": 5.0, "max_bytes": 100_000, "per_site": 2, "allow_private": ("127.0.0.1",),
        "robots_cache": str(tmp_path / "robots.json"), "start_delay_s": 0.0,
    }
    values.update(changes)
    return FetchOptions(**values)  # type: ignore[arg-type]


async def fetch_all(opts: FetchOptions, urls: list[str]) -> list[Fetched]:
    fetcher = Fetcher(opts)
    try:
        return list(await asyncio.gather(*(fetcher.get(url) for url in urls)))
    finally:
        await fetcher.close()


def test_one_site_gets_at_most_its_share_and_one_robots_request(tmp_path: Path) -> None:
    with Server() as server:
        server.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /private/\n")
        for n in range(8):
            server.routes[f"/f{n}.rss"] = Route(body=b"<rss/>", delay_s=0.2)
        urls = [server.url(f"/f{n}.rss") for n in range(8)] + [server.url("/private/f.rss")]
        started = time.monotonic()
        results = asyncio.run(fetch_all(options(tmp_path), urls))
        elapsed = time.monotonic() - started
        assert [r.status for r in results[:8]] == [200] * 8
        assert results[8].error is not None and "robots.txt" in results[8].error
        assert server.most_in_flight <= 2  # per_site
        assert elapsed >= 4 * 0.2  # 8 slow answers, two at a time
        assert server.paths().count("/robots.txt") == 1
        assert "/private/f.rss" not in server.paths()


def test_robots_cache_spares_the_request_next_cycle(tmp_path: Path) -> None:
    with Server() as server:
        server.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow:\n")
        server.routes["/f.rss"] = Route(body=b"<rss/>")
        for _ in range(2):
            results = asyncio.run(fetch_all(options(tmp_path), [server.url("/f.rss")]))
            assert results[0].status == 200
        assert server.paths() == ["/robots.txt", "/f.rss", "/f.rss"]


def test_a_site_that_answers_slowly_is_asked_less_often(tmp_path: Path) -> None:
    """AutoThrottle's rule: once a site has answered, starts are spaced by its latency / 2."""

    async def first_then_three(opts: FetchOptions, urls: list[str]) -> float:
        fetcher = Fetcher(opts)
        try:
            await fetcher.get(urls[0])  # answers in 0.3 s: the gap becomes 0.15 s
            started = time.monotonic()
            await asyncio.gather(*(fetcher.get(url) for url in urls[1:]))
            return time.monotonic() - started
        finally:
            await fetcher.close()

    with Server() as server:
        for n in range(4):
            server.routes[f"/f{n}.rss"] = Route(body=b"<rss/>", delay_s=0.3)
        opts = options(tmp_path, per_site=4, obey_robots=False)
        elapsed = asyncio.run(first_then_three(opts, [server.url(f"/f{n}.rss") for n in range(4)]))
        assert elapsed >= 0.3 + 2 * 0.15 - 0.02  # three at once would take 0.3 s
