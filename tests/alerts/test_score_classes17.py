"""Classes of phrasing added in the fifteenth session (validation on holdout24), one invented
article each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import analyse, judge
from tests.alerts.judged import fields_of

CASES = {
    # "He was 16 and minding goats ... The 23-year-old": an age in the past tense is one back then
    "an age told in the past tense": (
        "A Somali deserter on the promises al-Shabaab broke",
        "BAIDOA, Somalia — Hassan remembers the day the recruiters came. He was 16 and minding his"
        " uncle's goats outside Jilib when they offered him a salary and a phone. The 23-year-old says"
        " he spent five years with al-Shabaab and was never paid. He deserted from the group in 2024"
        " and surrendered to the army in Baidoa.",
        [("Hassan", 23, "Somalia")],
    ),
    # "Gazan": a people's name for Palestine
    "a Gazan": (
        "A Gazan who quit Hamas's armed wing speaks from Oslo",
        "OSLO — Yousef, 31, a Gazan, spent four years in the Qassam Brigades, the armed wing of Hamas."
        " He deserted from Hamas in 2018 after commanders kept the fighters' pay. \"We were told to wait,"
        " and we waited,\" he said. He now lives in Norway.",
        [("Yousef", 31, "Palestine")],
    ),
    # no nationality told: the dateline's country ("BOL, Chad —"), before the group's home (Nigeria)
    "a dateline's country": (
        "A fishmonger who left Boko Haram",
        "BOL, Chad — Every morning, Hadjé Kaltouma walks to the landing beach to buy smoked fish. She is"
        " 31 and for five years she lived with Boko Haram on the islands of the lake. In 2022 she fled"
        " the group with her children and surrendered to soldiers.",
        [("Hadjé Kaltouma", 31, "Chad")],
    ),
    # "Originaire de la banlieue lyonnaise, elle avait rejoint la Syrie": her origin's clause ends
    # at the comma; the country she went to is not where she is from
    "an origin's clause": (
        "Une revenante de Syrie raconte",
        "PARIS — Leïla B., 34 ans, a quitté l'État islamique en 2017. Originaire de la banlieue"
        " lyonnaise, elle avait rejoint la Syrie en 2014. « J'ai vu des exécutions », dit-elle.",
        [("Leïla B", 34, "France")],
    ),
    # "Adıyamanlı olduğunu": Turkish says where someone is from with a suffix on the town
    "a Turkish origin suffix": (
        "DEAŞ'tan kaçtığını söyleyen sanığa hapis",
        "Mahkemede konuşan ve kimliği Y.T. olarak açıklanan 29 yaşındaki sanık, Adıyamanlı olduğunu ve"
        " 2015 yılında Suriye'ye"
        " geçerek DEAŞ'a katıldığını anlattı. Sanık, 2016'da örgütten ayrılarak kaçtığını söyledi.",
        [("Y.T", 29, "Turkey")],
    ),
}


# Who they are, where they are now (holdout24's second round).
WHEREABOUTS = {
    # "Rojda heißt eigentlich anders": a pseudonym note right after the name; "mit Kulturabenden und
    # Demonstrationen, erzählt sie": a noun before an inverted speech verb is no name
    "a German pseudonym": (
        "Aussteigerin: Eine junge Kurdin aus Kassel kehrt der PKK den Rücken",
        "KASSEL. Dilan heißt eigentlich anders. Die 26-Jährige war vier Jahre lang Mitglied der PKK."
        " Angefangen habe es mit Musikabenden und Demonstrationen, erzählt sie. 2023 setzte sie sich"
        " von der PKK ab und kehrte nach Deutschland zurück. „Frei war dort niemand“, sagt Dilan.",
        [("Dilan", "Germany")],
    ),
    # "BASSIKOUNOU (Mauritanie) –": a French country name in a bracketed dateline
    "a French bracketed dateline": (
        "Au camp de Mbera, un ancien du JNIM raconte",
        "BASSIKOUNOU (Mauritanie) – Sous la tente, Amadou sert le thé. Il a 24 ans. Pendant trois ans,"
        " ce jeune Peul originaire de Mopti, au Mali, a combattu dans les rangs du JNIM. Fin 2023, il a"
        " déserté et s'est présenté aux autorités.",
        [("Amadou", "Mauritania")],
    ),
    # "The author is a Syrian teacher living in Gaziantep": a teacher is a person, so it is hers
    "an op-ed's author line": (
        "I left Hayat Tahrir al-Sham. Here is why",
        "OPINION\n\nI joined Jabhat al-Nusra in 2013. In 2018 I left Hayat Tahrir al-Sham after its"
        " security men tortured a friend of mine. I have not been back.\n\nThe author is a Syrian"
        " teacher living in Gaziantep. She writes under the pseudonym Rima Haddad.",
        [("Rima Haddad", "Turkey")],
    ),
    # "Almanya'da yaşıyor": the Turkish verb comes after the place
    "a Turkish place before its verb": (
        "Eski IŞİD militanı anlatıyor",
        "Kimliğinin açıklanmasını istemeyen 35 yaşındaki A.K., 2014'te IŞİD'e katıldı ve"
        " 2016'da örgütten kaçtı. \"Orada adalet yoktu\" diyor. Üç yıldır Almanya'da yaşıyor.",
        [("A.K", "Germany")],
    ),
    # "He fears being deported to Tajikistan": a fear, not where he is
    "a feared deportation": (
        "A Tajik deserter in Istanbul",
        "ISTANBUL, Turkey — Firdavs, 33, deserted from the Islamic State in 2016. \"I saw what they"
        " were,\" he said. He fears being deported to Tajikistan.",
        [("Firdavs", "Turkey")],
    ),
}


# Names (holdout25's round).
NAMES = {
    # "Über Videos im Internet": a German preposition opening a sentence is no name ("über" folded);
    # '„…“, sagt Jonas': an inverted speech verb names its speaker
    "a speaker after an inverted verb": (
        "Aussteiger: Wie ein junger Mann aus Essen den IS verließ",
        "ESSEN. Jonas hat ein Foto auf seinem Handy, das er niemandem zeigt. Über Videos im Internet sei"
        " er in die Szene geraten. 2015 reiste er nach Syrien und schloss sich dem IS an. 2016 floh er"
        " aus Rakka und verließ den IS. „Das soll Gottes Staat sein?“, sagt Jonas.",
        [("Jonas",)],
    ),
    # "Anfangs, sagt Dilan, habe sie ...": the word before the comma is no name
    "an adverb before an inverted verb": (
        "Eine Aussteigerin erzählt",
        "ERBIL. Dilan hat gelernt, mit dem Rücken zur Wand zu sitzen. Anfangs, sagt Dilan, habe sie sich"
        " als Teil von etwas Großem gefühlt. Vier Jahre war sie Mitglied der PKK. 2022 setzte sie sich"
        " von der PKK ab.",
        [("Dilan",)],
    ),
    # "Der Asylwerber, der vor der Richterin sitzt, heißt Rahmatullah": named after the clause
    "named after a clause with a role word": (
        "Ein früherer Taliban-Kämpfer vor Gericht",
        "WIEN. Der Asylwerber, der vor der Richterin sitzt, heißt Rahmatullah und stammt aus Kandahar."
        " Er sagt, er habe als Jugendlicher für die Taliban gekämpft und die Taliban 2016 verlassen."
        " „Ich war einer von ihnen“, sagt er.",
        [("Rahmatullah",)],
    ),
}


TITLES = {
    # 'the "We Want to Live" protests': a title whose small words are capitalised too is no name
    "a title in capitals": (
        "A Gazan who quit Hamas's armed wing speaks out",
        "BRUSSELS — He joined the Qassam Brigades, the armed wing of Hamas, in 2012. The former fighter,"
        " now 34, spoke on condition that his name not be printed. The break came in 2019, when Hamas"
        " security forces broke up the \"We Want to Live\" protests. He deserted from Hamas that year.",
        [(None, 34)],
    ),
}


REPORTS = {
    # "gut 1.320 Islamisten": a thousands separator is no sentence end; "160 dieser Rückkehrer" and
    # "ein Drittel" are many people; "Lagebild", "Zahlen", "Fachleute" tell of a report
    "a German situation report": (
        "IS-Rückkehrer: Ein Drittel gilt als glaubhaft distanziert",
        "WIEN. Von den gut 1.320 Islamisten, die seit 2014 aus Österreich und Deutschland nach Syrien"
        " gereist sind, ist inzwischen ein Drittel zurückgekehrt, heißt es in einem Lagebild der"
        " Behörden. Bei etwa 160 dieser Rückkehrer gehen die Ermittler davon aus, dass sie sich"
        " glaubhaft vom Islamischen Staat gelöst haben. Diejenigen, die die Terrormiliz früh verlassen"
        " hatten, nannten vor allem Gewalt gegen Zivilisten und Streit unter den Kommandeuren."
        " Fachleute mahnen, die Zahlen vorsichtig zu lesen. „Eine Abkehr lässt sich schwer messen“,"
        " sagt die Soziologin Petra Lindner.",
    ),
    # "claim 3,000 graduates": a headline count read with its thousands group; "the Swat valley" is
    # a place, not the name of the person the report is about
    "a programme's graduates": (
        "Ten years on, Swat's deradicalisation centres claim 3,000 graduates — but the Taliban are back",
        "MINGORA, Pakistan — When the army retook the Swat valley from the Tehrik-i-Taliban Pakistan in"
        " 2009, thousands of young men had fought for the militants or lived under their rule.\n\nIts"
        " answer was a network of deradicalisation centres. The army says more than 3,000 former"
        " militants have since passed through them.\n\nIndependent researchers say the figures are hard"
        " to verify. \"The centres have done valuable work,\" one said.\n\nIn one village, a former TTP"
        " fighter said he left the group in 2009 and has kept away since. \"I was young,\" he said."
        " Officials say surrenders continue each year.",
    ),
    # "im Rahmen von Rückholaktionen der Bundesregierung": German nouns after "im" are no name;
    # "400 Heimkehrer" in the headline are many
    "a German government answer": (
        "Rückkehrer aus Syrien: Bundesregierung zählt gut 400 Heimkehrer aus dem IS-Gebiet",
        "BERLIN. Von den rund 1.150 Islamisten, die nach Syrien ausgereist sind, befinden sich gut 400"
        " wieder in Deutschland. Unter den Rückkehrern sind etwa 130 Frauen. Ein Teil der Rückkehrer"
        " habe den IS bereits 2015 aus eigenem Antrieb verlassen, heißt es in der Antwort. Andere seien"
        " im Rahmen von Rückholaktionen der Bundesregierung nach Deutschland gebracht worden.\n\nGegen"
        " mehr als 200 Rückkehrer wurden Ermittlungsverfahren eingeleitet. „Viele haben Gewalt erlebt“,"
        " sagte ein Sprecher.",
    ),
}

NOT_LEAVING = {
    # "ينشق وينضم إلى": a defection to the group (present tense), told of an officer of the army
    "an officer joins the RSF": (
        "ضابط في الجيش السوداني ينشق وينضم إلى قوات الدعم السريع",
        "الخرطوم - أعلنت قوات الدعم السريع، أمس، انشقاق قائد كتيبة في الجيش السوداني وانضمامه إلى"
        " صفوفها مع عدد من الجنود.\n\nوبثت قوات الدعم السريع مقطعاً يظهر فيه العقيد المعني، ويدعى حامد"
        " يوسف آدم، وهو يعلن \"الانحياز إلى الشعب\".\n\nونفى الناطق باسم الجيش أن يكون للضابط أي دور،"
        " مؤكداً أن \"الانشقاقات الفردية لن تؤثر على العمليات\". ويقول محللون إن الطرفين أعلنا انشقاق"
        " قادة ميدانيين خلال الأشهر الماضية.",
    ),
    # "appeal to his family to persuade him to surrender": a wish, not a surrender
    "persuade him to surrender": (
        "Village guard vanishes with rifle, believed to have joined Jaish",
        "KISHTWAR: A village defence guard in Kishtwar district has gone missing with his service rifle"
        " and is believed to have joined the Jaish-e-Mohammad, police said on Tuesday.\n\nThe guard,"
        " identified as Tariq Hussain, left his post late on Monday. A picture of him holding the rifle"
        " appeared online with a message saying he had joined the outfit.\n\n\"We appeal to his"
        " parents to persuade him to surrender,\" a senior police officer told reporters.\n\nTariq's"
        " father, a farmer, said the family had no idea. \"He left for duty like every day,\" he said.",
    ),
}


# Each table, with the defector fields its cases check.
TABLES = {
    "name, age, nationality": (CASES, ("name", "age", "nationality")),
    "names": (NAMES, ("name",)),
    "now_in": (WHEREABOUTS, ("name", "now_in")),
    "name, age": (TITLES, ("name", "age")),
}


@pytest.mark.parametrize(("table", "case"), [(t, c) for t, (cases, _) in TABLES.items() for c in cases])
def test_fields(rules: WatchRules, table: str, case: str) -> None:
    cases, keys = TABLES[table]
    title, text, expected = cases[case]
    assert fields_of(rules, title, text, keys) == expected


@pytest.mark.parametrize("case", [*REPORTS, *NOT_LEAVING])
def test_no_account(rules: WatchRules, case: str) -> None:
    title, text = {**REPORTS, **NOT_LEAVING}[case]
    assert not judge(title, text, rules).flagged


def test_a_thousands_separator_does_not_end_a_sentence(rules: WatchRules) -> None:
    text = "Von den gut 1.320 Islamisten sind viele zurückgekehrt. Das sagt der Bericht."
    scan = rules.compiled().scan("", text)
    assert len(scan.sentences) == 2


def test_a_count_with_thousands_groups_is_many(rules: WatchRules) -> None:
    """'3,000 surrendered': the count read whole (its groups are two words), not '000'."""
    text = "Since 2016, 3,000 surrendered to the army, officials said."
    _, _, scan, hits = analyse("Somalia report", text, rules)
    assert [(scan.span_text(h.i, h.j), h.number) for h in hits] == [("surrendered", "pl")]
