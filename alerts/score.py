"""Relevance: is this article an account of an individual who left a militant group?

The article is read once (`CompiledRules.scan`). Each defection term is then judged in context:
it counts only when a watched group is near (proximity: the defection must concern the group),
not inside a captivity sentence (escaped hostages), and not when the move is *into* the group
("defected to the Taliban", "left Britain to join IS"). Exit verbs ("left", "fled") count only
with the group as their object. Whether a term is about one person or many decides between an
individual's `account` and an `aggregate` report; casefields.py then finds the people. The score
is a logistic sum of those counts with the weights in feeds.yml.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from alerts.birthyear import publication_date
from alerts.casefields import (
    OBJECT_PRONOUNS,
    Candidate,
    DefectionHit,
    Defector,
    count_value,
    counts_as_word,
    extract_defectors,
    few,
    few_subject,
    negated_before,
)
from alerts.countries import plural_demonym
from alerts.rules import Hit, Scan, WatchRules, by_sentence, fold, word_variants
from alerts.rules import word_list as _words

__all__ = ["Defector", "Features", "Judgement", "features", "headline_against", "judge", "score_record"]


@dataclass(frozen=True)
class Judgement:
    score: float
    flagged: bool
    kind: str  # account | aggregate | other
    defectors: tuple[Defector, ...]
    matched_terms: tuple[str, ...]


@dataclass(frozen=True)
class Features:
    """The counts the score adds up; also the rule features of the reviewer model."""

    individual: float  # counted defection terms about one person (or a few)
    plural: float  # counted defection terms about many
    title: int  # counted defection terms in the title
    toward: int  # moves into a group
    testimony: int
    aggregate: int
    negative: int
    identified: float  # best candidate: name, age, nationality, testimony
    candidates: int


def _group_hits(scan: Scan, places: bool = False) -> list[Hit]:
    """Group mentions, with generic refs once a group is named; without "IS-held Mosul" (a place)
    unless `places` (then the group is still the article's context: "she lived in IS-held towns")."""
    real = []
    for hit in scan.hits.get("group", ()):
        nxt = scan.at("place_modifier", hit.j)
        if not places and nxt is not None and scan.text[scan.ends[hit.j - 1] : scan.starts[hit.j]] == "-":
            continue
        real.append(hit)
    if not real:
        return []
    counts: dict[str, int] = {}
    for hit in real:
        counts[hit.label] = counts.get(hit.label, 0) + 1
    main = max(counts, key=lambda g: counts[g])
    generic = [Hit(h.i, h.j, "group", main) for h in scan.hits.get("generic", ())]
    return sorted(real + generic, key=lambda h: h.i)


def _in_sentence(scan: Scan, category: str, s: int) -> bool:
    return bool(scan.in_sentence(category, s))


def _between(scan: Scan, category: str, a: int, b: int) -> bool:
    return bool(scan.starting_in(category, a, b))


def _toward(scan: Scan, end: int, group: Hit) -> bool:
    """A move into `group`: a joining cue between the term and the group, or "to" right before it."""
    if group.i < end:
        return False
    if group.i >= 1 and scan.norm[group.i - 1] == "from":
        return False  # "the amnesty offered to returnees from al-Shabaab": the group left
    if _between(scan, "toward", end, group.i):
        return True
    return any(group.i - 2 <= h.j <= group.i for h in scan.starting_in("toward_prep", end, group.i))


def _switch(scan: Scan, hit: Hit, group: Hit, groups: list[Hit]) -> bool:
    """Leaving one group to join another, told in one sentence ("left al-Shabaab and pledged
    allegiance to an Islamic State faction", "quit the Taliban to join IS-K"): a switch, not a
    leaving. The joining cue must come after the term and be followed by a different named group
    (`groups`: the mentions in the term's sentence)."""
    s = scan.sent[hit.i]
    for cue in scan.in_sentence("toward", s):
        if cue.i < hit.j:
            continue
        if any(
            g.label != group.label and scan.sent[g.i] == s and cue.j <= g.i <= cue.j + 6
            for g in groups
            if scan.at("generic", g.i) is None
        ):
            return True
    return False


_JOINING_LINKS = _words("and to then before")


def _left_to_join(scan: Scan, hit: Hit, groups: list[Hit]) -> bool:
    """"he deserted his unit with a handful of men and joined the jihadists": what was left is no
    group (none is named between), and the sentence goes on to join one, named or told as militants
    ("the jihadists", "the rebels"). Not "left al-Shabaab and joined the army": the group left is
    named first."""
    s = scan.sent[hit.i]
    for cue in scan.in_sentence("toward", s):
        if cue.i < hit.j or cue.i < 1 or scan.norm[cue.i - 1] not in _JOINING_LINKS:
            continue
        if any(hit.j <= g.i < cue.i for g in groups):
            return False
        joined = range(cue.j, min(cue.j + 3, scan.sentences[s][1]))
        if any(scan.at("group", t) or any(scan.covering(c, t) for c in ("plural", "crowd")) for t in joined):
            return True
    return False


def _singular_sentence(scan: Scan, s: int) -> bool:
    """The sentence is about one person (he, she, the defector...) and no crowd."""
    return _in_sentence(scan, "singular", s) and not _in_sentence(scan, "plural", s)


def _named_subject(scan: Scan, hit: Hit) -> bool:
    """"Okot left in 2005, slipping away from his unit ... encouraged fighters": a name right before
    the verb is its subject, one person, whatever crowd the rest of the sentence names. A name is a
    capitalised word the text never writes in lower case, naming no group, place or people."""
    t = hit.i - 1
    if t < 0 or scan.sent[t] != scan.sent[hit.i] or scan.norm[t] in scan.lower_case_words:
        return False
    if scan.text[scan.ends[t] : scan.starts[hit.i]].strip() or not scan.raw[t][:1].isupper():
        return False
    kinds = ("group", "group~", "nation", "place", "plural", "crowd", "organisation", "role")
    return not any(scan.covering(k, t) for k in kinds)


def _nearest(groups: list[Hit], starts: list[int], hit: Hit) -> Hit:
    """The group mention starting nearest the hit (the first in text order on a tie); `starts` are
    the mentions' first words, sorted, so a long article needs no pass over all of them per hit."""
    k = bisect_left(starts, hit.i)
    distance = min(abs(starts[p] - hit.i) for p in (k - 1, k) if 0 <= p < len(starts))
    before = bisect_left(starts, hit.i - distance)
    if before < len(starts) and starts[before] == hit.i - distance:
        return groups[before]
    return groups[bisect_left(starts, hit.i + distance)]


def _last_ending_by(groups: list[Hit], starts: list[int], i: int, reach: int | None = None) -> Hit | None:
    """The last group mention (in text order) that ends by word i, and, given `reach`, ends at most
    `reach` words before it. Looked up from the mentions' sorted first words, not by a pass over all."""
    for p in range(bisect_left(starts, i) - 1, -1, -1):
        g = groups[p]
        if reach is not None and i - g.i > reach + _LONGEST_MENTION:
            return None
        if g.j <= i and (reach is None or i - g.j <= reach):
            return g
    return None


# No group mention is longer than this many words (for the bounded look-back above).
_LONGEST_MENTION = 30


# Between an exit verb and a group these words mean the group is not what was left ("fled their posts
# during a Boko Haram raid", "escaped after an IS attack").
_NOT_OBJECT = _words(
    """
during after before when while amid because as in at on by for with pendant après lors während nach
bei
"""
)
# Right before "to leave", "to surrender": a wish, an attempt or a refusal, not the act ("I wanted
# to leave, but there was no way out", "refused to surrender").
_NOT_DONE = _words(
    """
want wanted wants wanting wish wished hoped hoping tried trying tries attempt attempted planned
planning plan thought thinking dreamed dreamt considered refused refusing refuses refuse urged
urging urge begged asked asking appealed unable incapable impossible afraid sought seek seeks seeking
persuade persuading convince convincing encourage encouraging
"""
)
_CONDITIONAL = _words("if unless whether si wenn falls")
_PRONOUNS = frozenset(["they", "them", "their", "themselves", "ils", "elles", "sie", "هم"])
# The same unrealised intention said another way: "was about to leave", "thinking about leaving",
# "considered surrendering".
_ABOUT_TO = _words("about going ready prepared preparing intended intending meant")
_CONSIDERING = _words("considered considering contemplated contemplating")
_OFFERING = _words("offer offers offering")  # a chance to surrender, not a surrender
_MUSING = _words("thinking thought think talked talking talk dreamed dreaming dreamt dream spoke speaking")


# After an exit verb, these (or the end of a clause) mean it has no object: "left after", "left in 2016".
_NO_OBJECT = _words(
    """
after when because in at before with and but then later soon eventually too again once until since
"""
)


# Parts of an armed group that can be the object of an exit verb in its place.
_UNITS = _words("camp camps unit base cell katiba brigade battalion ranks comrades hideout bush")


def _unit_object(scan: Scan, hit: Hit, window: int) -> bool:
    """An exit verb whose object, within `window` words, is a camp, unit or cell (not "during")."""
    s = scan.sent[hit.i]
    for t in range(hit.j, min(hit.j + window, len(scan.norm))):
        if scan.sent[t] != s or scan.norm[t] in _NOT_OBJECT:
            return False
        if scan.norm[t] in _UNITS:
            return True
    return False


# An exit verb with one of these as its object left something else: "left home in June", "fled his
# village", "quits Partai Aceh" (a party, also one formed by former rebels). (A place is not among
# them: "fled Raqqa" is how a member tells leaving IS.)
_OTHER_OBJECTS = _words(
    """
home school work job country village town city house family wife husband children kids parents
university college studies party parti partai partei partido partisi politics politique politik
ideas idea ideology ideologies views beliefs mindset idées idéologie ideen ideologie gedankengut
"""
)
_DETERMINERS = _words("his her their my our the a an its those these such that this")


def _other_object(scan: Scan, hit: Hit) -> bool:
    """The exit verb's object is something other than a group: home, school, the family."""
    t = hit.j
    while t < len(scan.norm) and scan.sent[t] == scan.sent[hit.i] and scan.norm[t] in _DETERMINERS:
        t += 1
    if t >= len(scan.norm) or scan.sent[t] != scan.sent[hit.i]:
        return False
    if scan.text[scan.ends[hit.j - 1] : scan.starts[hit.j]].strip():
        return False  # punctuation right after the verb: no object
    return scan.norm[t] in _OTHER_OBJECTS


def _groups_thing(scan: Scan, group: Hit) -> bool:
    """"renounced the group's ideology": the object is a thing the group has, not the group."""
    j = group.j
    return (
        j + 1 < len(scan.norm)
        and scan.norm[j] == "s"
        and scan.text[scan.ends[j - 1] : scan.starts[j]] in ("'", "\u2019")
        and scan.norm[j + 1] in _OTHER_OBJECTS
    )


def _bare_exit(scan: Scan, hit: Hit) -> bool:
    """An exit verb with no object: "How did you leave?", "he left a month later"."""
    if hit.j >= len(scan.norm) or scan.sent[hit.j] != scan.sent[hit.i]:
        return True
    gap = scan.text[scan.ends[hit.j - 1] : scan.starts[hit.j]]
    if any(c in gap for c in ',;:?!."“”'):
        return True
    nxt = scan.norm[hit.j]
    later = hit.j + 2 < len(scan.norm) and scan.norm[hit.j + 2] == "later"  # "left a month later"
    return nxt in _NO_OBJECT or (nxt == "a" and later)


def _negated(scan: Scan, hit: Hit) -> bool:
    """'had not given himself up', 'not a man who surrendered', 'wanted to leave', 'refused to
    surrender': no defection."""
    s = scan.sent[hit.i]
    if negated_before(scan, hit.i):
        return True
    if any(scan.norm[t] in _CONDITIONAL and scan.sent[t] == s for t in range(max(0, hit.i - 3), hit.i)):
        return True  # "If he comes back, I will take him to the police": a condition, not an act
    if _claimed(scan, hit.i):
        return True  # "a speaker who claimed to be an ex-jihadist": what he said he was
    naming = [t for t in range(max(0, hit.i - 4), hit.i) if scan.norm[t] in _NAMING and scan.sent[t] == s]
    if naming and negated_before(scan, naming[0]):
        return True  # "She does not describe it as a surrender": a name for it she refuses
    if hit.i < 2 or scan.sent[hit.i - 2] != s:
        return False
    at = hit.i - 1  # the word before the verb: "to" in "refused to surrender"
    before, cue = scan.norm[at], scan.norm[at - 1]
    if before in ("and", "or"):  # "begged him to come back and surrender": the wish spans both verbs
        to = next((t for t in range(hit.i - 2, max(hit.i - 6, 1), -1) if scan.norm[t] == "to"), None)
        if to is not None and all(scan.sent[t] == s for t in range(to - 1, hit.i)):
            at, before, cue = to, "to", scan.norm[to - 1]
    if before == "to" and cue in OBJECT_PRONOUNS and at >= 2 and scan.sent[at - 2] == s:
        cue = scan.norm[at - 2]  # "urging him to surrender", "begged them to leave"
    if before in _CONSIDERING:
        return True  # "he considered leaving"
    if before in _OFFERING and not any(scan.covering(c, hit.j - 1) for c in ("person_noun", "plural")):
        return True  # "the policy of offering surrender" (but "offers former fighters a place")
    if before == "to":
        return cue in _NOT_DONE or cue in _ABOUT_TO  # "refused to surrender", "was about to leave"
    # "thinking about leaving", "dreamed of escaping", "talked of surrendering"
    return before in ("about", "of", "on") and (cue in _NOT_DONE or cue in _CONSIDERING or cue in _MUSING)


# Verbs of calling something by a name: "does not describe it as a surrender", "would not call it
# desertion".
_NAMING = _words(
    "describe describes described call calls called consider considers regard regards see sees view"
)
# "claimed to be", "posed as": a role someone said they had, which the story doubts.
_CLAIMING = _words("claimed claiming claims claim purported purporting pretended pretending posed posing")
_CLAIM_LINKS = _words("to be as a an")


def _claimed(scan: Scan, i: int) -> bool:
    """A claim verb right before word i, only "to be", "as" and an article between."""
    t = i - 1
    while t >= 0 and scan.sent[t] == scan.sent[i] and scan.norm[t] in _CLAIM_LINKS and i - t <= 4:
        t -= 1
    return t >= 0 and t < i - 1 and scan.sent[t] == scan.sent[i] and scan.norm[t] in _CLAIMING


def _unrealised(
    scan: Scan, hit: Hit, cues: tuple[frozenset[str], frozenset[str]], named: set[int]
) -> bool:
    """'a voulu quitter le groupe', 'kaçmaya çalışırken yakalandı': wanting, planning or trying to
    leave, in the languages whose word order the English rule of `_negated` does not fit. The
    tokens of a group's name (`named`) do not count toward the distance: "wollte den Islamischen
    Staat verlassen"."""
    before, after = cues
    s = scan.sent[hit.i]
    near: list[int] = []
    t = hit.i - 1
    while t >= 0 and len(near) < 3 and scan.sent[t] == s:
        if t not in named:
            near.append(t)
        t -= 1
    later = [t for t in range(hit.j, min(len(scan.norm), hit.j + 2)) if scan.sent[t] == s]
    return any(scan.norm[t] in before for t in near) or any(scan.norm[t] in after for t in later)


def _from_violence(scan: Scan, hit: Hit, group: Hit, nouns: frozenset[str]) -> bool:
    """What was fled is the group's violence: a `violence_nouns` word between the defection term and
    the group ("fled attacks by Boko Haram") or the group's own noun right after it ("fled the Boko
    Haram assault", "flee JNIM 'zakat'", "fled al-Shabaab's raids"); not "after a bombing"."""
    norm = scan.norm
    head = group.j + 1 if group.j < len(norm) and norm[group.j] == "s" else group.j
    words = [*range(hit.j, group.i), head]
    return any(t < len(norm) and scan.sent[t] == scan.sent[hit.i] and norm[t] in nouns for t in words)


def _policy(scan: Scan, hit: Hit, nouns: frozenset[str]) -> bool:
    """'avail of the surrender policy', 'the amnesty programme': the term names a scheme, and
    nobody is said to have left."""
    return hit.j < len(scan.norm) and scan.sent[hit.j] == scan.sent[hit.i] and scan.norm[hit.j] in nouns


def _others(scan: Scan, hit: Hit) -> bool:
    """"Other women tried in Belgium had left the group", "others had got out": people set against the
    article's person earlier in the sentence."""
    for t in range(scan.sentences[scan.sent[hit.i]][0], hit.i):
        if scan.norm[t] not in ("other", "others"):
            continue
        if scan.norm[t] == "others" or scan.covering("plural", t + 1) or plural_demonym(scan.norm[t + 1]):
            return True
    return False


def _authority_subject(scan: Scan, hit: Hit) -> bool:
    """The sentence opens with the police or soldiers and no person takes over as subject before
    the exit verb ("Counter-terrorism police came to the house, took his laptop and left"): they
    left, not the article's person."""
    a = scan.sentences[scan.sent[hit.i]][0]
    opening = scan.starting_in("authority", a, min(a + 3, hit.i))
    return bool(opening) and not any(scan.norm[t] in _SUBJECTS for t in range(opening[0].j, hit.i))


_SUBJECTS = frozenset(["he", "she", "i", "we", "il", "elle", "je", "er", "ich"])
_BRINGING = _words("bring brings brought bringing repatriate repatriated repatriating flown")


def _brought(scan: Scan, hit: Hit) -> bool:
    """Someone brings the people home ("Bring my grandchildren home from the camp", "were flown
    back from Syria"; not "he flew home from Istanbul"): a repatriation by others, not a leaving."""
    s = scan.sent[hit.i]
    return any(scan.norm[t] in _BRINGING for t in range(max(0, hit.i - 4), hit.i) if scan.sent[t] == s)


def _number(scan: Scan, hit: Hit, few_max: int) -> str:
    if _others(scan, hit):
        return "pl"
    if few(scan, hit.i, few_max) or few_subject(scan, hit.i, few_max) or scan.norm[hit.j - 1].endswith("هما"):
        return "few"  # Arabic's dual suffix: "سلّما نفسيهما" (the two gave themselves up), "فرارهما"
    if _count_before(scan, hit.i, few_max):
        return "pl"  # "Thirty-one surrendered to the Afghan government", "41 left the group"
    if scan.covering("plural", hit.i):
        return "pl"
    if scan.covering("singular", hit.i):
        return "sg"
    s = scan.sent[hit.i]
    if hit.i >= 1 and scan.sent[hit.i - 1] == s and scan.norm[hit.i - 1] in _HABITUAL:
        return "pl"
    if any(plural_demonym(scan.norm[t]) for t in range(max(0, hit.i - 4), hit.i) if scan.sent[t] == s):
        return "pl"  # "Trinidadians had left the group": a people
    if any(hit.i < h.i and h.j <= hit.j for h in scan.in_sentence("singular", s)):
        return "sg"  # "laid down his weapons": the phrase's own possessive
    best: tuple[int, str] | None = None
    for category, label in (("singular", "sg"), ("plural", "pl")):
        for h in scan.in_sentence(category, s):
            dist = hit.i - h.j if h.j <= hit.i else h.i - hit.j
            # a group's name between counts as one word ("Menschen aus Deutschland der Terrormiliz
            # „Islamischer Staat“ (IS) den Rücken gekehrt haben")
            if 6 < dist <= 6 + _LONGEST_MENTION:
                a, b = (h.j, hit.i) if h.j <= hit.i else (hit.j, h.i)
                dist = sum(counts_as_word(scan, t) for t in range(a, b))
            if 0 <= dist <= 6 and (best is None or dist < best[0]):
                # "they fled the group": a pronoun names a few people as often as a crowd
                pronoun = label == "pl" and " ".join(scan.norm[h.i : h.j]) in _PRONOUNS
                # "a commander and six of his fighters laid down their arms": a leader's leaving
                followers = label == "pl" and h.i > 0 and scan.norm[h.i - 1] in _LEADER_POSSESSIVES
                # "between someone who fled in 2015 and someone who stayed": anybody, many people
                generic = scan.norm[h.i] in _GENERIC_PEOPLE
                best = (dist, "few" if pronoun else "sg" if followers else "pl" if generic else label)
    return best[1] if best else "?"


_TENS = _words(
    "ten twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands"
)


def _count_before(scan: Scan, i: int, few_max: int) -> bool:
    """A count above `few_max` right before word i, nothing but a partitive between ("41 left",
    "Thirty-one surrendered", "140 dieser Rückkehrer"): many people as the subject. Not an age set off
    by commas ("Ahmed, 31, left") nor a year."""
    t = i - 1
    if t < 0 or scan.sent[t] != scan.sent[i] or scan.text[scan.ends[t] : scan.starts[i]].strip():
        return False
    for _ in range(2):  # a share of a crowd named before: "140 of these returnees", "140 dieser Rückkehrer"
        if t > 0 and scan.norm[t] in _PARTITIVE and not scan.text[scan.ends[t - 1] : scan.starts[t]].strip():
            t -= 1
    word = scan.norm[t]
    if word.isdigit():  # "3,000 fighters" read whole; a bare four-digit number from 1900 on is a year
        value = count_value(scan, t)
        return few_max < value and (value < 1900 or value != int(word))
    tens = t - 1 if t > 0 and scan.text[scan.ends[t - 1] : scan.starts[t]] == "-" else t
    return scan.norm[tens] in _TENS and scan.sent[tens] == scan.sent[i]


# Between a count and its noun: the count is of a crowd already named.
_PARTITIVE = _words("of these those the dieser diesen der von de ces des")
# Before a plural cue, these make the crowd one person's followers ("his men", "ses hommes").
_LEADER_POSSESSIVES = _words("his her ses seine seinen seiner")
# Singular words for nobody in particular.
_GENERIC_PEOPLE = _words("someone somebody anyone anybody whoever jemand quelqu'un")
# Right before the verb, a habit: "Women associated with the group often leave by simply going
# home" tells what many do, not one person's leaving.
_HABITUAL = _words(
    "often usually typically generally commonly frequently rarely seldom souvent oft meist häufig"
)


# Exit words too common to stand for leaving a group unless the group is named nearby ("when he
# left", "the judges rejected that", "a deradicalisation course").
_EVERYDAY_EXITS = _words(
    "left leave leaving leaves rejects rejected renounced renounces deradicalisation déradicalisation"
)


def _member_group(scan: Scan, groups: list[Hit]) -> Hit | None:
    """The first named group that a sentence of the article shows somebody belonging to ("for six
    years he served al-Shabaab", "followed her husband into Boko Haram, ... joining the group")."""
    member_sents = {scan.sent[h.i] for h in scan.hits.get("membership", ())}
    for g in groups:
        s = scan.sent[g.i]
        # "fighters using homes as firing positions" is about the group, not anyone in it
        crowd_only = _in_sentence(scan, "plural", s) and not _in_sentence(scan, "singular", s)
        if s in member_sents and not crowd_only:
            return g
    return None


# Between a verb of going and the authority it goes to ("walked into the police lines", "went with
# his uncle to the gendarmerie", "meldete sich bei Soldaten").
_TOWARDS = _words("to into toward towards at up à au aux chez zur zum zu bei beim إلى الى")
_REACH = _words("reached reaching reaches")
_PASSIVE = _words("was were been be is are")
# After a verb of presenting oneself only: "presented himself before the police", "s'est présenté
# devant les gendarmes" ("went home before the soldiers came" is no going to them).
_BEFORE = _words("before devant")


# In the sentence of a going to the authorities, these make it a flight from violence, not a leaving.
_ATTACK = _words(
    """
attack attacks attacked attacking raid raided shooting shots gunfire gunmen ambush ambushed clashes
bombing explosion shelling offensive assault stormed
"""
)


def _approaches(scan: Scan, verbs: dict[str, tuple[tuple[str, ...], ...]]) -> list[Hit]:
    """Going to the authorities, counted as a defection term: an authority (`authorities`: the
    police, the army, a checkpoint...) at most four words after "to", "into", "towards" or "at",
    itself at most six words after a verb of going (`approach_verbs`). Not where a defection term
    already stands ("walked into a police station" is one)."""
    authorities = scan.hits.get("authority", ())
    if not authorities or not verbs:
        return []
    taken = {t for h in scan.hits.get("defection", ()) for t in range(h.i, h.j)}
    norm, sent = scan.norm, scan.sent
    out: dict[int, Hit] = {}
    for auth in authorities:
        s = sent[auth.i]
        # "reached a Ugandan army position": a verb of reaching takes the authority with no "to"
        reach = next(
            (t for t in range(auth.i - 1, max(-1, auth.i - 4), -1) if sent[t] == s and norm[t] in _REACH),
            None,
        )
        # not "a deal was reached with the army"
        passive = reach is not None and reach >= 1 and norm[reach - 1] in _PASSIVE
        if reach is not None and reach not in taken and not passive and not _attack(scan, s):
            out.setdefault(reach, Hit(reach, reach + 1, "defection", "approach"))
            continue
        for prep in range(auth.i - 1, max(-1, auth.i - 5), -1):
            if sent[prep] != s:
                break
            before = norm[prep] in _BEFORE
            if norm[prep] not in _TOWARDS and not before:
                continue
            for t in range(prep - 1, max(-1, prep - 7), -1):
                if sent[t] != s:
                    break
                # an Arabic verb may carry a conjunction ("وتوجّه": and he went)
                for first in word_variants(norm[t]):
                    for phrase in verbs.get(first, ()):
                        j = t + len(phrase)
                        if (
                            j <= prep
                            and tuple(norm[t + 1 : j]) == phrase[1:]
                            and not (before and not any(w.startswith("present") for w in phrase))
                            and t not in taken
                            and not _attack(scan, s)
                        ):
                            out.setdefault(t, Hit(t, j, "defection", "approach"))
            break
    return [out[t] for t in sorted(out)]


def _attack(scan: Scan, s: int) -> bool:
    """The sentence tells of an attack: "ran with her children to the army base when the shooting
    started" is shelter, not a surrender."""
    a, b = scan.sentences[s]
    return any(w in _ATTACK for w in scan.norm[a:b])


def defection_hits(scan: Scan, rules: WatchRules) -> list[DefectionHit]:
    """Every defection term and exit verb, judged in context."""
    groups = _group_hits(scan)
    context = _group_hits(scan, places=True)
    member = _member_group(scan, groups)
    groups_in = by_sentence(groups, scan.sent)
    context_starts = [g.i for g in context]
    out: list[DefectionHit] = []
    compiled = rules.compiled()
    approaches = _approaches(scan, compiled.approach_verbs)
    # the group named as a verb's object does not count toward a wish's distance (_unrealised)
    named = {t for h in scan.hits.get("group", ()) for t in range(h.i, h.j)}
    terms = {"defection": [*scan.hits.get("defection", ()), *approaches], "exit": scan.hits.get("exit", [])}
    for category in ("defection", "exit"):
        for hit in terms[category]:
            s = scan.sent[hit.i]
            # captured, or stayed to the end ("stayed until the very end and left in the last convoy")
            captive = _in_sentence(scan, "captivity", s) or _in_sentence(scan, "stayed", s)
            group: Hit | None = None
            strength = 1.0
            toward = fled_violence = object_named = False
            if category == "defection":
                near = [
                    g
                    for g in (*groups_in.get(s - 1, ()), *groups_in.get(s, ()), *groups_in.get(s + 1, ()))
                    if (hit.i - g.j if g.j <= hit.i else g.i - hit.j) <= rules.proximity
                ]
                if near:
                    group = min(near, key=lambda g: (scan.sent[g.i] != s, abs(g.i - hit.i)))
                    after = [g for g in near if g.i >= hit.j and scan.sent[g.i] == s and g.i - hit.j <= 8]
                    toward = any(_toward(scan, hit.j, g) for g in after)
                    # "fled the al-Shabaab assault": a flight from the group, not out of it
                    fled_violence = bool(after) and _from_violence(
                        scan, hit, after[0], compiled.violence_nouns
                    )
                elif context and _singular_sentence(scan, s):
                    # one person's defection, the group named earlier in the article
                    group, strength = _nearest(context, context_starts, hit), 0.5
            else:
                obj = [
                    g
                    for g in groups_in.get(s, ())
                    if hit.j <= g.i <= hit.j + rules.object_window
                    and not any(scan.norm[t] in _NOT_OBJECT for t in range(hit.j, g.i))
                    and not _groups_thing(scan, g)
                ]
                object_named = bool(obj)  # "was brought back from ISIS" left the group itself
                if obj:
                    group = obj[0]
                    toward = _toward(scan, hit.j, group)
                    fled_violence = _from_violence(scan, hit, group, compiled.violence_nouns)
                else:
                    later = [g for g in groups_in.get(s, ()) if hit.j <= g.i <= hit.j + 12]
                    if later and _toward(scan, hit.j, later[0]):
                        group, toward = later[0], True
                    else:
                        earlier = _last_ending_by(context, context_starts, hit.i, rules.proximity)
                        if (
                            earlier
                            and not _other_object(scan, hit)  # "left home in June": not the group
                            and (scan.sent[earlier.i] == s or _singular_sentence(scan, s))
                        ):
                            group, strength = earlier, 0.5
                        elif (_unit_object(scan, hit, rules.object_window) or _bare_exit(scan, hit)) and (
                            _singular_sentence(scan, s) or _named_subject(scan, hit)
                        ):
                            # "walked out of the camp" (a part of the group as the object), "How did
                            # you leave?", "He left a month later." (no object): what was left is
                            # the group the article is about, named before
                            before = _last_ending_by(context, context_starts, hit.i)
                            if before:
                                group, strength = before, 0.5
            if group is not None and not toward and _switch(scan, hit, group, groups_in.get(s, [])):
                toward = True  # "broke with al-Shabaab and pledged allegiance to IS": a switch
            if group is not None and not toward and _left_to_join(scan, hit, groups_in.get(s, [])):
                toward = True  # "deserted his unit ... and joined the jihadists": into the group
            number = _number(scan, hit, rules.few_max)
            if (
                group is None
                and member is not None
                and number != "pl"
                and not _in_sentence(scan, "toward", s)
                and scan.norm[hit.i] not in _EVERYDAY_EXITS
                and not _other_object(scan, hit)  # "turned his back on those ideas"
            ):
                # one person's leaving told far from the group's name, in an article that says
                # somebody belonged to it: "For four years he served al-Shabaab. [...] One night
                # in 2021 he slipped away while the others slept"
                group, strength = member, 0.5
            policy = _policy(scan, hit, compiled.policy_nouns)
            wish = _negated(scan, hit) or _unrealised(scan, hit, compiled.unrealised, named)
            others = _others(scan, hit)  # "other women had left the group": not this article's person
            brought = _brought(scan, hit) and not object_named
            others = others or (category == "exit" and (_authority_subject(scan, hit) or brought))
            # a returnee who stayed to the end ("Elle est restée jusqu'au dernier jour") left nothing
            returned_only = bool(scan.hits.get("stayed")) and scan.covering("returnee", hit.i) is not None
            not_left = captive or toward or policy or wish or fled_violence or others or returned_only
            counted = group is not None and not not_left
            out.append(
                DefectionHit(
                    hit.i,
                    hit.j,
                    s,
                    group.label if group else None,
                    strength,
                    number,
                    counted,
                    toward,
                )
            )
    return sorted(out, key=lambda h: h.i)


_SCREEN = _words("film films movie")
_DOCUMENTARY = _words("documentary documentaries documentaire documentaires dokumentarfilm doku belgesel")


def _negative_cues(scan: Scan) -> int:
    """The negative cues, those of the headline twice, but "film" not in a documentary's review (its
    subject is a real person), nor a word of a group's own name named in the article."""
    cues = scan.hits.get("negative", ())
    if cues and not _DOCUMENTARY.isdisjoint(scan.norm):
        cues = [h for h in cues if fold(h.label) not in _SCREEN]
    if cues:
        # a word of a named group's own name ("حزب" of "حزب الله", the Party of God; "الحزب", the
        # party, is then the group) says nothing against it
        own = {w for g in scan.hits.get("group", ()) for w in scan.norm[g.i : g.j]}
        own |= {"ال" + w for w in own}
        cues = [h for h in cues if not (h.j - h.i == 1 and scan.norm[h.i] in own)]
    # one in the headline says what the whole article is ("Fact check: video does not show ...")
    return len(cues) + sum(1 for h in cues if scan.sent[h.i] < scan.title_sentences)


def features(scan: Scan, hits: list[DefectionHit], candidates: list[Candidate]) -> Features:
    counted = [h for h in hits if h.counted]
    individual = sum(h.strength for h in counted if h.number != "pl")
    plural = sum(h.strength for h in counted if h.number == "pl")
    title = sum(1 for h in counted if h.sent < scan.title_sentences)
    return Features(
        individual=individual,
        plural=plural,
        title=title,
        toward=sum(1 for h in hits if h.toward),
        testimony=len(scan.hits.get("testimony", ())),
        aggregate=len(scan.hits.get("aggregate", ())),
        # a headline about capture or captivity ("captured", "freed hostage") counts as a negative cue
        negative=_negative_cues(scan)
        + len(scan.hits.get("stayed", ()))
        + 2 * sum(1 for h in scan.hits.get("captivity", ()) if scan.sent[h.i] < scan.title_sentences),
        identified=max((c.identified for c in candidates), default=0.0),
        candidates=len(candidates),
    )


def rule_logit(f: Features, rules: WatchRules) -> float:
    w = rules.weights
    return (
        w.bias
        + w.individual_hit * min(f.individual, 4)
        + w.title_hit * min(f.title, 2)
        + w.identified * min(f.identified, 2.5)
        + w.testimony * min(f.testimony, 6)
        + w.plural_hit * min(f.plural, 4)
        + w.aggregate * min(f.aggregate, 6)
        + w.negative * min(f.negative, 4)
        + w.toward * min(f.toward, 3)
    )


# A name with an age (or a nationality and testimony): "boys who fled al-Shabaab" told through one of
# them, named with his age, is an account unless report cues say it is a study.
IDENTIFIED_PERSON = 1.8
AGGREGATE_REPORT = 6  # this many report/statistics cues make an article about defectors in general


def _next_words(scan: Scan, t: int, n: int) -> list[int]:
    """The n words after word t, a group's name counting as one word (`counts_as_word`)."""
    found: list[int] = []
    u = t + 1
    while u < len(scan.norm) and len(found) < n:
        if counts_as_word(scan, u):
            found.append(u)
        u += 1
    return found


# Two people told of as one (not "a couple of hundred fighters").
_PAIRS = _words("couple pair duo ehepaar")


def headline_crowd(scan: Scan, few_max: int) -> bool:
    """A headline that counts people ("217 militants surrender", "Over 600 former insurgents
    graduate") and names no one person in it: a report of many, whoever it quotes below."""
    end = scan.title_end
    if any(h.i < end for h in scan.hits.get("singular", ())):
        return False
    if any(scan.norm[t] in _PAIRS and scan.norm[t + 1 : t + 2] != ["of"] for t in range(end)):
        return False  # "Rebel couple surrenders in Agusan del Sur; 112 NPA members have yielded this year"
    people = {h.i for h in scan.hits.get("crowd", ()) if h.i < end}  # watch.crowd_nouns
    # "claim 3,000 graduates" (the count's groups read together; counts in words, "Thirteen ADF
    # deserters", head accounts of named people as often as reports, so only digits count)
    counts = [t for t in range(end) if scan.norm[t].isdigit() and count_value(scan, t) > few_max]
    if any(people.intersection(_next_words(scan, t, 2)) for t in counts):
        return True  # "217 militants surrender", "14 Dawlah Islamiyah members yield"
    # "Viele IS-Rückkehrer", "Hundreds of militants": a quantifier a few words before them
    return any(h.j <= t <= h.j + 2 for h in scan.hits.get("quantifier", ()) if h.i < end for t in people)


def _state_servant(scan: Scan, end: int) -> bool:
    """A demonym or country next to a state's servant in the headline ("Russian deserter", "North
    Korean soldier", "un déserteur russe", "طيار سوري"): a soldier, diplomat or spy of a state."""
    roles = {t for h in scan.hits.get("state_role", ()) if h.i < end for t in range(h.i, h.j)}
    if not roles:
        return False
    nations = (hits for category, hits in scan.hits.items() if category.startswith("nation"))
    return any(h.i < end and (h.j in roles or h.i - 1 in roles) for hits in nations for h in hits)


def headline_against(scan: Scan) -> bool:
    """A headline that tells of a capture or of going into a group and of no leaving ("Teenager who
    tried to join Islamic State sentenced", "ADF commander captured after firefight"), or that names
    something left that is no armed group ("Former neo-Nazi: 'I quit'", `watch.other_scenes`;
    "Russian deserter", `watch.state_roles`): the story of a recruit, a prisoner or someone else,
    however much its text reads like an account."""
    end = scan.title_end

    def in_title(category: str) -> bool:
        return any(h.i < end for h in scan.hits.get(category, ()))

    if not in_title("group") and (in_title("other_scene") or _state_servant(scan, end)):
        return True
    against = in_title("captivity") or in_title("toward")
    return against and not (in_title("defection") or in_title("exit"))


def _kind(f: Features, candidates: list[Candidate], crowd_headline: bool = False) -> str:
    if f.individual + f.plural == 0:
        return "other"
    if crowd_headline:
        return "aggregate"
    if not candidates:
        return "aggregate" if f.plural or f.aggregate >= 2 else "other"
    named = any(c.defector.name or c.defector.age is not None for c in candidates)
    if not named and (f.plural >= 2 * f.individual or (f.aggregate >= 3 and f.plural >= f.individual)):
        # nobody named and many leaving ("about 230 men, women and children who left"), or as many
        # leaving as one among a report's cues
        return "aggregate"
    if f.individual == 0 and f.plural >= 1 and (f.aggregate > 0 or f.identified < IDENTIFIED_PERSON):
        return "aggregate"  # every defection term is about many: people quoted in a report on defectors
    if f.aggregate >= AGGREGATE_REPORT and f.plural >= f.individual:
        return "aggregate"  # a study or report that quotes some of its defectors
    return "account"


def analyse(
    title: str, text: str, rules: WatchRules, published: date | None = None
) -> tuple[Features, list[Candidate], Scan, list[DefectionHit]]:
    """The scan, judged defection terms, candidates and features of one article (its date, when
    known, turns a year of birth into an age)."""
    compiled = rules.compiled()
    scan = compiled.scan(title, text)
    scan.published = published
    hits = _as_branches(scan, defection_hits(scan, rules), compiled.branches)
    counts: dict[str, int] = {}
    for h in hits:
        if h.counted and h.group:
            counts[h.group] = counts.get(h.group, 0) + 1
    main = max(counts, key=lambda g: counts[g]) if counts else None
    candidates = extract_defectors(scan, hits, compiled, main) if counts else []
    return features(scan, hits, candidates), candidates, scan, hits


def _as_branches(scan: Scan, hits: list[DefectionHit], branches: dict[str, list[str]]) -> list[DefectionHit]:
    """In an article that names a regional branch ("al-Qaeda in the Arabian Peninsula"), "al-Qaeda"
    is that branch: its home country and its cases are the branch's. With several branches named,
    the most named."""
    named = [h.label for h in scan.hits.get("group", ())]
    relabel = {}
    for parent, children in branches.items():
        present = [c for c in children if c in named]
        if present:
            relabel[parent] = max(present, key=named.count)  # ties: the first in the list
    if not relabel:
        return hits
    return [replace(h, group=relabel.get(h.group, h.group)) if h.group else h for h in hits]


class Blend(Protocol):
    """A learned model blended with the rules (alerts.model.ReviewerModel)."""

    def logit_for(self, title: str, text: str, features: Features, rule_logit: float) -> float: ...


def judge(
    title: str,
    text: str,
    rules: WatchRules,
    model: Blend | None = None,
    model_weight: float = 0.5,
    published: date | None = None,
) -> Judgement:
    """Judge one article; a reviewer model's log-odds are averaged with the rules' when given.
    Without a model, an article that names no watched group is `other` with score 0 at once."""
    if model is None and not rules.compiled().may_concern(title, text):
        return Judgement(score=0.0, flagged=False, kind="other", defectors=(), matched_terms=())
    f, candidates, scan, hits = analyse(title, text, rules, published)
    logit = rule_logit(f, rules)
    if model is not None:
        logit = (1 - model_weight) * logit + model_weight * model.logit_for(title, text, f, logit)
    score = 1 / (1 + math.exp(-max(-30.0, min(30.0, logit))))
    kind = _kind(f, candidates, headline_crowd(scan, rules.few_max))
    if kind == "account" and score < rules.threshold:
        # one person's leaving, told too weakly to flag: a report about many only if a leaving is
        # told of many or report cues are a study's worth (a couple of "interviews" or "figures"
        # are not), so the seed model may still flag the article (textmodel.needs_seed)
        kind = "aggregate" if f.plural or f.aggregate >= AGGREGATE_REPORT else "other"
    defectors = tuple(c.defector for c in candidates) if kind == "account" else ()
    matched = [scan.span_text(h.i, h.j) for h in scan.hits.get("group", ())]
    matched += [scan.span_text(h.i, h.j) for h in hits if h.counted]
    return Judgement(
        score=round(score, 4),
        flagged=kind == "account",
        kind=kind,
        defectors=defectors,
        matched_terms=tuple(dict.fromkeys(matched)),
    )


def defector_dict(d: Defector) -> dict[str, Any]:
    """One defector in the JSONL contract of `defwatch score` (DESIGN.md)."""
    return {
        "name": d.name,
        "age": d.age,
        "gender": d.gender,
        "nationality": d.nationality,
        "group": d.group,
        "reasons": list(d.reasons),
        "now_in": d.now_in,
    }


def record_article(record: dict[str, Any]) -> tuple[str, str, date | None]:
    """The title, text and publication date of one input record of `defwatch score`."""
    title, text = str(record.get("title") or ""), str(record.get("text") or "")
    return title, text, publication_date(record.get("published"))


def score_record(record: dict[str, Any], rules: WatchRules, model: Blend | None = None) -> dict[str, Any]:
    """The JSONL contract of `defwatch score` (DESIGN.md)."""
    title, text, published = record_article(record)
    return judgement_record(record, judge(title, text, rules, model, published=published))


def judgement_record(record: dict[str, Any], j: Judgement) -> dict[str, Any]:
    """One output line of `defwatch score`: the record's id and how it was judged."""
    return {
        "id": record.get("id"),
        "score": j.score,
        "flagged": j.flagged,
        "kind": j.kind,
        "defectors": [defector_dict(d) for d in j.defectors],
    }
