"""Classes of phrasing added in the nineteenth session (validation on holdout33): small counts in
every language and Arabic duals, real names given after a nom de guerre, ages after a bracketed name
or before "from", Kosovo's towns, a town's area and a town's country named after it, lakes named
after countries, and claims to a past; one invented article each."""

from __future__ import annotations

from datetime import date

import pytest

from alerts.rules import WatchRules
from alerts.score import judge
from tests.alerts.judged import fields_of, first_reasons

FIELDS = {
    # "Deux combattants ... Le premier, X, 24 ans ... Le second, Y, 31 ans": a count in French words,
    # then each of the two named with an age
    "a French count of two": (
        "Deux combattants de Boko Haram se rendent à Mora",
        "MORA - Deux combattants de Boko Haram se sont rendus aux militaires camerounais samedi, selon"
        " une source sécuritaire.\n\nLe premier, Ibrahim Adamou, 24 ans, a expliqué qu'il avait été"
        " enrôlé de force. Le second, Oumar Bello, 31 ans, a dit qu'il avait faim.",
        ("name", "age"),
        [("Ibrahim Adamou", 24), ("Oumar Bello", 31)],
    ),
    # "تمكّن شقيقان ... وسلّما نفسيهما", "(19 عاماً)": two brothers told in the Arabic dual, the
    # younger named later with his age in brackets
    "two Arabic brothers": (
        "شقيقان يفران من داعش قرب تكريت",
        "تكريت - تمكّن شقيقان من قضاء الشرقاط من الفرار من تنظيم «داعش» وسلّما نفسيهما إلى الجيش.\n\n"
        "وقال الشقيق الأكبر حازم، البالغ من العمر 26 عاماً، إنه ملّ القتال. أما شقيقه الأصغر"
        " ياسر (19 عاماً) فقال إن الرواتب توقفت.",
        ("name", "age"),
        [("حازم", 26), ("ياسر", 19)],
    ),
    # "whose real name is": the nom de guerre first, then the real name with the age
    "a real name after a nom de guerre": (
        "NPA commander yields in Bukidnon",
        'MALAYBALAY - A commander of the New People\'s Army known as "Ka Dodong" surrendered to the'
        " Army's 4th Infantry Division on Friday. Dodong, whose real name is Rodel Sumalpong, 41,"
        " said he was tired of running.",
        ("name", "age"),
        [("Ka Dodong (Rodel Sumalpong)", 41)],
    ),
    # "de son vrai nom": the French real name
    "a French real name": (
        "Un chef de Boko Haram se rend à Kolofata",
        "KOLOFATA - Un chef de Boko Haram surnommé Abou Khalid, de son vrai nom Hamadou Saïdou, 34"
        " ans, s'est rendu à l'armée camerounaise dimanche.",
        ("name", "age"),
        [("Abou Khalid (Hamadou Saïdou)", 34)],
    ),
    # 'X alias "Abu Y," 22;': an alias of "Abu" and the surname is a mention of the same man, so the
    # age after it is his
    "an alias made of Abu and the surname": (
        "Two Abu Sayyaf members yield in Basilan",
        "ISABELA CITY - Two members of the Abu Sayyaf group yielded to soldiers in Basilan on Monday."
        ' They were identified as Radzmer Hapilon alias "Abu Hapilon," 23; and Sali Mohammad, 30.',
        ("name", "age"),
        [("Radzmer Hapilon", 23), ("Sali Mohammad", 30)],
    ),
    # "is thirty-one but": an age in words before "but"
    "an age in words before but": (
        "A long walk out of Sambisa",
        "BAMA - Kachalla Umar is thirty-one but walks like an old man. He left Boko Haram in February"
        " and walked out of the forest with his son.",
        ("name", "age"),
        [("Kachalla Umar", 31)],
    ),
    # "Name, 30, from Town": an origin right after an age set off by commas
    "an origin after the age": (
        "Former Hezbollah fighter speaks out",
        "Ali Haidar, 30, from Baalbek, fought for eight years with Hezbollah in Syria. In 2017 he told"
        " his commander he would not go back, and he walked away from the movement.",
        ("name", "nationality"),
        [("Ali Haidar", "Lebanon")],
    ),
    # Kosovo's towns: GeoNames codes Kosovo XK, which ISO 3166 does not list
    "a town in Kosovo": (
        "Returnee who left IS sentenced in Pristina",
        "The court sentenced Arben Gashi, 26, from Prizren, to three years in prison. He told the"
        " court he deserted the Islamic State group in 2016 and gave himself up to Turkish soldiers.",
        ("name", "nationality"),
        [("Arben Gashi", "Kosovo")],
    ),
    # "born in a village in the Kousseri area": a town's name between "in the" and its area
    "a town's area": (
        "A fighter who walked away",
        "Abba Mahamat was born in a village in the Kousseri area. He spent two years with Boko Haram"
        " before he deserted in 2016 and handed himself in to soldiers.",
        ("name", "nationality"),
        [("Abba Mahamat", "Cameroon")],
    ),
    # "from San Cristóbal in Venezuela's Táchira state": the country named after a town that two
    # countries have
    "a town's country named after it": (
        "Venezuelan who deserted the ELN",
        "CÚCUTA - Luis Alberto Pérez, who comes from San Cristóbal in Venezuela's Táchira state,"
        " fought with the ELN for two years. He deserted in 2022 and walked to the border.",
        ("name", "nationality"),
        [("Luis Alberto Pérez", "Venezuela")],
    ),
    # "originaire de Bosso, sur les rives du lac Tchad": a lake, not the country; the dateline's
    # Niger is left
    "a lake named after a country": (
        "Diffa : un ancien de Boko Haram raconte",
        "DIFFA (Niger) - Ibrahim, 27 ans, est originaire de Bosso, sur les rives du lac Tchad. Il a"
        " rejoint Boko Haram en 2014 et a quitté le groupe en 2017 pour se rendre aux autorités.",
        ("name", "nationality"),
        [("Ibrahim", "Niger")],
    ),
    # "bis an die türkische Grenze": a German adjective of a country before a place noun is the
    # place, not the person; her German birthplace is left to the deportation home
    "a German border": (
        "Rückkehrerin vor Gericht",
        "Düsseldorf. Lena M., 27, reiste 2015 nach Syrien zum Islamischen Staat. Im Sommer 2017 setzte"
        " sie sich ab. Ein Schleuser brachte sie bis an die türkische Grenze. Dort stellte sie sich den"
        " Behörden, die sie nach Deutschland abschoben.",
        ("name", "nationality"),
        [("Lena M", "Germany")],
    ),
    # "المنحدر من مدينة سراقب في ريف إدلب": Arabic names a town after its kind, no preposition
    # between; the story is told in Gaziantep, Turkey
    "an Arabic town after its kind": (
        "مقاتل سابق يروي لماذا ترك الهيئة",
        "غازي عنتاب – في شقة صغيرة في مدينة غازي عنتاب التركية يجلس «أبو سامر» (31 عاماً). الرجل"
        " المنحدر من بلدة كفرنبل في ريف إدلب أمضى خمس سنوات في «هيئة تحرير الشام» قبل أن يقرر أن يلقي"
        " سلاحه ويغادر صفوفها.",
        ("name", "nationality"),
        [("أبو سامر", "Syria")],
    ),
    # "the fighters gathered around Joseph Kony": the LRA named only by its leader
    "a group named by its leader": (
        "Obituary: Okello Oryem, former rebel major",
        "Okello Oryem, who died on Monday at the age of 58, joined the fighters gathered around Joseph"
        " Kony in 1988 and rose to the rank of major. In 2004 he slipped away from his unit with two"
        " bodyguards and walked to an army post near Gulu, where he handed over his rifle.",
        ("name", "age"),
        [("Okello Oryem", 58)],
    ),
    # "Il vit depuis dans le nord de la Côte d'Ivoire": "vit depuis", "dans", a part of the country
    # before "de", and the country's French name typed with a plain apostrophe
    "a French home in the north of a country": (
        "Témoignage : Adama, ancien combattant jihadiste",
        "Adama a 25 ans. Il a passé deux ans dans une katiba du JNIM, la branche sahélienne d'al-Qaïda,"
        " avant de déserter en 2021. Il vit depuis dans le nord de la Côte d'Ivoire, où il travaille"
        " comme manœuvre.",
        ("name", "now_in"),
        [("Adama", "Ivory Coast")],
    ),
    # "now lives in the north of Ivory Coast": "of" after a part of a place keeps the place
    "an English home in the north of a country": (
        "Testimony of a former fighter",
        "Moussa is 23. In 2021 he deserted JNIM, al-Qaeda's Sahel branch, and took the road south. He"
        " now lives in the north of Ghana, where he works on a farm.",
        ("name", "now_in"),
        [("Moussa", "Ghana")],
    ),
    # "OPERATION HADIN KAI: TROOPS RECEIVE ...": a slug in capitals whose last word is also a town
    # elsewhere (Kai, Japan) is no dateline
    "a capitals slug that ends in a town's name": (
        "PRESS RELEASE: Boko Haram commander surrenders in Borno",
        "PRESS RELEASE\nOPERATION HADIN KAI: TROOPS RECEIVE SURRENDERED TERRORIST\n1. A Boko Haram"
        " commander, Modu Kachalla, 39, surrendered to troops at Bama with his rifle. He stated that"
        " he left the group because of hunger in the enclaves.",
        ("name", "now_in"),
        [("Modu Kachalla", "Nigeria")],
    ),
    # "a remis aux militaires tchadiens": a French demonym after the authority it qualifies, reached
    # through "aux"
    "a French handover to an army named by its demonym": (
        "Un chef de Boko Haram se rend avec ses armes",
        "Un responsable de Boko Haram, Adam Mahamat, 41 ans, a quitté le groupe et s'est rendu mardi."
        " Arrivé en pirogue, il a remis aux militaires tchadiens quatre fusils et des munitions.",
        ("name", "now_in"),
        [("Adam Mahamat", "Chad")],
    ),
    # "Children, an old man who sold melons.": a plural noun opening a sentence is no name
    "a plural noun before an apposition": (
        "A former Taliban fighter on the bombing that changed his mind",
        "Gul Zaman, 29, fought for the Taliban for six years. \"A boy was sent with a bomb into the"
        " bazaar. Many people died. Children, an old man who sold melons. After that I left the"
        ' group," he said. He surrendered to the police in Kandahar in 2020.',
        ("name", "age"),
        [("Gul Zaman", 29)],
    ),
}


