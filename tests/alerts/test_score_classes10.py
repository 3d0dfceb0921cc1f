"""Classes of phrasing added in the ninth session (validation on holdout8), one invented article
each: more armed groups (Darfur, the Ogaden, the Central African Republic, Syrian factions, Aceh,
the Japanese Red Army), a party as what was left, and more ways of leaving and of going to the
authorities in five languages."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge

# Groups added to the watch list (or new spellings of watched ones), one invented article each, in
# varied languages: (group, title, text).
GROUPS = [
    (
        "SLA",
        "Darfur rebel hands in his rifle",
        "NYALA - Ishaq Musa, 25, who fought three years with the Sudan Liberation Army, surrendered to "
        "the police in Nyala last week, he said.",
    ),
    (
        "JEM",
        "Un ancien rebelle du Darfour raconte",
        "EL GENEINA - Abdallah Tahir, 31 ans, a combattu cinq ans dans le Mouvement pour la justice et "
        "l'égalité. Il a quitté le mouvement en mai et s'est rendu aux autorités, raconte-t-il.",
    ),
    (
        "ONLF",
        "Ogaden fighter comes home",
        "GODE - Mahad Farah, 38, a fighter of the Ogaden National Liberation Front for ten years, gave "
        "himself up to the regional police this month, he told reporters.",
    ),
    (
        "UPC",
        "Un jeune éleveur dépose les armes",
        "ALINDAO - Ibrahim Sali, 22 ans, combattant de l'Unité pour la paix en Centrafrique (UPC) "
        "depuis 2019, a déposé les armes la semaine dernière, raconte-t-il.",
    ),
    (
        "Jaysh al-Islam",
        "Ex-fighter recalls the Ghouta",
        "AZAZ - Samer Haddad, 29, who was a member of Jaysh al-Islam for three years, deserted the group "
        "in 2017 and now lives in Azaz, he said.",
    ),
    (
        "Junud al-Sham",
        "Ein Tschetschene erzählt",
        "WIEN - Aslan, 30 Jahre alt, kämpfte zwei Jahre bei Dschunud asch-Scham. Im Sommer 2016 hat "
        "er Dschunud asch-Scham verlassen, erzählt er.",
    ),
    (
        "GAM",
        "An Aceh rebel's early exit",
        "LHOKSEUMAWE - Iskandar Yusuf, 44, a fighter of the Free Aceh Movement (GAM) for six years, "
        "surrendered to soldiers in 2002, he said.",
    ),
    (
        "Japanese Red Army",
        "The woman who walked away",
        "OSAKA - Keiko Tanabe, 70, a member of the Japanese Red Army in the 1970s, deserted the group in "
        "1982, she said.",
    ),
    (
        "IS",
        "شاب يسلم نفسه للأمن",
        "القصرين - قال وليد، 24 عاما، إنه انشق عن جند الخلافة بعد عامين في الجبل وسلم نفسه للأمن.",
    ),
    (
        "Manipur insurgents",
        "Cadre surrenders in Imphal",
        "IMPHAL - Laishram Tomba, 27, a cadre of the People's Liberation Army (PLA) of Manipur, "
        "surrendered to the police in Imphal on Monday, he said.",
    ),
]


@pytest.mark.parametrize(("group", "title", "text"), GROUPS, ids=[g[0] for g in GROUPS])
def test_groups_added_to_the_watch_list(rules: WatchRules, group: str, title: str, text: str) -> None:
    j = judge(title, text, rules)
    assert j.flagged and any(d.group == group for d in j.defectors), group


def test_a_party_as_the_object_of_an_exit_verb_is_not_the_group(rules: WatchRules) -> None:
    """A former rebel who quits a party (one the rebels formed, say) has not left the group."""
    j = judge(
        "Former FARC commander quits the party, says it betrayed the peace",
        "BOGOTÁ - Hernán Rojas, 55, who commanded a FARC front for twenty years before the 2016 "
        "agreement and later sat in the Senate, said on Monday he would stand for a rival list. "
        "\"The leadership forgot the villages,\" he said at a press conference.",
        rules,
    )
    assert not j.flagged
