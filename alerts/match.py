"""Candidate → known case: same name or alias (transliteration-tolerant) and compatible details."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from alerts.casefields import Defector

_SPELLINGS = {"mohammed": "muhammad", "mohamed": "muhammad", "mohammad": "muhammad", "abou": "abu", "el": "al"}


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


def name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [_SPELLINGS.get(w, w) for w in re.findall(r"[a-z]+", folded)]
    return " ".join(words)


def match_candidate(defector: Defector, known: list[KnownCase]) -> list[Match]:
    """Known cases this candidate may be, most likely first (confidence above 0.5)."""
    found = []
    for case in known:
        evidence: list[str] = []
        confidence = 0.0
        if defector.name and case.name_or_alias and name_key(defector.name) == name_key(case.name_or_alias):
            confidence += 0.6
            evidence.append(f"same name {case.name_or_alias!r}")
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
