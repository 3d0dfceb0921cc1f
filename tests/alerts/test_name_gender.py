"""Gender from a first name (the gender-guesser package's list), when no word in the article gives it:
Turkish has no "he" or "she"."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge


@pytest.mark.parametrize(
    "name,gender",
    [("Emre K.", "m"), ("Ayşe K.", "f"), ("M.Y.", None)],
)
def test_a_turkish_first_name_gives_the_gender(rules: WatchRules, name: str, gender: str | None) -> None:
    j = judge(
        "DEAŞ'tan kaçan genç teslim oldu",
        f"GAZİANTEP - 27 yaşındaki {name}, DEAŞ terör örgütünden kaçarak Kilis sınırında güvenlik"
        " güçlerine teslim oldu.",
        rules,
    )
    assert j.flagged
    [person] = j.defectors
    assert person.gender == gender
