"""Classes of phrasing added in the eighth session (validation on holdout6), one invented article
each: the wider watch list of organised armed groups, and kinds of leaving and of not leaving."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge

# Groups from the public designation lists and other insurgencies, one per language or region:
# (group, title, text).
GROUPS = [
    (
        "LTTE",
        "Former Tiger opens a bakery in Jaffna",
        "JAFFNA - Kumaran Selvam, 44, who served the Liberation Tigers of Tamil Eelam for six years, "
        "surrendered to the army in 2008 and now runs a bakery, he said.",
    ),
    (
        "Shining Path",
        "Un ancien du Sentier lumineux témoigne",
        "AYACUCHO - Rosa Quispe, 33 ans, a quitté le Sentier lumineux en 2019 après dix ans dans une "
        "colonne, raconte-t-elle.",
    ),
    (
        "Hezbollah",
        "Aussteiger aus der Hisbollah",
        "BERLIN. Karim S., 31, war fünf Jahre lang Kämpfer der Hisbollah. Er hat sich von der Hisbollah "
        "abgewandt, sagt er heute.",
    ),
    (
        "PJAK",
        "PJAK'dan kaçan genç teslim oldu",
        "VAN (AA) - PJAK içinde üç yıl bulunan 22 yaşındaki Rojhat K., PJAK'dan kaçarak güvenlik "
        "güçlerine teslim oldu.",
    ),
    (
        "Houthis",
        "منشق عن الحوثيين يروي قصته",
        "مأرب - قال علي، 27 عاما، إنه انشق عن جماعة الحوثي بعد عامين من القتال في صفوف الحوثيين.",
    ),
    (
        "Ambazonian separatists",
        "Ex-fighter lays down arms in Bamenda",
        "BAMENDA - Collins, 22, who spent two years with the Ambazonia Defence Forces, surrendered to "
        "the army on Sunday and handed over a rifle, officials said.",
    ),
    (
        "GIA",
        "Un ancien du GIA raconte",
        "ALGER - Mourad, 52 ans, a combattu quatre ans dans les rangs du Groupe islamique armé. Il a quitté "
        "le GIA en 1997 après les massacres de villageois, raconte-t-il.",
    ),
    (
        "Myanmar ethnic armed groups",
        "Ex-fighter in Sittwe",
        "SITTWE - Kyaw Min, 24, who served three years with the Arakan Army, deserted the Arakan Army in "
        "January and now lives with his aunt, he said.",
    ),
]


@pytest.mark.parametrize(("group", "title", "text"), GROUPS, ids=[g[0] for g in GROUPS])
def test_groups_added_to_the_watch_list(rules: WatchRules, group: str, title: str, text: str) -> None:
    j = judge(title, text, rules)
    assert j.flagged and [d.group for d in j.defectors] == [group]


# An ambiguous abbreviation names the group only beside one of its aliases: (why, title, text, flagged).
ABBREVIATIONS = [
    (
        "bound_to_the_full_name",
        "Guerrilla leaver sentenced",
        "CONCEPCIÓN - Pedro Gaona, 26, a former member of the Paraguayan People's Army, left the EPP in "
        "2019 and gave himself up to police, the court heard.",
        True,
    ),
    (
        "alone_it_is_another_body",
        "MEP defects",
        "BRUSSELS - Anna Kovacs, 52, an MEP, defected from the EPP on Tuesday and joined the liberals, "
        "she said.",
        False,
    ),
]


@pytest.mark.parametrize(
    ("why", "title", "text", "flagged"), ABBREVIATIONS, ids=[a[0] for a in ABBREVIATIONS]
)
def test_ambiguous_abbreviations(rules: WatchRules, why: str, title: str, text: str, flagged: bool) -> None:
    assert judge(title, text, rules).flagged is flagged, why


# Kinds of leaving: (why, title, text).
LEAVING = [
    (
        "german_verb_second_with_the_subject_between_verb_and_particle",
        "Vom Kämpfer zum Koch",
        "HAMBURG. Yusuf, 30, kämpfte drei Jahre für die Terrormiliz Islamischer Staat in Rakka. Im "
        "Winter 2017 setzte er sich bei Nacht von seiner Einheit ab, erzählt er heute.",
    ),
    (
        "german_staying_away",
        "Nach dem Urlaub kam er nicht wieder",
        "MÜNCHEN. Bilal, 27, war zwei Jahre Mitglied der al-Shabaab in Somalia. Nach einem Besuch bei "
        "seiner Mutter blieb er danach einfach weg, sagt er.",
    ),
    (
        "turkish_ministry_communique_in_reported_speech",
        "Bakanlık: Bir örgüt mensubu daha ikna edildi",
        "ANKARA - İçişleri Bakanlığı, PKK'nın kırsal kadrosunda dört yıl bulunan 27 yaşındaki C.Y.'nin "
        "ailesinin ikna çalışmaları sonucu Hakkari'de teslim olduğunu açıkladı.",
    ),
    (
        "turkish_refuge_with_the_security_forces",
        "Dağ kadrosundan kaçtı",
        "ŞIRNAK - PKK içinde iki yıl kalan 19 yaşındaki Dilan K., gece saatlerinde bir jandarma "
        "karakoluna ulaşarak güvenlik güçlerine sığındı.",
    ),
    (
        "arabic_conjugated_flight_with_the_group_as_object",
        "قصة منشقة",
        "الرقة - قالت سلمى، 29 عاما، إنها انضمت إلى داعش عام 2015 ثم هربت من داعش مع ابنتها بعد عامين.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), LEAVING, ids=[c[0] for c in LEAVING])
def test_kinds_of_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert judge(title, text, rules).flagged, why


# Kinds of not leaving: (why, title, text).
NOT_LEAVING = [
    (
        "fighters_at_the_door_make_no_member",
        "Teacher flees al-Shabaab threats",
        "KISMAYO - Hussein Ali, 41, a schoolteacher, fled al-Shabaab last month after fighters came "
        "to his school twice looking for him, he said.",
    ),
    (
        "arabic_civilians_who_went_out_of_a_district",
        "نزوح من الحي القديم",
        "الموصل - قالت فاطمة، 45 عاما، إن عناصر داعش أغلقوا الطرق، وإنها خرجت من الحي فجرا مع أطفالها "
        "تحت القصف.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), NOT_LEAVING, ids=[c[0] for c in NOT_LEAVING])
def test_kinds_of_not_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert not judge(title, text, rules).flagged, why


def test_working_for_foreign_forces_counts_against(rules: WatchRules) -> None:
    """Interpreters and staff of foreign forces who flee a group's reprisals are civilians: their
    stories tell it in these words, which count as negative cues."""
    text = (
        "KABUL - Ahmad Wali, 35, who worked as an interpreter for British troops in Helmand, escaped "
        "the Taliban in 2022. Like others who worked with foreign forces, he waits for a Special "
        "Immigrant Visa."
    )
    scan = rules.compiled().scan("Former translator escapes", text)
    assert len(scan.hits.get("negative", ())) == 3
