"""The `watch:` section of feeds.yml (what counts as a defector's account) and its compiled form.

The vocabulary lives in feeds.yml so reviewers can extend it without a release; this module only
validates it and compiles it once per rules object into word-indexed tables. A regex alternation
of several hundred phrases costs a branch per phrase at every character; looking each word up in
a dict keeps judging above 1000 articles a second on one core.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from itertools import accumulate, compress, repeat
from operator import is_not
from typing import Annotated, NamedTuple

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
)

from alerts.countries import (
    _DISPLAY,
    Country,
    capital_places,
    country_name,
    english_demonyms,
    local_country_names,
    long_forms,
    subdivision_places,
)


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one space apart (easier to read and extend than quoted items)."""
    return frozenset(text.split())


# Combining marks: accents in decomposed text and Arabic vowel signs (shadda, tanwin...). They are
# not \w, so a plain \w+ cut "سلّم" into "سل" + "م"; they belong inside words, and fold() drops them.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
WORD = re.compile(f"[\\w{_MARKS}]+")
_ARABIC = re.compile("[\u0600-\u06ff]")
_COMBINING = re.compile(f"[{_MARKS}]")
_SPLIT = re.compile(f"([\\w{_MARKS}]+)")
# A gap between words that may end a sentence; it starts after a word's last mark ("قاصراً": the
# tanween is part of the word, though not a word character).
_BREAK = re.compile(r"[^\w\u0300-\u036f\u064b-\u065f\u0670]*[.!?؟\n]\W*")
_LANG = re.compile(r"^(\*|[a-z]{2,3})$")
_REASON_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_ABBREVIATIONS = _words(
    """
mr mrs ms dr col gen lt st no vs jan feb mar apr jun jul aug sep sept oct nov dec
"""
)
# Capitalised at the start of a sentence, these do not make a longer name of the place after them.
_CAPITAL_FUNCTION_WORDS = _words("a an the in at from of to and for on by with near le la les der die das im")
# Capitalised words before a name that still leave it a name of its own: those above, and the word
# for a county ("Co Louth", "County Kerry").
_NOT_NAME_HEADS = _CAPITAL_FUNCTION_WORDS | _words("co county")
# After a province's or a state's name, the word for its kind: "Bayelsa State", "Idlib Governorate".
_PLACE_KINDS = _words("state province region governorate district county")
_LOCAL_LANGUAGES = ("fr", "de", "tr", "ar")
_JOINERS = _words("da de del do dos das al el ad ar as ash at az ibn bin")
_ARABIC_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "و", "ف", "ب", "ل", "ك", "ال")


# ------------------------------------------------------------------------------ phrase lists
def _check_phrase(phrase: str) -> None:
    words = phrase.split()
    if not WORD.search(phrase):
        raise ValueError(f"phrase {phrase!r} has no letters or digits to match")
    if words[0] in ("*", GAP_MARK) or words[-1] in ("*", GAP_MARK):
        raise ValueError(f"phrase {phrase!r}: a lone * or ... (skipped words) must sit between two words")
    for word in words:
        if word not in ("*", GAP_MARK) and word.endswith("*"):
            parts = WORD.findall(word[:-1])
            if not parts or len(parts[-1]) < 3:
                raise ValueError(
                    f"phrase {phrase!r}: write at least 3 letters before a trailing * (like 'defect*')"
                )


def _phrase_list(values: list[str]) -> list[str]:
    cleaned = []
    for value in values:
        value = value.strip()
        if not value:
            raise ValueError("empty phrase; remove it or write the words to match")
        _check_phrase(value)
        cleaned.append(value)
    return cleaned


def _as_lexicon(value: object) -> object:
    """Allow a flat list (applied to every language) where a per-language mapping is expected."""
    if value is None:
        return {}
    if isinstance(value, list):
        return {"*": value}
    return value


def _check_lexicon(value: dict[str, list[str]]) -> dict[str, list[str]]:
    for lang, phrases in value.items():
        if not _LANG.match(lang):
            raise ValueError(
                f"{lang!r} is not a language code: use two or three lowercase letters (en, fr, ar) or '*'"
            )
        value[lang] = _phrase_list(phrases)
    return value


Phrases = Annotated[list[str], AfterValidator(_phrase_list)]
Lexicon = Annotated[dict[str, list[str]], BeforeValidator(_as_lexicon), AfterValidator(_check_lexicon)]


class GroupRule(BaseModel):
    """One militant group: the name cases show, and how articles write it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="Canonical name shown in cases, like 'IS' or 'al-Shabaab'.")
    aliases: Phrases = Field(min_length=1, description="Every way articles write the group.")
    abbreviations: Phrases = Field(
        default_factory=list,
        description="Short forms that also name other things (EPP: the European People's Party; MIT: "
        "the institute); they name the group only in an article that also names it by an alias.",
    )
    home_country: Country | None = Field(default=None, description="Assumed nationality when none is stated.")
    branch_of: str | None = Field(
        default=None,
        description="The group this one is a regional branch of (AQAP of al-Qaeda): in an article that "
        "names the branch, the parent's mentions are the branch's.",
    )


class GenderCues(BaseModel):
    """Gendered words by language: "her" is Turkish for "every" and "man" German for "one", so a
    language's cues apply only to articles guessed to be in it (`*`: every article)."""

    model_config = ConfigDict(extra="forbid")

    m: Lexicon = Field(default_factory=dict)
    f: Lexicon = Field(default_factory=dict)


class Weights(BaseModel):
    """Weights of the logistic score; positive counts for an individual's account."""

    model_config = ConfigDict(extra="forbid")

    bias: float = -3.0
    individual_hit: float = 1.0
    title_hit: float = 0.6
    identified: float = 1.2
    testimony: float = 0.35
    plural_hit: float = 0.15
    aggregate: float = -0.45
    negative: float = -0.8
    toward: float = -0.9


DEFAULT_REASONS = ("infighting", "brutality", "corruption", "quality_of_life", "disillusionment", "other")


