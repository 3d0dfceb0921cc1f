"""Classes of phrasing added in the sixteenth session (validation on holdout26): several people in
one story, each told with a name, an alias or an age; one invented article each."""

from __future__ import annotations

import pytest

from alerts.evaluate import _name_fits
from alerts.match import name_evidence
from alerts.rules import WatchRules
from alerts.score import judge
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
