"""Classes of phrasing added in the fourteenth session's third round (validation on holdout22),
one invented article each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge
from tests.alerts.judged import fields_of


def test_two_people_named_by_their_nationality_are_two_accounts(rules: WatchRules) -> None:
    """"Two young Tanzanians who came back from al-Shabaab": a small count before a people's plural
    name is a pair, not a crowd, so the two told of one by one are two cases."""
    j = judge(
        "Two young Tanzanians who came back from al-Shabaab tell their stories",
        "TANGA, Tanzania — Rashid was still at school when a man offered him work in Somalia. He is "
        "18 now and has been home for four months. He spent a year carrying a rifle in Lower Juba. "
        "\"The pay never came,\" Rashid said. When his unit moved in 2023 he ran, and after several "
        "days reached a police post.\n\nSalim, 23, went to Somalia in 2020 with his eyes open. The "
        "end came when a recruit was beheaded in front of the camp. \"Any of us could be next,\" Salim "
        "said.\n\nBoth young men surrendered under the government's amnesty and report to the local "
        "chief. Returnees are often suspected by neighbours, community workers say.",
        rules,
    )
    assert j.flagged and [(d.name, d.age) for d in j.defectors] == [("Rashid", 18), ("Salim", 23)], j


NOT_LEAVING = {
    # "could have sought to leave and did not": an attempt never made
    "sought to leave": (
        "Belgian woman jailed for six years for Islamic State membership",
        "ANTWERP — A Belgian court on Tuesday sentenced a 31-year-old woman to six years in prison "
        "for membership of the Islamic State, rejecting her claim that she had been a reluctant "
        "wife.\n\nThe woman, identified as Nadia V., travelled to Syria in 2014 with her husband and "
        "lived in Raqqa for four years. In court, she said she had wanted out from 2016 but had no "
        "opportunity.\n\n\"The defendant had years in which she could have sought to leave the "
        "organisation and did not,\" the court said. She had worked for the group's morality police, "
        "the judges noted.",
    ),
}


CASES = {
    # "eski IŞİD üyesi": a former member with the group's name between; "diyor" tells it
    "a Turkish former member": (
        "On yıl sonra konuşan eski IŞİD üyesi anlatıyor",
        "İZMİR — 34 yaşındaki Serkan, bir kahvede oturuyor. 2014 yılında Suriye'ye geçti ve IŞİD"
        " saflarına katıldı. \"Orada adalet yoktu\" diyor. 2015 yazında bir kaçakçıyla Türkiye'ye döndü.",
        [("Serkan", 34, "Turkey")],
    ),
    # "at the Serendi rehabilitation centre" and "Serendi, which opened": a place, not a person
    "a centre named like a person": (
        "Recruited at 14, free at 18",
        "MOGADISHU — Abdikarim was 14 when al-Shabaab recruiters came to his village. He is 18 now and"
        " lives at the Serendi rehabilitation centre. He deserted from al-Shabaab in 2024. Serendi,"
        " which opened in 2012, has taken in 2,500 former fighters.",
        [("Abdikarim", 18, "Somalia")],
    ),
    # "Die heute 28-Jährige": the age now, before a hyphenated age noun
    "a German age now": (
        "IS-Rückkehrerin vor Gericht",
        "DÜSSELDORF. Als Jana P. 2015 nach Syrien reiste, war sie 19 Jahre alt. Die heute 28-Jährige hat"
        " sich 2017 vom Islamischen Staat abgesetzt, sagt sie.",
        [("Jana P", 28, "Germany")],  # nationality told nowhere: the dateline's country
    ),
    # "Elle en a aujourd'hui 33": the French age now after an age then
    "a French age now": (
        "Procès d'une revenante",
        "PARIS – Sarah L. avait 22 ans lorsqu'elle a rejoint l'État islamique en 2014. Elle en a"
        " aujourd'hui 33. Elle a fui l'État islamique en 2017, dit-elle.",
        [("Sarah L", 33, "France")],  # nationality told nowhere: the dateline's country
    ),
    # "He is in his late twenties, Lebanese,": a demonym after an age range
    "a demonym after an age range": (
        "A former Hezbollah fighter on why he quit",
        "He speaks from a European city. He is in his late twenties, Lebanese, and for four years he"
        " fought for Hezbollah in Syria. He quit Hezbollah in 2018. \"We were besieging towns full of"
        " civilians,\" he said.",
        [(None, None, "Lebanon")],
    ),
}


NATIONALITIES = {
    # "Both men are Filipino Muslims": a demonym said of the pair, before a plural noun
    "a demonym said of a pair": (
        "Two cousins leave pro-IS group in Lanao del Sur",
        "MARAWI CITY — Two young men who fought with the Dawlah Islamiyah surrendered this week. Jalil,"
        " 20, said he left the Dawlah Islamiyah because the money never came. Amir, 23, said he was"
        " hungry.\n\nBoth men are Filipino Muslims of Maranao descent.",
        [("Jalil", "Philippines"), ("Amir", "Philippines")],
    ),
    # "He grew up in Khan Younis in the Gaza Strip": "grew up in", and the Palestinian territories
    "grew up in": (
        "Podcast transcript: 'I was in the Qassam Brigades'",
        "HOST: My guest asked us to call him Karim. He grew up in Khan Younis in the Gaza Strip, and"
        " for four years he was a member of the Qassam Brigades. He left the Qassam Brigades in 2019."
        "\n\nKARIM: I stopped going. Then I left through Rafah for Egypt, and from Egypt I went to"
        " Turkey.",
        [("Karim", "Palestine")],
    ),
    # "his wife, Shazia, who was born in Muzaffarabad": the relative's origin, not his
    "a relative's origin": (
        "Home after 20 years: a former Hizbul militant",
        "KUPWARA — Bashir Ahmad, a former Hizbul Mujahideen militant, crossed back into India in 2012"
        " after leaving the Hizbul Mujahideen in 1997, he said. His bigger worry is his wife, Shazia,"
        " who was born in Muzaffarabad and has no Indian documents.",
        [("Bashir Ahmad", "India")],
    ),
    # "born in a village in Bay region": Somalia's region, not the town of Bay in Laguna
    "Somalia's Bay region": (
        "A former tax collector for al-Shabaab",
        "BAIDOA — Abdiwali is 24. He was born in a village in Bay region and joined al-Shabaab at 17. He"
        " deserted from al-Shabaab last year, he said.",
        [("Abdiwali", "Somalia")],
    ),
}


WHEREABOUTS = {
    # "Then he went back to the dough": a return to a thing, not home; the dateline says where he is
    "back to a thing": (
        "A former fighter bakes bread in Gaziantep",
        "GAZIANTEP, Turkey — Abu Karam, 31, a Syrian from Tabqa, left the Islamic State in 2016 and"
        " crossed the border. \"I paid a smuggler,\" he said. He wiped his hands. Then he went back to"
        " the dough.",
        [("Abu Karam", "Turkey")],
    ),
    # "on trial in Ontario Superior Court": Canada's province, not the Californian city
    "a Canadian province": (
        "Canadian tells court he fled ISIS",
        "Faisal Rahman, 29, is on trial in Ontario Superior Court on terrorism charges. He told the court"
        " he deserted from ISIS in 2016 after seeing executions.",
        [("Faisal Rahman", "Canada")],
    ),
}


# From holdout23's round.
REPORTS = {
    # "Mehr als ein Drittel der IS-Rückkehrer": a share of a German plural that looks singular
    "a share of the returnees": (
        "Bundesregierung: Ein Drittel der IS-Rückkehrer in Ausstiegsprogrammen",
        "BERLIN. Von den rund 1.000 Islamisten, die nach Syrien ausgereist sind, ist etwa ein Drittel"
        " zurückgekehrt. Bei einem Teil der Rückkehrer gebe es Hinweise, dass sie sich schon in Syrien"
        " vom Islamischen Staat abgewandt hätten. Konkrete Zahlen könne man nicht nennen.",
    ),
    # "bazı ailelerin çocuklarının örgütten kaçarak teslim olduğu": some families' children
    "some families' children (Turkish)": (
        "Diyarbakır anneleri nöbette",
        "DİYARBAKIR (GHA) – Çocukları için oturma eylemi yapan aileler nöbetlerini sürdürdü. Bir anne,"
        " \"Oğlum, gel teslim ol\" dedi. Eylem süresince bazı ailelerin çocuklarının PKK'dan kaçarak"
        " güvenlik güçlerine teslim olduğu daha önce duyurulmuştu. Bir baba, oğlunun 23 yaşında"
        " olması gerektiğini söyledi.",
    ),
}


FIELDS = {
    # "in Adil Rashid's bakery": a person's bakery, so "Adil" elsewhere is no place
    "a name before a possessive after 'in'": (
        "The militant who came home: a Sopore baker",
        "SOPORE — The oven in Adil Rashid's bakery starts at four. Adil is 28. In 2015 he joined Hizbul"
        " Mujahideen, and in 2017 he surrendered to the police after leaving Hizbul Mujahideen.",
        [("Adil Rashid", 28, "India")],
    ),
    # "Farid war 16, als": a German name with an age after "war"
    "a German name, then war and an age": (
        "Vom Taliban-Kämpfer zum Azubi",
        "MAGDEBURG. Wenn Farid morgens in die Werkstatt kommt, grüßt ihn sein Meister. Der 25-Jährige"
        " stammt aus Helmand. Farid war 16, als ihn ein Cousin zu den Taliban holte. 2019 hat er sich"
        " von den Taliban abgesetzt, sagt er.",
        [("Farid", 25, "Afghanistan")],
    ),
    # "is about 30": an approximate age is the age
    "an approximate age": (
        "Inside a Baidoa centre for deserters",
        "BAIDOA — A man at the centre, who asked to be identified only as Mohamed, is about 30 and spent"
        " eight years with al-Shabaab before he deserted from al-Shabaab last year.",
        [("Mohamed", 30, "Somalia")],
    ),
    # "née à Toulouse": the French birthplace after "née"
    "born in (French à)": (
        "Procès d'une revenante",
        "PARIS – Sarah M., 34 ans, née à Toulouse, affirme avoir fui l'État islamique dès 2016.",
        [("Sarah M", 34, "France")],
    ),
}


PLACES_NOW = {
    # "when the girls come home": others' return; the dateline says where she is
    "others come home": (
        "Nine years in the PKK's mountains",
        "UPPSALA, Sweden — Rojda, 31, was born in a village outside Diyarbakır, in Turkey. She spent nine"
        " years with the PKK in the Qandil mountains before she walked away from the PKK in 2019. \"The"
        " commanders lied to us,\" she said. \"I will believe it when the girls come home.\"",
        [("Rojda", "Sweden")],
    ),
    # "TTP fighters returned to the hills ... in neighbouring Afghanistan": others' return
    "fighters return": (
        "A TTP defector in Swat",
        "MINGORA, Pakistan — Gul Khan, 27, said he joined the group in 2022, when TTP fighters returned"
        " to the hills after the Taliban takeover in neighbouring Afghanistan. He surrendered to the"
        " police after leaving the TTP this year.",
        [("Gul Khan", "Pakistan")],
    ),
    # "lives in fear of deportation to Uzbekistan": a fear, not a place
    "lives in fear": (
        "An Uzbek defector in Istanbul",
        "ISTANBUL, Turkey — Jamshid, 33, deserted from the Islamic State in 2016. He has no residence"
        " permit and lives in fear of deportation to Uzbekistan, he said.",
        [("Jamshid", "Turkey")],
    ),
    # "repatriated from the al-Roj camp in north-east Syria": she is home, not in the camp
    "repatriated from a camp": (
        "A Sydney woman on leaving the caliphate",
        "Rana Haddad, 31, an Australian, deserted from the Islamic State in 2018 and gave herself up to"
        " Kurdish forces. \"I could not stay,\" she said. She was one of a group of women repatriated"
        " from the al-Roj camp in north-east Syria in 2022.",
        [("Rana Haddad", "Australia")],
    ),
}


# Each table, with the defector fields its cases check.
TABLES = {
    "name, age, nationality": (CASES, ("name", "age", "nationality")),
    "nationality": (NATIONALITIES, ("name", "nationality")),
    "now_in": (WHEREABOUTS, ("name", "now_in")),
    "fields": (FIELDS, ("name", "age", "nationality")),
    "now_in (holdout23)": (PLACES_NOW, ("name", "now_in")),
}


@pytest.mark.parametrize(("table", "case"), [(t, c) for t, (cases, _) in TABLES.items() for c in cases])
def test_fields(rules: WatchRules, table: str, case: str) -> None:
    cases, keys = TABLES[table]
    title, text, expected = cases[case]
    assert fields_of(rules, title, text, keys) == expected


@pytest.mark.parametrize("case", [*NOT_LEAVING, *REPORTS])
def test_no_leaving_told(rules: WatchRules, case: str) -> None:
    title, text = {**NOT_LEAVING, **REPORTS}[case]
    assert not judge(title, text, rules).flagged
