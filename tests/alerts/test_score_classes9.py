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


# Kinds of leaving, in the five languages: (why, title, text).
LEAVING = [
    (
        "coming_out_of_the_bush_in_the_present_perfect",
        "Rebel comes home to Kitgum",
        "KITGUM - Okello Denis, 30, a fighter of the Lord's Resistance Army since 2012, has come out of "
        "the bush and is staying with his sister, he said.",
    ),
    (
        "giving_up_arms_without_a_determiner",
        "ULFA cadre gives up arms in Tinsukia",
        "TINSUKIA - Pranjal Gogoi, 26, a cadre of the ULFA, gave up arms before the district police chief "
        "on Monday, he told reporters.",
    ),
    (
        "a_weapon_handed_to_someone",
        "Ex-fighter brings his rifle to the chief",
        "BUNIA - Dieudonné Lokwa, 24, who fought for CODECO for three years, handed his rifle to the village "
        "chief on Sunday, he said.",
    ),
    (
        "returning_to_the_republic",
        "Papuan fighter returns to the Republic",
        "TIMIKA - Markus Kogoya, 23, a member of the TPNPB, returned to the Republic of Indonesia on "
        "Friday and pledged loyalty to the state, officers said.",
    ),
    (
        "cutting_ties_with_the_group",
        "He cut ties with the PKK",
        "DIYARBAKIR - Serhat Y., 34, who spent six years as a PKK fighter, cut ties with the PKK in 2019 "
        "and now drives a taxi, he said.",
    ),
    (
        "french_out_of_the_maquis",
        "Un combattant sort du maquis",
        "BOUAR - Ibrahim Saleh, 28 ans, combattant des 3R (Retour, Réclamation et Réhabilitation) depuis "
        "2018, est sorti du maquis et a remis son arme aux autorités, raconte-t-il.",
    ),
    (
        "german_verb_second_giving_oneself_up",
        "Ehemaliger PKK-Kämpfer: Warum ich ging",
        "KÖLN. Deniz A., 41, war zehn Jahre Kämpfer der PKK. Im Mai 2020 stellte er sich der Polizei, "
        "weil er den Krieg nicht mehr wollte, erzählt der 41-Jährige.",
    ),
    (
        "german_distancing_from_the_group",
        "Ein Aussteiger aus dem IS",
        "BONN. Yusuf K., 29, hatte sich 2015 dem Islamischen Staat angeschlossen. Ein Jahr später habe er "
        "sich von der Gruppe entfernt, erzählt er.",
    ),
    (
        "arabic_cutting_ties",
        "شاب قطع صلته بالشباب",
        "مقديشو - قال عبدي، 22 عاما، إنه قاتل في صفوف حركة الشباب عامين ثم قطع صلته بالجماعة في 2020.",
    ),
    (
        "turkish_laying_down_arms",
        "PKK'lı silah bıraktı",
        "ŞIRNAK (AA) - PKK içinde dört yıl bulunan 25 yaşındaki Z.K., silah bıraktı ve güvenlik güçlerine "
        "teslim oldu, dedi.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), LEAVING, ids=[c[0] for c in LEAVING])
def test_kinds_of_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert judge(title, text, rules).flagged, why
