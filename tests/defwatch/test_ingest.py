"""`defwatch ingest`: batches, dedupe, judging, resuming and malformed lines (issue 4)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from alerts.rules import WatchRules
from defwatch.config import load_config
from defwatch.ingest import ingest_file, synthetic_url
from storage.articles import count_articles
from storage.db import open_db

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from ingest import pairwise, run  # noqa: E402

EVAL = ROOT / "tests" / "fixtures" / "eval" / "own.jsonl"


@pytest.fixture(scope="module")
def rules() -> WatchRules:
    return load_config(str(ROOT / "feeds.yml"), fall_back_to_default=False).config.watch


def archive(tmp_path: Path) -> Path:
    """The invented eval articles, plus a syndicated copy and an exact re-post of the first ten."""
    records = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    lines = [
        json.dumps({k: r[k] for k in ("id", "title", "text", "url", "published", "outlet")}) for r in records
    ]
    for r in records[:10]:
        copy = {
            "id": r["id"] + "-wire",
            "title": "WIRE: " + r["title"],
            "outlet": "Wire",
            "text": "(Wire) "
            + r["text"].replace(" the ", " a ", 2)
            + "\n\nCopyright Wire. All rights reserved.",
        }
        lines.append(json.dumps(copy))  # no url: a synthetic one from the file name and id
        lines.append(json.dumps({**r, "id": r["id"] + "-re", "url": r["url"] + "-repost"}))
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def state(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Everything ingest writes, without timestamps."""
    db = open_db(db_path)
    queries = {
        "articles": "SELECT id, url, canonical_url, content_hash, cluster_id, kind, score FROM articles",
        "urls": "SELECT url, article_id FROM article_urls",
        "alerts": "SELECT id, article_id, cluster_id, score, kind, fields, status FROM alerts",
        "index": "SELECT article_id, sig, shingles FROM nd_signatures",
    }
    return {name: db.execute(sql + " ORDER BY 1").fetchall() for name, sql in queries.items()}


def test_ingest_stores_clusters_and_judges(tmp_path: Path, rules: WatchRules) -> None:
    path = archive(tmp_path)
    db = open_db(tmp_path / "d.db")
    summary = ingest_file(db, path, rules, batch_size=16)
    assert (summary.read, summary.stored, summary.known, summary.malformed) == (113, 113, 0, [])
    assert summary.copies == 20 and summary.judged == 113
    counts = count_articles(db)
    assert counts == {"articles": 113, "clusters": 93, "unjudged": 0}
    clusters = dict(db.execute("SELECT url, cluster_id FROM articles").fetchall())
    first = json.loads(EVAL.read_text(encoding="utf-8").splitlines()[0])
    assert clusters[synthetic_url(path.name, "o001-wire")] == clusters[first["url"]]
    assert clusters[first["url"] + "-repost"] == clusters[first["url"]]
    # one alert per story, however many copies were flagged
    assert (
        db.execute("SELECT COUNT(*), COUNT(DISTINCT cluster_id) FROM alerts").fetchone()[0]
        == summary.alerts_raised
    )
    assert summary.alerts_raised > 0
    dupes = db.execute("SELECT cluster_id FROM alerts GROUP BY cluster_id HAVING COUNT(*) > 1").fetchall()
    assert dupes == []


def test_rerun_skips_everything_stored(tmp_path: Path, rules: WatchRules) -> None:
    path = archive(tmp_path)
    db = open_db(tmp_path / "d.db")
    ingest_file(db, path, rules)
    before = state(tmp_path / "d.db")
    again = ingest_file(db, path, rules)
    assert (again.stored, again.known, again.judged) == (0, 113, 0)
    assert state(tmp_path / "d.db") == before


def test_interrupted_run_resumes_to_the_same_state(tmp_path: Path, rules: WatchRules) -> None:
    path = archive(tmp_path)
    ingest_file(open_db(tmp_path / "whole.db"), path, rules, batch_size=10)

    db = open_db(tmp_path / "cut.db")
    batches = 0

    def stop_after_three(_: int) -> None:
        nonlocal batches
        batches += 1
        if batches == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_file(db, path, rules, batch_size=10, on_progress=stop_after_three)
    assert count_articles(db)["articles"] == 30
    rest = ingest_file(db, path, rules, batch_size=10)
    assert (rest.stored, rest.known) == (83, 30)
    assert state(tmp_path / "cut.db") == state(tmp_path / "whole.db")


