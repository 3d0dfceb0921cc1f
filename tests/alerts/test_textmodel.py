"""The seed model (alerts/textmodel.py): training with a leave-one-set-out threshold, its JSON file,
the OR-blend with the rules, the daemon's use of a file beside the database, and the CLI.

Training runs on small slices of two labelled sets so that the suite stays quick; the figures of a
model trained on all the sets are in docs/seedmodel.md."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from alerts import textmodel
from alerts.judge import judge_pending, seed_model
from alerts.score import Judgement, judge
from alerts.textmodel import (
    SEED_TERM,
    THRESHOLDS,
    ReasonWeights,
    SeedModel,
    SeedModelError,
    _Held,
    choose_threshold,
    load_seed_model,
    or_blend,
    save_seed_model,
    seed_model_path_for,
    train_seed_model,
)
from defwatch.cli import cli
from defwatch.config import load_config
from storage.alerts import list_alerts
from storage.articles import NewArticle, add_article
from storage.db import open_db

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "tests" / "fixtures" / "eval"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
RULES = load_config(str(ROOT / "feeds.yml")).config.watch
SLICE = 30
# Names no watched group and uses no defection term: the rules alone never flag it.
PLAIN = ("Harvest festival draws crowds", "Farmers sold apples and pears at the market on Sunday.")


def records(path: Path, n: int = SLICE) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:n]


def small_sets() -> dict[str, list[dict[str, Any]]]:
    return {"holdout5": records(EVAL / "holdout5.jsonl"), "holdout6": records(EVAL / "holdout6.jsonl")}


@pytest.fixture(scope="module")
def trained() -> SeedModel:
    return train_seed_model(small_sets(), RULES, now=datetime(2026, 11, 1, tzinfo=UTC))


def always(threshold: float = 0.5) -> SeedModel:
    """A hand-made model whose probability is about 0.99 for any article."""
    return SeedModel(
        trained_at="2026-11-01T00:00:00Z", examples=10, positives=5, sets=["a", "b"],
        threshold=threshold, intercept=5.0, coef={1: 0.001}, cv={},
    )


def test_training_chooses_a_threshold_from_the_grid_and_keeps_its_figures(trained: SeedModel) -> None:
    assert trained.threshold in THRESHOLDS
    assert trained.sets == ["holdout5", "holdout6"] and trained.examples == 2 * SLICE
    cv = trained.cv
    assert cv["scheme"] == "leave-one-set-out" and set(cv["folds"]) == {"holdout5", "holdout6"}
    assert sum(f["articles"] for f in cv["folds"].values()) == cv["pooled"]["articles"] == 2 * SLICE
    for figures in [cv["pooled"], *cv["folds"].values()]:
        assert set(figures) == {"articles", "rules", "model", "or"}
    # the OR-blend only adds flags: never fewer true positives than the rules
    assert cv["pooled"]["or"]["tp"] >= cv["pooled"]["rules"]["tp"]
    chosen = cv["thresholds"][str(trained.threshold)]["precision"]
    lower = [t for t in THRESHOLDS if t < trained.threshold]
    assert chosen >= cv["precision_floor"] or trained.threshold == THRESHOLDS[-1]
    assert all((cv["thresholds"][str(t)]["precision"] or 0) < cv["precision_floor"] for t in lower)


def test_save_and_load_round_trip(trained: SeedModel, tmp_path: Path) -> None:
    path = save_seed_model(trained, tmp_path / "m.json")
    data = json.loads(path.read_text(encoding="utf-8"))  # plain JSON: loading it runs no code
    assert data["format"] == "defwatch-seed-model" and data["threshold"] == trained.threshold
    again = load_seed_model(path)
    assert again == trained
    first = records(EVAL / "holdout6.jsonl", 1)[0]
    title, text = first["title"], first["text"]
    assert again.probability(title, text) == pytest.approx(trained.probability(title, text))
    assert 0 < trained.probability(*PLAIN) < 1


def test_foreign_or_unreadable_files_are_refused_naming_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    for body in (b'{"format": "defwatch-reviewer-model"}', b"\x80\x04\x95pickle", b"not json", b"[]"):
        bad.write_bytes(body)
        with pytest.raises(SeedModelError, match="defwatch model seed"):
            load_seed_model(bad)
    with pytest.raises(SeedModelError, match="cannot read"):
        load_seed_model(tmp_path / "missing.json")


@pytest.mark.parametrize(
    "change,why",
    [
        ({"threshold": 1.5}, "threshold 1.5 is outside"),
        ({"intercept": "NaN"}, "not a finite number"),
        ({"coef": {str(2**21 + 3): 1.0}}, "index is outside"),
        ({"coef": {"x": 1.0}}, "damaged"),
        ({"coef": {}}, "no coefficients"),
        ({"positives": 0}, "do not fit"),
        ({"sets": None}, "damaged"),
    ],
)
def test_hand_edited_numbers_are_refused_before_scoring(
    tmp_path: Path, change: dict[str, Any], why: str
) -> None:
    data = always().to_json()
    data.update(change)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SeedModelError, match=why):
        load_seed_model(path)


def held(p: float, positive: bool, rules: bool = False) -> _Held:
    return _Held("f", positive, rules, not rules, p)


def test_threshold_keeps_pooled_precision_at_the_floor_with_the_best_f1() -> None:
    # 9 accounts the model is sure of, 1 found by the rules; negatives at 0.55 and two at 0.72 keep
    # the OR precision under 0.90 (10/13, 10/12) while the threshold lets them through.
    cases = [held(0.97, True) for _ in range(9)] + [held(0.1, True, rules=True)]
    cases += [held(0.55, False), held(0.72, False), held(0.72, False), held(0.2, False)]
    assert choose_threshold(cases) == 0.75
    # a lower floor lets 0.60 in (10/12), but 0.75 loses no account and adds no false alarm
    assert choose_threshold(cases, floor=0.8) == 0.75
    # when nothing reaches the floor, the highest threshold (fewest false alarms)
    assert choose_threshold([held(0.99, False), held(0.99, True)]) == THRESHOLDS[-1]


def test_threshold_gives_up_few_accounts_for_many_false_alarms() -> None:
    """At 0.50 the blend finds one account more than at 0.60 but adds three false alarms: precision
    0.91 clears the floor there, yet F1 is better at 0.60 (1.00 / 0.97 against 0.91 / 1.00)."""
    cases = [held(0.97, True) for _ in range(29)] + [held(0.52, True)]
    cases += [held(0.53, False), held(0.54, False), held(0.56, False)]
    assert choose_threshold(cases) == 0.6
    assert choose_threshold(cases[:30]) == 0.5  # no false alarm to trade: the lowest keeps every account


def test_an_added_flag_carries_the_person_the_article_is_most_about() -> None:
    """No defection term anchors anyone here (the rules do not flag it), so the seed model's flag
    takes the most-mentioned person who is not an official, with the fields the text states."""
    title = "The carpenter of Zamboanga"
    text = (
        "A port official spoke briefly to reporters on Monday. Karim Haddad, 34, a Lebanese carpenter,"
        " spent four years on Basilan with the Abu Sayyaf. Today Haddad repairs fishing boats in"
        " Zamboanga, where he rents a room above a bakery. Haddad says the money he was promised never came."
    )
    other = judge(title, text, RULES)
    assert not other.flagged
    [person] = or_blend(other, 0.9, 0.6, title, text, RULES).defectors
    assert (person.name, person.age, person.gender, person.nationality, person.group, person.now_in) == (
        "Karim Haddad", 34, "m", "Lebanon", "Abu Sayyaf", "Philippines"
    )


def test_or_blend_only_adds_flags_and_keeps_aggregates() -> None:
    title, text = PLAIN
    other = Judgement(score=0.02, flagged=False, kind="other", defectors=(), matched_terms=())
    added = or_blend(other, 0.81, 0.7, title, text, RULES)
    assert added.flagged and added.kind == "account" and added.score == 0.81
    assert added.defectors == () and any(t.startswith(SEED_TERM) for t in added.matched_terms)
    assert or_blend(other, 0.69, 0.7, title, text, RULES) == other
    aggregate = replace(other, kind="aggregate", matched_terms=("defectors",))
    assert or_blend(aggregate, 0.99, 0.7, title, text, RULES) == aggregate
    article = records(EVAL / "own.jsonl", 200)
    flagged = next(judge(r["title"], r["text"], RULES) for r in article if r["label"] == "account"
                   and judge(r["title"], r["text"], RULES).flagged)
    assert or_blend(flagged, 0.99, 0.7, title, text, RULES) == flagged
    assert or_blend(flagged, 0.01, 0.7, title, text, RULES) == flagged


@pytest.mark.parametrize(
    "title",
    [
        "Student who tried to reach Syria to join Islamic State is sentenced",
        "Al-Shabaab commander captured in dawn raid near Kismayo, army says",
        "Genç, DEAŞ'a katılmak için sınırı geçerken yakalandı",
    ],
)
def test_no_flag_is_added_where_the_headline_tells_of_joining_or_capture(title: str) -> None:
    """A headline about going into a group or being caught, with no leaving in it, is the story of a
    recruit or a prisoner, however much the text reads like an account; the rules still judge it."""
    text = (
        "Yusuf Ali, 22, spent two years with the group before he was stopped. His mother said he had"
        " been a quiet boy who worked in a bakery."
    )
    other = judge(title, text, RULES)
    assert not other.flagged
    assert or_blend(other, 0.95, 0.6, title, text, RULES) == other
    left = "Former fighter who left Islamic State and was captured by the police speaks"
    assert or_blend(judge(left, text, RULES), 0.95, 0.6, left, text, RULES).flagged


@pytest.mark.parametrize(
    "title",
    [
        "Former neo-Nazi: 'I quit when my daughter was born'",
        "From triad enforcer to youth worker",
        "She spent 19 years in a sect. Now she helps others get out",
        "Russian deserter waits for an asylum decision in Lyon",
        "À Lyon, un déserteur russe attend la décision",
        "طيار سوري يروي قصته",
    ],
)
def test_no_flag_is_added_where_the_headline_names_no_armed_group_left(title: str) -> None:
    """A gang, a cult, the Mafia, the far right or a state's army or service is not a militant group
    (the labelling rules): a headline naming one, and no watched group, is another kind of leaving."""
    text = "Lee Chan, 34, spent nine years in it before he walked away. He now runs a gym for teenagers."
    other = judge(title, text, RULES)
    assert or_blend(other, 0.95, 0.6, title, text, RULES) == other
    both = "From street gang to al-Shabaab, and out again"
    assert or_blend(judge(both, text, RULES), 0.95, 0.6, both, text, RULES).flagged


def test_seed_model_judge_keeps_what_the_rules_flag(trained: SeedModel) -> None:
    for r in records(EVAL / "own.jsonl", 40):
        rules_only = judge(r["title"], r["text"], RULES)
        blended = trained.judge(r["title"], r["text"], RULES)
        if rules_only.flagged or rules_only.kind == "aggregate":
            assert blended == rules_only
        else:
            assert blended == rules_only or (blended.flagged and SEED_TERM in blended.matched_terms[-1])


def add_plain(db: Any, n: int) -> None:
    add_article(db, NewArticle(url=f"https://news.example/{n}", title=f"{PLAIN[0]} {n}",
                               text=PLAIN[1] + f" Stall {n}.", outlet="Example"))


def test_judge_pending_uses_a_seed_model_beside_the_database(tmp_path: Path, caplog: Any) -> None:
    db_path = tmp_path / "d.db"
    db = open_db(db_path)
    add_plain(db, 1)
    assert judge_pending(db, RULES).flagged == 0  # no model: the rules alone

    save_seed_model(always(), seed_model_path_for(db_path))
    assert seed_model(db) is not None
    add_plain(db, 2)
    summary = judge_pending(db, RULES)
    assert summary.judged == 1 and summary.flagged == 1 and summary.alerts_raised == 1
    (alert,) = list_alerts(db)
    assert any(t.startswith(SEED_TERM) for t in alert.matched_terms) and alert.kind == "account"

    seed_model_path_for(db_path).write_text('{"format": "defwatch-seed-model", "coef": 5}', encoding="utf-8")
    add_plain(db, 3)
    with caplog.at_level(logging.WARNING):
        summary = judge_pending(db, RULES)
    assert summary.judged == 1 and summary.flagged == 0
    assert "event=seed_model_unusable" in caplog.text and "defwatch model seed" in caplog.text


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def cli_args(db_path: Path, *args: str) -> list[str]:
    return ["--db", str(db_path), "--config", str(ROOT / "feeds.yml"), *args]


def test_cli_model_seed_then_score_with_it(tmp_path: Path) -> None:
    files = [str(write_jsonl(tmp_path / f"{name}.jsonl", rows)) for name, rows in small_sets().items()]
    db_path = tmp_path / "d.db"
    result = CliRunner().invoke(cli, cli_args(db_path, "model", "seed", *files))
    assert result.exit_code == 0, result.output
    assert "pooled" in result.output and "holdout6" in result.output and "threshold" in result.output
    path = seed_model_path_for(db_path)
    assert path.exists() and load_seed_model(path).sets == ["holdout5", "holdout6"]

    out = tmp_path / "elsewhere" / "seed.json"
    as_json = CliRunner().invoke(cli, cli_args(db_path, "model", "seed", *files, "--out", str(out), "--json"))
    assert as_json.exit_code == 0, as_json.output
    figures = json.loads(as_json.output.strip().splitlines()[-1])
    assert figures["model"] == str(out) and figures["threshold"] in THRESHOLDS and out.exists()
    assert set(figures["cv"]["folds"]) == {"holdout5", "holdout6"}

    unseen = str(EVAL / "own.jsonl")
    scored = CliRunner().invoke(
        cli, cli_args(db_path, "score", "--eval", "--json", unseen, "--seed-model", str(out))
    )
    assert scored.exit_code == 0, scored.output
    plain = CliRunner().invoke(cli, cli_args(db_path, "score", "--eval", "--json", unseen))
    with_seed, rules = (json.loads(r.output.strip().splitlines()[-1])["account"] for r in (scored, plain))
    assert with_seed["tp"] >= rules["tp"] and with_seed["fp"] >= rules["fp"]  # it only adds flags

    lines = CliRunner().invoke(cli, cli_args(db_path, "score", unseen, "--seed-model", str(out)))
    assert lines.exit_code == 0
    assert len(lines.output.strip().splitlines()) == len(records(EVAL / "own.jsonl", 999))


def test_cli_bad_input_says_how_to_fix_it(tmp_path: Path) -> None:
    db_path = tmp_path / "d.db"
    one = write_jsonl(tmp_path / "one.jsonl", records(EVAL / "holdout5.jsonl", 10))
    alone = CliRunner().invoke(cli, cli_args(db_path, "model", "seed", str(one)))
    assert alone.exit_code != 0 and "at least 2 labelled files" in alone.output
    unlabelled = write_jsonl(tmp_path / "unlabelled.jsonl", [{"id": "x", "title": "t", "text": "t"}])
    refused = CliRunner().invoke(cli, cli_args(db_path, "model", "seed", str(one), str(unlabelled)))
    assert refused.exit_code != 0 and "unlabelled.jsonl" in refused.output and "'label'" in refused.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    score = CliRunner().invoke(cli, cli_args(db_path, "score", "--eval", str(one), "--seed-model", str(bad)))
    assert score.exit_code != 0 and "defwatch model seed" in score.output
    assert not seed_model_path_for(db_path).exists()


@pytest.mark.skipif(not DEV.exists(), reason=f"{DEV} is not here")
def test_the_shared_development_set_can_be_one_of_the_folds() -> None:
    model = train_seed_model(
        {"dev": records(DEV, 999), "own": records(EVAL / "own.jsonl", SLICE)}, RULES
    )
    assert model.cv["folds"]["dev"]["articles"] == len(records(DEV, 999))
    assert model.threshold in THRESHOLDS


def test_reasons_are_learned_per_reason_and_cross_validated(tmp_path: Path, monkeypatch: Any) -> None:
    """Each reason of the taxonomy with enough examples gets its own regression, cross-validated
    leave-one-set-out against the lexicon alone; the weights survive the file."""
    monkeypatch.setattr(textmodel, "MIN_REASON_EXAMPLES", 2)
    model = train_seed_model(small_sets(), RULES, now=datetime(2026, 11, 1, tzinfo=UTC))
    one_defector = sum(
        r["label"] == "account" and len(r["defectors"]) == 1 for rows in small_sets().values() for r in rows
    )
    cv = model.cv["reasons"]
    assert cv["examples"] == one_defector and cv["threshold"] == textmodel.REASON_THRESHOLD
    assert model.reasons and set(model.reasons) <= set(RULES.reasons) and cv["keys"] == list(model.reasons)
    for figures in (cv["lexicon"], cv["model"]):
        assert set(figures) == {"f1", "tp", "fp", "fn"}
    assert load_seed_model(save_seed_model(model, tmp_path / "m.json")) == model


def test_one_defector_takes_the_models_reasons_and_several_keep_the_lexicons() -> None:
    """With one defector the model's verdict replaces the lexicon's for the reasons it learned (and
    the lexicon keeps those it did not); with several, whose reason is whose cannot be told from the
    whole text, so each keeps the lexicon's."""
    model = replace(
        always(),
        reasons={
            "other": ReasonWeights(intercept=5.0, lexicon=0.0, coef={}),  # always given
            "brutality": ReasonWeights(intercept=-5.0, lexicon=0.0, coef={}),  # never given
        },
    )
    title = "Former al-Shabaab fighter tells of leaving"
    text = (
        "Abdi Noor, 24, left al-Shabaab in 2021. He said he was sickened by the beheadings and that the"
        " commanders kept the money for themselves."
    )
    assert judge(title, text, RULES).defectors[0].reasons == ("brutality", "corruption")
    assert model.judge(title, text, RULES).defectors[0].reasons == ("other", "corruption")
    two = (
        "Abdi Noor, 24, and his cousin Hassan Ali, 22, left al-Shabaab in 2021. Abdi said he was sickened"
        " by the beheadings. Hassan said the commanders kept the money for themselves."
    )
    assert [d.reasons for d in model.judge(title, two, RULES).defectors] == [
        d.reasons for d in judge(title, two, RULES).defectors
    ]


def test_a_file_without_reasons_loads_and_damaged_reason_weights_are_refused(tmp_path: Path) -> None:
    data = always().to_json()
    del data["reasons"]  # written before reasons were learned: the lexicon's reasons stand
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_seed_model(path).reasons == {}
    data["reasons"] = {"other": {"intercept": 0.0, "lexicon": 1.0, "coef": {str(2**20): 1.0}}}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SeedModelError, match="reason 'other'"):
        load_seed_model(path)
