"""Classes of phrasing added in the thirteenth session (validation on holdout18), one invented
article each."""

from __future__ import annotations

import pytest

from alerts.casefields import protagonist
from alerts.countries import town_countries
from alerts.rules import WatchRules
from alerts.score import judge


def test_three_named_after_a_count_with_a_long_group_name_are_three_cases(rules: WatchRules) -> None:
    """"Three members of the Moro Islamic Liberation Front surrendered": the group's long name no
    longer pushes the count out of reach, so the people listed with their ages are each a case."""
    j = judge(
        "Three rebels yield in Basilan",
        "ISABELA CITY — Three members of the Bangsamoro Islamic Freedom Fighters surrendered to the"
        " Army in Tipo-Tipo town on Friday, the brigade said.\n\nThey were identified as Jainal"
        " Hadjirul, 31; Basirun Sali, 26; and Ajid Lakibul, 40. Hadjirul said his unit had run out of"
        " rice weeks ago.",
        rules,
    )
    assert [(d.name, d.age) for d in j.defectors] == [
        ("Jainal Hadjirul", 31),
        ("Basirun Sali", 26),
        ("Ajid Lakibul", 40),
    ], j


def test_a_denied_abduction_is_no_captivity(rules: WatchRules) -> None:
    """"Elle n'a pas été enlevée, insiste-t-elle": she says she went of her own will, so she is a
    defector, not an escaped captive; "Pour Fanta," opening a sentence is no part of her name."""
    j = judge(
        "Au camp de Mokolo, une ancienne de Boko Haram raconte",
        "MOKOLO — Fanta, 26 ans, vit depuis un an dans le centre de transit. Elle n'a pas été enlevée,"
        " précise-t-elle : elle a suivi son frère dans la forêt à dix-sept ans. Elle s'est enfuie de"
        " Boko Haram pendant une attaque et s'est rendue aux militaires. « On tuait les gens qui"
        " voulaient partir », dit-elle.\n\nPour Fanta, le retour au village reste impossible.",
        rules,
    )
    assert j.flagged and [(d.name, d.age) for d in j.defectors] == [("Fanta", 26)], j


def test_the_german_alias_with_its_verb_last_names_the_speaker(rules: WatchRules) -> None:
    """"Der Mann, der sich Karim nennt": the alias cue closes around the name; "Einmal," opening a
    sentence is an adverb, no name."""
    j = judge(
        "„Ich bin aus dem IS ausgestiegen“",
        "Der Mann, der sich Karim nennt, sitzt in einem Café in Bielefeld. Er ist Ende zwanzig. Karim"
        " war drei Jahre beim Islamischen Staat in Syrien, dann ist er ausgestiegen. „Sie haben"
        " Gefangene erschossen“, sagt er.\n\nEinmal habe ihn ein Fremder nach seinem Bruder gefragt.",
        rules,
    )
    assert [d.name for d in j.defectors] == ["Karim"], j


def test_joining_a_reintegration_programme_is_leaving(rules: WatchRules) -> None:
    """"joined the government's reintegration programme, handing over weapons": the way a commander's
    leaving is told in Afghanistan's peace programmes, with no "surrendered" in the story."""
    j = judge(
        "Farah commander joins peace programme",
        "FARAH, Afghanistan — A Taliban commander who led a small band in Bala Buluk district joined"
        " the government's reintegration programme on Sunday, handing over weapons at the governor's"
        " office.\n\nQari Abdul Wahid, 38, said he was tired of commanders in other provinces taking"
        ' the money. "We got nothing," he said.',
        rules,
    )
    assert j.flagged and [(d.name, d.age) for d in j.defectors] == [("Qari Abdul Wahid", 38)], j


