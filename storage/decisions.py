"""Reviewer decisions on alerts: confirm, merge, reject, undo, and edits of extracted fields.

Each function is one ``write_lock`` transaction that (1) re-reads the alert under the
write lock, (2) checks optimistic locking: the ``version`` the reviewer saw must still be
the current one, else ``DecisionConflict`` names who changed the alert and when, (3)
changes the alert and its case links, bumping ``version``, and (4) appends an audit row
with the state before and after. Because ``write_lock`` nests through savepoints, a
caller may group several of these (save edited fields, then confirm) into one transaction.

Nothing is deleted silently: an undone confirmation leaves its case in place, marked
``withdrawn``, and the audit log keeps every decision and its reversal.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from storage.alerts import groups_key
from storage.audit import record_audit
from storage.cases import CASE_FIELDS, add_case, get_case, link_case_article
from storage.db import utcnow, write_lock
from storage.errors import ConflictError, NotFoundError, StorageError

REJECT_REASONS = ("not_defector", "aggregate", "duplicate", "other")
CASE_WITHDRAWN = "withdrawn"

# Extracted-field keys (DESIGN.md score output) that differ from the case column names.
_FIELD_TO_CASE = {"name": "name_or_alias", "group": "group_name"}
_STATE_KEYS = ("status", "reviewer", "decided_at", "note", "reject_reason", "case_id", "version")
_ACTION_PHRASES = {
    "alert.confirm": "already decided this alert (confirmed)",
    "alert.merge": "already decided this alert (merged into a case)",
    "alert.reject": "already decided this alert (rejected)",
    "alert.undo": "undid the decision on this alert",
    "alert.update_fields": "edited the fields of this alert",
}


class DecisionConflict(ConflictError):
    """Someone else changed the alert since the reviewer loaded it; carries who and when."""

    def __init__(self, message: str, alert_id: int, actor: str | None, at: str | None) -> None:
        super().__init__(message)
        self.alert_id = alert_id
        self.actor = actor
        self.at = at


class InvalidDecisionError(StorageError, ValueError):
    """The decision itself is malformed (unknown reason, withdrawn target case, bad fields)."""


def case_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Case column values from one extracted defector (``name``/``group``) or case-named keys.

    Pure, so callers can validate a reviewer's input before opening a transaction.
    """
    values: dict[str, Any] = {}
    for key, value in fields.items():
        column = _FIELD_TO_CASE.get(key, key)
        if column in CASE_FIELDS and (column not in values or key == column):
            values[column] = value
    age = values.get("age")
    if age in ("", None):
        values["age"] = None
    else:
        try:
            values["age"] = int(age)
        except (TypeError, ValueError) as exc:
            raise InvalidDecisionError(f"age must be a whole number, not {age!r}") from exc
    reasons = values.get("reasons") or []
    if isinstance(reasons, str):
        reasons = [r.strip() for r in reasons.split(",") if r.strip()]
    values["reasons"] = list(reasons)
    for key in ("name_or_alias", "gender", "nationality", "group_name", "now_in"):
        text = "" if values.get(key) is None else str(values[key]).strip()
        values[key] = text or None
    return values


