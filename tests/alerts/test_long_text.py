"""The sentence and position indexes that keep judging a long page linear must give what a pass
over every hit gives (benchmarks/long_article.py measures the speed; here only the answers)."""

from __future__ import annotations

import random

from alerts.rules import Hit, WatchRules
from alerts.score import _last_ending_by, _nearest, judge

TEXT = (
    "Abdi Warsame, 24, joined al-Shabaab in 2015. He left the group in 2019 and surrendered to "
    "the army in Baidoa. Two other fighters defected with him. The militants had not paid them. "
    "Officials said dozens of al-Shabaab members had deserted that year. He now lives in Mogadishu."
)


def test_sentence_and_range_lookups_match_a_pass_over_every_hit(rules: WatchRules) -> None:
    scan = rules.compiled().scan("Former al-Shabaab fighter tells of his escape", TEXT * 3)
    for category, hits in scan.hits.items():
        for s in range(len(scan.sentences)):
            assert scan.in_sentence(category, s) == [h for h in hits if scan.sent[h.i] == s]
        for a in range(0, len(scan.norm), 7):
            b = a + 11
            want = sorted((h for h in hits if a <= h.i < b), key=lambda h: h.i)
            assert scan.starting_in(category, a, b) == want


def test_nearest_and_last_mention_match_a_pass_over_every_mention() -> None:
    rng = random.Random(7)
    for _ in range(300):
        starts = sorted(rng.sample(range(200), rng.randint(1, 25)))
        groups = [Hit(i, i + rng.randint(1, 4), "group", f"g{n}") for n, i in enumerate(starts)]
        for i in range(0, 210, 3):
            hit = Hit(i, i + 1, "defection", "left")
            assert _nearest(groups, starts, hit) == min(groups, key=lambda g: abs(g.i - i))
            ending = [g for g in groups if g.j <= i]
            assert _last_ending_by(groups, starts, i) == (ending[-1] if ending else None)
            near = [g for g in ending if i - g.j <= 20]
            assert _last_ending_by(groups, starts, i, 20) == (near[-1] if near else None)


def test_a_long_page_is_judged_like_its_parts(rules: WatchRules) -> None:
    """Repeating an account a hundred times changes no verdict (the indexes serve every repeat)."""
    one = judge("Former al-Shabaab fighter tells of his escape", TEXT, rules)
    many = judge("Former al-Shabaab fighter tells of his escape", "\n\n".join([TEXT] * 100), rules)
    assert one.kind == many.kind == "account"
    assert [d.name for d in one.defectors][:1] == [d.name for d in many.defectors][:1] == ["Abdi Warsame"]
