"""Classes of phrasing added in the twelfth session (validation on holdout16), one invented article
each."""

from __future__ import annotations

import pytest

from alerts import casefields, score
from alerts.casefields import few_subject
from alerts.rules import WatchRules
from alerts.score import judge


def test_a_leader_who_lays_down_arms_with_his_men_is_one_persons_leaving(rules: WatchRules) -> None:
    """"A commander and nine of his fighters laid down their arms", "laid down his weapons ...
    together with 12 of his men": the crowd is the leader's following, and the leader, named and
    quoted below, is the account (not a report about many)."""
    j = judge(
        "Kunar commander and nine men lay down arms",
        "ASADABAD: A local commander of the Taliban and nine of his fighters laid down their arms on"
        " Sunday at the governor's office, officials said.\n\nThe commander, Mawlawi Rahmatullah,"
        ' spoke briefly. "Our leaders eat while we starve in the mountains," he said. "I'
        ' was tired of it."',
        rules,
    )
    assert j.flagged and [d.name for d in j.defectors] == ["Mawlawi Rahmatullah"], j
    j = judge(
        "Taliban commander surrenders in Zabul",
        "QALAT: A Taliban commander who led fighters in Shah Joy district for years laid down his"
        " weapons on Monday, together with 12 of his men, officials said.\n\nThe commander, Haji"
        ' Gul Agha, told reporters he was tired of the killing. "We were killing our own cousins,"'
        " he said.",
        rules,
    )
    assert j.flagged and [d.name for d in j.defectors] == ["Haji Gul Agha"], j


# Where the person now is: (title, text, expected (name, now_in) of each defector).
WHEREABOUTS = {
    # "QALA-I-NAW:": the first part of a hyphenated town is no town (a gazetteer knows a Qala in Malta)
    "hyphenated dateline": (
        "Taliban commander joins peace process in Badghis",
        "QALA-I-NAW: A Taliban commander identified as Mullah Sher Agha laid down his weapons and"
        " joined the peace process at a ceremony in Badghis on Monday, officials said. He told"
        ' elders he was "tired of a war between brothers".',
        [("Mullah Sher Agha", "Afghanistan")],
    ),
    # the dash of "Haddad-Stone" in a byline ends no dateline
    "hyphenated byline": (
        "A baker's road out of Idlib",
        "By Lina Haddad-Stone\n\nGAZIANTEP, Turkey — Karim, 27, fought for Hayat Tahrir al-Sham for"
        " three years before he deserted in 2019. He says the commanders grew rich on the checkpoints."
        " He now bakes bread on the night shift.",
        [("Karim", "Turkey")],
    ),
    # words in brackets after a dateline name an agency (a gazetteer knows a Highland in the US)
    "agency in brackets": (
        "Former OLA fighter hands himself in at Ambo",
        "AMBO, Aug 16 (Highland Newswire) - Gemechu Tadesse, 28, an Ethiopian who fought for the Oromo"
        " Liberation Army (OLA) for three years, has handed himself over to the authorities. He said he"
        " left the OLA because commanders kept the money meant for fighters.",
        [("Gemechu Tadesse", "Ethiopia")],
    ),
    # "a été transféré à Niamey" says where the person now is
    "transferred to": (
        "Un berger quitte l'État islamique au Sahel",
        "Moussa Hamidou, 22 ans, a quitté l'État islamique au Sahel et s'est présenté aux gendarmes. Ce"
        " berger avait rejoint le groupe il y a deux ans. Il a été transféré à Niamey, où il doit être"
        " entendu par le pôle antiterroriste.",
        [("Moussa Hamidou", "Niger")],
    ),
}


@pytest.mark.parametrize("case", list(WHEREABOUTS))
def test_where_the_person_now_is(rules: WatchRules, case: str) -> None:
    title, text, expected = WHEREABOUTS[case]
    j = judge(title, text, rules)
    assert [(d.name, d.now_in) for d in j.defectors] == expected, j


def test_money_raised_from_a_place_and_leaders_living_there_say_nothing_of_the_person(
    rules: WatchRules,
) -> None:
    """"the money raised from the poppy harvest" is no origin ("raised" takes "in" for where one grew
    up), and "leaders living in Quetta" is where the leaders live, not the speaker."""
    j = judge(
        "Taliban commander lays down arms in Helmand",
        "LASHKAR GAH, May 2 - A Taliban commander, Mullah Abdul Hadi, laid down his weapons on"
        " Thursday at the governor's compound, officials said.\n\nAbdul Hadi said the money the"
        " movement raised from the poppy harvest in his district went to leaders living in Quetta,"
        ' while his fighters had nothing. "We paid for their houses," he said.',
        rules,
    )
    assert [(d.name, d.nationality, d.now_in) for d in j.defectors] == [
        ("Mullah Abdul Hadi", "Afghanistan", "Afghanistan")
    ], j


