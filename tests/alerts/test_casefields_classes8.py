"""Case-field classes added in the eighth session (validation on holdout6), one invented article
each: (title, text, field names, expected values of the defectors)."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from tests.alerts.judged import fields_of, first_reasons

FIELDS = [
    pytest.param(
        "Leaving the Taliban",
        "KABUL - Jawed, not his real name, fought with the Taliban for four years before he deserted the "
        "Taliban in 2019 and moved to Herat.",
        ("name",),
        [("Jawed",)],
        id="a_pseudonym_note_after_a_name_makes_it_a_person",
    ),
    pytest.param(
        "Aussteiger",
        "BONN. Tarek, der in Wirklichkeit anders heißt, war zwei Jahre Kämpfer des Islamischen Staates. "
        "Er hat den Islamischen Staat verlassen, sagt er.",
        ("name",),
        [("Tarek",)],
        id="a_german_pseudonym_note",
    ),
    pytest.param(
        "Ausstieg",
        "KIEL. Dass Samir einmal für al-Shabaab kämpfte, weiß kaum jemand. Samir, 33, hat al-Shabaab 2015 "
        "verlassen, sagt er.",
        ("name",),
        [("Samir",)],
        id="a_german_conjunction_at_the_start_of_a_sentence_is_no_name",
    ),
    pytest.param(
        "Rückkehr",
        "ESSEN. Der 24 Jahre alte Okan kämpfte für den Islamischen Staat. Er hat den Islamischen Staat "
        "2018 verlassen, sagt er.",
        ("name", "age"),
        [("Okan", 24)],
        id="a_german_age_before_the_name",
    ),
    pytest.param(
        "A recruit's turn",
        "COLOMBO - Nadia Perera, 25, was recruited by the Liberation Tigers of Tamil Eelam in 2006. She "
        "said she saw a bus bombing in which 14 hostages were killed. She deserted the Tamil Tigers a "
        "year later.",
        ("name", "age"),
        [("Nadia Perera", 25)],
        id="hostages_killed_in_an_attack_are_others_not_the_person",
    ),
    pytest.param(
        "Out of the hills",
        "MINDANAO - Davao, 31, spent four years with the New People's Army before he surrendered to the "
        "army in May, he said.",
        ("name", "age"),
        [("Davao", 31)],
        id="a_name_a_gazetteer_holds_told_with_an_age_is_a_person",
    ),
    pytest.param(
        "Le retour",
        "NICE - Karim, qui souhaite que seul son prénom soit publié, a 29 ans. Il a combattu trois ans "
        "pour l'État islamique. Il a quitté l'État islamique en 2017, raconte-t-il.",
        ("name",),
        [("Karim",)],
        id="a_french_relative_clause_after_a_name",
    ),
    pytest.param(
        "Back from the bush",
        "JOS - Musa Idris, 24, fought with Boko Haram and deserted Boko Haram last year. He asked that his "
        "village not be named. Security officials say he is now in a camp.",
        ("name",),
        [("Musa Idris",)],
        id="an_alias_cue_ending_a_sentence_does_not_name_the_next_one",
    ),
    pytest.param(
        "Örgütten ayrıldı",
        "MARDİN - PKK'da üç yıl bulunan 30 yaşındaki Rojda O., örgütten ayrıldığını ve jandarmaya teslim "
        "olduğunu anlattı.",
        ("name", "age"),
        [("Rojda O", 30)],
        id="a_surname_initial_that_is_also_a_letter_word_stays",
    ),
    pytest.param(
        "A guerrilla's exit",
        "Mateo, 22, spent three years with the FARC dissidents of the Estado Mayor Central and deserted "
        "the FARC dissidents in March, he said.",
        ("nationality", "now_in"),
        [("Colombia", "Colombia")],
        id="a_national_insurgency_gives_its_home_country",
    ),
    pytest.param(
        "Eleven walked out",
        "MAIDUGURI - Eleven said they had deserted Boko Haram together in the spring, according to the "
        "army. One of them, Bulama Kyari, 26, said he had been with Boko Haram for four years.",
        ("name",),
        [("Bulama Kyari",)],
        id="a_number_word_opening_a_sentence_is_no_name",
    ),
    pytest.param(
        "Urteil in Celle",
        "CELLE. Das Gericht wertete, dass die Angeklagte dem Islamischen Staat aus freiem Willen den "
        "Rücken gekehrt habe. Miriam S., österreichische Staatsangehörige, war zwei Jahre Mitglied des "
        "Islamischen Staates, sagte sie.",
        ("name", "nationality"),
        [("Miriam S", "Austria")],
        id="a_german_noun_after_preposition_and_adjective_and_a_citizenship_noun",
    ),
    pytest.param(
        "Two ULFA cadres come overground",
        "GUWAHATI - Two cadres of the ULFA (I) came overground before the Assam Police on Friday.\n"
        "They were identified as:\n"
        "(i) Self-styled Corporal Dipen Gogoi, aged 27;\n"
        "(ii) Self-styled Lance Corporal Bikash Moran, aged 24.\n"
        "Both handed over a pistol.",
        ("name", "age"),
        [("Dipen Gogoi", 27), ("Bikash Moran", 24)],
        id="a_communique_lists_the_people_it_counted_each_with_a_rank_and_an_age",
    ),
    pytest.param(
        "From the mountains to Malmö",
        "Rezan is the name he asked us to use. He is 33, a Syrian Kurd, and he deserted the PKK in "
        "2017 after six years as a fighter. He was granted asylum in Sweden in 2019, he says.",
        ("name", "nationality", "now_in"),
        [("Rezan", "Syria", "Sweden")],
        id="an_alias_told_with_is_an_ethnic_noun_and_asylum",
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
        "A bomber's doubts",
        "MARAWI - Farhan, 30, was with the Maute group for three years. He deserted the Maute group in "
        "2018, he said, after a blast his cell set off left women and children among the dead.",
        "brutality",
        True,
        id="civilian_women_and_children_killed_are_brutality",
    ),
    pytest.param(
        "A boy soldier's escape",
        "BUNIA - Dieudonné, 17, fought with CODECO for a year and deserted CODECO in May. He said the "
        "commanders were rounding up boys from the villages.",
        "brutality",
        True,
        id="rounding_up_children_is_brutality",
    ),
    pytest.param(
        "Collector turned witness",
        "KARACHI - Imran, 35, a former member of Lashkar-e-Jhangvi, deserted Lashkar-e-Jhangvi in 2016. He "
        "said the leaders kept the protection money and spent it on themselves.",
        "corruption",
        True,
        id="leaders_keeping_the_money_is_corruption",
    ),
    pytest.param(
        "Out of the jungle",
        "YALA - Rusdi, 36, a former member of the Barisan Revolusi Nasional, gave himself up to the "
        "army in May. He said he wanted to walk his children to school himself and that his "
        "grandmother had begged him to return.",
        "other",
        True,
        id="a_childs_schooling_or_a_grandmother_is_a_family_reason",
    ),
]


@pytest.mark.parametrize(("title", "text", "reason", "given"), REASONS)
def test_reason_vocabulary(rules: WatchRules, title: str, text: str, reason: str, given: bool) -> None:
    assert (reason in first_reasons(rules, title, text)) == given
