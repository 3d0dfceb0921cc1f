"""Classes of phrasing added in the sixteenth session (validation on holdout26): several people in
one story, each told with a name, an alias or an age; one invented article each."""

from __future__ import annotations

import pytest

from alerts.evaluate import _name_fits
from alerts.match import name_evidence
from alerts.rules import WatchRules
from alerts.score import analyse, judge
from tests.alerts.judged import fields_of

PEOPLE = {
    # "Rodel Makabayan, forty-one, known in the movement as Ka Dodong": an age in words after the
    # name, then the alias a few words on; each partner of the pair is a defector
    "an age in words, then an alias": (
        "Rebel pair yields in Bukidnon",
        "MALAYBALAY — A couple who spent a decade with the New People's Army surrendered to the"
        " 88th Infantry Battalion on Sunday.\n\nRodel Makabayan, forty-one, known in the movement as"
        " Ka Dodong, and Merlie Makabayan, thirty-six, walked down from the hills with a rifle. The"
        " unit had no food for weeks, Makabayan said.",
        [("Rodel Makabayan (Ka Dodong)", 41, None), ("Merlie Makabayan", 36, None)],
    ),
    # "1. Dipankar Saikia @ Rongmon": a police release lists the cadres it counted, each with "@"
    # before the alias
    "a numbered list with @ aliases": (
        "Two NSCN cadres surrender in Tinsukia",
        "PRESS NOTE\n\nTwo cadres of the banned ULFA(I) surrendered before the Superintendent of"
        " Police today.\n\nThe surrendered cadres are:\n\n1. Dipankar Saikia @ Rongmon, self-styled"
        " corporal, S/o Late Hemanta Saikia, resident of Margherita.\n\n2. Jitu Borah @ Aakash,"
        " self-styled private, aged 22 years, resident of Digboi. He joined the outfit in 2023.",
        [("Dipankar Saikia (Rongmon)", None, "m"), ("Jitu Borah (Aakash)", 22, "m")],
    ),
    # "Ka Ronnie, 29, a squad leader; Ka Mayumi, 25, a medic": a role word ends its item at the
    # semicolon, so the next name is no official's
    "a list of people with roles": (
        "Three NPA members yield in Samar",
        "CATARMAN — Three members of the New People's Army (NPA) surrendered to troops on Monday."
        " They were identified by their aliases as Ka Ronnie, 29, a squad leader; Ka Mayumi, 25, a"
        " medic; and Ka Tonyo, a member of the same platoon. Ka Mayumi said she wanted to raise her"
        " son.",
        [("Ka Ronnie", 29, None), ("Ka Mayumi", 25, "f"), ("Ka Tonyo", None, None)],
    ),
    # "his wife Rosalie": a relative named with no comma is that relative
    "a wife named without a comma": (
        "Abu Sayyaf couple surrender in Sulu",
        "JOLO — Two members of the Abu Sayyaf, a husband and wife, surrendered to marines on Friday."
        "\n\nAbdulhan Sali, alias \"Bagwis\", 38, and his wife Rosalie, alias \"Inday\", 31, gave"
        " themselves up with a pistol. They said they were tired of hiding.",
        [("Abdulhan Sali (Bagwis)", 38, "m"), ("Rosalie (Inday)", 31, "f")],
    ),
    # "followed her husband into the group": joining told without "joined", which outweighs the
    # kidnapping she denies, so each of the two women is a defector
    "two women, one of whom followed her husband in": (
        "The women who left the forest",
        "MAIDUGURI — Two women sit on a mat in a compound in the city. Both spent years with Boko"
        " Haram.\n\nZainab, 29, says she followed her husband into the group in 2015. \"People like to"
        " say I was kidnapped,\" she says. She left in 2022 because there was no food.\n\nAmina Goni,"
        " 33, says she was a recruiter. What made her leave was the killing of her brother by a"
        " commander. She fled in 2023.",
        [("Zainab", 29, "f"), ("Amina Goni", 33, "f")],
    ),
}

