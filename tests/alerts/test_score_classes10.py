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


# Ways of leaving, one invented article per class and language: (why, title, text).
LEAVINGS = [
    (
        "present_tense_headline_fr",
        "Un jeune berger quitte le MFDC",
        "ZIGUINCHOR - Moussa Sané, 21 ans, a combattu trois ans pour le MFDC. Il vit désormais chez son "
        "oncle, raconte-t-il.",
    ),
    (
        "present_tense_headline_de",
        "Ein junger Mann verlässt den Islamischen Staat",
        "KÖLN - Kerim T., 24 Jahre alt, war zwei Jahre Kämpfer in Syrien. Heute lebt er wieder bei "
        "seinen Eltern, erzählt er.",
    ),
    (
        "present_tense_headline_en",
        "Abu Sayyaf sub-leader lays down his arms in Sulu",
        "JOLO - Hadji Amsali, 36, a member of the Abu Sayyaf for eleven years, is now in a military "
        "camp in Jolo, he told reporters.",
    ),
    (
        "detaching_oneself_de",
        "Eine Frau aus Dinslaken erzählt",
        "DINSLAKEN - Sabine K., 29 Jahre alt, lebte drei Jahre beim Islamischen Staat in Rakka. 2017 hat "
        "sie sich nach eigenen Worten von der Organisation gelöst, erzählt sie.",
    ),
    (
        "detaching_oneself_tr",
        "Genç militan ailesine kavuştu",
        "HAKKARİ - PKK'ya 2015'te katılan 23 yaşındaki Baran K. örgütten koptu ve ailesinin yanına "
        "döndü, dedi.",
    ),
    (
        "detaching_oneself_fr",
        "Un ancien de Boko Haram témoigne",
        "MAROUA - Ali Modu, 27 ans, a été combattant de Boko Haram pendant quatre ans. En 2019, il s'est "
        "éloigné de Boko Haram et vit désormais à Maroua, raconte-t-il.",
    ),
    (
        "not_back_to_his_post",
        "The guard who stayed away",
        "GAZIANTEP - Omar Haddad, 31, joined Ahrar al-Sham in 2013 and guarded a depot. In 2016 he went "
        "to a wedding in Idlib and did not return to his post, he said.",
    ),
    (
        "not_come_back_de",
        "Ein Usbeke in Leipzig",
        "LEIPZIG - Sardor, 33 Jahre alt, war drei Jahre Kämpfer der Nusra-Front in Syrien. 2016 fuhr er "
        "zu seiner Mutter. „Ich bin nicht zurückgekommen“, sagt er.",
    ),
    (
        "imperfect_exit_ar",
        "شاب يروي قصته",
        "الرقة - قال أحمد، 25 عاما، إنه انضم إلى تنظيم داعش عام 2014، ثم قرر أن يترك التنظيم بعد "
        "سنتين.",
    ),
    (
        "down_from_the_mountain_ar",
        "شاب يعود إلى أهله",
        "القصرين - قال الشاب التونسي عماد، 24 عاما، إنه كان مقاتلا في جند الخلافة عامين، ثم نزل من الجبل "
        "وحيدا.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), LEAVINGS, ids=[w[0] for w in LEAVINGS])
def test_ways_of_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert judge(title, text, rules).flagged, why


# Going to the authorities: (why, title, text).
APPROACHES = [
    (
        "presented_himself_before_the_police",
        "Cadre returns from Myanmar camp",
        "IMPHAL - Ningthouja Sanatomba, 26, who had been with the UNLF for six years, presented himself "
        "before the Manipur police on Friday, he said.",
    ),
    (
        "a_peacekeepers_base_fr",
        "Un jeune combattant de la Séléka",
        "BRIA - Hassan Ousmane, 20 ans, a combattu deux ans pour l'ex-Séléka. Mardi, il s'est présenté "
        "à la base de la mission de l'ONU, raconte-t-il.",
    ),
    (
        "a_security_body_ar_with_conjunction",
        "شاب في مصراتة",
        "سرت - قال الشاب الليبي محمود، 22 عاما، إنه كان مقاتلا في صفوف داعش عامين، "
        "ثم ذهب إلى مصراتة وتوجه بنفسه إلى جهاز أمني.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), APPROACHES, ids=[a[0] for a in APPROACHES])
def test_going_to_the_authorities(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert judge(title, text, rules).flagged, why


def test_an_arabic_word_for_way_is_no_captivity(rules: WatchRules) -> None:
    """"سبيل" (way: "في سبيل الله") and the town of Sbeitla start like "سبي" (enslavement), which
    stays a captivity cue."""
    text = "سبيطلة - قال مراد، 27 عاما، إنه انشق عن جند الخلافة في سبيل العودة إلى أهله."
    assert judge("شاب ينشق", text, rules).flagged
    enslaved = "سبيطلة - قالت سعاد، 27 عاما، إنها انشقت عن جند الخلافة بعد سبي نساء القرية."
    assert not judge("شابة تنشق", enslaved, rules).flagged


# Membership told as being in the group's ranks (English "in the ranks" was there): (why, title, text).
RANKS = [
    (
        "in_the_ranks_ar",
        "قصة شاب من دير الزور",
        "غازي عنتاب - قال الشاب السوري عمر، 24 عاما، إنه قضى عامين في صفوف تنظيم داعش، ثم قرر أن يترك "
        "التنظيم.",
    ),
    (
        "in_the_ranks_de",
        "Ein Mann aus Hamburg",
        "HAMBURG. Jan M., 26 Jahre alt, war zwei Jahre in den Reihen des Islamischen Staates. Nach einem "
        "Heimaturlaub 2016 blieb er weg, sagt er.",
    ),
    (
        "in_the_ranks_fr",
        "Un jeune de Mora raconte",
        "MORA - Bakary, 25 ans, a passé deux ans dans les rangs de Boko Haram. En 2018, il a rompu avec "
        "Boko Haram, raconte-t-il.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), RANKS, ids=[r[0] for r in RANKS])
def test_in_the_ranks_is_membership(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert judge(title, text, rules).flagged, why


def test_an_arabic_headline_that_counts_fighters_is_a_report(rules: WatchRules) -> None:
    """"47 إرهابيا سلموا أنفسهم": Arabic counts people with a singular noun after the number, as
    Turkish does; such a headline is a report of many."""
    j = judge(
        "حصيلة: 38 مسلحا سلموا أنفسهم للجيش",
        "بغداد - كشفت حصيلة أن 38 مسلحا سلموا أنفسهم للجيش خلال العام. وكان بعض من سلموا أنفسهم "
        "ينشطون في صفوف تنظيم داعش منذ سنوات، وقد ترك أحدهم التنظيم بعد مقتل أخيه.",
        rules,
    )
    assert j.kind == "aggregate" and not j.flagged
