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
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
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
from alerts.score import Blend, Judgement, analyse, headline_against, judge, judgement_record, record_article

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
# Reasons: a logistic regression per reason over the word hashing of a one-defector article and the
# lexicon's own verdict on that reason; a reason is given at this probability (chosen leave-one-
# set-out on the labelled sets: F1 0.675 for the lexicon alone, 0.713 with the model).
REASON_THRESHOLD = 0.4
REASON_C = 16.0
MIN_REASON_EXAMPLES = 20

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
class ReasonWeights:
    """One reason's regression: hashed word 1-2-grams of the article (indices 0..N_FEATURES-1) and
    whether the rules' lexicon found the reason (`lexicon`, its weight)."""

    intercept: float
    lexicon: float
    coef: dict[int, float]

    def probability(self, row: sparse.csr_matrix, found: bool) -> float:
        total = self.intercept + (self.lexicon if found else 0.0)
        pairs = zip(row.indices, row.data, strict=True)
        total += sum(self.coef.get(int(i), 0.0) * float(v) for i, v in pairs)
        return _sigmoid(total)


def _given_reasons(
    weights: dict[str, ReasonWeights], row: sparse.csr_matrix, found: tuple[str, ...]
) -> tuple[str, ...]:
    """The learned reasons at or above the threshold for one article's word row, then those the
    lexicon `found` that no weights cover."""
    own = [key for key, w in weights.items() if w.probability(row, key in found) >= REASON_THRESHOLD]
    return (*own, *(key for key in found if key not in weights))


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
    reasons: dict[str, ReasonWeights] = field(default_factory=dict)

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
        self,
        title: str,
        text: str,
        rules: WatchRules,
        model: Blend | None = None,
        published: date | None = None,
    ) -> Judgement:
        """The rules' judgement (with the reviewer model when given), OR-blended with this model."""
        judgement = judge(title, text, rules, model, published=published)
        if needs_seed(judgement):
            judgement = or_blend(
                judgement, self.probability(title, text), self.threshold, title, text, rules, published
            )
        return self.with_reasons(judgement, title, text)

    def reasons_for(self, title: str, text: str, found: tuple[str, ...]) -> tuple[str, ...]:
        """The reasons of an article's one defector: the model's per-reason verdict given what the
        lexicon `found`; a reason the model has no weights for keeps the lexicon's word."""
        if not self.reasons:
            return found
        return _given_reasons(self.reasons, _vectorizers()[0].transform([document(title, text)]), found)

    def with_reasons(self, judgement: Judgement, title: str, text: str) -> Judgement:
        """An article about one defector gets the model's reasons; with several, the whole text
        cannot tell whose reason is whose, so each keeps the lexicon's."""
        if len(judgement.defectors) != 1 or not self.reasons:
            return judgement
        (one,) = judgement.defectors
        reasons = self.reasons_for(title, text, one.reasons)
        return replace(judgement, defectors=(replace(one, reasons=reasons),))

    def score_record(
        self, record: Record, rules: WatchRules, model: Blend | None = None
    ) -> dict[str, Any]:
        """alerts.score.score_record's JSONL contract, judged with this model OR-blended."""
        title, text, published = record_article(record)
        return judgement_record(record, self.judge(title, text, rules, model, published))

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
            "reasons": {
                key: {
                    "intercept": w.intercept,
                    "lexicon": w.lexicon,
                    "coef": {str(k): v for k, v in sorted(w.coef.items())},
                }
                for key, w in self.reasons.items()
            },
        }


def needs_seed(judgement: Judgement) -> bool:
    """Only an article the rules neither flagged nor called an aggregate can gain a flag; skipping
    the others saves the (slower) character hashing."""
    return not judgement.flagged and judgement.kind != "aggregate"


def or_blend(
    judgement: Judgement,
    probability: float,
    threshold: float,
    title: str,
    text: str,
    rules: WatchRules,
    published: date | None = None,
) -> Judgement:
    """Rules flagged OR model probability >= threshold. The model only adds flags: a flagged article
    is unchanged, and an aggregate stays an aggregate (a report about many is not upgraded). An added
    flag carries the people `analyse()` finds, else the person the article is most about
    (casefields.protagonist; maybe none: the reviewer still sees the article), and the matched
    term "seed model (p=0.83)", so reviewers know why it is there."""
    if not needs_seed(judgement) or probability < threshold:
        return judgement
    _, candidates, scan, _ = analyse(title, text, rules, published)
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
    """Of the thresholds whose pooled OR-blend precision reaches the floor, the one with the best
    pooled F1 (the lowest of equals); when none reaches it, the highest (fewest false alarms).
    Not simply the lowest that reaches the floor: precision on sets nobody tuned against has run
    below the pooled figure, so a threshold that buys a little recall with many false alarms is
    not worth it."""
    truth = [h.positive for h in held]
    best: tuple[float, float] | None = None  # (F1, threshold)
    for t in THRESHOLDS:
        figures = _pr([h.or_flag(t) for h in held], truth)
        if figures["precision"] is None or figures["precision"] < floor:
            continue
        f1 = 2 * figures["tp"] / (2 * figures["tp"] + figures["fp"] + figures["fn"])  # tp > 0 here
        if best is None or f1 > best[0]:
            best = (f1, t)
    return best[1] if best else THRESHOLDS[-1]


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