# Where they are from and where they are now (holdout26's second round).
ORIGINS = {
    # "comes from a village outside Ukunda": a town after "outside" or "near" gives the country;
    # "young men from the coast across the border into Somalia" went there, they are not from it
    "a town after outside": (
        "On air: a returnee tells listeners what al-Shabaab promised",
        "Listeners heard a rare voice from a militant group that has drawn young men from the coast"
        " across the border into Somalia.\n\nThe guest, introduced only as Bakari, is 23 and comes from"
        " a village outside Ukunda. He escaped from al-Shabaab in 2023 and surrendered.",
        [("Bakari", "Kenya")],
    ),
    # "the Jordanian Anas", "على أردني انشق": a demonym right before the person's name, or before
    # the verb of leaving in an Arabic headline; "عمّان –" dates a story from Amman, not Oman
    "an Arabic demonym before a name, and Amman": (
        "محكمة تخفف حكماً على أردني انشق عن تنظيم القاعدة",
        "عمّان – أصدرت محكمة أمن الدولة حكماً بسجن الأردني يزن سامي العبادي (31 عاماً) ثلاث سنوات."
        " وقال العبادي إنه ترك التنظيم عام 2022 بعد أن تحولت الساحة إلى اقتتال بين الفصائل.",
        [("يزن سامي العبادي", "Jordan")],
    ),
    # "Democratic Republic of Congo" (no "the") is DR Congo, as "Congo" is in reporting on the ADF
    "a long form of DR Congo": (
        "A teenager who left the ADF",
        "BENI, Democratic Republic of Congo — Kambale Muhindo, 19, sits on a bench at the demobilisation"
        " office. He deserted from the ADF last year and walked to an army position.",
        [("Kambale Muhindo", "DR Congo")],
    ),
    # "after fighters from her camp returned from a raid near Beni": where other people came from
    "others' origin": (
        "A Ugandan nursing student's years with the ADF",
        "KAMPALA — Sarah Nansubuga was 19 when she was lured to an ADF camp in the Congo. She stayed"
        " three years. In 2023, after fighters from her camp returned from a raid near Beni, she"
        " decided to leave the ADF. She escaped and surrendered to soldiers.",
        [("Sarah Nansubuga", "Uganda")],
    ),
}

MORE_PEOPLE = {
    # 'accompanied by Abdiweli Farah, known as "Gaab", 38': "by" before a person, not a byline
    "a companion after by": (
        "Two al-Shabaab officials defect in Hiiraan",
        "BELEDWEYNE, Somalia — Two al-Shabaab officials handed themselves over to the army on Monday."
        "\n\nHassan Olow, who collected taxes for the militants, arrived at the base with a pistol. He"
        " was accompanied by Abdiweli Farah, known as"
        ' "Gaab", 38, a field commander. Farah said he left because he could no longer justify the'
        " killing of civilians.",
        [("Hassan Olow", None), ("Abdiweli Farah (Gaab)", 38)],
    ),
    # "Ali Mahamat, un trentenaire": a French age range marks a person
    "a French trentenaire": (
        "Diffa : deux anciens de l'État islamique racontent",
        "DIFFA (Niger) — Parmi eux, Adam Bukar, 24 ans, et Ali Mahamat, un trentenaire, tous deux"
        " originaires de Diffa. Adam Bukar a rejoint le groupe en 2019 ; il a déserté en 2023 et s'est"
        " rendu à l'armée. Ali Mahamat, lui, a passé six ans dans les rangs du groupe jihadiste. Ce qui"
        " l'a poussé à partir, dit-il, ce sont les combats entre factions.",
        [("Adam Bukar", 24), ("Ali Mahamat", None)],
    ),
}

# "Die Bundesanwaltschaft wirft Sandra M. ... vor": a verb between a role and a name makes no
# title; "ihr Verteidiger Jörg Hansen" is a lawyer, not the defendant
COURT = {
    "a German trial": (
        "Prozessauftakt: Wuppertalerin schildert Flucht vom IS",
        "DÜSSELDORF. Vor dem Oberlandesgericht hat der Prozess gegen eine 34-jährige Frau aus Wuppertal"
        " begonnen. Die Bundesanwaltschaft wirft Sandra M. die Mitgliedschaft im Islamischen Staat vor."
        " Zum Auftakt ließ die Angeklagte über ihren Verteidiger Jörg Hansen eine Erklärung verlesen."
        " Darin schilderte sie, warum sie den IS 2017 verlassen habe.",
        [("Sandra M", 34)],
    ),
}