class WatchRules(BaseModel):
    """The `watch:` section of feeds.yml; every list is documented in feeds.yml itself."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.5, description="Score at or above which an account is flagged.")
    proximity: int = Field(default=20, description="Max words between a group mention and a defection term.")
    object_window: int = Field(default=4, description="Max words from an exit verb to the group it leaves.")
    few_max: int = Field(default=5, ge=1, le=50, description="Largest count still read as individuals.")
    groups: list[GroupRule] = Field(default_factory=list)
    generic_group_refs: Lexicon = Field(default_factory=dict)
    defection_terms: Lexicon = Field(default_factory=dict)
    exit_verbs: Lexicon = Field(default_factory=dict)
    approach_verbs: Lexicon = Field(default_factory=dict)
    authorities: Lexicon = Field(default_factory=dict)
    toward_cues: Lexicon = Field(default_factory=dict)
    toward_prepositions: Lexicon = Field(default_factory=dict)
    singular_cues: Lexicon = Field(default_factory=dict)
    plural_cues: Lexicon = Field(default_factory=dict)
    crowd_nouns: Lexicon = Field(default_factory=dict)
    quantifiers: Lexicon = Field(
        default_factory=dict,
        description="Words for many people (hundreds, viele, العشرات): in a headline, a few words "
        "before a crowd noun or a defection term, the story is about many.",
    )
    captivity_cues: Lexicon = Field(default_factory=dict)
    membership_cues: Lexicon = Field(default_factory=dict)
    testimony_cues: Lexicon = Field(default_factory=dict)
    aggregate_cues: Lexicon = Field(default_factory=dict)
    negative_cues: Lexicon = Field(default_factory=dict)
    stayed_cues: Lexicon = Field(
        default_factory=dict,
        description="Staying with the group to the end: a negative cue, and no leaving is counted in "
        "its sentence.",
    )
    returnee_terms: Lexicon = Field(
        default_factory=dict,
        description="Defection terms that say only that someone came back ('revenante', 'Rückkehrer'): "
        "in an article with a stayed cue, they tell of no leaving.",
    )
    state_roles: Lexicon = Field(
        default_factory=dict,
        description="A state's soldiers, officers, diplomats and spies: next to a demonym in a headline "
        "('Russian deserter', 'North Korean defector', 'Iranian diplomat') and with no watched group "
        "there, the leaving is from a state, not a militant group.",
    )
    other_scenes: Lexicon = Field(
        default_factory=dict,
        description="Groups people leave that are not armed groups (a gang, a cult, the Mafia, the far "
        "right): a headline naming one is not about leaving a militant group.",
    )
    role_words: Lexicon = Field(default_factory=dict)
    role_verbs: Lexicon = Field(default_factory=dict)
    person_nouns: Lexicon = Field(default_factory=dict)
    occupation_nouns: Lexicon = Field(
        default_factory=dict,
        description="Trades (mechanic, éleveur, çoban): after a demonym they make it the person's "
        "nationality ('the Moroccan mechanic'); nowhere else a person noun.",
    )
    organisation_words: Lexicon = Field(default_factory=dict)
    alias_cues: Lexicon = Field(default_factory=dict)
    pseudonym_notes: Lexicon = Field(
        default_factory=dict,
        description="A note after a name that it is not the real one (not his real name, Name "
        "geändert): the name is a person's.",
    )
    title_words: Lexicon = Field(
        default_factory=dict,
        description="Ranks and titles written before a name (Sergeant, self-styled, Cadre): no part "
        "of it, and not a bystander's role.",
    )
    common_name_words: Lexicon = Field(
        default_factory=dict,
        description="Words of group names that everyday text is full of (front, liberation, حركة): "
        "the prefilter looks for a group by a rarer word of its name.",
    )
    violence_nouns: Lexicon = Field(
        default_factory=dict,
        description="What a group does to people ('fled al-Shabaab taxes', 'fled the Boko Haram "
        "assault'): after a defection term and near the group it follows, the flight is from the "
        "group's violence, not out of its ranks.",
    )
    policy_nouns: Lexicon = Field(
        default_factory=dict,
        description="Nouns after a defection term that make it the name of a scheme, not an act "
        "(surrender policy, amnesty programme): nobody left.",
    )
    unrealised_before: Lexicon = Field(
        default_factory=dict,
        description="Words up to three before a defection term that make it a wish, a plan or an "
        "attempt, not an act (a voulu quitter, versuchte zu fliehen, حاول الهرب). English has its "
        "own rule in alerts.score (refused to, thinking of, considered).",
    )
    unrealised_after: Lexicon = Field(
        default_factory=dict,
        description="The same, up to two words after the term (ayrılmak istedi, kaçmaya çalışırken, "
        "verlassen wollte).",
    )
    link_lines: Lexicon = Field(
        default_factory=dict,
        description="How a line pointing to other stories begins (Read more:, À lire aussi :, "
        "İlgili haber:); up to three more words may come before its colon or bar (Mehr aus der "
        "Steiermark:). Such lines are left out of judging: their headlines are other stories'.",
    )
    speech_verbs: Lexicon = Field(default_factory=dict)
    gender_cues: GenderCues = Field(default_factory=GenderCues)
    now_in_cues: Lexicon = Field(default_factory=dict)
    arrival_cues: Lexicon = Field(default_factory=dict)
    reasons: dict[str, Phrases] = Field(default_factory=lambda: {key: list[str]() for key in DEFAULT_REASONS})
    nationalities: dict[str, Country] = Field(default_factory=dict)
    places: dict[str, Country] = Field(default_factory=dict)
    place_modifiers: Phrases = Field(default_factory=list)
    weights: Weights = Field(default_factory=Weights)

    _compiled: CompiledRules | None = PrivateAttr(default=None)

    @field_validator("threshold")
    @classmethod
    def _threshold_in_range(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError(
                f"threshold {value} is outside 0..1: it is the score at or above which an "
                "article is flagged, e.g. 0.5"
            )
        return value

    @field_validator("proximity", "object_window")
    @classmethod
    def _word_count(cls, value: int) -> int:
        if not 1 <= value <= 200:
            raise ValueError(f"{value} words: give a whole number of words between 1 and 200 (e.g. 20)")
        return value

    @field_validator("groups")
    @classmethod
    def _distinct_groups(cls, groups: list[GroupRule]) -> list[GroupRule]:
        owner: dict[str, str] = {}
        names = [g.name for g in groups]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"group {name!r} is listed twice; merge its aliases into one entry")
        for group in groups:
            for alias in group.aliases + group.abbreviations:
                key = " ".join(fold(w) for w in WORD.findall(alias))
                if owner.setdefault(key, group.name) != group.name:
                    raise ValueError(
                        f"alias {alias!r} belongs to both {owner[key]!r} and {group.name!r}; keep it in one"
                    )
        for group in groups:
            if group.branch_of is not None and group.branch_of not in names:
                raise ValueError(
                    f"group {group.name!r}: branch_of {group.branch_of!r} is no group of this list; write"
                    f" the parent's name as its own entry gives it (one of {', '.join(names[:5])}, ...)"
                )
            if group.branch_of == group.name:
                raise ValueError(f"group {group.name!r} cannot be a branch of itself; remove branch_of")
        return groups

    @field_validator("reasons")
    @classmethod
    def _reason_keys(cls, reasons: dict[str, list[str]]) -> dict[str, list[str]]:
        for key in reasons:
            if not _REASON_KEY.match(key):
                raise ValueError(
                    f"reason {key!r}: keys are lowercase words joined by _, like quality_of_life"
                )
        return reasons

    def compiled(self) -> CompiledRules:
        """The matcher for these rules, built on first use and kept with the object."""
        if self._compiled is None:
            self._compiled = CompiledRules(self)
        return self._compiled


# ------------------------------------------------------------------------------ matching
@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lowercase without accents ("État" -> "etat", "IŞİD" -> "isid"); cached: words repeat (and the
    cache is C code, so `map(fold, words)` costs little)."""
    low = word.lower().replace("ı", "i")
    if low.isascii():
        return low
    plain = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    # A one-letter word keeps its accent: French "à" is not the English article "a", "ô" not "o".
    return low if len(plain) == 1 else plain


