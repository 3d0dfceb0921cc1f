"""Reviewer decisions as training examples for the reviewer-decision model (alerts/model.py)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class DecidedAlert:
    """One decided alert: the article judged and whether reviewers kept it (confirmed or merged)."""

    alert_id: int
    title: str
    text: str
    confirmed: bool


def get_decided_alerts(db: sqlite_utils.Database) -> list[DecidedAlert]:
    """Every confirmed, merged or rejected alert with its article's title and text, oldest first."""
    rows = db.query(
        "SELECT alerts.id AS id, articles.title AS title,"
        " COALESCE(NULLIF(articles.text, ''), articles.summary, '') AS text, alerts.status AS status"
        " FROM alerts JOIN articles ON articles.id = alerts.article_id"
        " WHERE alerts.status IN ('confirmed', 'merged', 'rejected') ORDER BY alerts.id"
    )
    return [
        DecidedAlert(int(r["id"]), str(r["title"] or ""), str(r["text"] or ""), r["status"] != "rejected")
        for r in rows
    ]


def database_path(db: sqlite_utils.Database) -> str | None:
    """The file behind this connection (None for an in-memory database)."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return str(row[2])
    return None


def get_cluster_case_ids(db: sqlite_utils.Database, cluster_id: int) -> frozenset[int]:
    """Cases already supported by an article of this near-duplicate cluster (the same story)."""
    rows = db.execute(
        "SELECT DISTINCT case_articles.case_id FROM case_articles"
        " JOIN articles ON articles.id = case_articles.article_id WHERE articles.cluster_id = ?",
        [cluster_id],
    ).fetchall()
    return frozenset(int(r[0]) for r in rows)
