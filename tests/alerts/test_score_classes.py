"""Classes of phrasing added in the seventh session (validation on holdout4 and holdout5), one
invented article each: groups the watch list lacked, and kinds of leaving and of not leaving."""

from __future__ import annotations

import pytest

from alerts.casefields import _abducted
from alerts.rules import WatchRules
from alerts.score import analyse, judge
from tests.alerts.judged import fields_of, first_reasons

# Organised armed groups outside the first watch list: (group, title, text).
GROUPS = [
    (
        "New IRA",
        "Belfast man tells court of his exit",
        "BELFAST - Ciaran Doherty, 35, told the court he had been a member of the Real IRA for two "
        "years and walked away from the Real IRA after a bombing in 2011, his lawyer said.",
    ),
    (
        "CPI (Maoist)",
        "Surrender in Bijapur",
        "BIJAPUR - Sodi Deva, 29, a member of the CPI (Maoist) for eight years, surrendered to the "
        "police on Friday, saying he was tired of life in the forest.",
    ),
    (
        "ULFA",
        "Cadre returns",
        "DIBRUGARH - Pranjal Baruah, 31, who joined the ULFA (I) in 2012, surrendered before the Assam "
        "Police on Monday and laid down a pistol, officers said.",
    ),
    (
        "Ansar al-Sharia",
        "A Libyan leaves the movement",
        "TUNIS - Faraj, 30, a Libyan who joined Ansar al-Sharia in Derna in 2012, deserted Ansar "
        "al-Sharia in 2014 after the killings of judges, he said.",
    ),
    (
        "al-Qaeda",
        "Un ancien du Chaambi",
        "KASSERINE - Hatem, 27, combattant de la katiba Okba Ibn Nafaa pendant deux ans, a quitté Okba "
        "Ibn Nafaa en 2016, raconte-t-il.",
    ),
]


@pytest.mark.parametrize(("group", "title", "text"), GROUPS, ids=[g[0] for g in GROUPS])
def test_groups_added_to_the_watch_list(rules: WatchRules, group: str, title: str, text: str) -> None:
    j = judge(title, text, rules)
    assert j.flagged and [d.group for d in j.defectors] == [group]


def test_the_outfit_stands_for_the_group_named(rules: WatchRules) -> None:
    """Indian and Pakistani reporting calls a militant group "the outfit"."""
    text = (
        "BARAMULLA - Tariq Ahmad, 19, joined the Lashkar-e-Taiba in March, police said. His family had "
        "not heard from him for many weeks and his mother appeared on local television twice. "
        '"I deserted the outfit because I missed my mother," he told reporters on Sunday.'
    )
    _, _, scan, hits = analyse("Youth back", text, rules)
    deserted = [h for h in hits if scan.norm[h.i] == "deserted"]
    assert [(h.group, h.strength, h.counted) for h in deserted] == [("Lashkar-e-Taiba", 1.0, True)]


