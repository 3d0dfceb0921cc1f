"""Case fields for each individual defector in an article: name or alias, age, gender,
nationality, group, reasons and where they are now.

Works on the words and phrase hits that `CompiledRules.scan` found, so the text is read once.
People are found by context (a name followed by "said", ", 26," or ", a deserter"), each sentence
goes to the person it names or last named, and a person becomes a defector only when one of their
sentences holds a counted defection term: the journalist, the official and the father are in the
same article but not in the story of leaving.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import gender_guesser.detector as gender_detector
import pyarabic.number as arabic_numbers
from text_to_num import text2num

from alerts.arabicnames import arabic_names, mentions_of
from alerts.birthyear import birth_ages
from alerts.countries import language_names, plural_demonym, town_countries
from alerts.rules import CompiledRules, Hit, Scan, arabic_word, fold
from alerts.rules import word_list as _words
from alerts.whereabouts import (
    TURKISH_FROM,
    back_home,
    dateline,
    dateline_words,
    nationality_of,
    now_in_of,
    turkish_demonym,
)

_NAME_PARTICLES = _words(
    """
al el bin ibn bint abu abou abo umm de ul ud van von der da ould ben ag dos das del
"""
)
# Name words too common to tell two people apart on their own.
_GENERIC_NAME_WORDS = _NAME_PARTICLES | frozenset(
    ["mohammed", "muhammad", "mohamed", "mohammad", "mohamad", "mohamud", "ahmed", "ahmad", "ali"]
)
_NOT_NAMES = _words(
    """
the a an he she it they we i you his her their its our my this that these those in on at for but and
or after before when while according some many one two three then now only even also since as if not
no yes asked each every most among over under during despite with without from by to of what why how
who where here there meanwhile however although though like unlike once until so yet still just mr
mrs ms sir monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december western eastern northern southern
feature editorial review chapter research note
un une le la les des du il elle ils elles ce cette son sa ses selon après avant quand mais et der
die das ein eine einer er sie es sein seine ihr ihre nach vor als wie und aber laut im am bir bu şu
o ve ama sonra ise everyone everybody nobody someone somebody anyone anybody everything nothing
dass daß weil wenn heute damals que lorsque puis both all neither either beide alle tous toutes par
danach dann später zuvor inzwischen seitdem trotzdem deshalb außerdem ausserdem zudem jedoch dort
other others
je nous vous on ich wir du ben sen biz siz
four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds dozens deux trois quatre
cinq sept huit neuf dix onze douze vingt trente zwei drei vier fünf sechs sieben acht neun zehn elf zwölf
zwanzig dreißig
first second third fourth fifth sixth firstly secondly thirdly finally lastly premièrement deuxièmement
troisièmement enfin erstens zweitens drittens schließlich
originaire originaires originally native natif geboren aufgewachsen
procès portrait témoignage entretien prozess porträt
pour dans sur avec sans chez depuis pendant contre parmi vers aujourd'hui einmal manchmal oft warum
observers analysts critics officials residents villagers witnesses experts diplomats prozent percent
today yesterday tomorrow tonight nowadays later earlier recently eventually sometimes instead
"""
)
# Before a single capitalised word, these make it a noun, not a name: "the Asayish", "the Amniyat";
# German capitalises every noun ("in der Nacht", "von seiner Einheit").
_ARTICLE_BEFORE_NOUN = {
    "en": _words("the a an"),
    "de": _words(
        """
der die das dem den des ein eine einer einem einen eines seiner seinem seinen seine ihrer ihrem ihren
ihre meiner meinem meinen meine unserer unserem deren dessen
"""
    ),
    "fr": _words("le la les l un une du des au aux"),
}
# The last word of a place's name, not a person's: "the Pankisi Gorge", "Habur Sınır Kapısı".
_PLACE_HEADS = _words(
    """
gorge valley mountains mountain hills hill river desert forest lake island islands coast peninsula
plateau delta basin crossing province district region county camp kapisi dagi dağı vadisi kampi
"""
)
# A capitalised run right after one of these is a place ("from Hawija", "near Kolofata"), not a person.
_PLACE_PREPOSITIONS = _words(
    """
