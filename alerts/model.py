"""The reviewer-decision model: logistic regression over text and rule features, learned from
confirmed versus rejected alerts and blended with the rules' score.

The model file is plain JSON (hashing parameters, coefficients, intercept, scaling of the rule
features, training date and size), never pickle: loading a model file cannot run code. Text goes
through a HashingVectorizer, which is stateless, so the file needs no vocabulary and prediction is
a sparse dot product.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from alerts.modelfiles import ModelFileError
from alerts.modelfiles import model_path_for as model_path_for  # re-exported for callers
from alerts.rules import WatchRules
from alerts.score import Features, analyse, rule_logit

FORMAT = "defwatch-reviewer-model"
MIN_EXAMPLES = 20  # fewer decisions than this (or fewer than MIN_PER_CLASS of either) and we do not train
MIN_PER_CLASS = 5
N_FEATURES = 2**18
RULE_FEATURES = [f.name for f in fields(Features)] + ["rule_logit"]


class ModelError(ModelFileError):
    """The model cannot be trained or loaded (too few decisions, a foreign or damaged file)."""


@lru_cache(maxsize=4)
def _vectorizer(n_features: int = N_FEATURES) -> HashingVectorizer:
    return HashingVectorizer(
        n_features=n_features, ngram_range=(1, 2), alternate_sign=False, norm="l2", lowercase=True
    )


def rule_vector(title: str, text: str, rules: WatchRules) -> list[float]:
    f = analyse(title, text, rules)[0]
    return _rule_row(f, rule_logit(f, rules))


def _rule_row(f: Features, logit: float) -> list[float]:
    return [float(v) for v in asdict(f).values()] + [logit]


@dataclass(frozen=True)
class ReviewerModel:
    """A trained model as stored: enough to predict, and who it was trained on."""

    trained_at: str
    examples: int
    positives: int
    n_features: int
    text_coef: dict[int, float]
    rule_coef: list[float]
    rule_mean: list[float]
    rule_scale: list[float]
    intercept: float
    cv: dict[str, Any]

    @property
    def version(self) -> str:
        return f"{self.trained_at[:10]}-n{self.examples}"

    def logit(self, title: str, text: str, rules: WatchRules) -> float:
        """The model's log-odds that reviewers would confirm this article."""
        f = analyse(title, text, rules)[0]
        return self.logit_for(title, text, f, rule_logit(f, rules))

    def logit_for(self, title: str, text: str, features: Features, rule_logit: float) -> float:
        """The same, from the rule features judge() has already computed (the article is read once)."""
        row = _vectorizer(self.n_features).transform([f"{title}\n{text}"])
        coef = self.text_coef
        total = self.intercept + sum(
            coef.get(int(k), 0.0) * float(v) for k, v in zip(row.indices, row.data, strict=True)
        )
        values = _rule_row(features, rule_logit)
        for c, m, s, x in zip(self.rule_coef, self.rule_mean, self.rule_scale, values, strict=True):
            total += c * (x - m) / s
        return total

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["text_coef"] = {str(k): v for k, v in self.text_coef.items()}
        return {
            "format": FORMAT,
            "format_version": 1,
            "version": self.version,
            "rule_features": RULE_FEATURES,
            **data,
        }