NOT_THE_SAME = {
    # "Ali Hussein Gedi, 35, and a younger fighter known as Bashir": the alias is another man's
    "another person's alias": (
        "Two al-Shabaab fighters give themselves up",
        "BELEDWEYNE — Two al-Shabaab fighters surrendered to the army in Hiraan on Sunday.\n\nThe men,"
        " named as Abdullahi Warsame, 35, and a younger fighter known as Yusuf \"Gaab\", were shown to"
        " reporters. Warsame said he had been with the group for nine years. Yusuf Gaab said the"
        " commanders stole their pay.",
        ["Abdullahi Warsame", "Yusuf Gaab"],
    ),
    # "Sahel Watch | Field notes": a masthead is no person, even where no other name is marked
    "a masthead": (
        "The boy who stopped going back",
        "Sahel Watch | Field notes\n\nKAYA — On the edge of the camp, Souleymane Ouedraogo mends"
        " shoes. He is 22. For two years he was a fighter with JNIM. In 2023 he deserted and handed"
        " himself in to the gendarmes.\n\nSahel"
        " Watch is published weekly.",
        ["Souleymane Ouedraogo"],
    ),
}


@pytest.mark.parametrize("case", PEOPLE)
def test_people(rules: WatchRules, case: str) -> None:
    title, text, expected = PEOPLE[case]
    assert fields_of(rules, title, text, ("name", "age", "gender")) == expected


@pytest.mark.parametrize("case", ORIGINS)
def test_origins(rules: WatchRules, case: str) -> None:
    title, text, expected = ORIGINS[case]
    assert fields_of(rules, title, text, ("name", "nationality")) == expected


@pytest.mark.parametrize("case", [*MORE_PEOPLE, *COURT])
def test_more_people(rules: WatchRules, case: str) -> None:
    title, text, expected = {**MORE_PEOPLE, **COURT}[case]
    assert fields_of(rules, title, text, ("name", "age")) == expected


def test_filling_their_pockets_is_corruption(rules: WatchRules) -> None:
    text = (
        "MOGADISHU — Abdi Yusuf, 30, deserted from al-Shabaab in May and surrendered to the army. He said"
        ' he was tired of watching the leaders "fill their pockets" with the zakat of poor herders.'
    )
    assert fields_of(rules, "An al-Shabaab deserter", text, ("reasons",)) == [(("corruption",),)]


@pytest.mark.parametrize("case", NOT_THE_SAME)
def test_names(rules: WatchRules, case: str) -> None:
    title, text, expected = NOT_THE_SAME[case]
    assert [d.name for d in judge(title, text, rules).defectors] == expected


def test_a_name_with_its_alias_matches_either() -> None:
    """"Bhaskar Gogoi (Rupam Asom)" is the known "Rupam Asom" as surely as the known "Bhaskar Gogoi"."""
    assert name_evidence("Bhaskar Gogoi (Rupam Asom)", "Rupam Asom") == (1.0, "same name 'Rupam Asom'")
    assert name_evidence("Bhaskar Gogoi (Rupam Asom)", "Bhaskar Gogoi")[0] == 1.0  # type: ignore[index]
    assert name_evidence("Bhaskar Gogoi (Rupam Asom)", "Pranjal Moran") is None


def test_a_shared_particle_is_no_name_match() -> None:
    """"Ka Jomar" and "Ka Liway" share only the "Ka" of a nom de guerre: two people."""
    assert not _name_fits("Romeo Dagohoy (Ka Jomar)", "Lorna (Ka Liway)")
    assert _name_fits("Lorna Dagohoy (Ka Liway)", "Lorna (Ka Liway)")


def test_a_german_review_of_a_returnees_podcast(rules: WatchRules) -> None:
    """"Kalifat" names the Islamic State in German; "ein Bochumer Aussteiger erzählt" is no name
    (German capitalises nouns), so the man named in the text is the defector."""
    text = (
        "Von Jana Kurz\n\nMarco D., Jahrgang 1992, reiste 2014 nach Syrien. Nach vier Monaten im Kalifat"
        " kehrte er freiwillig zurück. Die Auspeitschung eines Mannes auf dem Markt habe ihn ernüchtert,"
        " sagt er im Podcast."
    )
    j = judge("Podcast-Kritik: Ein Bochumer Aussteiger erzählt", text, rules)
    assert j.flagged and [(d.name, d.group) for d in j.defectors] == [("Marco D", "IS")], j
    assert set(j.defectors[0].reasons) >= {"brutality", "disillusionment"}


def test_several_dozen_returnees_are_many(rules: WatchRules) -> None:
    text = (
        "BERLIN. Unter den Betreuten sind mehrere Dutzend Rückkehrer, die sich vom Islamischen Staat"
        " abgewandt hatten."
    )
    _, _, scan, hits = analyse("Mehr Anfragen beim Ausstiegsprogramm", text, rules)
    assert [(scan.span_text(h.i, h.j), h.number) for h in hits if h.counted][:1] == [("Rückkehrer", "pl")]


