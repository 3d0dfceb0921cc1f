"""Classes of phrasing added in the tenth session (validation on holdout9 and holdout10), one
invented article each."""

from __future__ import annotations

from alerts.rules import WatchRules
from alerts.score import analyse, judge


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
