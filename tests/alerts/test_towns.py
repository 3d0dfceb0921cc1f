"""Towns no list of the rules holds (alerts.countries.town_countries, from GeoNames): looked up only
where a place is expected, so that a person named like a town stays a person."""

from __future__ import annotations

from alerts.casefields import Defector
from alerts.countries import town_countries
from alerts.rules import WatchRules
from alerts.score import judge


def only(rules: WatchRules, title: str, text: str) -> Defector:
    j = judge(title, text, rules)
    assert j.flagged, j
    [person] = j.defectors
    return person


def test_the_town_table_keeps_only_names_one_country_owns() -> None:
    towns = town_countries()
    assert towns["kousseri"] == "Cameroon" and towns["bambari"] == "Central African Republic"
    assert towns["jigjiga"] == "Ethiopia"  # another spelling of Jijiga
    assert "hyderabad" not in towns  # India's and Pakistan's
    assert "chad" not in towns and "jordan" not in towns  # countries' names


def test_now_in_a_town_after_a_preposition(rules: WatchRules) -> None:
    person = only(
        rules,
        "Former Boko Haram cook starts again",
        "Aisha Modu, 22, deserted Boko Haram in 2019 after two years on the islands. She now lives"
        " with her aunt in Kousseri, where she sells fried fish.",
    )
    assert person.now_in == "Cameroon"


def test_a_datelines_town(rules: WatchRules) -> None:
    person = only(
        rules,
        "A deserter's story",
        "BAMBARI — Oumar Sali, 23, deserted Boko Haram two years ago and walked for a month.",
    )
    assert person.now_in == "Central African Republic"


def test_a_name_that_is_also_a_town_is_not_a_place(rules: WatchRules) -> None:
    """"Hassan" is a town in India; here it is a commander, not after "in", "to" or "from"."""
    person = only(
        rules,
        "Deserter speaks",
        "Abdi Warsame, 25, deserted al-Shabaab last year. He was a deserter from the unit that Hassan"
        " commanded near Jilib, he said.",
    )
    assert person.nationality != "India" and person.now_in != "India"


def test_now_lives_with_someone_in_a_place(rules: WatchRules) -> None:
    """"now lives with his uncle in Gaziantep", "vit aujourd'hui avec sa mère à Niamey": the place
    comes after the people they live with."""
    person = only(
        rules,
        "Syrian who left IS rebuilds his life",
        "Omar Khalil, 27, deserted the Islamic State in 2017. He now lives with his uncle and two cousins"
        " in Gaziantep.",
    )
    assert person.now_in == "Turkey"
    person = only(
        rules,
        "Un ancien de Boko Haram raconte",
        "Moussa Ibrahim, 26 ans, Nigérian, a déserté Boko Haram en 2020. Il vit aujourd'hui avec sa mère"
        " à Niamey.",
    )
    assert person.now_in == "Niger"


def test_a_dateline_below_a_section_slug_and_the_repeated_headline(rules: WatchRules) -> None:
    """Pages often open with a section slug and the headline again before the dateline; the dateline's
    town still says where the story was told."""
    title = "Young fighter lays down arms before elders"
    person = only(
        rules,
        title,
        f"NORTH-WEST\n\n{title}\n\nSUKKUR: Karim Bux, 20, who fought for the Taliban for a year,"
        " surrendered to the elders on Sunday and handed over his rifle, he said.",
    )
    assert person.now_in == "Pakistan"


def test_a_bylines_town(rules: WatchRules) -> None:
    """"By Jane Doe | Owerri": the town closing a byline is where the story was told."""
    person = only(
        rules,
        "A year with the Taliban",
        "FEATURES\n\nBy Grace Mensah | Sukkur\n\nKarim Bux, 20, who fought for the Taliban for a year,"
        " surrendered to the elders on Sunday and handed over his rifle, he said.",
    )
    assert person.now_in == "Pakistan"


def test_turkish_today_in_a_town(rules: WatchRules) -> None:
    """"bugün İzmir'de çalışıyor": Turkish puts the "in" after the place, as a suffix."""
    person = only(
        rules,
        "Örgütten ayrılan eski militan konuştu",
        "PKK'dan 2015'te ayrılan 34 yaşındaki Baran K., bugün Eskişehir'de bir fırında çalışıyor."
        " Örgütten kaçtığını anlattı.",
    )
    assert person.now_in == "Turkey"
