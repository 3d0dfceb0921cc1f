"""Classes of phrasing added in the twentieth session (validation on every labelled set): a name
found for the only defector after all still tells the gender, and a country closing one sentence
does not qualify the noun opening the next; one invented article each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge
from tests.alerts.judged import fields_of, first_reasons

FIELDS = {
    # Turkish has no "he": a name the article gives only where no defection term stands beside it
    # ("Muhammed Kaya ... anlattı") is still a man's name
    "a Turkish man's name found after all": (
        "Rakka'dan kaçan genç anlattı",
        "ŞANLIURFA - Terör örgütü DEAŞ'tan kaçarak Türkiye'ye sığınan 25 yaşındaki Suriyeli genç"
        " yaşadıklarını anlattı.\n\nBugün bir lokantada çalışan Muhammed Kaya, örgütün infazlarını"
        " izlemeye zorlandıklarını söyledi. Kaya, ailesiyle birlikte Suriye'ye dönmeyi umuyor.",
        ("name", "gender"),
        [("Muhammed Kaya", "m")],
    ),
    # "... جنوبي تركيا. المقاتل السابق": the country that closes the first sentence (where he lives
    # now) does not make "the former fighter" opening the next a Turkish fighter; his origin follows
    "a country closing a sentence before a noun": (
        "مقاتل سابق في هيئة تحرير الشام يروي قصته",
        "غازي عنتاب - يتابع سامر (اسم مستعار) أخبار بلده كل مساء من غرفته في غازي عنتاب جنوبي تركيا."
        " المقاتل السابق في «هيئة تحرير الشام»، البالغ من العمر 31 عاماً، ترك الهيئة عام 2021.\n\n"
        "انضم سامر، المتحدر من ريف حماة، إلى «جبهة النصرة» عام 2014.",
        ("name", "nationality"),
        [("سامر", "Syria")],
    ),
    # "originaire des environs de X, dans la région de Y": "des" opens an origin as "de" does
    "a French origin in the surroundings of a town": (
        "Un ancien du JNIM raconte sa fuite vers la Mauritanie",
        "BASSIKOUNOU (Mauritanie) - Oumar, 26 ans, a passé deux ans dans les rangs du JNIM. Ce jeune"
        " berger originaire des environs de Djenné, dans la région de Mopti, s'est rendu aux"
        " autorités mauritaniennes en 2023.",
        ("name", "nationality"),
        [("Oumar", "Mali")],
    ),
    # "Musa, 30, a cattle herder from X": a trade in apposition to the name is the person's, so
    # the origin after it is theirs
    "a trade in apposition before an origin": (
        "Former al-Shabaab driver tells of escape",
        "DADAAB, Kenya - Musa Abdi, 30, a truck driver from Kismayo, spent three years with"
        " al-Shabaab before he slipped away and surrendered to Kenyan police last year.",
        ("name", "nationality"),
        [("Musa Abdi", "Somalia")],
    ),
    # a name found only after all ("For two years Idrissa rode ..."), with an origin said of it
    # through his trade: the origin is his, not the dateline's country
    "an origin said of a name found after all": (
        "In a Niger camp, a former jihadist herder wants his cattle back",
        "OUALLAM, Niger - Idrissa is in his thirties, a Fulani herder from the Mopti region of"
        " central Mali. For two years Idrissa rode a motorbike for the Katiba Macina, part of JNIM."
        " In 2020 he walked away from the militants and surrendered to soldiers in Niger.",
        ("name", "nationality"),
        [("Idrissa", "Mali")],
    ),
    # "Kachalla joined the insurgents": a lone word followed by "joined" is a person
    "a lone name that joined": (
        "At a camp in Gombe, former fighters wait for a second chance",
        "GOMBE - The camp director, Bulus Audu, says every man is screened.\n\nKachalla joined Boko"
        " Haram in 2014. He is 36, a former tailor from Bama. In October he walked to an army post"
        " near Dikwa and surrendered.",
        ("name", "age"),
        [("Kachalla", 36)],
    ),
    # "He paid a smuggler 900 dollars to take him to the Turkish border": the usual way out of the Islamic
    # State's territory, told with no word for leaving.
    "paying a smuggler out is a leaving": (
        "A young Syrian on his two years with Islamic State",
        "URFA, Turkey - He gives his name only as Abu Hamza, the name he used during two years in the"
        " ranks of Islamic State. He is 24 and comes from a village near Manbij.\n\nIn May he told his"
        " commander he was visiting his sick mother. Instead he paid a smuggler 900 dollars to take him"
        " through the fields at night to the Turkish border. He now works in a bakery in Urfa.",
        ("name", "age"),
        [("Abu Hamza", 24)],
    ),
    # "after the group began taking teachers hostage": others held, so the man who walked away over it was
    # no captive himself.
    "hostages the group took are others": (
        "Obituary: Hadji Musa Kalbi, the farmer who talked men down from the hills",
        "Hadji Musa Kalbi, who died on March 3 at the age of 61, went into the hills of Basilan with"
        " the Abu Sayyaf in 1991.\n\nHe rarely spoke of those years. What he did speak of was the day he"
        " walked away. In 1994, after the group began taking teachers and nurses hostage for ransom, he told"
        " a commander that this was business, not faith. A few weeks later he came down at night and went"
        " to his uncle, a village chief.",
        ("name", "age"),
        [("Hadji Musa Kalbi", 61)],
    ),
    # "J'ai posé mon arme", "il laisse son arme chez un cousin": French leavings told by the weapon, in
    # the first person too.
    "a french weapon laid down or left behind": (
        "Mali : « J'ai posé mon arme quand ils ont brûlé le marché »",
        "Il s'appelle Boubacar, il a 23 ans et il vit depuis l'an dernier en Mauritanie. Pendant deux ans,"
        " ce jeune berger a combattu dans les rangs de la katiba Macina, liée au JNIM.\n\nEnvoyé chercher"
        " du carburant, il laisse son arme chez un cousin et rejoint la frontière en trois jours.",
        ("name", "age"),
        [("Boubacar", 23)],
    ),
    # "reached a Ugandan army position": a verb of reaching takes the authority with no "to".
    "reaching the army is going to it": (
        "A coffee farmer's second life",
        "KASESE, Uganda - Musa Kato, 29, grew up in Kasese. In 2018 he joined the ADF in the forests of"
        " Ituri, where he stayed for two years.\n\nIn 2020, during an air strike on the"
        " camp, he ran, and after a week in the forest reached a Ugandan army position.",
        ("name", "age"),
        [("Musa Kato", 29)],
    ),
    # German "DDR" (East Germany) makes a German story a Cold War one, but in French or English it is the
    # disarmament, demobilisation and reintegration scheme that former fighters go through.
    "a ddr programme is no east germany": (
        "Centrafrique : au centre DDR de Bangassou, la nouvelle vie de Prosper",
        "BANGASSOU - Prosper, 24 ans, a passé six ans dans les rangs de l'Armée de résistance du Seigneur."
        " Il s'est enfui en 2019 et s'est rendu aux militaires à Obo. Il suit aujourd'hui le programme"
        " DDR de la ville. « Le DDR m'a donné un métier », dit-il. Le responsable du DDR local confirme.",
        ("name", "age"),
        [("Prosper", 24)],
    ),
    # "raconte sa sortie de la katiba Macina": the French noun of leaving, with the group after it.
    "a french exit told as a noun": (
        "Centre du Mali : un jeune berger raconte sa sortie de la katiba Macina",
        "SÉVARÉ - Amadou a 20 ans. Il a passé un an dans les rangs de la katiba Macina, branche du JNIM."
        " Il vit aujourd'hui à Mopti : « On mangeait une fois par jour là-bas », dit-il.",
        ("name", "age"),
        [("Amadou", 20)],
    ),
    # "the state they call Ambazonia", "a separatist group": the Anglophone separatists are named by the
    # state they fight for.
    "ambazonia names the separatists": (
        "In Buea, a former separatist fighter learns carpentry",
        "BUEA, Cameroon - Separatist groups fighting for a state they call Ambazonia have closed schools"
        " across the North-West for years.\n\nEkane, 25, spent two years with a separatist group in the"
        " bush. He left last year, he says, and gave himself up at a gendarmerie post.",
        ("name", "age", "group"),
        [("Ekane", 25, "Ambazonian separatists")],
    ),
    # "introduces himself as Lieutenant Odongo": the rank after the cue is no part of the name, and the
    # name is still a person's.
    "a rank between the cue and the name": (
        "Honey, radios and a long wait in Obo",
        "OBO, Central African Republic - \"Honey is our gold now,\" says Célestin, a trader.\n\n"
        "One of the men in the camp is a thin, grey-bearded man who introduces"
        " himself as Lieutenant Odongo. He is 44 and comes from Gulu district.\n\nLast year he walked"
        " out of the LRA's camp in Kafia Kingi and gave himself up at a church mission.",
        ("name", "age"),
        [("Odongo", 44)],
    ),
    # Taken as a boy, he rose "to command a unit": thirty years on, walking out was his own act.
    "an abductee who rose to command left of his own will": (
        "The LRA lieutenant who walked home",
        "GULU, Uganda - Okot Charles, 43, was abducted from his village at the age of 12 and spent nearly"
        " three decades with the Lord's Resistance Army, rising to command a small unit.\n\nLast year he"
        " walked out of the group's camp with four other men and gave himself up at a church mission.",
        ("name", "age"),
        [("Okot Charles", 43)],
    ),
    # In a live blog, "a 51-year-old Burkinabe" in a football entry is not the herder two entries down who
    # left IS Sahel: a person's fields come from the entries that tell of them.
    "a live blog entry keeps its own person": (
        "Sahel live: curfew extended; new coach; herder leaves IS Sahel",
        "17:05 — Burkina Faso's football federation has named a new coach. The former assistant, a"
        " 51-year-old Burkinabe, replaces the Frenchman who left in January.\n\n"
        "16:20 — A 28-year-old herder from the Tillabéri region of Niger who spent two years with"
        " Islamic State Sahel Province has surrendered to soldiers near Ayorou, our correspondent"
        " reports. He said he left because the fighters killed his cousin.\n\n"
        "12:30 — Chad's government says it will hold a conference on fuel subsidies.",
        ("age", "nationality"),
        [(28, "Niger")],
    ),
    # "He wants to go back to Belgium": a wish; the byline's "in Gaziantep" and the dateline below a
    # bracketed caption say where he is.
    "a wished return is not where they are": (
        "The Belgian who walked out of Raqqa",
        "By Maren Holt in Gaziantep\n\n[Photo: A back street in Gaziantep's old town.]\n\n"
        "GAZIANTEP, Turkey — Ilyas Peeters, 24, spent a year with the Islamic State group in Raqqa"
        " before he walked out last spring. He wants to go back to Belgium and says he is ready to"
        " talk to the police.",
        ("name", "now_in"),
        [("Ilyas Peeters", "Turkey")],
    ),
    # "Die junge Deutsche aus Offenbach hatte in Syrien einen Kämpfer geheiratet": the capitalised noun
    # after its article is the woman, before the country where she married.
    "a german demonym noun after its article": (
        "Offenbacherin kehrt aus Rakka zurück",
        "Offenbach. Die 23-jährige Lena K. hat die Terrormiliz IS auf eigene Faust verlassen.\n\n"
        "Die junge Deutsche aus Offenbach hatte in Syrien einen Kämpfer der Terrormiliz geheiratet."
        " Im März bezahlte sie einen Schleuser, der sie bis an die türkische Grenze brachte.",
        ("name", "nationality"),
        [("Lena K", "Germany")],
    ),
    # "شاب من مدينة جرابلس" (a young man from Jarablus): a town under 100,000 people, named in Arabic
    # script; GeoNames' Arabic names count for every town, not only the large ones.
    "an arabic name for a smaller town": (
        "مقاتل سابق في داعش يروي قصته",
        "غازي عنتاب – قال أحمد (اسم مستعار)، البالغ من العمر 26 عاماً، إنه انشق عن تنظيم «داعش» عام 2016."
        " وأحمد شاب من مدينة جرابلس، وقد انضم إلى التنظيم عام 2014.",
        ("age", "nationality"),
        [(26, "Syria")],
    ),
    # "ابن مدينة زنجبار في محافظة أبين جنوبي اليمن": a native of the town, whose country, named a few
    # words on, settles a name Yemen's Zinjibar shares with Zanzibar.
    "an arabic native of a town and its country": (
        "مقاتل سابق في داعش يروي قصته",
        "مسقط – لم يكن ناصر، ابن مدينة زنجبار في محافظة أبين جنوبي اليمن، قد تجاوز العشرين حين التحق"
        " بتنظيم «داعش» في سوريا عام 2014. وقال ناصر إنه ترك التنظيم عام 2016 وسلّم نفسه إلى الجيش.",
        ("nationality",),
        [("Yemen",)],
    ),
    # "at the disarmament, demobilisation and reintegration centre in Meri, in Cameroon's Far North":
    # where the former commander lives now, not the group's home country.
    "a reintegration centre is where they are": (
        "Former Boko Haram commander speaks from Meri",
        "Our presenter spoke to a former Boko Haram commander at the reintegration centre in Meri, in"
        " Cameroon's Far North Region.\n\nIBRAHIM ADAMOU: My name is Ibrahim Adamou. I am 40 years old."
        " I surrendered at a military post in March because the group was killing its own.",
        ("name", "now_in"),
        [("Ibrahim Adamou", "Cameroon")],
    ),
    # "was arrested when he landed at Brussels Airport": the return, told by the landing.
    "arrested on landing is where they are": (
        "The Antwerp man who deserted Islamic State",
        "A 27-year-old man from Antwerp who travelled to Syria in 2014 deserted the Islamic State group"
        " in 2017, prosecutors said. He was arrested on Tuesday when he landed at Brussels Airport.",
        ("age", "now_in"),
        [(27, "Belgium")],
    ),
    # "She followed him into the Sambisa forest willingly": following a husband who was with the group is
    # belonging to it, so her walking out of the camp is a leaving.
    "following a husband shows membership": (
        "A young mother's way out of Sambisa",
        "Amina is 20. She was 17 when she married a young man who was already with Boko Haram, and she"
        " followed him into the Sambisa forest willingly, she says.\n\nWhen her husband was killed"
        " last year, she walked out of the camp with her son on her back and raised her hands when she"
        " saw soldiers.",
        ("name", "age"),
        [("Amina", 20)],
    ),
    # "حزب" (party) is a negative cue for party politics, but in "حزب الله" it is the group's own name,
    # and "الحزب" (the party) then the group itself.
    "the party of god is no political party": (
        "شاب من صور يروي لماذا ترك «حزب الله»",
        "برلين – الشاب البالغ من العمر 26 عاماً، ابن مدينة صور في جنوب لبنان، يعيش منذ عام في برلين."
        " يروي حسن أن ما دفعه إلى الانشقاق عن الحزب هو حصار مضايا. ويضيف أن الحزب تغيّر، وأن رفاقه في"
        " الحزب يعودون في صناديق. ترك حسن وحدته ولم يعد إلى الحزب.",
        ("age",),
        [(26,)],
    ),
    # "sein Mandant sei aus freien Stücken zurückgekehrt": a German court report's word for a voluntary
    # leaving.
    "a return of ones own free will": (
        "Grazer Prozess gegen Syrien-Heimkehrer",
        "GRAZ. Im Straflandesgericht hat der Prozess gegen einen 25-jährigen Mann begonnen, der sich 2013"
        " in Syrien der Nusra-Front angeschlossen haben soll. Ruslan K. kam als Kind nach Österreich.\n\n"
        "Sein Verteidiger betonte, sein Mandant sei aus freien Stücken zurückgekehrt.",
        ("name", "age"),
        [("Ruslan K", 25)],
    ),
    # "Die Guerillera, die ihre Waffe abgab": German for giving up one's weapon, said of one woman
    # (German's "sie" and "ihre" are "they" and "their" too, so the noun tells the number).
    "a german weapon handed in by a woman": (
        "Die Guerillera, die ihre Waffe abgab",
        "Reportage | Von Katrin Ober, Bogotá\n\nYurani Gómez, 24, war 13, als sie sich in Caquetá"
        " einer Einheit der Farc anschloss. Heute lebt sie in Bogotá.",
        ("name", "age"),
        [("Yurani Gómez", 24)],
    ),
    # "Nigeria live: fuel queues return to Abuja, ...": a live blog's headline lists its entries' stories;
    # "is now at a reception site in Cameroon's Far North" says where the man is.
    "a live blogs headline is no ones whereabouts": (
        "Nigeria live: fuel queues return to Abuja; former fighter speaks",
        "09:10 - Fuel queues have returned to Abuja filling stations.\n\n"
        "16:35 - Musa Bulama, 33, a native of Gwoza, says he left Boko Haram in May and walked for six"
        " days to the border. He is now at a reception site in Cameroon's Far North region.\n\n"
        "18:00 - That is all from us today.",
        ("name", "now_in"),
        [("Musa Bulama", "Cameroon")],
    ),
}


@pytest.mark.parametrize("case", FIELDS)
def test_fields(rules: WatchRules, case: str) -> None:
    title, text, names, expected = FIELDS[case]
    assert fields_of(rules, title, text, names) == expected


def test_killing_children_is_brutality(rules: WatchRules) -> None:
    title = "A former TTP member speaks to students"
    text = (
        "MINGORA - Fazal Karim, 34, said he had been with a TTP group for two years when the school in"
        ' Peshawar was attacked. "That day they killed children who were sitting in exams," he said.'
        " He walked out of the group's hideout a week later and surrendered to the police."
    )
    assert first_reasons(rules, title, text) == ("brutality",)


def test_an_arabic_surrender_told_as_a_verbal_noun(rules: WatchRules) -> None:
    """"أبلغا الجنود برغبتهما في تسليم نفسيهما" (told the soldiers they wished to surrender
    themselves): the verbal noun with the dual reflexive."""
    title = "قيادة عمليات ديالى: عنصران من داعش يصلان إلى نقطة للجيش"
    text = (
        "بعقوبة – أعلنت قيادة العمليات أن عنصرين من تنظيم داعش سلّما نفسيهما إلى نقطة للجيش.\n\n"
        "وقال البيان إن المدعوّين كريم جاسم محمد وعلي حسن صالح وصلا فجر الأحد من دون سلاح، وأبلغا الجنود"
        " برغبتهما في تسليم نفسيهما بعد أن أمضيا عامين مع مفرزة للتنظيم."
    )
    assert fields_of(rules, title, text, ("name",))[0] == ("كريم جاسم محمد",)


def test_a_deal_reached_with_the_army_is_no_surrender(rules: WatchRules) -> None:
    """"a deal was reached with the army": the passive "reached" is no one going to the soldiers."""
    title = "Ceasefire in Bunia"
    text = (
        "BUNIA - CODECO leaders said on Monday that a local ceasefire deal was reached with the army"
        " after talks in Djugu. The militia's spokesman, Jean Lotsove, 44, said fighters would stay in"
        " their camps."
    )
    assert not judge(title, text, rules).flagged

