"""Relevance and case fields on plain data: accounts, aggregates and the hard negatives."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules, fold
from alerts.score import judge, score_record

ACCOUNT = (
    "Former IS fighter: 'I saw them behead people'",
    "GAZIANTEP, Turkey - Omar Haddad, 27, a Syrian from Raqqa, joined the Islamic State in 2014. "
    "He deserted the group last spring after he was ordered to watch the beheading of two shepherds. "
    '"It was not Islam, it was a lie," he said. He now lives in Gaziantep and works in a bakery.',
)


def test_an_individual_account_is_flagged_with_its_fields(rules: WatchRules) -> None:
    j = judge(*ACCOUNT, rules)
    assert j.flagged and j.kind == "account" and j.score >= rules.threshold
    (d,) = j.defectors
    assert d.name == "Omar Haddad"
    assert (d.age, d.gender, d.nationality, d.group, d.now_in) == (27, "m", "Syria", "IS", "Turkey")
    assert "brutality" in d.reasons and "disillusionment" in d.reasons


def test_score_output_is_the_design_contract(rules: WatchRules) -> None:
    out = score_record({"id": "x1", "title": ACCOUNT[0], "text": ACCOUNT[1]}, rules)
    assert list(out) == ["id", "score", "flagged", "kind", "defectors"]
    assert 0 <= out["score"] <= 1 and out["id"] == "x1"
    assert list(out["defectors"][0]) == ["name", "age", "gender", "nationality", "group", "reasons", "now_in"]


@pytest.mark.parametrize(
    "title,text",
    [
        (
            "MP defects to Reform UK",
            "The Conservative MP Graham Pettifer defected to Reform UK on Friday, "
            "the third lawmaker to leave the party this year, saying the ruling party had lost its way.",
        ),
        (
            "North Korean soldier defects",
            "A North Korean soldier defected across the border on Tuesday. "
            "He told officials in Seoul he had fled hunger and had wanted to escape for years.",
        ),
        (
            "Striker defects to rival club",
            "The striker defected to a rival club after the tournament, "
            "leaving the team he had captained. He said he wanted to play football abroad.",
        ),
        (
            "Afghan commander defects to the Taliban",
            "An Afghan army commander defected to the Taliban with "
            "his men and their weapons on Sunday, officials said. He joined the Taliban in Kunar.",
        ),
        (
            "Teenager joins al-Shabaab",
            "A 17-year-old from Mombasa left his family home to join al-Shabaab, "
            "police said. He travelled to Somalia last month, his mother said.",
        ),
        (
            "Captured IS commander",
            "Iraqi forces captured an Islamic State commander, Ahmed Saleh, 41, in a "
            "raid. He had not given himself up, a spokesman said. He was not a man who surrendered.",
        ),
        (
            "Civilians flee Mosul",
            "Thousands of civilians fled IS-held Mosul on Monday as the fighting "
            "reached the old city. Families escaped on foot across the river.",
        ),
        (
            "Yazidi woman freed",
            "A Yazidi woman held captive by Islamic State for eight years escaped "
            "captivity and returned to Sinjar. She was kidnapped in 2014 and held as a slave.",
        ),
        (
            "IS claims attack",
            "Islamic State claimed a suicide bombing at a mosque in Kabul that killed 21 "
            "people, the group's news agency said in a statement on Friday.",
        ),
    ],
)
def test_hard_negatives_stay_unflagged(rules: WatchRules, title: str, text: str) -> None:
    j = judge(title, text, rules)
    assert not j.flagged, (title, j)
    assert j.defectors == ()


def test_a_study_of_defectors_is_aggregate(rules: WatchRules) -> None:
    j = judge(
        "Study: why hundreds of fighters defect from Islamic State",
        "A new report by researchers at a London think tank interviewed 58 defectors from Islamic State. "
        "The study found that most deserted the group over brutality and corruption, and that the number of "
        "defectors has risen. At least 30 per cent of them cited infighting, the researchers said.",
        rules,
    )
    assert j.kind == "aggregate" and not j.flagged


def test_several_defectors_in_one_article(rules: WatchRules) -> None:
    j = judge(
        "Two brothers who deserted al-Shabaab tell their story",
        "Abdi Farah, 23, and his brother Yusuf Farah, 19, deserted al-Shabaab in March. Abdi Farah said he "
        "left al-Shabaab after he was made to watch executions. Yusuf Farah said he was starving and fled "
        "al-Shabaab a week later. Both now live in Garissa, Kenya.",
        rules,
    )
    assert j.flagged
    names = {d.name for d in j.defectors}
    assert {"Abdi Farah", "Yusuf Farah"} <= names


@pytest.mark.parametrize(
    "title,text",
    [
        (
            "Un ancien combattant de Daech raconte",
            "Karim, 26 ans, est un ancien combattant de Daech. Il a "
            "quitté l'organisation en 2017, raconte-t-il, dégoûté par la barbarie des exécutions.",
        ),
        (
            "Ein IS-Aussteiger erzählt",
            "Der Aussteiger Jonas, 24 Jahre, hat den Islamischen Staat 2016 "
            "verlassen. Er erzählt von der Brutalität der Kämpfer.",
        ),
        ("منشق عن داعش يروي قصته", "قال منشق عن داعش إنه هرب من التنظيم بعد أن رأى الإعدامات."),
        (
            "DEAŞ'tan kaçan genç anlattı",
            "DEAŞ'tan kaçan 21 yaşındaki genç, örgütten ayrıldı ve teslim oldu, dedi.",
        ),
    ],
)
def test_accounts_in_other_languages(rules: WatchRules, title: str, text: str) -> None:
    assert judge(title, text, rules).flagged


def test_accents_fold_but_one_letter_words_keep_them() -> None:
    assert fold("État") == "etat" and fold("IŞİD") == "isid"
    assert fold("à") == "à" != fold("a")


def test_a_small_count_of_people_is_individuals_not_a_statistic(rules: WatchRules) -> None:
    """"Two fighters gave themselves up" is about two people; "two years later, hundreds..." is not."""
    few = judge(
        "Two al-Shabaab fighters give themselves up in Hiraan",
        "BELEDWEYNE - Two al-Shabaab fighters gave themselves up to the army on Tuesday. "
        "Abdi Nur, 24, and Hassan Ali, 19, said their commanders had kept their pay.",
        rules,
    )
    assert few.kind == "account" and few.flagged
    many = judge(
        "Surrenders rise in Hiraan",
        "Two years later, hundreds of al-Shabaab fighters gave themselves up under the amnesty, "
        "according to figures from the ministry's annual report on the programme.",
        rules,
    )
    assert not many.flagged


def test_a_headline_that_counts_people_is_a_report_of_many(rules: WatchRules) -> None:
    report = judge(
        "Over 600 former insurgents graduate from Gombe deradicalisation camp",
        "GOMBE - More than 600 men who surrendered to the army graduated on Thursday. One of them, "
        "Musa Ali, 27, said he deserted Boko Haram in 2021 because commanders stole food.",
        rules,
    )
    assert report.kind == "aggregate" and not report.flagged
    one = judge(
        "Ex-Boko Haram fighter, 27, jailed for 10 years says he deserted the group",
        "GOMBE - Musa Ali, 27, said he deserted Boko Haram in 2021 because commanders stole food.",
        rules,
    )
    assert one.flagged  # an age and a sentence length are not a crowd


def test_vowel_signs_stay_inside_arabic_words(rules: WatchRules) -> None:
    """"سلّم نفسه" (with a shadda) is the phrase "سلم نفسه", not "سل" + "م" + "نفسه"."""
    scan = rules.compiled().scan("شاب يسلّم نفسه للأمن", "ترك تنظيم داعش وسلّم نفسه.")
    assert "يسلم" in scan.norm and "وسلم" in scan.norm
    assert len(scan.hits.get("defection", ())) >= 2


def test_mixed_case_abbreviations_match_only_as_written(rules: WatchRules) -> None:
    scan = rules.compiled().scan("Youth who joined LeT returns", "Let him speak, his mother said.")
    groups = [scan.span_text(h.i, h.j) for h in scan.hits.get("group", ())]
    assert groups == ["LeT"]


def test_leaving_a_camp_or_unit_of_the_group_named_before(rules: WatchRules) -> None:
    """"walked out of the camp" counts (at half strength) as leaving the group named before it."""
    from alerts.score import analyse

    _, _, scan, hits = analyse(
        "The woman who walked out",
        "MERI, Cameroon - Falmata, 31, spent six years with Boko Haram in the Sambisa forest. "
        "Her husband was a driver there; food was scarce, and the children were sick every week of "
        "the rainy season, she remembers, sitting in the shade of a neem tree outside her house. "
        "In 2019 she walked out of the camp with her daughter at night.",
        rules,
    )
    counted = [(scan.span_text(h.i, h.j), h.group, h.strength) for h in hits if h.counted]
    assert ("walked out", "Boko Haram", 0.5) in counted
    soldier = judge(
        "Nigerian soldier deserts during Boko Haram offensive",
        "MAIDUGURI - A Nigerian army conscript, 22, slipped away from his unit during a Boko Haram "
        "attack on Monguno, the army said. He faces a court martial, a spokesman said.",
        rules,
    )
    assert not soldier.flagged


def test_leaving_told_far_from_the_group_of_a_member(rules: WatchRules) -> None:
    """The group is named where the article says he belonged; the leaving comes paragraphs later."""
    title = "The cook who kept the books"
    text = (
        "KISMAYO - Hassan Abdi Jama, 29, a Somali from Jamame, says he never fired a shot. For four "
        "years he served al-Shabaab as a cook and then as a clerk who counted the taxes taken at road "
        "checkpoints. The money, he says, went to commanders who built houses in Jilib while the men at "
        "the checkpoints went hungry. His brother was beaten for asking where the salaries were. "
        "One night in 2021, after the evening prayer, he slipped away while the others slept and walked "
        "until dawn. He now sells fruit in Kismayo."
    )
    j = judge(title, text, rules)
    assert j.flagged and j.kind == "account"
    assert [d.group for d in j.defectors] == ["al-Shabaab"]


def test_a_member_leaving_home_is_not_leaving_the_group(rules: WatchRules) -> None:
    """Everyday exits ("when he left") and crowds ("fighters held the town") bind to no group."""
    text = (
        "NAIROBI - Mariam Wanjiku, 52, last saw her son in 2019. He was 18 when he left, telling her he "
        "had found work in Mombasa. Months later a neighbour said the boy had joined al-Shabaab in "
        "Somalia. She has heard nothing since. \"I only want to know if he is alive,\" she said."
    )
    assert not judge("A mother waits", text, rules).flagged
    crowd = (
        "MOSUL - Families fled west Mosul on foot on Sunday as the fighting moved closer. Islamic State "
        "fighters were using homes as firing positions, residents said. Ahmed Salih, a 41-year-old teacher, "
        'escaped with his three children across the river at dawn. "We ran and did not look back," he said. '
        "His neighbour slipped away the night before. A widow, 60, got away through a hole in a garden wall. "
        '"I fled with nothing but my papers," she said. Ahmed is now staying with relatives in Erbil.'
    )
    j = judge("Families flee west Mosul", crowd, rules)
    assert not j.flagged and j.score < rules.threshold


# Classes of phrasing, one article each: (why, title, text).
LEAVING = [
    (
        "a surrender scheme's stock phrases",
        "Youth returns",
        "ANANTNAG - Police said on Saturday that Irfan Rashid, 20, who joined the Jaish-e-Mohammed in "
        "March, has returned to the mainstream. He walked into a police station in Bijbehara on Friday "
        "night with his father, officers said.",
    ),
    (
        "German: running off, then giving oneself up",
        "Sie lief davon",
        "KÖLN. Lena S., 23, schloss sich mit 18 der PKK an. Im Herbst 2019 nutzte sie die Nacht, um "
        "sich abzusetzen, und lief zwei Tage durch die Berge, bis sie sich an einem Posten der "
        "Peschmerga stellte.",
    ),
    (
        "coming out of the bush",
        "Fighter comes out",
        "MAIDUGURI - Bukar Lawan, 31, a Boko Haram fighter for six years, came out of the bush near "
        "Konduga last week with his wife and gave his rifle to soldiers, the army said.",
    ),
]
NOT_LEAVING = [
    (
        "fiction",
        "TV review: a gripping drama about a woman who walked away from ETA",
        "The new Spanish drama follows Ane, who joins ETA at 19 and, after a bombing that kills a child, "
        'walks away from ETA. "I could not carry it," Ane tells her brother. Irati Zabala is excellent '
        "as Ane; the later episodes of the miniseries sag.",
    ),
    (
        "an escaped abductee",
        "Woman escapes Boko Haram nine years after her abduction",
        "MAIDUGURI - Nine years after her abduction, Hauwa, 26, escaped from Boko Haram with her two "
        "children. Her abductors had kept her in the Sambisa forest, she told reporters.",
    ),
    (
        "a plea to come home",
        "A plea from the camp",
        "BEIRUT - In a video from a camp in north-east Syria, a woman who says she joined Islamic State "
        'with her husband asks her government to let her return. "Please let us come home," she said.',
    ),
    (
        "a wish and an attempt",
        "IS fighter sentenced",
        "BAGHDAD - A court sentenced Khalid Saleh, 33, an Iraqi who fought for Islamic State in Mosul, "
        'to death on Tuesday. "I wanted to leave, but there was no way out," he told the judges. '
        '"I swear I tried to escape," he said. He was captured in 2017.',
    ),
    (
        "a refusal",
        "Commander killed",
        "KABUL - Taliban forces killed Qari Nasir, 40, an Islamic State commander, in a raid on Monday "
        "after he refused to surrender, a spokesman said.",
    ),
    (
        "leaving home to join",
        "Parents speak out",
        "LEEDS - Zain Ali, 17, a British teenager, joined Islamic State in Syria last year, his parents "
        "say. He left home in June telling his mother he was going on a school trip, she said. "
        '"We had no warning," his father said. Police believe he is in Raqqa.',
    ),
    (
        "staying to the end",
        "Bis zum Schluss beim IS",
        "Die Rückkehrerin Sandra P., 34, war bis zum Schluss beim Islamischen Staat. Erst im März 2019 "
        "verließ sie Baghus mit den letzten Frauen, sagte die Anklage. Heute steht sie in Celle vor Gericht.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), LEAVING, ids=[c[0] for c in LEAVING])
def test_classes_of_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert judge(title, text, rules).flagged, why


@pytest.mark.parametrize(("why", "title", "text"), NOT_LEAVING, ids=[c[0] for c in NOT_LEAVING])
def test_classes_that_are_not_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert not judge(title, text, rules).flagged, why


def test_jaish_e_mohammed_is_its_own_group(rules: WatchRules) -> None:
    text = (
        "PULWAMA - Police said Bilal Ahmad, 22, who joined the Jaish-e-Mohammed last year, surrendered "
        "to the army on Sunday after an appeal by his father."
    )
    assert [d.group for d in judge("Militant surrenders", text, rules).defectors] == ["Jaish-e-Mohammed"]