# Where the person is from: (title, text, expected (name, nationality) of each defector).
NATIONALITIES = {
    # a dateline's country before a dash qualifies no noun after it: the Syrian is no Turk
    "dateline country before a dash": (
        "A Deir ez-Zor man on leaving the Islamic State",
        "GAZIANTEP, Turkey — The man who asks to be called Omar is 26. He fought for the Islamic State"
        " for a year before he deserted in 2017. He grew up in Deir ez-Zor, Syria.",
        [("Omar", "Syria")],
    ),
    # "commanders based in Pakistan who ...": the country, then a relative pronoun, is no Pakistani
    "country then who": (
        "Taliban fighter surrenders in Helmand",
        "LASHKAR GAH, Afghanistan - Abdul Manan, 30, a Taliban fighter from Nad Ali, surrendered on"
        " Tuesday. He said he was tired of orders from commanders based in Pakistan who never came to"
        " the front.",
        [("Abdul Manan", "Afghanistan")],
    ),
    # "a dual British-Bangladeshi citizen": the first-named country
    "dual nationality": (
        "Former IS recruit gives evidence",
        "Rahim Uddin, 29, a dual British-Bangladeshi citizen, told the court he escaped from the"
        " Islamic State in 2016 after seeing executions in Raqqa.",
        [("Rahim Uddin", "United Kingdom")],
    ),
    # "eine Frau aus Wuppertal": German "aus" after a person gives the origin, like "from"
    "German aus": (
        "IS-Rückkehrerin vor Gericht",
        "DÜSSELDORF. Angeklagt ist eine 29 Jahre alte Frau aus Bochum, die sich 2014 dem Islamischen"
        " Staat angeschlossen haben soll. Mona S. floh 2018 aus dem Gebiet des IS und stellte sich den"
        " kurdischen Kräften.",
        [("Mona S", "Germany")],
    ),
    # "Adana doğumlu": born there, the word after the place
    "Turkish born after the place": (
        "DEAŞ'tan kaçan genç teslim oldu",
        "Adana doğumlu 24 yaşındaki K.T., DEAŞ terör örgütünden kaçarak güvenlik güçlerine teslim oldu.",
        [("K.T", "Turkey")],
    ),


    # the first sentence that states an origin wins, over a demonym later in the person's sentences
    "the first stated origin": (
        "Two men walk out of an insurgent camp in Cabo Delgado",
        "PEMBA — Two men who had been fighting with the Islamic State in Cabo Delgado walked out of a"
        " camp and presented themselves to police.\n\nOne of them, Omar, is 20 and was born in"
        " Mocímboa da Praia. He said he deserted the Islamic State because nobody was paid.\n\nThe"
        " other man was described as a Tanzanian"
        " national in his forties.",
        [("Omar", "Mozambique")],
    ),
    # "a job in a Congolese gold mine": the mine is Congolese; "the Ugandan mechanic" is the man
    "a demonym before a thing": (
        "ADF deserter returns home",
        "KASESE — Joseph Ssali, 30, was promised a job in a Congolese gold mine by a recruiter in"
        " Kampala. The Ugandan mechanic said he left the ADF after a year in its camps.",
        [("Joseph Ssali", "Uganda")],
    ),
    # "Warsame gave himself up on Saturday. A second man, Guled, turned himself in the next day. Both
    # men, Somali nationals from Bari, ...": about both, though they were named in separate sentences
    "both, after two named one by one": (
        "Two Islamic State defectors surrender in Puntland",
        "BOSASO — Two members of the Islamic State group have surrendered to Puntland forces, officials"
        " said.\n\nFarah Ali Jama, 35, gave himself up at a post near Qandala on Saturday. A second,"
        " younger man, who gave his name only as Guled, turned himself in the next day.\n\nBoth men,"
        " Somali nationals from the Bari region, were shown to journalists in Bosaso.",
        [("Farah Ali Jama", "Somalia"), ("Guled", "Somalia")],
    ),
    # "stammt aus der Türkei": a country's name in the article's language, after an article
    "a local country name after an article": (
        "IS-Aussteiger vor Gericht",
        "HAMBURG. Der Angeklagte Murat Y., 28, stammt aus der Türkei. Er hat sich 2014 dem Islamischen"
        " Staat angeschlossen und ist 2016 aus dem IS ausgestiegen.",
        [("Murat Y", "Turkey")],
    ),
}


