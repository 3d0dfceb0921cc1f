"""The `watch:` section of feeds.yml (what counts as a defector's account) and its compiled form.

The vocabulary lives in feeds.yml so reviewers can extend it without a release; this module only
validates it and compiles it once per rules object into word-indexed tables. A regex alternation
of several hundred phrases costs a branch per phrase at every character; looking each word up in
a dict keeps judging above 1000 articles a second on one core.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, field_validator

WORD = re.compile(r"\w+")
_LANG = re.compile(r"^(\*|[a-z]{2,3})$")
_REASON_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_ABBREVIATIONS = frozenset("mr mrs ms dr col gen lt st no vs jan feb mar apr jun jul aug sep sept oct nov dec".split())
# pycountry names that English-language news does not use.
_DISPLAY = {"TR": "Turkey", "RU": "Russia", "PS": "Palestine", "CD": "DR Congo", "BN": "Brunei", "CV": "Cape Verde",
            "CI": "Ivory Coast", "CZ": "Czech Republic", "XK": "Kosovo"}
_ARABIC_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "و", "ف", "ب", "ل", "ك", "ال")


# ------------------------------------------------------------------------------ country names
@lru_cache(maxsize=4096)
def country_name(value: str) -> str | None:
    """English display name for a country name or code ("Syrian Arab Republic" -> "Syria")."""
    text = value.strip()
    if text.lower() == "kosovo":
        return "Kosovo"
    for display in _DISPLAY.values():
        if display.lower() == text.lower():
            return display
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return None
    code = str(country.alpha_2)
    return _DISPLAY.get(code) or getattr(country, "common_name", None) or str(country.name)


def _check_country(value: str) -> str:
    name = country_name(value)
    if name is None:
        raise ValueError(f"{value!r} is not a country name pycountry knows; write it in English, like 'Syria'")
    return name


Country = Annotated[str, AfterValidator(_check_country)]


# ------------------------------------------------------------------------------ phrase lists
def _check_phrase(phrase: str) -> None:
    words = phrase.split()
    if not WORD.search(phrase):
        raise ValueError(f"phrase {phrase!r} has no letters or digits to match")
    if words[0] == "*" or words[-1] == "*":
        raise ValueError(f"phrase {phrase!r}: a lone * (one optional word) must sit between two words")
    for word in words:
        if word != "*" and word.endswith("*"):
            parts = WORD.findall(word[:-1])
            if not parts or len(parts[-1]) < 3:
                raise ValueError(f"phrase {phrase!r}: write at least 3 letters before a trailing * (like 'defect*')")


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
            raise ValueError(f"{lang!r} is not a language code: use two or three lowercase letters (en, fr, ar) or '*'")
        value[lang] = _phrase_list(phrases)
    return value


Phrases = Annotated[list[str], AfterValidator(_phrase_list)]
Lexicon = Annotated[dict[str, list[str]], BeforeValidator(_as_lexicon), AfterValidator(_check_lexicon)]


class GroupRule(BaseModel):
    """One militant group: the name cases show, and how articles write it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="Canonical name shown in cases, like 'IS' or 'al-Shabaab'.")
    aliases: Phrases = Field(min_length=1, description="Every way articles write the group.")
    home_country: Country | None = Field(default=None, description="Assumed nationality when none is stated.")


