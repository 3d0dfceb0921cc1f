"""`defwatch model train` on a database of reviewer decisions, and the model blended into judging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from alerts.judge import judge_pending, reviewer_model
from alerts.model import ModelError, load_model, model_path_for, train_model
from alerts.score import judge
from defwatch.cli import cli
from defwatch.config import load_config
from storage.alerts import raise_alert
from storage.articles import NewArticle, add_article
from storage.db import open_db
from storage.decisions import confirm_alert_as_new_case, reject_alert

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "tests" / "fixtures" / "eval" / "own.jsonl"
RULES = load_config(str(ROOT / "feeds.yml")).config.watch


def labelled() -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in OWN.read_text(encoding="utf-8").splitlines() if line.strip()]


def decide(db: sqlite_utils.Database, rows: list[dict]) -> None:  # type: ignore[type-arg]
    """Store each article with an alert, then confirm the accounts and reject the rest, as reviewers would."""
    for n, row in enumerate(rows):
        added = add_article(
            db,
            NewArticle(
                url=f"https://news.example/{n}", title=row["title"], text=row["text"], outlet="Example"
            ),
        )
        alert_id, created = raise_alert(
            db, added.article_id, added.cluster_id or added.article_id, 0.6, "account", [], []
        )
        if not created:
            continue
        if row["label"] == "account":
            confirm_alert_as_new_case(db, alert_id, 1, "alice", {"name": f"person {n}"}, None)
        else:
            reject_alert(db, alert_id, 1, "alice", "not_defector", None)


def cli_args(db_path: Path, *args: str) -> list[str]:
    return ["--db", str(db_path), "--config", str(ROOT / "feeds.yml"), *args]


def test_too_few_decisions_says_so(tmp_path: Path) -> None:
    db_path = tmp_path / "few.db"
    decide(open_db(db_path), labelled()[:8])
    result = CliRunner().invoke(cli, cli_args(db_path, "model", "train"))
    assert result.exit_code != 0
    assert "too few reviewer decisions" in result.output
    assert not model_path_for(db_path).exists()


def test_train_prints_cross_validated_figures_and_writes_a_versioned_json_model(tmp_path: Path) -> None:
    db_path = tmp_path / "d.db"
    db = open_db(db_path)
    decide(db, labelled())
    result = CliRunner().invoke(cli, cli_args(db_path, "model", "train", "--json"))
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert out["examples"] >= 80 and out["confirmed"] >= 30
    assert set(out["cv"]["model"]) == {"precision", "recall", "f1", "accuracy"}
    assert out["cv"]["model"]["f1"] > 0.6
    path = model_path_for(db_path)
    data = json.loads(path.read_text(encoding="utf-8"))  # plain JSON: loading it runs no code
    assert data["format"] == "defwatch-reviewer-model" and data["examples"] == out["examples"]
    assert (
        data["trained_at"].endswith("Z") and out["version"] == f"{data['trained_at'][:10]}-n{out['examples']}"
    )
    assert Path(out["copy"]).exists() and out["version"] in out["copy"]

    human = CliRunner().invoke(cli, cli_args(db_path, "model", "train"))
    assert "cross-validated model: precision" in human.output and "rules_only" in human.output

    # the model beside the database is found and blended into judging
    model = reviewer_model(db)
    assert model is not None
    article = labelled()[0]
    plain = judge(article["title"], article["text"], RULES)
    blended = judge(article["title"], article["text"], RULES, model)
    assert plain.score != blended.score
    add_article(
        db,
        NewArticle(
            url="https://news.example/new",
            title="Former IS fighter speaks",
            text="Omar Haddad, 27, a Syrian, deserted the Islamic State. He said he was "
            "sickened by the beheadings.",
            outlet="Example",
        ),
    )
    assert judge_pending(db, RULES).judged >= 1


def test_foreign_or_damaged_model_files_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(bad)
    bad.write_text("\x80\x04pickle", encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(bad)
    bad.write_bytes(b"\x80\x04\x95pickle")  # not UTF-8 at all
    with pytest.raises(ModelError):
        load_model(bad)


@pytest.mark.parametrize(
    "change,why",
    [
        ({"n_features": 0}, "n_features 0 is outside"),
        ({"n_features": -5}, "n_features -5 is outside"),
        ({"rule_coef": [1.0]}, "must each hold"),
        ({"rule_scale": "zeros"}, "is not positive"),
        ({"intercept": "NaN"}, "not a finite number"),
        ({"text_coef": {"99999999": 1.0}}, "outside n_features"),
    ],
)
def test_hand_edited_model_numbers_are_refused_before_scoring(
    tmp_path: Path, change: dict, why: str  # type: ignore[type-arg]
) -> None:
    rows = [(r["title"], r["text"], r["label"] == "account") for r in labelled()]
    data = train_model(rows, RULES).to_json()
    if change.get("rule_scale") == "zeros":
        change = {"rule_scale": [0.0] * len(data["rule_scale"])}
    data.update(change)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match=why):
        load_model(path)


def test_train_model_needs_both_kinds_of_decision() -> None:
    rows = [(r["title"], r["text"], True) for r in labelled()[:30]]
    with pytest.raises(ModelError, match="too few"):
        train_model(rows, RULES)


def test_score_eval_can_blend_a_trained_model(tmp_path: Path) -> None:
    """`score --eval FILE --model PATH`: what the model adds, measured on articles it was not trained on."""
    rows = labelled()
    db_path = tmp_path / "d.db"
    decide(open_db(db_path), rows[:70])
    assert CliRunner().invoke(cli, cli_args(db_path, "model", "train")).exit_code == 0
    unseen = tmp_path / "unseen.jsonl"
    unseen.write_text("".join(json.dumps(r) + "\n" for r in rows[70:]), encoding="utf-8")
    figures = {}
    for extra in ([], ["--model", str(model_path_for(db_path))]):
        result = CliRunner().invoke(cli, cli_args(db_path, "score", "--eval", "--json", str(unseen), *extra))
        assert result.exit_code == 0, result.output
        figures[bool(extra)] = json.loads(result.output.strip().splitlines()[-1])
    assert figures[True]["articles"] == figures[False]["articles"] == len(rows) - 70
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    refused = CliRunner().invoke(cli, cli_args(db_path, "score", "--eval", str(unseen), "--model", str(bad)))
    assert refused.exit_code != 0 and "defwatch model train" in refused.output
