"""Wanting, planning or trying to leave is not leaving, in the languages whose word order the
English rule does not fit (watch.unrealised_before / unrealised_after): invented articles, each
with a control in which the person did leave."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import analyse, judge

# (language, title, a wish or an attempt only, the same person having left)
WISHES = [
    (
        "fr",
        "Un jihadiste exécuté",
        "BAMAKO - Moussa Traoré, 27 ans, a voulu quitter l'État islamique au Sahara en 2020. Il a été "
        "exécuté par ses chefs avant d'atteindre Gao, selon sa famille.",
        "BAMAKO - Moussa Traoré, 27 ans, a quitté l'État islamique au Sahara en 2020. Il vit aujourd'hui "
        "à Gao, selon sa famille.",
    ),
    (
        "de",
        "Tod in Rakka",
        "BONN - Jonas W., 24, wollte den Islamischen Staat verlassen, doch er wurde 2016 in Rakka von der "
        "Terrormiliz hingerichtet, sagt seine Mutter.",
        "BONN - Jonas W., 24, hat den Islamischen Staat verlassen und lebt heute wieder in Bonn, sagt "
        "seine Mutter.",
    ),
    (
        "tr",
        "Dağdan inemedi",
        "ŞIRNAK - 23 yaşındaki Rojda K., 2019'da PKK'dan ayrılıp güvenlik güçlerine teslim olmak istedi "
        "ama komutanları onu dağdan indirmedi, dedi ağabeyi.",
        "ŞIRNAK - 23 yaşındaki Rojda K., 2019'da PKK'dan ayrılıp güvenlik güçlerine teslim oldu, dedi "
        "ağabeyi.",
    ),
]


@pytest.mark.parametrize(("lang", "title", "wish", "left"), WISHES, ids=[w[0] for w in WISHES])
def test_a_wish_to_leave_is_not_an_account(
    rules: WatchRules, lang: str, title: str, wish: str, left: str
) -> None:
    assert not judge(title, wish, rules).flagged
    assert judge(title, left, rules).flagged


def test_an_arabic_wish_to_defect_is_not_counted(rules: WatchRules) -> None:
    text = (
        "الرقة - قال أقارب أحمد السالم، 26 عاما، إنه أراد الانشقاق عن داعش عام 2017 لكن التنظيم اكتشف "
        "أمره قبل أن يصل إلى الحدود."
    )
    hits = analyse("إعدام شاب في الرقة", text, rules)[3]
    assert [h.counted for h in hits] == [False]