@pytest.mark.parametrize("case", list(NATIONALITIES))
def test_where_the_person_is_from(rules: WatchRules, case: str) -> None:
    title, text, expected = NATIONALITIES[case]
    j = judge(title, text, rules)
    assert [(d.name, d.nationality) for d in j.defectors] == expected, j


def test_a_plural_noun_opening_a_sentence_is_no_name_and_combatants_are_many(rules: WatchRules) -> None:
    """"More than 1,500 combatants handed over their weapons ... Observers warned": a report of many
    (combatants are a crowd), and "Observers" is nobody's name. A guard for the headline's "hand over
    weapons", which counts as leaving since this session."""
    j = judge(
        "Rebel combatants hand over weapons in Cotabato",
        "COTABATO CITY — More than 1,500 combatants of the Moro Islamic Liberation Front handed over"
        " their weapons at a ceremony on Monday as the decommissioning process continued.\n\nObservers"
        " warned that splinter groups remain active.",
        rules,
    )
    assert not j.flagged and not any(d.name == "Observers" for d in j.defectors), j


# Reports of many, each an aggregate: (title, text).
AGGREGATES = {
    # "أكثر من 900 عنصر انشقوا عن الحركة وسلموا أنفسهم" (more than 900 members defected and gave
    # themselves up): the plural verbs and nouns say many people, not one.
    "an Arabic report": (
        "وزارة الدفاع: انشقاق أكثر من 900 عنصر من «الشباب» خلال عامين",
        "مقديشو – أعلنت وزارة الدفاع الصومالية أن أكثر من 900 عنصر من حركة «الشباب» انشقوا عن الحركة"
        " وسلموا أنفسهم للسلطات خلال العامين الماضيين. وقال مسؤول إن المنشقين يتلقون التدريب المهني في"
        " مراكز إعادة التأهيل قبل عودتهم إلى مجتمعاتهم.",
    ),
    # "Gründe, aus denen Menschen aus Deutschland der Terrormiliz „Islamischer Staat“ (IS) den Rücken
    # gekehrt haben": "Menschen" makes the leaving many people's, the group's name between counting as
    # one word; "18 Prozent Konflikte" is no name. German plural nouns were no plural cues before.
    "a German study": (
        "Studie: Rund jeder dritte IS-Rückkehrer nennt Enttäuschung als Motiv",
        "BERLIN – Ernüchterung über den Alltag, Entsetzen über die Gewalt: Das sind laut einer neuen"
        " Studie die häufigsten Gründe, aus denen Menschen aus Deutschland der Terrormiliz „Islamischer"
        " Staat“ (IS) den Rücken gekehrt haben. Ausgewertet wurden die Akten von 120 Personen. Etwa 31"
        " Prozent nannten die Brutalität gegenüber Zivilisten, 18 Prozent Konflikte innerhalb der"
        " Organisation. Manche hätten Syrien nur verlassen, weil sie verletzt waren. Ein Sprecher sagte,"
        " man beobachte jeden Rückkehrer genau.",
    ),
}


@pytest.mark.parametrize("case", list(AGGREGATES))
def test_reports_of_many_are_aggregates(rules: WatchRules, case: str) -> None:
    title, text = AGGREGATES[case]
    j = judge(title, text, rules)
    assert not j.flagged and j.kind == "aggregate", j


def test_an_arabic_escape_and_an_ordinal_age(rules: WatchRules) -> None:
    """"قصة هروبه من «داعش»" (the story of his escape from IS) tells a leaving; "وهو في الخامسة
    والعشرين من عمره" (in his twenty-fifth year) is an age, and "كان ... في التاسعة عشرة" (he was
    nineteen, back then) is not the age now."""
    j = judge(
        "شاب من الموصل يروي قصة هروبه من «داعش»",
        "الموصل – يجلس الشاب، وهو في الخامسة والعشرين من عمره، في مقهى صغير. عام 2015 كان في التاسعة"
        " عشرة حين انضم إلى التنظيم. يقول إنه رأى الإعدامات في الساحات، فترك سلاحه وسلّم نفسه للقوات"
        " العراقية.",
        rules,
    )
    assert j.flagged and [d.age for d in j.defectors] == [25], j


