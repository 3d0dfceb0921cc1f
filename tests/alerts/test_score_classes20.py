"""Classes of phrasing added in the eighteenth session (validation on holdout30, then holdout31):
leavings told with words the rules did not know, ages and names beside quotation marks, brackets and
adverbs, a crowd counted in words, whereabouts told with the verb last or as a return that may come,
couples and brothers, another language's institution words, Arabic datelines; one invented article
each."""

from __future__ import annotations

from datetime import date

import pytest

from alerts.rules import WatchRules
from alerts.score import judge
from tests.alerts.judged import fields_of

ACCOUNTS = {
    # "walks out of the forest": leaving the bush told in the headline, the group named below
    "a walk out of the forest": (
        "A mother walks out of the forest with her son",
        "MAIDUGURI - Hauwa was 17 when her husband took her to the camps of Boko Haram near Lake Chad."
        " She is 22 now. After he was killed, she said, nobody fed her. In March she walked for two"
        " days with her son until farmers found her near Bama.",
        [("Hauwa", 22, "f")],
    ),
    # "mit der Organisation gebrochen", "Ausstiegsprogramm": a German break with the group
    "a German break with the organisation": (
        "Rückkehrerin aus Syrien vor Gericht",
        "KOBLENZ. Die 33-jährige Miriam T. aus Mainz lebte zwei Jahre unter der Terrormiliz"
        " Islamischer Staat (IS). Ihr Anwalt sagt, sie habe aus eigenem Antrieb mit der Organisation"
        " gebrochen. Sie nimmt an einem Ausstiegsprogramm teil.",
        [("Miriam T", 33, "f")],
    ),
    # "قرر الفرار", "فراره": an Arabic decision to flee, and "his escape" in the headline
    "an Arabic flight": (
        "شاب جنده الحوثيون يروي قصة فراره",
        "صنعاء - يقول سالم، البالغ من العمر 19 عاماً، إنه قاتل مع جماعة الحوثي عامين. وبعد مقتل"
        " صديقه قرر الفرار، وسار ليلة كاملة حتى وصل إلى مواقع الجيش.",
        [("سالم", 19, "m")],
    ),
}


@pytest.mark.parametrize("case", ACCOUNTS)
def test_accounts(rules: WatchRules, case: str) -> None:
    title, text, expected = ACCOUNTS[case]
    assert fields_of(rules, title, text, ("name", "age", "gender")) == expected


