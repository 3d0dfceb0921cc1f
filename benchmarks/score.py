"""Judging speed: articles per second on one core, rules path, rules + reviewer model, rules + seed model.

The corpus mixes the invented defector articles of tests/fixtures/eval/own.jsonl (they exercise
every rule: groups, defection terms, people, fields) with synthetic news of the usual length from
benchmarks/corpus.py (most real articles mention no group at all). The model path trains a model
on the labelled articles first (labels stand in for reviewer decisions) and then judges with it.
The seed-model path trains the seed model (alerts/textmodel.py) on own.jsonl and holdout*.jsonl
and then judges with the rules OR-blended with it.

Usage: python benchmarks/score.py [--n 3000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alerts.model import train_model  # noqa: E402
from alerts.score import judge  # noqa: E402
from alerts.textmodel import train_seed_model  # noqa: E402
from benchmarks.corpus import generate  # noqa: E402
from defwatch.config import load_config  # noqa: E402

LABELLED = ROOT / "tests" / "fixtures" / "eval" / "own.jsonl"
SEED_SETS = [LABELLED, *sorted(LABELLED.parent.glob("holdout*.jsonl"))]


def seed_sets() -> dict[str, list[dict[str, object]]]:
    return {
        p.stem: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        for p in SEED_SETS
    }


def corpus(n: int, seed: int = 1) -> tuple[list[tuple[str, str]], list[tuple[str, str, bool]]]:
    lines = LABELLED.read_text(encoding="utf-8").splitlines()
    labelled = [json.loads(line) for line in lines if line.strip()]
    examples = [(r["title"], r["text"], r["label"] == "account") for r in labelled]
    synthetic = [(r.title, r.text) for r in generate(max(0, n - len(labelled)), seed=seed)]
    articles = [(t, x) for t, x, _ in examples] + synthetic
    random.Random(seed).shuffle(articles)
    return articles[:n], examples


def rate(articles: list[tuple[str, str]], run: Callable[[str, str], object], repeat: int) -> float:
    """Articles per second, best of `repeat` passes (as timeit does: other processes only slow a pass)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for title, text in articles:
            run(title, text)
        best = min(best, time.perf_counter() - start)
    return len(articles) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000, help="articles judged per path")
    parser.add_argument("--repeat", type=int, default=3, help="passes per path; the best one counts")
    parser.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    args = parser.parse_args()
    rules = load_config(str(ROOT / "feeds.yml")).config.watch
    articles, examples = corpus(args.n)
    words = sum(len(x.split()) for _, x in articles) / len(articles)
    rules.compiled()
    judge(*articles[0], rules)  # warm the caches once
    rules_rate = rate(articles, lambda t, x: judge(t, x, rules), args.repeat)
    model = train_model(examples, rules)
    model_rate = rate(articles, lambda t, x: judge(t, x, rules, model), args.repeat)
    seed = train_seed_model(seed_sets(), rules)
    seed.judge(*articles[0], rules)  # the dense weights are built on first use
    seed_rate = rate(articles, lambda t, x: seed.judge(t, x, rules), args.repeat)
    result = {
        "articles": len(articles),
        "mean_words": round(words),
        "rules_articles_per_s": round(rules_rate, 1),
        "model_articles_per_s": round(model_rate, 1),
        "model_examples": model.examples,
        "seed_model_articles_per_s": round(seed_rate, 1),
        "seed_model_examples": seed.examples,
    }
    print(f"{len(articles)} articles, {words:.0f} words on average, one core")
    print(f"rules path:         {rules_rate:8.1f} articles/s")
    print(f"rules + model path: {model_rate:8.1f} articles/s (model of {model.examples} labelled articles)")
    print(f"rules OR seed model:{seed_rate:8.1f} articles/s (seed model of {seed.examples} articles)")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
