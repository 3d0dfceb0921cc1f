"""Polling benchmark (issue 3): defwatch against lemon24/reader on the same 1000 feeds.

A feed server (its own process, asyncio, HTTP/1.1 keep-alive, ETag / 304) serves N feeds of
E entries, each feed under its own host name (f17.bench.test) so that per-site politeness
applies per feed as it would on the internet; both clients reach those names through the
same server acting as an HTTP proxy on 127.0.0.1, so no name is ever looked up. Between the
cold and the warm cycle, 10% of the feeds gain one entry.

Timed, each in a fresh process, in this order: defwatch cold, reader cold, (10% of feeds
change), defwatch warm, reader warm; then defwatch's full cycle with article pages on (the
warm changes again, on a copy of the database, and a cold cycle over --pages-feeds feeds).

  defwatch: crawler.settings + feeds.yml through defwatch.collect.run_crawl, the function
            `defwatch poll --no-pages` runs (judgement, a separate stage that reader does
            not have, is not included); timed from the start of run_crawl to its return.
            The entries are stored unplaced; placing them among near-duplicates, which
            judging does first, is timed apart and printed beside (not in the speedups)
  reader:   reader.update_feeds(workers=16, scheduled=False) on the same feeds, timed around
            that call (make_reader and add_feed before it are not timed)
Both are also reported as whole-process wall times (interpreter start and imports included).

Figures: seconds per cycle, speedups (reader time / defwatch time), entries expected and
stored (every new entry exactly once), peak RSS of each client process.
`--json` prints one JSON object on the last line with at least speedup_cold, speedup_warm,
entries_expected, entries_stored, peak_rss_mb.

reader is a benchmark-only dependency, not one of defwatch's:  pip install reader
Usage: python benchmarks/poll.py [--feeds 1000] [--entries 20] [--pages-feeds 100] [--json]
       python benchmarks/poll.py --daemon-cycles 300      (daemon memory over many cycles)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOMAIN = "bench.test"
WORDS = [
    "harbour", "ferry", "council", "storm", "breakwater", "minister", "border", "village", "market", "river",
    "election", "court", "hospital", "school", "bridge", "convoy", "refugee", "camp", "province", "governor",
    "militia", "ceasefire", "talks", "envoy", "drought", "harvest", "prices", "fuel", "shortage", "protest",
    "strike", "union", "factory", "railway", "airport",
]


# -- the feed server -------------------------------------------------------------------------------

class FeedSite:
    """What the server answers: feeds that grow by one entry per round for 10% of them, and pages."""

    def __init__(self, feeds: int, entries: int):
        self.feeds, self.entries = feeds, entries
        self.extra = [0] * feeds
        self.rounds = 0
        self.cache: dict[tuple[int, int], bytes] = {}
        self.requests = 0

    def advance(self) -> None:
        for i in range(self.feeds):
            if i % 10 == self.rounds % 10:
                self.extra[i] += 1
        self.rounds += 1

    def count(self, i: int) -> int:
        return self.entries + self.extra[i]

    def feed(self, i: int) -> bytes:
        n = self.count(i)
        body = self.cache.get((i, n))
        if body is None:
            items = "".join(self._item(i, j) for j in range(n - 1, -1, -1))
            body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    f"<title>Feed {i}</title><link>http://f{i}.{DOMAIN}/</link><description>d</description>"
                    f"{items}</channel></rss>").encode()
            self.cache[(i, n)] = body
        return body

    def _item(self, i: int, j: int) -> str:
        words = " ".join(random.Random(i * 100_003 + j).choices(WORDS, k=40))
        day = 1 + (j % 28)
        return (f"<item><title>Feed {i} story {j}: {' '.join(words.split()[:6])}</title>"
                f"<link>http://f{i}.{DOMAIN}/a/{j}.html</link><guid>f{i}-{j}</guid>"
                f"<pubDate>Mon, {day:02d} Nov 2026 10:00:00 GMT</pubDate>"
                f"<description>Story {j} of feed {i}. {words}.</description></item>")

    def page(self, i: int, j: int) -> bytes:
        rng = random.Random(i * 7_919 + j)
        paragraphs = "".join(f"<p>{' '.join(rng.choices(WORDS, k=60))}.</p>" for _ in range(6))
        return (f"<!doctype html><html lang='en'><head><title>Feed {i} story {j}</title></head><body>"
                f"<nav><a href='/'>Home</a></nav><article><h1>Feed {i} story {j}</h1>{paragraphs}</article>"
                f"<footer>Copyright</footer></body></html>").encode()

    def answer(self, method: str, target: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.requests += 1
        if target.startswith("http://"):
            host, _, path = target[7:].partition("/")
            path = "/" + path
        else:
            host, path = headers.get("host", ""), target
        host = host.split(":")[0]
        if host == "127.0.0.1" and path.startswith("/f") and path.count("/") >= 2:  # /f17/feed.xml
            prefix, _, rest = path[1:].partition("/")
            host, path = f"{prefix}.{DOMAIN}", "/" + rest
        if path == "/_control/advance":
            self.advance()
            return 200, {}, b"ok"
        if path == "/_control/requests":
            return 200, {}, str(self.requests).encode()
        if not host.endswith("." + DOMAIN) or not host[1:].split(".")[0].isdigit():
            return 404, {}, b""
        i = int(host[1:].split(".")[0])
        if i >= self.feeds or path == "/robots.txt":
            return 404, {}, b""
        if path == "/feed.xml":
            etag = f'"{i}-{self.count(i)}"'
            if headers.get("if-none-match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag}, self.feed(i)
        if path.startswith("/a/") and path.endswith(".html"):
            return 200, {"Content-Type": "text/html; charset=utf-8"}, self.page(i, int(path[3:-5]))
        return 404, {}, b""


def serve(feeds: int, entries: int, ready: Any) -> None:
    """The server process: an asyncio HTTP/1.1 server (origin and proxy form) on 127.0.0.1."""
    site = FeedSite(feeds, entries)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                status, extra, body = site.answer(method, target, headers)
                out = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'X'}", f"Content-Length: {len(body)}"]
                out += [f"{k}: {v}" for k, v in extra.items()]
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        ready.send(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    asyncio.run(main())


# -- the clients, each run in a process of its own ---------------------------------------------

def child_defwatch(db: str, config: str, proxy: str, pages: bool) -> dict[str, Any]:
    from crawler.destinations import resolve  # noqa: F401  (imported here as in a real cycle)
    from defwatch.collect import run_crawl, scrapy_settings
    from defwatch.config import load_config
    from storage.db import open_db
    from storage.feeds import list_feeds, make_feeds_due, sync_feeds

    cfg = load_config(config, fall_back_to_default=False).config
    conn = open_db(db)
    sync_feeds(conn, cfg.feed_specs())
    make_feeds_due(conn, [f.name for f in list_feeds(conn, include_disabled=False)])
    conn.close()
    settings = scrapy_settings(cfg, db, proxy=proxy, log_level="ERROR")
    summary = run_crawl(settings, fetch_pages=pages)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # Not part of the poll: placing the stored entries among near-duplicates, which judging does
    # first (reader has no such step). Timed apart, so the cost moved out of polling stays visible.
    from storage.articles import cluster_queued

    conn = open_db(db)
    started = time.perf_counter()
    placed = cluster_queued(conn)
    placing = time.perf_counter() - started
    conn.close()
    return {"seconds": summary.seconds, "stats": summary.stats, "rss_mb": _peak_rss_mb(),
            "cpu_s": usage.ru_utime + usage.ru_stime, "placing_s": placing, "placed": placed.placed}


def child_reader(db: str, urls_file: str, proxy: str, add: bool) -> dict[str, Any]:
    os.environ["http_proxy"] = os.environ["HTTP_PROXY"] = proxy
    from reader import make_reader

    r = make_reader(db)
    if add:
        for url in Path(urls_file).read_text().split():
            r.add_feed(url, exist_ok=True)
    started = time.perf_counter()
    r.update_feeds(workers=16, scheduled=False)
    seconds = time.perf_counter() - started
    counts = r.get_entry_counts()
    broken = sum(1 for f in r.get_feeds() if f.last_exception)
    r.close()
    return {"seconds": seconds, "entries": counts.total, "broken": broken, "rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(*args: str) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"child {args[:2]} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


# -- the run ---------------------------------------------------------------------------------------

def write_config(path: Path, feeds: int) -> None:
    lines = ["crawler:", "  contact: 'mailto:bench@example.org'", "  download_timeout: 30s",
             f"  allow_private: ['{DOMAIN}']", "sources:"]
    lines += [f"  - {{name: f{i}, url: 'http://f{i}.{DOMAIN}/feed.xml'}}" for i in range(feeds)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def stored_urls(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT canonical_url FROM articles")]
    finally:
        conn.close()


def control(proxy: str, what: str) -> str:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}))
    with opener.open(f"http://f0.{DOMAIN}/_control/{what}", timeout=10) as answer:
        return str(answer.read().decode())


def benchmark(args: argparse.Namespace, out: Any) -> dict[str, Any]:
    try:
        import reader  # noqa: F401
    except ImportError:
        raise SystemExit("reader is not installed; it is only needed here: pip install reader") from None
    work = Path(tempfile.mkdtemp(prefix="defwatch-bench-"))
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(args.feeds, args.entries, child), daemon=True)
    server.start()
    proxy = f"http://127.0.0.1:{parent.recv()}"
    try:
        config, urls = work / "feeds.yml", work / "urls.txt"
        write_config(config, args.feeds)
        urls.write_text("\n".join(f"http://f{i}.{DOMAIN}/feed.xml" for i in range(args.feeds)))
        dw_db, rd_db = work / "defwatch.db", work / "reader.db"

        print(f"{args.feeds} feeds x {args.entries} entries, served on {proxy} under *.{DOMAIN}", file=out)
        dw_cold = run_child("--child-defwatch", str(dw_db), str(config), proxy, "0")
        print(f"defwatch cold  {dw_cold['seconds']:7.2f} s  (process {dw_cold['wall']:.2f} s, "
              f"peak {dw_cold['rss_mb']:.0f} MB; then placing {dw_cold['placed']} entries among"
              f" near-duplicates before judging: {dw_cold['placing_s']:.2f} s)", file=out)
        rd_cold = run_child("--child-reader", str(rd_db), str(urls), proxy, "1")
        print(f"reader   cold  {rd_cold['seconds']:7.2f} s  (process {rd_cold['wall']:.2f} s, "
              f"peak {rd_cold['rss_mb']:.0f} MB)", file=out)
        cold_urls = stored_urls(dw_db)
        shutil.copy(dw_db, work / "pages.db")  # for the full cycle on the same changes, below
        control(proxy, "advance")
        dw_warm = run_child("--child-defwatch", str(dw_db), str(config), proxy, "0")
        print(f"defwatch warm  {dw_warm['seconds']:7.2f} s  (process {dw_warm['wall']:.2f} s, "
              f"peak {dw_warm['rss_mb']:.0f} MB; then placing {dw_warm['placed']}:"
              f" {dw_warm['placing_s']:.2f} s)", file=out)
        rd_warm = run_child("--child-reader", str(rd_db), str(urls), proxy, "0")
        print(f"reader   warm  {rd_warm['seconds']:7.2f} s  (process {rd_warm['wall']:.2f} s, "
              f"peak {rd_warm['rss_mb']:.0f} MB)", file=out)

        changed = sum(1 for i in range(args.feeds) if i % 10 == 0)
        expected = args.feeds * args.entries + changed
        urls_now = stored_urls(dw_db)
        want = {f"https://f{i}.{DOMAIN}/a/{j}.html" for i in range(args.feeds)
                for j in range(args.entries + (1 if i % 10 == 0 else 0))}
        exactly_once = len(urls_now) == len(set(urls_now)) and set(urls_now) == want

        full_warm = run_child("--child-defwatch", str(work / "pages.db"), str(config), proxy, "1")
        pages_config = work / "pages.yml"
        write_config(pages_config, args.pages_feeds)
        full_cold = run_child("--child-defwatch", str(work / "pages-cold.db"), str(pages_config), proxy, "1")
        print(f"defwatch full warm cycle, pages on: {full_warm['seconds']:.2f} s, "
              f"{full_warm['stats'].get('defwatch/page_fetched', 0)} pages", file=out)
        print(f"defwatch full cold cycle, pages on, {args.pages_feeds} feeds: {full_cold['seconds']:.2f} s, "
              f"{full_cold['stats'].get('defwatch/page_fetched', 0)} pages", file=out)
    finally:
        server.terminate()
        server.join(5)
        shutil.rmtree(work, ignore_errors=True)

    result = {
        "feeds": args.feeds,
        "entries_per_feed": args.entries,
        "defwatch_cold_s": round(dw_cold["seconds"], 3),
        "defwatch_warm_s": round(dw_warm["seconds"], 3),
        "reader_cold_s": round(rd_cold["seconds"], 3),
        "reader_warm_s": round(rd_warm["seconds"], 3),
        "speedup_cold": round(rd_cold["seconds"] / dw_cold["seconds"], 2),
        "speedup_warm": round(rd_warm["seconds"] / dw_warm["seconds"], 2),
        "placing_cold_s": round(dw_cold["placing_s"], 3),
        "placing_warm_s": round(dw_warm["placing_s"], 3),
        "speedup_cold_process": round(rd_cold["wall"] / dw_cold["wall"], 2),
        "speedup_warm_process": round(rd_warm["wall"] / dw_warm["wall"], 2),
        "entries_expected": expected,
        "entries_stored": len(urls_now),
        "entries_stored_cold": len(cold_urls),
        "entries_stored_exactly_once": exactly_once,
        "reader_entries": rd_warm["entries"],
        "full_warm_pages_s": round(full_warm["seconds"], 3),
        "full_warm_pages_fetched": full_warm["stats"].get("defwatch/page_fetched", 0),
        "full_cold_pages_s": round(full_cold["seconds"], 3),
        "full_cold_pages_fetched": full_cold["stats"].get("defwatch/page_fetched", 0),
        "peak_rss_mb": round(max(r["rss_mb"] for r in (dw_cold, dw_warm, full_warm, full_cold)), 1),
        "reader_peak_rss_mb": round(max(rd_cold["rss_mb"], rd_warm["rss_mb"]), 1),
    }
    print(f"speedup cold {result['speedup_cold']}x (goal 2x), warm {result['speedup_warm']}x (goal 4x); "
          f"whole processes: cold {result['speedup_cold_process']}x, warm {result['speedup_warm_process']}x",
          file=out)
    print(f"entries expected {expected}, stored {len(urls_now)}, each exactly once: {exactly_once}; "
          f"reader holds {rd_warm['entries']}", file=out)
    return result


def daemon_memory(cycles: int, out: Any) -> dict[str, Any]:
    """`defwatch run` with a 0.2 s tick over 20 feeds due every second: its RSS after each cycle."""
    work = Path(tempfile.mkdtemp(prefix="defwatch-daemon-"))
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(20, 20, child), daemon=True)
    server.start()
    port = parent.recv()
    config = work / "feeds.yml"
    config.write_text(
        "crawler:\n  contact: 'mailto:bench@example.org'\n  allow_private: ['127.0.0.1']\nsources:\n"
        + "".join(f"  - {{name: f{i}, url: 'http://127.0.0.1:{port}/f{i}/feed.xml', interval: 1s}}\n"
                  for i in range(20))
        + "schedule:\n  tick: 0.2s\n  jitter: 0\ndigest:\n  recipients: []\n",
        encoding="utf-8",
    )
    daemon = subprocess.Popen(
        [sys.executable, "-m", "defwatch", "--db", str(work / "d.db"), "--config", str(config), "run"],
        stderr=subprocess.PIPE, text=True,
    )
    rss: list[float] = []
    started = time.monotonic()
    try:
        assert daemon.stderr is not None
        for line in daemon.stderr:
            if "event=cycle_done" in line or "event=cycle_failed" in line:
                with open(f"/proc/{daemon.pid}/statm") as statm:
                    rss.append(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6)
                if len(rss) % 50 == 0:
                    print(f"cycle {len(rss)}: daemon RSS {rss[-1]:.1f} MB", file=out)
                if len(rss) >= cycles:
                    break
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(30)
        server.terminate()
        shutil.rmtree(work, ignore_errors=True)
    tenth = max(len(rss) // 10, 1)
    return {"daemon_cycles": len(rss), "daemon_seconds": round(time.monotonic() - started, 1),
            "daemon_rss_first_mb": round(rss[0], 1), "daemon_rss_after_10pct_mb": round(rss[tenth - 1], 1),
            "daemon_rss_last_mb": round(rss[-1], 1), "daemon_rss_max_mb": round(max(rss), 1)}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-defwatch":
        db, config, proxy, pages = sys.argv[2:6]
        print(json.dumps(child_defwatch(db, config, proxy, pages == "1")))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--child-reader":
        db, urls, proxy, add = sys.argv[2:6]
        print(json.dumps(child_reader(db, urls, proxy, add == "1")))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--pages-feeds", type=int, default=100, help="feeds in the cold cycle with pages on")
    parser.add_argument("--daemon-cycles", type=int, default=0, help="measure the daemon's memory instead")
    parser.add_argument("--json", action="store_true", help="one JSON object on the last line")
    args = parser.parse_args()
    out = sys.stderr if args.json else sys.stdout
    result = daemon_memory(args.daemon_cycles, out) if args.daemon_cycles else benchmark(args, out)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
