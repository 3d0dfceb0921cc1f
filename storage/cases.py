"""Cases: one row per individual defector, with every article that supports it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from storage.db import utcnow, write_lock
from storage.errors import NotFoundError

CASE_FIELDS = ("name_or_alias", "age", "gender", "nationality", "group_name", "reasons", "now_in")


@dataclass(frozen=True)
class Case:
    id: int
    name_or_alias: str | None
    age: int | None
    gender: str | None
    nationality: str | None
    group_name: str | None
    reasons: list[str]
    now_in: str | None
    first_reported_at: str | None
    status: str
    created_by: str | None
    created_at: str
    version: int
    articles: int


_SELECT = """
SELECT c.*, (SELECT COUNT(*) FROM case_articles ca WHERE ca.case_id = c.id) AS articles FROM cases c
"""


def _case(row: dict) -> Case:
    return Case(
        id=row["id"],
        name_or_alias=row["name_or_alias"],
        age=row["age"],
        gender=row["gender"],
        nationality=row["nationality"],
        group_name=row["group_name"],
        reasons=json.loads(row["reasons"] or "[]"),
        now_in=row["now_in"],
        first_reported_at=row["first_reported_at"],
        status=row["status"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        version=row["version"],
        articles=row["articles"],
    )


def add_case(
    db: sqlite_utils.Database, values: dict[str, Any], created_by: str, first_reported_at: str | None
) -> int:
    """Create a case from reviewed fields (keys from CASE_FIELDS; others ignored)."""
    clean = {k: values.get(k) for k in CASE_FIELDS}
    clean["reasons"] = json.dumps(list(clean["reasons"] or []))
    with write_lock(db):
        cursor = db.execute(
            "INSERT INTO cases (name_or_alias, age, gender, nationality, group_name, reasons, now_in,"
            " first_reported_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                clean["name_or_alias"], clean["age"], clean["gender"], clean["nationality"],
                clean["group_name"], clean["reasons"], clean["now_in"], first_reported_at, created_by, utcnow(),
            ],
        )
        return int(cursor.lastrowid or 0)


def link_case_article(
    db: sqlite_utils.Database, case_id: int, article_id: int, alert_id: int | None = None
) -> None:
    """Attach a supporting article; the case's first report date moves earlier if this one is older."""
    with write_lock(db):
        db.execute(
            "INSERT OR IGNORE INTO case_articles (case_id, article_id, alert_id) VALUES (?, ?, ?)",
            [case_id, article_id, alert_id],
        )
        db.execute(
            "UPDATE cases SET first_reported_at = ("
            " SELECT MIN(COALESCE(a.published_at, a.fetched_at)) FROM case_articles ca"
            " JOIN articles a ON a.id = ca.article_id WHERE ca.case_id = ?) WHERE id = ?",
            [case_id, case_id],
        )


def get_case(db: sqlite_utils.Database, case_id: int) -> Case:
    rows = list(db.query(_SELECT + " WHERE c.id = ?", [case_id]))
    if not rows:
        raise NotFoundError(f"no case with id {case_id}")
    return _case(rows[0])


def list_cases(db: sqlite_utils.Database, status: str | None = "confirmed") -> list[Case]:
    where, params = ("", []) if status is None else (" WHERE c.status = ?", [status])
    return [_case(r) for r in db.query(_SELECT + where + " ORDER BY c.first_reported_at, c.id", params)]


def get_case_article_ids(db: sqlite_utils.Database, case_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT article_id FROM case_articles WHERE case_id = ?", [case_id])]
