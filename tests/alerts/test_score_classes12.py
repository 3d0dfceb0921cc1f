"""Classes of phrasing added in the eleventh session (validation on holdout14 and holdout15), one
invented article each."""

from __future__ import annotations

import pytest

from alerts.rules import WatchRules
from alerts.score import judge
from alerts.textmodel import or_blend


def test_one_persons_weak_leaving_is_no_report_so_the_seed_model_may_flag_it(rules: WatchRules) -> None:
    """A leaving of one named person judged too weakly to flag, with a few report cues ("journal",
    "étude") but not a study's worth and no leaving of many: the rules do not call it an aggregate
    (a report about many is never upgraded by the seed model), so the seed model may flag it."""
    title = "Mopti : un jeune homme raconte ses années dans la katiba"
    text = (
        "MOPTI – Dans les colonnes de notre journal, Moussa, 23 ans, raconte comment il a rejoint la"
        " katiba Macina du JNIM en 2019. Il gardait les troupeaux. Il est parti un soir de 2022,"
        " explique-t-il, parce que l'argent de l'impôt allait aux chefs. Selon une étude de chercheurs"
        " citée par le journal, d'autres jeunes du cercle ont vécu la même chose."
    )
    j = judge(title, text, rules)
    assert not j.flagged and j.kind == "other", j
    added = or_blend(j, 0.9, 0.5, title, text, rules)
    assert added.flagged and [d.name for d in added.defectors] == ["Moussa"]


def test_a_demonstrative_before_a_demonym_and_a_turkish_citizen_give_a_nationality(rules: WatchRules) -> None:
    """"cette Française", "dieser Tunesier" point back to the person as "a Syrian" introduces one;
    "T.C. vatandaşı" is a citizen of the Republic of Turkey."""
    j = judge(
        "Lyon : la revenante qui avait quitté l'État islamique d'elle-même condamnée",
        "LYON – Le tribunal a condamné mardi Manon D., 31 ans, à quatre ans de prison. Originaire de"
        " Vénissieux, cette Française était partie en Syrie en 2015 avec son mari. En 2017, elle a"
        " quitté l'État islamique d'elle-même et s'est présentée aux autorités turques.",
        rules,
    )
    assert [(d.name, d.nationality) for d in j.defectors] == [("Manon D", "France")]
    j = judge(
        "Gaziantep'te DEAŞ davası: Sanık örgütten nasıl ayrıldığını anlattı",
        "GAZİANTEP – DEAŞ terör örgütüne üye olmakla suçlanan T.C. vatandaşı 29 yaşındaki Emre T.,"
        " örgütten kendi isteğiyle ayrıldığını söyledi. Sanık, Rakka'dan kaçarak Türkiye'ye geçtiğini"
        " anlattı.",
        rules,
    )
    assert [d.nationality for d in j.defectors] == ["Turkey"]


def test_a_german_dateline_town_in_capitals_says_where_the_trial_is(rules: WatchRules) -> None:
    """"LÜNEBURG. Vor dem Landgericht ...": a one-word dateline in capitals that a gazetteer knows
    as a town is where the story is told; "der Angeklagte Jonas P." names Jonas P., not a person
    called Angeklagte."""
    j = judge(
        "Prozess: Rückkehrer schildert seine Flucht vor dem IS",
        "LÜNEBURG. Vor dem Landgericht hat der Angeklagte Jonas P., 28, geschildert, wie er 2016"
        ' den "Islamischen Staat" verlassen habe. Er sei nachts über die Grenze in die Türkei'
        " geflohen und habe sich dort bei der Gendarmerie gemeldet.",
        rules,
    )
    assert [(d.name, d.now_in) for d in j.defectors] == [("Jonas P", "Germany")]