from in at near to into outside inside around across of de à en aus bei nach
"""
)
# Subject pronouns that may follow a person's name after a comma ("Farrukh, he says").
_PRONOUNS = _words("he she il elle er")
# Relatives and friends named with their age are often the defector's companions, not bystanders.
_COMPANIONS = _words("friend brother sister cousin wife husband son daughter ami frere freund bruder")
# Role words for kin, who may be the defector's companions and speak for themselves later ("his
# brother Yusuf ... Yusuf says he left too"); any other role named before a name is an official's.
# A byline's "by" may name the defector too: an op-ed's author, "goes by the name Firas".
_NOT_OFFICIAL = _COMPANIONS | _words("father mother uncle aunt friends pere mere vater mutter by par")
_KIN = _COMPANIONS | _words(
    "father mother uncle aunt parents children sons daughters brothers sisters nephew niece pere mere oncle "
    "tante vater mutter onkel eltern kinder"
)
# After "a 16-year-old", a relative or companion: the age is theirs.
_KIN_AFTER = re.compile(r"\s+(?:" + "|".join(sorted(_KIN)) + r")\b", re.IGNORECASE)
# Two to nine in words, in the five languages (folded: "üç" is "uc", "أربعة" is "اربعة"), for small
# counts of people ("deux combattants", "zwei Kämpfer", "üç militan", "ثلاثة عناصر").
_NUMBER_WORDS = {
    fold(word): value
    for value, words in enumerate(
        (
            "two deux zwei iki اثنان اثنين",
            "three trois drei üç ثلاثة ثلاث",
            "four quatre vier dört أربعة أربع",
            "five cinq fünf beş خمسة خمس",
            "six sechs altı ستة",
            "seven sept sieben yedi سبعة سبع",
            "eight huit acht sekiz ثمانية ثماني",
            "nine neuf neun dokuz تسعة تسع",
        ),
        start=2,
    )
    for word in words.split()
}
# Arabic nouns of people in the dual, which count two by themselves ("تمكّن شقيقان من الفرار", two
# brothers managed to flee); only forms no plural shares ("مقاتلين" is also "fighters").
_ARABIC_DUAL_PEOPLE = _words(
    "شقيقان شقيقين شابان شابين عنصران عنصرين مقاتلان رجلان رجلين امرأتان امرأتين طفلان طفلين "
    "فتاتان فتاتين زوجان زوجين أخوين شقيقتان شقيقتين"
)
# An English age in words, ten to ninety-nine ("Romeo Dagohoy, thirty-four, known as").
_AGE_WORDS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight"
    r"|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
# Ages in words (read by text2num and a table of Arabic ordinals), each with the literals one of
# which its sentence must hold: most sentences hold none, and they are tested before the pattern,
# which is slow to try at every word.
_ENGLISH_AGES_IN_WORDS = (
    # "a twenty-year-old from Anantnag"
    (("old",), r"\b([A-Za-z]+(?:-[a-z]+)?)[-\s]years?[-\s]old\b"),
    # "a woman of twenty-three"
    ((" of ",), r"\b(?:boy|girl|man|woman|teenager|teen|youth) of ([a-z]+(?:-[a-z]+)?)\b(?![-\s]years?)"),
    # "Omar was twenty when he boarded a flight"
    (("was ",), r"\bwas ([a-z]+(?:-[a-z]+)?)(?= when\b)"),
    # "She is nineteen.", "He's forty-one.", "who is thirty-five and grew up", "is thirty-one but
    # moves like an old man" (only ages of ten or more: "is one." is no age)
    (
        ("is ", "'s ", "’s "),
        r"(?:\bis|['’]s) ((?:ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|twenty|thirty|forty"
        r"|fifty|sixty|seventy|eighty)(?:-[a-z]+)?)(?=[.,;]|\s+(?:and|but)\b|$)",
    ),
)
# "Il a vingt-deux ans", "âgé de trente et un ans" (read by text2num in French; not "il y a vingt
# ans", twenty years ago).
_FRENCH_AGES_IN_WORDS = (
    (
        (" ans",),
        r"(?:(?<!\by )\ba|\bâgée?\s+de)\s+((?:dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente"
        r"|quarante|cinquante|soixante)(?:-[a-z]+)*(?:\s+et\s+une?)?)\s+ans\b",
    ),
)
# "Deniz ist heute dreiundzwanzig", "ist zwanzig Jahre alt" (read by text2num in German).
_GERMAN_AGES_IN_WORDS = (
    (
        ("zig", "zehn"),
        r"\b(?:ist|bin)\s+(?:heute\s+|jetzt\s+|inzwischen\s+|mittlerweile\s+)?((?:[a-zäöü]+und)?(?:zwanzig"
        r"|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig)|(?:drei|vier|fünf|sech|sieb|acht|neun)zehn)"
        r"(?=\s*(?:[,.;]|Jahre\b|und\b|$))",
    ),
)
_ARABIC_AGES_IN_WORDS = (
    # after an age word: "البالغ من العمر ثلاثة وثلاثين عاماً"
    (("عمر",), r"(?:العمر|عمره|عمرها)\s+((?:[\u0621-\u064a]+\s+)?[\u0621-\u064a]+)\s+(?:عام|سنة)"),
    # "محمد، ذو الخمسة عشر عاماً" (Muhammad, of fifteen years)
    (("ذو ", "ذات "), r"(?:ذو|ذات)\s+((?:[\u0621-\u064a]+\s+)?[\u0621-\u064a]+)\s+(?:عام|سنة)"),
    # or as an ordinal before it: "وهو في الثالثة والثلاثين من عمره" (in his thirty-third year)
    (("عمر",), r"في\s+((?:[\u0621-\u064a]+\s+)?[\u0621-\u064a]+)\s+من\s+(?:عمره|عمرها)"),
)
_AGES = [
    re.compile(p)
    for p in (
        r"\b(\d{1,2})[-\s]years?[-\s]old\b",
        *(pattern for _, pattern in _ENGLISH_AGES_IN_WORDS),
        # "Two years later, at 17, he is living with an aunt": the age now, a present tense after it
        r"\bat (\d{1,2}), (?:he|she) (?:is|now|(?!was\b)[a-z]+s)\b",  # "at 19, he sits", "at 24, she lives"
        r"\baged\s+(\d{1,2})\b",
        # an obituary's "died on Monday at the age of 58" (not "joined at the age of 15", then)
        r"\b(?:died|dies|passed away)\b[^.;]{0,40}?\bat the age of (\d{1,2})\b",
        r"\b(?:boy|girl|man|woman|teenager|teen|child|youth) of (\d{1,2})\b",
        r"\b(?:his|her) (\d{1,2}) years\b",
        r"(?:\b(?:is|was|am)|['’][sm]) (?:about |around |roughly )?(\d{1,2})\b"  # "is about 30", "I'm 30"
        r"(?!\s*(?:%|per|kilo|km|mile|day|week|month|hour|minute|year|time))",
        r"\b(?:is|was|am) [A-Z][\w'-]+, (\d{1,2}),",  # "He is Malian, 29, a Fulani herder"
        r"\b(?:ist|bin) (\d{1,2})(?=\s*(?:[,.;]|$)|\s+und\b)",  # "Er ist 26 und stammt aus Tyros"
        r"\b(\d{1,2})\s*(?:ans|Jahre(?:\s+alte[nr]?)?|yaşında(?!n)\w*|عاما|عامًا|سنة)\b",
        r"\b(\d{1,2})-[Jj]ährige",
        *(pattern for _, pattern in _ARABIC_AGES_IN_WORDS),
        *(pattern for _, pattern in _FRENCH_AGES_IN_WORDS),
        *(pattern for _, pattern in _GERMAN_AGES_IN_WORDS),
    )
]
# A sentence with no digit can hold an age only in words.
# "Okot, now fifty-one, tells": the age now, in words (not "now forty fighters")
_NOW_IN_WORDS = (
    ("now", "Now", "today", "currently"),
    r"\b(?:[Nn]ow|today|currently)\s*,?\s*(?:aged\s+)?(" + _AGE_WORDS + r")(?=\s*(?:[,.;)]|years?\b))",
)
_AGE_IN_WORDS = [
    (words, re.compile(p))
    for words, p in (
        *_ENGLISH_AGES_IN_WORDS,
        *_ARABIC_AGES_IN_WORDS,
        *_FRENCH_AGES_IN_WORDS,
        *_GERMAN_AGES_IN_WORDS,
        _NOW_IN_WORDS,
    )
]


def _age_in_words(sentence: str) -> bool:
    """The sentence may state an age in words: a sentence with no digit needs one to hold an age."""
    return any(any(w in sentence for w in words) and p.search(sentence) for words, p in _AGE_IN_WORDS)


# "14-year-old Djido", "21 yaşındaki Yunus", "der 27-jährige Marcel": the age goes with the name after it.
_BEFORE_NAME = re.compile(r"[-\s]years?[-\s]old|yaşındaki|-[Jj]ährige|Jahre\s+alte")


def _anchor(m: re.Match[str]) -> int:
    """Where an age stands, for finding the person it belongs to: its end when it comes before the name."""
    return m.end() if _BEFORE_NAME.search(m.group()) else m.start()


# The age at the time of reporting ("Now 23", "He is 41 now", "heute 20 Jahre alt").
_AGES_NOW = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:now|today|currently)\s*,?\s*(?:aged\s+)?(\d{1,2})\b(?!\s*(?:%|per|years? (?:later|on|ago)))",
        r"(?:\b(?:is|am)|['’]m)\s+(?:now\s+)?(\d{1,2})\s+(?:now|today)\b",  # "I'm 41 now"
        # "heute 20 Jahre alt", "aujourd'hui âgé de 29 ans", "âgée aujourd'hui de 33 ans"
        r"\b(?:heute|inzwischen|mittlerweile|aujourd'hui|désormais)\s*,?\s*(?:ist\s+(?:er|sie)\s+|a\s+|âgée?\s+de\s+)?"
        r"(\d{1,2})\s*(?:Jahre|ans)\b",
        r"\bâgée?\s+(?:aujourd'hui|désormais|maintenant)\s+de\s+(\d{1,2})\s*ans\b",
        r"\b(?:şimdi|bugün|artık)\s+(\d{1,2})\s*yaşında",
        r"\b(?:heute|inzwischen|mittlerweile)\s+(\d{1,2})-[Jj]ährige",  # "Die heute 28-Jährige"
        r"\ba\s+(?:aujourd'hui|désormais|maintenant)\s+(\d{1,2})\b",  # "Elle en a aujourd'hui 33."
        _NOW_IN_WORDS[1],
    )
]
# "was 19 when he ...", "joined at 15": an age back then, used only when no other is stated.
_BACK_THEN = re.compile(
    r"[\s,]*(?:years? old\s+)?(?:when|at the time|then|back then|in \d{4}|lorsqu|quand|als)\b"
)
# Right before an Arabic age, "was": "كان حسام في الثالثة والعشرين" (Husam was 23, back then).
_WAS_BEFORE = re.compile(r"(?:^|\s)(?:كان|كانت)(?:\s+\S+)?\s+$")
# Right before an age, a year: "In 2010, aged 22, he drove south".
_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)\s*,\s*(?:aged\s+|at\s+)?$")
_DIGIT = re.compile(r"\d")
# An age range set off after a name: "Ibrahim Goni, la quarantaine,", "Ahmad, in his thirties,".
_VAGUE_AGE = re.compile(
    r"\s*,\s*(?:(?:la|une)\s+(?:vingtaine|trentaine|quarantaine|cinquantaine|soixantaine)"
    r"|une?\s+(?:trentenaire|quadragénaire|quinquagénaire|sexagénaire)"  # "Moussa, un trentenaire"
    r"|in\s+(?:his|her)\s+(?:late\s+|early\s+|mid-)?(?:twenties|thirties|forties|fifties|sixties)"
    r"|(?:Anfang|Mitte|Ende)\s+(?:zwanzig|dreißig|dreissig|vierzig|fünfzig))\b"
)
# "Rizal, 29,", "Emre, damals 24,", '"Ka Jessa," 26,' (the comma inside the quotation marks), "(29)",
# "مصطفى (19 عاماً)"
_AGE_UNITS = r"(?:\s*(?:ans|Jahre|yaşında|عاماً?|سنة))?"
_APPOSITIVE_AGE = re.compile(
    r"^\.?[\"”’]?\s*(?:,[\"”’]?\s*(?:(aged|then|now|damals|heute|alors)\s+)?(\d{1,2}|" + _AGE_WORDS + r")"
    + _AGE_UNITS
    + r"\s*[,);.]|\((\d{1,2})"
    + _AGE_UNITS
    + r"\))"
)
_APPOSITIVE_THEN = _words("then damals alors")  # "Emre, damals 24, reiste": the age back then


def _age_after(scan: Scan, j: int) -> re.Match[str] | None:
    """An age set off right after the name ending before word j ("Rizal, 29,", "Emre, damals 24,")."""
    return _APPOSITIVE_AGE.match(scan.text[scan.ends[j - 1] : scan.ends[j - 1] + 24])


# "Gul Ahmad, a 25-year-old from the same district", "his wife Zarina, who is 24": an age told
# after the name as a noun or in a clause
_AGE_CLAUSE = re.compile(
    r"^\s*,\s*(?:an?\s+(?:\d{1,2}|" + _AGE_WORDS + r")[-\s]years?[-\s]old\b"
    r"|who\s+is\s+(?:now\s+)?(?:\d{1,2}|" + _AGE_WORDS + r")\b(?!\s*(?:%|years?\s+(?:ago|later))))"
)


def _aged_after(scan: Scan, j: int) -> bool:
    """An age set off right after the name ending before word j, in any of the ways above."""
    return bool(_age_after(scan, j) or _AGE_CLAUSE.match(scan.text[scan.ends[j - 1] : scan.ends[j - 1] + 40]))


def _appositive_value(m: re.Match[str]) -> int:
    return _number(m.group(2) or m.group(3))


@dataclass(frozen=True)
class Defector:
    """One individual who left a group, as the article tells it (keys of the `score` output)."""

    name: str | None
    age: int | None
    gender: str | None
    nationality: str | None
    group: str | None
    reasons: tuple[str, ...] = ()
    now_in: str | None = None

    @property
    def name_or_alias(self) -> str | None:
        return self.name


@dataclass(frozen=True)
class DefectionHit:
    """A defection term judged in context (built by score.py)."""

    i: int
    j: int
    sent: int
    group: str | None
    strength: float
    number: str  # "sg", "pl", "few" or "?"
    counted: bool
    toward: bool


@dataclass(frozen=True)
class Candidate:
    """A defector with the evidence the score needs."""

    defector: Defector
    hits: int
    testimony: int
    identified: float


@dataclass
class _Person:
    name: str
    keys: set[str]
    first: int
    role: bool = False
    another: bool = False
    official: bool = False  # a role that is no relative: "Superintendent of Police Ronald Marbaniang"
    alias: str | None = None  # "Ranjit Gogoi, alias Bishnu Asom": the second name given
    mentions: list[tuple[int, int]] = field(default_factory=list)


def extract_defectors(
    scan: Scan, hits: list[DefectionHit], compiled: CompiledRules, main_group: str | None
) -> list[Candidate]:
    """Every defector the article identifies, in order of first mention."""
    people = [p for p in _find_people(scan) if not p.role]
    owners = _owners(scan, people)
    counted = [h for h in hits if h.counted]
    named = {id(p): {scan.sent[i] for i, _ in p.mentions} for p in people}
    first = min(people, key=lambda p: p.first) if people else None
    unowned = [s for s, who in enumerate(owners) if not who]
    title = list(range(scan.title_sentences))
    chosen: list[tuple[_Person | None, list[int], int]] = []
    for person in people:
        own = [s for s, who in enumerate(owners) if person in who]
        lead = unowned if person is first else []
        # "Gul Sher, 41, and his cousin Noor Wali, 23, ...": named in a sentence with the first
        # person, the second shares what the lead sentences say of both ("Two members of the TTP
        # ... presented themselves"), though not one person's leaving told there ("he fled")
        paired = first is not None and person is not first and bool(named[id(person)] & named[id(first)])
        n = sum(
            1
            for h in counted
            if h.sent in named[id(person)]
            or (h.sent in own and h.number != "pl")
            or (h.sent in lead and h.number != "pl")
            or (paired and h.sent in unowned and h.number in ("few", "?"))
        )
        if n == 0 and counted and (person.another or _left_too(scan, hits, own)):
            n = 1
        if (
            n
            and _has(scan, "membership", own + lead + (unowned if paired else []) + title)
            and not _abducted(scan, own + lead)
        ):
            chosen.append((person, sorted(set(own + lead)), n))
    chosen += _listed_after_a_count(scan, people, owners, counted, chosen)
    if not chosen:
        n = sum(1 for h in counted if h.sent in unowned and h.number in ("sg", "?", "few"))
        if n and _has(scan, "membership", unowned) and not _abducted(scan, unowned):
            chosen.append((None, unowned, n))
    by_sent = _by_sentence(scan, people)
    chosen.sort(key=lambda c: c[0].first if c[0] else 0)  # a name's later mention may have made it first
    found = [
        _fields(scan, compiled, person, sents, n, counted, main_group, by_sent) for person, sents, n in chosen
    ]
    if len(found) == 1:
        found = [_only_one(scan, _named_after_all(scan, found[0], people))]
    return found


def _named_after_all(scan: Scan, found: Candidate, people: list[_Person]) -> Candidate:
    """The only defector, nameless because no name in the article has a person's cue beside it
    ("For three years Abdifatah Ismail Gedi lived in their caves"), takes the name mentioned most
    among those that read like one. Only the name, and an origin said of it where none was found:
    what was judged and found stays as it was."""
    if found.defector.name is not None:
        return found
    author = _op_ed_author(scan)
    if author:
        return replace(found, defector=replace(found.defector, name=author))
    if people:
        return found
    unmarked = [
        p
        for p in _find_people(scan, unmarked=True)
        if not p.role and not any(_masthead(scan, *m) for m in p.mentions)
    ]
    if not unmarked:
        return found
    person = _most_mentioned(unmarked)
    named = replace(found.defector, name=person.name)
    everywhere = list(range(len(scan.sentences)))
    if nationality_of(scan, [], everywhere) is None:
        # nothing said of a nameless person: what is said of the name ("Amadou is in his twenties,
        # a Fulani herder from the Macina region of central Mali") is theirs, before the dateline's
        own = sorted({scan.sent[i] for i, _ in person.mentions})
        named = replace(named, nationality=nationality_of(scan, person.mentions, own) or named.nationality)
    return replace(found, defector=named)


_OPINION = _words("opinion op-ed comment commentary perspective viewpoint tribune meinung gastbeitrag")


def _masthead(scan: Scan, i: int, j: int) -> bool:
    """"Sahel Dispatch | Field report": a publication or section named beside a bar."""
    before = scan.text[scan.ends[i - 1] : scan.starts[i]] if i >= 1 else ""
    after = scan.text[scan.ends[j - 1] : scan.starts[j]] if j < len(scan.raw) else ""
    return "|" in before or "|" in after


def _author_note(scan: Scan) -> bool:
    """"The writer was a Taliban field commander until 2011.": an opinion page's note on its author,
    in the first sentences after the byline."""
    for k in range(scan.title_sentences, min(scan.title_sentences + 4, len(scan.sentences))):
        a, b = scan.sentences[k]
        if b - a > 2 and (scan.norm[a], scan.norm[a + 1]) in _AUTHOR_NOTES:
            return True
    return False


_AUTHOR_NOTES = frozenset(
    [("the", "writer"), ("the", "author"), ("l", "auteur"), ("der", "autor"), ("die", "autorin")]
)


def _op_ed_author(scan: Scan) -> str | None:
    """"Opinion: I pledged to the Islamic State ... / By Wahid", or a byline followed by a note on its
    author ("The writer was a Taliban field commander"): an opinion piece told in the first person,
    so its byline names the former member who wrote it."""
    if not scan.norm or not scan.hits.get("testimony"):
        return None
    if scan.norm[0] not in _OPINION and not _author_note(scan):
        return None
    for k in range(scan.title_sentences, min(scan.title_sentences + 2, len(scan.sentences))):
        a, b = scan.sentences[k]
        if b - a < 2 or scan.norm[a] not in _AGENT_BY:
            continue
        line_end = scan.text.find("\n", scan.starts[a])
        j = a + 1
        while j < b and scan.raw[j][:1].isupper() and (line_end == -1 or scan.starts[j] < line_end):
            j += 1
        return scan.span_text(a + 1, j) if j > a + 1 else None
    return None


def _most_mentioned(people: list[_Person]) -> _Person:
    return max(people, key=lambda p: (len(p.mentions), -p.first))  # ties: the first named


def _by_sentence(scan: Scan, people: list[_Person]) -> dict[int, list[_Person]]:
    """The people each sentence names."""
    by_sent: dict[int, list[_Person]] = {}
    for person in people:
        for i, _ in person.mentions:
            by_sent.setdefault(scan.sent[i], []).append(person)
    return by_sent


def _only_one(scan: Scan, found: Candidate) -> Candidate:
    """The only defector in the article: its pronouns elsewhere are most likely theirs, and a name
    found for them only now ("Muhammed el-Halef", told in Turkish) may say it by itself."""
    if found.defector.gender is not None:
        return found
    gender = _gender_in(scan, set(range(len(scan.sentences)))) or _name_gender(found.defector.name)
    return replace(found, defector=replace(found.defector, gender=gender))


def protagonist(scan: Scan, compiled: CompiledRules) -> list[Candidate]:
    """The person an article is most about, with their fields: for an account the seed model flags
    where no defection term anchors anyone, so the reviewer still sees who and what it says. The
    most-mentioned person who is not a role (an official, a reporter), else an unnamed one told by the
    sentences no name owns; the group most named."""
    people = [p for p in _find_people(scan) if not p.role] or [
        p for p in _find_people(scan, unmarked=True) if not p.role
    ]
    # no name found (Arabic has no capitals to find one by): an unnamed person, told by every sentence
    person = _most_mentioned(people) if people else None
    owners = _owners(scan, people)
    # the sentences before anyone is named are the lede's unnamed subject's: "A 31-year-old Tunisian
    # woman told a court on Tuesday ... Amira Jlassi said"
    own = [s for s, who in enumerate(owners) if person in who or not who]
    groups = [h.label for h in scan.hits.get("group", ())]
    main = max(dict.fromkeys(groups), key=groups.count) if groups else None  # ties: the first named
    by_sent = _by_sentence(scan, people)
    found = _fields(scan, compiled, person, own, 1, [], main, by_sent)
    d = found.defector
    said = (d.age, d.gender, d.nationality, d.group, d.now_in)
    if person is None and all(v is None for v in said):
        return []  # says nothing
    # "Athman Bakari, 23, and Juma Said Mwinyi, 25, both Kenyans": named with an age in a sentence
    # that names the person, a companion in the same story
    shared = {scan.sent[i] for i, _ in person.mentions} if person else set()
    companions = [
        p
        for p in people
        if p is not person and any(scan.sent[i] in shared and _aged_after(scan, j) for i, j in p.mentions)
    ]
    if not companions:
        return [_only_one(scan, found)]
    everyone = [(person, own), *((p, [s for s, who in enumerate(owners) if p in who]) for p in companions)]
    everyone.sort(key=lambda pair: pair[0].first if pair[0] else 0)
    return [_fields(scan, compiled, p, sents, 1, [], main, by_sent) for p, sents in everyone]


def _listed_after_a_count(
    scan: Scan,
    people: list[_Person],
    owners: list[list[_Person]],
    counted: list[DefectionHit],
    chosen: list[tuple[_Person | None, list[int], int]],
) -> list[tuple[_Person | None, list[int], int]]:
    """"Three cadres came overground ... identified as: (a) Chingmak Phom, aged 31; (b) ...": a
    communiqué counts a few people who left before anyone is named, then lists them each with an
    age or as the items of a list ("1. Bhaskar Gogoi @ Rupam Asom, self-styled sergeant major").
    The people listed so are defectors too, though no sentence of their own says they left."""
    if not chosen or not people:
        return []
    first = min(p.first for p in people)
    if not any(h.number == "few" and scan.sentences[h.sent][0] < first for h in counted):
        return []
    taken = {id(p) for p, _, _ in chosen if p is not None}
    listed: list[tuple[_Person | None, list[int], int]] = []
    for person in people:
        if id(person) in taken or person.another:
            continue
        if any(_aged_after(scan, j) or _list_item(scan, i) for i, j in person.mentions):
            own = [s for s, who in enumerate(owners) if person in who]
            if not _abducted(scan, own):
                listed.append((person, own, 1))
    return listed


def _gender_in(scan: Scan, wanted: set[int]) -> str | None:
    """The gender most words in these sentences give (he, she, man, woman...), if any."""
    langs = ("*", scan.language)
    genders = [
        label
        for h in scan.hits.get("gender", ())
        if scan.sent[h.i] in wanted
        for label, lang in [h.label.split(":", 1)]
        if lang in langs
    ]
    m, f = genders.count("m"), genders.count("f")
    return "m" if m > f else "f" if f > m else None


def _left_too(scan: Scan, hits: list[DefectionHit], own: list[int]) -> bool:
    """In an article whose defection is established, "He left a month later" (no group named in the
    sentence) in this person's own sentences makes them one more defector, when those sentences
    also show membership and no captivity."""
    wanted = set(own)
    return _has(scan, "membership", own) and any(
        h.sent in wanted
        and h.group is None
        and not h.toward
        and h.number != "pl"
        and not _has(scan, "captivity", [h.sent])
        for h in hits
    )


# Captivity words that make a person a victim (an escaped abductee is not a case); a captured or
# arrested fighter is still one.
# Not the person's own abduction: taken by the state, or others held ("20 hostages were killed" in
# an attack they saw, "guarded the captives"; one held is "taken hostage").
_NOT_ABDUCTION = _words(
    "captured capture arrested detained freed released rescued seized hostages captives"
)
_TRADE_OR_ANOTHER = _words("a an the from")
_VOLUNTARY = _words("joined join joining volunteered pledged commanded command")
_FORCED = _words("forced forcibly conscripted dragged pressed abducted kidnapped taken")


_POSSESSIVES = _words("his her their my son sa ses seine ihre")
OBJECT_PRONOUNS = _words("him her them me us you")
_CHARGES = _words("charge charges case trial count counts")


def _took_someone_else(scan: Scan, j: int) -> bool:
    """The captivity word ending before word j has another person as its object ("the group
    abducted his uncle", "the abduction of foreign workers") or names a charge ("the kidnapping
    charge"): someone else was taken."""
    if j + 1 >= len(scan.norm) or scan.sent[j + 1] != scan.sent[j - 1]:
        return False
    if scan.norm[j] in _CHARGES or (scan.norm[j] == "of" and scan.norm[j + 1] not in OBJECT_PRONOUNS):
        return True
    return scan.norm[j] in _POSSESSIVES and (
        scan.norm[j + 1] in _KIN or scan.covering("person_noun", j + 1) is not None
    )


_TAKING = _words("take takes took taking taken hold holds held holding")


def _others_held_hostage(scan: Scan, i: int) -> bool:
    """"after the group began taking schoolteachers and priests hostage": the word "hostage" at i
    after a verb of taking and an object that is no pronoun ("took him hostage" is the person)."""
    if scan.norm[i] not in ("hostage", "hostages"):
        return False
    for t in range(i - 1, max(-1, i - 6), -1):
        if scan.sent[t] != scan.sent[i] or scan.norm[t] in OBJECT_PRONOUNS:
            return False
        if scan.norm[t] in _TAKING:
            return t < i - 1
    return False


def _abducted(scan: Scan, sents: list[int]) -> bool:
    """The person's sentences say they were kidnapped or enslaved, and never that they joined."""
    wanted = set(sents)
    plural = [h.i for h in scan.hits.get("plural", ())]
    taken = any(
        scan.sent[h.i] in wanted
        and scan.norm[h.i] not in _NOT_ABDUCTION
        and not any(h.i - 4 <= p < h.i for p in plural)  # "those who were abducted": others
        and not negated_before(scan, h.i)  # "Elle n'a pas été enlevée, insiste-t-elle"
        # "millions from kidnapping", "a hostage was released": the group's trade, someone else held
        and not (h.i >= 1 and scan.norm[h.i - 1] in _TRADE_OR_ANOTHER)
        and not _took_someone_else(scan, h.j)
        and not _others_held_hostage(scan, h.i)
        for h in scan.hits.get("captivity", ())
    )
    if not taken:
        return False
    # "travelled to Syria" says they went of their own will; "his mother, who travelled to the
    # city" does not: travelling counts only in the membership phrases that name where to
    # "followed her husband into the group" says so too, unless forced ("forced into the group")
    travelled = any(
        scan.sent[h.i] in wanted
        and (
            h.label.startswith(("travel", "went to"))
            or (h.label.startswith("into the") and not _FORCED.intersection(scan.norm[max(0, h.i - 3) : h.i]))
        )
        for h in scan.hits.get("membership", ())
    )
    return not travelled and not any(
        scan.sent[t] in wanted for t, w in enumerate(scan.norm) if w in _VOLUNTARY
    )


def _has(scan: Scan, category: str, sents: list[int]) -> bool:
    """A hit of `category` in these sentences; a defection term ("defector", "منشق") also shows
    membership, a crowd noun does not ("fighters came to his house": others, not the person)."""
    wanted = set(sents)
    if category != "membership":
        return any(scan.sent[h.i] in wanted for h in scan.hits.get(category, ()))
    # "fighters came to his house" are others; "Two members of the TTP" are the two told of
    crowd = {h.i for h in scan.hits.get("plural", ()) if not few(scan, h.i, _FEW_MEMBERS)}
    return any(
        scan.sent[h.i] in wanted and h.i not in crowd and not _belonging_of_others(scan, h)
        for h in (*scan.hits.get("membership", ()), *scan.hits.get("defection", ()))
    )


_FEW_MEMBERS = 3  # "two members", "three fighters": the people told of, a pair or a trio

# Things a group has: right after its name ("Taliban checkpoints") they show nothing of the person.
_GROUP_THINGS = _words("checkpoint checkpoints weapon weapons gun guns rifle rifles")


def _belonging_of_others(scan: Scan, h: Hit) -> bool:
    """A membership cue about the group's things ("beaten back by Taliban checkpoints") or about a
    counted crowd ("About 250 women served as judges", "hundreds of men joined"): not the person's."""
    if scan.norm[h.i] in _GROUP_THINGS and h.i > 0 and scan.covering("group", h.i - 1):
        return True
    if h.i == 0 or not scan.covering("plural", h.i - 1):
        return False
    counted = range(max(0, h.i - 4), h.i - 1)
    return any(
        (scan.norm[t].isdigit() and int(scan.norm[t]) > 9) or scan.covering("quantifier", t) for t in counted
    )


# ------------------------------------------------------------------------------ people
def _initials_at(scan: Scan, i: int, j: int) -> bool:
    """Word i is an initial with its full stop, another initial after it ("A.M. was born"): a name,
    not the article "A"."""
    return (
        i + 1 < j
        and _initial(scan.raw[i])
        and _initial(scan.raw[i + 1])
        and scan.text[scan.ends[i] : scan.ends[i] + 1] == "."
    )


def _runs(scan: Scan) -> list[tuple[int, int]]:
    """Capitalised word runs that could be names ("Abu Ali al-Hindi"), trimmed of function words."""
    raw, norm, text = scan.raw, scan.norm, scan.text
    german = scan.language == "de"
    runs: list[tuple[int, int]] = []
    k, n = 0, len(raw)
    while k < n:
        if not (raw[k][:1].isupper() and raw[k].isalpha()):
            k += 1
            continue
        end = k + 1
        while end < n and scan.sent[end] == scan.sent[k] and _continues_name(scan, end):
            end += 1
        i, j = k, end
        while i < j and not _initials_at(scan, i, j) and (
            norm[i] in _NOT_NAMES
            or any(scan.covering(c, i) for c in ("title", "organisation", "role", "generic"))
            or (german and (norm[i] in _GERMAN_OPENERS or _german_byline(scan, i)))
            or raw[i][:1].islower()
        ):
            # "Self-styled Sergeant Major Chingmak Phom", "Superintendent of Police Ronald Marbaniang":
            # the rank or the force is no part of the name; nor a German preposition opening the
            # sentence ("Mit Geld seines Bruders"), nor a particle left first ("[Gruppe] von Kämpfern")
            i += 1
        while (
            j > i
            and (norm[j - 1] in _NOT_NAMES or norm[j - 1] in _NAME_PARTICLES)
            and not _apostrophe_inside(scan, j - 1)
            and not (
                j - 1 > i
                and _initial(raw[j - 1])
                and "." in (text[scan.ends[j - 2]], text[scan.ends[j - 1] : scan.ends[j - 1] + 1])
            )
        ):
            j -= 1  # but "M.A." and "Berivan A." keep their "A"
        # "SDF", "HOST:", "MONUSCO, which": an acronym (a longer word in capitals before a colon
        # is a transcript's speaker, "REZAUL: I was a student")
        acronym = (
            j - i == 1
            and raw[i].isupper()
            and (len(raw[i]) <= 5 or text[scan.ends[i] : scan.ends[i] + 1] != ":")
            and not _letter_for_a_name(scan, i)
        )
        # "Kashmir youth who joined Lashkar": the first word of a group's name, alone, is the group
        lone_head = j - i == 1 and scan.covering("alias_head", i) is not None
        # "Deserter tells court", "Militant surrenders": words for a person, with no name after them
        generic = all(scan.covering("person_noun", t) or scan.covering("defection", t) for t in range(i, j))
        if (
            i < j
            and j - i <= 5
            and not _OPERATIONS.intersection(norm[k:i])  # "Operation Hadin Kai": a military operation
            and not acronym
            and not lone_head
            and not generic
            and (not any(_non_name(scan, t) for t in range(i, j)) or _place_named_like_a_person(scan, i, j))
        ):
            runs.append((i, j))
        k = end
    return runs


_OPERATIONS = _words("operation operations operasyonu")


def _letter_for_a_name(scan: Scan, i: int) -> bool:
    """"referred to only as K", "identified only by the initial J.": a letter standing for a name
    the law or the reporter withholds."""
    return len(scan.raw[i]) == 1 and i >= 1 and scan.norm[i - 1] in _BEFORE_A_LETTER


_BEFORE_A_LETTER = _words("as initial initials")


# After an apostrophe these are English contractions and possessives, not the rest of a name.
_CONTRACTIONS = frozenset(["s", "t", "d", "m", "ll", "re", "ve"])
# Turkish writes case endings after an apostrophe on a proper name ("Rakka'dan", "Suriye'de").
_TURKISH_CASE_ENDINGS = _words(
    """
a e ya ye na ne da de ta te nda nde dan den tan ten ndan nden i u yi yu yu nin nun in un nin ndaki ndeki
daki deki taki teki la le yla yle li lu lik luk
"""
)


def _apostrophe_inside(scan: Scan, t: int) -> bool:
    """Word t continues word t-1 across an apostrophe inside a name ("Ba'a", "Mu'adh"); not after a
    one-letter elision ("L'organisation", "d'Alep") and not a contraction ("Gana's")."""
    if t >= len(scan.raw) or scan.sent[t] != scan.sent[t - 1] or len(scan.raw[t - 1]) < 2:
        return False
    gap = scan.text[scan.ends[t - 1] : scan.starts[t]]
    if scan.norm[t] in _TURKISH_CASE_ENDINGS and scan.language == "tr":
        return False  # "Rakka'dan", "Türkiye'ye": a case ending, not the rest of a name
    return gap in ("'", "\u2019") and scan.raw[t].isalpha() and scan.norm[t] not in _CONTRACTIONS


def _continues_name(scan: Scan, t: int) -> bool:
    """Word t extends the capitalised run that ends at t-1: another capitalised word or a particle
    before one ("Abu Ali al-Hindi"), an initial's full stop ("M. Ali"), or an apostrophe inside a
    name ("Ba'a Gana")."""
    raw, norm, text = scan.raw, scan.norm, scan.text
    if _apostrophe_inside(scan, t):
        return True
    gap = text[scan.ends[t - 1] : scan.starts[t]]
    if not (gap in (" ", "-") or (gap == "." and _initial(raw[t - 1]))):
        return False
    word = raw[t]
    particle = norm[t] in _NAME_PARTICLES and t + 1 < len(raw) and raw[t + 1][:1].isupper()
    return (word[:1].isupper() and word.isalpha()) or particle


def _initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def _place_named_like_a_person(scan: Scan, i: int, j: int) -> bool:
    """A first name that a gazetteer also holds ("Rizal", a province; "Jordan"), told with an age
    right after it ("Rizal, 29, spent"): places have no age."""
    if any(scan.covering(c, t) for t in range(i, j) for c in ("group", "organisation")):
        return False
    return _age_after(scan, j) is not None


# Hits that name places and peoples (the gazetteers' "nation~" and "place~" are merged into "nation"
# and "place" before a scan is made).
_PLACE_CATEGORIES = ("nation", "place", "lake")


def _non_name(scan: Scan, t: int) -> bool:
    return any(scan.covering(c, t) for c in ("group", "organisation", *_PLACE_CATEGORIES))


def _find_people(scan: Scan, unmarked: bool = False) -> list[_Person]:
    """The people named in the article. With `unmarked`, also names that nothing marks as a
    person's (no age, speech verb or role beside them) but that read like one (`_unmarked_name`)."""
    people: list[_Person] = []
    runs = _runs(scan)
    cued: set[tuple[int, int]] = set()  # Arabic names, which their cues mark (no capitals to go by)
    if scan.language == "ar":
        cued = set(arabic_names(scan))
        runs = sorted(set(runs) | cued | set(mentions_of(scan, sorted(cued))))
    lower = scan.lower_case_words
    placed, placed_at = _words_used_as_places(scan)
    openers = _subject_openers(scan) if unmarked else frozenset()
    sites = _site_names(scan.text)
    for i, j in runs:
        if (i, j) in cued:
            kind: str | None = "person"
        elif scan.language == "ar":
            continue  # a later mention of a cued name (the loop below)
        elif "".join(scan.norm[i:j]) in sites:
            continue  # "Horn Dispatch agreed", the text giving "horndispatch.example": the publication
        elif j - i == 1 and (
            (scan.norm[i] in _MONTHS_SHORT and j < len(scan.norm) and scan.norm[j].isdigit())  # "Feb 17"
            or plural_demonym(scan.norm[i])
            or scan.covering("plural", i) is not None  # "Children, an old man who sold melons."
            or _demonym(scan, i)
            or (scan.norm[i] in lower and not _age_after(scan, i + 1))
        ):
            continue  # "Herders from Bol say", the text saying "herders": a common noun; "Syrians"
        elif (
            scan.norm[j - 1] in _PLACE_HEADS
            or (j - i == 1 and scan.norm[i] in placed and not _COPULA_AGE.match(scan.text, scan.ends[i]))
            or i in placed_at
        ):
            continue  # "the Pankisi Gorge", "Habur Sınır Kapısı"; "Afmadow" where the text says "of Afmadow"
        elif _turkish_place_case(scan, j):
            continue  # "Kamışlı'dan 27 yaşındaki M.K.": from Qamishli, a place
        elif _qualifies_a_group(scan, i, j):
            continue  # "the United Liberation Front of Asom (Independent)": a faction's name
        elif scan.language == "de" and any(scan.covering(c, j - 1) for c in ("defection", "person_noun")):
            continue  # "ein Dinslakener Aussteiger erzählt": German capitalises its nouns
        else:
            kind = _person_context(scan, i, j)
            if kind is None:
                if not (unmarked and _unmarked_name(scan, i, j, openers)):
                    continue
                kind = "person"
        keys = _name_keys(scan, i, j)
        if kind == "person" and any(p.official and _same(p.keys, keys) for p in people):
            continue  # "Marbaniang told reporters": the superintendent named before, speaking again
        # "Farah" is "Abdi Farah", but "Yusuf Farah" is his brother: one name must hold the other
        match = next((p for p in people if _same(p.keys, keys) and p.role == (kind == "role")), None)
        if match is None:
            a, b = _untitled(scan, i, j)
            official = kind == "role" and _titled_official(scan, i)
            people.append(
                _Person(
                    _without_and(scan.span_text(a, b)),
                    keys,
                    i,
                    role=kind == "role",
                    another=kind == "another",
                    official=official,
                )
            )
        else:
            match.keys |= keys
            if j - i > len(match.name.split()):
                match.name = scan.span_text(i, j)
    speakers = sorted(people, key=lambda p: p.role)  # "his brother Yusuf" later speaks for himself
    for i, j in runs:
        keys = _name_keys(scan, i, j)
        for person in speakers:
            if _same(person.keys, keys) and (
                not _role_before(scan, i) or _person_context(scan, i, j) == "person"
            ):
                person.mentions.append((i, j))
                person.first = min(person.first, i)
                full = _untitled(scan, i, j)
                if full[1] - full[0] > len(person.name.split()) and keys >= person.keys:
                    person.name = scan.span_text(*full)  # "Ermekova, 29," is the "Dana Ermekova" named before
                    person.keys |= keys
                break
    return _merge_aliases(scan, people)


def _name_keys(scan: Scan, i: int, j: int) -> set[str]:
    """The words that tell a name from others: not "Abu" nor "Muhammad", which many share, unless the
    name has no other ("Abu Jumdail" is a mention of "Alhabsi Jumdail")."""
    words = {_without_and(scan.norm[t]) for t in range(i, j)}
    return words - _GENERIC_NAME_WORDS or words


def _without_and(word: str) -> str:
    """"والمعمري" (and al-Maamari) is a mention of "المعمري": Arabic writes "and" onto the next word
    (only before the article, since names begin with "و" too: وليد, وائل)."""
    return word[1:] if word.startswith("وال") else word


# Turkish case endings of a place: in it ("Suriye'de") or from it ("Rakka'dan"); a person's name
# takes them rarely.
_TURKISH_PLACE_CASES = TURKISH_FROM | _words("da de ta te nda nde")


# After a name, the Turkish word for the kind of place it is: "Nusaybin ilçesi" (the district).
_TURKISH_PLACE_NOUNS = _words("ilçesi ilçe ili kenti köyü kasabası mahallesi beldesi kırsalı")


def _turkish_place_case(scan: Scan, j: int) -> bool:
    """Word j is a place's case ending after an apostrophe on the run that ends before it, or the
    word for a district, town or village after it."""
    if scan.language != "tr" or j >= len(scan.raw):
        return False
    if scan.norm[j] in _TURKISH_PLACE_NOUNS and scan.raw[j].islower():
        return True
    apostrophe = scan.text[scan.ends[j - 1] : scan.starts[j]] in ("'", "\u2019")
    return apostrophe and scan.norm[j] in _TURKISH_PLACE_CASES


def _qualifies_a_group(scan: Scan, i: int, j: int) -> bool:
    """The run stands alone in brackets right after a group's or an organisation's name."""
    if i < 1 or j >= len(scan.raw) or scan.text[scan.ends[i - 1] : scan.starts[i]].strip() != "(":
        return False
    closed = scan.text[scan.ends[j - 1] : scan.starts[j]].lstrip().startswith(")")
    return closed and any(scan.covering(c, i - 1) for c in ("group", "organisation"))


def _unmarked_name(scan: Scan, i: int, j: int, openers: frozenset[str]) -> bool:
    """A capitalised run that is likely a name though no cue says so ("For almost three years
    Abdifatah Ismail Gedi lived in their caves"): not a lone capitalised word opening a sentence or
    (German) a noun, not a heading or speaker label in capitals, and not after a preposition or an
    article, where places and things are named."""
    raw, norm = scan.raw, scan.norm
    before = norm[i - 1] if i >= 1 and scan.sent[i - 1] == scan.sent[i] else ""
    if j - i == 1 and (scan.language == "de" or (_opening(scan, i) and scan.norm[i] not in openers)):
        return False
    if any(len(raw[t]) > 1 and raw[t].isupper() for t in range(i, j)):
        return False
    title_case = before in _NOT_NAMES and before != "i" and raw[i - 1][:1].isupper()
    if title_case and not _opening(scan, i - 1):
        return False  # the "We Want to Live" protests: a title, its small words capitalised too
    if any(scan.covering(c, t) for c in _PLACE_CATEGORIES for t in range(i, j)):
        return False  # "Far North", "Nigerian", "Lake Chad": places and peoples
    if j - i == 1 and norm[i] in language_names():
        return False  # "a verse written in careful Arabic"
    if j - i > 1 and " ".join(norm[i:j]) in town_countries():
        return False  # "Kaga-Bandoro": a town of two words (one word may be a person named like a town)
    articles = _ARTICLE_BEFORE_NOUN.get(scan.language, frozenset(["the"]))
    if scan.language == "de" and before in _GERMAN_PREPOSITIONS:
        return False  # "im Rahmen von Rückholaktionen der Bundesregierung": German nouns after "im"
    return before not in _PLACE_PREPOSITIONS and before not in articles and before != "s"


def _opening(scan: Scan, i: int) -> bool:
    """Word i opens its sentence, or the story after a dateline ("QUETTA: Families in ...", "BOL,
    Chad -- Herders say"): capitalised whatever it is."""
    gap = scan.text[scan.ends[i - 1] : scan.starts[i]] if i >= 1 else ""
    return (
        i == scan.sentences[scan.sent[i]][0]
        or (scan.raw[i - 1].isupper() and len(scan.raw[i - 1]) > 1)
        or any(dash in gap for dash in ("--", "—", "–", ":"))
    )


def _subject_openers(scan: Scan) -> frozenset[str]:
    """Words that open two sentences as their subject ("TASHKENT — Dilshod was working ... Dilshod
    describes") and that the text never writes in lower case: a name the story keeps coming back
    to (not a heading's word, "LETTERS", "Letters:")."""
    seen: dict[str, int] = {}
    raw = scan.raw
    for t in range(len(raw) - 1):
        word = raw[t]
        if not (word[:1].isupper() and raw[t + 1][:1].islower()) or word.isupper():
            continue  # the cheap tests first: most words fail them
        if _opening(scan, t) and _lower_word_after(scan, t):
            seen[scan.norm[t]] = seen.get(scan.norm[t], 0) + 1
    lower = scan.lower_case_words
    return frozenset(w for w, n in seen.items() if n >= 2 and w not in lower and w not in _NOT_NAMES)


def _lower_word_after(scan: Scan, t: int) -> bool:
    """A lower-case word right after word t, nothing between ("Dilshod was")."""
    k = t + 1
    if k >= len(scan.raw) or scan.text[scan.ends[t] : scan.starts[k]].strip():
        return False
    return scan.raw[k][:1].islower()


def _owner(scan: Scan, t: int) -> bool:
    """The capitalised run from word t ends in a possessive: "in Adil Rashid's bakery" is a person's
    bakery, so "Adil" is no place."""
    k = t
    while k + 1 < len(scan.raw) and scan.raw[k + 1][:1].isupper() and scan.sent[k + 1] == scan.sent[t]:
        k += 1
    return (
        k + 1 < len(scan.raw)
        and scan.norm[k + 1] == "s"
        and scan.text[scan.ends[k] : scan.starts[k + 1]] in ("'", "\u2019")
    )


# "Hodan is 27, tall": a name with an age, a person's, though the text names a place the same
# ("the Hodan district"); places have no age ("Baidoa is 30 km").
_COPULA_AGE = re.compile(r"\s+(?:is|was)\s+(?:now\s+)?\d{1,2}(?=[,.;]|\s+(?:and|but|when|years?\s+old)\b)")
# A site's name in an address ("horndispatch.example/join", "tips@harbourweekly.example"): found
# from its ending, which few places in a text have (a pattern tried at every letter cost 5% of the
# rules path).
_SITE_END = re.compile(r"\.(?:example|com|org|net|co|de|fr|info|news|media)\b")
_SITE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{3,}$")


@lru_cache(maxsize=4)  # once per article, though its people are looked for more than once
def _site_names(text: str) -> frozenset[str]:
    """The names of the websites the text gives, folded and without hyphens: a run of capitalised
    words spelling one ("Horn Dispatch", "Spree-Echo") is the publication, not a person."""
    names = set()
    for end in _SITE_END.finditer(text):
        name = _SITE_NAME.search(text, max(0, end.start() - 64), end.start())
        if name:
            names.add(fold(name.group()).replace("-", ""))
    return frozenset(names)


def _words_used_as_places(scan: Scan) -> tuple[frozenset[str], frozenset[int]]:
    """Capitalised words the article writes as a place somewhere ("in Afmadow", "on the edge of
    Afmadow", "the town of Afmadow", a dateline "AFMADOW -"): the same word elsewhere is the place,
    not a person named like it. ("of" alone is not enough: "the son of Ahmed".) Also where those
    places stand, for names of several words ("le département du Mayo-Sava")."""
    norm, raw = scan.norm, scan.raw
    places = {
        t
        for t in range(1, len(norm))
        if raw[t][:1].isupper()
        and (
            norm[t - 1] in _IN_A_PLACE
            or (norm[t - 1] in _OF and t >= 2 and norm[t - 2] in _PLACE_OF)  # "département du Mayo-Sava"
            or norm[t - 1] in _GERMAN_PLACE_OF  # "in der Provinz Kundus"
            # "at the Serendi rehabilitation centre": a place named before what it is
            or (norm[t - 1] == "the" and t + 1 < len(norm) and norm[t + 1] in _INSTITUTIONS)
            # "the Swat valley", "Kandahar province"
            or (t + 1 < len(norm) and raw[t + 1].islower() and norm[t + 1] in _PLACE_OF)
        )
        and not _owner(scan, t)
    }
    # "the districts of Molenbeek and Anderlecht": the second of two places joined by "and" (not "in
    # Mahabad, and Hiwa was not allowed": a comma ends the place)
    places |= {t + 2 for t in places if _joined_by_and(scan, t)}
    places |= {u for t in places for u in _listed_after(scan, t)}
    return dateline_words(scan) | frozenset(norm[t] for t in places), frozenset(places)


def _listed_after(scan: Scan, t: int) -> tuple[int, ...]:
    """"camps in Maiduguri, Bama and Monguno": the places listed after word t, a comma between each
    and "and" before the last (a single comma alone ends the place: "in Mahabad, Hiwa said")."""
    listed: list[int] = []
    u = t
    while (
        u + 1 < len(scan.norm)
        and scan.text[scan.ends[u] : scan.starts[u + 1]] == ", "
        and scan.raw[u + 1][:1].isupper()
    ):
        listed.append(u + 1)
        u += 1
    return (*listed, u + 2) if listed and _joined_by_and(scan, u) else ()


def _joined_by_and(scan: Scan, t: int) -> bool:
    """Word t, "and" or "or", then a capitalised word, with no punctuation between."""
    k = t + 2
    return (
        k < len(scan.norm)
        and scan.norm[t + 1] in ("and", "or")
        and scan.raw[k][:1].isupper()
        and not scan.text[scan.ends[t] : scan.starts[k]].replace(scan.raw[t + 1], "").strip()
    )


_IN_A_PLACE = _words("in near outside inside around à nach bei")
_PLACE_OF = _words(
    "edge outskirts town city village district districts province region suburbs centre center valley"
    " departement ville commune quartier localite arrondissement prefecture"
)
_OF = _words("of de du d")
# German names the place after its kind, with no "of": "die Provinz Kundus", "das Dorf Tal Abyad".
_GERMAN_PLACE_OF = _words("provinz stadt dorf bezirk landkreis gemeinde")


# After "the" and a capitalised word, what it names: "the Serendi rehabilitation centre".
_INSTITUTIONS = _words(
    "centre center camp facility prison jail school hospital rehabilitation programme program"
)
# Abbreviated months, which are also first names ("Jan M."): no name only before a day ("Feb 17").
_MONTHS_SHORT = _words("jan feb mar apr jun jul aug sep sept oct nov dec")


def _at_sign_before(scan: Scan, i: int) -> bool:
    """"Bhaskar Gogoi @ Rupam Asom": how South Asian police releases give an alias."""
    return i >= 1 and scan.text[scan.ends[i - 1] : scan.starts[i]].strip() == "@"


_LIST_MARK = re.compile(r"\s*(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]|[-•*–])\s*")


def _list_item(scan: Scan, i: int) -> bool:
    """Word i opens an item of a numbered or bulleted list ("1. Pranjal Moran", "(b) Chingmak")."""
    line = scan.text.rfind("\n", 0, scan.starts[i]) + 1
    return _LIST_MARK.fullmatch(scan.text, line, scan.starts[i]) is not None


def _alias_after_name(scan: Scan, i: int) -> bool:
    """The run at word i is introduced as an alias: "alias", "known as", "nom de guerre", "@"..."""
    if any(h.j == i for h in scan.hits.get("alias_cue", ())) or _at_sign_before(scan, i):
        return True
    norm = scan.norm
    return (
        i >= 2
        and norm[i - 1] == "as"
        and any(norm[t] in ("known", "named", "called") for t in range(max(0, i - 6), i - 1))
    )


def _merge_aliases(scan: Scan, people: list[_Person]) -> list[_Person]:
    """"Ranjit Gogoi, alias Bishnu Asom, 29", "Rolando Bagani, 45, known in the movement as Ka Jomar":
    the alias right after a name (same sentence, a few words on) is the same person, who keeps the
    name given first there; either name later finds them."""
    owner = {m: p for p in people for m in p.mentions}
    merged: list[_Person] = []
    for person in people:
        for i, _ in list(person.mentions):
            if not _alias_after_name(scan, i):
                continue
            before = [
                (m, other)
                for m, other in owner.items()
                if other is not person
                and not other.role
                and scan.sent[m[0]] == scan.sent[i]
                and m[1] <= i
                and i - m[1] <= 9  # "Romeo Dagohoy, thirty-four, known in the movement as Ka Jomar"
                and not _another_between(scan, m[1], i)
            ]
            if not before:
                continue
            _, named = max(before, key=lambda x: x[0][1])
            if person.role:
                continue
            if not person.keys <= named.keys:
                named.alias = named.alias or person.name
            named.keys |= person.keys
            named.mentions = sorted(set(named.mentions) | set(person.mentions))
            named.first = min(named.first, person.first)
            named.another = named.another or person.another
            for m in person.mentions:
                owner[m] = named
            merged.append(person)
            break
    return [p for p in people if p not in merged]


# After a name and its comma, an alias follows: "Charles Okwera, known in the rebel group by the
# nickname", "nicknamed", "alias".
_ALIAS_OPENERS = _words("known nicknamed alias dit surnommé genannt")
_ANOTHER_AFTER_AND = _words("a an another his her their the one")


def _another_between(scan: Scan, a: int, b: int) -> bool:
    """"Ali Hussein Gedi, 35, and a younger fighter known as Bashir": the alias is another person's
    ("Y.B. and known by the nom de guerre Abou Talha" is still his)."""
    return any(scan.norm[t] == "and" and scan.norm[t + 1] in _ANOTHER_AFTER_AND for t in range(a, b - 1))


def _untitled(scan: Scan, i: int, j: int) -> tuple[int, int]:
    """The run without a leading title word ("Commander Mullah Sher" -> "Mullah Sher"). A person noun
    leads a name only in German, which capitalises nouns ("Rückkehrer Ahmed"); elsewhere a capital
    says it is a name ("Adam Bukar", though Turkish "adam" is a man). A Turkish demonym is where the
    person is from ("Adıyamanlı Ahmet Y.")."""
    while j - i > 1 and (
        scan.covering("role", i)
        or (scan.covering("person_noun", i) and scan.language == "de")
        or (scan.language == "tr" and turkish_demonym(scan, i))
    ):
        i += 1
    return i, j


def _same(known: set[str], keys: set[str]) -> bool:
    return bool(known & keys) and (keys <= known or known <= keys)


def _person_context(scan: Scan, i: int, j: int) -> str | None:
    """'role', 'another', 'person' or None (no sign that the run names a person)."""
    raw, norm, text = scan.raw, scan.norm, scan.text
    after = text[scan.ends[j - 1] : scan.starts[j]] if j < len(raw) else text[scan.ends[j - 1] :]
    if i >= 1 and norm[i - 1] in _PLACE_PREPOSITIONS and scan.sent[i - 1] == scan.sent[i]:
        aged = _age_after(scan, j)
        if not (aged and aged.group(2)):
            return None  # "to Mombasa", but "we spoke to Hodan, 24,": places have no age
    if (
        j - i == 1
        and i >= 1
        and (raw[i - 1].islower() or (scan.language == "de" and i - 1 == scan.sentences[scan.sent[i]][0]))
        and norm[i - 1] in _ARTICLE_BEFORE_NOUN.get(scan.language, ())
        and scan.sent[i - 1] == scan.sent[i]
    ):
        return None  # "the Asayish, who", "von seiner Einheit", "Seine Geschichte erzählt er"
    if i >= 1 and j < len(raw) and norm[i - 1] in ("sich", "wir") and norm[j] in _CALLS_ITSELF:
        return "person"  # "der sich Ali nennt", "den wir Ali nennen": the German alias cue, its verb last
    if j - i == 1 and (_german_noun_phrase(scan, i) or _after_german_preposition(scan, i)):
        return None  # "aus eigenem Antrieb": a preposition, an adjective, then a noun
    if i >= 1 and text[scan.ends[i - 1] : scan.starts[i]] == "-" and raw[i - 1].islower():
        return None  # the tail of a compound place name ("Pul-e-Khumri", "Dahana-e-Ghori")
    # "Jane Doe reported" is the reporter; "Aqib Nazir reported to the police" is the defector
    role_verb = j < len(raw) and scan.at("role_verb", j) and not scan.at("defection", j)
    if _named_as(scan, i):
        return "person"  # "named by the governor as Bukar Ali": the role word is the namer's
    if _role_before(scan, i) or role_verb:
        if norm[i - 1] in _COMPANIONS and _aged_after(scan, j):
            # "he and his friend Liban, 16, were lured", "his wife Zarina, who is 24": a companion,
            # told with an age
            return "person"
        alias_next = after.strip() == "," and j < len(raw) and (
            scan.at("alias_cue", j) is not None or norm[j] in _ALIAS_OPENERS
        )
        if norm[i - 1] in _AGENT_BY and (_age_after(scan, j) or alias_next):
            return "person"  # 'accompanied by Mohamed Ali Gedi, known as "Dheere", 38': no byline
        if alias_next and not scan.at("speech", j):
            return "person"  # 'Lieutenant Colonel Charles Okwera, known by the nickname "Kifaru"': a rank
        if norm[i - 1] in _COMPANIONS and i >= 3 and norm[i - 3] == "and" and norm[i - 2] in ("his", "her"):
            return "person"  # "Jamil Pangandaman, 34, and his wife, Norhana, were received": the pair
        return "role"
    if after.strip() == "," and j < len(raw):
        # the noun phrase set off after the name: "Arsalan, a second-year geography student", not
        # past its first preposition ("Long Shadows, a podcast about people")
        nxt = []
        for t in range(j, min(j + 6, len(raw))):
            if scan.sent[t] != scan.sent[i] or (t > j and norm[t] in _NOUN_PHRASE_ENDS):
                break
            nxt.append(t)
        if any(scan.covering("role", t) and norm[t] not in _NOT_OFFICIAL for t in nxt[:3]) and norm[j] in (
            "the",
            "a",
            "an",
            "its",
            "his",
        ):
            return "role"  # "Jones, the spokesman," (but "Norhana, a mother of three," is herself)
        if norm[j] in ("a", "an", "another", "the", "one") and any(
            scan.covering(c, t) for t in nxt for c in ("person_noun", "nation", "defection")
        ):
            return "another" if norm[j] == "another" else "person"
        if norm[j] in ("who", "not") or (scan.at("speech", j) and not _speaker_after(scan, j)):
            return "person"
        if norm[j] == "qui" and scan.language == "fr":
            return "person"  # "Jean, qui souhaite garder l'anonymat, a 38 ans"
        if norm[j] in ("a", "an") and j + 2 < len(raw) and raw[j + 1].isdigit() and norm[j + 2] == "year":
            return "person"  # "Hamadoun, a 24-year-old herder"
        if norm[j] in _PRONOUNS and i > scan.sentences[scan.sent[i]][0] and raw[i - 1][:1].islower():
            return "person"  # "I meet Farrukh, he insists": a name mid-sentence, then its pronoun
    if (
        i >= 2
        and text[scan.ends[i - 1] : scan.starts[i]].strip() == ","
        and scan.covering("person_noun", i - 1)
        and scan.sent[i - 1] == scan.sent[i]
    ):
        return "person"  # "the third man, Ghassen,"
    appositive = _age_after(scan, j)
    if appositive:
        # "in Nangarhar and Kunar (22)": a number in brackets after a place is a count, not an age
        counted = appositive.group(3) is not None and j - i == 1 and scan.at("place", i)
        return None if counted else "person"
    if _pseudonym_after(scan, j, after):
        return "person"
    if after.strip() == "@" or _at_sign_before(scan, i):
        return "person"  # "Pranjal Moran @ Ujjal": a name and its alias
    if after.strip() in ("", ",") and j < len(raw) and norm[j] == "alias":
        return "person"  # 'Abdulhan Sali, alias "Bagwis", 38', "Ramil Dagohoy alias Ka Ramil, 26"
    if after.strip() == "," and j - i > 1 and j < len(raw) and scan.at("alias_cue", j) and norm[j] != "named":
        return "person"  # "Umar Mustapha, also known as Abu Khalid": a full name, then its alias
    if _said_before(scan, i):
        return "person"  # '„Frei war dort niemand“, sagt Timo.', '"I was a fool," says Ahmed
    if _VAGUE_AGE.match(text, scan.ends[j - 1]):
        return "person"  # "Ibrahim Goni, la quarantaine, est nigérian": an age only people have
    if _initial(raw[j - 1]) and after.startswith(".") and (j - i > 1 or _initial(raw[i])):
        return "person"  # "Marcel K.", "M.A.": how the French, German and Turkish press name people
    if (
        j < len(raw)
        and after.strip() in ("", ",")
        and (
            (scan.at("speech", j) and not (after.strip() == "," and _speaker_after(scan, j)))
            or scan.at("defection", j)
            or scan.at("exit", j)
            or norm[j] == "joined"  # "Babagana joined the insurgents in 2014"
        )
    ):
        return "person"  # not "mit Kulturabenden und Demonstrationen, erzählt sie": its speaker follows
    if j < len(raw) and not after.strip() and scan.at("now_in", j) and norm[j] in _LIVES:
        return "person"  # "Salem al-Kathiri lives in Salalah, Oman": an op-ed's closing line
    if (
        j + 1 < len(raw)
        and (
            norm[j] in ("had", "has", "is", "was", "war", "ist")
            or (norm[j] == "a" and j + 2 < len(raw) and norm[j + 2] == "ans")
        )
        and (
            scan.at("defection", j + 1)
            or scan.at("exit", j + 1)
            or 5 <= _number(norm[j + 1]) <= 90
            or (norm[j] == "was" and norm[j + 1] == "born")
        )
    ):
        return "person"  # "Zahid was fourteen when", "Amina was 19", "Aïcha a 22 ans", "Fahd was born"
    if i >= 3 and (norm[i - 2], norm[i - 1]) in (("year", "old"), ("jahre", "alte")):
        return "person"  # "the 14-year-old Djido", "der 27 Jahre alte Bilal"
    if i >= 1 and scan.sent[i - 1] == scan.sent[i] and _cue_ends_at(scan, i):
        return "person"  # not across a sentence ("... not be named. Local officials say")
    if _named_as(scan, i):
        return "person"
    return None


def _cue_ends_at(scan: Scan, i: int) -> bool:
    """An alias cue ends right before word i, or before the rank in front of it ("introduces himself
    as Lieutenant Opiyo": the rank is no part of the name)."""
    ends = {h.j for h in scan.hits.get("alias_cue", ())}
    rank = next((h for h in scan.hits.get("title", ()) if h.j == i), None)
    return i in ends or (rank is not None and rank.i in ends)


_NOUN_PHRASE_ENDS = _words("about of for with from who that which in on at by to")


def _said_before(scan: Scan, i: int) -> bool:
    """An inverted speech verb right before the name, after a quote or a comma ("…“, sagt Timo",
    "Anfangs, sagt Zilan,"): the name is the speaker's."""
    verb = next((h for h in scan.in_sentence("speech", scan.sent[i]) if h.j == i), None)
    if verb is None or verb.i == 0 or scan.norm[verb.i] in _SPEECH_WITH_OBJECT:
        return False  # "the service told Xinhua": the one told
    abbreviated = len(scan.raw[i]) <= 4 and scan.text[scan.ends[i] : scan.ends[i] + 1] == "."
    if abbreviated or any(scan.covering(c, i) for c in ("title", "organisation", "role")):
        return False  # '…," said Brig. Gen. Antonio Ramos
    gap = scan.text[scan.ends[verb.i - 1] : scan.starts[verb.i]]
    return "," in gap or any(q in gap for q in _QUOTES)


_SPEECH_WITH_OBJECT = _words("told tells")
_CALLS_ITSELF = _words("nennt nannte nennen")
_LIVES = _words("lives living lebt vit")


def _pseudonym_after(scan: Scan, j: int, after: str) -> bool:
    """A note right after the name that it is not the real one ("Ahmad, not his real name",
    "Sara (Name geändert)", "Ahmad, der in Wirklichkeit anders heißt"): the press's way of
    naming someone it protects, which only people get."""
    if j >= len(scan.raw):
        return False
    notes = scan.in_sentence("pseudonym", scan.sent[j - 1])
    if any(h.i == j for h in notes):
        return True  # "Lorena is the alias she used"
    # "Karim - le prénom a été modifié - a 34 ans": set off by commas, brackets or dashes
    return any(c in after for c in ",(*-–—") and any(j <= h.i <= j + 6 for h in notes)


# German prepositions: after one and a lowercase adjective, a capitalised word is a noun.
_GERMAN_PREPOSITIONS = _words("aus mit von bei nach zu zum zur in im an am auf für über unter vor ohne durch")
# Capitalised only because they open a sentence ("von" is also a name particle: "Ursula von der Leyen").
_GERMAN_OPENERS = (_GERMAN_PREPOSITIONS | _ARTICLE_BEFORE_NOUN["de"]) - {"von"}


def _german_noun_phrase(scan: Scan, i: int) -> bool:
    """German capitalises every noun: "aus eigenem Antrieb", "mit großer Angst", "über den
    politischen Kurs", "Mit 14 Jahren" are no names."""
    return (
        scan.language == "de"
        and i >= 2
        and scan.sent[i - 2] == scan.sent[i]
        and (scan.raw[i - 1].islower() or scan.raw[i - 1].isdigit())
        and (scan.norm[i - 2] in _GERMAN_PREPOSITIONS or scan.norm[i - 2] in _ARTICLE_BEFORE_NOUN["de"])
    )


def _after_german_preposition(scan: Scan, i: int) -> bool:
    """"unter Lebensgefahr von der Organisation gelöst": a German noun right after a preposition."""
    return (
        scan.language == "de"
        and i >= 1
        and scan.sent[i - 1] == scan.sent[i]
        and scan.raw[i - 1].islower()
        and scan.norm[i - 1] in _GERMAN_PREPOSITIONS
    )


# Subject pronouns after an inverted speech verb: "Kochen, sagt sie, habe sie im Dschungel gelernt".
_SPEAKER_PRONOUNS = _words("he she sie er il elle")


def _speaker_after(scan: Scan, j: int) -> bool:
    """The speech verb at word j has its own subject right after it ("sagt sie", "says he"): the word
    before the comma is not the speaker."""
    hit = scan.at("speech", j)
    k = hit.j if hit else j + 1
    if k >= len(scan.norm) or scan.sent[k] != scan.sent[j]:
        return False
    # "Anfangs, sagt Zilan, habe sie ...": a name after the verb is its subject too
    return scan.norm[k] in _SPEAKER_PRONOUNS or (scan.raw[k][:1].isupper() and scan.language in ("de", "fr"))


def _named_as(scan: Scan, i: int) -> bool:
    """The run at word i follows "named ... as", "identified ... as", "known as"."""
    norm = scan.norm
    return (
        i >= 1
        and norm[i - 1] == "as"
        and any(norm[t] in ("named", "name", "identified", "known") for t in range(max(0, i - 9), i - 1))
    )


def _titled_official(scan: Scan, i: int) -> bool:
    """The role right before the name is its title, with no punctuation between ("Superintendent of
    Police D. Marbaniang", "Dr Ruth Namaganda"), and is no relative's or byline's word: an official,
    whoever the name stands for later. ("a squad leader; Ka Lani, 24" lists another person.)"""
    for t in range(i - 1, max(-1, i - 5), -1):
        gap = scan.text[scan.ends[t] : scan.starts[t + 1]]
        if scan.sent[t] != scan.sent[i] or any(c in gap for c in ",;:"):
            return False
        if scan.covering("role", t):
            return scan.norm[t] not in _NOT_OFFICIAL
    return False


def _german_byline(scan: Scan, t: int) -> bool:
    """The "Von" of a German byline ("Von Markus Eibl" on the line under the headline): the
    reporter's name follows, as after "By". Elsewhere "von" is a name particle or a preposition."""
    s = scan.sent[t]
    a, b = scan.sentences[s]
    return (
        scan.raw[t] == "Von"
        and t == a
        and scan.title_sentences <= s <= scan.title_sentences + 1
        and b - a <= 5
        and scan.language == "de"
    )


_AGENT_BY = _words("by par von")
_QUOTES = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb")


# Lower-case words a title may hold before the name ("spokesman for the army", "Sprecher der Polizei").
_TITLE_LINKS = _words("of the for to at in de la le du des der die das den dem von vom")


def _role_before(scan: Scan, i: int) -> bool:
    """A role word just before the name, or an organisation's possessive ("NPR's Deborah Amos")."""
    # "Superintendent of Police D. Marbaniang": an initial is part of the name
    while i >= 1 and scan.sent[i - 1] == scan.sent[i] and _initial(scan.raw[i - 1]):
        i -= 1
    for t in range(max(0, i - 3), i):
        if scan.sent[t] != scan.sent[i]:
            continue
        if scan.norm[t] in _AGENT_BY and any(scan.raw[u].islower() for u in range(t + 1, i)):
            continue  # "identified only by their aliases, Ka Dindo" ("Asked by Mr Doherty" is a role)
        if scan.norm[t] in _AGENT_BY and scan.covering("alias_cue", t):
            continue  # "Souleymane, who goes by Souley": an alias, not a byline
        if scan.covering("role", t) or _german_byline(scan, t):
            if any(q in scan.text[scan.ends[t] : scan.starts[i]] for q in _QUOTES):
                continue  # '"... after my father died," Salem said': the role word is inside the quote
            if ";" in scan.text[scan.ends[t] : scan.starts[i]]:
                continue  # "Ka Benjie, 31, a squad leader; Ka Lani, 24": the last item's role
            if any(scan.raw[u].islower() and scan.norm[u] not in _TITLE_LINKS for u in range(t + 1, i)):
                continue  # "Die Bundesanwaltschaft wirft Nadine K. vor": a verb between, so no title
            cue = next((h for h in scan.hits.get("alias_cue", ()) if h.j == i), None)
            if cue and "," in scan.text[scan.ends[t] : scan.starts[cue.i]]:
                continue  # "Der Asylwerber, der vor der Richterin sitzt, heißt Rahmatullah"
            return True
    return i >= 2 and scan.raw[i - 1] == "s" and scan.raw[i - 2].isupper() and len(scan.raw[i - 2]) > 1


def _demonym(scan: Scan, i: int) -> bool:
    """"He is Malian, 29, a herder": a one-word people's name, not a person's (a country's own name,
    "Jordan", may be a first name)."""
    hit = scan.at("nation", i) or scan.at("nation~", i)
    return hit is not None and hit.j == i + 1 and fold(hit.label) != scan.norm[i]


def _owners(scan: Scan, people: list[_Person]) -> list[list[_Person]]:
    """For each sentence, the people it is about: those it names, else the last one named."""
    by_sentence: dict[int, list[_Person]] = {}
    for person in people:
        for i, _ in sorted(person.mentions):
            bucket = by_sentence.setdefault(scan.sent[i], [])
            if person not in bucket:
                bucket.append(person)
    owners: list[list[_Person]] = []
    current: list[_Person] = []
    last_named: list[_Person] = []
    recent: list[_Person] = []  # the people named so far, the latest last
    for s in range(len(scan.sentences)):
        named = by_sentence.get(s)
        if named:
            recent = [p for p in recent if p not in named] + named
            a = scan.sentences[s][0]
            if scan.norm[a] in _PRONOUNS and a + 1 < len(scan.norm) and scan.norm[a + 1] == "and":
                named = [p for p in current if p not in named] + named  # "He and his friend Liban, 16,"
            current = [
                max(named, key=lambda p: max((i for i, _ in p.mentions if scan.sent[i] == s), default=-1))
            ]
            if len(named) > 1 or not all(p in last_named for p in named):
                last_named = named  # one of a pair speaking keeps the pair ("Liban says ... The two ran")
            owners.append(named)
        elif len(last_named) > 1 and (
            _about_both(scan, s)
            or (owners and owners[-1] == last_named and _they(scan, s))
            or (
                owners
                and owners[-1]
                and _opens_with_they(scan, s)
                and all(p in last_named for p in owners[-1])
            )
        ):
            # "Kuhutan, 24, and Sarraji, 19 ... the two decided to leave. [...] they slipped away";
            # "In late 2016 Hamisi told Rashid. They slipped away": one of the pair, then "They"
            owners.append(list(last_named))
        elif len(recent) > 1 and _about_both(scan, s):
            # "Warsame gave himself up on Saturday. A second man, Bile, turned himself in the next day.
            # Both men, Somali nationals from Bari, ...": two named one after the other, then both
            owners.append(recent[-2:])
        else:
            owners.append(list(current))
    return owners


_BOTH = _words("both beide beiden ikisi كلاهما الشقيقان الشقيقين")  # Arabic: both, the two brothers
_PAIR_AFTER_THE = _words("two pair duo deux couple")
_PAIR_ARTICLES = _words("the les le these")
_THEY = _words("they them their ils elles")  # not German "sie", which is also "she"


def _they(scan: Scan, s: int) -> bool:
    """The sentence speaks of "they": after a sentence about a pair, the same pair."""
    a, b = scan.sentences[s]
    return any(scan.norm[t] in _THEY for t in range(a, b))


def _opens_with_they(scan: Scan, s: int) -> bool:
    """The sentence's subject is "they" ("They slipped away", "Ils sont partis")."""
    return scan.norm[scan.sentences[s][0]] in _THEY_SUBJECT


_THEY_SUBJECT = _words("they ils elles")


def _about_both(scan: Scan, s: int) -> bool:
    """The sentence is about the people named together just before ("the two", "both", "les deux")."""
    a, b = scan.sentences[s]
    norm = scan.norm
    return any(
        norm[t] in _BOTH or (t > a and norm[t] in _PAIR_AFTER_THE and norm[t - 1] in _PAIR_ARTICLES)
        for t in range(a, b)
    )


# A live blog's entry opens a line with its time: "16:20 — A 30-year-old herder ...".
_ENTRY_TIME = re.compile(r"^[ \t]*\d{1,2}[:.h]\d{2}[ \t]*(?:[-—–|]|\(|$)", re.MULTILINE)


def _entry_opens(scan: Scan) -> tuple[int, ...]:
    """Where a live blog's entries open, by their time: none unless two or more do (one time line
    is no live blog)."""
    return _entry_opens_in(scan.text)


@lru_cache(maxsize=4)
def _entry_opens_in(text: str) -> tuple[int, ...]:
    # once per article, not once per person: a long page names many
    opens = tuple(m.start() for m in _ENTRY_TIME.finditer(text))
    return opens if len(opens) >= 2 else ()


def _own_entries(
    scan: Scan, person: _Person | None, sents: list[int], counted: list[DefectionHit]
) -> list[int]:
    """In a live blog, a person's sentences in the entries that name them or tell their leaving: "a
    49-year-old Burkinabe" two entries up, in a football item, is someone else."""
    opens = _entry_opens(scan)
    if not opens:
        return sents

    def entry(s: int) -> int:
        return bisect_left(opens, scan.starts[scan.sentences[s][0]] + 1)

    theirs = {scan.sent[i] for i, _ in person.mentions} if person else set()
    given = set(sents)
    theirs |= {h.sent for h in counted if h.sent in given}
    body = scan.title_sentences  # the headline lists every entry's story: no entry of its own
    entries = {entry(s) for s in theirs if s >= body}
    kept = [s for s in sents if s >= body and entry(s) in entries]
    return kept or sents


# ------------------------------------------------------------------------------ fields
def _fields(
    scan: Scan,
    compiled: CompiledRules,
    person: _Person | None,
    sents: list[int],
    n: int,
    counted: list[DefectionHit],
    main_group: str | None,
    by_sent: dict[int, list[_Person]],
) -> Candidate:
    sents = _own_entries(scan, person, sents, counted)
    wanted = set(sents)
    # a live blog's headline lists its entries' stories ("fuel queues return to Abuja, ...")
    title = [] if _entry_opens(scan) else list(range(scan.title_sentences))
    group = next((h.group for h in counted if h.sent in wanted and h.group), main_group)
    home = compiled.group_home.get(group or "")
    mentions = person.mentions if person else []
    near = {id(p): p for s in sents for p in by_sent.get(s, []) if p is not person}
    others = [m for p in near.values() for m in p.mentions]
    stated = nationality_of(scan, mentions, sents, others) or nationality_of(scan, [], title)
    datelined = dateline(scan)
    # told nowhere: where the story is datelined (a herder interviewed in Bol, Chad, is Chadian),
    # before the group's home country; only a stated one counts toward identifying the person
    nationality = stated or datelined or home
    now_in = (
        now_in_of(scan, sents + title)
        or back_home(scan, sents, nationality)
        or datelined
        or now_in_of(scan, sents + title, "arrival")
        or home
    )
    reasons = _reasons(scan, compiled, wanted)
    gender = (
        _relative_gender(scan, person)
        or _gender_in(scan, wanted)
        or _name_gender(person.name if person else None)
    )
    age = _age(scan, person, sents, by_sent)
    if age is None and scan.published:
        age = _birth_age(scan, scan.published, person, sents, by_sent)
    name = (f"{person.name} ({person.alias})" if person.alias else person.name) if person else None
    testimony = sum(
        1
        for h in scan.hits.get("testimony", ())
        if scan.sent[h.i] in wanted and not _said_by_a_role(scan, h.j)
    )
    identified = (1.0 if name else 0) + (0.8 if age is not None else 0) + (0.4 if stated or home else 0)
    defector = Defector(name, age, gender, nationality, group, tuple(reasons), now_in)
    return Candidate(defector, n, testimony, identified + (0.3 if testimony else 0))


_SPEAKER_ARTICLES = _words("the die der le la les")


def _said_by_a_role(scan: Scan, j: int) -> bool:
    """"..., sagte die Anklage", "..., said the prosecutor": the words after the speech cue name who
    spoke, and it is an official, not the person."""
    return (
        j + 1 < len(scan.norm)
        and scan.sent[j + 1] == scan.sent[j - 1]
        and scan.norm[j] in _SPEAKER_ARTICLES
        and scan.covering("role", j + 1) is not None
    )


_FEMALE_RELATIVES = "wife mother sister daughter widow épouse femme mère sœur fille Ehefrau"
_MALE_RELATIVES = "husband father brother son widower mari père frère fils Ehemann"
_RELATIVE_GENDER = {
    **{fold(w): "f" for w in _FEMALE_RELATIVES.split()},
    **{fold(w): "m" for w in _MALE_RELATIVES.split()},
}


def _relative_gender(scan: Scan, person: _Person | None) -> str | None:
    """"His wife, Kawasi Sukki, 28," and "her husband, Omar," or "his wife Lorna": the person named
    is the relative."""
    for i, _ in person.mentions if person else ():
        gap = scan.text[scan.ends[i - 1] : scan.starts[i]].strip() if i >= 2 else None
        if gap == "," or (gap == "" and scan.norm[i - 2] in _POSSESSIVES):
            gender = _RELATIVE_GENDER.get(scan.norm[i - 1])
            if gender and scan.sent[i - 1] == scan.sent[i]:
                return gender
    return None


# Name words that tell the gender: a kunya ("Abu Omar": father of Omar, "Umm Ali": mother of Ali),
# a title ("Mullah", "Frau").
_MALE_NAME_WORDS = _words("abu abou abo mullah sheikh mr monsieur herr bay")
_FEMALE_NAME_WORDS = _words("umm um oum mrs ms madame frau hanım bint")


def _name_gender(name: str | None) -> str | None:
    """The gender a name states by itself, when no pronoun in the person's sentences does: a kunya
    or a title, else a first name that is only ever a man's or a woman's ("Emre", "Ayşe") in the
    gender-guesser package's list of names across countries (Turkish, for one, has no "he" or "she")."""
    parts = (name or "").replace("-", " ").split()
    words = {fold(w) for w in parts}
    if words & _MALE_NAME_WORDS:
        return "m"
    if words & _FEMALE_NAME_WORDS:
        return "f"
    first = parts[0] if parts else ""
    if len(first) < 3 or not first.isalpha():
        return None  # initials ("M.Y.") say nothing
    return {"male": "m", "female": "f"}.get(_first_names().get_gender(first))


@lru_cache(maxsize=1)
def _first_names() -> gender_detector.Detector:
    return gender_detector.Detector(case_sensitive=False)


# "pretended to be sick", "feigned illness": a way out, not a reason to leave.
_PRETEXT = ("pretend", "feign", "fake", "simul", "vortäusch", "vorgetäusch")


# "etkin pişmanlık hükümleri": the Turkish law on effective repentance, which every surrender
# comes under, not a regret the person tells
_LAW_BEFORE = _words("etkin")


def _reasons(scan: Scan, compiled: CompiledRules, wanted: set[int]) -> list[str]:
    """Reason cues in the person's sentences and the title, in taxonomy order. (Keeping only the
    sentences about leaving was tried: it lost more right reasons than wrong ones on the dev sets.)"""
    order = list(compiled.rules.reasons)
    return sorted(
        {
            h.label
            for h in scan.hits.get("reason", ())
            if (scan.sent[h.i] in wanted or scan.sent[h.i] < scan.title_sentences)
            and not any(scan.norm[t].startswith(_PRETEXT) for t in range(max(0, h.i - 3), h.i))
            and not (h.i >= 1 and scan.norm[h.i - 1] in _LAW_BEFORE)
        },
        key=order.index,
    )


def _age(
    scan: Scan, person: _Person | None, sents: list[int], by_sent: dict[int, list[_Person]]
) -> int | None:
    # "was 19 when he joined" (the age, its sentence, where it ends): used only when no other is stated
    then: tuple[int, int, int] | None = None
    if person:
        for _, j in person.mentions:
            m = _age_after(scan, j)
            if not m or not 5 <= _appositive_value(m) <= 90:
                continue
            if (m.group(1) or "").lower() not in _APPOSITIVE_THEN:
                return _appositive_value(m)
            if then is None:
                then = (_appositive_value(m), scan.sent[j - 1], scan.ends[j - 1] + m.end())
    with_numbers = []
    for s in sents:
        a, b = scan.sentences[s]
        start = scan.starts[a]
        sentence = scan.text[start : scan.ends[b - 1]]
        if _DIGIT.search(sentence) or _age_in_words(sentence):
            with_numbers.append((s, start, sentence))
    for patterns in (_AGES_NOW, _AGES):  # the age now beats any other
        for s, start, sentence in with_numbers:
            for pattern in patterns:
                for m in pattern.finditer(sentence):
                    age = _number(m.group(1))
                    if not (5 <= age <= 90) or not _nearest_is(
                        scan, person, by_sent.get(s, []), s, start + _anchor(m)
                    ):
                        continue
                    if m.group().endswith("old") and _KIN_AFTER.match(sentence, m.end()):
                        continue  # "a 16-year-old friend who had tried to go home": the friend's age
                    # "He was 17 and selling fish ... Five years later, the 22-year-old": an age
                    # told in the past tense is one back then, unless no other is stated
                    dated = _YEAR_BEFORE.search(sentence, max(0, m.start() - 16), m.start())
                    if dated and scan.published and int(dated.group(1)) <= scan.published.year:
                        # "In 2010, aged 22, he drove south": the age then, carried to the story's date
                        return age + scan.published.year - int(dated.group(1))
                    past = m.group().startswith("was ") or _WAS_BEFORE.search(
                        sentence, max(0, m.start() - 30), m.start()
                    )
                    if not _BACK_THEN.match(sentence, m.end()) and not past:
                        return age
                    # the last age back then is the nearest the leaving: "twelve years old when
                    # fighters took him ... He was 34 when he walked out of the bush"
                    if then is None or (s, start + m.end()) > then[1:]:
                        then = (age, s, start + m.end())
    return _years_later(scan, *then, sents) if then else None


def _birth_age(
    scan: Scan, published: date, person: _Person | None, sents: list[int], by_sent: dict[int, list[_Person]]
) -> int | None:
    """The age a year of birth gives ("Nasrat was born in 1990"), when no age is stated: the birth
    nearest this person, not a relative's ("his brother, born in 1988")."""
    for s in sents:
        a, b = scan.sentences[s]
        start = scan.starts[a]
        sentence = scan.text[start : scan.ends[b - 1]]
        if not _DIGIT.search(sentence):
            continue
        for birth in birth_ages(sentence, published):
            t = bisect_left(scan.starts, start + birth.char)
            if any(scan.norm[k] in _KIN for k in range(max(a, t - 3), t)):
                continue
            if _nearest_is(scan, person, by_sent.get(s, []), s, start + birth.char):
                return birth.age
    return None


_YEARS_LATER = re.compile(r"\b(\d{1,2}|[a-z]+(?:-[a-z]+)?)\s+years\s+(?:later\b|on(?=[,.]))", re.IGNORECASE)


def _years_later(scan: Scan, age: int, s: int, char: int, sents: list[int]) -> int:
    """"was 19 when a recruiter came to his village. Five years later (or "Five years on,"), he
    walked into an army base": the age then, plus the years the story counts on from it, in that
    sentence or the next of the person's."""
    last = s + 1 if s + 1 in sents else s
    m = _YEARS_LATER.search(scan.text, char, scan.ends[scan.sentences[last][1] - 1])
    return age + _number(m.group(1)) if m else age  # "many years later" adds nothing (0)


@lru_cache(maxsize=8192)  # the same words come back ("was a", "is the"), and text2num is slow to say no
def _number(text: str) -> int:
    """Digits, or a number in words ("twenty-three", "ثلاثة وثلاثين": 33, "الثالثة والثلاثين": 33;
    0 when the words are no number)."""
    if text.isdigit():
        return int(text)
    if not arabic_word(text):
        for language in ("en", "fr", "de"):  # "twenty-three", "vingt-deux", "dreiundzwanzig"
            try:
                return int(text2num(text.lower(), language))
            except ValueError:
                continue
        return 0  # "a decade-old", "a woman of courage": no number
    return _arabic_ordinal(text) or int(arabic_numbers.text2number(_without_article(text)))


def _without_article(text: str) -> str:
    """Arabic number words without their article ("الخمسة عشر" -> "خمسة عشر", "والعشرين" ->
    "وعشرين"), which pyarabic does not read."""
    words = [w[2:] if w.startswith("ال") else "و" + w[3:] if w.startswith("وال") else w for w in text.split()]
    return " ".join(words)


# Arabic ordinals, masculine and feminine, without the article (pyarabic reads cardinals only).
_ARABIC_ORDINAL_UNITS = {
    "حادي": 1, "حادية": 1, "ثاني": 2, "ثانية": 2, "ثالث": 3, "ثالثة": 3, "رابع": 4, "رابعة": 4,
    "خامس": 5, "خامسة": 5, "سادس": 6, "سادسة": 6, "سابع": 7, "سابعة": 7, "ثامن": 8, "ثامنة": 8,
    "تاسع": 9, "تاسعة": 9, "عاشر": 10, "عاشرة": 10,
}  # fmt: skip
_ARABIC_TENS = {"عشر": 10, "عشرة": 10, "عشرين": 20, "ثلاثين": 30, "أربعين": 40, "اربعين": 40, "خمسين": 50,
                "ستين": 60, "سبعين": 70}  # fmt: skip


def _arabic_ordinal(text: str) -> int:
    """"الثالثة والثلاثين" (33rd), "التاسعة عشرة" (19th), "العشرين" (20th): the ordinal as a number,
    0 when the words are none."""
    total = 0
    for n, word in enumerate(text.split()):
        if n and word.startswith("و"):
            word = word[1:]
        if word.startswith("ال"):
            word = word[2:]
        value = _ARABIC_ORDINAL_UNITS.get(word) or _ARABIC_TENS.get(word)
        if value is None or (n and value < 10):
            return 0
        total += value
    return total


def _nearest_is(scan: Scan, person: _Person | None, named: list[_Person], s: int, char: int) -> bool:
    """Whether `person` is the named person nearest to this point of the sentence (or none is named)."""
    best: tuple[int, _Person | None] | None = None
    for other in named:
        for i, j in other.mentions:
            if scan.sent[i] == s:
                dist = min(abs(scan.starts[i] - char), abs(scan.ends[j - 1] - char))
                if best is None or dist < best[0]:
                    best = (dist, other)
    return best is None or best[1] is person


NEGATIONS = frozenset(
    ["not", "never", "no", "nor", "nicht", "nie", "kein", "keine", "pas", "jamais", "değil"]
)


def negated_before(scan: Scan, i: int, window: int = 4) -> bool:
    """A negation a few words before word i, in its sentence ("had not given himself up", "was
    never abducted")."""
    s = scan.sent[i]
    return any(scan.norm[t] in NEGATIONS for t in range(max(0, i - window), i) if scan.sent[t] == s)


def counts_as_word(scan: Scan, t: int) -> bool:
    """Word t counts toward a distance in words: a group's name counts once, by its first word."""
    named = scan.covering("group", t)
    return named is None or named.i == t


def few_subject(scan: Scan, i: int, limit: int, window: int = 8) -> bool:
    """A small count of people as the subject before word i ("two al-Shabaab fighters gave
    themselves up", "the three brothers slipped away"): the count must be followed, within three
    words, by a plural cue or crowd noun ("fighters", "men"), or be an Arabic dual noun itself, so
    "two years later" is not a count of people. A
    group's name counts as one word of the window ("Three members of the Abu Sayyaf Group
    surrendered")."""
    s = scan.sent[i]
    a, b = scan.sentences[s]
    # "Two young Kenyans who came back": a people's plural name is a plural cue here too, as is a
    # crowd noun ("deux combattants", "zwei Kämpfer", "iki militan": plural only after the count)
    plural_starts = {h.i for category in ("plural", "crowd") for h in scan.in_sentence(category, s)} | {
        t for t in range(a, b) if plural_demonym(scan.norm[t])
    }
    seen = 0
    t = _before_aside(scan, i, a)
    while t >= 0 and seen < window and scan.sent[t] == s:
        seen += counts_as_word(scan, t)
        if _small_count(scan, t, limit) and (
            arabic_dual(scan.norm[t]) or any(t < p <= t + 3 and p < i for p in plural_starts)
        ):
            return True
        t -= 1
    return False


def _before_aside(scan: Scan, i: int, a: int, longest: int = 15) -> int:
    """The word before word i, or, when commas set off an aside right before it, the word before
    the aside ("Three members of the group, including a 15-year-old boy and a woman, surrendered")."""
    t = i - 1
    if t <= a or "," not in scan.text[scan.ends[t] : scan.starts[i]]:
        return t
    for k in range(t, max(a, t - longest), -1):
        if "," in scan.text[scan.ends[k - 1] : scan.starts[k]]:
            return k - 1
    return t


def few(scan: Scan, i: int, limit: int) -> bool:
    """A small count just before word i ("three former IS members"): individuals, not a statistic."""
    return any(_small_count(scan, t, limit) for t in range(max(0, i - 2), i))


_THOUSANDS = (",", ".", "\u202f", "\u00a0")  # between the groups of "1,250", "1.250", "1 250"


def count_value(scan: Scan, t: int) -> int:
    """The number in digits that ends at word t, with its thousands groups ("3,000" is two words,
    "3" and "000"); 0 when word t is no number."""
    word = scan.norm[t]
    if not word.isdigit():
        return 0
    digits = word
    while t >= 1 and scan.raw[t - 1].isdigit() and scan.text[scan.ends[t - 1] : scan.starts[t]] in _THOUSANDS:
        t -= 1
        digits = scan.raw[t] + digits
    return int(digits)


def _small_count(scan: Scan, t: int, limit: int) -> bool:
    """Word t is '3' or 'three', at most `limit` (not "000", the tail of "13,000" cut at its comma,
    nor "1", the head of "1,146")."""
    word = scan.norm[t]
    if word.startswith("0"):
        return False
    grouped = t + 1 < len(scan.norm) and scan.norm[t + 1].isdigit()
    if word.isdigit() and grouped and scan.text[scan.ends[t] : scan.starts[t + 1]] in _THOUSANDS:
        return False
    if word in _NUMBER_WORDS and t >= 1 and scan.norm[t - 1] in _TENS_WORDS and _hyphen_before(scan, t):
        return False  # "Sixty-four cadres": the last word of a bigger number
    if word == "sept" and t + 1 < len(scan.norm) and (
        scan.norm[t + 1].isdigit() or scan.text[scan.ends[t] : scan.starts[t + 1]].startswith(".")
    ):
        return False  # "Sept. 14", "Sept 2015": the English month, not French seven
    value = int(word) if word.isdigit() else _NUMBER_WORDS.get(word) or (2 if arabic_dual(word) else None)
    return value is not None and value <= limit


def arabic_dual(word: str) -> bool:
    """A folded Arabic noun of two people ("شقيقان", "الشقيقين", "والزوجين")."""
    for prefix in ("وال", "ال", "و", ""):
        if word.startswith(prefix) and word[len(prefix) :] in _ARABIC_DUAL_PEOPLE:
            return True
    return False


_TENS_WORDS = _words("twenty thirty forty fifty sixty seventy eighty ninety")


def _hyphen_before(scan: Scan, t: int) -> bool:
    return scan.text[scan.ends[t - 1] : scan.starts[t]] == "-"
