"""Classes of phrasing added in the twentieth session (validation on every labelled set): a name
found for the only defector after all still tells the gender, and a country closing one sentence
does not qualify the noun opening the next; one invented article each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from tests.alerts.judged import fields_of

FIELDS = {
    # Turkish has no "he": a name the article gives only where no defection term stands beside it
    # ("Muhammed Kaya ... anlattı") is still a man's name
    "a Turkish man's name found after all": (
        "Rakka'dan kaçan genç anlattı",
        "ŞANLIURFA - Terör örgütü DEAŞ'tan kaçarak Türkiye'ye sığınan 25 yaşındaki Suriyeli genç"
        " yaşadıklarını anlattı.\n\nBugün bir lokantada çalışan Muhammed Kaya, örgütün infazlarını"
        " izlemeye zorlandıklarını söyledi. Kaya, ailesiyle birlikte Suriye'ye dönmeyi umuyor.",
        ("name", "gender"),
        [("Muhammed Kaya", "m")],
    ),
    # "... جنوبي تركيا. المقاتل السابق": the country that closes the first sentence (where he lives
    # now) does not make "the former fighter" opening the next a Turkish fighter; his origin follows
    "a country closing a sentence before a noun": (
        "مقاتل سابق في هيئة تحرير الشام يروي قصته",
        "غازي عنتاب - يتابع سامر (اسم مستعار) أخبار بلده كل مساء من غرفته في غازي عنتاب جنوبي تركيا."
        " المقاتل السابق في «هيئة تحرير الشام»، البالغ من العمر 31 عاماً، ترك الهيئة عام 2021.\n\n"
        "انضم سامر، المتحدر من ريف حماة، إلى «جبهة النصرة» عام 2014.",
        ("name", "nationality"),
        [("سامر", "Syria")],
    ),
}


@pytest.mark.parametrize("case", FIELDS)
def test_fields(rules: WatchRules, case: str) -> None:
    title, text, names, expected = FIELDS[case]
    assert fields_of(rules, title, text, names) == expected
