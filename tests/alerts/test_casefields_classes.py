"""Case fields by class of phrasing (names with initials, ages now and then, pronouns by language,
places from the gazetteer, returns home), and the prefilter that skips articles naming no group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alerts.countries import country_name, local_country_names, subdivision_places
from alerts.rules import WatchRules, guess_language
from alerts.score import analyse, judge

ROOT = Path(__file__).resolve().parents[2]


def _one(rules: WatchRules, title: str, text: str):  # type: ignore[no-untyped-def]
    j = judge(title, text, rules)
    assert j.flagged, j
    return j.defectors[0]


def test_a_name_with_an_initial_is_a_person_and_german_pronouns_give_the_gender(rules: WatchRules) -> None:
    d = _one(
        rules,
        "IS-Aussteigerin vor Gericht",
        "Köln. Berfin K. war 18, als sie sich dem Islamischen Staat anschloss. Heute ist sie 20 Jahre alt, "
        'deutsche Staatsbürgerin. "Ich habe die Organisation verlassen", sagt sie. Man verliert dort alles.',
    )
    assert d.name and d.name.startswith("Berfin K")
    assert (d.gender, d.nationality, d.age) == ("f", "Germany", 20)


def test_an_apostrophe_inside_a_name_keeps_it_whole(rules: WatchRules) -> None:
    """The ayn in "Ba'a Gana" joins the name; a possessive ("Gana's") does not."""
    j = judge(
        "Boko Haram commander surrenders",
        "MAIDUGURI - A Boko Haram commander known as Ba'a Gana, 38, has surrendered to Nigerian troops. "
        "He deserted the group after months of hunger, he told officers. Ba'a Gana's wives came with him.",
        rules,
    )
    assert j.flagged and [d.name for d in j.defectors] == ["Ba'a Gana"]


def test_an_age_in_brackets_after_initials(rules: WatchRules) -> None:
    """The Turkish and German press write "M.K. (34)": the full stop of the initials comes first."""
    d = _one(
        rules,
        "DEAŞ'tan kaçan M.K. hakim karşısında",
        "GAZİANTEP - Terör örgütü DEAŞ'tan kaçarak askerlere teslim olan M.K. (34), mahkemede "
        "hakim karşısına çıktı. M.K., örgütten kendi iradesiyle ayrıldığını söyledi.",
    )
    assert d.age == 34


def test_the_age_now_beats_the_age_back_then(rules: WatchRules) -> None:
    d = _one(
        rules,
        "Why I left the Islamic State",
        "Faisal was 32 when he joined the Islamic State. He is 41 now. He deserted the group in 2016 "
        '"because of the killing of innocent people," he said.',
    )
    assert d.age == 41


def test_english_pronouns_do_not_count_in_turkish(rules: WatchRules) -> None:
    # "her" is Turkish for "every": no gender from it
    d = _one(
        rules,
        "DEAŞ'tan kaçan genç teslim oldu",
        "Şırnak'ta DEAŞ'tan kaçan 23 yaşındaki M.A. teslim oldu. M.A., \"Her gece ailemi düşündüm\" dedi. "
        "M.A.'nın örgüte 2016 yılında katıldığı öğrenildi.",
    )
    assert d.gender is None
    assert d.age == 23


def test_a_province_before_a_person_noun_gives_the_nationality(rules: WatchRules) -> None:
    d = _one(
        rules,
        "Ohio man who left ISIS sentenced",
        "An Ohio man who joined the Islamic State and deserted the group after three months was sentenced "
        "on Tuesday. Trevor Dukes, 24, said he was disgusted by the crucifixions he saw.",
    )
    assert d.nationality == "United States"
    assert "brutality" in d.reasons


def test_a_return_or_deportation_says_where_home_is(rules: WatchRules) -> None:
    d = _one(
        rules,
        "Une revenante raconte",
        "Nawel B., 28 ans, a rejoint l'État islamique en 2014. Elle a quitté l'organisation en 2017 "
        "et a été expulsée vers la France, raconte-t-elle.",
    )
    assert d.nationality == "France" and d.gender == "f" and d.age == 28


def test_two_people_named_together_share_the_sentence_about_both(rules: WatchRules) -> None:
    j = judge(
        "Two Abu Sayyaf members surrender",
        "Two members of the Abu Sayyaf Group surrendered on Sunday. The surrenderers were identified as "
        "Saddam Kuhutan, 24, and Mujib Sarraji, 19. The two decided to leave the group because of hunger.",
        rules,
    )
    assert j.flagged
    assert sorted(d.age for d in j.defectors if d.age) == [19, 24]


def test_gazetteer_names_are_places_only_on_their_own() -> None:
    places = subdivision_places()
    assert places["Ohio"] == "United States" and places["Adıyaman"] == "Turkey"
    assert "Centre" not in places and "Punjab" not in places and "Georgia" not in places
    local = local_country_names()
    assert local["Allemagne"] == "Germany" and local["Türkei"] == "Turkey" and local["Suriye"] == "Syria"
    assert "Island" not in local  # German for Iceland, an English word


def test_english_long_forms_pycountry_lacks_are_countries() -> None:
    for long_form in ("Democratic Republic of the Congo", "Democratic Republic of Congo", "DRC"):
        assert country_name(long_form) == "DR Congo"
    assert country_name("Republic of the Congo") == "Congo"


def test_a_subdivision_inside_a_longer_name_is_not_a_place(rules: WatchRules) -> None:
    f, candidates, scan, hits = analyse("t", "He came from Ponta Velha da Praia, he said.", rules)
    assert not scan.hits.get("place")


@pytest.mark.parametrize(
    "sentence,lang",
    [
        ("the man said that he had left the group with his brother", "en"),
        ("il a quitté le groupe avec son frère et il est rentré en France", "fr"),
        ("er hat die Gruppe verlassen und ist nach Deutschland zurückgekehrt", "de"),
        ("bir yıl sonra örgütten kaçarak ve ailesi ile bu evde", "tr"),
        ("قال إنه انشق عن التنظيم", "ar"),
    ],
)
def test_language_guess(sentence: str, lang: str) -> None:
    assert guess_language(sentence.lower().split()) == lang


def test_the_prefilter_skips_only_articles_that_name_no_group(rules: WatchRules) -> None:
    compiled = rules.compiled()
    records = [
        json.loads(line)
        for path in (ROOT / "tests/fixtures/eval/own.jsonl",)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for r in records:
        named = "group" in compiled.scan(r["title"], r["text"]).hits
        assert compiled.may_concern(r["title"], r["text"]) or not named, r["id"]
    assert not compiled.may_concern("Council tax rises", "The council raised tax by 4 per cent on Monday.")
    assert compiled.may_concern("t", "Il a quitté l'État islamique.")
    assert compiled.may_concern("t", "انشق عن لداعش")
    assert compiled.may_concern("t", "He left IS in 2016.")
    assert compiled.may_concern("t", "He fought for al-Qa’ida.")
    skipped = judge("Council tax rises", "The council raised tax by 4 per cent on Monday.", rules)
    assert (skipped.kind, skipped.score, skipped.flagged) == ("other", 0.0, False)


@pytest.mark.parametrize(
    "title,text",
    [
        (
            "Yazidi woman recounts escape",
            "Nadia, 21, was kidnapped by Islamic State fighters in 2014 and held as a slave in Raqqa. "
            "She escaped in 2016, she said.",
        ),
        (
            "Study of IS defectors",
            "A new study of 58 Islamic State defectors by researchers at King's College found that most "
            "left because of brutality. Many said they were disillusioned.",
        ),
    ],
)
def test_abductees_and_studies_are_not_accounts(rules: WatchRules, title: str, text: str) -> None:
    assert not judge(title, text, rules).flagged


def test_a_bare_exit_counts_once_the_group_is_named(rules: WatchRules) -> None:
    j = judge(
        "'Yusuf' on getting out",
        "My guest spent a year inside the Islamic State as a fighter, and he asked me to call him Yusuf. "
        "How did you leave? I asked to leave, and that was a mistake, he said.",
        rules,
    )
    assert j.flagged and j.defectors[0].name == "Yusuf" and j.defectors[0].gender == "m"


def test_the_dateline_under_a_byline_beats_the_journey_out(rules: WatchRules) -> None:
    """Where the story is told says where the person is now; "crossed into Syria" was the way in."""
    d = _one(
        rules,
        "A former recruiter's story",
        "By Clara Mbeki\n\nMAROUA, Cameroon - Hawa, 26, crossed into Nigeria in 2016 and joined Boko Haram "
        "with her brother. She deserted the group in 2019 because the commanders kept the food for "
        'themselves. "I walked for four days," she said.',
    )
    assert d.now_in == "Cameroon"
    slug = _one(
        rules,
        "Release",
        "FOR IMMEDIATE RELEASE\n\nNAIROBI - Musa, 22, deserted al-Shabaab last year. He said the "
        "executions of suspected spies drove him away.",
    )
    assert slug.now_in == "Kenya"


def test_demonyms_come_from_a_maintained_list(rules: WatchRules) -> None:
    """ "Colombian" and "Mozambican" are in no hand-kept list; shared demonyms are left out."""
    from alerts.countries import english_demonyms

    demonyms = english_demonyms()
    assert demonyms["Colombian"] == "Colombia" and demonyms["Mozambican"] == "Mozambique"
    assert "Congolese" not in demonyms  # two countries
    d = _one(
        rules,
        "Radio interview",
        "BOGOTÁ - Our guest tonight is Yesenia Rojas, 19, a Colombian woman who deserted the FARC "
        "dissidents last year. She said the commanders kept the money from the coca crops.",
    )
    assert d.nationality == "Colombia"
    assert judge("Poll", "The Colombian government said the FARC talks would resume.", rules).defectors == ()


@pytest.mark.parametrize(
    ("text", "nationality"),
    [
        (
            "Karim is 32, British, and grew up in Leeds. He deserted Islamic State in 2016, he said.",
            "United Kingdom",
        ),
        ("Inès B., 31 ans, Française, a quitté l'État islamique en 2017, dit-elle.", "France"),
        ('Okello deserted the LRA in 2004. "It was my family," the Ugandan says of the group.', "Uganda"),
    ],
)
def test_a_demonym_said_of_the_person(rules: WatchRules, text: str, nationality: str) -> None:
    assert _one(rules, "Profile", text).nationality == nationality


def test_reasons_by_class_of_phrasing(rules: WatchRules) -> None:
    """A family's appeal is `other`, a punishment made to watch is `brutality`; a court plea is neither."""
    d = _one(
        rules,
        "Fighter comes home",
        "GARISSA, Kenya - Juma Ali, 23, a Kenyan, deserted al-Shabaab in March after his mother's appeal "
        "was read out by an elder. He said he was made to watch a punishment in the market at Jilib. "
        "He pleaded guilty to membership last week.",
    )
    assert set(d.reasons) == {"brutality", "other"}


