"""Classes of phrasing added in the twenty-first session (validation on every labelled set): a
French terrorist who gives himself up, an aside between a count and its verb, a habit told of many,
a couple in a counting headline, and fields said in ways the rules did not read; one invented
article each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import analyse, judge
from tests.alerts.judged import fields_of

FIELDS = {
    # "شاب من X": a town after "from" right after a person's noun is where the person is from, not
    # the country named later in the sentence ("عودته من سوريا", his return from Syria)
    "an Arabic town after a person's noun and 'from'": (
        "شاب من الحمامات يروي قصة عودته من سوريا",
        "تونس – قال الشاب البالغ من العمر 24 عاماً إنه قضى عاماً في صفوف تنظيم داعش قبل أن يقرر ترك"
        " التنظيم، وسلّم نفسه للأمن التونسي فور وصوله إلى مطار تونس قرطاج.",
        ("nationality",),
        [("Tunisia",)],
    ),
    # German puts a country in the genitive after a region: "im Südosten Mauretaniens"
    "a German country name in the genitive": (
        "Ein junger Hirte hat der Katiba Macina den Rücken gekehrt",
        "Yero war 16, als er sich der Katiba Macina anschloss, einer Einheit des JNIM. Nach zwei Jahren"
        " lief er davon. Heute ist Yero 19 Jahre alt und lebt in einem Flüchtlingslager im Südosten"
        " Mauretaniens.",
        ("name", "now_in"),
        [("Yero", "Mauritania")],
    ),
    # "Born in Kilcurry, Co Louth": the word for a county before a county's name leaves it a name
    "a county's name after 'Co'": (
        "Obituary: the IRA man who walked away",
        "Seamus Boylan, who has died aged 71, spent two years in the Provisional IRA before he left it"
        " in 1976. Born in Kilcurry, Co Louth, he worked for forty years as a carpenter.",
        ("name", "nationality"),
        [("Seamus Boylan", "Ireland")],
    ),
    # after her name, "A German roaster" in a sentence that does not name her nor say "she" is
    # somebody new, not her
    "an indefinite people's noun in a sentence about someone else": (
        "From the guerrilla to the coffee farm",
        "INZÁ, Colombia - Marisol Pardo joined the FARC at 14 and left the guerrilla in 2013, when she"
        " was 22. Today she grades coffee for a cooperative in the mountains of Cauca. A German roaster"
        " has signed a three-year contract with the cooperative.",
        ("name", "nationality"),
        [("Marisol Pardo", "Colombia")],
    ),
    # "ein junger Mann, den wir Ali nennen": the German alias cue with the name between its words
    "a German name between 'den wir' and 'nennen'": (
        "Ein Aussteiger aus der Hisbollah backt jetzt in Neukölln",
        "BERLIN - In einer kleinen Bäckerei arbeitet ein junger Mann, den wir Karim nennen. Er ist 26"
        " und kämpfte zwei Jahre lang für die Hisbollah in Syrien. Anfang 2016 meldete er sich nicht mehr"
        " bei seiner Einheit und reiste nach Deutschland.",
        ("name", "age"),
        [("Karim", 26)],
    ),
    # a name the text also gives to a district ("the Hawlwadaag district") is still a person's when
    # an age follows it ("Hawlwadaag is 24,"); the publication whose address the text gives
    # ("southdesk.example") is no person, though it "agreed" to something
    "a name that is also a district's, and a publication's name": (
        "'I left al-Shabaab after the stoning': a Baidoa woman's story",
        "MOGADISHU - Hawlwadaag is 24, and for two years she cooked for an al-Shabaab unit near Baidoa."
        " In 2019 she ran away and reached Mogadishu. Today she lives in the Hawlwadaag district of the"
        " capital. South Desk agreed not to publish her family name. Hawlwadaag says she does not miss"
        " the group.\nSouth Desk is reader-funded: southdesk.example/join",
        ("name", "age"),
        [("Hawlwadaag", 24)],
    ),
    # "while officials arrange his return to Tanzania": a return others prepare is not where he is
    "a return that officials arrange": (
        "Tanzanian who left the ADF hands himself to peacekeepers",
        "BENI, Democratic Republic of Congo - A Tanzanian man who spent two years with the Allied"
        " Democratic Forces (ADF) has walked out of one of its camps and handed himself to UN"
        " peacekeepers. Juma Said, 31, is being held at a UN transit site in Beni while officials"
        " arrange his return to Tanzania.",
        ("name", "now_in"),
        [("Juma Said", "DR Congo")],
    ),
    # "held at a UN transit site in Beni": where a detained person is now, whatever the dateline
    "held at a site in a town": (
        "Ugandan who left the ADF is held by peacekeepers",
        "KAMPALA, Uganda - A Ugandan man who spent four years with the Allied Democratic Forces (ADF)"
        " walked out of one of its camps last month. Musa Kato, 27, is held at a UN transit site in"
        " Beni, his family said.",
        ("name", "now_in"),
        [("Musa Kato", "DR Congo")],
    ),
    # "wohnt inzwischen in": where a person lives, in German
    "a German 'wohnt inzwischen in'": (
        "Ein Tunesier erzählt, warum er den IS verließ",
        "Köln. Samir B., 31 Jahre alt, hatte sich 2015 der Terrormiliz Islamischer Staat (IS)"
        " angeschlossen und ihr 2016 den Rücken gekehrt. Der Tunesier wohnt inzwischen in Österreich.",
        ("name", "now_in"),
        [("Samir B", "Austria")],
    ),
    # a credit line ("Photographs by ...") above a dateline whose county's name says "County"
    "a dateline below a photographer's credit": (
        "The boy from the creeks who stopped blowing up pipelines",
        "LONG READ\n\nBy Amina Said\n\nPhotographs by Omar Kuro\n\nWAJIR, Wajir County - Abdi Noor"
        " is 29 now. In 2016 he joined al-Shabaab and carried its supplies at night. A year later he"
        " left the group and handed himself in under the amnesty.",
        ("name", "now_in"),
        [("Abdi Noor", "Kenya")],
    ),
    # "SAN JOSÉ DEL GUAVIARE -": a dateline town longer than the capital its first words name
    "a dateline town that begins with a capital's name": (
        "A teenager who walked out of the FARC dissidents",
        "SAN JOSÉ DEL GUAVIARE - The girl we will call Yurany is 17. She joined a FARC dissident"
        " front at 14 and left it last year, walking for three days to an army post.",
        ("name", "now_in"),
        [("Yurany", "Colombia")],
    ),
    # "فهد المعمري، المكنّى «أبو جبريل»": the words before the kunya cue are the name; "والمعمري"
    # (and al-Maamari) later is the same man, who goes by the kunya
    "an Arabic name before its kunya, told again after 'and'": (
        "قيادي حوثي يعلن تركه صفوف الجماعة",
        "مأرب – وصل القيادي الميداني في جماعة الحوثي ناصر علي المعمري، المكنّى «أبو هاشم»، إلى مدينة مأرب"
        " معلناً تركه صفوف الجماعة.\n\nوالمعمري، وهو من أبناء محافظة صنعاء، قال إنه قرر الخروج بعد أن رأى"
        " المشرفين ينهبون مرتبات المقاتلين.",
        ("name",),
        [("ناصر علي المعمري (أبو هاشم)",)],
    ),
    # "المتهم (س. ك.)، البالغ": Arabic initials, whose full stops end no sentence
    "Arabic initials": (
        "محكمة تستمع إلى عنصر سابق في داعش",
        "بيروت – استمعت المحكمة العسكرية إلى المتهم (س. ك.)، البالغ من العمر 27 عاماً، الذي قال إنه ترك"
        " تنظيم داعش عام 2016 وسلّم نفسه للجيش.",
        ("name", "age"),
        [("س. ك", 27)],
    ),
    # "Der 27 Jahre alte Afghane": the German adjective of age before a people's noun
    "a German age adjective before a people's noun": (
        "Ein Aussteiger erzählt in Passau",
        "Passau. Naqib war zwei Jahre bei der Terrormiliz Islamischer Staat (IS), dann lief er davon."
        " Der 27 Jahre alte Afghane"
        " lebt seit drei Jahren in Passau und arbeitet in einer Bäckerei.",
        ("nationality",),
        [("Afghanistan",)],
    ),
    # "a friendship with a Bosnian classmate": the classmate's people, not his
    "a people's name on someone the person was with": (
        "The Swede who walked out of the caliphate",
        "GÄVLE, Sweden - Jonas Berg, 34, converted to Islam at 19 after a friendship with a Bosnian"
        " classmate. In 2014 he joined the Islamic State in Syria; he deserted in 2015 and was sent"
        " back in 2016.",
        ("name", "nationality"),
        [("Jonas Berg", "Sweden")],
    ),
    # a German interview: "ist heute dreiundzwanzig" (an age in words), "Wir Deutschen" (the
    # speaker's own people) and "kehrte er zurück" (back in his own country)
    "a German interview's age in words, 'we Germans' and a return": (
        "„Die Emire haben uns verheizt“ – ein Aussteiger erzählt",
        "Timo (Name geändert) ist heute dreiundzwanzig. Im Sommer 2015 schloss er sich der"
        " Terrormiliz Islamischer Staat (IS) an, nach sechs Monaten kehrte er zurück.\n\nFrage: Warum"
        " sind Sie gegangen?\n\nTimo: Wir Deutschen wurden nach vorne geschickt. Ich habe die Gruppe"
        " verlassen, weil die Emire uns verheizt haben.",
        ("name", "age", "nationality", "now_in"),
        [("Timo", 23, "Germany", "Germany")],
    ),
    # "I'm 41 now": the age said in the first person, contracted
    "an age after 'I'm'": (
        "Podcast: the Real IRA man who walked away",
        "HOST: My guest was once a member of the Real IRA. He asked us to use only his first name,"
        " Eamon.\n\nEAMON: I left the Real IRA in 2009. I'm 41 now and I have been quiet long enough.",
        ("name", "age"),
        [("Eamon", 41)],
    ),
    # "Nusaybin ilçesi": a Turkish name with the word for a district after it is a place, not the
    # woman the story is about
    "a Turkish district's name": (
        "Kamışlı'dan kaçan genç kadın Nusaybin'de askerlere teslim oldu",
        "MARDİN – Terör örgütü PKK/YPG'den kaçan bir kadın, Nusaybin ilçesi sınır hattında Türk"
        " askerlerine teslim oldu. Açıklamaya göre, R.A. kod adlı 20 yaşındaki Suriye uyruklu kadın"
        " örgütten kaçtığını anlattı.",
        ("name", "age", "nationality"),
        [("R.A", 20, "Syria")],
    ),
    # "Il a vingt-deux ans": a French age in words
    "a French age in words": (
        "Diffa : un jeune repenti de Boko Haram raconte sa sortie",
        "DIFFA – Il a vingt-deux ans et les mains abîmées. Ibrahim S. a quitté Boko Haram en 2021 et"
        " s'est rendu aux autorités nigériennes.",
        ("name", "age"),
        [("Ibrahim S", 22)],
    ),
    # "Three members of X, including a boy and a woman, surrendered ... identified as A, 15; B, 41;
    # and C, 33": the aside between the count and its verb does not hide the count, so everyone
    # listed after it is one of the few who left
    "an aside between a count and its verb": (
        "Three Abu Sayyaf members yield in Sulu",
        "JOLO, Sulu - Three members of the Abu Sayyaf Group, including a 16-year-old boy and a woman,"
        " surrendered to Marines in Patikul on Monday. They were identified as Jamal Usman, 16;"
        " Hadji Sabtal, 44; and Nur Aina, 30, all residents of upland villages.",
        ("name", "age"),
        [("Jamal Usman", 16), ("Hadji Sabtal", 44), ("Nur Aina", 30)],
    ),
}


@pytest.mark.parametrize("case", FIELDS)
def test_fields(rules: WatchRules, case: str) -> None:
    title, text, names, expected = FIELDS[case]
    assert fields_of(rules, title, text, names) == expected


def test_a_french_terrorist_who_gives_himself_up(rules: WatchRules) -> None:
    """"un terroriste se rend aux autorités": the French noun says one person, so his surrender is
    about the group the next sentence names."""
    title = "Tamanrasset : un terroriste se rend aux autorités militaires"
    text = (
        "COMMUNIQUÉ – Le terroriste dénommé « K. Salah », originaire de la wilaya d'Adrar, qui avait"
        " rallié les groupes terroristes en 2012, s'est rendu lundi aux autorités militaires à"
        " Tamanrasset.\n\nSelon une source sécuritaire, l'intéressé activait au sein d'une katiba"
        " d'Al-Qaïda au Maghreb islamique (AQMI)."
    )
    assert judge(title, text, rules).flagged


def test_a_habit_of_many_is_told_of_many(rules: WatchRules) -> None:
    """"Women associated with the group, wives and cooks, often leave": a habit told of many, not
    one person's leaving (the plural noun is too far back to say so by itself)."""
    title = "Podcast: how people leave al-Shabaab"
    text = (
        "BERG: Women associated with al-Shabaab, the wives and the cooks and the collectors of money,"
        " often leave by simply going home."
    )
    _, _, scan, hits = analyse(title, text, rules)
    often = [h for h in hits if scan.sent[h.i] >= scan.title_sentences]
    assert [h.number for h in often] == ["pl"]


def test_a_couple_in_a_headline_that_counts(rules: WatchRules) -> None:
    """"Rebel couple surrenders; 112 NPA members have yielded this year": the headline's couple is
    two people, so its count of many does not make the story a report."""
    title = "Rebel couple surrenders in Bukidnon; 112 NPA members have yielded this year"
    text = (
        "MALAYBALAY - A husband and wife who served for a decade with the New People's Army (NPA)"
        ' surrendered to soldiers on Sunday. The two, known as "Ka Rodel," 38, and "Ka Mira," 33,'
        " handed over a rifle. Ka Rodel said he was tired of hunger in the mountains."
    )
    j = judge(title, text, rules)
    assert j.flagged and j.kind == "account"
