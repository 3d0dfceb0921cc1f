"""Arabic ages written in words after an age word ("البالغ من العمر ثلاثة وثلاثين عاماً"), read with
pyarabic's number parser."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge


@pytest.mark.parametrize(
    "age_words,age",
    [
        ("البالغ من العمر خمسة وعشرين عاماً", 25),
        ("وعمره ثلاثة عشر عاماً", 13),
        ("البالغ من العمر عشرين عاماً", 20),
    ],
)
def test_an_age_in_words(rules: WatchRules, age_words: str, age: int) -> None:
    j = judge(
        "شاب يروي قصة انشقاقه",
        f"قال الشاب العراقي سامر، {age_words}، إنه انشق عن تنظيم داعش وسلّم نفسه للجيش في الموصل.",
        rules,
    )
    assert j.flagged
    [person] = j.defectors
    assert person.age == age


def test_a_span_of_years_in_words_is_no_age(rules: WatchRules) -> None:
    """Without an age word before it, "خمسة عشر عاماً" is how long, not how old."""
    j = judge(
        "شاب يروي قصة انشقاقه",
        "قال الشاب العراقي سامر إنه انشق عن تنظيم داعش بعد أن أمضى خمسة عشر عاماً في المنفى، وسلّم نفسه للجيش.",
        rules,
    )
    assert j.flagged
    [person] = j.defectors
    assert person.age is None