def test_the_second_of_a_pair_shares_the_lead_sentence_that_says_both_belonged(rules: WatchRules) -> None:
    """"Two members of the TTP ... presented themselves", then "Gul Khan, 38, and his cousin Zar
    Wali, 22, ... arrived": the second person, named with the first, is a member by the same lead
    sentence, and the TTP is Pakistan's own group (its home country, not the Afghan Taliban's)."""
    j = judge(
        "Two cousins return from Kunar and surrender to elders",
        "TIMERGARA: Two members of the banned Tehreek-e-Taliban Pakistan (TTP) who had been hiding in"
        " Afghanistan presented themselves on Tuesday before a jirga of elders.\n\nGul Khan, 38, and"
        " his cousin Zar Wali, 22, arrived at the police lines with elders from their tribe.\n\nGul"
        ' Khan said he had spent eight years with the group. "I stopped believing in it," he said.'
        "\n\nZar Wali said life in the mountain camps had become unbearable.",
        rules,
    )
    got = [(d.name, d.age, d.group, d.nationality) for d in j.defectors]
    assert got == [("Gul Khan", 38, "TTP", "Pakistan"), ("Zar Wali", 22, "TTP", "Pakistan")], j


def test_the_head_of_a_number_with_thousands_is_no_small_count(rules: WatchRules) -> None:
    """"1,250 people left al-Shabaab": the "1" before the comma is no count of one or a few people,
    so the leaving is of many (as "13,000" was already not read as "000")."""
    scan = rules.compiled().scan("", "In 2024, 1,250 people left al-Shabaab. Two fighters left al-Shabaab.")
    lefts = [t for t, w in enumerate(scan.norm) if w == "left"]
    assert [few_subject(scan, t, rules.few_max) for t in lefts] == [False, True]


def test_a_father_and_son_who_surrendered_together_are_both_cases(rules: WatchRules) -> None:
    """"A member of the NPA and his son ... presented themselves", then "identified only by their
    aliases, "Ka Berto", 47, ... and his son "Ka Lito", 18": the "by" of "identified by their
    aliases" is no byline, and the son, named with his father, shares the lead's leaving."""
    j = judge(
        "Father and son leave NPA in Bukidnon",
        "MALAYBALAY, Bukidnon - A member of the New People's Army (NPA) and his son came down from the"
        " mountains and presented themselves to soldiers on Friday, the Army said.\n\nThe two were"
        ' identified only by their aliases, "Ka Berto", 47, a squad leader, and his son "Ka Lito", 18.'
        "\n\nKa Berto said the revolutionary taxes his unit collected never reached the fighters.",
        rules,
    )
    assert [(d.name, d.age) for d in j.defectors] == [("Ka Berto", 47), ("Ka Lito", 18)], j


def test_my_name_is_names_the_speaker(rules: WatchRules) -> None:
    """"My name is Fatima Bulama" in a radio transcript: the caller, not the presenter, is named."""
    j = judge(
        "Transcript: a caller from Gwoza on leaving Boko Haram",
        "HOMECOMING RADIO - Presenter: Bukar Musa.\n\nBUKAR MUSA: Good evening. First caller, you are on"
        " air.\n\nCALLER: Good evening. My name is Fatima Bulama. I am 24 years old. I joined Boko Haram"
        " with my husband in 2016.\n\nBUKAR MUSA: How did you leave Boko Haram?\n\nFATIMA BULAMA: I ran"
        " away from Boko Haram at night with my daughter and walked to a military post.",
        rules,
    )
    assert [(d.name, d.age) for d in j.defectors] == [("Fatima Bulama", 24)], j


def test_a_demonym_before_an_age_is_no_name_and_the_age_is_the_persons(rules: WatchRules) -> None:
    """"He is Malian, 29, a Fulani herder": "Malian" is a people, not a second person, and 29 is the
    age of the man the sentence is about."""
    j = judge(
        "The herder who walked out of the katiba",
        "MOPTI - Boubacar Sangaré walked out of the Katiba Macina in 2022.\n\nHe is Malian, 29, a"
        " Fulani herder from near Douentza. For three years he was a fighter in the group, part of"
        " JNIM. He says he left because his unit starved villages under a blockade.",
        rules,
    )
    assert [(d.name, d.age, d.nationality) for d in j.defectors] == [("Boubacar Sangaré", 29, "Mali")], j


