"""Review UI load benchmark (issue 6): 20 reviewers browsing while the crawler writes.

Setup (not timed): a database with --articles articles (short synthetic stories, every 10th
one a two-outlet story) and --alerts alerts with extracted people, filled through the storage
functions (storage.articles.add_articles in batches under storage.db.bulk_load, raise_alert in
one transaction), and one reviewer account per client.

Timed: the real app under waitress (``python -m alerts.review.server``, its own process, 4
threads); a writer process adding --write-rate articles per second in batches of 10 (as the
crawler stores a poll's new entries); --clients client threads, each with its own signed-in
session and keep-alive connection, for --seconds seconds. Each client loops: a queue page
(first pages; sometimes filtered by kind, outlet, date or score, sometimes a full-text search),
then an alert page, pausing --think-ms (mean, exponential) between requests, as a reviewer
reading does. ``--think-ms 0`` is a closed loop that measures saturation instead.

Figures: p50 / p95 / p99 / max latency in ms over every request, requests, errors (non-200
answers, timeouts, connection errors), throughput, and articles the writer added meanwhile.
``--json`` prints one JSON object on the last line (p50_ms, p95_ms, requests, errors, ...).

Usage: python benchmarks/review_load.py [--articles 100000] [--alerts 10000] [--clients 20]
           [--seconds 30] [--think-ms 200] [--write-rate 50] [--workdir DIR] [--json]
A --workdir that already holds a database built with the same sizes is reused.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alerts.review.auth import hash_password  # noqa: E402
from storage.alerts import raise_alert  # noqa: E402
from storage.articles import NewArticle, add_articles  # noqa: E402
from storage.db import bulk_load, open_db, write_lock  # noqa: E402
from storage.users import add_user  # noqa: E402

_WORD_TEXT = (
    "border village council fighters commander checkpoint convoy refugee camp province governor militia "
    "ceasefire talks envoy drought harvest prices fuel shortage protest court hospital school bridge river "
    "market minister election prison family brother mother returned escaped smuggler recruiter mosque "
    "salary weapons training battle wounded surrender amnesty interview reporter spoke left joined"
)
WORDS = tuple(_WORD_TEXT.split())
OUTLETS = ("Example News", "Wire Service", "Daily Courier", "Frontline Post", "Observer", "Evening Star")
NAMES = ("Hamza", "Abu Omar", "Yusuf", "Ahmad", "Khadija", "Umm Salma", "Ibrahim", "Karim")
GROUPS = ("Islamic State", "al-Shabaab", "Boko Haram", "Jabhat al-Nusra")
PASSWORD = "bench-password-123"
SEARCHES = ("commander", "escaped smuggler", "amnesty", "wounded fighters", "recruit*", "prison family")


_SYLLABLES = ("ka", "ri", "mo", "ta", "sen", "lu", "dar", "vi", "no", "bel", "qa", "zu", "hin", "tor", "mas")
FILLER = tuple(dict.fromkeys("".join(random.Random(i).choices(_SYLLABLES, k=2 + i % 3)) for i in range(6000)))


def story(rng: random.Random, words: int) -> str:
    """Filler words (Zipf-like: a few common, most rare) with each topic word at ~2% of articles,
    so a search matches a few thousand of 100k articles, as it would in a news archive."""
    out = [FILLER[int(len(FILLER) * rng.random() ** 3)] for _ in range(words)]
    for _ in range(max(1, words // 40)):
        if rng.random() < 0.5:
            out[rng.randrange(len(out))] = rng.choice(WORDS)
    return " ".join(out).capitalize() + "."


def article(rng: random.Random, i: int, outlet: str | None = None) -> NewArticle:
    day = 1 + i % 28
    return NewArticle(
        url=f"https://{rng.choice(('a', 'b', 'c', 'd'))}.example/story/{i}-{rng.getrandbits(32):x}",
        title=story(rng, 8)[:-1], text="\n\n".join(story(rng, 40) for _ in range(3)),
        outlet=outlet or rng.choice(OUTLETS), published_at=f"2026-{1 + i % 11:02d}-{day:02d}T08:00:00+00:00",
    )


def build(path: Path, n_articles: int, n_alerts: int, clients: int, seed: int = 6) -> dict[str, float]:
    rng = random.Random(seed)
    started = time.perf_counter()
    db = open_db(path)
    stories: list[tuple[int, int]] = []
    with bulk_load(db):
        i = 0
        while i < n_articles:
            batch = [article(rng, j) for j in range(i, min(i + 1000, n_articles))]
            for k in range(9, len(batch), 10):  # every 10th: another outlet's copy of the one before
                batch[k] = NewArticle(url=batch[k].url, title=batch[k - 1].title, text=batch[k - 1].text,
                                      outlet=batch[k].outlet, published_at=batch[k].published_at)
            results = add_articles(db, batch)
            stories.extend((r.article_id, r.cluster_id) for r in results)
            i += len(batch)
    loaded = time.perf_counter()
    clusters = list({c: a for a, c in stories}.items())
    rng.shuffle(clusters)
    with write_lock(db):
        for cluster_id, article_id in clusters[:n_alerts]:
            person = {"name": rng.choice(NAMES), "age": rng.choice((None, 19, 24, 31, 45)), "gender": "m",
                      "nationality": rng.choice(("Iraq", "Syria", "Somalia", "Nigeria")),
                      "group": rng.choice(GROUPS), "reasons": ["disillusionment"], "now_in": "Turkey"}
            raise_alert(db, article_id, cluster_id, round(rng.random(), 3),
                        rng.choice(("account", "account", "aggregate", "other")), [person],
                        rng.sample(WORDS, 3))
    password_hash = hash_password(PASSWORD)
    for c in range(clients):
        add_user(db, f"reviewer{c}", "reviewer", password_hash)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return {"load_s": loaded - started, "alerts_s": time.perf_counter() - loaded}


def writer(path: str, rate: float, stop: Any, counter: Any) -> None:
    """The crawler's share of the load: batches of 10 new articles at ``rate`` per second."""
    rng = random.Random(99)
    db = open_db(path)
    i = 10_000_000
    interval = 10 / rate
    next_at = time.monotonic()
    while not stop.is_set():
        add_articles(db, [article(rng, j) for j in range(i, i + 10)])
        i += 10
        with counter.get_lock():
            counter.value += 10
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    db.conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(path: Path, port: int, threads: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "alerts.review.server", "--db", str(path), "--port", str(port),
         "--threads", str(threads)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return proc
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("review server did not start")


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ALERT_LINK = re.compile(r'href="/alerts/(\d+)"')


def sign_in(base: str, name: str) -> requests.Session:
    session = requests.Session()
    token = _CSRF.search(session.get(f"{base}/login").text)
    assert token, "no CSRF token on the login page"
    response = session.post(f"{base}/login", allow_redirects=False,
                            data={"username": name, "password": PASSWORD, "csrf_token": token.group(1)})
    assert response.status_code == 302, f"sign-in failed: {response.status_code}"
    return session


def queue_url(rng: random.Random) -> str:
    roll = rng.random()
    page = rng.choice((1, 1, 1, 2, 3))
    if roll < 0.45:
        return f"/?page={page}"
    if roll < 0.60:
        return f"/?kind={rng.choice(('account', 'aggregate'))}&min_score={rng.choice(('0.5', '0.8'))}"
    if roll < 0.70:
        return f"/?outlet={rng.choice(OUTLETS).split()[0]}&date_from=2026-03-01&date_to=2026-06-30"
    if roll < 0.80:
        return f"/?group={rng.choice(GROUPS).split()[0]}&page={page}"
    return f"/?q={rng.choice(SEARCHES)}"


def client(base: str, name: str, deadline: list[float], think_s: float, seed: int,
           latencies: list[float], kinds: list[str], errors: list[str], ready: threading.Barrier) -> None:
    """Sign in, wait until every client has, then browse until ``deadline[0]`` (set by the barrier)."""
    rng = random.Random(seed)
    session = sign_in(base, name)
    ready.wait()
    until = deadline[0]
    alert_ids: list[str] = []
    while time.monotonic() < until:
        for path in (queue_url(rng), f"/alerts/{rng.choice(alert_ids)}" if alert_ids else "/"):
            started = time.perf_counter()
            try:
                response = session.get(base + path, timeout=10, allow_redirects=False)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    errors.append(f"{path}: HTTP {response.status_code}")
                elif path.startswith("/?") or path == "/":
                    found = _ALERT_LINK.findall(response.text)
                    if found:
                        alert_ids = found
            except requests.RequestException as exc:
                elapsed = time.perf_counter() - started
                errors.append(f"{path}: {type(exc).__name__}")
            latencies.append(elapsed)
            kinds.append(page_kind(path))
            if think_s:
                time.sleep(rng.expovariate(1 / think_s))
            if time.monotonic() >= until:
                break


def page_kind(path: str) -> str:
    if path.startswith("/alerts/"):
        return "alert"
    if "q=" in path:
        return "search"
    return "queue_filtered" if any(k in path for k in ("kind=", "outlet=", "group=")) else "queue"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="review-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    marker = workdir / f"built-{args.articles}-{args.alerts}-{args.clients}"
    path = workdir / "review.db"
    setup: dict[str, float] = {}
    if not marker.exists():
        for stale in workdir.glob("review.db*"):
            stale.unlink()
        setup = build(path, args.articles, args.alerts, args.clients)
        marker.touch()
    load_before = os.getloadavg()[0]  # other work on the machine skews every figure: report it
    port = free_port()
    server = start_server(path, port, args.threads)
    base = f"http://127.0.0.1:{port}"
    stop, counter = multiprocessing.Event(), multiprocessing.Value("i", 0)
    write = multiprocessing.Process(target=writer, args=(str(path), args.write_rate, stop, counter))
    latencies: list[float] = []
    kinds: list[str] = []
    errors: list[str] = []
    try:
        write.start()
        deadline: list[float] = []
        ready = threading.Barrier(
            args.clients + 1, action=lambda: deadline.append(time.monotonic() + args.seconds)
        )
        threads = [
            threading.Thread(target=client, args=(
                base, f"reviewer{c}", deadline, args.think_ms / 1000, c, latencies, kinds, errors, ready))
            for c in range(args.clients)
        ]
        for t in threads:
            t.start()
        ready.wait()
        started = time.monotonic()
        for t in threads:
            t.join(args.seconds + 30)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        write.join(30)
        server.terminate()
        server.wait(10)
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    ms = [v * 1000 for v in latencies]
    by_kind = {}
    for kind in sorted(set(kinds)):
        values = [m for m, k in zip(ms, kinds, strict=False) if k == kind]
        by_kind[kind] = {"n": len(values), "p50_ms": round(percentile(values, 0.5), 1),
                         "p95_ms": round(percentile(values, 0.95), 1)}
    return {
        "p50_ms": round(percentile(ms, 0.50), 1) if ms else None,
        "p95_ms": round(percentile(ms, 0.95), 1) if ms else None,
        "p99_ms": round(percentile(ms, 0.99), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
        "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
        "requests": len(ms),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "requests_per_s": round(len(ms) / elapsed, 1),
        "articles_written": counter.value,
        "by_kind": by_kind,
        "clients": args.clients,
        "seconds": args.seconds,
        "think_ms": args.think_ms,
        "articles": args.articles,
        "alerts": args.alerts,
        "cpus": os.cpu_count(),
        "load_avg_1m_before": round(load_before, 2),
        **{k: round(v, 1) for k, v in setup.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think-ms", type=float, default=200)
    parser.add_argument("--write-rate", type=float, default=50, help="articles per second")
    parser.add_argument("--threads", type=int, default=4, help="waitress threads")
    parser.add_argument("--workdir", help="keep (and reuse) the database here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args)
    for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "requests", "errors", "requests_per_s",
                "articles_written"):
        print(f"{key:>17}: {result[key]}")
    for kind, figures in result["by_kind"].items():
        print(f"{kind:>17}: n={figures['n']} p50={figures['p50_ms']} ms p95={figures['p95_ms']} ms")
    if result["error_samples"]:
        print("   error samples: " + "; ".join(result["error_samples"]))
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