def test_money_that_stayed_with_the_leaders_is_corruption(rules: WatchRules) -> None:
    d = _one(
        rules,
        "Commander lays down arms",
        "KUNDUZ - Mullah Abdul Wali, 41, an Afghan Taliban commander, surrendered on Monday. He said "
        "the money collected from farmers stayed in the pockets of leaders who live comfortably abroad.",
    )
    assert d.reasons == ("corruption",)


def test_the_only_defector_takes_the_article_pronouns(rules: WatchRules) -> None:
    """"Deserter" at the head of a title is no name; "his son" elsewhere is the one defector's gender."""
    j = judge(
        "Deserter tells court of his year with IS",
        "DÜSSELDORF - Aziz K., 22, deserted Islamic State in 2016, the court heard on Monday. "
        "Mehmet K., the father, told reporters outside that his son had been tricked by recruiters online.",
        rules,
    )
    assert [(d.name, d.gender) for d in j.defectors] == [("Aziz K", "m")]


def test_they_after_the_two_is_the_same_pair(rules: WatchRules) -> None:
    j = judge(
        "Boys who ran from al-Shabaab",
        "MOGADISHU - Hassan, 15, sweeps the yard of the centre every morning. A year ago he carried "
        "ammunition for al-Shabaab. He and his cousin Yusuf, 16, were recruited by al-Shabaab at a "
        "Koranic school. "
        '"They beat us with sticks," Yusuf says. The two made up their minds after a boy was shot in '
        "front of them. During a night march, they slipped away from the column and hid in a field.",
        rules,
    )
    assert sorted(d.name or "" for d in j.defectors) == ["Hassan", "Yusuf"]
