"""Cases: one row per individual defector, with every article that supports it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from storage.audit import record_audit
from storage.db import utcnow, write_lock
from storage.errors import ConflictError, NotFoundError

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
                clean["group_name"], clean["reasons"], clean["now_in"], first_reported_at, created_by,
                utcnow(),
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


@dataclass(frozen=True)
class CaseQuery:
    """Filters of the case list and its CSV export, applied in SQL."""

    status: str | None = "confirmed"
    text: str = ""  # substring of the name, group, nationality or place, case-insensitive
    group: str = ""
    nationality: str = ""
    date_from: str = ""  # first reported on or after, YYYY-MM-DD
    date_to: str = ""


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query_cases(db: sqlite_utils.Database, query: CaseQuery) -> list[Case]:
    """Cases in order of first report; every filter is one SQL condition."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.status is not None:
        clauses.append("c.status = ?")
        params.append(query.status)
    if query.text:
        clauses.append(
            "(c.name_or_alias LIKE ? ESCAPE '\\' OR c.group_name LIKE ? ESCAPE '\\'"
            " OR c.nationality LIKE ? ESCAPE '\\' OR c.now_in LIKE ? ESCAPE '\\')"
        )
        params.extend([_like(query.text)] * 4)
    if query.group:
        clauses.append("c.group_name LIKE ? ESCAPE '\\'")
        params.append(_like(query.group))
    if query.nationality:
        clauses.append("c.nationality LIKE ? ESCAPE '\\'")
        params.append(_like(query.nationality))
    if query.date_from:
        clauses.append("COALESCE(c.first_reported_at, c.created_at) >= ?")
        params.append(query.date_from[:10])
    if query.date_to:
        clauses.append("COALESCE(c.first_reported_at, c.created_at) < ?")
        params.append(query.date_to[:10] + "T99")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return [_case(r) for r in db.query(_SELECT + where + " ORDER BY c.first_reported_at, c.id", params)]


def update_case_fields(
    db: sqlite_utils.Database, case_id: int, expected_version: int, editor: str, values: dict[str, Any]
) -> None:
    """Correct a case's fields (keys from CASE_FIELDS), refusing a stale version; audited
    as ``case.update`` with the values before and after, which is the case's field history."""
    changes = {k: values[k] for k in CASE_FIELDS if k in values}
    if "reasons" in changes:
        changes["reasons"] = json.dumps(list(changes["reasons"] or []))
    with write_lock(db):
        row = db.execute("SELECT version FROM cases WHERE id = ?", [case_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no case with id {case_id}")
        if int(row[0]) != int(expected_version):
            last = db.execute(
                "SELECT actor, at FROM audit WHERE target = ? ORDER BY id DESC LIMIT 1", [f"case:{case_id}"]
            ).fetchone()
            who = f"{last[0]} changed it at {last[1]}" if last else "it changed"
            raise ConflictError(
                f"case {case_id}: {who}; you saw version {expected_version}, it is now version {row[0]}."
                " Reload to see the current fields."
            )
        before = {k: v for k, v in next(iter(db.query("SELECT * FROM cases WHERE id = ?", [case_id]))).items()
                  if k in changes}
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            db.execute(
                f"UPDATE cases SET {assignments}, version = version + 1 WHERE id = ?",
                [*changes.values(), case_id],
            )
        record_audit(db, editor, "case.update", f"case:{case_id}", {"before": before, "after": changes})


def case_history(db: sqlite_utils.Database, case_id: int) -> list[dict[str, Any]]:
    """Every audited change that touched the case: its creation, merges, undos and field edits,
    oldest first, each as {at, actor, action, target, details}."""
    rows = db.query(
        "SELECT at, actor, action, target, details FROM audit WHERE target = ?"
        " OR (target LIKE 'alert:%' AND (json_extract(details, '$.case_id') = ?"
        "  OR EXISTS (SELECT 1 FROM json_each(details, '$.cases') c"
        "             WHERE json_extract(c.value, '$.case_id') = ?))) ORDER BY id",
        [f"case:{case_id}", case_id, case_id],
    )
    return [{**r, "details": json.loads(r["details"])} for r in rows]
