"""The person an article is most about (casefields.protagonist), which a seed-model flag carries when
no defection term anchors anyone, and the name of the rules' only defector when no name has a
person's cue beside it. Each test is one kind of article the person was lost in."""

from __future__ import annotations

from alerts.casefields import Defector, _find_people, protagonist
from alerts.rules import WatchRules
from alerts.score import judge


def most_about(rules: WatchRules, title: str, text: str) -> list[Defector]:
    compiled = rules.compiled()
    return [c.defector for c in protagonist(compiled.scan(title, text), compiled)]


def test_a_name_no_cue_marks_is_still_the_person(rules: WatchRules) -> None:
    """No age, speech verb or role beside the name: it is still a name, unlike the place after "in"
    and the capitalised word opening a sentence."""
    [person] = most_about(
        rules,
        "The herder of Saravena",
        "For five years Tomas Ibarra Lenz lived in the camps of the ELN in Arauca. Yesterday the former"
        " fighter sold goats at the market in Saravena. Tomas Ibarra Lenz now rents a room above a"
        " pharmacy and plays football on Sundays.",
    )
    assert (person.name, person.group, person.nationality) == ("Tomas Ibarra Lenz", "ELN", "Colombia")


def test_the_ledes_unnamed_subject_is_the_person_named_later(rules: WatchRules) -> None:
    """"A 27-year-old Kenyan woman ... told a court": the lede gives age and nationality before the name."""
    [person] = most_about(
        rules,
        "Returnee tells court of broken promises",
        "A 27-year-old Kenyan woman who spent three years with al-Shabaab in Somalia told a court in"
        " Mombasa on Monday that she had been promised work as a cook. Amina Wanjiru Ochieng was"
        " arrested when she came back. Ochieng now lives with her aunt.",
    )
    assert (person.name, person.age, person.gender, person.nationality) == (
        "Amina Wanjiru Ochieng", 27, "f", "Kenya"
    )


def test_without_a_name_the_fields_are_still_given(rules: WatchRules) -> None:
    """Arabic has no capitals to find a name by: an unnamed person, with what the article states."""
    [person] = most_about(
        rules,
        "عودة",
        "قال شاب سوري يبلغ من العمر 24 عاما إنه ترك تنظيم داعش بعد عامين في الرقة. ويعيش الآن مع والدته.",
    )
    assert (person.name, person.age, person.gender, person.nationality, person.group) == (
        None, 24, "m", "Syria", "IS"
    )


def test_first_person_pronouns_opening_sentences_are_not_names(rules: WatchRules) -> None:
    """"« Je suis parti »": a quoted defector's own words; the French "Je" is no one's name."""
    [person] = most_about(
        rules,
        "Le retour",
        "« Je suis parti parce que je ne supportais plus rien », raconte Idriss K., 29 ans, originaire de"
        " N'Djamena. Je pensais que la cause était juste. Je me suis trompé, dit-il. Aujourd'hui,"
        " Idriss K. vit à Bol.",
    )
    assert (person.name, person.age, person.nationality) == ("Idriss K", 29, "Chad")


def test_the_rules_only_defector_takes_a_name_no_cue_marks(rules: WatchRules) -> None:
    """The rules find the leaving but no name with a person's cue: the one defector is still named."""
    j = judge(
        "Back from the mountains",
        "For three years Abdifatah Ismail Gedi lived with al-Shabaab fighters in the hills above the"
        " port. In October he deserted the group and walked to an army post. Abdifatah Ismail Gedi now"
        " repairs phones at the market.",
        rules,
    )
    assert j.flagged and [d.name for d in j.defectors] == ["Abdifatah Ismail Gedi"]


def test_common_nouns_demonyms_and_regions_are_not_names(rules: WatchRules) -> None:
    """A capitalised word the article also writes in lower case ("Herders", "herders"), a plural
    demonym ("Syrians") and a region after a possessive ("Chad's Lac Province") read like names only
    because of where they stand: after a dateline in capitals, or opening a headline."""
    [person] = most_about(
        rules,
        "Herders leave the islands",
        "BOL, Chad -- Herders from the islands of Chad's Lac Province say the fighters of Boko Haram took"
        " their cattle. Syrians and Nigerians also live in the camp. One of the herders, a 23-year-old"
        " man, said he had carried ammunition for Boko Haram for a year before he slipped away.",
    )
    assert person.name is None
    assert (person.age, person.gender) == (23, "m")