def test_a_gzip_archive_is_read_as_it_is(tmp_path: Path, rules: WatchRules) -> None:
    """The same articles from archive.jsonl.gz as from archive.jsonl; a cut-short .gz keeps its
    first part and says where it broke."""
    import gzip

    plain = archive(tmp_path)
    packed = tmp_path / "packed" / plain.name
    packed.parent.mkdir()
    packed = packed.with_suffix(".jsonl.gz")
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    whole = ingest_file(open_db(tmp_path / "plain.db"), plain, rules)
    progress: list[int] = []
    unpacked = ingest_file(open_db(tmp_path / "gz.db"), packed, rules, on_progress=progress.append)
    assert (unpacked.stored, unpacked.copies, unpacked.malformed) == (whole.stored, whole.copies, [])
    assert progress[-1] == packed.stat().st_size

    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed.read_bytes()[: packed.stat().st_size // 2])
    broken = ingest_file(open_db(tmp_path / "cut.db"), cut, rules, batch_size=10)
    assert 0 < broken.stored < whole.stored
    assert len(broken.malformed) == 1 and "damaged or cut short" in broken.malformed[0].reason


def test_malformed_lines_are_reported_and_skipped(tmp_path: Path, rules: WatchRules) -> None:
    good = json.dumps({"id": "a1", "title": "Fine", "text": "A perfectly ordinary line of text."})
    lines = [
        good,
        "{not json",
        "[1, 2]",
        json.dumps({"id": "x", "title": "no text"}),
        json.dumps({"title": "no id or url", "text": "t"}),
        json.dumps({"id": "y", "text": "t", "published": 2024}),
        "",
        json.dumps({"url": "https://a.example/2", "text": "Only a URL is fine too."}),
        json.dumps({"url": "javascript:alert(1)", "text": "A link a reviewer would click."}),
        json.dumps({"id": "z", "text": "t", "published": "yesterday"}),
        json.dumps({"id": "w", "text": "Dated and zoned.", "published": "2025-03-06T14:30:00Z"}),
    ]
    path = tmp_path / "bad.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe broken\n")
    summary = ingest_file(open_db(tmp_path / "d.db"), path, rules)
    assert summary.stored == 3
    assert [(m.line, m.reason.split(" (")[0].split(", not")[0]) for m in summary.malformed] == [
        (2, "not JSON"),
        (3, "a JSON list"),
        (4, "no 'text' string"),
        (5, "neither 'url' nor 'id': nothing to recognise the article by on a re-run"),
        (6, "'published' must be a string"),
        (9, "'url' must be an http(s) URL"),
        (10, "'published' must be an ISO 8601 date like 2025-03-06 or 2025-03-06T14:30:00Z"),
        (12, "not UTF-8"),
    ]


def test_cli_reports_malformed_lines_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "hello there"}) + "\n{oops\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "defwatch",
        "--db",
        str(tmp_path / "d.db"),
        "--config",
        str(ROOT / "feeds.yml"),
        "ingest",
        str(path),
    ]
    result = subprocess.run([*command, "--json"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert f"{path}:2: skipped: not JSON" in result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["stored"] == 1 and summary["malformed"][0]["line"] == 2
    again = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert "0 stored" in again.stdout and "1 already known" in again.stdout


def test_benchmark_logic_at_small_scale(tmp_path: Path) -> None:
    """benchmarks/ingest.py end to end on 1500 articles: the figures exist and dedupe is right."""
    result = run(1500, seed=3, workdir=tmp_path, quiet=True)
    for key in ("articles_per_s", "scale_ratio", "nd_precision", "nd_recall", "floor_ratio", "bytes_per_1k"):
        assert result[key] > 0
    assert result["nd_precision"] >= 0.99 and result["nd_recall"] >= 0.97
    assert result["stored"] == 1500 and result["judged"] == 1500


def test_pairwise_scores() -> None:
    assert pairwise([1, 1, 2, 2], [5, 5, 6, 6]) == (1.0, 1.0)
    assert pairwise([1, 1, 2, 2], [5, 5, 5, 5]) == (2 / 6, 1.0)
    assert pairwise([1, 1, 1, 2], [5, 5, 6, 7]) == (1.0, 1 / 3)
