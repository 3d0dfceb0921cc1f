"""A year of birth is an age once the article's date is known (fifteenth session)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from alerts.birthyear import birth_ages, publication_date
from alerts.judge import judge_pending
from alerts.rules import WatchRules
from alerts.score import judge, score_record
from storage.alerts import list_alerts
from storage.articles import NewArticle, add_article
from storage.db import open_db

SPRING = date(2025, 3, 10)


@pytest.mark.parametrize(
    ("sentence", "age"),
    [
        ("He was born in 1994 in a village near Kunduz.", 31),
        ("Rizal, born in Bekasi in May 1989, who goes by one name", 35),  # May has not come yet
        ("Rizal, born in Bekasi in February 1989, who goes by one name", 36),
        ("born 3 March 1946; died 1 March 2025", 79),
        ("She was born on March 30, 1990, in Lyon.", 34),
        ("Ce Rwandais né en 1981 près de Ruhengeri", 44),
        ("née le 3 mars 1990 à Roubaix", 35),
        ("Der Angeklagte, Jahrgang 1990, schwieg.", 35),
        ("Ruslan wurde 1994 in Grosny geboren.", 31),
        ("geboren am 3. März 1990 in Bremen", 35),
        ("1994 doğumlu Ö.K. mahkemede konuştu.", 31),
        ("وهو من مواليد عام 1994 في الموصل", 31),
    ],
)
def test_a_year_of_birth_is_an_age_on_the_publication_date(sentence: str, age: int) -> None:
    assert [b.age for b in birth_ages(sentence, SPRING)] == [age]


@pytest.mark.parametrize(
    "sentence",
    [
        "Il ne savait pas en 1990 que la guerre viendrait.",  # "ne", not "né"
        "Ruslan wurde in Grosny geboren und kam 2003 als Kind nach Wien.",  # the year he came
        "the disarmament scheme born of the 2015 peace agreement",
        "her daughter, born in 2021 in the camp",  # a child: not the one who left
        "He was born in the Ardoyne, the fourth of seven children.",
    ],
)
def test_no_year_of_birth(sentence: str) -> None:
    assert birth_ages(sentence, SPRING) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-10", SPRING),
        ("2025-03-10T23:10:00+00:00", SPRING),
        ("", None),
        (None, None),
        ("March 2025", None),
    ],
)
def test_publication_date(value: object, expected: date | None) -> None:
    assert publication_date(value) == expected


TITLE = "A taxi driver in Hamburg who once fought for the Taliban"
TEXT = (
    "HAMBURG — Nasrat, who asked that his family name be withheld, was born in 1990 in a village in"
    " Helmand. He deserted from the Taliban in 2012 and walked to Iran. \"I was tired of killing,\" he"
    " said. His brother, born in 1996, still lives in the village."
)


def test_the_defectors_age_comes_from_his_year_of_birth_not_his_brothers(rules: WatchRules) -> None:
    j = judge(TITLE, TEXT, rules, published=date(2025, 8, 2))
    assert j.flagged and [(d.name, d.age) for d in j.defectors] == [("Nasrat", 35)], j


def test_without_a_date_no_age_is_guessed(rules: WatchRules) -> None:
    j = judge(TITLE, TEXT, rules)
    assert j.flagged and [(d.name, d.age) for d in j.defectors] == [("Nasrat", None)], j


def test_score_reads_the_records_publication_date(rules: WatchRules) -> None:
    record = {"id": "x", "title": TITLE, "text": TEXT, "published": "2025-08-02"}
    assert [d["age"] for d in score_record(record, rules)["defectors"]] == [35]


def test_the_pipeline_dates_the_age_by_the_articles_publication(rules: WatchRules, tmp_path: Path) -> None:
    db = open_db(tmp_path / "d.db")
    add_article(db, NewArticle(url="https://news.example/nasrat", title=TITLE, text=TEXT, outlet="Example",
                               published_at="2025-08-02T06:00:00+00:00"))
    assert judge_pending(db, rules).alerts_raised == 1
    (alert,) = list_alerts(db)
    assert [(p["name"], p["age"]) for p in alert.fields] == [("Nasrat", 35)]
