"""The daemon as a real process: one per database, and a prompt clean stop on SIGTERM."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

from storage.db import open_db
from tests.crawler.servers import Route, Server

CONFIG = """
sources: []
schedule:
  tick: 1s
digest:
  recipients: []
"""


class Logged(subprocess.Popen[str]):
    """A process whose stderr is read all the time by a thread (a full pipe would block it)."""

    lines: queue.Queue[str]


def start(db: Path, config: Path) -> Logged:
    process = subprocess.Popen(
        [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(config), "-v", "run"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=db.parent,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)
        lines.put("")  # end of output

    threading.Thread(target=pump, daemon=True).start()
    process.lines = lines  # type: ignore[attr-defined]
    return process  # type: ignore[return-value]


def wait_for_line(process: Logged, needle: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = process.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            break
        if not line:
            break
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} not logged; got:\n{''.join(seen[-60:])}")


def test_second_daemon_refuses_and_sigterm_stops_quickly(tmp_path: Path) -> None:
    config = tmp_path / "feeds.yml"
    config.write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "d.db"
    first = start(db, config)
    try:
        wait_for_line(first, "event=daemon_start")
        second = subprocess.run(
            [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(config), "run"],
            capture_output=True, text=True, timeout=60,
        )
        assert second.returncode != 0
        assert "already running" in second.stderr and "--db" in second.stderr
        started = time.monotonic()
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=10)
        assert time.monotonic() - started < 10
        assert first.returncode == 0
    finally:
        if first.poll() is None:
            first.kill()


# -- cycles that hang, stops during a cycle, latency -------------------------------------------

REPO_CONFIG = Path(__file__).resolve().parents[2] / "feeds.yml"


def daemon_config(path: Path, sources: str, watch: bool = False, **schedule: str) -> None:
    """A feeds.yml for these sources; with watch, the repository's watch rules (what to flag)."""
    settings = {"tick": "1s", "crawl_timeout": "60s", **schedule}
    rules = yaml.safe_dump({"watch": yaml.safe_load(REPO_CONFIG.read_text(encoding="utf-8"))["watch"]})
    path.write_text(
        "crawler:\n  contact: 'mailto:tests@example.org'\n  download_timeout: 60s\n"
        "  allow_private: ['127.0.0.1']\n"
        f"sources:\n{sources}schedule:\n" + "".join(f"  {k}: {v}\n" for k, v in settings.items())
        + "digest:\n  recipients: []\n" + (rules if watch else ""),
        encoding="utf-8",
    )


def process_lines(process: Logged) -> list[str]:
    """What the process logged and nobody has read yet."""
    lines = []
    while not process.lines.empty():
        lines.append(process.lines.get_nowait())
    return lines