def test_reporters_officials_and_towns_are_not_the_person(rules: WatchRules) -> None:
    """A French byline ("Par Awa Diallo"), a police superintendent who speaks, and a town of two
    words: none of them is the man the article is about, who is never named."""
    [person] = most_about(
        rules,
        "Un ancien combattant rentre chez lui",
        "Par Awa Diallo\n\nPAOUA -- Un homme de 34 ans, ancien combattant des 3R, est rentré à Paoua la"
        " semaine dernière. Selon le commissaire Jean Ngaba, il a remis son arme. Il vit aujourd'hui à"
        " Bocaranga avec sa mère, raconte-t-il.",
    )
    assert person.name is None
    assert (person.age, person.gender) == (34, "m")
    [person] = most_about(
        rules,
        "Cadre returns",
        "A 27-year-old cadre of the HNLC laid down arms before Superintendent of Police Ronald"
        " Marbaniang on Thursday. Marbaniang told reporters the cadre had crossed back from Bangladesh"
        " and would be rehabilitated. The former cadre now lives with his parents near Mawlai.",
    )
    assert person.name is None and person.age == 27


def test_gorges_two_word_towns_and_french_nouns_are_not_names(rules: WatchRules) -> None:
    """"the Pankisi Gorge" (a place's last word), "Kaga-Bandoro" (a town of two words) and "le
    Sahara" (a French article before it) read like names to a capitalised-run finder."""
    [person] = most_about(
        rules,
        "Back in the Pankisi Gorge, a former fighter keeps bees",
        "DUISI, Georgia -- In the Pankisi Gorge the hives stand in rows. A 31-year-old man who spent two"
        " years with Islamic State in Raqqa came back in 2016, and he has kept bees since then.",
    )
    assert person.name is None and person.age == 31
    [person] = most_about(
        rules,
        "Retour à Kaga-Bandoro",
        "BANGUI -- Un ancien combattant du FPRC âgé de 30 ans a traversé le Sahara avant de rentrer à"
        " Kaga-Bandoro, où il vit aujourd'hui avec sa mère, raconte-t-il.",
    )
    assert person.name is None and person.age == 30


def test_an_officials_initial_does_not_hide_the_role(rules: WatchRules) -> None:
    """"Superintendent of Police D. Marbaniang told reporters": the initial belongs to the name, and
    the role before it still makes him the official."""
    [person] = most_about(
        rules,
        "Cadre returns",
        "SHILLONG -- A 27-year-old cadre of the HNLC laid down arms on Thursday.\n\nSuperintendent of"
        " Police D. Marbaniang told reporters the cadre had crossed back from Bangladesh.",
    )
    assert person.name is None and person.age == 27


def test_words_that_only_look_like_speakers_or_people(rules: WatchRules) -> None:
    """"Kochen, sagt sie, ...": the speech verb has its own subject, so the German noun before it is
    no speaker; "Others, the ones who left later, ..." is no name; a town the article also names
    after "of" ("the edge of Afmadow") is the town; a newspaper ("Le Sahel Quotidien") is no one."""
    [person] = most_about(
        rules,
        "Die Köchin aus dem Dschungel",
        "BERLIN. Yurani, 31, war sechs Jahre bei der FARC. Kochen, sagt sie, habe sie im Dschungel"
        " gelernt. Heute lebt sie in Berlin.",
    )
    assert person.name == "Yurani"
    [person] = most_about(
        rules,
        "Afmadow surrender",
        "Afmadow surrender. A man who had been with al-Shabaab for six years walked into the base on"
        " the edge of Afmadow this morning, officials said. Others, the ones who left later, told the"
        " Niamey daily Le Sahel Quotidien the same.",
    )
    assert person.name is None


