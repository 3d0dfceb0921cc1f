"""Classes of phrasing added in the fourteenth session (validation on holdout21), one invented
article each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge
from tests.alerts.judged import fields_of

# Articles that tell of no leaving, though their words come close.
NOT_LEAVING = {
    # "urging him to surrender": an appeal, with the man between the verb and "to"
    "an appeal to surrender": (
        "Mother's plea fails as militant dies in Pulwama encounter",
        "PULWAMA — A militant whose mother had pleaded on video urging him to surrender was killed in"
        " a gunfight with security forces in Pulwama on Sunday, police said. Bilal Ahmad Wani, 23, had"
        " joined the Jaish-e-Mohammed in March. \"I told him nobody would hurt him,\" his mother said."
        " Police said the policy of offering surrender to local militants would continue.",
    ),
    # "Bring our grandchildren home from the camp": a repatriation by others, not a leaving
    "a repatriation asked for": (
        "A widow's parents ask Ottawa to bring the children home from the camp",
        "TORONTO — Samira Nasser, 61, keeps a photograph of two grandsons she has never held. Her son"
        " joined the Islamic State in 2014 and was killed in 2018; his widow and the boys are held in"
        " Roj camp. \"Bring them home from the camp,\" she said. \"They are children.\"",
    ),
    # "revenante" said of a woman who "stayed until the last day": a return, no leaving
    "a returnee who stayed to the end": (
        "Procès d'une revenante à Lyon",
        "LYON – Sonia M., 34 ans, comparaît devant la cour d'assises pour association de malfaiteurs"
        " terroriste. Partie en Syrie en 2015, elle a vécu à Raqqa sous l'État islamique. « Elle est"
        " restée jusqu'au dernier jour », a dit l'avocate générale. « Aujourd'hui, je vois le mal qui"
        " a été fait », a-t-elle dit à la cour.",
    ),
}


@pytest.mark.parametrize("case", list(NOT_LEAVING))
def test_no_leaving_told(rules: WatchRules, case: str) -> None:
    title, text = NOT_LEAVING[case]
    assert not judge(title, text, rules).flagged


def test_a_headline_count_with_a_group_name_between_is_a_report(rules: WatchRules) -> None:
    """"21 Abu Sayyaf members yield": the group's name counts as one word between the count and the
    crowd noun, so the headline counts people; no place ("Bunggao") becomes a defector."""
    j = judge(
        "21 Abu Sayyaf members yield in Sulu; youngest 16",
        "JOLO — Twenty-one members of the Islamic State-linked Abu Sayyaf Group surrendered to the "
        "Army in Patikul on Tuesday, the brigade said.\n\nThe surrenderers, who were presented to "
        "provincial officials in Indanan, turned over fourteen rifles.\n\nThe youngest in the group "
        "was 16 years old and the oldest was 61. Their names were withheld and the minor was turned "
        "over to social workers.\n\nA brigade spokesman said the surrenders were the result of months"
        " of talks with clan elders. He said the group had cited hunger and constant operations in "
        "the hills between Indanan and Bunggao.\n\nThe Army said 140 Abu Sayyaf members have "
        "surrendered in Sulu since 2023. Abu Sayyaf gunmen, who left a trail of kidnappings, once "
        "held hostages in Patikul.",
        rules,
    )
    assert not j.flagged and j.kind == "aggregate", j


# Accounts the rules did not find.
ACCOUNTS = {
    # "a former Hizbul militant": a former member, with a group's word between
    "a former militant of a named group": (
        "Home after 19 years: a former Hizbul militant and his family",
        "BARAMULLA — Mohammad Yusuf Lone crossed the Line of Control in 1993 to join the Hizbul"
        " Mujahideen and fought for four years. \"I saw that the gun brought us only graves,\" he said"
        " in his brother's courtyard. \"I was finished with it.\" In 2013 he came back under the"
        " rehabilitation policy, with his wife and three children, and he says he regrets nothing.",
        [("Mohammad Yusuf Lone", None)],
    ),
    # "قرر الانسحاب من التنظيم": the verbal noun of withdrawing, with the group as its object
    "an Arabic withdrawal": (
        "شاب يروي تجربته في سرت",
        "تونس – قال شاب يبلغ من العمر 27 عامًا أمام المحكمة إنه قرر الانسحاب من التنظيم بعد عشرة أشهر في"
        " سرت، لأن الأمراء كانوا يوزعون الرواتب على المقربين. والتحق بتنظيم «داعش» في ليبيا عام 2015.",
        [(None, 27)],
    ),
    # "the group abducted his uncle": someone else taken; he left and handed himself over
    "a relative abducted": (
        "Sinai man who left the Islamic State speaks of his brother's killing",
        "AL-ARISH, Egypt — For a year, Hamdan carried a rifle for the Islamic State in Sinai. Then the"
        " group abducted his brother and killed him. \"They wanted me to stay,\" Hamdan said. Elders"
        " arranged for him to hand himself over to the army. He left the Islamic State in March.",
        [("Hamdan", None)],
    ),
}


NAMES = {
    # '"... after my father died," Hamdi said': the role word inside the quote is not his title
    "a speaker after a quote with a role word": (
        "Former Shabaab fighter speaks",
        "KISMAYO — For two years, Hamdi carried a rifle for al-Shabaab. He belongs to one of Lower"
        " Juba's clans. He left al-Shabaab in 2022 when Lower Juba's elders arranged his surrender."
        " \"My uncle took me in after my father died,\" Hamdi said.",
        ["Hamdi"],
    ),
    # "Seine Geschichte erzählt er": a noun after a possessive opening the sentence
    "a German noun after a sentence-opening possessive": (
        "Ein Aussteiger erzählt",
        "KÖLN – Der 30-Jährige ist 2015 aus dem Islamischen Staat ausgestiegen. Seine Geschichte erzählt"
        " er Schülern. Er heißt Deniz, 30, und war zwei Jahre in Syrien.",
        ["Deniz"],
    ),
    # "A.M. was born": two initials, the first not the article "A"
    "initials beginning with A": (
        "Mombasa returnee speaks",
        "MOMBASA — He asked that only his initials be used. A.M. was born in Likoni. He joined"
        " al-Shabaab in 2013 and left al-Shabaab in 2016, surrendering to the police.",
        ["A.M"],
    ),
    # "Zahid was fourteen when": a name with an age in words after "was"
    "a name, then an age in words": (
        "The boy who walked out of a TTP camp",
        "MINGORA — Zahid was fourteen when he walked out of a Tehreek-e-Taliban Pakistan camp above"
        " Matta in 2009 and surrendered to the army. \"They told us to kill our own people,\" he said."
        " Eight years on, he teaches maths in Mingora.",
        ["Zahid"],
    ),
}


AGES = {
    # "Emre, damals 24," is the age then; "Der 29-Jährige" the age now
    "an appositive age back then": (
        "Ein Aussteiger vor Schülern",
        "HAMBURG – Der 29-Jährige steht vor hundert Schülern. 2014 reiste Emre, damals 24, nach Syrien"
        " zum Islamischen Staat. 2015 ist er aus dem Islamischen Staat ausgestiegen.",
        [("Emre", 29)],
    ),
    # "was twenty when ... Ten years on": the age then, plus the years the story counts on
    "an age in words then, years on": (
        "A decade after Aleppo, a Danish ex-fighter explains himself",
        "AARHUS — Omar was twenty when he flew to Istanbul in 2013 to join Jabhat al-Nusra. Ten years"
        " on, he works in a warehouse. He left al-Nusra in 2014 after the infighting.",
        [("Omar", 30)],
    ),
    # "She is nineteen." at the end of a sentence; the name comes later
    "an age in words, said plainly": (
        "A young woman on leaving Boko Haram",
        "MAIDUGURI — Some were captives. Some, like our guest, were members of Boko Haram. She is"
        " nineteen. She asked us to use only her first name, Falmata. She escaped from Boko Haram in"
        " 2023 and gave herself up to soldiers.",
        [("Falmata", 19)],
    ),
    # "He's forty-one." with the contraction
    "an age in words after a contraction": (
        "The commander who came in",
        "KABUL — His name is Ghulam Rasool. Until five years ago he was a Taliban commander. He's"
        " forty-one. Ghulam Rasool left the Taliban in 2019 and surrendered to the government.",
        [("Ghulam Rasool", 41)],
    ),
    # "Today, at 19, he sits in a plastic chair": a present tense after the age
    "at an age, any present tense": (
        "A teenager's year with the insurgents",
        "PEMBA — Momade was 16 when he joined the Islamic State in Mozambique. Today, at 19, he sits in"
        " a relative's courtyard. He fled the Islamic State in 2021 and surrendered to troops.",
        [("Momade", 19)],
    ),
}


NATIONALITIES = {
    # "deutsch-türkischer Doppelstaatsbürger": a German word for a dual citizen
    "a German dual citizen": (
        "Aussteiger erzählt",
        "BREMEN – Kerem, 31, türkischer Doppelstaatsbürger, ist 2016 aus dem Islamischen Staat"
        " ausgestiegen und hat sich der Polizei gestellt.",
        [("Kerem", "Turkey")],
    ),
    # "a boy from Gellerup ended up in a trench north of Aleppo": the origin is the unknown name,
    # not the country named later in the clause; "Danish citizenship" is his
    "an origin the gazetteer lacks": (
        "A Danish ex-fighter",
        "AARHUS — Omar, 30, told how a boy from Gellerup ended up in a trench north of Aleppo. He joined"
        " Jabhat al-Nusra in 2013 and left al-Nusra in 2014. He holds only Danish citizenship.",
        [("Omar", "Denmark")],
    ),
    # "holds only Belgian citizenship": a demonym before the person's own status
    "a citizenship": (
        "An ex-fighter speaks",
        "BRUSSELS — Yassin, 28, joined Jabhat al-Nusra in 2013 and left al-Nusra in 2014. He holds only"
        " Belgian citizenship.",
        [("Yassin", "Belgium")],
    ),
    # two people described in one sentence: each by their own words
    "two people in one sentence": (
        "Two PKK members surrender",
        "ŞIRNAK — Two members of the PKK fled the group's camps and surrendered in Şırnak. They were"
        " identified as B.K., 22, who was born in Mardin, and S.R., 27, an Iraqi national.",
        [("B.K", "Turkey"), ("S.R", "Iraq")],
    ),
    "two people in one Turkish sentence": (
        "Şırnak'ta iki örgüt mensubu teslim oldu",
        "ŞIRNAK – Terör örgütü PKK'dan kaçan iki örgüt mensubu teslim oldu. Mardin doğumlu 22"
        " yaşındaki B.K. ile Irak uyruklu 27 yaşındaki S.R. güvenlik güçlerine teslim oldu.",
        [("B.K", "Turkey"), ("S.R", "Iraq")],
    ),
}


def test_a_kidnapping_charged_is_no_captivity_of_the_defendant(rules: WatchRules) -> None:
    """"providing logistics for the abduction of foreign workers", "the kidnapping charge": others'
    abduction, so the defendant who broke away is a defector; "the Department of State Services"
    is no person."""
    j = judge(
        "Court hears ex-Ansaru member quit over kidnappings",
        "ABUJA — A defendant told the Federal High Court that he had been a member of the Ansaru group"
        " for two years but broke away from Ansaru in 2014.\n\nMusa Bello Kaita, 41, a native of Zaria,"
        " is charged with providing logistics for the abduction of foreign engineers in 2013. He has"
        " pleaded not guilty to the kidnapping charge. \"I told my ameer I was going home,\" he said."
        "\n\nThe Department of State Services said Kaita was arrested in 2022.",
        rules,
    )
    assert j.flagged and [(d.name, d.age) for d in j.defectors] == [("Musa Bello Kaita", 41)], j


WHEREABOUTS = {
    # "GOUDOUMARIA (Niger) –": the dateline's country in brackets; "aux autorités nigériennes": a
    # French demonym in the plural the table lists only in the singular
    "a dateline's country in brackets": (
        "À Goudoumaria, un repenti de Boko Haram raconte",
        "GOUDOUMARIA (Niger) – Moussa K., 29 ans, a passé trois ans avec Boko Haram avant de se rendre"
        " aux autorités nigériennes. « On nous avait promis le paradis », dit-il.",
        [("Moussa K", "Niger")],
    ),
    # "Our leaders were living in Pakistan": others' whereabouts; "a JI-run camp in Mindanao": the
    # group's camp, long ago; "right now in Doha": a time
    "others' places and the group's camp": (
        "The commander who came home",
        "JALALABAD, Afghanistan — Noor Agha, 44, was sent to a Taliban-run camp in Pakistan in 2004. He"
        " left the Taliban in 2018 and surrendered. \"Our leaders were living in Pakistan with their"
        " families,\" he said. Talks are happening right now in Doha.",
        [("Noor Agha", "Afghanistan")],
    ),
    # "she cannot return to Gwoza": not where she is
    "a return she cannot make": (
        "Three roads out of ISWAP",
        "MERI, Cameroon — Hadiza, 30, from Gwoza in Nigeria's Borno State, fled ISWAP in 2019 and"
        " surrendered to soldiers at Darak. Hadiza says she cannot return to Gwoza while the group is"
        " active there.",
        [("Hadiza", "Cameroon")],
    ),
}


ORIGINS = {
    # "He is from the Chadian shore of the lake": a demonym before a part of its country
    "a shore of a country": (
        "A fisherman's exit",
        "MERI, Cameroon — The third man, Modu, will not give his age. He is from the Chadian shore of the"
        " lake. He left Boko Haram in 2020 and surrendered to soldiers, he said.",
        [("Modu", "Chad")],
    ),
    # "Il est né dans un village de la province du Soum, au nord du Burkina Faso"
    "born in (French dans)": (
        "Un ancien du GSIM raconte sa fuite",
        "TAMALE (Ghana) – Issa, 22 ans, a fui. Il est né dans un village de la province du Soum, au nord"
        " du Burkina Faso. Il a déserté le GSIM en 2023, dit-il.",
        [("Issa", "Burkina Faso")],
    ),
    # "Konvertitin aus Hagen": a German noun for a convert before the origin
    "a convert from a town": (
        "IS-Rückkehrerin vor Gericht",
        "DÜSSELDORF. Sabine W., 31 Jahre alt, Konvertitin aus Hagen, hat sich 2017 vom Islamischen"
        " Staat abgesetzt, sagt sie.",
        [("Sabine W", "Germany")],
    ),
}


MORE_NAMES = {
    # "Opinion: I pledged ... / By Wahid": the op-ed's author is the former member
    "an op-ed's author": (
        "Opinion: I pledged to the Islamic State in Achin. Here is why I walked away",
        "By Karimullah\n\nI was among the first young men in my village to join the Islamic State in"
        " 2015. I left the Islamic State in 2017, when they began killing elders. I surrendered to the"
        " government in Jalalabad.",
        ["Karimullah"],
    ),
    # "TASHKENT — Dilshod was working ... Dilshod describes": a name that opens two sentences,
    # over a name mentioned once inside one ("fight Assad")
    "a name opening two sentences": (
        "Uzbek who fought in Idlib tells of a war within a war",
        "TASHKENT — Dilshod was working in Istanbul in 2014 when a recruiter found him. He joined"
        " Jabhat al-Nusra in Idlib. Dilshod describes guard duty and fighting. \"We came to fight"
        " Assad. We ended up fighting Muslims,\" he said. He deserted from Jabhat al-Nusra in 2018 and"
        " surrendered to the Turkish border guards. \"I was ashamed,\" he said.",
        ["Dilshod"],
    ),
}


# Each table, with the defector fields its cases check ("name" alone for the tables of names).
TABLES = {
    "account": (ACCOUNTS, ("name", "age")),
    "name": (NAMES, ("name",)),
    "age": (AGES, ("name", "age")),
    "nationality": (NATIONALITIES, ("name", "nationality")),
    "now_in": (WHEREABOUTS, ("name", "now_in")),
    "origin": (ORIGINS, ("name", "nationality")),
    "more names": (MORE_NAMES, ("name",)),
}


@pytest.mark.parametrize(("table", "case"), [(t, c) for t, (cases, _) in TABLES.items() for c in cases])
def test_fields(rules: WatchRules, table: str, case: str) -> None:
    cases, keys = TABLES[table]
    title, text, expected = cases[case]
    wanted = [e if isinstance(e, tuple) else (e,) for e in expected]
    assert fields_of(rules, title, text, keys) == wanted
