"""SIGKILL `defwatch ingest` at random points, run it again, and find nothing lost or doubled (issue 4).

Each round starts the real command as a subprocess and kills it after a random delay (during
start-up, a migration, a batch or judging). After every kill the database must pass SQLite's
and FTS5's integrity checks, hold no duplicate articles, URLs, clusters or alerts, and still
hold everything committed before. A last run to completion must leave exactly the state of a
run that was never interrupted. Set DEFWATCH_CRASH_SEED to replay a failure.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.db import connect

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate  # noqa: E402

EVAL = ROOT / "tests" / "fixtures" / "eval" / "own.jsonl"
ROUNDS = 6
BATCH = "25"


def write_archive(path: Path) -> int:
    records = []
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        records.append({k: r[k] for k in ("id", "title", "text", "url", "published", "outlet")})
        records.append(
            {
                **records[-1],
                "id": r["id"] + "-copy",
                "url": None,
                "title": "Copy: " + r["title"],
                "text": "WIRE - " + r["text"] + " All rights reserved.",
            }
        )
    for record in generate(500, seed=5):
        records.append(
            {
                "id": record.id,
                "title": record.title,
                "text": record.text,
                "url": record.url,
                "published": record.published,
                "outlet": record.outlet,
            }
        )
    random.Random(9).shuffle(records)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return len(records)


def command(db: Path, archive: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "defwatch",
        "-q",
        "--db",
        str(db),
        "--config",
        str(ROOT / "feeds.yml"),
        "ingest",
        str(archive),
        "--batch-size",
        BATCH,
    ]


def run_to_completion(db: Path, archive: Path) -> None:
    result = subprocess.run(command(db, archive), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def check(db_path: Path) -> dict[str, set[tuple[object, ...]]]:
    """Integrity and uniqueness; returns the committed rows that must never change or vanish."""
    db = connect(db_path)
    try:
        if "articles" not in db.table_names():  # killed before the first migration committed
            return {"articles": set(), "judged": set(), "alerts": set()}
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")

        def one(sql: str) -> int:
            return int(db.execute(sql).fetchone()[0])

        assert one("SELECT COUNT(*) - COUNT(DISTINCT canonical_url) FROM articles") == 0
        assert one("SELECT COUNT(*) - COUNT(DISTINCT url) FROM articles") == 0
        assert one("SELECT COUNT(*) - COUNT(DISTINCT cluster_id) FROM alerts") == 0
        assert one("SELECT COUNT(*) FROM articles WHERE cluster_id IS NULL") == 0
        # a cluster is named after its first article, which exists and is its own cluster
        assert one(
            "SELECT COUNT(*) FROM articles a LEFT JOIN articles c ON c.id = a.cluster_id"
            " WHERE c.id IS NULL OR c.cluster_id != c.id"
        ) == 0
        assert one("SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article_id FROM article_urls)") == 0
        assert one("SELECT COUNT(*) FROM articles_fts") == one("SELECT COUNT(*) FROM articles")
        rows = lambda sql: set(db.execute(sql).fetchall())  # noqa: E731
        return {
            "articles": rows("SELECT id, canonical_url, content_hash, cluster_id FROM articles"),
            "judged": rows("SELECT id, kind, score FROM articles WHERE judged_at IS NOT NULL"),
            "alerts": rows("SELECT id, article_id, cluster_id FROM alerts"),
        }
    finally:
        db.close()


def state(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = connect(db_path)
    queries = {
        "articles": "SELECT id, url, canonical_url, content_hash, cluster_id, kind, score FROM articles",
        "urls": "SELECT url, article_id FROM article_urls",
        "alerts": "SELECT id, article_id, cluster_id, score, kind, fields, status FROM alerts",
        "signatures": "SELECT article_id, sig, shingles FROM nd_signatures",
        "bands": "SELECT * FROM nd_bands UNION ALL SELECT * FROM nd_bands_recent",
    }
    result = {name: db.execute(sql + " ORDER BY 1, 2").fetchall() for name, sql in queries.items()}
    db.close()
    return result


@pytest.mark.timeout(180)
def test_sigkill_at_random_points_loses_and_doubles_nothing(tmp_path: Path) -> None:
    seed = int(os.environ.get("DEFWATCH_CRASH_SEED") or random.SystemRandom().randrange(10**6))
    print(f"crash-safety seed: {seed} (DEFWATCH_CRASH_SEED={seed} to replay)")
    rng = random.Random(seed)
    archive = tmp_path / "archive.jsonl"
    total = write_archive(archive)

    reference = tmp_path / "reference.db"
    started = time.monotonic()
    run_to_completion(reference, archive)
    duration = time.monotonic() - started
    assert check(reference)["alerts"]

    db = tmp_path / "killed.db"
    committed: dict[str, set[tuple[object, ...]]] = {"articles": set(), "judged": set(), "alerts": set()}
    kills = 0
    for round_ in range(ROUNDS):
        process = subprocess.Popen(command(db, archive), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(0.3, duration)  # start-up takes a good part of it: aim past it mostly
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        now = check(db)
        print(f"round {round_}: killed after {delay:.2f} s; committed", {k: len(v) for k, v in now.items()})
        for key, rows in committed.items():
            lost = sorted(rows - now[key])[:3]
            assert not lost, f"round {round_}: committed {key} lost or changed: {lost}"
        committed = now
    assert kills > 0
    run_to_completion(db, archive)
    final = check(db)
    assert len(final["articles"]) <= total and len(final["judged"]) == len(final["articles"])
    assert state(db) == state(reference)
