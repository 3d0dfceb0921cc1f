"""`defwatch articles --json` and `defwatch search --json` as a script sees them (issue 4, DESIGN.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STORY = (
    "A former fighter who left the Islamic State group last spring spoke to reporters in Gaziantep about "
    "the months he spent in Raqqa, the executions he witnessed and the smuggler he paid to take him across "
    "the border. He said commanders stole food meant for the fighters and that foreign recruits were treated "
    "better than local ones. He now works in a bakery and fears informers in the town where he lives."
)


def defwatch(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(ROOT / "feeds.yml"), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    records = [
        {
            "id": "a",
            "url": "https://www.a.example/2024/defector/?utm_source=rss",
            "title": "Defector speaks",
            "text": STORY,
            "outlet": "A",
            "published": "2024-03-01T08:00:00Z",
        },
        {
            "id": "b",
            "url": "https://b.example/wire/77",
            "title": "Ex-fighter tells of Raqqa",
            "text": "B NEWS - " + STORY + " This story was first published by a partner.",
            "outlet": "B",
            "published": "2024-03-02T08:00:00Z",
        },
        {
            "id": "c",
            "title": "Council budget",
            "outlet": "C",
            "published": "2024-03-03T08:00:00Z",
            "text": "The town council approved the budget for roads and schools after a long debate.",
        },
    ]
    path = folder / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = defwatch(folder / "d.db", "ingest", str(path))
    assert result.returncode == 0, result.stderr
    return folder / "d.db"


def test_articles_json_has_the_documented_fields(db: Path) -> None:
    result = defwatch(db, "articles", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 3
    for row in rows:
        assert {"id", "url", "canonical_url", "cluster_id", "outlet", "published_at", "kind", "score"} <= set(
            row
        )
        assert row["kind"] in ("account", "aggregate", "other") and 0.0 <= row["score"] <= 1.0
    by_outlet = {row["outlet"]: row for row in rows}
    assert by_outlet["A"]["url"] == "https://www.a.example/2024/defector/?utm_source=rss"
    assert by_outlet["A"]["canonical_url"] == "https://a.example/2024/defector"
    assert by_outlet["B"]["cluster_id"] == by_outlet["A"]["cluster_id"] == by_outlet["A"]["id"]
    assert by_outlet["C"]["cluster_id"] == by_outlet["C"]["id"]
    assert by_outlet["C"]["url"] == "urn:defwatch:ingest:in.jsonl:c"
    assert [row["outlet"] for row in rows] == ["C", "B", "A"]  # newest first


def test_search_json_ranks_and_highlights(db: Path) -> None:
    result = defwatch(db, "search", "smugglers", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["outlet"] for row in rows] == ["A", "B"]  # stemmed; the shorter copy ranks first
    assert all("[smuggler]" in row["snippet"] for row in rows)
    nothing = defwatch(db, "search", 'budget" OR (', "--json")
    assert nothing.returncode == 0 and json.loads(nothing.stdout) == []
    table = defwatch(db, "search", "budget")
    assert "Council budget" in table.stdout