NOT_ACCOUNTS = {
    # "plus de 200 jeunes ayant quitté les rangs du JNIM": a headline count of young men is a report
    "a French headline count of young men": (
        "Centre-Nord : plus de 200 jeunes ayant quitté les rangs du JNIM en voie de réinsertion",
        "KAYA — Deux cent douze jeunes hommes ayant quitté les rangs du JNIM ont été accueillis depuis"
        " janvier dans le dispositif de prise en charge, selon un bilan présenté samedi. L'un des"
        " bénéficiaires, âgé de 24 ans, a déclaré : « On n'a rien eu, sauf la peur. »",
    ),
    # "begged him to come back and surrender", "If he comes back": a mother's wish and a condition
    "a mother's plea": (
        "Mother pleads for son in al-Shabaab to come home",
        "NAIROBI — Amina Hassan, 49, keeps her phone by her bed. Her son told her two years ago that he"
        " had joined al-Shabaab. She begged him to come back and surrender. \"If he comes back, I will"
        " take him to the police myself,\" she said.",
    ),
}


@pytest.mark.parametrize("case", NOT_ACCOUNTS)
def test_no_account(rules: WatchRules, case: str) -> None:
    title, text = NOT_ACCOUNTS[case]
    assert not judge(title, text, rules).flagged


def test_a_repatriation_brings_them_home(rules: WatchRules) -> None:
    """"held her in the Roj camp before her repatriation": she is back in her own country."""
    text = (
        "A Melbourne mother who spent three years with the Islamic State before fleeing Raqqa has been"
        " sentenced. The court heard Rania Khalil, 36, escaped from the Islamic State in 2017 and"
        " surrendered to Kurdish-led forces, who held her in the Roj camp in Syria before her"
        " repatriation in 2022."
    )
    got = fields_of(rules, "Melbourne woman who fled IS sentenced", text, ("name", "nationality", "now_in"))
    assert got == [("Rania Khalil", "Australia", "Australia")]


def test_a_documentary_about_a_former_officer(rules: WatchRules) -> None:
    """A documentary's review tells of a real person ("film" is no fiction cue there); "Opio, now
    fifty-one," is his age; "Opio left in 2006, slipping away ... encouraged fighters": a name right
    before the verb makes it one person's leaving, whatever crowd the sentence names later."""
    text = (
        "Documentaries about the Lord's Resistance Army have tended to follow its abductees. This film"
        " takes a harder route. Its subject, Patrick Opio, was not taken: he walked into the bush of"
        " his own accord.\n\nOpio, now fifty-one, tells the director that he joined the LRA at"
        " seventeen. \"I wanted revenge,\" he says in the film. He rose to the rank of major.\n\nOpio"
        " left in 2006, slipping away from his unit during a move and calling a radio station whose"
        " broadcasts encouraged fighters to accept the amnesty. The film follows him home."
    )
    got = fields_of(rules, "Review: a former LRA officer faces the people he hurt", text, ("name", "age"))
    assert got == [("Patrick Opio", 51)]


# holdout27's round: who the person is.
HOLDOUT27 = {
    # "Abu Haidar, as he asked to be called": a pseudonym note; "the Awakening, or Sahwa, which
    # allied with US troops": "which" follows a thing, not a person
    "a name he asked to be called, and a movement": (
        "The Anbar man who turned on al-Qaeda",
        "RAMADI - Abu Haidar, as he asked to be called, joined al-Qaeda in Iraq in 2004. By 2006 the"
        " group was killing anyone who refused to cooperate. \"They killed our sheikh. After that I"
        " could not stand with them,\" he said. He left the group in late 2006.\n\nHe later served"
        " with the tribal forces of the Awakening, or Sahwa, which allied with US troops.",
        [("Abu Haidar", "Iraq")],
    ),
    # 'Lieutenant Colonel Denis Obwoya, known in the rebel group by the nickname': a rank, not an
    # official's title, since an alias follows; "DATU SAUDI AMPATUAN" holds no Saudi Arabia
    "a rank and a nickname": (
        "Senior LRA officer surrenders",
        "OBO, Central African Republic - A senior commander of the Lord's Resistance Army has surrendered"
        " to African Union troops.\n\nLieutenant Colonel Denis Obwoya, known in the rebel group by the"
        " nickname \"Simba\", walked into an army position near Obo on Monday. Obwoya, 44, a Ugandan,"
        " had been with the LRA for two decades.",
        [("Denis Obwoya", "Uganda")],
    ),
    "a town's name holding a demonym": (
        "BIFF commander surrenders in Maguindanao",
        "DATU SAUDI AMPATUAN, Maguindanao - Sammy Dalandag, 41, a commander of the Bangsamoro Islamic"
        " Freedom Fighters, surrendered to the Army on Wednesday. \"We have no food,\" he said.",
        [("Sammy Dalandag", "Philippines")],
    ),
    # "Häuser, deren Besitzer geflohen waren": a German noun after "deren", not a name
    "a German noun after deren": (
        "Ein Syrer über seine Zeit beim IS",
        "HAMBURG - Mahmud R. stammt aus Deir ez-Zor. Acht Monate lang war er Mitglied der Terrormiliz"
        " „Islamischer Staat“. Ausländische Kämpfer bekamen Häuser, deren Besitzer geflohen waren."
        " Dann habe er beschlossen zu gehen, sagt er: 2015 ist er aus dem IS geflohen.",
        [("Mahmud R", "Syria")],
    ),
}


