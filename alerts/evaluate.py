"""Figures for `defwatch score --eval FILE`: how the scorer does on labelled articles.

The label format is that of the shared development set (one JSON object per line with `label`
account / aggregate / negative, `mixed`, and `defectors` with their fields). Pure functions over
records: the CLI reads the file and prints `format_report`.

Counting choices (documented in docs/detection.md):
- `account` precision/recall/F1: positives are articles labelled `account`; a flagged `mixed`
  aggregate (a report that also names a defector) is acceptable and counts neither way.
- aggregate share flagged: flagged share of the aggregate articles that are not `mixed`.
- field accuracy: each labelled defector is paired with the predicted defector whose name fits
  best (else the first one not yet used); a field counts only where the label states it, and a
  missing prediction is wrong; countries are compared as countries ("Democratic Republic of the
  Congo" is "DR Congo"). Reasons: micro F1 over (defector, reason) pairs of defectors whose
  labelled reasons are not empty.
- the same field figures over the flagged accounts only (`accuracy_flagged`, reasons
  `f1_flagged`): what extraction gets right once an account is found, apart from recall.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alerts.countries import country_name
from alerts.match import name_words
from alerts.rules import WatchRules
from alerts.score import Blend, score_record

if TYPE_CHECKING:
    from alerts.textmodel import SeedModel

FIELDS = ("nationality", "age", "gender", "now_in", "name")


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def _precision_recall(tally: list[int]) -> tuple[float | None, float | None]:
    tp, fp, fn = tally
    return _ratio(tp, tp + fp), _ratio(tp, tp + fn)


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None or p + r == 0:
        return None if p is None or r is None else 0.0
    return round(2 * p * r / (p + r), 4)


def _name_fits(label: str | None, predicted: str | None) -> bool:
    if not label or not predicted:
        return False
    return bool(name_words(label) & name_words(predicted))


def pair_defectors(
    labelled: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> list[dict[str, Any] | None]:
    """For each labelled defector, the predicted one it is compared with (None when none is left)."""
    free = list(range(len(predicted)))
    out: list[dict[str, Any] | None] = []
    for person in labelled:
        pick = next(
            (k for k in free if _name_fits(person.get("name_or_alias"), predicted[k].get("name"))), None
        )
        if pick is None and free:
            pick = free[0]
        if pick is None:
            out.append(None)
        else:
            free.remove(pick)
            out.append(predicted[pick])
    return out


def _field_ok(name: str, label: Any, got: dict[str, Any] | None) -> bool:
    if got is None:
        return False
    if name == "name":
        return _name_fits(str(label), got.get("name"))
    if name in ("nationality", "now_in"):  # the same country, however the label spells it
        # a dual national may be labelled "Germany; Turkey": either country is right
        return any(got.get(name) == (country_name(c.strip()) or c.strip()) for c in str(label).split(";"))
    return bool(got.get(name) == label)


def evaluate(
    records: list[dict[str, Any]],
    rules: WatchRules,
    model: Blend | None = None,
    seed: SeedModel | None = None,
) -> dict[str, Any]:
    """Score every labelled record and return the figures (and the misses, for tuning by class).

    With ``model``, the reviewer model is blended in as when judging, to measure what it adds;
    with ``seed``, the seed model is OR-blended (alerts.textmodel) as when judging."""
    tp = fp = fn = 0
    agg_total = agg_flagged = mixed_flagged = 0
    fields = {f: [0, 0, 0, 0] for f in FIELDS}  # right, stated; right, stated on flagged accounts
    reasons, reasons_flagged = [0, 0, 0], [0, 0, 0]  # tp, fp, fn
    misses: list[dict[str, Any]] = []
    for record in records:
        label = record.get("label")
        out = score_record(record, rules, model) if seed is None else seed.score_record(record, rules, model)
        flagged = bool(out["flagged"])
        mixed = bool(record.get("mixed"))
        if label == "account":
            tp += flagged
            fn += not flagged
            if not flagged:
                misses.append(
                    {
                        "id": record.get("id"),
                        "miss": "account not flagged",
                        "score": out["score"],
                        "kind": out["kind"],
                    }
                )
        elif label == "aggregate" and mixed:
            mixed_flagged += flagged
        else:
            fp += flagged
            if flagged:
                misses.append({"id": record.get("id"), "miss": f"{label} flagged", "score": out["score"]})
            if label == "aggregate":
                agg_total += 1
                agg_flagged += flagged
        if label != "account":
            continue
        labelled = list(record.get("defectors") or [])
        paired = pair_defectors(labelled, out["defectors"] if flagged else [])
        for person, got in zip(labelled, paired, strict=True):
            for name in FIELDS:
                value = person.get("name_or_alias" if name == "name" else name)
                if value is None:
                    continue
                ok = _field_ok(name, value, got)
                fields[name][0] += ok
                fields[name][1] += 1
                if flagged:
                    fields[name][2] += ok
                    fields[name][3] += 1
                if not ok:
                    misses.append(
                        {
                            "id": record.get("id"),
                            "miss": name,
                            "want": value,
                            "got": None if got is None else got.get(name),
                        }
                    )
            want = set(person.get("reasons") or [])
            if want:
                have = set(got.get("reasons") or []) if got else set()
                counts = (len(want & have), len(have - want), len(want - have))
                for tally in (reasons, reasons_flagged) if flagged else (reasons,):
                    for k, n in enumerate(counts):
                        tally[k] += n
    precision, recall = _precision_recall([tp, fp, fn])
    r_p, r_r = _precision_recall(reasons)
    f_p, f_r = _precision_recall(reasons_flagged)
    return {
        "articles": len(records),
        "account": {
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        },
        "aggregate": {
            "articles": agg_total,
            "flagged": agg_flagged,
            "flagged_share": _ratio(agg_flagged, agg_total),
            "mixed_flagged": mixed_flagged,
        },
        "fields": {
            name: {
                "accuracy": _ratio(ok, n),
                "stated": n,
                "accuracy_flagged": _ratio(ok_f, n_f),
                "stated_flagged": n_f,
            }
            for name, (ok, n, ok_f, n_f) in fields.items()
        },
        "reasons": {"precision": r_p, "recall": r_r, "f1": _f1(r_p, r_r), "f1_flagged": _f1(f_p, f_r)},
        "misses": misses,
    }


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_report(result: dict[str, Any], show_misses: bool = True) -> str:
    """The figures as a few readable lines."""
    a, g, r = result["account"], result["aggregate"], result["reasons"]
    lines = [
        f"articles: {result['articles']}",
        f"account: precision {_fmt(a['precision'])}  recall {_fmt(a['recall'])}  f1 {_fmt(a['f1'])}  "
        f"(tp {a['tp']}, fp {a['fp']}, fn {a['fn']})",
        f"aggregate flagged: {g['flagged']}/{g['articles']} = {_fmt(g['flagged_share'])} "
        f"(mixed aggregates flagged, acceptable: {g['mixed_flagged']})",
    ]
    for name, value in result["fields"].items():
        lines.append(
            f"{name:<12} accuracy {_fmt(value['accuracy'])} over {value['stated']} stated"
            f"  (flagged accounts: {_fmt(value['accuracy_flagged'])} over {value['stated_flagged']})"
        )
    lines.append(
        f"reasons      precision {_fmt(r['precision'])}  recall {_fmt(r['recall'])}  f1 {_fmt(r['f1'])}"
        f"  (flagged accounts: f1 {_fmt(r['f1_flagged'])})"
    )
    if show_misses and result["misses"]:
        lines.append("misses:")
        lines += [f"  {m}" for m in result["misses"]]
    return "\n".join(lines)
