"""False alarms of the seed model on text that is not about defectors.

Two sources, every article of which is a negative:
- the entries of the real-world feed documents in ../shared/realfeeds (feed parsers' public test
  suites: blog posts, podcasts, release notes, test strings), read with the project's own
  `crawler.entries.read_entries` as the poller reads them (title; the longer of summary and content);
- the synthetic news of benchmarks/corpus.py (Zipfian words with news stock phrases such as "a
  former fighter", "the armed group", "the islamic state group").

Each is judged by the rules and by the rules OR-blended with the seed model (alerts/textmodel.py);
the figure that matters is how many the seed model flags that the rules do not.

Usage: python benchmarks/seed_false_alarms.py [--model PATH] [--synthetic 3000] [--json]
Without --model the seed model is trained here on the labelled sets (dev.jsonl when present, own,
holdout*), which takes about a minute.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alerts.rules import WatchRules  # noqa: E402
from alerts.score import judge  # noqa: E402
from alerts.textmodel import SeedModel, load_seed_model, needs_seed, or_blend, train_seed_model  # noqa: E402
from benchmarks.corpus import generate  # noqa: E402
from crawler.entries import UnreadableFeed, entry_text, read_entries  # noqa: E402
from defwatch.config import load_config  # noqa: E402

REALFEEDS = ROOT.parent / "shared" / "realfeeds"
EVAL = ROOT / "tests" / "fixtures" / "eval"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
          ".json": "application/json"}


def labelled_sets() -> dict[str, list[dict[str, Any]]]:
    paths = ([DEV] if DEV.exists() else []) + [EVAL / "own.jsonl", *sorted(EVAL.glob("holdout*.jsonl"))]
    return {
        p.stem: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        for p in paths
    }


def feed_articles(root: Path = REALFEEDS) -> Iterator[tuple[str, str, str]]:
    """(file, title, text) of every entry with some text, once per distinct title and text."""
    seen: set[tuple[str, str]] = set()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in _TYPES):
        try:
            parsed = read_entries(path.read_bytes(), f"http://feeds.example/{path.name}", _TYPES[path.suffix])
        except (UnreadableFeed, ValueError):
            continue
        for entry in parsed.entries:
            title, text = entry_text(entry)  # as the poller stores an entry
            if (title or text) and (title, text) not in seen:
                seen.add((title, text))
                yield path.relative_to(root).as_posix(), title, text


def check(
    articles: list[tuple[str, str, str]], rules: WatchRules, seed: SeedModel
) -> dict[str, Any]:
    """How many the rules flag, and how many more the seed model flags (all are negatives)."""
    rules_flagged = added = 0
    examples: list[dict[str, Any]] = []
    top: list[float] = []
    for where, title, text in articles:
        j = judge(title, text, rules)
        rules_flagged += j.flagged
        if not needs_seed(j):
            continue
        p = seed.probability(title, text)
        top.append(p)
        if or_blend(j, p, seed.threshold, title, text, rules).flagged:  # as the daemon would
            added += 1
            examples.append({"from": where, "title": title[:80], "p": round(p, 3)})
    top.sort(reverse=True)
    return {
        "articles": len(articles),
        "rules_flagged": rules_flagged,
        "seed_added": added,
        "seed_added_share": round(added / len(articles), 4) if articles else None,
        "highest_p": [round(p, 3) for p in top[:5]],
        "examples": examples[:20],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a seed model file [default: train one here]")
    parser.add_argument("--synthetic", type=int, default=3000, help="synthetic news articles")
    parser.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    args = parser.parse_args()
    rules = load_config(str(ROOT / "feeds.yml")).config.watch
    seed = load_seed_model(args.model) if args.model else train_seed_model(labelled_sets(), rules)
    result: dict[str, Any] = {"threshold": seed.threshold, "model_sets": seed.sets}
    if REALFEEDS.exists():
        result["realfeeds"] = check(list(feed_articles()), rules, seed)
    synthetic = [("corpus", r.title, r.text) for r in generate(args.synthetic, seed=1)]
    result["synthetic"] = check(synthetic, rules, seed)
    print(f"seed model of {seed.examples} articles ({', '.join(seed.sets)}), threshold {seed.threshold:.2f}")
    for name in ("realfeeds", "synthetic"):
        if name not in result:
            print(f"{name}: {REALFEEDS} is not here")
            continue
        r = result[name]
        print(f"{name}: {r['articles']} articles (all negatives); rules flag {r['rules_flagged']}, "
              f"the seed model adds {r['seed_added']} ({r['seed_added_share']:.2%}); "
              f"highest probabilities {r['highest_p']}")
        for e in r["examples"]:
            print(f"  p={e['p']:.3f} {e['from']}: {e['title']}")
    if args.json:
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