@pytest.mark.parametrize("case", HOLDOUT27)
def test_holdout27_people(rules: WatchRules, case: str) -> None:
    title, text, expected = HOLDOUT27[case]
    assert fields_of(rules, title, text, ("name", "nationality")) == expected


def test_a_past_progressive_is_no_whereabouts(rules: WatchRules) -> None:
    """"Three years ago he was living in Raqqa": where he was, not where he is (the dateline is)."""
    text = (
        "KHUJAND, Tajikistan - Rustam drives a taxi around Khujand. None of his passengers know that three"
        " years ago he was living in Raqqa. Rustam, 31, deserted from the Islamic State in 2019 and"
        " surrendered to Kurdish forces. \"It was a business,\" he said."
    )
    got = fields_of(rules, "A Tajik who left IS", text, ("name", "now_in"))
    assert got == [("Rustam", "Tajikistan")]


def test_caliphate_alone_names_the_islamic_state(rules: WatchRules) -> None:
    text = (
        "BEKASI - Ahmad Rizki, 38, travelled to Raqqa in 2015. He deserted the 'free caliphate' in"
        " 2017 and surrendered to Turkish border guards. \"Nothing was free,\" he said."
    )
    got = fields_of(rules, "An Indonesian returnee on the 'free caliphate'", text, ("name", "group"))
    assert got == [("Ahmad Rizki", "IS")]


def test_a_things_origin_is_not_the_persons(rules: WatchRules) -> None:
    """"The orders came from Quetta": a thing came from there; "is 23 and comes from Lice": he did."""
    text = (
        "HERAT - Mullah Sher Agha, 41, a Taliban commander, laid down his weapons on Tuesday and"
        " surrendered to officials. \"In the end I saw that the orders came from Quetta,\" he said."
    )
    title = "Taliban commander surrenders in Herat"
    assert fields_of(rules, title, text, ("nationality",)) == [("Afghanistan",)]
    text = (
        "ŞIRNAK - The militant, identified only by the initials K.Y., is 24 and comes from the Lice"
        " district of Diyarbakır. He deserted from the PKK and surrendered to security forces."
    )
    assert fields_of(rules, "PKK member surrenders", text, ("nationality",)) == [("Turkey",)]


def test_an_arabic_age_verb_before_a_name(rules: WatchRules) -> None:
    """"يبلغ أبو حمزة من العمر 33 عاماً": the words between the verb and "من العمر" are a name."""
    text = (
        "أعزاز - يجلس أبو حمزة في غرفة صغيرة ويتحدث عن السنتين اللتين قضاهما في صفوف تنظيم الدولة."
        " يبلغ أبو حمزة من العمر 33 عاماً. في ربيع عام 2016 قرر الهرب وسلّم نفسه لإحدى الفصائل."
    )
    got = fields_of(rules, "منشق عن تنظيم الدولة يروي قصته", text, ("name", "age"))
    assert got == [("أبو حمزة", 33)]


def test_a_french_place_reached_without_a_preposition(rules: WatchRules) -> None:
    """"avant de regagner la Tunisie à pied": the place reached is the verb's object."""
    text = (
        "Il se faisait appeler Abou Salma. À 31 ans, ce Tunisien a quitté l'État islamique fin 2015,"
        " écœuré par les règlements de comptes entre ses chefs. Il a séjourné en Libye avant de"
        " regagner la Tunisie à pied."
    )
    got = fields_of(rules, "Un Tunisien revenu de Raqqa raconte", text, ("name", "now_in"))
    assert got == [("Abou Salma", "Tunisia")]
