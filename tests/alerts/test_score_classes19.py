"""Classes of phrasing added in the seventeenth session (validation on holdout28): leavings told
with words the rules did not know, a German "sie" that is one woman, captives who are others, and a
made-up defector's story; one invented article each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge
from tests.alerts.judged import fields_of

ACCOUNTS = {
    # "yielded to the marines": the Philippine military's word for a surrender
    "a member yields to the marines": (
        "BIFF member yields in Maguindanao",
        "DATU PIANG — A member of the Bangsamoro Islamic Freedom Fighters yielded to the marines in"
        " Datu Piang on Wednesday, bringing a pistol.\n\nKamid Usman, 33, said he had been with the"
        " group for six years. He was tired of hiding, he said.",
        [("Kamid Usman", 33, "m")],
    ),
    # "s'enfuit", "sa fuite": French leaving in the present tense and as a noun
    "a French flight told in the present tense": (
        "Une ancienne de Boko Haram raconte sa fuite",
        "MAROUA — Hadiza a 24 ans. Originaire de Mora, elle a rejoint Boko Haram avec son mari en 2015."
        " En 2019, profitant d'une attaque, Hadiza s'enfuit à pied vers le Cameroun avec sa fille.",
        [("Hadiza", 24, "f")],
    ),
    # "nutzte sie", "um sich der PKK anzuschließen", "meldete sich beim Generalkonsulat": a German
    # woman's joining, and her leaving told sentences later; her "sie", read by its verb, is one
    # woman and no crowd
    "a German woman's leaving told with sie": (
        "Eine Frankfurterin erzählt von ihren Jahren in den Bergen",
        "FRANKFURT. Sie nennt sich Berfin und ist heute 29 Jahre alt. 2013 reiste sie in die"
        " Kandil-Berge, um sich der PKK anzuschließen. Das Leben in der Guerilla gefiel ihr zuerst, doch"
        " die Regeln wurden mit den Jahren immer enger. Im Jahr 2017 nutzte sie einen Arztbesuch, um"
        " sich abzusetzen. Sie meldete sich beim deutschen Generalkonsulat in Erbil.",
        [("Berfin", 29, "f")],
    ),
    # "guard a group of people held for ransom ... one of the captives": others held, not him
    "a boy who guarded captives": (
        "Teenager escapes ELN camp",
        "ARAUCA — A 15-year-old boy ran away from a camp of the National Liberation Army (ELN), officials"
        " said. He had been given a rifle and told to guard people held for ransom. He decided to"
        " escape after the guerrillas shot one of the captives. He slipped out of the camp at night"
        " and went to the police.",
        [(None, 15, "m")],
    ),
}


@pytest.mark.parametrize("case", ACCOUNTS)
def test_accounts(rules: WatchRules, case: str) -> None:
    title, text, expected = ACCOUNTS[case]
    assert fields_of(rules, title, text, ("name", "age", "gender")) == expected


def test_a_made_up_defectors_story(rules: WatchRules) -> None:
    """A speaker who "invented his past" as an Islamic State fighter and "never set foot" in Syria
    told a fabricated story: no account of a defector."""
    text = (
        "A man who gave paid talks about his years as an Islamic State fighter and his escape from"
        " Syria had never set foot in the country, a court heard. Imran Qureshi, 41, denies fraud."
        " Prosecutors say he told schools he had fled Raqqa after the group's killings. \"Every word"
        ' was invented," the prosecutor said, calling it a fabricated story.'
    )
    assert not judge("Speaker 'invented' his life as an IS fighter, court told", text, rules).flagged


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Im Jahr 2017 nutzte sie einen Arztbesuch.", "singular"),
        ("Sie nennt sich Berfin.", "singular"),
        ("Im Jahr 2017 nutzten sie einen Arztbesuch.", "plural"),
        ("Sie waren drei Jahre in den Bergen.", "plural"),
        ("Dass sie nicht zurückkehrte, wussten alle.", "plural"),  # no verb beside it: left as it was
    ],
)
def test_a_german_sie_is_read_by_its_verb(rules: WatchRules, text: str, number: str) -> None:
    scan = rules.compiled().scan("", text)
    sie = [t for t, w in enumerate(scan.norm) if w == "sie"]
    assert [scan.covering(number, t) is not None for t in sie] == [True]


FIELDS = {
    # "Adıyamanlı Ahmet Y.": a Turkish town's demonym before the name is where he is from, not a name,
    # and the first name then says he is a man
    "a Turkish demonym before the name": (
        "DEAŞ'tan kaçan sanık yargılanıyor",
        "GAZİANTEP - Terör örgütü DEAŞ'a katılmak için Suriye'ye gittiği, ardından örgütten kaçarak"
        " Türkiye'ye döndüğü belirtilen Adıyamanlı Mehmet K.'nin yargılanmasına devam edildi. Tutuklu"
        " sanık 27 yaşındaki Mehmet K., savunmasında bir arkadaşının telkiniyle Rakka'ya gittiğini ve"
        " kısa sürede pişman olduğunu söyledi. Sanık, bu nedenle örgütten ayrıldığını ifade etti.",
        ("name", "gender", "nationality"),
        [("Mehmet K", "m", "Turkey")],
    ),
    # « Un Belge a fait emprisonner un Français »: others he tells of in a quotation
    "a demonym inside a quotation": (
        "Karim, l'ancien djihadiste qui a tourné le dos à Daech",
        "LYON - Karim, 31 ans, a vécu un an dans les rangs de l'État islamique, en Syrie. « Un Belge a"
        " fait emprisonner un Tunisien pour une voiture », raconte-t-il. Il a quitté Daech en 2015. Il"
        " a grandi à Villeurbanne.",
        ("name", "nationality"),
        [("Karim", "France")],
    ),
    # "would accept trial in Tunisia": a condition; "granted protection in Sweden": where he lives
    "a conditional trial and a granted protection": (
        "A former al-Shabaab fighter on why he left",
        "Abdirahman, 31, was with al-Shabaab for four years before he deserted in 2015. He was granted"
        " protection in Sweden in 2017. He says he would accept trial in Somalia.",
        ("name", "now_in"),
        [("Abdirahman", "Sweden")],
    ),
    # "his release from prison in March": a month, not the English town of March; "who is
    # thirty-five and grew up": an age in words before "and"
    "a month after a preposition, an age before and": (
        "Sydney man who left IS speaks",
        "Musa, who is thirty-five and grew up in Sydney, was a fighter with the Islamic State until"
        " he deserted in 2015. Since his release from prison in March he has lived with his sister.",
        ("name", "age", "now_in"),
        [("Musa", 35, None)],
    ),
    # "ein 19 Jahre alter Afghane": an age between the article and the demonym
    "a German age before a demonym": (
        "Asylverfahren: Ehemaliger Taliban-Kämpfer schildert Flucht",
        "MÜNCHEN. Vor dem Verwaltungsgericht hat ein 20 Jahre alter Afghane geschildert, wie er aus den"
        " Reihen der Taliban geflohen ist. Rahim S. war ein Jahr lang Kämpfer der Gruppe.",
        ("name", "nationality"),
        [("Rahim S", "Afghanistan")],
    ),
    # "renvoyée en Belgique": sent back to her country
    "sent back to her country": (
        "Revenue de Raqqa, une ancienne de l'État islamique témoigne",
        "Elle se fait appeler Nora. À 30 ans, cette femme a fui l'État islamique en 2016 avec son"
        " fils. Arrêtée en Turquie, elle a été renvoyée en Belgique.",
        ("name", "now_in"),
        [("Nora", "Belgium")],
    ),
    # "By Nur Wali Khan / The writer was ...": an author's note makes the byline the person's name
    "an opinion piece with a note on its writer": (
        "I fought for the Taliban for six years. This is why I stopped",
        "By Nur Wali Khan\n\nThe writer was a Taliban commander in Kandahar until 2012.\n\nI joined in"
        " 2006. By 2011 our leaders were building houses with the money from the poppy trade, and I"
        " handed over my weapons to the provincial peace council in 2012.",
        ("name",),
        [("Nur Wali Khan",)],
    ),
    # "a village near Mosul, where he still lives": the place comes before the cue
    "a place before where he lives": (
        "Former IS fighter speaks",
        "Ahmed Saleh, 27, deserted from the Islamic State in 2016. He spoke by phone from a village near"
        " Mosul, where he still lives with his parents.",
        ("name", "now_in"),
        [("Ahmed Saleh", "Iraq")],
    ),
    # "handed him to the Congolese army and later to Ugandan authorities": the last hands he was put in
    "a chain of handovers": (
        "ADF deserter speaks",
        "Musa Okello, 29, deserted from the Allied Democratic Forces in 2019. He surrendered to UN"
        " peacekeepers near Beni, who handed him to the Congolese army and later to Ugandan authorities.",
        ("name", "now_in"),
        [("Musa Okello", "Uganda")],
    ),
    # "referred to only as K": a letter for a withheld name
    "a letter for a name": (
        "Syria returnee tells jury he quit IS",
        "The 29-year-old, who was referred to throughout the trial only as K, told the jury he"
        " deserted the Islamic State in 2015 after its commanders took the fighters' wages.",
        ("name", "age"),
        [("K", 29)],
    ),
    # "ذو الخمسة عشر عاماً": an Arabic age in words with the article; "موقوف لدى ... في كركوك": held in
    # Kirkuk now
    "an Arabic age with the article and a detention": (
        "عنصر سابق في داعش يروي كيف ترك التنظيم",
        "يقول \"أبو خالد\"، ذو الخمسة والعشرين عاماً، إنه انشق عن تنظيم داعش بعد أن رأى عمليات الإعدام."
        " وهو الآن موقوف لدى الأجهزة الأمنية في كركوك.",
        ("name", "age", "now_in"),
        [("أبو خالد", 25, "Iraq")],
    ),
    # "dans le département du Mayo-Sava": a place, not a person who would own the sentences after it
    # (and take her reasons)
    "a place of two words after its kind": (
        "Aïcha, 22 ans, raconte sa fuite",
        "MAROUA - Aïcha a 22 ans. Originaire de Tokombéré, dans le département du Mayo-Sava, elle a"
        " rejoint Boko Haram en 2015 avec son mari.\n\nDans le camp, elle a vu des hommes égorgés devant"
        " les enfants. En 2019, elle s'est enfuie et s'est rendue aux militaires.",
        ("name", "reasons"),
        [("Aïcha", ("brutality",))],
    ),
    # "Aïcha a 22 ans." says Aïcha is a person, as "Amina was 19" does; "Originaire de Tokombéré"
    # opens a sentence with an origin word, no name
    "a French age predicate marks the name": (
        "Une ancienne de Boko Haram raconte",
        "MAROUA - Aïcha a 22 ans. Originaire de Tokombéré, elle a rejoint Boko Haram en 2015 avec son"
        " mari. En 2019, elle s'est enfuie et s'est rendue aux militaires.",
        ("name", "age"),
        [("Aïcha", 22)],
    ),
    # "il abandonne son arme dans un fourré ... il se rend au préfet": leaving told far from the group
    "a weapon left in a thicket": (
        "Burkina Faso : « J'ai quitté la brousse »",
        "Issa a 24 ans. Il a passé deux ans dans une katiba du JNIM, après avoir été recruté au marché de"
        " Djibo.\n\nEn 2021, son unité attaque un village voisin et tue des commerçants. Les semaines"
        " passent, la peur grandit, et les nuits sont longues dans le camp.\n\nQuelques semaines plus"
        " tard, profitant d'un déplacement, il abandonne son arme dans un fourré et marche jusqu'à la"
        " ville. Il se rend au préfet.",
        ("name", "age"),
        [("Issa", 24)],
    ),
    # "de son départ de Vilvorde ... à sa fuite vers la Turquie": "sa" says the flight is one person's
    "a flight told with its possessive": (
        "Procès de Karim D., revenu de Syrie",
        "Devant le tribunal de Bruxelles, Karim D., 29 ans, a raconté mardi ses quinze mois en Syrie, de"
        " son départ d'Anvers en 2014 à sa fuite vers la Turquie en 2016.\n\nLe Belge est poursuivi pour"
        " participation aux activités d'un groupe terroriste, l'organisation État islamique.",
        ("name", "age"),
        [("Karim D", 29)],
    ),
    # "Jomar Dagohoy alias Ka Jomar, 23, and Ramil Dagohoy alias Ka Ramil, 26": "alias" right after a
    # name marks it as a person's, so the second alias is the second brother's, not the first's
    "brothers with aliases and no commas": (
        "Brothers surrender in Bukidnon",
        "MALAYBALAY — Two brothers who were fighters of the New People's Army surrendered to the Army on"
        " Saturday.\n\nThe brothers, identified as Jomar Dagohoy alias Ka Jomar, 23, and Ramil Dagohoy"
        " alias Ka Ramil, 26, handed over a rifle.",
        ("name", "age"),
        [("Jomar Dagohoy (Ka Jomar)", 23), ("Ramil Dagohoy (Ka Ramil)", 26)],
    ),
    # "a 16-year-old friend who had tried to go home": the friend's age, not the defector's
    "a companion's age": (
        "A former FARC fighter remembers",
        "Yeison deserted from the FARC in 2015. What drove him out, he said, was a rebel tribunal at"
        " which a 16-year-old friend who had tried to go home was sentenced to death.",
        ("name", "age"),
        [("Yeison", None)],
    ),
    # "After months in a camp in northeastern Syria, she was repatriated to Kazakhstan": the camp is
    # where she was, the repatriation where she is
    "a camp in an opening after-clause": (
        "A Kazakh woman who left IS",
        "Aigerim Sadykova, 34, a former member of the Islamic State, deserted the group in 2018 with her"
        " two children. After months in a camp in northeastern Syria, she was repatriated to Kazakhstan"
        " in 2019.",
        ("name", "now_in"),
        [("Aigerim Sadykova", "Kazakhstan")],
    ),
    # "Marcel R. ist in Berlin-Neukölln aufgewachsen": German puts the verb of growing up after the place
    "a German origin told verb last": (
        "Ex-IS-Kämpfer erzählt Schülern vom Kalifat",
        "Marcel R., 31, ist in Berlin-Neukölln aufgewachsen. 2015 reiste er über die Türkei in das"
        " Gebiet der Terrormiliz Islamischer Staat. Knapp ein Jahr später setzte er sich ab.",
        ("name", "nationality"),
        [("Marcel R", "Germany")],
    ),
}


@pytest.mark.parametrize("case", FIELDS)
def test_fields(rules: WatchRules, case: str) -> None:
    title, text, names, expected = FIELDS[case]
    assert fields_of(rules, title, text, names) == expected


REASONS = {
    # "bombed a market": the group's killing of civilians, not the hardship of air strikes
    "a market bombing": (
        "Former al-Shabaab fighter says market bombing drove him out",
        "Hassan Omar, 24, deserted from al-Shabaab after the group bombed a market in Marka. He"
        " surrendered to the army in 2021.",
        ("brutality",),
    ),
    # "this is not jihad, this is business": leaders in it for the money
    "a war that is business": (
        "A former Boko Haram fighter calls in",
        "Bukar Ali, 26, said he left Boko Haram in 2019. \"The commanders took everything. So I said to"
        " myself, this is business,\" he said. He surrendered to soldiers near Bama.",
        ("corruption",),
    ),
    # "رجم امرأة": a stoning watched
    "an Arabic stoning": (
        "عنصر سابق في داعش يروي",
        "يقول \"أبو سعد\"، البالغ من العمر 30 عاماً، إنه انشق عن تنظيم داعش بعد أن أُجبر على حضور رجم"
        " امرأة في الساحة.",
        ("brutality",),
    ),
}


@pytest.mark.parametrize("case", REASONS)
def test_reasons(rules: WatchRules, case: str) -> None:
    title, text, expected = REASONS[case]
    assert fields_of(rules, title, text, ("reasons",)) == [(expected,)]


def test_a_deradicalisation_mentor_is_no_leaving(rules: WatchRules) -> None:
    """A woman jailed for trying to join the Islamic State who "engaged with a deradicalisation
    mentor in custody" left nothing: "deradicalisation" names a programme, not a leaving."""
    text = (
        "A 23-year-old woman from Luton who tried to fly to Turkey to join Islamic State has been"
        " jailed. She told friends she wanted to live under the group's rule, the court heard. Her"
        " barrister said she had since engaged with a deradicalisation mentor in custody."
    )
    assert not judge("Woman jailed for trying to join Islamic State", text, rules).flagged