def test_a_dateline_a_language_and_a_groups_long_name_are_no_people(rules: WatchRules) -> None:
    """"KIFFA -" opens the story, so "a Kiffa schoolroom" is the town; "in neat Arabic" is a
    language; "al-Qaeda in the Islamic Maghreb" is a group, not a Mr Maghreb; and "ould" joins a
    Mauritanian name as "bin" joins an Arab one."""
    [person] = most_about(
        rules,
        "From the desert camps to a Kiffa schoolroom",
        "KIFFA - The schoolroom smells of chalk. On the board a verb table is written in French and,"
        " below it, in neat Arabic. The teacher is Mohamed Lemine ould Sidi. He is 38, a Mauritanian"
        " from the Assaba, and for four years he lived in the camps of al-Qaeda in the Islamic Maghreb"
        " in northern Mali. He taught the fighters to read. In the dry season of 2013 he walked away"
        ' and gave himself up at a police post near the border. "I was writing sermons for nobody,"'
        " he says.",
    )
    assert (person.name, person.age, person.nationality, person.group) == (
        "Mohamed Lemine ould Sidi",
        38,
        "Mauritania",
        "AQIM",
    )


def test_a_town_used_as_an_adjective_is_no_person(rules: WatchRules) -> None:
    """"a Charbagh teenager", "from Charbagh", "the Charbagh bazaar": after "a" or "an" a capitalised
    word is a noun or an adjective, so the town does not outnumber the teenager's name."""
    [person] = most_about(
        rules,
        "'My mother waited at the door': a Matta teenager's way back",
        "MINGORA - Gul Rahman does most of the talking. He is 18, from Matta, and he wants the boys"
        " in the hujra to hear it. The men came to his madrassa when he was fifteen and he went with"
        " them to the mountains. Last winter he left his rifle behind a rock and walked down to an"
        " army camp. Gul Rahman now repairs motorcycles near the Matta bazaar.",
    )
    assert person.name == "Gul Rahman"


def test_german_bylines_openers_and_commanders_are_no_people(rules: WatchRules) -> None:
    """"Von Markus Eibl" under the headline is the reporter; "Mit Geld seines Bruders" opens a
    sentence with a preposition; "Der Kommandeur sagte" is a role; none is the person the story is
    about."""
    [person] = most_about(
        rules,
        "Ein früherer Taliban-Kämpfer erzählt",
        "Von Anna Weber\n\nREGENSBURG. Der 26 Jahre alte Afghane Habibullah Sadat lebt seit zwei"
        " Jahren in Regensburg. Zwei Jahre lang hat er für die Taliban gekämpft. \"Der Kommandeur"
        ' sagte, Gott werde entscheiden", erzählt Habibullah Sadat. Im Herbst kehrte er nach einem'
        " Besuch bei Verwandten nicht mehr zurück. Mit Geld seines Bruders kam er über Iran nach"
        " Europa. Habibullah Sadat arbeitet heute in einer Bäckerei.",
    )
    assert person.name == "Habibullah Sadat"


def test_german_nouns_after_a_number_or_a_possessive_are_no_names(rules: WatchRules) -> None:
    """"Mit 14 Jahren, erzählt er": a noun after a preposition and a number, though a speech verb
    follows; "Seinen Nachnamen möchte er nicht nennen": a possessive opening the sentence."""
    compiled = rules.compiled()
    scan = compiled.scan(
        "Ein junger Afghane über seine Zeit bei den Taliban",
        "Offenbach – Der 19 Jahre alte Afghane macht eine Ausbildung. Seinen Nachnamen möchte er nicht"
        " in der Zeitung lesen. Mit 14 Jahren, erzählt er, habe ihn ein Mullah zu den Taliban gebracht."
        " Im Winter 2019 verließ er die Gruppe und floh über Iran nach Europa.",
    )
    names = [p.name for p in _find_people(scan, unmarked=True)]
    assert "Jahren" not in names and "Seinen Nachnamen" not in names and "Nachnamen" not in names, names


def test_companions_named_with_an_age_beside_the_person(rules: WatchRules) -> None:
    """"Baraka Mwita, 24, and Salim Odhiambo, 26, both Kenyans": two people told together, each with
    an age, are both the story's people; a spokesman named without one is not."""
    people = most_about(
        rules,
        "Two Kenyan youths back from Somalia",
        "MOMBASA, Kenya - Baraka Mwita, 24, and Salim Odhiambo, 26, both Kenyans from Likoni, spent a"
        " year with al-Shabaab before making their way back through Kiunga in March, the county"
        " commissioner, John Kamau, said. Baraka Mwita now works at a garage.",
    )
    assert [(p.name, p.age, p.nationality) for p in people] == [
        ("Baraka Mwita", 24, "Kenya"),
        ("Salim Odhiambo", 26, "Kenya"),
    ]