# Kinds of leaving: (why, title, text).
LEAVING = [
    (
        "not going back: sent on an errand, she kept walking",
        "A long road down",
        "SULAYMANIYAH - Berivan, 26, joined the PKK at 17 and spent eight years in its camps. "
        "Her mother fell ill in 2021 and her letters home were stopped. In the spring, sent down to a "
        "village to buy flour, she kept walking until she reached the town, she says.",
    ),
    (
        "not going back: stopped reporting to his unit",
        "A fighter's quiet exit",
        "ISTANBUL - Khaled, 24, a Syrian, joined Hayat Tahrir al-Sham in 2018 and guarded a checkpoint "
        "near Idlib. He grew tired of the fees his commanders took from traders. In 2020 he stopped "
        "reporting to his unit and paid a smuggler to take him north, he said.",
    ),
    (
        "not going back: did not go back to the bush",
        "Le retour d'un berger",
        "MOPTI - Hamidou, 20, a herder who joined the Katiba Macina at 17, was sent to a market town to "
        'buy fuel last year. "I did not go back to the bush," he said. He went to the gendarmerie with his '
        "uncle.",
    ),
    (
        "going to the authorities: walked towards an army post",
        "Out of the valley",
        "JALALABAD - Farhad, 30, a Tajik who joined the Islamic State in Syria and later went to "
        "Afghanistan, says he had decided to leave a year earlier. In March he took his wife and son and "
        "walked for a night towards the nearest army post, waving a white cloth.",
    ),
    (
        "going to the authorities: went with an uncle to the gendarmerie",
        "Un jeune berger raconte",
        "MOPTI - Seydou, 18, joined the Katiba Macina at 16 and watched the roads for its fighters. "
        "After they killed the village imam he went with his uncle to the gendarmerie, he said.",
    ),
    (
        "a weapon by its name: handed over his Kalashnikov",
        "Man hands in his gun in Dir",
        "DIR - Gul Zaman, 33, who spent four years with the Tehreek-e-Taliban Pakistan, walked up to a "
        "jirga in his village and handed over his Kalashnikov to the elders on Monday, he said.",
    ),
    (
        "coming back to the family or 'to the fold'",
        "Kupwara youth returns home",
        "KUPWARA - Police said on Sunday that Sajad Lone, 19, who joined the Hizbul Mujahideen in May, has "
        'returned to his family. "He came back on his own after his sister\'s appeal," an officer said.',
    ),
    (
        "returning to the fold of the law",
        "Rebel returns to the fold in Agusan",
        "BUTUAN - A New People's Army fighter, Ramil Dagohoy, 38, returned to the fold of the law on "
        "Friday after eleven years with the rebels, the army said. He said he missed his children.",
    ),
    (
        "belonging told as time spent with the group",
        "A guerrilla's night crossing",
        "MEDELLIN - Yuliana, 23, had been with the FARC since she was 14, mostly in the mountains of "
        "Antioquia. Her partner Wilmer, 27, was a radio operator. In 2015 the two left their rifles "
        "by a tree, crossed the river and told soldiers at a farm that they were giving themselves up.",
    ),
    (
        "a way out as a noun: 'road out of' the group",
        "A herder's road out of Ansarul Islam",
        "OUAGADOUGOU - Issouf, 22, spent two years with Ansarul Islam in Soum province. The killing of "
        'his cousin by the fighters turned him, he says. "I want to forget," he said.',
    ),
    (
        "the idiom 'came in from the cold'",
        "A Taliban commander comes in from the cold",
        "HERAT - Mullah Rahmatullah, 45, who led forty Taliban fighters in Shindand for a decade, sat "
        "in the governor's office on Sunday and said he was tired of war. "
        '"My sons must go to school," he said.',
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), LEAVING, ids=[c[0] for c in LEAVING])
def test_kinds_of_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert judge(title, text, rules).flagged, why