def test_a_military_operation_is_no_name(rules: WatchRules) -> None:
    """"the Theatre Commander of Operation Hadin Kai told journalists": an operation's name."""
    text = (
        "MAIDUGURI - Musa Bulama, 31, a former Boko Haram fighter, surrendered to troops on Monday,"
        " the Theatre Commander of Operation Hadin Kai told journalists. Bulama said he had"
        " deserted because there was no food."
    )
    assert [d.name for d in judge("Boko Haram fighter surrenders", text, rules).defectors] == ["Musa Bulama"]


def test_a_brother_and_sister_who_left_the_ranks(rules: WatchRules) -> None:
    """"un frère et une sœur sortis des rangs de Boko Haram ... où ils se sont rendus": two people
    who left together, in French."""
    text = (
        "MORA - Moussa et sa sœur Hawa vivent au centre de Mémé. Il a 25 ans, elle en a 20. En 2014, leur"
        " père les a emmenés chez Boko Haram, où Moussa portait des munitions pour les combattants.\n\n"
        "Une nuit de 2021, ils ont marché jusqu'à un poste de l'armée, où ils se sont rendus."
    )
    j = judge("Un frère et une sœur sortis des rangs de Boko Haram racontent", text, rules)
    assert j.flagged and [d.name for d in j.defectors][:1] == ["Moussa"], j


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("of ISWAP, Umar Bukar, also known as Abu Hafsa, has surrendered", "Umar Bukar (Abu Hafsa)"),
        ("of al-Shabaab, Ali Farah, known by the alias Abu Musab, defected", "Ali Farah (Abu Musab)"),
    ],
)
def test_a_commanders_full_name_then_his_alias(rules: WatchRules, sentence: str, expected: str) -> None:
    """"A commander of ISWAP, Umar Bukar, also known as Abu Hafsa,": the full name after the role is
    the person's, the alias theirs too."""
    text = f"A commander {sentence} on Tuesday. He said he was tired of the killings."
    j = judge("Commander gives himself up", text, rules)
    assert [d.name for d in j.defectors] == [expected], j


