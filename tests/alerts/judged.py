"""The checks the tables of detection classes share: what a flagged article's defectors say."""

from __future__ import annotations

from alerts.rules import WatchRules
from alerts.score import judge


def fields_of(rules: WatchRules, title: str, text: str, names: tuple[str, ...]) -> list[tuple[object, ...]]:
    """The named fields of every defector of a flagged article (fails when it is not flagged)."""
    j = judge(title, text, rules)
    assert j.flagged, j
    return [tuple(getattr(d, n) for n in names) for d in j.defectors]


def first_reasons(rules: WatchRules, title: str, text: str) -> tuple[str, ...]:
    """The first defector's reasons in a flagged article (fails when it is not flagged)."""
    j = judge(title, text, rules)
    assert j.flagged, j
    return j.defectors[0].reasons
