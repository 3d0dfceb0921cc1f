"""`defwatch score --eval`: the figures over labelled articles, and floors that keep them honest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from alerts.evaluate import evaluate, format_report, pair_defectors
from defwatch.cli import cli
from defwatch.config import load_config

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "tests" / "fixtures" / "eval" / "own.jsonl"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def records(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_counts_on_a_tiny_labelled_set() -> None:
    rules = load_config(str(ROOT / "feeds.yml")).config.watch
    account = {
        "id": "a",
        "label": "account",
        "title": "Former IS fighter speaks",
        "text": "Omar Haddad, 27, a Syrian, deserted the Islamic State last year. He said the beheadings "
        "sickened him. He now lives in Gaziantep.",
        "defectors": [
            {
                "name_or_alias": "Omar Haddad",
                "age": 27,
                "gender": "m",
                "nationality": "Syria",
                "reasons": ["brutality"],
                "now_in": "Turkey",
            }
        ],
    }
    negative = {
        "id": "n",
        "label": "negative",
        "title": "MP defects",
        "text": "An MP defected to Reform UK.",
        "defectors": [],
    }
    result = evaluate([account, negative], rules)
    assert result["account"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert result["fields"]["age"] == {
        "accuracy": 1.0,
        "stated": 1,
        "accuracy_flagged": 1.0,
        "stated_flagged": 1,
    }
    assert result["reasons"]["recall"] == 1.0
    assert "precision 1.000" in format_report(result)

    missed = dict(account, id="m", title="Weather", text="Rain is forecast for Raqqa on Tuesday.")
    both = evaluate([account, missed], rules)
    # a missed account makes every stated field wrong; the flagged-only figure keeps extraction apart
    assert both["fields"]["age"] == {
        "accuracy": 0.5,
        "stated": 2,
        "accuracy_flagged": 1.0,
        "stated_flagged": 1,
    }
    assert both["reasons"]["f1_flagged"] == result["reasons"]["f1"]
    assert "flagged accounts: 1.000 over 1" in format_report(both)


def test_people_are_paired_by_name_before_order() -> None:
    labelled = [{"name_or_alias": "Liban"}, {"name_or_alias": "Abdikarim"}]
    predicted = [{"name": "Abdikarim"}, {"name": "Liban"}]
    assert pair_defectors(labelled, predicted) == [{"name": "Liban"}, {"name": "Abdikarim"}]


def test_countries_are_compared_as_countries_not_spellings() -> None:
    """A label may spell a country in full where extraction gives the name news uses."""
    rules = load_config(str(ROOT / "feeds.yml")).config.watch
    account = {
        "id": "c",
        "label": "account",
        "title": "Militia fighter gives up his gun",
        "text": "Jean-Paul Mbuyi, 24, a Congolese, deserted the ADF in Beni last year. He now lives in Goma.",
        "defectors": [
            {"name_or_alias": "Jean-Paul Mbuyi", "nationality": "Democratic Republic of the Congo",
             "now_in": "Democratic Republic of Congo"}
        ],
    }
    fields = evaluate([account], rules)["fields"]
    assert fields["nationality"]["accuracy"] == 1.0 and fields["now_in"]["accuracy"] == 1.0


def test_a_dual_nationals_label_accepts_either_country() -> None:
    """A labeller may write a dual national's nationality as "Germany; Turkey": either is right."""
    rules = load_config(str(ROOT / "feeds.yml")).config.watch
    account = {
        "id": "d",
        "label": "account",
        "title": "Returnee on trial",
        "text": "Emre K., 30, a German citizen, deserted from the Islamic State in 2017. He told the court he"
        " had seen executions in Raqqa.",
        "defectors": [{"name_or_alias": "Emre K.", "nationality": "Germany; Turkey", "now_in": "Germany"}],
    }
    assert evaluate([account], rules)["fields"]["nationality"]["accuracy"] == 1.0


def test_own_set_through_the_cli_as_json() -> None:
    result = CliRunner().invoke(
        cli, ["--config", str(ROOT / "feeds.yml"), "score", "--eval", "--json", str(OWN)]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["articles"] == len(records(OWN))
    # floors below the measured figures (docs/detection.md), so a regression fails loudly
    assert figures["account"]["precision"] >= 0.9 and figures["account"]["recall"] >= 0.85
    assert figures["aggregate"]["flagged_share"] <= 0.1


@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/dev.jsonl is not here")
def test_shared_dev_set() -> None:
    result = evaluate(records(DEV), load_config(str(ROOT / "feeds.yml")).config.watch)
    assert result["account"]["recall"] >= 0.9 and result["account"]["precision"] >= 0.85
    assert result["fields"]["gender"]["accuracy"] >= 0.8
