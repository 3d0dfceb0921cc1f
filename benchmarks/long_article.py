"""Judging time against article length: does one long page cost in proportion to its size?

A fetched page is capped at `max_response_bytes` (5 MB by default), so one article can be hundreds
of times longer than a news story. The text is the invented articles of
tests/fixtures/eval/own.jsonl joined and repeated (every rule fires many times, as in a long live
blog). The figure that matters is the growth exponent between sizes: 1.0 means linear; 2.0 means
quadratic, where a 1 MB page takes minutes.

Usage: python benchmarks/long_article.py [--sizes 1,4,16] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alerts.score import judge  # noqa: E402
from defwatch.config import load_config  # noqa: E402

LABELLED = ROOT / "tests" / "fixtures" / "eval" / "own.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4,16", help="repeats of the joined set, comma-separated")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    rules = load_config(ROOT / "feeds.yml").config.watch
    texts = [json.loads(line)["text"] for line in LABELLED.read_text(encoding="utf-8").splitlines() if line]
    joined = "\n\n".join(texts)
    judge("Warm-up", joined, rules)  # loads the gazetteers and fills the caches once, outside the timings
    rows = []
    for k in (int(x) for x in args.sizes.split(",")):
        text = "\n\n".join([joined] * k)
        start = time.perf_counter()
        judge("A very long page", text, rules)
        rows.append({"characters": len(text), "seconds": round(time.perf_counter() - start, 3)})
    for before, after in zip(rows, rows[1:], strict=False):
        longer = after["characters"] / before["characters"]
        growth = math.log(after["seconds"] / before["seconds"]) / math.log(longer)
        after["growth_exponent"] = round(growth, 2)
    if args.json:
        worst = max(r.get("growth_exponent", 0) for r in rows)
        print(json.dumps({"sizes": rows, "max_growth_exponent": worst}))
        return
    for row in rows:
        growth = f"  growth exponent {row['growth_exponent']}" if "growth_exponent" in row else ""
        print(f"{row['characters']:>10,} characters  {row['seconds']:>8.2f} s{growth}")


if __name__ == "__main__":
    main()