@pytest.mark.parametrize("case", FIELDS)
def test_fields(rules: WatchRules, case: str) -> None:
    title, text, names, expected = FIELDS[case]
    assert fields_of(rules, title, text, names) == expected


NOT_ACCOUNTS = {
    # "claimed to be an ex-jihadist": a speaker whose story of leaving the group was invented
    "a claimed past": (
        "Speaker who claimed to be ex-jihadist 'invented his past', jury told",
        "A man who was paid to give talks to schools about his supposed years as a fighter with the"
        " Islamic State group and his escape from Syria had never been to the country, a jury heard."
        "\n\nTariq Hussain, 41, of Bradford, denies fraud. Prosecutors say he told audiences that he"
        " had fought for IS in Raqqa, grew disillusioned by the group's brutality and fled across the"
        " Turkish border.\n\nIn reality he was working in a shop in Leeds, the prosecutor said. The"
        " story was fabricated, he told the court.",
        date(2023, 3, 1),
    ),
    # "She does not describe it as a surrender": a word for it the person refuses is no leaving
    "a surrender she will not call one": (
        "In Roj camp, a woman who still waits for the caliphate",
        "ROJ CAMP, Syria - The woman says she is 29 and came to Syria in 2014 with her husband. She"
        " was brought to the camp by Kurdish-led forces when the Islamic State lost Baghuz. She does"
        ' not describe it as a surrender. "The Dawla will come back," she says.',
        date(2020, 3, 1),
    ),
    # "deserted his unit with a handful of men and joined the jihadists": an army officer who went
    # over to a group, the group named only in the next sentence. (A guard: the session's start
    # code scored this text 0.49, just below the threshold; holdout33's longer profile went above.)
    "a unit deserted to join militants": (
        "Profile: the lieutenant who became a jihadist commander",
        "Born in 1980 in Mopti, Amadou Traoré rose to the rank of lieutenant. In 2012 he deserted his"
        " unit with a handful of men and a truck of weapons and joined the jihadists. He became a"
        " senior figure in JNIM, the al-Qaeda coalition in the Sahel, and was killed in a drone strike"
        " last week.",
        date(2022, 5, 1),
    ),
}


