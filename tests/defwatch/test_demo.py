"""`defwatch demo` end to end: the bundled sample site through the whole pipeline, twice."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from defwatch.demo import demo_site_root
from defwatch.sample_site import SAMPLE_HOST
from storage.db import open_db

EXPECTED = json.loads((demo_site_root() / "expected.json").read_text(encoding="utf-8"))


def run_demo(data_dir: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "defwatch", "demo", "--no-serve", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The log stays about events: no library debug chatter, no scraped article text.
    assert "level=debug" not in result.stderr and "Scraped from" not in result.stderr, result.stderr[-3000:]
    assert "ScrapyDeprecationWarning" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str, dict[str, int]]:
    data_dir = tmp_path_factory.mktemp("demo")
    first = run_demo(data_dir)
    db = open_db(data_dir / "defwatch.db")
    counts_after_first = _counts(db)
    db.close()
    second = run_demo(data_dir)
    return data_dir, first, second, counts_after_first


def _counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("articles", "alerts", "cases", "users")
    }


def _path(url: str) -> str:
    return url.split(SAMPLE_HOST, 1)[1].split("?", 1)[0]


def test_demo_prints_its_summary(demo_runs) -> None:  # type: ignore[no-untyped-def]
    _, first, _, _ = demo_runs
    for label in (
        "feeds polled",
        "articles stored",
        "duplicates linked",
        "alerts",
        "digest preview",
        "review URL",
        "demo login",
    ):
        assert label in first, first


def test_running_twice_leaves_the_same_state(demo_runs) -> None:  # type: ignore[no-untyped-def]
    data_dir, _, _, counts_after_first = demo_runs
    db = open_db(data_dir / "defwatch.db")
    assert _counts(db) == counts_after_first
    assert counts_after_first["articles"] == len(EXPECTED["articles"])


def test_alerts_for_accounts_and_none_for_hard_negatives(demo_runs) -> None:  # type: ignore[no-untyped-def]
    data_dir, _, _, _ = demo_runs
    db = open_db(data_dir / "defwatch.db")
    clusters = {_path(r["url"]): r["cluster_id"] for r in db.query("SELECT url, cluster_id FROM articles")}
    alerted = {r["cluster_id"] for r in db.query("SELECT cluster_id FROM alerts")}
    for article in EXPECTED["articles"]:
        cluster = clusters[article["path"]]
        if article["kind"] == "account":
            assert cluster in alerted, f"no alert for the account {article['path']}"
        else:
            assert cluster not in alerted, f"false alert for {article['kind']} {article['path']}"


def test_syndicated_copy_is_linked_not_counted_twice(demo_runs) -> None:  # type: ignore[no-untyped-def]
    data_dir, _, _, _ = demo_runs
    db = open_db(data_dir / "defwatch.db")
    clusters = {_path(r["url"]): r["cluster_id"] for r in db.query("SELECT url, cluster_id FROM articles")}
    groups: dict[str, set[int]] = {}
    for article in EXPECTED["articles"]:
        if article.get("dup_group"):
            groups.setdefault(article["dup_group"], set()).add(clusters[article["path"]])
    assert groups and all(len(ids) == 1 for ids in groups.values()), groups
    distinct = {clusters[a["path"]] for a in EXPECTED["articles"]}
    assert len(distinct) == len(EXPECTED["articles"]) - sum(
        len([a for a in EXPECTED["articles"] if a.get("dup_group") == g]) - 1 for g in groups
    )


def test_page_that_failed_keeps_the_feed_summary(demo_runs) -> None:  # type: ignore[no-untyped-def]
    data_dir, _, _, _ = demo_runs
    db = open_db(data_dir / "defwatch.db")
    missing = [a["path"] for a in EXPECTED["articles"] if a.get("page_missing")]
    rows = {_path(r["url"]): r for r in db.query("SELECT url, page_status, summary FROM articles")}
    for path in missing:
        assert rows[path]["page_status"] == "summary_only" and rows[path]["summary"]
    assert not any("/private/" in p for p in rows)


def test_digest_preview_written(demo_runs) -> None:  # type: ignore[no-untyped-def]
    data_dir, _, _, _ = demo_runs
    assert (data_dir / "digest-preview.eml").stat().st_size > 1000
    html = (data_dir / "digest-preview.html").read_text(encoding="utf-8")
    assert "<html" in html.lower() and "pending" in html.lower()


def test_demo_confirms_its_oldest_alerts_once_so_the_digest_has_cases(demo_runs) -> None:  # type: ignore[no-untyped-def]
    data_dir, first, second, counts_after_first = demo_runs
    assert counts_after_first["cases"] == 4
    assert "cases confirmed by the demo script: 4" in first
    assert "cases confirmed by the demo script: 0" in second
    html = (data_dir / "digest-preview.html").read_text(encoding="utf-8")
    assert "New confirmed cases in" in html and ": 4</h2>" in html
    assert "data:image/png;base64," in html  # the browser preview carries the chart inline
    assert "cid:" in (data_dir / "digest-preview.eml").read_text(encoding="utf-8")  # the email, by Content-ID


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_serving_demo_stops_on_sigterm_and_ctrl_c(tmp_path: Path, sig: signal.Signals) -> None:
    """After the crawl the process must answer signals again (Scrapy had replaced the handlers)."""
    demo = subprocess.Popen(
        [sys.executable, "-m", "defwatch", "demo", "--port", "0", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        # a child of a non-interactive shell may inherit SIGINT ignored; the demo must not be
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert demo.stdout is not None
        deadline = time.monotonic() + 240
        for line in demo.stdout:
            if "Ctrl-C to stop" in line or time.monotonic() > deadline:
                break
        else:
            pytest.fail("the demo ended before serving")
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        assert requests.get(url.group(0) + "login", timeout=10).status_code == 200
        demo.send_signal(sig)
        assert demo.wait(timeout=10) is not None
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