def test_they_after_one_of_a_pair_is_the_pair(rules: WatchRules) -> None:
    """A pair is named, each speaks in turn, then "They decided to leave the Abu Sayyaf": the
    leaving is both of theirs, not only the one who spoke last."""
    j = judge(
        "Two Abu Sayyaf members yield firearms in Sulu",
        (
            "JOLO, Sulu - Two members of the Abu Sayyaf yielded to the army on Friday. They were "
            "identified as Hadji Tulawie, 41, and Ibrahim Sali, 20, both residents of Patikul. Tulawie "
            "told soldiers he had fought for six years and wanted to return to his wife and children. "
            "Sali said he had joined at 17 and was tired of going hungry in the hills. They decided to "
            "leave the Abu Sayyaf after seeing that their former comrades who came back were living in "
            "peace."
        ),
        rules,
    )
    assert [(d.name, d.age) for d in j.defectors] == [("Hadji Tulawie", 41), ("Ibrahim Sali", 20)]


# Not leaving, or not one person's leaving: each of these read as an account before this session.
# "Stayed until the fall of Baghuz" and "the last enclave ... the evacuation of the town": she stayed
# to the end and came out with everyone (the labelling rules do not count that as leaving); "les
# revenants qui ont quitté": "ont" agrees with a plural subject, so a study's returnees are many;
# "police came to the house, took his laptop and left": the police left.
NOT_LEAVING = [
    (
        "stayed until the fall of a stronghold",
        "Prozess in Celle: Rückkehrerin blieb bis zum Fall von Baghuz beim IS",
        "CELLE. Vor dem Oberlandesgericht muss sich seit Dienstag eine 31 Jahre alte Frau aus Hameln"
        ' verantworten, die sich 2014 dem "Islamischen Staat" angeschlossen haben soll. Sie lebte in'
        " Rakka und Mayadin und kam im März 2019 mit den letzten Familien aus Baghuz heraus. Im Lager"
        ' Roj wurde sie festgehalten, bis sie 2022 nach Deutschland zurückgeholt wurde. "Ich bereue'
        ' das", sagte sie.',
    ),
    (
        "stayed with the group until the fall of Baghouz",
        "Belgian jihadist stayed until the fall of Baghouz",
        "BRUSSELS -- Yassine B., 31, a Belgian who fought for the Islamic State, stayed with the group"
        " until the fall of Baghouz and surrendered to Kurdish forces there in March 2019, his lawyer"
        ' told the court. "I was afraid," he said.',
    ),
    (
        "French plural verbs: many returnees, a study",
        "Une étude marocaine sur les revenants qui ont quitté l'État islamique",
        "RABAT – Un institut de recherche publie une étude consacrée à 64 Marocains partis en Syrie ou"
        " en Irak qui ont quitté l'organisation État islamique de leur propre initiative, puis sont"
        " rentrés au pays. Les chercheurs ont travaillé sur des dossiers judiciaires et 27 entretiens."
        " Selon l'étude, la plupart avaient entre 20 et 30 ans. « Beaucoup ont découvert un projet qui"
        " n'existait pas », résume le coordinateur de l'étude, Youssef Alami, 44 ans.",
    ),
    (
        "the last enclave, then the evacuation",
        "Mother of two repatriated from Syrian camp goes on trial in Hamburg",
        "HAMBURG - A 29-year-old woman who lived under the Islamic State group for four years went on"
        " trial on Tuesday. Prosecutors say Lea K. travelled to Syria in 2015 and moved with the group"
        " down the Euphrates until the last enclave at Baghouz. She surrendered to Kurdish-led forces"
        " during the evacuation of the town in March 2019, her lawyer told the court.",
    ),
    (
        "the police left the house",
        "A Leeds father still waits for news of the son who went to Syria",
        "LEEDS - Tariq, 58, keeps his son's football medals in a drawer. In 2014, at 19, his son joined"
        " the Islamic State group in Syria. Counter-terrorism police came to the house twice, took his"
        ' laptop and left. "I am a father who does not know," he says.',
    ),
]


@pytest.mark.parametrize(("why", "title", "text"), NOT_LEAVING, ids=[c[0] for c in NOT_LEAVING])
def test_classes_that_are_not_leaving(rules: WatchRules, why: str, title: str, text: str) -> None:
    assert not judge(title, text, rules).flagged, why
