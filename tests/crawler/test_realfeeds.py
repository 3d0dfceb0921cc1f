"""Every document of ../shared/realfeeds (feed parsers' public test suites) through one cycle.

Each file is served over HTTP by a local server as a source of its own, with the headers its
test simulates, and ONE `defwatch poll --no-pages` cycle polls all of them. None may crash
the cycle; every entry feedparser can read with a link is stored exactly once; every
failure is recorded on its feed with a reason a person can read.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from storage.db import open_db
from tests.crawler.servers import Route, Server

REALFEEDS = Path(__file__).resolve().parents[3] / "shared" / "realfeeds"

_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
          ".json": "application/json", ".html": "text/html", ".py": "text/plain", ".md": "text/plain",
          ".txt": "text/plain", ".tsv": "text/plain"}
_HEADER = re.compile(rb"^Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.M)
_FEED_READ = re.compile(r"event=feed_read feed=(\S+) format=(\S+) entries=(\d+) no_link=(\d+) empty=(\d+)"
                        r" repeated=(\d+) known=(\d+) refused=(\d+) new=(\d+)")


def simulated_headers(path: Path, body: bytes) -> dict[str, str]:
    """The Content-Type a feedparser test simulates (its `Header:` lines), else one by extension."""
    headers = {"Content-Type": _TYPES.get(path.suffix, "application/octet-stream")}
    if path.parts[len(REALFEEDS.parts)] == "feedparser":
        comment = body[: body.find(b"-->")] if b"-->" in body[:4000] else b""
        for name, value in _HEADER.findall(comment):
            if name.lower() == b"content-type":
                headers["Content-Type"] = value.decode("latin-1")
    return headers


@pytest.mark.timeout(240)
def test_every_real_feed_goes_through_one_cycle(tmp_path: Path) -> None:
    if not (REALFEEDS / "MANIFEST.tsv").exists():
        pytest.skip(f"{REALFEEDS} is not here")
    files = sorted(p for p in REALFEEDS.rglob("*") if p.is_file())
    manifest = {row["path"]: row for row in csv.DictReader(
        (REALFEEDS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")}

    with Server() as server:
        names: dict[str, str] = {}  # source name -> path relative to realfeeds
        lines = ["crawler:", '  contact: "mailto:tests@example.org"', "  download_timeout: 5s",
                 "  per_domain_concurrency: 32", '  allow_private: ["127.0.0.1"]', "sources:"]
        for number, path in enumerate(files):
            relative = path.relative_to(REALFEEDS).as_posix()
            body = path.read_bytes()
            server.routes["/" + relative] = Route(body=body, headers=simulated_headers(path, body))
            name = f"rf{number:04d}"
            names[name] = relative
            lines += [f"  - name: {name}", f"    url: '{server.base}/{quote(relative)}'"]
        config = tmp_path / "feeds.yml"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        db_path = tmp_path / "realfeeds.db"

        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "defwatch", "--db", str(db_path), "--config", str(config), "-v",
             "poll", "--no-pages"],
            capture_output=True, text=True, timeout=220, cwd=tmp_path,
        )
        seconds = time.monotonic() - started
    assert run.returncode == 0, run.stderr[-5000:]
    assert "Traceback" not in run.stderr and "Spider error" not in run.stderr, run.stderr[-5000:]

    db = open_db(db_path)
    feeds = {r["name"]: r for r in db.query("SELECT * FROM feeds")}
    assert len(feeds) == len(files)
    unpolled = [names[n] for n, f in feeds.items() if f["status"] == "new"]
    assert not unpolled, f"never polled: {unpolled[:10]}"
    for name, feed in feeds.items():
        if feed["status"] != "ok":
            reason = feed["last_error"] or ""
            assert len(reason) > 10 and "Traceback" not in reason, (names[name], reason)

    read = {m.group(1): m for m in _FEED_READ.finditer(run.stderr)}
    ok = {n for n, f in feeds.items() if f["status"] == "ok"}
    assert set(read) == ok  # every feed that succeeded says what it read
    stored = db.execute("SELECT COUNT(*), COUNT(DISTINCT canonical_url) FROM articles").fetchone()
    new_total = sum(int(m.group(9)) for m in read.values())
    assert stored[0] == stored[1] == new_total  # each claimed entry stored, once

    # Entry counts against feedparser 6.0.14's own on the raw bytes (MANIFEST.tsv), for the XML
    # documents served without a Content-Type that changes how feedparser reads them.
    mismatched = []
    for name, m in read.items():
        row = manifest.get(names[name])
        entries, no_link, empty, repeated, known, refused, new = (int(m.group(i)) for i in range(3, 10))
        assert entries == no_link + empty + repeated + known + refused + new, names[name]
        if row is None or m.group(2) == "json1":
            continue
        if entries != int(row["feedparser6_entries"] or 0):
            mismatched.append((names[name], entries, row["feedparser6_entries"]))
    assert not mismatched, mismatched[:20]

    bozo = {n for n in ok if feeds[n]["last_error"] and "malformed" in feeds[n]["last_error"]}
    with_entries = {n for n in bozo if int(read[n].group(3)) > 0}
    failed = Counter((feeds[n]["last_error"] or "").split(":")[0][:40] for n in feeds if n not in ok)
    print(f"\nrealfeeds: {len(files)} documents in {seconds:.1f} s; ok {len(ok) - len(bozo)}, "
          f"bozo with entries {len(with_entries)}, bozo without {len(bozo) - len(with_entries)}, "
          f"failed {len(files) - len(ok)} {dict(failed.most_common())}; articles stored {stored[0]}")
