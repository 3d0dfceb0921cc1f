"""Case-field classes added in the ninth session (validation on holdout8), one invented article
each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from tests.alerts.judged import fields_of, first_reasons

FIELDS = [
    pytest.param(
        "A mechanic's road back",
        "RABAT - Yassine Tazi, 33, repairs cars in Rabat. In 2015 the Moroccan mechanic travelled to "
        "Syria and joined the Islamic State; he deserted the Islamic State in 2016, he said.",
        ("name", "nationality"),
        [("Yassine Tazi", "Morocco")],
        id="a_demonym_before_a_trade_is_the_nationality",
    ),
    pytest.param(
        "Back from Raqqa",
        "TUNIS - Karim Mejri, 29, deserted the Islamic State in 2016, he said. He said Gulf men paid "
        "his emir.",
        ("name", "nationality"),
        [("Karim Mejri", "Tunisia")],  # not Papua New Guinea; told nowhere, so the dateline's country
        id="gulf_is_no_province_of_papua_new_guinea",
    ),
]


@pytest.mark.parametrize(("title", "text", "names", "expected"), FIELDS)
def test_case_fields(
    rules: WatchRules, title: str, text: str, names: tuple[str, ...], expected: list[tuple[object, ...]]
) -> None:
    assert fields_of(rules, title, text, names) == expected


# Reason vocabulary: (title, text, reason, given).
REASONS = [
    pytest.param(
        "Aussteiger erzählt",
        "BREMEN. Yusuf K., 31 Jahre alt, war drei Jahre Kämpfer des Islamischen Staates. Er hat den "
        "Islamischen Staat 2017 verlassen, sagt er: Im Winter gab es keine Medikamente und oft nur Brot.",
        "quality_of_life",
        True,
        id="no_medicine_or_only_bread_de",
    ),
    pytest.param(
        "Un repenti raconte",
        "MOPTI - Amadou, 25 ans, ancien combattant de la katiba Macina, a quitté la katiba Macina en 2020. "
        "Il raconte qu'il n'y avait rien à manger et pas de médicaments.",
        "quality_of_life",
        True,
        id="nothing_to_eat_fr",
    ),
    pytest.param(
        "A long winter",
        "GAROWE - Said, 23, a former fighter of al-Shabaab, deserted al-Shabaab in 2021. He said there "
        "was nothing to eat and no medicines for the wounded.",
        "quality_of_life",
        True,
        id="nothing_to_eat_en",
    ),
]


@pytest.mark.parametrize(("title", "text", "reason", "given"), REASONS)
def test_reason_vocabulary(rules: WatchRules, title: str, text: str, reason: str, given: bool) -> None:
    assert (reason in first_reasons(rules, title, text)) == given