FIELDS = {
    # "Today Okot, 34,": a sentence's opening adverb is no part of the name, and the age after
    # the name beats "was 15 when" told before
    "an adverb opening the sentence": (
        "Former LRA captain teaches carpentry",
        "GULU - Patrick Ocen was 15 when he went into the bush with the Lord's Resistance Army. He"
        " walked away in 2015 and surrendered to troops.\n\nToday Ocen, 34, teaches carpentry in Gulu.",
        ("name", "age"),
        [("Patrick Ocen", 34)],
    ),
    # "à 24 ans ... aujourd'hui âgé de 29 ans": the age now beats the age at the leaving
    "a French age now after an age then": (
        "Le Lyonnais parti en Syrie raconte sa rupture avec les jihadistes",
        "PARIS - Il a quitté Lyon en 2014, à 24 ans. Karim B., aujourd'hui âgé de 29 ans, est"
        " incarcéré. Il a quitté le Front al-Nosra en 2018.",
        ("name", "age"),
        [("Karim B", 29)],
    ),
    # '"Ka Lina," 27,': the comma inside the quotation marks, the age after them
    "ages after quoted aliases": (
        "NPA couple surrender with their son",
        "BUTUAN - A couple who served with the New People's Army (NPA) surrendered to the Army on"
        " Monday with their son.\n\nThe woman, known by her nom de guerre \"Ka Lina,\" 27, was a"
        " medic. Her partner, \"Ka Ramon,\" 33, was a squad leader. The couple turned over two rifles.",
        ("name", "age"),
        [("Ka Lina", 27), ("Ka Ramon", 33)],
    ),
    # "gave only his first name, Zia": a name; "Gul Nabi, a 25-year-old": listed after the count
    "three counted, one named by his first name": (
        "Three Taliban fighters lay down arms in Farah",
        "FARAH - Three Taliban fighters handed over their weapons at a ceremony on Sunday, officials"
        " said.\n\nAbdul Wahid, 38, said he was tired of the war. Gul Nabi, a 25-year-old from the same"
        " village, said he wanted to farm again. A third man, who gave only his first name, Zia, did"
        " not speak. The three handed over two rifles.",
        ("name", "age"),
        [("Abdul Wahid", 38), ("Gul Nabi", 25), ("Zia", None)],
    ),
    # "Kamışlı'dan 27 yaşındaki M.K.": a town with the case ending "from", not a person
    "a Turkish town with the case ending from": (
        "Şırnak'ta 2 örgüt mensubu teslim oldu",
        "ŞIRNAK - Terör örgütü PKK'nın kamplarından kaçan 2 örgüt mensubu güvenlik güçlerine teslim"
        " oldu. Teslim olan kişiler, Diyarbakır doğumlu 24 yaşındaki A.D. ile Suriye uyruklu, Kamışlı'dan 27"
        " yaşındaki R.H.",
        ("name", "age"),
        [("A.D", 24), ("R.H", 27)],
    ),
    # "bei einer Rückkehr nach Afghanistan": a return that may come; he is where the story is
    "a German return that may come": (
        "Ehemaliger Taliban-Kämpfer darf bleiben",
        "MÜNCHEN. Der 24-jährige Jawad R. hat die Taliban 2016 verlassen. Bei einer Rückkehr nach"
        " Afghanistan drohe ihm der Tod, sagte sein Anwalt.",
        ("name", "now_in"),
        [("Jawad R", "Germany")],
    ),
    # "detained in Turkey and deported to Germany": the later of the two places
    "detained and then deported": (
        "A German woman who deserted IS is back home",
        "BERLIN - Sabine K., 29, deserted from the Islamic State in 2018. She was detained in Turkey"
        " and deported to Germany a year later.",
        ("name", "now_in"),
        [("Sabine K", "Germany")],
    ),
    # "lebt er an einem geheimen Ort in Deutschland": German "lebt" with its subject after it
    "a German lebt er": (
        "Aussteiger schildert Flucht aus den Kandil-Bergen",
        "ERBIL. Der 23-jährige Rojhat K. hat sich 2019 von der PKK abgesetzt und sich an das deutsche"
        " Generalkonsulat in Erbil gewandt. Seitdem lebt er an einem geheimen Ort in Deutschland.",
        ("name", "now_in"),
        [("Rojhat K", "Germany")],
    ),
    # "in die Türkei abgeschoben": the place before the verb, which comes last
    "a German deportation told verb last": (
        "Aussteiger abgeschoben",
        "BERLIN. Der 27-jährige Tarek M. aus Aleppo hat sich 2017 von der Terrormiliz IS abgesetzt."
        " Im Mai wurde er in die Türkei abgeschoben.",
        ("name", "now_in"),
        [("Tarek M", "Turkey")],
    ),
    # "rapatrié mardi dans son pays d'origine": back in the country he is from
    "a French repatriation to his own country": (
        "Beni : un ex-combattant des ADF rapatrié",
        "BENI, 21 août 2019 – Un ex-combattant ougandais des ADF, Yusuf M., 24 ans, a été rapatrié"
        " mardi dans son pays d'origine, trois semaines après s'être rendu à une base de la MONUSCO.",
        ("name", "now_in"),
        [("Yusuf M", "Uganda")],
    ),
    # "un ancien combattant malien": French puts the demonym after the noun
    "a French demonym after its noun": (
        "Un ancien du JNIM raconte",
        "PARIS – Un ancien combattant malien, Moussa D., 30 ans, a quitté le JNIM en 2020. Il vit en"
        " France depuis 2021.",
        ("name", "nationality"),
        [("Moussa D", "Mali")],
    ),
}