def arabic_word(word: str) -> bool:
    """A word in Arabic letters (which have no capitals to mark a name or a place)."""
    return "\u0600" <= word[:1] <= "\u06ff"


def word_list(text: str) -> frozenset[str]:
    """A word list written as text, one space apart, folded as the scan folds the words it is
    compared with ("für" matches "fur", "إلى" matches "الى")."""
    return frozenset(fold(w) for w in text.split())


def _folded(lexicon: Lexicon) -> frozenset[str]:
    """Every word of a lexicon, in every language, folded: for lists looked up one word at a time."""
    return frozenset(fold(w) for words in lexicon.values() for w in words)


@lru_cache(maxsize=50_000)
def word_variants(norm: str) -> tuple[str, ...]:
    """The word, plus Arabic words without their attached prefixes ("لداعش" -> "داعش")."""
    if not norm or not "\u0600" <= norm[0] <= "\u06ff":
        return (norm,)
    out = [norm]
    for prefix in _ARABIC_PROCLITICS:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
            out.append(norm[len(prefix) :])
    return tuple(out)


LITERAL, PREFIX, OPTIONAL, GAP = 0, 1, 2, 3
# "..." in a phrase skips up to GAP_WORDS words: a German separable verb's particle closes the clause
# ("setzte sich ... ab" matches "setzte er sich im Sommer 2016 ab").
GAP_MARK, GAP_WORDS = "...", 6
Elem = tuple[int, str, str | None]  # kind, folded text, raw text when case-sensitive


@dataclass(frozen=True)
class Pattern:
    elems: tuple[Elem, ...]
    category: str
    label: str


def _case_sensitive(word: str) -> bool:
    """Short capital-letter words ("IS", "HTS") and mixed-case abbreviations ("LeT", "JeM") match
    only as written: folded, they are everyday words ("is", "let")."""
    if not word.isalpha() or len(word) > 4:
        return False
    if word.isupper():
        return len(word) <= 3
    return not word.islower() and sum(c.isupper() for c in word) >= 2


def _compile_phrase(phrase: str, category: str, label: str) -> Pattern:
    """A phrase as pattern elements. An abbreviation's capitalised words match only as written:
    "FACT" (the Chadian front) is not "fact", nor "NAS" "Nas"."""
    elems: list[Elem] = []
    for word in phrase.split():
        if word == "*":
            elems.append((OPTIONAL, "", None))
            continue
        if word == GAP_MARK:
            elems.append((GAP, "", None))
            continue
        prefix = word.endswith("*")
        parts = WORD.findall(word)
        for n, part in enumerate(parts):
            strict = part if _case_sensitive(part) or (category == "group~" and part.isupper()) else None
            kind = PREFIX if prefix and n == len(parts) - 1 else LITERAL
            elems.append((kind, fold(part), strict))
    return Pattern(tuple(elems), category, label)


class Hit(NamedTuple):
    """A phrase found in the text: tokens [i, j), its category and label (group name, country...).
    A named tuple, not a dataclass: an article makes thousands and a tuple is several times cheaper."""

    i: int
    j: int
    category: str
    label: str


def by_sentence(hits: Iterable[Hit], sent: list[int]) -> dict[int, list[Hit]]:
    """Hits grouped by the sentence they start in, each list in the order given."""
    out: dict[int, list[Hit]] = {}
    for hit in hits:
        out.setdefault(sent[hit.i], []).append(hit)
    return out


