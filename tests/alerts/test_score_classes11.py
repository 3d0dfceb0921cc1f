"""Classes of phrasing added in the tenth session (validation on holdout9 and holdout10), one
invented article each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import analyse, judge


def test_fleeing_a_groups_violence_is_not_leaving_it(rules: WatchRules) -> None:
    """"Flee al-Shabaab taxes", "fled the group's raids", "fled the Boko Haram assault": people running
    from what the group does to them, not members leaving it."""
    j = judge(
        "Farmers flee al-Shabaab taxes for camps in Dadaab",
        "DADAAB, Kenya -- Farmers from the Jubba valley say they fled al-Shabaab taxes and the group's"
        ' raids on their villages. "They took one goat in five, then they wanted our sons," said Abdi Nur'
        ' Hassan, 58, who arrived with his family last month. "We walked away from all of it."',
        rules,
    )
    assert not j.flagged, j
    j = judge(
        "Boy who fled the al-Shabaab camp speaks",
        "DADAAB, Kenya -- Abdi Nur Hassan, 17, who was a fighter of al-Shabaab for a year, fled the"
        " al-Shabaab camp near Jilib in March and walked to Dadaab, he said.",
        rules,
    )
    assert j.flagged, j


def test_german_nouns_after_an_article_and_adjective_are_not_people(rules: WatchRules) -> None:
    """"über den politischen Kurs (19)", "in den eigenen Reihen (12)": a study's counts in brackets
    after German nouns are not a named person with an age, so the study stays a report about many."""
    j = judge(
        "Studie: Warum Kämpfer die PKK verlassen",
        "Kassel. Eine Studie hat 40 frühere Mitglieder der PKK befragt. Als Gründe für den Ausstieg"
        " nannten die Befragten die Enttäuschung über den politischen Kurs (19), die Gewalt gegen"
        " Abweichler in den eigenen Reihen (12) und den Wunsch, die Familie wiederzusehen (21). Viele"
        " hätten die Organisation innerlich verlassen, lange bevor sie gingen, heißt es in der Studie.",
        rules,
    )
    assert not j.flagged
    assert all(d.name not in ("Kurs", "Reihen") for d in j.defectors)


def test_turkish_headline_counts_people_in_any_case(rules: WatchRules) -> None:
    """"40 kişinin", "12 üyesi": Turkish puts case endings on the counted noun; the headline still
    counts many people, and an academic title ("Doç.") is no name."""
    title = "Araştırma: DEAŞ'tan ayrılan 40 kişinin ortak noktası"
    text = (
        "ANKARA – Terör örgütü DEAŞ'tan kendi isteğiyle ayrılan 40 kişiyle görüşen bir araştırma"
        " yayımlandı. Çalışmanın yürütücüsü Doç. Dr. Ayşe Demirtaş, ayrılanların çoğunun hayal"
        " kırıklığı yaşadığını söyledi."
    )
    j = judge(title, text, rules)
    assert not j.flagged and j.kind == "aggregate"
    _, candidates, _, _ = analyse(title, text, rules)
    assert all(c.defector.name != "Doç" for c in candidates)


def test_words_an_official_speaks_are_not_the_persons_testimony(rules: WatchRules) -> None:
    """"..., sagte die Anklage", "..., a dit le procureur": the speech cue's subject is an official,
    so the sentence is no testimony of the person it is about."""
    for title, text in (
        (
            "Rückkehrerin vor Gericht",
            "Maria K., 31, blieb bis zum Ende beim Islamischen Staat. Sie verließ Baghus im März 2019 mit"
            " den letzten Frauen, sagte die Anklage.",
        ),
        (
            "Une revenante jugée",
            "Maria K., 31 ans, est restée jusqu'au bout dans l'État islamique. Elle a quitté Baghouz en"
            " mars 2019 avec les dernières femmes, explique le procureur.",
        ),
    ):
        _, candidates, _, _ = analyse(title, text, rules)
        assert [c.testimony for c in candidates] == [0], title


def test_a_press_releases_about_paragraph_is_left_out(rules: WatchRules) -> None:
    """"About the Return Network: ..." closes a press release with the sender's own description
    (`watch.link_lines`); its "former abductees" do not make the man who walked out of the camp one."""
    j = judge(
        "Former ADF member returns home",
        "KAMPALA - A Ugandan who fought for the ADF for three years, identified only as Okello R., left"
        " the camp in March and presented himself to soldiers at Kasindi, he told the Return Network."
        ' "Every person who leaves the ADF alive matters," said Dr Grace Achieng, the director.\n\n'
        "About the Return Network: the network supports former abductees and captives of armed groups.",
        rules,
    )
    assert j.flagged
    assert [d.name for d in j.defectors] == ["Okello R"]


def test_headlines_counting_maoists_and_cadres_are_about_many(rules: WatchRules) -> None:
    """"64 Maoists surrendered in 2024": Maoists, cadres and guerrillas counted in a headline are a
    report of many, whoever it quotes below."""
    j = judge(
        "Telangana: 64 Maoists surrendered in 2024, says DGP",
        "HYDERABAD -- Sixty-four cadres of the CPI (Maoist) surrendered to the Telangana police in 2024,"
        " the director general of police said. Among them was Madvi Hidma, 29, who said he had left the"
        " party's armed wing because of hunger.",
        rules,
    )
    assert j.kind == "aggregate" and not j.flagged, j


def test_a_month_in_a_dateline_is_no_name(rules: WatchRules) -> None:
    """"MASHHAD, Iran, Feb 17": an abbreviated month is not the person."""
    _, candidates, _, _ = analyse(
        "Former fighter tells his story",
        "MASHHAD, Iran, Feb 17 -- A 27-year-old man who fought for the Taliban for two years said he"
        " walked away from the group in 2019, he told reporters.",
        rules,
    )
    assert [c.defector.name for c in candidates] == [None]


# Leavings that are no leaving of the article's person: (why, title, text).
NOT_LEAVING = [
    # "She had been unable to leave the group earlier": an inability, like a wish, is no leaving.
    (
        "unable to leave",
        "Swedish woman questioned by police in Stockholm",
        "STOCKHOLM -- Maria Lind, 36, who joined Islamic State in 2014 and was held in al-Roj camp,"
        " arrived in Stockholm on Tuesday. Her lawyer said she had been unable to leave the group"
        " earlier because of the danger, she told reporters.",
    ),
    # "Other Trinidadians had left the group's territory": a people, not the man on trial, who was
    # captured at the end.
    (
        "a people in the plural",
        "Returnee pleads guilty",
        "PORT OF SPAIN -- Dwayne Joseph, 41, who spent four years with Islamic State in Syria, was"
        " captured at Baghouz in 2019 and pleaded guilty on Monday, the court heard. The prosecutor said"
        " other Trinidadians had left the group's territory on their own in 2015.",
    ),
    # "TTP expels commander": the group threw him out; he did not leave of his own accord.
    (
        "a member expelled",
        "TTP expels commander over 'violation of discipline'",
        "PESHAWAR -- The Tehreek-e-Taliban Pakistan said on Monday it had dismissed Qari Nasir Khan,"
        " a commander in Bajaur, accusing him of extortion. It said he was no longer a member and that"
        " the group bore no responsibility for his actions, a spokesman told reporters.",
    ),
    # "Other women tried in Belgium had left the group by themselves": the contrast with others is
    # about many, not the woman on trial, who stayed to the end.
    (
        "others who left",
        "Returnee tells court she wanted to go home",
        "BRUSSELS -- Nadia V., 34, who was repatriated from al-Roj camp, told the court she had stayed"
        " with Islamic State until the very end. Prosecutors said other women tried in Belgium had left"
        " the group by themselves in 2016, paying smugglers to get out.",
    ),
    # "Stayed with the group until the very end and left Baghouz in one of the last convoys": the
    # labelling rules' fighters who stayed to the end; the convoy is an evacuation.
    (
        "staying to the end",
        "Returnee on trial in Antwerp",
        "ANTWERP -- Nadia V., 34, told the court on Wednesday that she had been unhappy for years. She"
        " stayed with Islamic State until the very end and left Baghouz in one of the last convoys of"
        " women and children, the court heard.",
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), NOT_LEAVING, ids=[c[0] for c in NOT_LEAVING])
def test_classes_that_are_not_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert not judge(title, text, rules).flagged, why


def test_a_listed_persons_role_word_before_the_next_name_is_not_a_title(rules: WatchRules) -> None:
    """"Ka Benjie, 31, a squad leader; Ka Lani, 24, a medic": "leader" ends the first person's
    entry; it is no title of Ka Lani, who speaks for herself later, so her "she" is not his."""
    j = judge(
        "Two NPA members yield to Army in Northern Samar",
        "LAS NAVAS - Two members of the New People's Army surrendered to troops on Sunday. They were"
        " identified as Ka Benjie, 31, a squad leader; and Ka Lani, 24, a medic. According to Ka Benjie,"
        " he left because of hunger. Ka Lani said she wanted to raise her son.",
        rules,
    )
    assert ("Ka Benjie", "m") in {(d.name, d.gender) for d in j.defectors}
