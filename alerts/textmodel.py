"""The seed model: a text classifier trained on the labelled sets, to flag what the rules miss.

The rules only see what their vocabulary names; on sets written blind (new groups, new phrasings)
most missed accounts have no rule hit at all. A logistic regression over hashed word 1-2-grams and
character 3-5-grams of title and text, trained on the *other* labelled sets, finds many of them.
It is blended with the rules by OR: an article the rules flag stays as it is; one they did not flag
(and did not call an aggregate) is flagged when the model's probability reaches a threshold. The
threshold is chosen by the training itself, leave-one-set-out: each labelled file is one fold,
because a file is one writer's batch and a random split would leak its style into the test.

Like alerts/model.py, the file is plain JSON (coefficients by hashed index, no vocabulary), never
pickle: loading a model file cannot run code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression

from alerts.casefields import protagonist
from alerts.modelfiles import ModelFileError
from alerts.modelfiles import seed_model_path_for as seed_model_path_for  # re-exported for callers
from alerts.rules import WatchRules
from alerts.score import Blend, Judgement, analyse, headline_against, judge, judgement_record

FORMAT = "defwatch-seed-model"
FORMAT_VERSION = 1
N_FEATURES = 2**20  # per hashing space; word indices are 0..N-1, character indices N..2N-1
C = 16.0
THRESHOLDS = tuple(round(0.5 + 0.05 * k, 2) for k in range(10))  # 0.5 ... 0.95
PRECISION_FLOOR = 0.90
PRUNE = 1e-3  # coefficients smaller than this change a probability by well under a percent
SEED_TERM = "seed model"  # the matched term that tells reviewers why an article was flagged
MIN_SETS = 2
MIN_PER_CLASS = 5

Record = dict[str, Any]


class SeedModelError(ModelFileError):
    """The seed model cannot be trained or loaded (too few sets, a foreign or damaged file)."""


@lru_cache(maxsize=1)
def _vectorizers() -> tuple[HashingVectorizer, HashingVectorizer]:
    """Word and character hashing, stateless: the same text always lands on the same indices."""
    common: dict[str, Any] = {"n_features": N_FEATURES, "alternate_sign": False, "norm": "l2"}
    return (
        HashingVectorizer(ngram_range=(1, 2), **common),
        HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common),
    )


def document(title: str, text: str) -> str:
    return f"{title}\n{text}"


def vectorize(docs: list[str]) -> sparse.csr_matrix:
    """Both hashing spaces side by side (2 * N_FEATURES columns)."""
    words, chars = _vectorizers()
    return sparse.hstack([words.transform(docs), chars.transform(docs)]).tocsr()


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, x))))


@dataclass(frozen=True)
class SeedModel:
    """A trained seed model as stored: enough to predict, what it was trained on, and its LOSO figures."""

    trained_at: str
    examples: int
    positives: int
    sets: list[str]
    threshold: float
    intercept: float
    coef: dict[int, float]
    cv: dict[str, Any]

    @cached_property
    def _weights(self) -> tuple[np.ndarray, np.ndarray]:
        """The coefficients as two dense arrays (8 MB each), built on first use: a dot product
        over them is ten times faster than looking up every hashed index in the dict."""
        dense = np.zeros(2 * N_FEATURES, dtype=np.float64)
        if self.coef:
            keys = np.fromiter(self.coef.keys(), dtype=np.int64, count=len(self.coef))
            dense[keys] = np.fromiter(self.coef.values(), dtype=np.float64, count=len(self.coef))
        return dense[:N_FEATURES], dense[N_FEATURES:]

    def probability(self, title: str, text: str) -> float:
        """The model's probability that the article is an account of someone who left a group."""
        doc = [document(title, text)]
        total = self.intercept
        for vectorizer, weights in zip(_vectorizers(), self._weights, strict=True):
            row = vectorizer.transform(doc)
            total += float(weights[row.indices] @ row.data)
        return _sigmoid(total)

    def judge(
        self, title: str, text: str, rules: WatchRules, model: Blend | None = None
    ) -> Judgement:
        """The rules' judgement (with the reviewer model when given), OR-blended with this model."""
        judgement = judge(title, text, rules, model)
        if not needs_seed(judgement):
            return judgement
        return or_blend(judgement, self.probability(title, text), self.threshold, title, text, rules)

    def score_record(
        self, record: Record, rules: WatchRules, model: Blend | None = None
    ) -> dict[str, Any]:
        """alerts.score.score_record's JSONL contract, judged with this model OR-blended."""
        j = self.judge(str(record.get("title") or ""), str(record.get("text") or ""), rules, model)
        return judgement_record(record, j)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "n_features": N_FEATURES,
            "features": "word 1-2-grams + char_wb 3-5-grams, hashed, l2, title\\ntext",
            "trained_at": self.trained_at,
            "examples": self.examples,
            "positives": self.positives,
            "sets": self.sets,
            "threshold": self.threshold,
            "intercept": self.intercept,
            "cv": self.cv,
            "coef": {str(k): v for k, v in sorted(self.coef.items())},
        }