class GenderCues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    m: Phrases = Field(default_factory=list)
    f: Phrases = Field(default_factory=list)


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
    toward_cues: Lexicon = Field(default_factory=dict)
    toward_prepositions: Lexicon = Field(default_factory=dict)
    singular_cues: Lexicon = Field(default_factory=dict)
    plural_cues: Lexicon = Field(default_factory=dict)
    captivity_cues: Lexicon = Field(default_factory=dict)
    membership_cues: Lexicon = Field(default_factory=dict)
    testimony_cues: Lexicon = Field(default_factory=dict)
    aggregate_cues: Lexicon = Field(default_factory=dict)
    negative_cues: Lexicon = Field(default_factory=dict)
    role_words: Lexicon = Field(default_factory=dict)
    role_verbs: Lexicon = Field(default_factory=dict)
    person_nouns: Lexicon = Field(default_factory=dict)
    organisation_words: Lexicon = Field(default_factory=dict)
    alias_cues: Lexicon = Field(default_factory=dict)
    speech_verbs: Lexicon = Field(default_factory=dict)
    gender_cues: GenderCues = Field(default_factory=GenderCues)
    now_in_cues: Lexicon = Field(default_factory=dict)
    arrival_cues: Lexicon = Field(default_factory=dict)
    reasons: dict[str, Phrases] = Field(default_factory=lambda: {key: [] for key in DEFAULT_REASONS})
    nationalities: dict[str, Country] = Field(default_factory=dict)
    places: dict[str, Country] = Field(default_factory=dict)
    place_modifiers: Phrases = Field(default_factory=list)
    weights: Weights = Field(default_factory=Weights)

    _compiled: CompiledRules | None = PrivateAttr(default=None)

    @field_validator("threshold")
    @classmethod
    def _threshold_in_range(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"threshold {value} is outside 0..1: it is the score at or above which an "
                             "article is flagged, e.g. 0.5")
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
            for alias in group.aliases:
                key = " ".join(fold(w) for w in WORD.findall(alias))
                if owner.setdefault(key, group.name) != group.name:
                    raise ValueError(f"alias {alias!r} belongs to both {owner[key]!r} and {group.name!r}; keep it in one")
        return groups

    @field_validator("reasons")
    @classmethod
    def _reason_keys(cls, reasons: dict[str, list[str]]) -> dict[str, list[str]]:
        for key in reasons:
            if not _REASON_KEY.match(key):
                raise ValueError(f"reason {key!r}: keys are lowercase words joined by _, like quality_of_life")
        return reasons

    def compiled(self) -> CompiledRules:
        """The matcher for these rules, built on first use and kept with the object."""
        if self._compiled is None:
            self._compiled = CompiledRules(self)
        return self._compiled