# Kinds of not leaving: (why, title, text).
NOT_LEAVING = [
    (
        "a switch from one group to another in one sentence",
        "Commander changes sides in Lower Juba",
        "KISMAYO - Sheikh Omar Dheere, 44, an al-Shabaab commander, broke with al-Shabaab last month and "
        "swore allegiance to the Islamic State, taking fifteen fighters with him, elders said.",
    ),
    (
        "an intention told with 'about to' or a gerund",
        "Recruit tells court of his plans",
        "ANKARA - Dilshod, 28, an Uzbek recruit of the Islamic State, told the court he had been about to "
        "leave the Islamic State when he was arrested. He said he had been thinking about leaving for "
        "months and had talked of escaping with a friend.",
    ),
    (
        "an escaped captive told before anyone is named",
        "Nurse held by ISWAP for five months escapes, reaches army base",
        "DIFFA - A nurse working for a charity, who was abducted by fighters of ISWAP in March, has escaped "
        "and reached a military base near the lake, the charity said on Tuesday. Fatima Bukar, 29, was "
        "seized with a driver when insurgents stopped their car. Speaking from a clinic, Bukar said she "
        'slipped away from the camp one night while the guards slept. "I walked for a day through the '
        'bush," she said.',
    ),
    (
        "going to the authorities as a civilian: villagers ran to the army base",
        "Raid on Gwoza village",
        "GWOZA - Boko Haram fighters attacked the village on Sunday. Aisha Musa, 40, a trader, said she "
        "ran with her children to the army base when the shooting started.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), NOT_LEAVING, ids=[c[0] for c in NOT_LEAVING])
def test_kinds_of_not_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert not judge(title, text, rules).flagged, why


def test_an_abducted_child_who_rose_to_command_is_a_member(rules: WatchRules) -> None:
    """The LRA took most of its fighters as children: one who commanded a unit and then left is a case."""
    text = (
        "GULU - Okello, 39, was abducted by the Lord's Resistance Army at 11 and later commanded a "
        "company of fighters. In 2003 he slipped away from the LRA with two of his escorts and walked "
        'to an army post, he said. "I was tired of the killing," he said.'
    )
    assert judge("A commander's road home", text, rules).flagged


def test_a_relative_who_travelled_does_not_make_a_captive_a_volunteer(rules: WatchRules) -> None:
    """Travelling shows a will to join only as "travelled to Syria"; "his mother, who travelled to the
    town" leaves the kidnapped man a captive."""
    text = (
        "GARISSA - Daniel Mwangi, 34, was kidnapped by al-Shabaab gunmen in May. "
        "His wife, who travelled to Garissa from Nairobi, said he was exhausted."
    )
    _, _, scan, _ = analyse("Teacher freed", text, rules)
    assert _abducted(scan, list(range(len(scan.sentences))))
    assert not _abducted(*_scan_of(rules, "Omar Ali, 24, travelled to Syria and was later kidnapped."))


def _scan_of(rules: WatchRules, text: str):  # type: ignore[no-untyped-def]
    _, _, scan, _ = analyse("", text, rules)
    return scan, list(range(len(scan.sentences)))


def test_the_tail_of_a_thousands_number_is_not_a_small_count(rules: WatchRules) -> None:
    """ "13,000" is cut into "13" and "000" at its comma: "000 people" is no count of a few."""
    text = (
        "MAIDUGURI - More than 13,000 people have surrendered to troops since May, Boko Haram watchers say."
    )
    _, _, scan, hits = analyse("Mass surrender", text, rules)
    assert [h.number for h in hits if scan.norm[h.i] == "surrendered"] == ["pl"]


def test_the_prefilter_skips_everyday_words_of_group_names(rules: WatchRules) -> None:
    """'Real IRA', 'March 23 Movement': the prefilter keys on the rare word ("IRA"), not "real"."""
    compiled = rules.compiled()
    assert not compiled.may_concern(
        "Senate vote", "Republican senators said the real test of the movement comes in March."
    )
    assert compiled.may_concern("Court", "He had been a member of the Real IRA, the court heard.")
    assert compiled.may_concern("Goma", "Fighters of the March 23 Movement took the town.")


def test_a_turkish_age_in_the_ablative_is_no_age(rules: WatchRules) -> None:
    """"18 yaşından önce" is "before the age of 18", not the person's age; "23 yaşındaki" is one."""
    text = (
        "DİYARBAKIR - PKK'ya 18 yaşından önce katılan Rojhat K. örgütten kaçarak güvenlik güçlerine teslim "
        "oldu. Rojhat K. pişman olduğunu söyledi."
    )
    j = judge("PKK'dan kaçan genç teslim oldu", text, rules)
    assert j.flagged and [d.age for d in j.defectors] == [None]
    later = text.replace("18 yaşından önce", "2019'da") + " 23 yaşındaki Rojhat K. ailesinin yanında."
    j = judge("PKK'dan kaçan genç teslim oldu", later, rules)
    assert [d.age for d in j.defectors] == [23]


def test_a_turkish_count_of_surrenders_is_a_report(rules: WatchRules) -> None:
    """Turkish keeps the noun singular after a number ("212 örgüt mensubu"): the statistics words
    (sayısı, toplam, veriler, ortalama) and plural forms (teslim olanların) make it a report."""
    text = (
        "ANKARA - Bakanlık verilerine göre bu yıl toplam 212 örgüt mensubu PKK'dan ayrılarak teslim oldu. "
        "Teslim olanların yaş ortalaması 26, bunların 50'si kadın. Teslim olan kişilerin çoğu Irak'tan "
        "geldi. Geçen yıl teslim olan örgüt mensubu sayısı 150 idi."
    )
    j = judge("Bu yıl teslim olan örgüt mensubu sayısı açıklandı", text, rules)
    assert not j.flagged and j.kind == "aggregate"


def test_an_alias_given_after_a_name_is_the_same_person(rules: WatchRules) -> None:
    """"Name, alias X, 31" and "Name, 45, known in the movement as X": one person, under the name,
    the alias after it in brackets (as the labels write it)."""
    text = (
        "GUWAHATI - Bikash Rabha, alias Ujjal Asom, 31, a member of the ULFA (I) since 2011, surrendered "
        "before the Assam Police on Monday. Speaking to reporters, Rabha said there was no food in the "
        'camps. "Ujjal Asom is dead; I am Bikash again," he said.'
    )
    j = judge("ULFA (I) cadre surrenders", text, rules)
    assert j.flagged and [d.name for d in j.defectors] == ["Bikash Rabha (Ujjal Asom)"]
    assert j.defectors[0].age == 31 and "quality_of_life" in j.defectors[0].reasons
    text = (
        "BUTUAN - Ramon Dalisay, 52, known in the movement as Ka Berto, walked into an army camp on Friday "
        "with his rifle after thirty years with the New People's Army. Ka Berto said the leaders kept "
        "the money from the revolutionary taxes for themselves."
    )
    j = judge("NPA finance officer surrenders", text, rules)
    assert j.flagged and [d.name for d in j.defectors] == ["Ramon Dalisay (Ka Berto)"]
    assert "corruption" in j.defectors[0].reasons


def test_capital_cities_place_a_dateline(rules: WatchRules) -> None:
    """Capitals come from countryinfo: "BOGOTÁ —" places the story; "Sofia" (a first name) does not."""
    from alerts.countries import capital_places

    capitals = capital_places()
    assert capitals["Bogotá"] == "Colombia" and capitals["Niamey"] == "Niger"
    assert "Sofia" not in capitals and "Juba" not in capitals
    text = (
        "BOGOTÁ — Yineth, 27, carried a rifle for the ELN for eight years. She deserted the ELN in 2021 "
        'after her unit fought FARC dissidents, she says. "We were killing our own," she said.'
    )
    j = judge("A guerrilla's road out", text, rules)
    assert j.flagged and [d.now_in for d in j.defectors] == ["Colombia"]


def test_a_wife_named_in_apposition_is_a_woman(rules: WatchRules) -> None:
    """"His wife, Kawasi Sukki, 28," is a woman, whatever "him" and "his" her quotes hold."""
    text = (
        "SUKMA - Two members of the CPI (Maoist) surrendered to the police on Monday. Podiyam Bhima, 34, "
        "led a local squad. His wife, Madkam Hidme, 27, was a member of the same squad. Hidme said she "
        "surrendered because she gave birth to a son last year. "
        '"I want him to grow up with his father," she said.'
    )
    j = judge("Maoist couple surrender", text, rules)
    assert j.flagged and [(d.name, d.gender) for d in j.defectors][-1] == ("Madkam Hidme", "f")


# Reason vocabulary: (title, text, reason, whether the reason is given)
REASONS = [
    # Reasons: "the killings of", "shot dead", "burned alive", "assassinations", "اغتيالات".
    pytest.param(
        "A Sahel fighter's exit",
        'NIAMEY - Ibrahim, 26, joined the Islamic State in the Greater Sahara in 2019. He deserted '
        'the group last year, he said, after the killings of herders near Menaka and the day he saw '
        'prisoners burned alive.',
        'brutality', True,
        id='killings_and_assassinations_are_brutality',
    ),
    # Reasons ("other"): a pregnancy or a birth, a dying parent, a message from one's mother.
    pytest.param(
        "A guerrilla's choice",
        'MEDELLIN - Luz Dary, 22, had been with the FARC since she was 15. She deserted the FARC in '
        '2016 when she was pregnant, she said, and after a message from her mother, whose father was '
        'dying.',
        'other', True,
        id='a_birth_or_a_dying_parent_is_a_family_reason',
    ),
    # Reasons: "had not been paid", "rations", "eating once a day", "malaria".
    pytest.param(
        "A returnee's story",
        'MOMBASA - Hamisi, 25, spent two years with al-Shabaab in Somalia and deserted al-Shabaab in '
        '2016. He said he had not been paid for months and that the fighters ate once a day.',
        'quality_of_life', True,
        id='unpaid_fighters_and_rations_are_quality_of_life',
    ),
    # "lying in the grass" is a posture and "I made a mistake" an apology: neither is lost belief.
    pytest.param(
        'A former rebel',
        'GULU - Okot, 28, who joined the LRA at 19, deserted the LRA in 2006, he said. He spent a '
        'night lying in the grass near an army post. "I made a mistake," he said.',
        'disillusionment', False,
        id='lying_on_the_ground_and_a_mistake_are_not_disillusionment',
    ),
    # Reasons: every Turkish form of "öldür-" (to kill), car bombs, victims.
    pytest.param(
        "DEAŞ'tan kaçan genç anlattı",
        "ŞANLIURFA - DEAŞ'tan kaçan ve bir fırında çalışan Suriyeli genç Ahmet Y. (24), örgütün "
        'insanları meydanda öldürüyor olduğunu ve bu yüzden kaçtığını anlattı. Ahmet Y. daha sonra '
        'teslim oldu.',
        'brutality', True,
        id='more_words_of_killing_are_brutality',
    ),
    # Reasons: "I did not believe in it any more", "nichts mehr glauben", "ce n'était pas l'islam".
    pytest.param(
        'A commander speaks',
        'KABUL - Hayatullah, 33, who fought for the Taliban for nine years, deserted the Taliban in '
        '2019. "By then I did not believe in the gun," he said.',
        'disillusionment', True,
        id='lost_belief_told_plainly_is_disillusionment',
    ),
]


@pytest.mark.parametrize(("title", "text", "reason", "given"), REASONS)
def test_reason_vocabulary(rules: WatchRules, title: str, text: str, reason: str, given: bool) -> None:
    assert (reason in first_reasons(rules, title, text)) == given


# Case fields: (title, text, the fields read, their values for each defector)
FIELDS = [
    # "reported" after a name makes a reporter, except when it is the surrender phrase itself.
    pytest.param(
        'Pulwama youth back after appeal',
        'SRINAGAR - A 21-year-old from Pulwama who joined the Lashkar-e-Taiba in June is back home, '
        'police said. Irfan Bhat reported to the police at Tral on Monday with his father, an officer'
        ' said.',
        ('name',), [('Irfan Bhat',)],
        id='a_name_that_reported_to_the_police_is_the_defector',
    ),
    # "By Jane Doe | NAIROBI" and "By Jane Doe | SANLIURFA, Turkey" say where the story was told.
    pytest.param(
        'A returnee speaks',
        'By Amina Yusuf | MOMBASA  A 24-year-old who spent two years with al-Shabaab in Somalia told '
        'reporters he deserted al-Shabaab after the Garissa attack. "I could not be part of it," he '
        'said. Omari, 24, now runs a stall in the old town.',
        ('now_in',), [('Kenya',)],
        id='the_place_at_the_end_of_a_byline_is_the_dateline',
    ),
    # "has not been back to Iran", "had been living in Kunar": not where the person is now.
    pytest.param(
        'The long walk',
        'ERBIL - Shirin, 30, an Iranian Kurd, joined the PKK at 18 and deserted the PKK in 2020, she '
        'says. "I regret nothing but the lost years," she said. She has not been back to Iran, where '
        'she could be arrested, and works in a salon.',
        ('now_in',), [('Iraq',)],
        id='a_negated_or_pluperfect_whereabouts_is_not_where_they_are',
    ),
    # "Irak uyruklu M.R." is "M.R., of Iraqi nationality".
    pytest.param(
        "DEAŞ'tan kaçan terörist teslim oldu",
        "MARDİN - DEAŞ'tan kaçarak güvenlik güçlerine teslim olan Irak uyruklu M.R. (29), örgütten "
        'kendi isteğiyle ayrıldığını söyledi.',
        ('nationality',), [('Iraq',)],
        id='turkish_nationality_said_with_uyruklu',
    ),
    # Arabic puts the adjective after the noun: "شاب يمني" is a Yemeni young man; "هو عراقي", he is Iraqi.
    pytest.param(
        'شاب يسلّم نفسه',
        'عدن – خاص  سلّم شاب يمني يبلغ من العمر 25 عاماً نفسه لقوات الأمن بعد أن ترك تنظيم القاعدة، '
        'وقال إنه انشق عن التنظيم بسبب القتل.',
        ('nationality',), [('Yemen',)],
        id='arabic_demonym_after_the_noun',
    ),
    # "Rakka'dan kaçan" is "fleeing from Raqqa": the ending after the apostrophe is no name.
    pytest.param(
        "Rakka'dan kaçan genç anlattı",
        "ŞANLIURFA - DEAŞ'ın Rakka'daki yapılanmasında iki yıl kalan ve bir fırında çalışan 27 "
        "yaşındaki Suriyeli genç, örgütten kaçarak Türkiye'ye geldiğini anlattı. Daha sonra ailesi "
        'ile buluşan genç, infazları izlemeye zorlandıklarını ve bu nedenle kaçtığını söyledi.',
        ('name',), [(None,)],
        id='a_turkish_case_ending_is_not_part_of_a_name',
    ),
    # "T.C. vatandaşı" (a citizen of the Republic of Turkey): "T.C." is not a person's initials.
    pytest.param(
        "DEAŞ'tan kaçan Murat D. teslim oldu",
        "GAZİANTEP - DEAŞ'tan kaçarak askerlere teslim olan T.C. vatandaşı Murat D. (31), mahkemede "
        'örgütten kendi isteğiyle ayrıldığını ve bir daha dönmeyeceğini söyledi.',
        ('name',), [('Murat D',)],
        id='the_turkish_state_abbreviation_is_no_name',
    ),
    # Indonesian reporting writes both "Jemaah" and "Jamaah" (Ansharut Daulah, Islamiyah).
    pytest.param(
        'A former militant speaks',
        'SURABAYA - Dedi, 35, a member of Jamaah Ansharut Daulah for five years, deserted Jamaah '
        'Ansharut Daulah in 2019 after the church bombings, he said.',
        ('name', 'group'), [('Dedi', 'Jemaah Islamiyah')],
        id='the_indonesian_spellings_of_jemaah',
    ),
    # "named by the governor as Bukar Ali, 41,": the role word is the one who names, not the named.
    pytest.param(
        'ISWAP commander defects',
        'BOL - A commander of the Islamic State West Africa Province defected last month, the '
        'governor said. The man, named by the governor as Kaka Mustapha, 39, arrived by canoe with '
        'his two wives.',
        ('name', 'age'), [('Kaka Mustapha', 39)],
        id='named_by_an_official_as',
    ),
    # "a 30-year-old Dutchman", "an Irishwoman": a country and a gender in one word.
    pytest.param(
        'Returnee sentenced',
        'THE HAGUE - A court sentenced a 30-year-old Dutchman who joined the Islamic State in 2014 '
        'and deserted the group in 2017, saying he had been lied to about the caliphate. "I saw what '
        'they did to people," he told the court. He said he regretted everything.',
        ('nationality', 'age', 'gender'), [('Netherlands', 30, 'm')],
        id='demonyms_ending_in_man_give_nationality_and_gender',
    ),
    # "Rebel surrenders", "Guerrilla returns": like "Militant surrenders", no one is named.
    pytest.param(
        'Rebel surrenders in Bijapur',
        'BIJAPUR - Sodi Deva, 29, a member of the CPI (Maoist) for eight years, surrendered to the '
        'police on Friday, saying he was tired of life in the forest.',
        ('name',), [('Sodi Deva',)],
        id='a_word_for_a_fighter_at_the_head_of_a_title_is_no_name',
    ),
    # "a young man we're calling Sami": the name a programme gives is the person's alias.
    pytest.param(
        "Podcast: 'They gave me a rifle at sixteen'",
        "HOST: This week I'm in Gaziantep with a young man we're calling Tarek. He's 23, he's Syrian,"
        ' and for three years he was a fighter with Hayat Tahrir al-Sham.  TAREK: I said I was ill, I'
        ' went home, and that night I crossed the border. I am not a fighter anymore.',
        ('name',), [('Tarek',)],
        id='an_alias_told_as_we_are_calling_him',
    ),
    # "the Asayish, who ..." is an agency; German "von seiner Einheit" is a unit, not a person.
    pytest.param(
        'IS-Aussteiger vor Gericht',
        'GRAZ - Kerem D., 28, schloss sich 2013 dem Islamischen Staat an. Im Jahr 2015 hat er sich '
        'von seiner Einheit abgesetzt, sagte er vor Gericht. Er war nicht mehr bereit, für die Miliz '
        'zu kämpfen, und ist heute wieder in Österreich.',
        ('name',), [('Kerem D',)],
        id='a_capitalised_noun_after_an_article_is_no_name',
    ),
]


@pytest.mark.parametrize(("title", "text", "names", "expected"), FIELDS)
def test_case_fields(
    rules: WatchRules, title: str, text: str, names: tuple[str, ...], expected: list[tuple[object, ...]]
) -> None:
    assert fields_of(rules, title, text, names) == expected