def test_sixty_four_surrendering_is_a_crowd(rules: WatchRules) -> None:
    """"Sixty-four cadres laid down arms": a count in words whose last word is "four" is no small
    group of individuals but a crowd, and the article a report of many."""
    text = (
        "GUWAHATI: Sixty-four cadres of the United Liberation Front of Asom laid down arms at a ceremony"
        " here on Wednesday. The cadres deposited 42 weapons. The surrenders reflected growing"
        " disillusionment in the outfit, police said."
    )
    assert judge("ULFA cadres lay down arms", text, rules).kind == "aggregate"


def test_a_faction_in_brackets_is_no_name(rules: WatchRules) -> None:
    """"the United Liberation Front of Asom (Independent) laid down arms": the bracketed word names
    a faction, not a person, and forty cadres nobody names are a report of many."""
    text = (
        "GUWAHATI: Forty cadres of the United Liberation Front of Asom (Independent) laid down arms at a"
        " ceremony here on Wednesday. The state police chief said the surrenders reflected growing"
        " disillusionment in the ranks of the outfit."
    )
    j = judge("ULFA(I) cadres lay down arms", text, rules)
    assert (j.kind, j.defectors) == ("aggregate", ())


def test_a_fact_check_headline_weighs_twice(rules: WatchRules) -> None:
    """A fact check of a video that claims a commander left: its headline's "Fact check" says what
    the whole article is, and the article is no account."""
    text = (
        "CLAIM: A video shows an al-Shabaab commander saying he has left the group.\n\nVERDICT: False."
        " The footage was recaptioned: the man is a clan elder speaking in 2014. The army said it had"
        " no record of such a surrender."
    )
    assert not judge("Fact check: video does not show al-Shabaab commander defecting", text, rules).flagged


def test_the_turkish_repentance_law_is_no_reason(rules: WatchRules) -> None:
    """"etkin pişmanlık hükümleri" names the law every surrender comes under, not a regret told."""
    text = (
        "MARDİN - Terör örgütü PKK'dan kaçan 25 yaşındaki E.T., jandarmaya teslim oldu. E.T.'nin"
        " kamplarda kadınlara yönelik baskıya dayanamadığını söylediği, hakkında etkin pişmanlık"
        " hükümlerinden yararlanmak üzere işlem başlatıldığı bildirildi."
    )
    [(reasons,)] = fields_of(rules, "PKK'dan kaçan E.T. teslim oldu", text, ("reasons",))
    assert "disillusionment" not in reasons