def test_a_country_compounded_with_returnee_is_where_they_went(rules: WatchRules) -> None:
    """"Syrien-Rückkehrer" is someone who came back from Syria: the compound says where the person
    went, and "deutscher Staatsangehöriger" where he is from. "Danach" opening a sentence is an
    adverb, not a second person."""
    j = judge(
        "Oberlandesgericht verurteilt Syrien-Rückkehrer",
        "Düsseldorf. Das Oberlandesgericht hat Tobias K., 31, zu drei Jahren Haft verurteilt. Tobias"
        " K., deutscher Staatsangehöriger, war 2014 nach Syrien gereist und hatte sich dem Islamischen"
        " Staat angeschlossen. Danach floh er 2015 aus dem Islamischen Staat in die Türkei.",
        rules,
    )
    assert [(d.name, d.nationality) for d in j.defectors] == [("Tobias K", "Germany")], j


# Articles that tell of no leaving of a watched group (title, text).
NOT_LEAVING = {
    # "turned his back on that ideology": an ideology left, by a young man who tried to join
    "ideas left": (
        "Leeds student admits trying to join al-Shabaab",
        "A 20-year-old student from Leeds has admitted trying to travel to Somalia to join al-Shabaab."
        " Yusuf Omar was stopped at Manchester airport in March with a one-way ticket to Nairobi.\n\n"
        "His barrister told the court that Omar had turned his back on that ideology while on remand"
        " and now wanted to finish his degree.",
    ),
    # a judge who fled the Taliban: "About 300 women served as judges" is a count of others, and
    # "Taliban checkpoints" are the group's, not the person's
    "a civilian who fled": (
        "Afghan judge who fled the Taliban starts again in Lisbon",
        "LISBON - Two years ago Mariam Sadat was a judge in Kabul. Sadat, 39, fled the Taliban in"
        " August 2021 with her two sons. She was turned back twice by Taliban checkpoints on the way"
        ' to the airport. "I had sent their men to prison," she said.\n\nAbout 300 women served as'
        " judges in Afghanistan before the takeover.",
    ),
    # "someone who fled in 2016 and someone who surrendered ..." is anybody; "First,", "Second,"
    # are no names: an opinion piece about leavers in general
    "anybody who fled": (
        "Opinion: The people who left the caliphate early are our best witnesses",
        "By Anna de Wit\n\nThe people who left the Islamic State while it still held territory are"
        " rarely heard. Many were shocked by the violence and walked to Kurdish lines. Some wanted to"
        " see their parents again.\n\nJudges should weigh differently someone who fled in 2016 and"
        " someone who surrendered with the last holdouts in 2019. Two changes would help. First,"
        " leaving early should count in sentencing. Second, former members who testify should be"
        " protected.",
    ),
    # "they fled the demands of al-Shabaab": a flight from what the group does, as from its taxes
    "a group's demands fled": (
        "Families flee drought and militant levies to camps outside Baidoa",
        "BAIDOA - Many families say they fled the demands of al-Shabaab. 'They took zakat from us,'"
        " said Halima Warsame, 38, who walked for five days with her children.",
    ),
}


@pytest.mark.parametrize("case", list(NOT_LEAVING))
def test_no_leaving_is_told(rules: WatchRules, case: str) -> None:
    title, text = NOT_LEAVING[case]
    assert not judge(title, text, rules).flagged


def test_a_number_in_brackets_after_a_place_is_a_count_not_an_age(rules: WatchRules) -> None:
    """"in Nangarhar and Kunar (22)" counts cases: Kunar is no person aged 22."""
    scan = rules.compiled().scan("", "Poor conditions in Nangarhar and Kunar (22) were cited.")
    assert casefields._find_people(scan) == []


def test_a_count_of_many_as_the_subject_is_a_leaving_of_many(rules: WatchRules) -> None:
    """"Thirty-one surrendered", "Of the 73, 41 left": many people as the subject (a study's
    figures), while "Ahmed, 31, left" is one man's age."""
    scan = rules.compiled().scan(
        "",
        "Thirty-one surrendered to the Afghan government. Of the 73, 41 left al-Shabaab. Ahmed, 31,"
        " left al-Shabaab.",
    )
    verbs = [t for t, w in enumerate(scan.norm) if w in ("surrendered", "left")]
    assert [score._count_before(scan, t, rules.few_max) for t in verbs] == [True, True, False]
