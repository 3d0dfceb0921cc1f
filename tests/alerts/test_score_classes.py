"""Classes of phrasing added in the seventh session (validation on holdout4 and holdout5), one
invented article each: groups the watch list lacked, and kinds of leaving and of not leaving."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.rules import WatchRules
from alerts.score import analyse, judge
from defwatch.config import load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rules() -> WatchRules:
    return load_config(str(ROOT / "feeds.yml")).config.watch


# Organised armed groups outside the first watch list: (group, title, text).
GROUPS = [
    (
        "New IRA",
        "Belfast man tells court of his exit",
        "BELFAST - Ciaran Doherty, 35, told the court he had been a member of the Real IRA for two "
        "years and walked away from the Real IRA after a bombing in 2011, his lawyer said.",
    ),
    (
        "CPI (Maoist)",
        "Surrender in Bijapur",
        "BIJAPUR - Sodi Deva, 29, a member of the CPI (Maoist) for eight years, surrendered to the "
        "police on Friday, saying he was tired of life in the forest.",
    ),
    (
        "ULFA",
        "Cadre returns",
        "DIBRUGARH - Pranjal Baruah, 31, who joined the ULFA (I) in 2012, surrendered before the Assam "
        "Police on Monday and laid down a pistol, officers said.",
    ),
    (
        "Ansar al-Sharia",
        "A Libyan leaves the movement",
        "TUNIS - Faraj, 30, a Libyan who joined Ansar al-Sharia in Derna in 2012, deserted Ansar "
        "al-Sharia in 2014 after the killings of judges, he said.",
    ),
    (
        "al-Qaeda",
        "Un ancien du Chaambi",
        "KASSERINE - Hatem, 27, combattant de la katiba Okba Ibn Nafaa pendant deux ans, a quitté Okba "
        "Ibn Nafaa en 2016, raconte-t-il.",
    ),
]


@pytest.mark.parametrize(("group", "title", "text"), GROUPS, ids=[g[0] for g in GROUPS])
def test_groups_added_to_the_watch_list(rules: WatchRules, group: str, title: str, text: str) -> None:
    j = judge(title, text, rules)
    assert j.flagged and [d.group for d in j.defectors] == [group]


def test_the_outfit_stands_for_the_group_named(rules: WatchRules) -> None:
    """Indian and Pakistani reporting calls a militant group "the outfit"."""
    text = (
        "BARAMULLA - Tariq Ahmad, 19, joined the Lashkar-e-Taiba in March, police said. His family had "
        "not heard from him for many weeks and his mother appeared on local television twice. "
        '"I deserted the outfit because I missed my mother," he told reporters on Sunday.'
    )
    _, _, scan, hits = analyse("Youth back", text, rules)
    deserted = [h for h in hits if scan.norm[h.i] == "deserted"]
    assert [(h.group, h.strength, h.counted) for h in deserted] == [("Lashkar-e-Taiba", 1.0, True)]


# Kinds of not leaving: (why, title, text).
NOT_LEAVING = [
    (
        "a switch from one group to another in one sentence",
        "Commander changes sides in Lower Juba",
        "KISMAYO - Sheikh Omar Dheere, 44, an al-Shabaab commander, broke with al-Shabaab last month and "
        "swore allegiance to the Islamic State, taking fifteen fighters with him, elders said.",
    ),
    (
        "an intention told with 'about to' or a gerund",
        "Recruit tells court of his plans",
        "ANKARA - Dilshod, 28, an Uzbek recruit of the Islamic State, told the court he had been about to "
        "leave the Islamic State when he was arrested. He said he had been thinking about leaving for "
        "months and had talked of escaping with a friend.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), NOT_LEAVING, ids=[c[0] for c in NOT_LEAVING])
def test_kinds_of_not_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert not judge(title, text, rules).flagged, why