def test_a_camp_of_many_who_left_and_nobody_named(rules: WatchRules) -> None:
    """"about 230 men, women and children who left Boko Haram": leavings told of many, and no one
    named or given an age, is a report of many, though one "leave" reads as one person's."""
    text = (
        "DIFFA, Niger — Behind a wall in this town lives a population the government calls"
        " repentants: about 230 men, women and children who left Boko Haram and its offshoot, the"
        " Islamic State West Africa Province, and handed themselves in under an amnesty offered in"
        " December 2016.\n\nAid workers say residents describe hunger and fear after the execution"
        " of suspected deserters as motives for leaving the insurgents."
    )
    title = "Niger's camp for Boko Haram repentants offers a way out, but few leave it"
    assert judge(title, text, rules).kind == "aggregate"


def test_towns_listed_after_in_are_places(rules: WatchRules) -> None:
    """"at camps in Maiduguri, Bama and Monguno": every town of the list is a place, none a person."""
    text = (
        "MAIDUGURI - A Boko Haram fighter surrendered to troops on Monday with his rifle, the army said."
        " He said he had deserted because the commanders kept the food. Fighters who surrender are"
        " processed at camps in Maiduguri, Bama and Monguno."
    )
    assert [d.name for d in judge("Boko Haram fighter surrenders", text, rules).defectors] == [None]
