"""Headlines about many people (alerts.score.headline_crowd), and Arabic sentences that end in a
word with a tanween ("قاصراً"), which the sentence splitter used to run on past."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import headline_crowd


@pytest.mark.parametrize(
    "title,many",
    [
        ("Viele IS-Rückkehrer haben sich von der Terrormiliz abgewandt", True),
        ("Hundreds of militants lay down arms in Borno", True),
        ("Des dizaines de repentis accueillis à Mora", True),
        ("Former militant lays down arms in Borno", False),
        ("Many questions remain after ex-fighter's trial", False),
    ],
)
def test_a_quantifier_before_people_in_a_headline(rules: WatchRules, title: str, many: bool) -> None:
    scan = rules.compiled().scan(title, "The story follows.")
    assert headline_crowd(scan, rules.few_max) is many


def test_an_arabic_headline_ending_in_a_tanween_is_its_own_sentence(rules: WatchRules) -> None:
    title = "مركز في مأرب: 412 من العائدين خلال عام بينهم 97 قاصراً"
    scan = rules.compiled().scan(title, "مأرب – أعلن المركز أنه استقبل العائدين. وقال المدير إن العدد كبير.")
    assert scan.title_sentences == 1 and len(scan.sentences) == 3
    assert headline_crowd(scan, rules.few_max)
