"""Lines that point to other stories ("Read more:", "À lire aussi :", "İlgili haber:") are left out
of judging: their headlines are other stories', and a defector word in one is no one's here."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Why IS fighters defect | The mothers who want them back",
        "À lire aussi : Ces « revenantes » de Daech que la justice peine à juger",
        "Mehr aus der Region: Wie ein IS-Aussteiger zurückkam",
        "İlgili haber: DEAŞ'tan kaçan genç teslim oldu",
        "اقرأ أيضاً: شاب ينشق عن داعش ويسلم نفسه",
    ],
)
def test_a_line_pointing_to_another_story_is_not_judged(rules: WatchRules, line: str) -> None:
    text = f"The council met on Tuesday about the bus timetable.\n\n{line}\n\nThe meeting ended at noon."
    scan = rules.compiled().scan("Council agrees bus timetable", text)
    assert not scan.hits.get("group") and not scan.hits.get("defection")
    assert scan.text.endswith("The meeting ended at noon.") and len(scan.text) > len(text)  # offsets kept


def test_a_sentence_that_merely_starts_with_related_is_kept(rules: WatchRules) -> None:
    text = "Related to this, Omar Haddad, 27, said he deserted the Islamic State in 2016."
    assert judge("Former fighter speaks", text, rules).flagged