def stop(process: Logged) -> float:
    """SIGTERM; how long the daemon took to exit (it must exit 0)."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=15)
    assert process.returncode == 0
    return time.monotonic() - started


def test_a_hanging_crawl_is_killed_logged_and_the_daemon_goes_on(tmp_path: Path) -> None:
    with Server() as server:
        server.routes["/hang.rss"] = Route(body=b"<rss/>", delay_s=120)
        config, db = tmp_path / "feeds.yml", tmp_path / "d.db"
        daemon_config(config, f"  - {{name: hang, url: '{server.url('/hang.rss')}', interval: 1s}}\n",
                      crawl_timeout="3s")
        daemon = start(db, config)
        try:
            wait_for_line(daemon, "event=cycle_killed cycle=1 reason=timeout")
            wait_for_line(daemon, "event=cycle_start cycle=2")  # still alive, still working
            time.sleep(1.0)
            # SIGTERM while that second cycle hangs: the crawl is stopped, then killed; all within 10 s.
            assert stop(daemon) < 10
        finally:
            if daemon.poll() is None:
                daemon.kill()


def test_sigterm_in_the_middle_of_a_cycle_loses_nothing(tmp_path: Path) -> None:
    entries = 60
    with Server() as server:
        links = "".join(
            f"<item><title>Story {n}</title><link>{server.base}/p/{n}.html</link>"
            f"<description>Summary {n}.</description></item>" for n in range(entries)
        )
        server.routes["/many.rss"] = Route(body=f"<rss><channel>{links}</channel></rss>".encode())
        for n in range(entries):  # slow pages: the cycle is still fetching them when SIGTERM comes
            server.routes[f"/p/{n}.html"] = Route(body=b"<html><body><p>page</p></body></html>", delay_s=0.25,
                                                  headers={"Content-Type": "text/html"})
        config, db = tmp_path / "feeds.yml", tmp_path / "d.db"
        daemon_config(config, f"  - {{name: many, url: '{server.url('/many.rss')}', interval: 1s}}\n")
        daemon = start(db, config)
        try:
            wait_for_line(daemon, "event=cycle_start cycle=1")
            deadline = time.monotonic() + 30
            while not any(p.startswith("/p/") for p in server.paths()) and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1.0)
            assert stop(daemon) < 10
        finally:
            if daemon.poll() is None:
                daemon.kill()
        # Whatever was committed is intact, and the feed was not marked as read: the next cycle
        # polls it again and stores every entry, each exactly once.
        for route in server.routes.values():
            if isinstance(route, Route):
                route.delay_s = 0
        again = subprocess.run(
            [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(config), "poll"],
            capture_output=True, text=True, timeout=120,
        )
        assert again.returncode == 0, again.stderr
    stored = open_db(db).execute("SELECT COUNT(*), COUNT(DISTINCT canonical_url) FROM articles").fetchone()
    assert stored == (entries, entries)


DEFECTOR_ACCOUNT = (
    '"I was an Islamic State fighter for two years. In 2016 I deserted in Raqqa and escaped to Turkey,"'
    " says Abu Khaled, 29, a Syrian defector who now lives in Gaziantep. He said he left the group"
    " because of its brutality and the corruption of its commanders."
)


def test_a_new_entry_becomes_a_judged_article_and_alert_within_interval_plus_30s(tmp_path: Path) -> None:
    with Server() as server:
        def feed(*items: tuple[str, str]) -> bytes:
            body = "".join(f"<item><title>{t}</title><link>{server.base}{p}</link><description>{t}. "
                           f"{DEFECTOR_ACCOUNT if 'deserter' in p else 'Weather news.'}</description></item>"
                           for t, p in items)
            return f"<rss version='2.0'><channel><title>w</title>{body}</channel></rss>".encode()

        server.routes["/wire.rss"] = Route(body=feed(("Ferries run again", "/p/ferries.html")), etag=True)
        page = (f"<html><head><title>How I escaped Islamic State</title></head><body><article>"
                f"<h1>How I escaped Islamic State: a defector's story</h1><p>{DEFECTOR_ACCOUNT}</p>"
                "</article></body></html>")
        server.routes["/p/deserter.html"] = Route(body=page.encode(), headers={"Content-Type": "text/html"})
        config, db_path = tmp_path / "feeds.yml", tmp_path / "d.db"
        wire = f"  - {{name: wire, url: '{server.url('/wire.rss')}', interval: 2s}}\n"
        daemon_config(config, wire, watch=True)
        daemon = start(db_path, config)
        try:
            wait_for_line(daemon, "event=cycle_done")
            server.routes["/wire.rss"] = Route(
                body=feed(("Ferries run again", "/p/ferries.html"),
                          ("How I escaped Islamic State: a defector's story", "/p/deserter.html")),
                etag=True,
            )
            added = time.monotonic()
            db = open_db(db_path)
            found = None
            while time.monotonic() - added < 2 + 30 and found is None:
                found = db.execute(
                    "SELECT a.judged_at, al.id FROM articles a JOIN alerts al ON al.article_id = a.id"
                    " WHERE a.url LIKE '%/p/deserter.html' AND a.judged_at IS NOT NULL"
                ).fetchone()
                time.sleep(0.25)
            assert found is not None, (
                "no judged article with an alert within interval + 30 s:\n"
                + "".join(process_lines(daemon)[-40:])
                + str(list(db.query("SELECT url, judged_at, kind, score, page_status FROM articles")))
                + str(list(db.query("SELECT * FROM alerts")))
            )
            print(f"\nlatency: entry added -> judged article and alert in {time.monotonic() - added:.1f} s")
            assert stop(daemon) < 10
        finally:
            if daemon.poll() is None:
                daemon.kill()