def test_an_age_then_plus_the_years_the_story_counts_on(rules: WatchRules) -> None:
    """"was 17 when a recruiter came ... Six years later, he walked into an army base": 23 when he
    left (the labelling rule: the age follows arithmetically from the text)."""
    j = judge(
        "Six years with al-Shabaab",
        "KISMAYO — Hassan Abdi Nur was 17 when an al-Shabaab recruiter came to his village. Six years"
        " later, he walked into an army base outside Kismayo and gave himself up. He said the"
        " commanders had stopped paying the fighters.",
        rules,
    )
    assert [(d.name, d.age) for d in j.defectors] == [("Hassan Abdi Nur", 23)], j


# Who is a person, and words that read like names and are none: (title, text, expected names).
NAMES = {
    # a word in capitals alone, of any length, is an acronym ("MONUSCO, which runs ...")
    "long acronym": (
        "ADF deserter returns to Uganda",
        "KASESE — Musa Kibirige, 27, a former ADF fighter, escaped from the ADF camp in December and"
        " surrendered to peacekeepers of the UN mission MONUSCO, which runs a repatriation programme."
        " He said the commanders killed farmers.",
        ["Musa Kibirige"],
    ),
    # a Turkish place with its locative ending ("Habur Sınır Kapısı'nda") is no person
    "Turkish locative": (
        "PKK'dan kaçan kadın teslim oldu",
        "ŞIRNAK — Terör örgütü PKK'dan kaçan 26 yaşındaki R.D., Habur Sınır Kapısı'nda güvenlik"
        " güçlerine teslim oldu. R.D.'nin ailesiyle görüştürüldüğü belirtildi.",
        ["R.D"],
    ),
    # "Jamil, 34, and his wife, Norhana," after a couple's surrender: both; and "Norhana, a mother
    # of three, said" describes her, it names no office
    "a couple": (
        "Couple linked to Abu Sayyaf surrender in Sulu",
        "JOLO, Sulu — A husband and wife who spent four years with the Abu Sayyaf surrendered to the"
        " Army on Monday.\n\nAbdurahim Sali, 38, and his wife, Nurhaida, were received by officials at"
        ' the town hall. Sali said he was tired of running. "We had no food," he said.\n\nNurhaida, a'
        ' mother of two, said the children were always sick. "There was no medicine," she said.',
        ["Abdurahim Sali", "Nurhaida"],
    ),
    # an op-ed's author, named in the byline and again in the closing "X lives in ..." line
    "op-ed author": (
        "Opinion: I fought for al-Shabaab. This is why I left",
        "By Abdullahi Warsame Farah\n\nI was 20 when I joined al-Shabaab, and 23 when I left it. I saw"
        " commanders execute boys who were, like me, Hawiye.\n\nAbdullahi Warsame Farah lives in"
        " Nairobi, Kenya.",
        ["Abdullahi Warsame Farah"],
    ),
    # Words that read like names and are none
    # "unter Lebensgefahr": a German noun right after a preposition
    "German noun after a preposition": (
        "IS-Rückkehrerin vor Gericht",
        "CELLE. Angeklagt ist Nadine B., 30, aus Hannover. Sie hatte sich 2014 dem Islamischen Staat"
        " angeschlossen. Die Verteidigung betont, ihre Mandantin habe sich unter Lebensgefahr von der"
        " Organisation gelöst.",
        ["Nadine B"],
    ),
    # "Örgütten kaçan": the Turkish word for the organisation, with its case ending, opening a headline
    "the organisation in Turkish": (
        "Örgütten kaçan kadın teslim oldu",
        "ŞIRNAK (GHA) – PKK'dan kaçan 23 yaşındaki Zozan, güvenlik güçlerine teslim oldu.",
        ["Zozan"],
    ),
    # "joined Hizbul returns home": the first word of a group's name, alone, is the group
    "a group's short name": (
        "Sopore youth who joined Hizbul returns home",
        "SOPORE — A youth who joined Hizbul surrendered on Sunday after his father's appeal, police"
        " said. Zubair Ahmad Ganie, 20, told reporters he had left the Hizbul Mujahideen because he"
        " missed his family.",
        ["Zubair Ahmad Ganie"],
    ),
}