def load_model(path: Path) -> ReviewerModel:
    """Read a model file; only numbers and strings are read, nothing is executed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot read the model file ({exc})") from exc
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("rule_features") != RULE_FEATURES
    ):
        raise ModelError(f"{path}: not a defwatch reviewer model of this version")
    try:
        model = ReviewerModel(
            trained_at=str(data["trained_at"]),
            examples=int(data["examples"]),
            positives=int(data["positives"]),
            n_features=int(data["n_features"]),
            text_coef={int(k): float(v) for k, v in data["text_coef"].items()},
            rule_coef=[float(v) for v in data["rule_coef"]],
            rule_mean=[float(v) for v in data["rule_mean"]],
            rule_scale=[float(v) for v in data["rule_scale"]],
            intercept=float(data["intercept"]),
            cv=dict(data.get("cv") or {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(f"{path}: damaged model file ({exc})") from exc
    problem = _inconsistency(model)
    if problem:
        raise ModelError(f"{path}: damaged model file ({problem})")
    return model


def _inconsistency(model: ReviewerModel) -> str | None:
    """What would make scoring with these numbers fail or mislead (a hand-edited or truncated file)."""
    size = len(RULE_FEATURES)
    if not 1 <= model.n_features <= 1 << 24:
        return f"n_features {model.n_features} is outside 1..{1 << 24}"
    if not len(model.rule_coef) == len(model.rule_mean) == len(model.rule_scale) == size:
        return f"rule_coef, rule_mean and rule_scale must each hold {size} numbers"
    numbers = [model.intercept, *model.rule_coef, *model.rule_mean, *model.rule_scale,
               *model.text_coef.values()]
    if not all(math.isfinite(x) for x in numbers):
        return "a coefficient is not a finite number"
    if any(s <= 0 for s in model.rule_scale):
        return "a rule_scale is not positive"
    if any(not 0 <= k < model.n_features for k in model.text_coef):
        return "a text_coef index is outside n_features"
    return None


def _matrix(
    texts: list[str], rows: list[list[float]], mean: np.ndarray, scale: np.ndarray, n_features: int
) -> sparse.csr_matrix:
    text = _vectorizer(n_features).transform(texts)
    ruled = sparse.csr_matrix((np.asarray(rows) - mean) / scale)
    return sparse.hstack([text, ruled]).tocsr()


def _figures(y: np.ndarray, p: np.ndarray) -> dict[str, Any]:
    pred = p >= 0.5
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "accuracy": round(float(np.mean(pred == (y == 1))), 4),
    }


def train_model(
    examples: list[tuple[str, str, bool]], rules: WatchRules, folds: int = 5, now: datetime | None = None
) -> ReviewerModel:
    """Fit on (title, text, confirmed) examples; cross-validated figures go into the model's `cv`."""
    positives = sum(1 for _, _, ok in examples if ok)
    negatives = len(examples) - positives
    if len(examples) < MIN_EXAMPLES or min(positives, negatives) < MIN_PER_CLASS:
        raise ModelError(
            f"too few reviewer decisions to train: {positives} confirmed and {negatives} rejected; "
            f"need at least "
            f"{MIN_EXAMPLES} in all and {MIN_PER_CLASS} of each. The rules alone judge until then."
        )
    texts = [f"{t}\n{x}" for t, x, _ in examples]
    rows = [rule_vector(t, x, rules) for t, x, _ in examples]
    arr = np.asarray(rows)
    mean, scale = arr.mean(axis=0), arr.std(axis=0)
    scale[scale == 0] = 1.0
    y = np.asarray([1 if ok else 0 for _, _, ok in examples])
    X = _matrix(texts, rows, mean, scale, N_FEATURES)
    k = max(2, min(folds, positives, negatives))
    clf = LogisticRegression(C=1.0, solver="liblinear", max_iter=1000, class_weight="balanced")
    proba = cross_val_predict(
        clf, X, y, cv=StratifiedKFold(k, shuffle=True, random_state=0), method="predict_proba"
    )[:, 1]
    rules_only = np.asarray([1 / (1 + math.exp(-max(-30, min(30, r[-1])))) for r in rows])
    cv = {"folds": k, "model": _figures(y, proba), "rules_only": _figures(y, rules_only)}
    clf.fit(X, y)
    coef = clf.coef_[0]
    text_coef = {int(i): round(float(coef[i]), 6) for i in np.flatnonzero(coef[:N_FEATURES])}
    return ReviewerModel(
        trained_at=(now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        examples=len(examples),
        positives=positives,
        n_features=N_FEATURES,
        text_coef=text_coef,
        rule_coef=[float(c) for c in coef[N_FEATURES:]],
        rule_mean=[float(v) for v in mean],
        rule_scale=[float(v) for v in scale],
        intercept=float(clf.intercept_[0]),
        cv=cv,
    )


def save_model(model: ReviewerModel, path: Path) -> Path:
    """Write the current model file and a dated copy named by its version; returns the dated copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps(model.to_json(), separators=(",", ":"))
    dated = path.with_name(f"{path.stem}-{model.version}{path.suffix}")
    dated.write_text(body, encoding="utf-8")
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(path)
    return dated
