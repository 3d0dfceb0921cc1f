"""Alerts: one per story (cluster) that the judgement flagged, waiting for a reviewer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from storage.db import utcnow, write_lock
from storage.errors import NotFoundError

STATUSES = ("pending", "confirmed", "merged", "rejected")


@dataclass(frozen=True)
class Alert:
    id: int
    article_id: int
    cluster_id: int
    score: float
    kind: str
    fields: list[dict[str, Any]]
    matched_terms: list[str]
    suggested_cases: list[dict[str, Any]]
    status: str
    reviewer: str | None
    decided_at: str | None
    note: str | None
    reject_reason: str | None
    case_id: int | None
    version: int
    created_at: str
    # joined from the article, for listings
    title: str
    url: str
    outlet: str | None
    published_at: str | None
    copies: int


_SELECT = """
SELECT al.*, a.title, a.url, a.outlet, a.published_at,
       (SELECT COUNT(*) FROM articles c WHERE c.cluster_id = al.cluster_id) AS copies
FROM alerts al JOIN articles a ON a.id = al.article_id
"""


def _alert(row: dict) -> Alert:
    return Alert(
        id=row["id"],
        article_id=row["article_id"],
        cluster_id=row["cluster_id"],
        score=row["score"],
        kind=row["kind"],
        fields=json.loads(row["fields"]),
        matched_terms=json.loads(row["matched_terms"]),
        suggested_cases=json.loads(row["suggested_cases"]),
        status=row["status"],
        reviewer=row["reviewer"],
        decided_at=row["decided_at"],
        note=row["note"],
        reject_reason=row["reject_reason"],
        case_id=row["case_id"],
        version=row["version"],
        created_at=row["created_at"],
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        published_at=row["published_at"],
        copies=row["copies"],
    )


def raise_alert(
    db: sqlite_utils.Database,
    article_id: int,
    cluster_id: int,
    score: float,
    kind: str,
    fields: list[dict[str, Any]],
    matched_terms: list[str],
    suggested_cases: list[dict[str, Any]] | None = None,
) -> tuple[int, bool]:
    """Open an alert for a story unless its cluster already has one; returns (alert_id, created)."""
    with write_lock(db):
        cursor = db.execute(
            "INSERT INTO alerts (article_id, cluster_id, score, kind, fields, matched_terms,"
            " suggested_cases, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(cluster_id) DO NOTHING",
            [
                article_id, cluster_id, score, kind, json.dumps(fields, ensure_ascii=False),
                json.dumps(matched_terms, ensure_ascii=False),
                json.dumps(suggested_cases or [], ensure_ascii=False), utcnow(),
            ],
        )
        if cursor.rowcount:
            return int(cursor.lastrowid or 0), True
        row = db.execute("SELECT id FROM alerts WHERE cluster_id = ?", [cluster_id]).fetchone()
        return int(row[0]), False


def get_alert(db: sqlite_utils.Database, alert_id: int) -> Alert:
    rows = list(db.query(_SELECT + " WHERE al.id = ?", [alert_id]))
    if not rows:
        raise NotFoundError(f"no alert with id {alert_id}")
    return _alert(rows[0])


def alert_for_cluster(db: sqlite_utils.Database, cluster_id: int) -> Alert | None:
    rows = list(db.query(_SELECT + " WHERE al.cluster_id = ?", [cluster_id]))
    return _alert(rows[0]) if rows else None


def list_alerts(
    db: sqlite_utils.Database, status: str | None = None, limit: int = 100, offset: int = 0
) -> list[Alert]:
    """The review queue order: highest score first, then newest."""
    where, params = ("", []) if status is None else (" WHERE al.status = ?", [status])
    rows = db.query(
        _SELECT + where + " ORDER BY al.score DESC, al.created_at DESC, al.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [_alert(r) for r in rows]


def count_alerts_by_status(db: sqlite_utils.Database) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in db.execute("SELECT status, COUNT(*) FROM alerts GROUP BY status").fetchall():
        counts[status] = n
    return counts