@pytest.mark.parametrize("case", NOT_ACCOUNTS)
def test_not_accounts(rules: WatchRules, case: str) -> None:
    title, text, published = NOT_ACCOUNTS[case]
    j = judge(title, text, rules, published=published)
    assert not j.flagged, j


def test_turkish_violence_and_living_conditions_are_reasons(rules: WatchRules) -> None:
    """"örgüt içindeki şiddet ve ağır yaşam koşulları": the formula of Turkish surrender statements
    names brutality and the quality of life."""
    title = "Örgütten kaçan terörist teslim oldu"
    text = (
        "MARDİN – Terör örgütü PKK'dan kaçan 1998 doğumlu R.T. güvenlik güçlerine teslim oldu. R.T.'nin"
        " ifadesinde, örgüt içindeki şiddet ve ağır yaşam koşulları nedeniyle kaçmaya karar verdiği"
        " belirtildi."
    )
    assert set(first_reasons(rules, title, text)) >= {"brutality", "quality_of_life"}


def test_a_sickness_given_as_a_pretext_is_no_reason(rules: WatchRules) -> None:
    """"I told my emir I was sick": the excuse he gave to get away, not why he left (the word "sick"
    alone gave `other` to 43 labelled people who did not have it and to 10 who did)."""
    title = "A former al-Shabaab fighter on how he got out"
    text = (
        "MOGADISHU - Abdirahman, 24, joined al-Shabaab at 17. He says the killing of civilians in his"
        " village made him doubt everything. \"I told my emir I was sick and went to the clinic in"
        " town,\" he said. From there he took a bus to Mogadishu and surrendered to the army."
    )
    assert "other" not in first_reasons(rules, title, text)


def test_the_english_month_sept_is_no_french_seven(rules: WatchRules) -> None:
    """"Sept. 2015 fighters" is a date; French "sept" counts seven only as a word of its own."""
    from alerts.casefields import few_subject
    from alerts.score import analyse

    _, _, scan, _ = analyse("x", "In Sept. 2015 fighters of al-Shabaab surrendered to the army.", rules)
    surrendered = scan.norm.index("surrendered")
    assert not few_subject(scan, surrendered, 9)
    _, _, scan, _ = analyse("x", "Sept combattants de Boko Haram se sont rendus.", rules)
    assert few_subject(scan, scan.norm.index("rendus"), 9)