def needs_seed(judgement: Judgement) -> bool:
    """Only an article the rules neither flagged nor called an aggregate can gain a flag; skipping
    the others saves the (slower) character hashing."""
    return not judgement.flagged and judgement.kind != "aggregate"


def or_blend(
    judgement: Judgement, probability: float, threshold: float, title: str, text: str, rules: WatchRules
) -> Judgement:
    """Rules flagged OR model probability >= threshold. The model only adds flags: a flagged article
    is unchanged, and an aggregate stays an aggregate (a report about many is not upgraded). An added
    flag carries the people `analyse()` finds, else the person the article is most about
    (casefields.protagonist; maybe none: the reviewer still sees the article), and the matched
    term "seed model (p=0.83)", so reviewers know why it is there."""
    if not needs_seed(judgement) or probability < threshold:
        return judgement
    _, candidates, scan, _ = analyse(title, text, rules)
    if headline_against(scan):
        return judgement  # a recruit's or a prisoner's story: the rules' word stands
    if not candidates:  # no defection term anchors anyone: the person the article is most about
        candidates = protagonist(scan, rules.compiled())
    return replace(
        judgement,
        score=round(probability, 4),
        flagged=True,
        kind="account",
        defectors=tuple(c.defector for c in candidates),
        matched_terms=(*judgement.matched_terms, f"{SEED_TERM} (p={probability:.2f})"),
    )


# --- training ---------------------------------------------------------------------------------


def _positive(record: Record) -> bool:
    return record.get("label") == "account"


@dataclass(frozen=True)
class _Fitted:
    """Coefficients over the full hashing spaces and the intercept of one fit."""

    coef: np.ndarray
    intercept: float

    def probabilities(self, docs: list[str]) -> np.ndarray:
        if not docs:
            return np.zeros(0)
        logits = vectorize(docs) @ self.coef + self.intercept
        return 1 / (1 + np.exp(-np.clip(logits, -30, 30)))


def _fit(docs: list[str], y: np.ndarray) -> _Fitted:
    """Logistic regression on the columns the training texts use. A column no text uses has zero
    gradient from the start (L2 penalty, zero initial weights), so its weight stays exactly zero:
    leaving it out gives the same fit and makes each solver step some 20 times cheaper."""
    X = vectorize(docs)
    used = np.unique(X.indices)
    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    clf.fit(X[:, used], y)
    coef = np.zeros(X.shape[1])
    coef[used] = clf.coef_[0]
    return _Fitted(coef, float(clf.intercept_[0]))


def _pr(flags: Iterable[bool], truth: Iterable[bool]) -> dict[str, Any]:
    """Precision and recall with their counts (None where undefined)."""
    tp = fp = fn = 0
    for f, t in zip(flags, truth, strict=True):
        tp += f and t
        fp += f and not t
        fn += t and not f
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


@dataclass(frozen=True)
class _Held:
    """One held-out article: its truth, what the rules said, and the model's probability from the
    model trained without its set."""

    fold: str
    positive: bool
    rules_flagged: bool
    can_add: bool  # the rules neither flagged it nor called it an aggregate, and its headline allows it
    p: float

    def or_flag(self, t: float) -> bool:
        return self.rules_flagged or (self.can_add and self.p >= t)


def choose_threshold(held: list[_Held], floor: float = PRECISION_FLOOR) -> float:
    """The lowest threshold whose pooled OR-blend precision reaches the floor (most recall at
    acceptable precision); when none does, the highest (fewest false alarms)."""
    truth = [h.positive for h in held]
    for t in THRESHOLDS:
        precision = _pr([h.or_flag(t) for h in held], truth)["precision"]
        if precision is not None and precision >= floor:
            return t
    return THRESHOLDS[-1]


def _figures(held: list[_Held], t: float) -> dict[str, Any]:
    truth = [h.positive for h in held]
    return {
        "articles": len(held),
        "rules": _pr([h.rules_flagged for h in held], truth),
        "model": _pr([h.p >= t for h in held], truth),
        "or": _pr([h.or_flag(t) for h in held], truth),
    }


def _check_sets(labelled: dict[str, list[Record]]) -> None:
    if len(labelled) < MIN_SETS:
        raise SeedModelError(
            f"the seed model needs at least {MIN_SETS} labelled files (each is one fold of the "
            f"leave-one-set-out choice of threshold); got {len(labelled)}"
        )
    records = [r for rows in labelled.values() for r in rows]
    positives = sum(_positive(r) for r in records)
    if min(positives, len(records) - positives) < MIN_PER_CLASS:
        raise SeedModelError(
            f"too few labelled articles: {positives} accounts and {len(records) - positives} others; "
            f"need at least {MIN_PER_CLASS} of each"
        )
    for name in labelled:
        rest = [r for other, rs in labelled.items() if other != name for r in rs]
        if len({_positive(r) for r in rest}) < 2:
            raise SeedModelError(
                f"without {name} the other files hold only one label; every fold needs accounts and others"
            )


