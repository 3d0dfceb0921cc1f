"""Classes of phrasing added in the eighth session's second round (validation on holdout7), one
invented article each: more groups of the smaller insurgencies, abbreviations that match only as
written, and a defection term that names a scheme rather than an act."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge

# Groups added to the watch list, one invented article each, in varied languages: (group, title, text).
GROUPS = [
    (
        "GNLA",
        "Garo militant quits outfit",
        "WILLIAMNAGAR - Jerome Ch. Sangma, 31, who spent five years with the Garo National Liberation "
        "Army, surrendered to the police on Monday, he said.",
    ),
    (
        "MFDC",
        "Un ancien rebelle casamançais témoigne",
        "ZIGUINCHOR - Lamine Diatta, 39 ans, a combattu douze ans dans les rangs du MFDC. Il a quitté le "
        "MFDC en mars et s'est rendu aux autorités, raconte-t-il.",
    ),
    (
        "3R",
        "Ex-3R fighter trains as tailor",
        "PAOUA - Idrissa Bello, 20, who fought for Return, Reclamation and Rehabilitation (3R) for two "
        "years, deserted the 3R in March and now lives with his aunt, he said.",
    ),
    (
        "FACT",
        "Ex-rebel back in Mao",
        "MAO - Abakar Ali, 27, a former fighter of the Front for Change and Concord in Chad (FACT), "
        "surrendered to the gendarmerie in Mao last month, he told reporters.",
    ),
    (
        "NAS",
        "Rebel hands himself in near Morobo",
        "MOROBO - Lokule James, 29, who had served the National Salvation Front (NAS) since 2019, "
        "handed himself in to the army on Friday, he said.",
    ),
    (
        "RENAMO Military Junta",
        "Junta fighter surrenders in Manica",
        "CHIMOIO - Fernando Zacarias, 41, a member of the RENAMO Military Junta for three years, "
        "surrendered to the police in Chimoio this week, he told reporters.",
    ),
    (
        "EPL",
        "Desertor del EPL",
        "CÚCUTA - Wilmer Ortega, 26, who fought four years with the Ejército Popular de Liberación, "
        "deserted the EPL in May and gave himself up to the army, he said.",
    ),
    (
        "Fatah al-Islam",
        "شاب يروي خروجه من فتح الإسلام",
        "صيدا - قال خالد، 30 عاما، إنه انشق عن فتح الإسلام بعد عامين من القتال في صفوف التنظيم.",
    ),
    (
        "OPM",
        "Papuan rebel returns in Puncak",
        "ILAGA - Yosua Wenda, 27, a member of the Free Papua Organisation, surrendered to soldiers in "
        "Ilaga on Monday and handed over a rifle, officials said.",
    ),
]


@pytest.mark.parametrize(("group", "title", "text"), GROUPS, ids=[g[0] for g in GROUPS])
def test_groups_added_to_the_watch_list(rules: WatchRules, group: str, title: str, text: str) -> None:
    j = judge(title, text, rules)
    assert j.flagged and any(d.group == group for d in j.defectors), group


# An abbreviation matches only as written, also when it is longer than three letters: (why, title,
# text, flagged).
ABBREVIATIONS = [
    (
        "fact_in_lower_case_is_no_group",
        "Chadian writer's new book",
        "N'DJAMENA - Hassan Moussa, 45, a novelist, says the Front for Change and Concord in Chad is a "
        "fact of life in Kanem. In fact, he left the capital in May for good, he said.",
        False,
    ),
]


@pytest.mark.parametrize(
    ("why", "title", "text", "flagged"), ABBREVIATIONS, ids=[c[0] for c in ABBREVIATIONS]
)
def test_abbreviations_match_as_written(
    rules: WatchRules, why: str, title: str, text: str, flagged: bool
) -> None:
    assert judge(title, text, rules).flagged is flagged, why


def test_an_abbreviation_matches_only_in_capitals(rules: WatchRules) -> None:
    text = "The Front for Change and Concord in Chad (FACT) said so. In fact, nobody was there."
    scan = rules.compiled().scan("", text)
    assert [scan.span_text(h.i, h.j) for h in scan.hits.get("group", ())].count("FACT") == 1
    assert "fact" not in [scan.span_text(h.i, h.j) for h in scan.hits.get("group", ())]


# A defection term that names a scheme is no leaving: (why, title, text).
NOT_LEAVING = [
    (
        "a_surrender_policy_is_no_surrender",
        "Militant leader killed in Garo Hills raid",
        "TURA - Sengbath Marak, a GNLA commander who had joined the Garo National Liberation Army in "
        "2014, was killed in a police operation, officers said. Police urged the remaining cadres to "
        "avail of the surrender policy.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), NOT_LEAVING, ids=[c[0] for c in NOT_LEAVING])
def test_kinds_of_not_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert not judge(title, text, rules).flagged, why
