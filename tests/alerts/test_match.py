"""Candidate -> known case: transliteration variants, compatible details, the same story."""

from __future__ import annotations

from alerts.casefields import Defector
from alerts.match import KnownCase, match_candidate, name_evidence

CASES = [
    KnownCase(1, "Abu Omar al-Deiri", 30, "m", "Syria", "IS"),
    KnownCase(2, "Mohammed Jamal Khweis", 26, "m", "United States", "IS"),
    KnownCase(3, "Abdirizak Muse Dhoorre", None, "m", "Somalia", "al-Shabaab"),
    KnownCase(4, None, 26, "m", "Syria", "IS"),
]


def person(
    name: str | None,
    age: int | None = None,
    gender: str | None = "m",
    nationality: str | None = None,
    group: str | None = None,
) -> Defector:
    return Defector(name, age, gender, nationality, group)


def test_transliteration_variants_match() -> None:
    assert name_evidence("Abou Omar el-Deiri", "Abu Omar al-Deiri") is not None
    assert name_evidence("Muhammad Jamal Khweis", "Mohammed Jamal Khweis") is not None
    assert name_evidence("Abdirisaq Muuse Dhoore", "Abdirizak Muse Dhoorre") is not None
    assert name_evidence("Abu Bakr", "Abu Omar al-Deiri") is None


def test_a_match_carries_confidence_and_evidence() -> None:
    (m,) = match_candidate(person("Abou Omar el-Deiri", 31, nationality="Syria", group="IS"), CASES)
    assert m.case_id == 1 and 0.5 < m.confidence <= 1
    assert any("Syria" in e for e in m.evidence) and any("age" in e for e in m.evidence)


def test_incompatible_details_rule_a_case_out() -> None:
    assert match_candidate(person("Abu Omar al-Deiri", 45, nationality="Syria"), CASES) == []
    assert match_candidate(person("Abu Omar al-Deiri", gender="f"), CASES) == []
    assert match_candidate(person("Mohamed Jamal Khweis", nationality="Iraq"), CASES) == []


def test_the_same_story_from_another_outlet_links_an_unnamed_person() -> None:
    assert match_candidate(person(None, 26, nationality="Syria", group="IS"), CASES) == []
    found = match_candidate(
        person(None, 26, nationality="Syria", group="IS"), CASES, same_story=frozenset({4})
    )
    assert [m.case_id for m in found] == [4]
    assert any("same story" in e for e in found[0].evidence)
