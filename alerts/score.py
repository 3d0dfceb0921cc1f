"""Relevance: is this article an account of an individual who left a militant group?

A first, deliberately simple rules path: a defection term must occur within
`rules.proximity` words of a watched group's alias (the defection must concern the
group); testimony cues raise the score, negative cues (party politics, North Korea,
sport, captivity, joining) and aggregate cues (studies, counts) lower it. The richer
extractor in casefields.py is being wired in; this version extracts group and reasons.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from alerts.casefields import Defector
from alerts.rules import WatchRules

_WORD = re.compile(r"\w+", re.UNICODE)
_COUNT = re.compile(r"\b(\d{2,}|dozens|hundreds|thousands)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Judgement:
    score: float
    flagged: bool
    kind: str  # account | aggregate | other
    defectors: tuple[Defector, ...]
    matched_terms: tuple[str, ...]


def _alternation(phrases: list[str]) -> re.Pattern[str] | None:
    cleaned = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in cleaned) + r")(?!\w)", re.IGNORECASE)


def _all(lexicon: dict[str, list[str]]) -> list[str]:
    return [p for phrases in lexicon.values() for p in phrases]


@dataclass(frozen=True)
class _Compiled:
    groups: tuple[tuple[str, re.Pattern[str]], ...]
    defection: re.Pattern[str] | None
    testimony: re.Pattern[str] | None
    negative: re.Pattern[str] | None
    aggregate: re.Pattern[str] | None
    toward: re.Pattern[str] | None
    reasons: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=8)
def _compile(rules_json: str) -> _Compiled:
    rules = WatchRules.model_validate_json(rules_json)
    groups = tuple((g.name, p) for g in rules.groups if (p := _alternation(list(g.aliases))) is not None)
    reasons = tuple((k, p) for k, v in rules.reasons.items() if (p := _alternation(list(v))) is not None)
    return _Compiled(
        groups=groups,
        defection=_alternation(_all(rules.defection_terms) + _all(rules.exit_verbs)),
        testimony=_alternation(_all(rules.testimony_cues)),
        negative=_alternation(_all(rules.negative_cues) + _all(rules.captivity_cues)),
        aggregate=_alternation(_all(rules.aggregate_cues)),
        toward=_alternation(_all(rules.toward_cues)),
        reasons=reasons,
    )


def _word_index(text: str, offset: int) -> int:
    return len(_WORD.findall(text[:offset]))


def judge(title: str, text: str, rules: WatchRules) -> Judgement:
    compiled = _compile(rules.model_dump_json())
    full = f"{title}\n{text}"
    matched: list[str] = []
    group_positions: list[tuple[str, int]] = []
    for name, pattern in compiled.groups:
        for m in pattern.finditer(full):
            group_positions.append((name, _word_index(full, m.start())))
            matched.append(m.group(0))
    near_hits = 0
    group_counts: dict[str, int] = {}
    if compiled.defection is not None:
        for m in compiled.defection.finditer(full):
            at = _word_index(full, m.start())
            near = [g for g, pos in group_positions if abs(pos - at) <= rules.proximity]
            if near:
                near_hits += 1
                matched.append(m.group(0))
                for g in near:
                    group_counts[g] = group_counts.get(g, 0) + 1

    def count(pattern: re.Pattern[str] | None) -> int:
        return len(pattern.findall(full)) if pattern is not None else 0

    testimony, negative = count(compiled.testimony), count(compiled.negative)
    aggregate, toward = count(compiled.aggregate), count(compiled.toward)
    numbers = len(_COUNT.findall(full))
    w = rules.weights
    logit = (
        w.bias + 1.0 + w.individual_hit * min(near_hits, 4) + w.testimony * min(testimony, 6)
        + w.negative * min(negative, 4) + w.toward * min(toward, 3)
        + w.aggregate * min(aggregate + numbers / 2, 6)
    )
    score = 1 / (1 + math.exp(-logit))
    if near_hits == 0:
        kind = "other"
    elif aggregate >= 2 and aggregate + numbers / 2 > testimony:
        kind = "aggregate"
    else:
        kind = "account" if score >= rules.threshold else "other"
    defectors: tuple[Defector, ...] = ()
    if kind == "account":
        group = max(group_counts, key=lambda g: group_counts[g]) if group_counts else None
        reasons = tuple(k for k, p in compiled.reasons if p.search(full))
        defectors = (Defector(name=None, age=None, gender=None, nationality=None, group=group, reasons=reasons),)
    return Judgement(
        score=round(score, 4),
        flagged=kind == "account" and score >= rules.threshold,
        kind=kind,
        defectors=defectors,
        matched_terms=tuple(dict.fromkeys(matched)),
    )


def score_record(record: dict[str, Any], rules: WatchRules) -> dict[str, Any]:
    """The JSONL contract of `defwatch score` (DESIGN.md)."""
    j = judge(str(record.get("title") or ""), str(record.get("text") or ""), rules)
    return {
        "id": record.get("id"),
        "score": j.score,
        "flagged": j.flagged,
        "kind": j.kind,
        "defectors": [
            {"name": d.name, "age": d.age, "gender": d.gender, "nationality": d.nationality, "group": d.group,
             "reasons": list(d.reasons), "now_in": d.now_in}
            for d in j.defectors
        ],
    }