@dataclass
class Scan:
    """An article read once: words, sentences and every phrase found, by category."""

    text: str
    starts: list[int]
    ends: list[int]
    raw: list[str]
    norm: list[str]
    sent: list[int]
    sentences: list[tuple[int, int]]
    title_sentences: int
    hits: dict[str, list[Hit]]
    published: date | None = None  # the article's date, when known: "born in 1994" is then an age
    _index: dict[str, dict[int, Hit]] = field(default_factory=dict)
    _cover: dict[str, dict[int, Hit]] = field(default_factory=dict)
    _by_sentence: dict[str, dict[int, list[Hit]]] = field(default_factory=dict)
    _ordered: dict[str, tuple[list[int], list[Hit]]] = field(default_factory=dict)

    def at(self, category: str, i: int) -> Hit | None:
        """The hit of `category` starting at word i."""
        index = self._index.get(category)
        if index is None:
            index = self._index[category] = {h.i: h for h in self.hits.get(category, ())}
        return index.get(i)

    def covering(self, category: str, i: int) -> Hit | None:
        """The first hit of `category` whose words include word i. Indexed once per category: the
        rules ask this for most words, and a scan of every hit each time made long texts quadratic."""
        cover = self._cover.get(category)
        if cover is None:
            cover = self._cover[category] = {}
            for hit in self.hits.get(category, ()):
                for t in range(hit.i, hit.j):
                    cover.setdefault(t, hit)
        return cover.get(i)

    def in_sentence(self, category: str, s: int) -> list[Hit]:
        """The hits of `category` in sentence s, in text order. Indexed once per category: the rules
        ask this for every defection term, and a scan of every hit each time made long texts
        quadratic."""
        index = self._by_sentence.get(category)
        if index is None:
            index = self._by_sentence[category] = by_sentence(self.hits.get(category, ()), self.sent)
        return index.get(s, [])

    def starting_in(self, category: str, a: int, b: int) -> list[Hit]:
        """The hits of `category` that start at a word in [a, b), in text order."""
        ordered = self._ordered.get(category)
        if ordered is None:
            hits = sorted(self.hits.get(category, ()), key=lambda h: h.i)
            ordered = self._ordered[category] = ([h.i for h in hits], hits)
        starts, hits = ordered
        return hits[bisect_left(starts, a) : bisect_left(starts, b)]

    def span_text(self, i: int, j: int) -> str:
        return self.text[self.starts[i] : self.ends[j - 1]]

    @cached_property
    def title_end(self) -> int:
        """The first word after the headline (the number of words when the text is all headline)."""
        words = range(len(self.norm))
        return next((t for t in words if self.sent[t] >= self.title_sentences), len(self.norm))

    @cached_property
    def lower_case_words(self) -> frozenset[str]:
        """The folded words the article writes in lower case somewhere: a capitalised one is no name."""
        return frozenset(n for r, n in zip(self.raw, self.norm, strict=True) if r[:1].islower())

    @cached_property
    def _quotations(self) -> tuple[list[int], list[int]]:
        """Where direct quotations start and end (characters), for `quoted`."""
        spans = [m.span() for m in _QUOTATION.finditer(self.text)]
        return [a for a, _ in spans], [b for _, b in spans]

    def quoted(self, t: int) -> bool:
        """Word t stands inside a direct quotation ("« Un Belge a fait emprisonner un Français »"):
        the speaker's words about others, as often as about themselves."""
        starts, ends = self._quotations
        k = bisect_left(starts, self.starts[t] + 1) - 1
        return k >= 0 and self.ends[t] <= ends[k]

    @cached_property
    def language(self) -> str:
        """The article's language, guessed from its function words (feeds' labels are often wrong)."""
        return guess_language(self.norm)


# Frequent function words that belong to one language only (folded: no accents).
_FUNCTION_WORDS = {
    "en": _words("the and of to is was with that from for his her they who which have has this"),
    "fr": _words("le la les et est une dans qui pour avec sur pas son elle il au aux du ont"),
    "de": _words("der die das und ist nicht mit sich auf dem den ein eine zu von hat wurde sie er"),
    "tr": _words("ve bir bu ile icin olarak olan ise gibi daha sonra oldu kadar"),
}


def guess_language(norm: list[str]) -> str:
    """'en', 'fr', 'de', 'tr' or 'ar': the language whose function words are most frequent among
    the first 400 words (Arabic when Arabic words outnumber them)."""
    head = norm[:400]
    counts = {lang: sum(map(words.__contains__, head)) for lang, words in _FUNCTION_WORDS.items()}
    arabic = sum(1 for w in head if "\u0600" <= w[:1] <= "\u06ff")
    best = max(counts, key=lambda lang: counts[lang])
    return "ar" if arabic > counts[best] else best


class _Prefilter(NamedTuple):
    words: re.Pattern[str] | None
    arabic: tuple[str, ...]
    short: re.Pattern[str] | None
    strict: re.Pattern[str] | None


_Starting = tuple[
    tuple[tuple[str, str, str | None], ...], dict[str, tuple["Pattern", ...]], tuple["Pattern", ...]
]
_NOTHING: _Starting = ((), {}, ())


# First words of groups' names that are also people's names or everyday words.
_NOT_ALIAS_HEADS = frozenset(["abu", "umm", "islamic", "allied", "front", "groupe", "national"])


def _french_singular(phrase: str) -> bool:
    """A lower-case demonym in Latin letters, no wildcard, not already plural: the French adjective
    ("nigérienne"), whose plural the table need not list."""
    return phrase[:1].islower() and phrase.isalpha() and phrase[-1] not in "sx"