SECOND_ROUND = {
    # "his wife Zarina, who is 24": a companion told with an age; "The couple ... gave themselves
    # up": both of them
    "a couple who gave themselves up": (
        "Uzbek couple among families who surrendered in Kunar",
        "ASADABAD - The man gives his name as Jasur. He is 31 and comes from Namangan. Beside him is his"
        " wife Malika, who is 26.\n\nThe couple were among the families who came down from the"
        " mountains and gave themselves up to Afghan forces as the Islamic State's local branch"
        " collapsed.",
        ("name", "age"),
        [("Jasur", 31), ("Malika", 26)],
    ),
    # "sous le nom de guerre d'Abou Maryam": the French nom de guerre, its name elided
    "a French nom de guerre": (
        "Un commandant de l'ISWAP se rend à Kolofata",
        "MAROUA - Un commandant de l'État islamique en Afrique de l'Ouest s'est rendu dimanche aux"
        " militaires camerounais. Âgé de 41 ans et connu sous le nom de guerre d'Abou Hafsa, l'homme a"
        " expliqué avoir fui les îles du lac Tchad.",
        ("name", "age"),
        [("Abou Hafsa", 41)],
    ),
    # "her son Hakim, 20,": Turkish "Hakim" (a judge) names no institution in an English article
    "a first name that is another language's institution": (
        "A Malaysian mother and son who walked out of the caliphate",
        "KUALA LUMPUR - Aishah, 45, and her son Hakim, 20, deserted the Islamic State in Mayadin in 2017"
        " and reached a checkpoint of the Syrian Democratic Forces.",
        ("name", "age"),
        [("Aishah", 45), ("Hakim", 20)],
    ),
    # "شقيقه مهند، 28 عاماً": his brother Muhannad, the kin word no part of the name; "سلّما
    # نفسيهما" (the two handed themselves in) and "الشقيقين" (the two brothers): both left
    "two Arabic brothers": (
        "شقيقان يرويان قصة فرارهما من تنظيم داعش",
        "تكريت - وصل شقيقان إلى خطوط الجيش العراقي فجر الخميس. وقال الأكبر، الذي عرّف نفسه بكنيته"
        " \"أبو خالد\" ويبلغ من العمر 33 عاماً، إنه انضم إلى التنظيم عام 2014. أما شقيقه سعد، 26 عاماً،"
        " فقد تبعه بعد أشهر. وأوضح مصدر أمني أن الشقيقين سلّما نفسيهما من دون سلاح.",
        ("name", "age"),
        [("أبو خالد", 33), ("سعد", 26)],
    ),
    # "كركوك -": an Arabic dateline's town, its country named nowhere in the article
    "an Arabic dateline whose country is not named": (
        "عنصر سابق في داعش يروي قصة فراره",
        "كركوك - الرافدين نيوز\n\nقال شاب يدعى سامر، ويبلغ من العمر 24 عاماً، إنه انشق عن تنظيم داعش"
        " بعد أن رأى الإعدامات في الحويجة.",
        ("name", "nationality"),
        [("سامر", "Iraq")],
    ),
    # "we spoke to Hodan, 24,": a name after "to" that has an age is a person's, not a place's
    "a name after to with an age": (
        "Q&A: a woman who left al-Shabaab",
        "For our series on the Kenyan coast, we spoke to Hodan, 24, who grew up in Mombasa and spent three"
        " years with al-Shabaab. She deserted in 2020 and returned under the amnesty.",
        ("name", "age"),
        [("Hodan", 24)],
    ),
    # "Police officials in north Kashmir said": a region, no person; "Arsalan, a second-year
    # geography student known": a noun phrase of five words after the name
    "a region before said, a student's long noun phrase": (
        "Student returns home after mother's appeal",
        "SOPORE: Arsalan, a second-year geography student known for his volleyball, had joined Hizbul"
        " Mujahideen. Police officials in north Kashmir said on Monday that the young man had returned"
        " to the fold of his family.",
        ("name",),
        [("Arsalan",)],
    ),
    # "Karim - le prénom a été modifié - a 34 ans": a pseudonym note set off by dashes
    "a pseudonym note between dashes": (
        "Karim, revenu de Syrie, raconte",
        "Karim - le prénom a été modifié - a 34 ans. En 2014, il a quitté l'État islamique et s'est"
        " présenté au consulat de France à Istanbul.",
        ("name", "age"),
        [("Karim", 34)],
    ),
    # "Rakka'dan dönen Ayşe": returning from Raqqa (the ablative ending), home to Turkey
    "a Turkish return from a place": (
        "Rakka'dan dönen Ayşe anlattı",
        "GAZİANTEP - Terör örgütü DEAŞ'tan 2017'de çocuklarıyla birlikte kaçan 29 yaşındaki Ayşe K., bugün"
        " ailesinin yanında yaşıyor ve bir atölyede çalışıyor.",
        ("name", "now_in"),
        [("Ayşe K", "Turkey")],
    ),
}

# the round on holdout30's classes, then holdout31's
ALL_FIELDS = {**FIELDS, **SECOND_ROUND}


@pytest.mark.parametrize("case", ALL_FIELDS)
def test_fields(rules: WatchRules, case: str) -> None:
    title, text, names, expected = ALL_FIELDS[case]
    assert fields_of(rules, title, text, names) == expected


