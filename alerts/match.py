"""Candidate → known case: same name or alias (transliteration-tolerant) and compatible details."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from alerts.casefields import Defector
from alerts.rules import WORD, arabic_word, fold

_SPELLINGS = {
    "mohammed": "muhammad",
    "mohamed": "muhammad",
    "mohammad": "muhammad",
    "mohamad": "muhammad",
    "muhammed": "muhammad",
    "mohamud": "muhammad",
    "abou": "abu",
    "abo": "abu",
    "el": "al",
    "ul": "al",
    "yousef": "yusuf",
    "youssef": "yusuf",
    "yousuf": "yusuf",
    "omar": "umar",
    "osama": "usama",
    "ahmad": "ahmed",
    "hussein": "husayn",
    "husain": "husayn",
    "abdul": "abd",
    "abdel": "abd",
}
# Words many names share ("Abu", "Ka" before a Filipino rebel's nom de guerre): no evidence alone.
_PARTICLES = frozenset(["al", "bin", "ibn", "abu", "umm", "ka", "ابو", "ام", "بن", "ابن"])


@dataclass(frozen=True)
class KnownCase:
    case_id: int
    name_or_alias: str | None
    age: int | None
    gender: str | None
    nationality: str | None
    group: str | None


@dataclass(frozen=True)
class Match:
    case_id: int
    confidence: float
    evidence: tuple[str, ...]


def _sound(word: str) -> str:
    """A rough transliteration key: no doubled letters, no vowels after the first ("Muuse" = "Muse")."""
    word = re.sub(r"(.)\1+", r"\1", word.replace("q", "k").replace("z", "s").replace("ou", "u"))
    return word[:1] + re.sub(r"[aeiouy]", "", word[1:])


def name_key(name: str) -> str:
    """A written name as comparable words: Latin letters without accents, common spellings made one;
    Arabic-script words folded (no hamza, no shadda), since dropping them would leave nothing."""
    words: list[str] = []
    for word in WORD.findall(name):
        if arabic_word(word):
            words.append(fold(word))
            continue
        folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
        words += [_SPELLINGS.get(w, w) for w in re.findall(r"[a-z]+", folded)]
    return " ".join(words)


_ALIAS_IN_BRACKETS = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")


def written_names(name: str) -> list[str]:
    """"Bhaskar Gogoi (Rupam Asom)" is known by either name, and by both together."""
    m = _ALIAS_IN_BRACKETS.match(name)
    return [name, *(part for part in m.groups() if part.strip())] if m else [name]


def name_words(name: str) -> set[str]:
    """The words of a name that tell one person from another (no "al", "Abu", "Ka")."""
    return set(name_key(name).split()) - _PARTICLES


def name_evidence(a: str, b: str) -> tuple[float, str] | None:
    """How strongly two written names are one person's (1.0 same, 0.85 same sound, 0.5-0.6 partial);
    a name with its alias in brackets is compared by each, the best kept."""
    found = [e for x in written_names(a) for y in written_names(b) if (e := _one_name_evidence(x, y))]
    return max(found, key=lambda e: e[0]) if found else None


def _one_name_evidence(a: str, b: str) -> tuple[float, str] | None:
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return 1.0, f"same name {b!r}"
    sa = [_sound(w) for w in ka.split() if w not in _PARTICLES]
    sb = [_sound(w) for w in kb.split() if w not in _PARTICLES]
    if sa and sa == sb:
        return 0.85, f"same name, other spelling: {a!r} / {b!r}"
    small, big = sorted((set(sa), set(sb)), key=len)
    if small and small <= big and (len(small) >= 2 or len(big) <= 2):
        return 0.6, f"name {a!r} within {b!r}"
    if len(small) >= 2 and len(small & big) >= 2:
        return 0.5, f"names share {len(small & big)} parts: {a!r} / {b!r}"
    return None


def match_candidate(
    defector: Defector, known: list[KnownCase], same_story: frozenset[int] = frozenset()
) -> list[Match]:
    """Known cases this candidate may be, most likely first (confidence above 0.5); `same_story` holds
    the cases already linked to an article of the candidate's cluster."""
    found = []
    for case in known:
        evidence: list[str] = []
        confidence = 0.0
        named = (
            name_evidence(defector.name, case.name_or_alias) if defector.name and case.name_or_alias else None
        )
        if named is not None:
            confidence += 0.6 * named[0]
            evidence.append(named[1])
        elif defector.name and case.name_or_alias:
            continue  # two different names: not the same person, whatever else agrees
        if case.case_id in same_story:
            confidence += 0.4
            evidence.append("the same story, told by another outlet (same near-duplicate cluster)")
        if defector.group and defector.group == case.group:
            confidence += 0.1
            evidence.append(f"group {case.group}")
        if defector.nationality and case.nationality:
            if defector.nationality != case.nationality:
                continue
            confidence += 0.15
            evidence.append(f"nationality {case.nationality}")
        if defector.gender and case.gender:
            if defector.gender != case.gender:
                continue
            confidence += 0.05
        if defector.age and case.age:
            if abs(defector.age - case.age) > 3:
                continue
            confidence += 0.1
            evidence.append(f"age {defector.age} vs {case.age} compatible")
        if confidence > 0.5:
            found.append(Match(case.case_id, min(confidence, 1.0), tuple(evidence)))
    return sorted(found, key=lambda m: -m.confidence)