class CompiledRules:
    """Word-indexed phrase tables for one WatchRules object."""

    def __init__(self, rules: WatchRules) -> None:
        self.rules = rules
        self.literal: dict[str, list[Pattern]] = {}
        self.prefix: dict[str, list[Pattern]] = {}
        self._starting: dict[str, _Starting] = {}
        self.group_home = {g.name: g.home_country for g in rules.groups}
        self.branches: dict[str, list[str]] = {}  # parent -> its branches, in the list's order
        for g in rules.groups:
            if g.branch_of:
                self.branches.setdefault(g.branch_of, []).append(g.name)
        heads: set[str] = set()
        for group in rules.groups:
            for alias in group.aliases:
                self._add(alias, "group", group.name)
                words = WORD.findall(alias)
                # "Lashkar" of "Lashkar-e-Taiba": alone, a short name for the group, not a person's
                if len(words) > 1 and len(words[0]) >= 4 and fold(words[0]) not in _NOT_ALIAS_HEADS:
                    heads.add(words[0])
            for abbreviation in group.abbreviations:
                self._add(abbreviation, "group~", group.name)
        for head in sorted(heads):
            self._add(head, "alias_head", head)
        lexicons = {
            "generic": rules.generic_group_refs,
            "defection": rules.defection_terms,
            "exit": rules.exit_verbs,
            "authority": rules.authorities,
            "toward": rules.toward_cues,
            "toward_prep": rules.toward_prepositions,
            "singular": rules.singular_cues,
            "plural": rules.plural_cues,
            "crowd": rules.crowd_nouns,
            "quantifier": rules.quantifiers,
            "captivity": rules.captivity_cues,
            "other_scene": rules.other_scenes,
            "state_role": rules.state_roles,
            "membership": rules.membership_cues,
            "testimony": rules.testimony_cues,
            "aggregate": rules.aggregate_cues,
            "negative": rules.negative_cues,
            "stayed": rules.stayed_cues,
            "returnee": rules.returnee_terms,
            "role": rules.role_words,
            "role_verb": rules.role_verbs,
            "person_noun": rules.person_nouns,
            "occupation": rules.occupation_nouns,
            "organisation": rules.organisation_words,
            "alias_cue": rules.alias_cues,
            "pseudonym": rules.pseudonym_notes,
            "title": rules.title_words,
            "speech": rules.speech_verbs,
            "now_in": rules.now_in_cues,
            "arrival": rules.arrival_cues,
        }
        for category, lexicon in lexicons.items():
            for lang, phrases in lexicon.items():
                # another language's words that name an institution or make a story another kind
                # only in their own language's articles: Turkish "Hakim" (judge) is an English
                # article's first name, German "DDR" (East Germany) a French one's disarmament scheme
                local = category in _LOCAL_CATEGORIES and lang not in ("en", "*")
                for phrase in phrases:
                    self._add(phrase, f"{category}~{lang}" if local else category, phrase)
        for gender, cues in (("m", rules.gender_cues.m), ("f", rules.gender_cues.f)):
            for lang, phrases in cues.items():
                for phrase in phrases:
                    self._add(phrase, "gender", f"{gender}:{lang}")
        for key, phrases in rules.reasons.items():
            for phrase in phrases:
                self._add(phrase, "reason", key)
        for phrase, nation in rules.nationalities.items():
            self._add(phrase, "nation", nation)
            if _french_singular(phrase):
                self._add(phrase + "s", "nation", nation)  # "aux autorités nigériennes"
        for phrase, country in english_demonyms().items():  # capitalised only, like the gazetteer
            if phrase not in rules.nationalities:
                self._add(phrase, "nation~", country)
        for entry in pycountry.countries:
            for name in {str(entry.name), getattr(entry, "common_name", None) or str(entry.name)}:
                display = country_name(str(entry.alpha_2))
                if "," not in name and display:
                    self._add(name, "nation", display)
        for display in _DISPLAY.values():
            self._add(display, "nation", display)
        for phrase, display in long_forms().items():  # "Democratic Republic of Congo"
            self._add(phrase, "nation", display)
        for phrase, country in rules.places.items():
            self._add(phrase, "place", country)
        # Found only when capitalised (see scan): the gazetteer's names are many, some everyday words.
        for lang in _LOCAL_LANGUAGES:  # "Liban" is Lebanon in French, a first name in English
            for phrase, country in local_country_names((lang,)).items():
                self._add(phrase, f"nation~{lang}", country)
                if lang == "de" and phrase[-1:] not in ("s", "x", "z", "ß"):
                    # the genitive: "im Südosten Mauretaniens", "im Zentrum Malis"
                    self._add(phrase + "s", f"nation~{lang}", country)
        for phrase, country in subdivision_places().items():
            self._add(phrase, "place~", country)
        for phrase, country in capital_places().items():
            self._add(phrase, "place~", country)
        for phrase in rules.place_modifiers:
            self._add(phrase, "place_modifier", phrase)

    @cached_property
    def approach_verbs(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """`approach_verbs` as folded word tuples keyed by their first word. Kept out of the scan:
        "went" and "came" are in most articles, and only the words before an authority ("the police")
        need looking at."""
        out: dict[str, list[tuple[str, ...]]] = {}
        for phrases in self.rules.approach_verbs.values():
            for phrase in phrases:
                words = tuple(fold(w) for w in WORD.findall(phrase))
                out.setdefault(words[0], []).append(words)
        return {first: tuple(v) for first, v in out.items()}

    @cached_property
    def unrealised(self) -> tuple[frozenset[str], frozenset[str]]:
        """`unrealised_before` and `unrealised_after` folded, looked up near a defection term."""
        return (
            _folded(self.rules.unrealised_before),
            _folded(self.rules.unrealised_after),
        )

    @cached_property
    def violence_nouns(self) -> frozenset[str]:
        """`violence_nouns` folded, looked up between a defection term and just after its group."""
        return _folded(self.rules.violence_nouns)

    @cached_property
    def policy_nouns(self) -> frozenset[str]:
        """`policy_nouns` folded, looked up as the word right after a defection term."""
        return _folded(self.rules.policy_nouns)

    @cached_property
    def link_lines(self) -> re.Pattern[str] | None:
        """`link_lines` as one pattern over whole lines (None when there are none)."""
        phrases = sorted({p for ps in self.rules.link_lines.values() for p in ps}, key=len, reverse=True)
        if not phrases:
            return None
        either = "|".join(re.escape(p) for p in phrases)
        return re.compile(rf"(?im)^[^\w\n]*(?:{either})(?:[ \t]+[^\s:|]+){{0,3}}[ \t]*[:|][^\n]*")

    @cached_property
    def _prefilter(self) -> _Prefilter:
        """A word of every group alias in the folded text: one regex over the word starts, built as a
        trie of the words (many words cost little more than one), Arabic words as plain substrings
        (they may follow an attached prefix), and regexes for the aliases made only of short words
        ("al-Qa'ida") and the capital-letter ones (IS, HTS)."""
        keys: set[str] = set()
        short: list[str] = []
        strict: set[str] = set()
        everyday = _folded(self.rules.common_name_words)
        for group in self.rules.groups:
            for alias in group.aliases:
                elems = [e for e in _compile_phrase(alias, "group", "").elems if e[0] < OPTIONAL]
                # its rarest-looking word: the longest that is not an everyday word ("caliphate" of
                # "so-called caliphate"), so that fewer articles take the full path for nothing; an
                # Arabic word is as long as its shortest form ("الله" is looked for as "له")
                kind, text, raw = max(
                    elems,
                    key=lambda e: (e[0] == LITERAL, e[1] not in everyday, min(map(len, word_variants(e[1])))),
                )
                if raw is not None:
                    strict.add(re.escape(raw))
                elif _ARABIC.search(text):
                    keys.add(min(word_variants(text), key=len))  # in every prefixed form of the word
                elif len(text) >= 4:
                    keys.add(text)
                else:
                    short.append(r"\W+".join(re.escape(e[1]) for e in elems))
        arabic = tuple(sorted(k for k in keys if _ARABIC.search(k)))
        latin = [k for k in keys if not _ARABIC.search(k)]
        return _Prefilter(
            re.compile(r"(?<!\w)" + _trie_pattern(latin)) if latin else None,
            tuple(k for k in arabic if not any(o != k and o in k for o in arabic)),
            re.compile(r"\b(?:" + "|".join(short) + r")\b") if short else None,
            re.compile("(?:" + "|".join(sorted(strict)) + r")\b") if strict else None,
        )

    def may_concern(self, title: str, text: str) -> bool:
        """False when no watched group can be named in the article: then no defection term can count
        and judging it is a waste (most news). Costs a few C-level passes over the text."""
        words, arabic, short, strict = self._prefilter
        full = f"{title}\n\n{text}"
        if strict is not None:
            for m in strict.finditer(full):
                if m.start() == 0 or not full[m.start() - 1].isalnum():
                    return True
        low = full.lower().replace("ı", "i")
        if not low.isascii():  # fold as `fold` does: "État" -> "etat", "الإسلامية" -> "الاسلامية"
            low = _COMBINING.sub("", unicodedata.normalize("NFKD", low))
            if any(key in low for key in arabic):
                return True
        if words is not None and words.search(low) is not None:
            return True
        return short is not None and short.search(low) is not None

    def _add(self, phrase: str, category: str, label: str) -> None:
        pattern = _compile_phrase(phrase, category, label)
        kind, text, _ = pattern.elems[0]
        if kind == PREFIX:
            self.prefix.setdefault(text[:3], []).append(pattern)
        else:
            self.literal.setdefault(text, []).append(pattern)

    def _starting_with(self, word: str) -> _Starting:
        """The phrases whose first word matches `word`: one-word ones resolved, longer ones indexed by
        their second word when it is a plain word. Cached per word (words repeat), so most article
        words cost one dict lookup."""
        singles: list[tuple[str, str, str | None]] = []
        by_second: dict[str, tuple[Pattern, ...]] = {}
        others: list[Pattern] = []
        for pattern in self.literal.get(word, []) + [
            p for p in self.prefix.get(word[:3], []) if word.startswith(p.elems[0][1])
        ]:
            if len(pattern.elems) == 1:
                singles.append((pattern.category, pattern.label, pattern.elems[0][2]))
            elif pattern.elems[1][0] == LITERAL:
                by_second[pattern.elems[1][1]] = by_second.get(pattern.elems[1][1], ()) + (pattern,)
            else:
                others.append(pattern)
        entry: _Starting = (tuple(singles), by_second, tuple(others))
        if not singles and not by_second and not others:
            entry = _NOTHING
        if len(self._starting) < 500_000:
            self._starting[word] = entry
        return entry

    def scan(self, title: str, text: str) -> Scan:
        """Tokenise title + text, split sentences and find every phrase in one pass over the words.
        Lines pointing to other stories are blanked (same length, so offsets still fit the text)."""
        if self.link_lines is not None:
            text = self.link_lines.sub(lambda m: " " * len(m.group()), text)
        full = f"{title}\n\n{text}" if title else text
        # re.split with a group alternates gap, word, gap, word...; offsets come from the running sum
        # of the pieces' lengths (all in C: tokenising is a large share of the time per article).
        parts = _SPLIT.split(full)
        offsets = list(accumulate(map(len, parts)))
        raw = parts[1::2]
        starts = offsets[0:-1:2]
        ends = offsets[1::2]
        norm = list(map(fold, raw))
        sent, sentences, title_sentences = self._sentences(
            full, len(title) if title else 0, starts, ends, raw, norm
        )
        found: dict[str, list[Hit]] = {}
        starting = self._starting.get
        n = len(norm)
        firsts = list(map(starting, norm))  # most words start no phrase: one lookup each, in C
        if _ARABIC.search(full):
            todo: Iterable[int] = range(n)  # Arabic words may start a phrase once their prefix is off
        else:  # only the words that may start a phrase, picked out in C
            todo = compress(range(n), map(is_not, firsts, repeat(_NOTHING)))
        for i in todo:
            word, first = norm[i], firsts[i]
            if first is _NOTHING and word < "\u0600":
                continue
            if "\u0600" <= word[:1] <= "\u06ff":
                entries = [(v, starting(v) or self._starting_with(v)) for v in word_variants(word)]
            else:
                entries = [(word, first or self._starting_with(word))]
            for variant, entry in entries:
                if entry is _NOTHING:
                    continue
                singles, by_second, others = entry
                for category, label, strict in singles:
                    if strict is None or raw[i] == strict:
                        found.setdefault(category, []).append(Hit(i, i + 1, category, label))
                multis = others
                if i + 1 < n and by_second:
                    more = by_second.get(norm[i + 1])
                    if more:
                        multis = more + others
                for pattern in multis:
                    strict = pattern.elems[0][2]
                    if strict is not None and raw[i] != strict:
                        continue
                    j = _match(pattern.elems, 1, norm, raw, i + 1, variant)
                    if j > i:
                        found.setdefault(pattern.category, []).append(
                            Hit(i, j, pattern.category, pattern.label)
                        )
        if "group~" in found:
            _bind_abbreviations(found)
        # the language's own country names and institution words (guessed once, kept for the scan)
        language: str | None = None
        local = [c for c in found if c.startswith(("nation~", *_LOCAL_PREFIXES)) and c != "nation~"]
        if local:
            language = guess_language(norm)
            for category in local:
                in_language = found.pop(category)
                kind, lang = category.split("~", 1)
                if lang != language:
                    continue
                if kind == "nation":
                    found.setdefault("nation~", []).extend(in_language)
                else:
                    found.setdefault(kind, []).extend(Hit(h.i, h.j, kind, h.label) for h in in_language)
        if (
            "organisation" in found
        ):  # "Forces", "Post": a name-maker only when capitalised ("the post" is not)
            found["organisation"] = [h for h in found["organisation"] if raw[h.i][:1].isupper()]
        for category in ("nation", "place"):
            gazetteer = found.pop(category + "~", None)
            if gazetteer:
                found.setdefault(category, []).extend(
                    Hit(h.i, h.j, category, h.label)
                    for h in gazetteer
                    if _standalone(full, raw, starts, ends, h, german=language == "de")
                )
        hits = {category: _longest(items) for category, items in found.items()}
        lakes = [h for h in hits.get("nation", ()) if _names_a_lake(norm, h)]
        if lakes:  # no country, and no person's name either
            hits["nation"] = [h for h in hits["nation"] if h not in lakes]
            hits["lake"] = [Hit(h.i, h.j, "lake", h.label) for h in lakes]
        if "group" in hits:
            _drop_crowds_in_group_names(hits)
        if "plural" in hits:
            _german_she(hits, raw, norm)
        scan = Scan(full, starts, ends, raw, norm, sent, sentences, title_sentences, hits)
        if language is not None:
            scan.language = language  # fills the cached property: not guessed a second time
        return scan

    @staticmethod
    def _sentences(
        full: str, title_len: int, starts: list[int], ends: list[int], raw: list[str], norm: list[str]
    ) -> tuple[list[int], list[tuple[int, int]], int]:
        """Sentence of each word: a break at a newline, or at . ! ? before a word that is not lowercase
        (not after an abbreviation or an initial). Only the gaps holding such marks are looked at."""
        sentences: list[tuple[int, int]] = []
        title_sentences = 0
        begin = 0
        n = len(starts)
        for m in _BREAK.finditer(full):
            k = bisect_left(starts, m.end())
            if k <= begin or k >= n or ends[k - 1] > m.start():
                continue
            gap = m.group()
            if "\n" not in gap and (
                (gap == "." and raw[k - 1][-1:].isdigit() and raw[k][:1].isdigit())  # "1.150", "2.5"
                or norm[k - 1] in _ABBREVIATIONS
                or (len(raw[k - 1]) == 1 and (raw[k - 1].isupper() or arabic_word(raw[k - 1])))  # "«ح.ب.»"
                or raw[k][:1].islower()
            ):
                continue
            sentences.append((begin, k))
            if starts[k - 1] < title_len:
                title_sentences = len(sentences)
            begin = k
        if starts:
            sentences.append((begin, n))
            if starts[begin] < title_len:
                title_sentences = len(sentences)
        sent: list[int] = []
        for number, (a, b) in enumerate(sentences):
            sent.extend([number] * (b - a))
        return sent, sentences, title_sentences


_Trie = dict[str, "_Trie"]


# Categories whose other-language words count only in an article of that language.
_LOCAL_CATEGORIES = ("organisation", "negative")
_LOCAL_PREFIXES = tuple(c + "~" for c in _LOCAL_CATEGORIES)


def _trie_pattern(words: list[str]) -> str:
    """One regex for many words, as a trie ("hamas|hezbollah" -> "h(?:amas|ezbollah)"): Python's
    regex engine tries an alternation's branches one by one, a trie's branches are decided by one
    letter each, so two hundred words cost about what twenty do."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: _Trie) -> str:
        if "" in node:  # a word ends here: a longer one starting with it adds nothing to a search
            return ""
        branches = [re.escape(c) + pattern(sub) for c, sub in sorted(node.items())]
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return pattern(trie)


# Before a country's name, a lake named after it ("Lake Chad", "lac Tchad", "بحيرة تشاد"); after it,
# Turkish "Gölü" ("Çad Gölü").
_LAKE_BEFORE = word_list("lake lac بحيرة")


def _names_a_lake(norm: list[str], h: Hit) -> bool:
    """"from the islands of Lake Chad": a lake, which four countries share, not the country."""
    return (h.i > 0 and norm[h.i - 1] in _LAKE_BEFORE) or (h.j < len(norm) and norm[h.j].startswith("golu"))


def _drop_crowds_in_group_names(hits: dict[str, list[Hit]]) -> None:
    """"People" in "the New People's Army" is a group's name, no crowd of people."""
    inside = {t for h in hits["group"] if h.j - h.i > 1 for t in range(h.i, h.j)}
    for category in ("plural", "crowd"):
        if category in hits:
            hits[category] = [h for h in hits[category] if h.i not in inside]


# A direct quotation within a paragraph: «…», “…”, „…“ or "…".
_QUOTATION = re.compile(r'«[^»\n]*»|“[^”\n]*”|„[^“”\n]*[“”]|"[^"\n]*"')


# German verbs of the third person singular that do not end in -t or -te ("sie war", "kam sie").
_GERMAN_SINGULAR_VERBS = _words(
    "ist war hat wird kann will muss darf soll mag weiß kam ging lief floh blieb sah stand nahm gab fand "
    "schrieb rief bat trug fuhr brach zog hielt ließ fiel sprach traf verließ begann erfuhr"
)
_GERMAN_PLURAL_VERBS = _words("sind waren")
# Lower-case words ending like a verb that are none ("sie nicht", "seit sie", "nutzte sie einen").
_GERMAN_NOT_VERBS = _words(
    "nicht nichts selbst jetzt erst bereits damit mit seit oft dort zuletzt längst meist fast gut weit "
    "bist seid einen keinen seinen ihren meinen deinen unseren den denen wegen gegen zwischen neben "
    "eben oben unten morgen trotzdem"
)


def _german_verb_number(word: str) -> str | None:
    """'sg' or 'pl' for a lower-case German word that reads as a finite verb, else None."""
    if not word.isalpha() or not word.islower():
        return None
    folded = fold(word)  # the lists are folded: "weiß", "ließ"
    if folded in _GERMAN_NOT_VERBS:
        return None
    if folded in _GERMAN_PLURAL_VERBS or word.endswith("en"):
        return "pl"
    if folded in _GERMAN_SINGULAR_VERBS or word.endswith(("t", "te")):
        return "sg"
    return None


def _german_she(hits: dict[str, list[Hit]], raw: list[str], norm: list[str]) -> None:
    """German "sie" is "she" as often as "they": the verb beside it tells ("sie nutzte", "sagt sie"
    against "sie nutzten"). With a verb of the singular it is one woman (a singular cue and a
    female one), no crowd; otherwise it stays a plural cue."""
    she: list[int] = []
    for h in hits["plural"]:
        if norm[h.i] != "sie" or h.j != h.i + 1:
            continue
        after = raw[h.i + 1] if h.i + 1 < len(raw) else ""
        before = raw[h.i - 1] if h.i > 0 else ""
        number = _german_verb_number(after) or _german_verb_number(before)
        if number == "sg":
            she.append(h.i)
    if not she:
        return
    taken = set(she)
    hits["plural"] = [h for h in hits["plural"] if h.i not in taken]
    hits["singular"] = sorted([*hits.get("singular", ()), *(Hit(t, t + 1, "singular", "sie") for t in she)])
    gendered = {t for h in hits.get("gender", ()) for t in range(h.i, h.j)}  # "sagt sie" is one already
    hits["gender"] = sorted(
        [*hits.get("gender", ()), *(Hit(t, t + 1, "gender", "f:de") for t in she if t not in gendered)]
    )


def _bind_abbreviations(found: dict[str, list[Hit]]) -> None:
    """An ambiguous abbreviation ("EPP") names a group only when the article also names that group by
    an alias ("the Paraguayan People's Army (EPP)"); alone it is another body's ("the EPP's MEPs")."""
    named = {h.label for h in found.get("group", ())}
    bound = [Hit(h.i, h.j, "group", h.label) for h in found.pop("group~") if h.label in named]
    if bound:  # kept in text order, as every category's hits are
        found["group"] = sorted(found["group"] + bound, key=lambda h: (h.i, h.j))


def _standalone(
    full: str, raw: list[str], starts: list[int], ends: list[int], hit: Hit, german: bool = False
) -> bool:
    """A gazetteer name stands as a name of its own: capitalised (or Arabic), and not the tail or
    head of a longer capitalised name ("Praia" in "Mocímboa da Praia"). German capitalises every
    noun, so there a capitalised word before it is no part of it ("im Südosten Mauretaniens")."""
    first = raw[hit.i][:1]
    if "\u0600" <= first <= "\u06ff":
        return True
    if not first.isupper():
        return False
    i, j = hit.i, hit.j
    if i > 0 and not german and full[ends[i - 1] : starts[i]] in (" ", "-"):
        before = raw[i - 1]
        if before[:1].isupper() and before.lower() not in _NOT_NAME_HEADS:
            return False
        if (
            before.lower() in _JOINERS
            and i > 1
            and raw[i - 2][:1].isupper()
            and full[ends[i - 2] : starts[i - 1]] in (" ", "-")
        ):
            return False
    # a capitalised word after it makes a longer name, unless both shout ("A LUTON MUM WHO ...") or
    # it says what kind of place the name is ("Bayelsa State", "Kunar Province")
    return not (
        j < len(raw)
        and full[ends[j - 1] : starts[j]] in (" ", "-")
        and raw[j][:1].isupper()
        and not (raw[j].isupper() and raw[hit.i].isupper())
        and raw[j].lower() not in _PLACE_KINDS
    )


def _match(elems: tuple[Elem, ...], e: int, norm: list[str], raw: list[str], i: int, first: str) -> int:
    """End word index of `elems` matched from word i (-1 if no match); a lone * may skip one word."""
    if e == len(elems):
        return i
    if i >= len(norm):
        return -1
    kind, text, strict = elems[e]
    word = first if e == 0 else norm[i]
    if kind == OPTIONAL:
        longer = _match(elems, e + 1, norm, raw, i + 1, first)
        return longer if longer >= 0 else _match(elems, e + 1, norm, raw, i, first)
    if kind == GAP:  # the fewest skipped words that let the rest match
        for skip in range(GAP_WORDS + 1):
            end = _match(elems, e + 1, norm, raw, i + skip, first)
            if end >= 0:
                return end
        return -1
    if strict is not None and raw[i] != strict:
        return -1
    if word == text or (kind == PREFIX and word.startswith(text)):
        return _match(elems, e + 1, norm, raw, i + 1, first)
    return -1


def _longest(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits of one category, the longer phrase winning where two overlap."""
    hits.sort(key=lambda h: (h.i, h.i - h.j))
    kept: list[Hit] = []
    end = -1
    for hit in hits:
        if hit.i >= end:
            kept.append(hit)
            end = hit.j
    return kept