@dataclass(frozen=True)
class _ReasonRow:
    """One labelled article about one defector: its set, text, the lexicon's reasons, the labels."""

    fold: str
    doc: str
    found: tuple[str, ...]
    truth: frozenset[str]


def _reason_rows(labelled: dict[str, list[Record]], rules: WatchRules) -> list[_ReasonRow]:
    rows: list[_ReasonRow] = []
    for name, records in labelled.items():
        for r in records:
            people = r.get("defectors") or []
            if not _positive(r) or len(people) != 1:
                continue
            title, text = str(r.get("title") or ""), str(r["text"])
            j = judge(title, text, rules)
            found = j.defectors[0].reasons if len(j.defectors) == 1 else ()
            truth = frozenset(str(k) for k in people[0].get("reasons") or ())
            rows.append(_ReasonRow(name, document(title, text), tuple(found), truth))
    return rows


def _reason_keys(rows: list[_ReasonRow], rules: WatchRules) -> list[str]:
    """The taxonomy's reasons with enough labelled examples both ways to learn from."""
    def enough(key: str) -> bool:
        given = sum(key in r.truth for r in rows)
        return MIN_REASON_EXAMPLES <= given <= len(rows) - MIN_REASON_EXAMPLES

    return [key for key in rules.reasons if enough(key)]


def _fit_reason(words: sparse.csr_matrix, found: np.ndarray, y: np.ndarray) -> ReasonWeights | None:
    """One reason's regression on the columns the texts use (see _fit); None when the texts hold
    only one answer."""
    if len(set(y.tolist())) < 2:
        return None
    used = np.unique(words.indices)
    X = sparse.hstack([words[:, used], sparse.csr_matrix(found.reshape(-1, 1))]).tocsr()
    clf = LogisticRegression(C=REASON_C, solver="liblinear")
    clf.fit(X, y)
    w = clf.coef_[0]
    coef = {int(used[k]): round(float(w[k]), 5) for k in np.flatnonzero(np.abs(w[:-1]) >= PRUNE)}
    return ReasonWeights(float(clf.intercept_[0]), float(w[-1]), coef)


def _reason_words(rows: list[_ReasonRow]) -> sparse.csr_matrix:
    return _vectorizers()[0].transform([r.doc for r in rows]).tocsr()


def _fit_reasons(
    rows: list[_ReasonRow], words: sparse.csr_matrix, keys: list[str]
) -> dict[str, ReasonWeights]:
    """One regression per key; `words` holds the rows' word hashing, in the same order."""
    out: dict[str, ReasonWeights] = {}
    for key in keys:
        found = np.asarray([float(key in r.found) for r in rows])
        fitted = _fit_reason(words, found, np.asarray([int(key in r.truth) for r in rows]))
        if fitted is not None:
            out[key] = fitted
    return out


def _f1(given: list[set[str]], truth: list[frozenset[str]]) -> dict[str, Any]:
    tp = sum(len(g & t) for g, t in zip(given, truth, strict=True))
    fp = sum(len(g - t) for g, t in zip(given, truth, strict=True))
    fn = sum(len(t - g) for g, t in zip(given, truth, strict=True))
    f1 = round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else None
    return {"f1": f1, "tp": tp, "fp": fp, "fn": fn}


def cross_validate_reasons(rows: list[_ReasonRow], keys: list[str]) -> dict[str, Any]:
    """Leave-one-set-out reasons F1 over the learned keys, pooled: the lexicon alone and the model."""
    model_given: list[set[str]] = []
    truth: list[frozenset[str]] = []
    lexicon: list[set[str]] = []
    words = _reason_words(rows)  # hashed once: each fold takes its rows of it
    folds = np.asarray([r.fold for r in rows])
    for fold in dict.fromkeys(r.fold for r in rows):
        train, held = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        weights = _fit_reasons([rows[k] for k in train], words[train], keys)
        for k in held:
            r = rows[k]
            model_given.append(set(_given_reasons(weights, words[k], r.found)) & set(keys))
            lexicon.append(set(r.found) & set(keys))
            truth.append(r.truth & frozenset(keys))
    return {
        "examples": len(rows),
        "keys": keys,
        "threshold": REASON_THRESHOLD,
        "lexicon": _f1(lexicon, truth),
        "model": _f1(model_given, truth),
    }


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
    reason_rows = _reason_rows(labelled, rules)
    keys = _reason_keys(reason_rows, rules)
    cv["reasons"] = cross_validate_reasons(reason_rows, keys)
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
        reasons=_fit_reasons(reason_rows, _reason_words(reason_rows), keys),
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
            reasons={  # absent from files written before reasons were learned: the lexicon's stand
                str(key): ReasonWeights(
                    float(w["intercept"]),
                    float(w["lexicon"]),
                    {int(k): float(v) for k, v in w["coef"].items()},
                )
                for key, w in (data.get("reasons") or {}).items()
            },
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
    for key, w in model.reasons.items():
        values = [w.intercept, w.lexicon, *w.coef.values()]
        if not all(math.isfinite(v) for v in values) or any(not 0 <= k < N_FEATURES for k in w.coef):
            return f"reason {key!r}: a coefficient not finite or an index outside 0..{N_FEATURES - 1}"
    if not 0 < model.positives < model.examples:
        return "examples and positives do not fit"
    return None