@pytest.mark.parametrize("case", list(NAMES))
def test_who_is_named(rules: WatchRules, case: str) -> None:
    title, text, expected = NAMES[case]
    j = judge(title, text, rules)
    assert [d.name for d in j.defectors] == expected, j


def test_a_transcripts_speaker_in_capitals_is_the_person_the_podcast_is_about(rules: WatchRules) -> None:
    """"KAMRUL: I was a student": a word in capitals before a colon is a speaker, not an acronym,
    so the guest who speaks most is the person the episode is about, not the host named first."""
    title = "The Way Out, episode 4: 'I stopped going to the study circle'"
    text = (
        "THE WAY OUT — Episode 4 transcript\nHosts: Farida Huq and Sam Doyle.\n\nSAM: Welcome back."
        "\n\nFARIDA: I'm Farida. Today's guest asked us to use only his first name, Kamrul. Kamrul,"
        " welcome.\n\n"
        "KAMRUL: Thank you. I was with Ansar al-Islam for two years.\n\nSAM: What changed?\n\nKAMRUL:"
        " They killed a blogger near my street. I could not believe any more.\n\nFARIDA: And then?"
        "\n\nKAMRUL: I changed my SIM card and moved to Chittagong."
    )
    compiled = rules.compiled()
    assert [c.defector.name for c in protagonist(compiled.scan(title, text), compiled)] == ["Kamrul"]


def test_al_qaedas_branches_are_groups_of_their_own_with_a_home(rules: WatchRules) -> None:
    """AQAP and AQIM are named as themselves, and a member whose origin is not stated is taken to be
    from the branch's home country, as for the TTP."""
    j = judge(
        "A former AQAP fighter speaks",
        "Abu Hamza, 31, left al-Qaeda in the Arabian Peninsula in 2019 after commanders kept the"
        " fighters' pay. He spoke to us by telephone.",
        rules,
    )
    assert [(d.group, d.nationality) for d in j.defectors] == [("AQAP", "Yemen")], j


def test_a_name_with_an_age_range_is_a_person_who_fought(rules: WatchRules) -> None:
    """"Moussa Bakary, la quarantaine, est tchadien": an age range set off after a name marks a
    person, and "avoir combattu" says he belonged; the woman before him keeps her own sentences."""
    j = judge(
        "Au centre de Meri, d'anciens de Boko Haram",
        "MERI — Hadiza, 22 ans, est arrivée il y a six mois. Elle s'est enfuie de Boko Haram pendant une"
        " attaque de l'armée, dit-elle.\n\nAssis à l'ombre, Moussa Bakary, la quarantaine, est tchadien."
        " Il dit avoir combattu cinq ans. Il s'est rendu à un poste militaire en 2021.",
        rules,
    )
    assert [(d.name, d.gender) for d in j.defectors] == [("Hadiza", "f"), ("Moussa Bakary", "m")], j


def test_a_towns_search_spelling_is_no_dateline() -> None:
    """GeoNames lists "meri" among the spellings of Turkmenistan's Mary: a search spelling in lower
    case, not a name, so a dateline "MERI" is no town in Turkmenistan."""
    assert town_countries().get("meri") is None
    assert town_countries().get("bombay") == "India"