# ------------------------------------------------------------------------------ matching
@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lowercase without accents ("État" -> "etat", "IŞİD" -> "isid"); cached: words repeat."""
    low = word.lower().replace("ı", "i")
    if low.isascii():
        return low
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def _variants(norm: str) -> tuple[str, ...]:
    """The word, plus Arabic words without their attached prefixes ("لداعش" -> "داعش")."""
    if not norm or not "\u0600" <= norm[0] <= "\u06ff":
        return (norm,)
    out = [norm]
    for prefix in _ARABIC_PROCLITICS:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
            out.append(norm[len(prefix):])
    return tuple(out)


LITERAL, PREFIX, OPTIONAL = 0, 1, 2
Elem = tuple[int, str, str | None]  # kind, folded text, raw text when case-sensitive


@dataclass(frozen=True)
class Pattern:
    elems: tuple[Elem, ...]
    category: str
    label: str


def _compile_phrase(phrase: str, category: str, label: str) -> Pattern:
    elems: list[Elem] = []
    for word in phrase.split():
        if word == "*":
            elems.append((OPTIONAL, "", None))
            continue
        prefix = word.endswith("*")
        parts = WORD.findall(word)
        for n, part in enumerate(parts):
            strict = part if (part.isupper() and len(part) <= 3 and part.isalpha()) else None
            kind = PREFIX if prefix and n == len(parts) - 1 else LITERAL
            elems.append((kind, fold(part), strict))
    return Pattern(tuple(elems), category, label)


@dataclass(frozen=True)
class Hit:
    """A phrase found in the text: tokens [i, j), its category and label (group name, country...)."""

    i: int
    j: int
    category: str
    label: str


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
    _index: dict[str, dict[int, Hit]] = field(default_factory=dict)

    def at(self, category: str, i: int) -> Hit | None:
        """The hit of `category` starting at word i."""
        index = self._index.get(category)
        if index is None:
            index = self._index[category] = {h.i: h for h in self.hits.get(category, ())}
        return index.get(i)

    def covering(self, category: str, i: int) -> Hit | None:
        for hit in self.hits.get(category, ()):
            if hit.i <= i < hit.j:
                return hit
        return None

    def span_text(self, i: int, j: int) -> str:
        return self.text[self.starts[i]:self.ends[j - 1]]


class CompiledRules:
    """Word-indexed phrase tables for one WatchRules object."""

    def __init__(self, rules: WatchRules) -> None:
        self.rules = rules
        self.literal: dict[str, list[Pattern]] = {}
        self.prefix: dict[str, list[Pattern]] = {}
        self.group_home = {g.name: g.home_country for g in rules.groups}
        for group in rules.groups:
            for alias in group.aliases:
                self._add(alias, "group", group.name)
        lexicons = {
            "generic": rules.generic_group_refs, "defection": rules.defection_terms, "exit": rules.exit_verbs,
            "toward": rules.toward_cues, "toward_prep": rules.toward_prepositions,
            "singular": rules.singular_cues, "plural": rules.plural_cues, "captivity": rules.captivity_cues,
            "membership": rules.membership_cues, "testimony": rules.testimony_cues,
            "aggregate": rules.aggregate_cues, "negative": rules.negative_cues, "role": rules.role_words,
            "role_verb": rules.role_verbs, "person_noun": rules.person_nouns,
            "organisation": rules.organisation_words, "alias_cue": rules.alias_cues,
            "speech": rules.speech_verbs, "now_in": rules.now_in_cues, "arrival": rules.arrival_cues,
        }
        for category, lexicon in lexicons.items():
            for phrases in lexicon.values():
                for phrase in phrases:
                    self._add(phrase, category, phrase)
        for phrase in rules.gender_cues.m:
            self._add(phrase, "gender", "m")
        for phrase in rules.gender_cues.f:
            self._add(phrase, "gender", "f")
        for key, phrases in rules.reasons.items():
            for phrase in phrases:
                self._add(phrase, "reason", key)
        for phrase, country in rules.nationalities.items():
            self._add(phrase, "nation", country)
        for country in pycountry.countries:
            for name in {str(country.name), getattr(country, "common_name", None) or str(country.name)}:
                display = country_name(str(country.alpha_2))
                if "," not in name and display:
                    self._add(name, "nation", display)
        for display in _DISPLAY.values():
            self._add(display, "nation", display)
        for phrase, country in rules.places.items():
            self._add(phrase, "place", country)
        for phrase in rules.place_modifiers:
            self._add(phrase, "place_modifier", phrase)

    def _add(self, phrase: str, category: str, label: str) -> None:
        pattern = _compile_phrase(phrase, category, label)
        kind, text, _ = pattern.elems[0]
        if kind == PREFIX:
            self.prefix.setdefault(text[:3], []).append(pattern)
        else:
            self.literal.setdefault(text, []).append(pattern)

    def scan(self, title: str, text: str) -> Scan:
        """Tokenise title + text, split sentences and find every phrase in one pass over the words."""
        full = f"{title}\n\n{text}" if title else text
        starts: list[int] = []
        ends: list[int] = []
        for m in WORD.finditer(full):
            starts.append(m.start())
            ends.append(m.end())
        raw = [full[s:e] for s, e in zip(starts, ends, strict=True)]
        norm = [fold(w) for w in raw]
        sent, sentences, title_sentences = self._sentences(full, len(title) if title else 0, starts, ends, raw, norm)
        found: dict[str, list[Hit]] = {}
        literal, prefix = self.literal, self.prefix
        for i in range(len(norm)):
            for variant in _variants(norm[i]):
                candidates = literal.get(variant, [])
                more = prefix.get(variant[:3])
                if more:
                    candidates = candidates + more
                for pattern in candidates:
                    j = _match(pattern.elems, 0, norm, raw, i, variant)
                    if j > i:
                        found.setdefault(pattern.category, []).append(Hit(i, j, pattern.category, pattern.label))
        hits = {category: _longest(items) for category, items in found.items()}
        return Scan(full, starts, ends, raw, norm, sent, sentences, title_sentences, hits)

    @staticmethod
    def _sentences(full: str, title_len: int, starts: list[int], ends: list[int], raw: list[str],
                   norm: list[str]) -> tuple[list[int], list[tuple[int, int]], int]:
        sent: list[int] = []
        sentences: list[tuple[int, int]] = []
        title_sentences = 0
        begin = 0
        for k in range(len(starts)):
            if k:
                gap = full[ends[k - 1]:starts[k]]
                boundary = "\n" in gap or (
                    any(c in gap for c in ".!?؟") and norm[k - 1] not in _ABBREVIATIONS
                    and not (len(raw[k - 1]) == 1 and raw[k - 1].isupper()) and not raw[k][:1].islower()
                )
                if boundary:
                    sentences.append((begin, k))
                    if starts[k - 1] < title_len:
                        title_sentences = len(sentences)
                    begin = k
            sent.append(len(sentences))
        if starts:
            sentences.append((begin, len(starts)))
            if starts[begin] < title_len:
                title_sentences = len(sentences)
        return sent, sentences, title_sentences


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
