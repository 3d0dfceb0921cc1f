"""Work through the durable queue of unjudged articles: score, flag, raise alerts.

Each article is judged and its alert raised in one transaction, so a crash at any
point leaves it either fully judged or still in the queue, never half-done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import sqlite_utils

from alerts.birthyear import publication_date
from alerts.match import KnownCase, match_candidate
from alerts.modelfiles import ModelFileError, model_path_for, seed_model_path_for
from alerts.rules import WatchRules
from alerts.score import Defector, Judgement, judge
from storage.alerts import raise_alert
from storage.articles import Article, body_text, cluster_queued, get_unjudged_articles, mark_article_judged
from storage.cases import list_cases
from storage.db import write_lock
from storage.judgements import database_path, get_cluster_case_ids

if TYPE_CHECKING:
    from alerts.model import ReviewerModel
    from alerts.textmodel import SeedModel

log = logging.getLogger(__name__)
M = TypeVar("M")


@dataclass
class JudgeSummary:
    judged: int = 0
    flagged: int = 0
    alerts_raised: int = 0
    attached_to_existing: int = 0
    aggregate: int = 0
    placed: int = 0  # articles placed among near-duplicates first (stored by the feed poller)
    linked: int = 0  # of them, copies of a story already stored


def defector_fields(defector: Defector) -> dict[str, object]:
    """Extracted fields in the shape reviewers edit and cases store."""
    data = asdict(defector)
    data["reasons"] = list(defector.reasons)
    return data


def known_cases(db: sqlite_utils.Database) -> list[KnownCase]:
    return [
        KnownCase(
            case_id=c.id,
            name_or_alias=c.name_or_alias,
            age=c.age,
            gender=c.gender,
            nationality=c.nationality,
            group=c.group_name,
        )
        for c in list_cases(db)
    ]


def suggestions(
    judgement: Judgement, cases: list[KnownCase], same_story: frozenset[int] = frozenset()
) -> list[dict[str, object]]:
    found: dict[int, dict[str, object]] = {}
    for defector in judgement.defectors:
        for match in match_candidate(defector, cases, same_story):
            best = found.get(match.case_id)
            if best is None or float(best["confidence"]) < match.confidence:  # type: ignore[arg-type]
                found[match.case_id] = {
                    "case_id": match.case_id,
                    "confidence": round(match.confidence, 3),
                    "evidence": list(match.evidence),
                }
    return sorted(found.values(), key=lambda m: -float(m["confidence"]))  # type: ignore[arg-type]


def reviewer_model(db: sqlite_utils.Database) -> ReviewerModel | None:
    """The trained model beside this database, if there is one (see `defwatch model train`)."""

    def load(path: Path) -> ReviewerModel:
        from alerts.model import load_model  # scikit-learn is imported only when a model exists

        return load_model(path)

    return _model_beside(db, model_path_for, load, "model_unusable")


def seed_model(db: sqlite_utils.Database) -> SeedModel | None:
    """The seed model beside this database, if there is one (see `defwatch model seed`)."""

    def load(path: Path) -> SeedModel:
        from alerts.textmodel import load_seed_model  # scikit-learn only when a model exists

        return load_seed_model(path)

    return _model_beside(db, seed_model_path_for, load, "seed_model_unusable")


def _model_beside(
    db: sqlite_utils.Database, path_for: Callable[[Path], Path], load: Callable[[Path], M], event: str
) -> M | None:
    """A model file beside the database, loaded; a file that cannot be used is logged with the fix
    and ignored, so the rules alone go on judging."""
    path = database_path(db)
    if path is None:
        return None
    model_file = path_for(Path(path))
    if not model_file.exists():
        return None
    try:
        return load(model_file)
    except ModelFileError as exc:
        log.warning("event=%s path=%s error=%s", event, model_file, exc)
        return None


def judge_article(
    db: sqlite_utils.Database,
    article: Article,
    rules: WatchRules,
    cases: list[KnownCase],
    model: ReviewerModel | None = None,
    seed: SeedModel | None = None,
) -> tuple[Judgement, bool]:
    """Judge one article (rules, blended with the reviewer model when given, OR-blended with the
    seed model when given); returns the judgement and whether it opened a new alert."""
    text = body_text(article.text, article.summary)
    published = publication_date(article.published_at or article.fetched_at)
    judgement = judge(article.title, text, rules, model, published=published) if seed is None else seed.judge(
        article.title, text, rules, model, published
    )
    created = False
    with write_lock(db):
        mark_article_judged(db, article.id, judgement.kind, judgement.score)
        if judgement.flagged:
            _, created = raise_alert(
                db,
                article_id=article.id,
                cluster_id=article.cluster_id or article.id,
                score=judgement.score,
                kind=judgement.kind,
                fields=[defector_fields(d) for d in judgement.defectors],
                matched_terms=list(judgement.matched_terms),
                suggested_cases=suggestions(
                    judgement, cases, get_cluster_case_ids(db, article.cluster_id or article.id)
                ),
            )
    return judgement, created


def judge_pending(db: sqlite_utils.Database, rules: WatchRules, batch: int = 200) -> JudgeSummary:
    """Judge everything in the queue; safe to run from several processes at once.

    Articles the feed poller stored unplaced are placed in their stories first, so a copy of
    a story already alerted on joins that alert instead of raising another.
    """
    summary = JudgeSummary()
    placed = cluster_queued(db)
    summary.placed, summary.linked = placed.placed, placed.linked
    cases = known_cases(db)
    model = reviewer_model(db)
    seed = seed_model(db)
    while True:
        articles = get_unjudged_articles(db, limit=batch)
        if not articles:
            return summary
        for article in articles:
            judgement, created = judge_article(db, article, rules, cases, model, seed)
            summary.judged += 1
            if judgement.kind == "aggregate":
                summary.aggregate += 1
            if judgement.flagged:
                summary.flagged += 1
                if created:
                    summary.alerts_raised += 1
                else:
                    summary.attached_to_existing += 1
            log.debug(
                "event=judged article=%s kind=%s score=%.2f", article.id, judgement.kind, judgement.score
            )