def _load_state(db: sqlite_utils.Database, alert_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM alerts WHERE id = ?", [alert_id]))
    if not rows:
        raise NotFoundError(f"no alert with id {alert_id}")
    return rows[0]


def _snapshot(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in _STATE_KEYS}


def _last_change(db: sqlite_utils.Database, alert_id: int) -> tuple[str | None, str | None, str | None]:
    """(actor, action, at) of the newest audited change to this alert."""
    row = db.execute(
        "SELECT actor, action, at FROM audit WHERE target = ? ORDER BY id DESC LIMIT 1", [f"alert:{alert_id}"]
    ).fetchone()
    return (row[0], row[1], row[2]) if row else (None, None, None)


def _conflict(db: sqlite_utils.Database, row: dict[str, Any], why: str) -> DecisionConflict:
    alert_id = int(row["id"])
    actor, action, at = _last_change(db, alert_id)
    if actor is None:  # decided by a tool that did not audit
        actor, at, action = row["reviewer"], row["decided_at"], None
    if actor is None:
        message = f"alert {alert_id} {why}; reload to see its current state"
        return DecisionConflict(message, alert_id, None, None)
    phrase = _ACTION_PHRASES.get(action or "", f"already decided this alert ({row['status']})")
    message = f"{actor} {phrase} at {at}; {why}. Reload to see the current state."
    return DecisionConflict(message, alert_id, actor, at)


def _check(
    db: sqlite_utils.Database, alert_id: int, expected_version: int, pending: bool | None
) -> dict[str, Any]:
    """Re-read the alert under the lock; refuse stale versions and decisions on the wrong status."""
    row = _load_state(db, alert_id)
    if int(row["version"]) != int(expected_version):
        raise _conflict(db, row, f"you saw version {expected_version}, it is now version {row['version']}")
    if pending is True and row["status"] != "pending":
        raise _conflict(db, row, f"it is {row['status']}, so undo that decision first")
    if pending is False and row["status"] == "pending":
        raise DecisionConflict(
            f"alert {alert_id} is pending: there is no decision to undo", alert_id, None, None
        )
    return row


def _update(
    db: sqlite_utils.Database, alert_id: int, version: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Apply ``changes`` and bump the version; the WHERE on version is a second guard."""
    assignments = ", ".join(f"{column} = ?" for column in changes)
    cursor = db.execute(
        f"UPDATE alerts SET {assignments}, version = version + 1 WHERE id = ? AND version = ?",
        [*changes.values(), alert_id, version],
    )
    if cursor.rowcount != 1:  # cannot happen under the write lock, but never write blind
        raise DecisionConflict(f"alert {alert_id} changed during the decision; reload", alert_id, None, None)
    return _load_state(db, alert_id)


def _cluster_article_ids(db: sqlite_utils.Database, cluster_id: int) -> list[int]:
    rows = db.execute("SELECT id FROM articles WHERE cluster_id = ? ORDER BY id", [cluster_id])
    return [int(r[0]) for r in rows]


def _linked_article_ids(db: sqlite_utils.Database, case_id: int, alert_id: int | None = None) -> list[int]:
    sql = "SELECT article_id FROM case_articles WHERE case_id = ?"
    params: list[int] = [case_id]
    if alert_id is not None:
        sql += " AND alert_id = ?"
        params.append(alert_id)
    return [int(r[0]) for r in db.execute(sql + " ORDER BY article_id", params)]


def _audit(
    db: sqlite_utils.Database, reviewer: str, action: str, alert_id: int,
    before: dict[str, Any], after: dict[str, Any], **extra: Any,
) -> None:
    record_audit(
        db, reviewer, action, f"alert:{alert_id}",
        {"before": _snapshot(before), "after": _snapshot(after), **extra},
    )


def confirm_alert_as_new_case(
    db: sqlite_utils.Database,
    alert_id: int,
    expected_version: int,
    reviewer: str,
    fields: dict[str, Any],
    first_reported_at: str | None,
) -> int:
    """Create a case from the reviewed ``fields`` and link every article of the alert's story."""
    values = case_values(fields)
    with write_lock(db):
        row = _check(db, alert_id, expected_version, pending=True)
        case_id = add_case(db, values, reviewer, first_reported_at)
        article_ids = _cluster_article_ids(db, row["cluster_id"])
        for article_id in article_ids:
            link_case_article(db, case_id, article_id, alert_id)
        after = _update(
            db, alert_id, row["version"],
            {"status": "confirmed", "reviewer": reviewer, "decided_at": utcnow(), "case_id": case_id,
             "reject_reason": None},
        )
        _audit(db, reviewer, "alert.confirm", alert_id, row, after, case_id=case_id,
               case=values, articles=article_ids)
    return case_id


def merge_alert_into_case(
    db: sqlite_utils.Database, alert_id: int, expected_version: int, reviewer: str, case_id: int
) -> None:
    """The story is about a known individual: link its articles to that case."""
    with write_lock(db):
        row = _check(db, alert_id, expected_version, pending=True)
        case = get_case(db, case_id)
        if case.status == CASE_WITHDRAWN:
            raise InvalidDecisionError(f"case {case_id} is withdrawn; merge into a confirmed case")
        already = set(_linked_article_ids(db, case_id))
        article_ids = _cluster_article_ids(db, row["cluster_id"])
        for article_id in article_ids:
            link_case_article(db, case_id, article_id, alert_id)
        after = _update(
            db, alert_id, row["version"],
            {"status": "merged", "reviewer": reviewer, "decided_at": utcnow(), "case_id": case_id,
             "reject_reason": None},
        )
        added = [a for a in article_ids if a not in already]
        _audit(db, reviewer, "alert.merge", alert_id, row, after, case_id=case_id, articles=added)


def reject_alert(
    db: sqlite_utils.Database,
    alert_id: int,
    expected_version: int,
    reviewer: str,
    reason: str,
    note: str | None,
) -> None:
    """Not a case: record why, so the judgement can learn from it."""
    if reason not in REJECT_REASONS:
        choices = ", ".join(REJECT_REASONS)
        raise InvalidDecisionError(f"unknown reject reason {reason!r}; use one of {choices}")
    note = (note or "").strip() or None
    with write_lock(db):
        row = _check(db, alert_id, expected_version, pending=True)
        after = _update(
            db, alert_id, row["version"],
            {"status": "rejected", "reviewer": reviewer, "decided_at": utcnow(), "reject_reason": reason,
             "note": note, "case_id": None},
        )
        _audit(db, reviewer, "alert.reject", alert_id, row, after)


def undo_decision(db: sqlite_utils.Database, alert_id: int, expected_version: int, reviewer: str) -> None:
    """Send a decided alert back to the queue, removing exactly what its decision added.

    Links this alert added to a case are removed (links other alerts added stay). A case
    the confirmation created is marked withdrawn, never deleted, unless other alerts have
    since been merged into it.
    """
    with write_lock(db):
        row = _check(db, alert_id, expected_version, pending=False)
        case_id = row["case_id"]
        removed: list[int] = []
        withdrawn = False
        if case_id is not None:
            removed = _linked_article_ids(db, case_id, alert_id)
            db.execute("DELETE FROM case_articles WHERE case_id = ? AND alert_id = ?", [case_id, alert_id])
            others = db.execute(
                "SELECT COUNT(*) FROM alerts WHERE case_id = ? AND id != ?", [case_id, alert_id]
            ).fetchone()[0]
            if row["status"] == "confirmed" and others == 0:
                db.execute(
                    "UPDATE cases SET status = ?, version = version + 1 WHERE id = ?",
                    [CASE_WITHDRAWN, case_id],
                )
                withdrawn = True
            else:
                _refresh_first_reported(db, case_id)
        after = _update(
            db, alert_id, row["version"],
            {"status": "pending", "reviewer": None, "decided_at": None, "note": None, "reject_reason": None,
             "case_id": None},
        )
        _audit(db, reviewer, "alert.undo", alert_id, row, after, case_id=case_id,
               unlinked_articles=removed, case_withdrawn=withdrawn)


def _refresh_first_reported(db: sqlite_utils.Database, case_id: int) -> None:
    db.execute(
        "UPDATE cases SET first_reported_at = COALESCE(("
        " SELECT MIN(COALESCE(a.published_at, a.fetched_at)) FROM case_articles ca"
        " JOIN articles a ON a.id = ca.article_id WHERE ca.case_id = ?), first_reported_at) WHERE id = ?",
        [case_id, case_id],
    )


def update_alert_fields(
    db: sqlite_utils.Database,
    alert_id: int,
    expected_version: int,
    reviewer: str,
    fields: list[dict[str, Any]],
) -> None:
    """Replace the extracted defectors with the reviewer's corrections."""
    if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
        raise InvalidDecisionError("fields must be a list of objects, one per person")
    try:
        encoded = json.dumps(fields, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InvalidDecisionError(f"fields are not JSON-serialisable: {exc}") from exc
    with write_lock(db):
        row = _check(db, alert_id, expected_version, pending=None)
        after = _update(db, alert_id, row["version"], {"fields": encoded, "groups": groups_key(fields)})
        _audit(db, reviewer, "alert.update_fields", alert_id, row, after,
               fields_before=json.loads(row["fields"]), fields_after=fields)