def cross_validate(
    labelled: dict[str, list[Record]],
    rules: WatchRules,
    on_fold: Callable[[str], None] | None = None,
) -> list[_Held]:
    """Leave-one-set-out: each file is judged by a model trained on the others."""
    held: list[_Held] = []
    for name, rows in labelled.items():
        rest = [r for other, rs in labelled.items() if other != name for r in rs]
        clf = _fit(
            [document(str(r.get("title") or ""), str(r["text"])) for r in rest],
            np.asarray([int(_positive(r)) for r in rest]),
        )
        docs = [document(str(r.get("title") or ""), str(r["text"])) for r in rows]
        probabilities = clf.probabilities(docs)
        for r, p in zip(rows, probabilities, strict=True):
            title, text = str(r.get("title") or ""), str(r["text"])
            j = judge(title, text, rules)
            can_add = needs_seed(j) and not headline_against(rules.compiled().scan(title, text))
            held.append(_Held(name, _positive(r), j.flagged, can_add, float(p)))
        if on_fold is not None:
            on_fold(name)
    return held


def train_seed_model(
    labelled: dict[str, list[Record]],
    rules: WatchRules,
    now: datetime | None = None,
    on_fold: Callable[[str], None] | None = None,
) -> SeedModel:
    """Choose the threshold leave-one-set-out, then fit on every file. `labelled` maps a set's name
    (its file) to its records (dev.jsonl format; label "account" is positive)."""
    _check_sets(labelled)
    held = cross_validate(labelled, rules, on_fold)
    t = choose_threshold(held)
    cv = {
        "scheme": "leave-one-set-out",
        "precision_floor": PRECISION_FLOOR,
        "thresholds": {
            str(x): {k: v for k, v in _figures(held, x)["or"].items() if k in ("precision", "recall")}
            for x in THRESHOLDS
        },
        "pooled": _figures(held, t),
        "folds": {name: _figures([h for h in held if h.fold == name], t) for name in labelled},
    }
    records = [r for rows in labelled.values() for r in rows]
    clf = _fit(
        [document(str(r.get("title") or ""), str(r["text"])) for r in records],
        np.asarray([int(_positive(r)) for r in records]),
    )
    coef = clf.coef
    kept = np.flatnonzero(np.abs(coef) >= PRUNE)
    return SeedModel(
        trained_at=(now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        examples=len(records),
        positives=sum(_positive(r) for r in records),
        sets=list(labelled),
        threshold=t,
        intercept=clf.intercept,
        coef={int(i): round(float(coef[i]), 5) for i in kept},
        cv=cv,
    )


# --- files ------------------------------------------------------------------------------------


def save_seed_model(model: SeedModel, path: Path) -> Path:
    """Write the model file atomically (a daemon reading it never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(model.to_json(), separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)
    return path


FIX = "train a new one with `defwatch model seed FILE...`"


def load_seed_model(path: Path) -> SeedModel:
    """Read a seed model file; only numbers and strings are read, nothing is executed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SeedModelError(f"{path}: cannot read the seed model file ({exc}); {FIX}") from exc
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("format_version") != FORMAT_VERSION
        or data.get("n_features") != N_FEATURES
    ):
        raise SeedModelError(f"{path}: not a defwatch seed model of this version; {FIX}")
    try:
        model = SeedModel(
            trained_at=str(data["trained_at"]),
            examples=int(data["examples"]),
            positives=int(data["positives"]),
            sets=[str(s) for s in data["sets"]],
            threshold=float(data["threshold"]),
            intercept=float(data["intercept"]),
            coef={int(k): float(v) for k, v in data["coef"].items()},
            cv=dict(data.get("cv") or {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SeedModelError(f"{path}: damaged seed model file ({exc}); {FIX}") from exc
    problem = _inconsistency(model)
    if problem:
        raise SeedModelError(f"{path}: damaged seed model file ({problem}); {FIX}")
    return model


def _inconsistency(model: SeedModel) -> str | None:
    """What would make scoring with these numbers fail or mislead (a hand-edited or truncated file)."""
    if not 0 < model.threshold < 1:
        return f"threshold {model.threshold} is outside 0..1"
    if not math.isfinite(model.intercept) or not all(math.isfinite(v) for v in model.coef.values()):
        return "a coefficient is not a finite number"
    if any(not 0 <= k < 2 * N_FEATURES for k in model.coef):
        return f"a coef index is outside 0..{2 * N_FEATURES - 1}"
    if not model.coef:
        return "no coefficients"
    if not 0 < model.positives < model.examples:
        return "examples and positives do not fit"
    return None