def test_a_maoist_couple_names_the_indian_group(rules: WatchRules) -> None:
    """"A Maoist couple ... surrendered": how Indian wire copy names CPI (Maoist) cadres, the party's
    full name coming only paragraphs later."""
    j = judge(
        "Maoist couple surrender in Bijapur",
        "Bijapur (Chhattisgarh), May 4 (NNA) A Maoist couple surrendered before police in Bijapur on"
        " Tuesday, officials said.\n\nSection commander Oyam Lakhma (31) and his wife Kunjam Hidme (27)"
        " said they were tired of life in the forest.",
        rules,
    )
    assert j.flagged and {d.group for d in j.defectors} == {"CPI (Maoist)"}, j


def test_a_place_in_another_clause_is_no_origin_nor_a_return(rules: WatchRules) -> None:
    """"a man from Bwera who spent four years with the ADF rebels in the Congo has returned home": the
    Congo is in the relative clause, no origin (which matters since the person's sentences are read in
    order, the headline's "Kasese man" last), and English puts the place of a return after the verb (a
    place right before it is where he was: only Turkish and German put the verb last)."""
    j = judge(
        "Radio bulletin: Kasese man back from ADF camps asks for forgiveness",
        "First: a man from Bwera who spent four years with the ADF rebels in the Congo has returned home"
        " under the Amnesty Act and says he wants to ask his neighbours for forgiveness. He says he"
        " escaped from the ADF after commanders killed farmers.",
        rules,
    )
    assert [(d.nationality, d.now_in) for d in j.defectors] == [("Uganda", "Uganda")], j


def test_who_goes_by_names_an_alias_not_a_byline(rules: WatchRules) -> None:
    """"The man, Hamadou, who goes by Issou, is 29": "by" ends the alias cue, so "Issou" is the same
    person, not a byline's author, and what "Issou said" is Hamadou's (his reasons); the alias
    follows his name in brackets."""
    j = judge(
        "Niger herder says he quit Islamic State Sahel",
        "NIAMEY — A Fulani herder who says he spent three years with the Islamic State's Sahel affiliate"
        " has handed himself in to gendarmes in western Niger.\n\nThe man, Hamadou, who goes by Issou,"
        " is 29 and comes from a camp near Ouallam.\n\nIn an interview in Niamey, Issou said he joined"
        " the group in 2018 after his cattle were stolen.\n\nOver time, he said, the commanders kept the"
        " animals for themselves.",
        rules,
    )
    assert [(d.name, d.age, d.reasons) for d in j.defectors] == [("Hamadou (Issou)", 29, ("corruption",))], j


def test_al_qaeda_in_an_article_about_a_branch_is_the_branch(rules: WatchRules) -> None:
    """An AQAP article that calls the group "al-Qaeda" in the telling (`branch_of` in feeds.yml):
    the leaving is AQAP's, so the member's unstated nationality and whereabouts are the branch's
    home, Yemen."""
    j = judge(
        "Former al-Qaeda fighter hands himself in",
        "ZINJIBAR — A former member of al-Qaeda in the Arabian Peninsula handed himself in to the"
        " security forces on Sunday after tribal mediation. The young man, Salem, 27, had left"
        " al-Qaeda in March, a tribal elder said. He was tired of the fighting between al-Qaeda and"
        " other groups.",
        rules,
    )
    assert [(d.group, d.nationality) for d in j.defectors] == [("AQAP", "Yemen")], j