def test_an_age_tied_to_a_year_is_carried_to_the_story_date(rules: WatchRules) -> None:
    """"In 2010, aged 22, he crossed into Yemen", told in 2014: he is 26 now; and "Fahd was born in
    1988" names him."""
    text = (
        "Fahd was born in 1988 in Buraydah. In 2010, aged 22, he crossed into Yemen to join al-Qaeda in"
        " the Arabian Peninsula. He deserted the group in 2012 and handed himself in at the Saudi"
        " embassy in Sanaa."
    )
    title = "The returnee: one Saudi's journey into al-Qaeda and back"
    j = judge(title, text, rules, published=date(2014, 5, 1))
    assert [(d.name, d.age) for d in j.defectors] == [("Fahd", 26)], j


def test_three_named_after_a_long_group_name(rules: WatchRules) -> None:
    """"Three members of the Islamic State's Khorasan branch surrendered": a small count of people
    eight words before the leaving, a long group name between; then each is named with an age."""
    text = (
        "JALALABAD - Three members of the Islamic State's Khorasan branch surrendered to Afghan forces in"
        " Achin over the weekend, officials said.\n\nNaqibullah, 31, said he was tired of the war."
        " Saifullah, 40, said the group had killed elders. The youngest, Hamid, 19, said there had been"
        " no food for months."
    )
    j = judge("Three Islamic State-Khorasan fighters surrender in Nangarhar", text, rules)
    assert [(d.name, d.age) for d in j.defectors] == [("Naqibullah", 31), ("Saifullah", 40), ("Hamid", 19)]


def test_the_groups_kidnapping_trade_is_no_abduction(rules: WatchRules) -> None:
    """"The group earned millions from kidnapping", "when a hostage was released": others held, the
    group's trade, not the fighter's own abduction."""
    text = (
        "Ramil Hassan spent two years with the Abu Sayyaf in Patikul before surrendering in 2018. Now 24,"
        " he repairs engines in Jolo.\n\nThe group earned millions from kidnapping. When a hostage was"
        " released, the sub-leaders took the ransom, he said. He deserted with his uncle and went down to"
        " the Marines."
    )
    j = judge("A former Abu Sayyaf fighter on the ransom that never reached him", text, rules)
    assert [(d.name, d.age) for d in j.defectors] == [("Ramil Hassan", 24)], j


def test_an_army_officer_who_went_over_to_a_group(rules: WatchRules) -> None:
    """"انشقاق قائد كتيبة في الجيش اليمني وانضمامه إلى الحوثيين": an army officer's defection and his
    joining the Houthis, eight words after it: a move into the group, no account."""
    text = (
        "الحديدة - أعلنت جماعة الحوثي انضمام قائد كتيبة في الجيش الحكومي إلى صفوفها. وقال مصدر عسكري إن"
        " الضابط فر بعد اكتشاف تورطه في بيع أسلحة."
    )
    assert not judge("انشقاق قائد كتيبة في الجيش اليمني وانضمامه إلى الحوثيين", text, rules).flagged


def test_returnees_from_a_group_are_no_move_into_it(rules: WatchRules) -> None:
    """"took the amnesty offered by the Kenyan government to returnees from al-Shabaab": "to" before
    the group, but "from" right before it: the group left. (A guard for the wider window in which a
    joining cue is looked for after a defection term: with it alone, this account was lost.)"""
    text = (
        "MOMBASA - Yusuf Ali, 29, fought for two years in Somalia. In 2015 he took the amnesty offered by"
        " the Kenyan government to returnees from al-Shabaab, reporting to a police station with his"
        " father."
    )
    assert judge("A Kenyan returnee's story", text, rules).flagged


def test_a_headquarters_is_no_person(rules: WatchRules) -> None:
    """"the Defence Headquarters said": an institution speaking, never a defector's name."""
    text = (
        "ABUJA - Nigerian troops received 1,127 Boko Haram fighters and their families who surrendered in"
        " the past week, the Defence Headquarters said on Thursday. He said they surrendered as a result"
        " of sustained pressure."
    )
    j = judge("Boko Haram commander surrenders", text, rules)
    assert "Headquarters" not in [d.name for d in j.defectors], j