# Ages: (title, text, expected (name, age) of each defector).
AGES = {
    # an age in words before "-year-old" (text2num reads the words)
    "in words": (
        "Kashmir youth returns home after mother's appeal",
        "SRINAGAR — A twenty-two-year-old from Shopian who joined the Lashkar-e-Taiba in May has"
        " returned home and surrendered to the police. Faisal Ahmad Dar told reporters he had left the"
        " Lashkar-e-Taiba after his mother's appeal.",
        [("Faisal Ahmad Dar", 22)],
    ),
    "a woman of": (
        "A Maranao teacher's turn away from Dawlah Islamiyah",
        "MARAWI CITY — Noraisa, a soft-spoken woman of twenty-four from Butig, surrendered to the Army"
        " in 2019 after two years with the Dawlah Islamiyah. She said the fighters had killed her"
        " cousin.",
        [("Noraisa", 24)],
    ),
    # "Years later, at 24, she lives in a shelter": the age now, a present tense after it
    "at an age, present tense": (
        "From the FARC dissidents to a shelter in Cali",
        "CALI — Yesenia says she was recruited by FARC dissidents at 15. She deserted from the FARC"
        " dissidents in 2021. Nine years after she was recruited, at 24, she lives in a government"
        " shelter.",
        [("Yesenia", 24)],
    ),
    # two ages back then: the later is the one nearest the leaving
    "the last age back then": (
        "Recruited at seventeen, he walked out at 25",
        "KISMAYO — Abdi Nur Farah was 17 years old when he joined al-Shabaab. He was 25 when he"
        " escaped from al-Shabaab and gave himself up to the army.",
        [("Abdi Nur Farah", 25)],
    ),
}


@pytest.mark.parametrize("case", list(AGES))
def test_ages(rules: WatchRules, case: str) -> None:
    title, text, expected = AGES[case]
    j = judge(title, text, rules)
    assert [(d.name, d.age) for d in j.defectors] == expected, j


def test_once_a_member_is_a_former_member(rules: WatchRules) -> None:
    """"Budi Santoso, 47, was once a member of Jemaah Islamiyah ... He stopped attending meetings":
    a feature's way of saying he left, with no "former" and no "left"."""
    j = judge(
        "The bomb-maker who now bakes bread",
        "SOLO, Central Java — Budi Santoso, 47, was once a member of Jemaah Islamiyah. After the hotel"
        ' bombings of 2009 he stopped attending meetings. "This is murder," he says.',
        rules,
    )
    assert j.flagged and [(d.name, d.age) for d in j.defectors] == [("Budi Santoso", 47)], j


def test_crossing_over_to_the_government_is_leaving(rules: WatchRules) -> None:
    """"A Houthi field commander ... crossed over to the government": going over to the other side,
    said with "crossed over to" and, in a headline, "crosses to government lines"."""
    j = judge(
        "Houthi commander crosses to government lines near Marib",
        "MARIB, Yemen — A Houthi field commander has crossed over to the government on the Sirwah front,"
        " officials said on Sunday.\n\nSaleh Nasser al-Wadi, who led a Houthi unit in Sirwah, said the"
        ' supervisors kept the salaries. "We eat dust," he said.',
        rules,
    )
    assert j.flagged and [d.name for d in j.defectors] == ["Saleh Nasser al-Wadi"], j


# Articles that tell of no one's leaving a watched group (title, text).
NO_ACCOUNT = {
    # "he had since renounced the group's ideology in prison": a would-be recruit stopped at the
    # airport never belonged; what he renounced is the group's ideology, not the group
    "the group's ideology renounced": (
        "Texas man sentenced for trying to join Islamic State",
        "HOUSTON — A 22-year-old Texas man who tried to travel to Syria to join the Islamic State was"
        " sentenced on Monday to ten years in prison. He was arrested at the airport in 2017. His lawyer"
        " told the court that he had since renounced the group's ideology in prison.",
    ),
    # a play about a boy who left the Islamic State, reviewed: theatre words are another world's,
    # like film and novel; the playwright is no defector
    "a theatre review": (
        "Theatre review: a boy comes home from the Islamic State",
        "Halfway through Amina Rauf's new play, a sixteen-year-old boy sits on a crate and tells his"
        " mother how he escaped from the Islamic State. The playwright gives him few words. The actor"
        " playing him holds the audience. The theatre was full on the night I went.",
    ),
}


@pytest.mark.parametrize("case", list(NO_ACCOUNT))
def test_no_account(rules: WatchRules, case: str) -> None:
    title, text = NO_ACCOUNT[case]
    j = judge(title, text, rules)
    assert not j.flagged, j
