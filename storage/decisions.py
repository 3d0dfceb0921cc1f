"""Reviewer decisions on alerts: confirm, merge, reject, undo, and edits of extracted fields.

An article can name several defectors, so once an alert is confirmed or merged, each further
person in it can be added as a case of their own or merged into a known case; ``alert_cases``
records every case an alert produced and the person it came from, while ``alerts.case_id``
keeps the first (the digest and pace read it).

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
from dataclasses import dataclass
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
    "alert.add_case": "added another case from this alert",
    "alert.add_merge": "merged another person of this alert into a case",
}
DECIDED = ("confirmed", "merged")  # the statuses after which further people can be recorded


class DecisionConflict(ConflictError):
    """Someone else changed the alert since the reviewer loaded it; carries who and when."""

    def __init__(self, message: str, alert_id: int, actor: str | None, at: str | None) -> None:
        super().__init__(message)
        self.alert_id = alert_id
        self.actor = actor
        self.at = at


class InvalidDecisionError(StorageError, ValueError):
    """The decision itself is malformed (unknown reason, withdrawn target case, bad fields)."""


@dataclass(frozen=True)
class AlertCase:
    """One case an alert produced: which person of its fields, and whether it created the case."""

    case_id: int
    person: int | None
    action: str  # confirmed: this alert created the case; merged: it joined a known case
    name_or_alias: str | None
    case_status: str


def alert_cases(db: sqlite_utils.Database, alert_id: int) -> list[AlertCase]:
    """The cases an alert produced, in the order they were recorded (the first is ``alerts.case_id``)."""
    rows = db.execute(
        "SELECT ac.case_id, ac.person, ac.action, c.name_or_alias, c.status FROM alert_cases ac"
        " JOIN cases c ON c.id = ac.case_id WHERE ac.alert_id = ? ORDER BY ac.rowid",
        [alert_id],
    )
    return [AlertCase(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]


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
    assignments = "".join(f"{column} = ?, " for column in changes)
    cursor = db.execute(
        f"UPDATE alerts SET {assignments}version = version + 1 WHERE id = ? AND version = ?",
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


def _link_story(db: sqlite_utils.Database, case_id: int, cluster_id: int, alert_id: int) -> list[int]:
    """Link every copy of the alert's story to the case; the ids newly linked, for the audit."""
    already = set(_linked_article_ids(db, case_id))
    article_ids = _cluster_article_ids(db, cluster_id)
    for article_id in article_ids:
        link_case_article(db, case_id, article_id, alert_id)
    return [a for a in article_ids if a not in already]


def _record_case(db: sqlite_utils.Database, alert_id: int, case_id: int, person: int, action: str) -> None:
    db.execute(
        "INSERT INTO alert_cases (alert_id, case_id, person, action) VALUES (?, ?, ?, ?)",
        [alert_id, case_id, person, action],
    )


def _check_person(person: int) -> int:
    if isinstance(person, bool) or not isinstance(person, int) or person < 0:
        raise InvalidDecisionError(f"person must be the index of a person in the alert, not {person!r}")
    return person


def _open_case(db: sqlite_utils.Database, case_id: int) -> None:
    """Only confirmed cases take new links: a withdrawn one was a mistake someone undid."""
    if get_case(db, case_id).status == CASE_WITHDRAWN:
        raise InvalidDecisionError(f"case {case_id} is withdrawn; merge into a confirmed case")


def _check_further(
    db: sqlite_utils.Database, alert_id: int, expected_version: int, person: int
) -> dict[str, Any]:
    """Checks before recording a further person: fresh version, a decided alert, a person not yet a case."""
    _check_person(person)
    row = _check(db, alert_id, expected_version, pending=None)
    if row["status"] not in DECIDED:
        raise InvalidDecisionError(
            f"alert {alert_id} is {row['status']}: confirm or merge its first person before adding others"
        )
    count = len(json.loads(row["fields"] or "[]"))
    if person >= count:
        raise InvalidDecisionError(f"alert {alert_id} names {count} people; there is no person {person + 1}")
    taken = db.execute(
        "SELECT case_id FROM alert_cases WHERE alert_id = ? AND person = ?", [alert_id, person]
    ).fetchone()
    if taken:
        raise InvalidDecisionError(f"person {person + 1} of alert {alert_id} is already case #{taken[0]}")
    return row


def confirm_alert_as_new_case(
    db: sqlite_utils.Database,
    alert_id: int,
    expected_version: int,
    reviewer: str,
    fields: dict[str, Any],
    first_reported_at: str | None,
    person: int = 0,
) -> int:
    """Create a case from the reviewed ``fields`` (of person ``person``) and link every article
    of the alert's story."""
    values = case_values(fields)
    _check_person(person)
    with write_lock(db):
        row = _check(db, alert_id, expected_version, pending=True)
        case_id = add_case(db, values, reviewer, first_reported_at)
        article_ids = _link_story(db, case_id, row["cluster_id"], alert_id)
        _record_case(db, alert_id, case_id, person, "confirmed")
        after = _update(
            db, alert_id, row["version"],
            {"status": "confirmed", "reviewer": reviewer, "decided_at": utcnow(), "case_id": case_id,
             "reject_reason": None},
        )
        _audit(db, reviewer, "alert.confirm", alert_id, row, after, case_id=case_id,
               case=values, articles=article_ids, person=person)
    return case_id


def merge_alert_into_case(
    db: sqlite_utils.Database, alert_id: int, expected_version: int, reviewer: str, case_id: int,
    person: int = 0,
) -> None:
    """The story is about a known individual (person ``person``): link its articles to that case."""
    _check_person(person)
    with write_lock(db):
        row = _check(db, alert_id, expected_version, pending=True)
        _open_case(db, case_id)
        added = _link_story(db, case_id, row["cluster_id"], alert_id)
        _record_case(db, alert_id, case_id, person, "merged")
        after = _update(
            db, alert_id, row["version"],
            {"status": "merged", "reviewer": reviewer, "decided_at": utcnow(), "case_id": case_id,
             "reject_reason": None},
        )
        _audit(db, reviewer, "alert.merge", alert_id, row, after, case_id=case_id, articles=added,
               person=person)


def add_person_as_new_case(
    db: sqlite_utils.Database,
    alert_id: int,
    expected_version: int,
    reviewer: str,
    fields: dict[str, Any],
    person: int,
    first_reported_at: str | None,
) -> int:
    """A decided alert names another defector: make person ``person`` a case of their own.

    The alert keeps its status and first case; its version moves, so a reviewer looking at
    the old page cannot add the same person again.
    """
    values = case_values(fields)
    with write_lock(db):
        row = _check_further(db, alert_id, expected_version, person)
        case_id = add_case(db, values, reviewer, first_reported_at)
        article_ids = _link_story(db, case_id, row["cluster_id"], alert_id)
        _record_case(db, alert_id, case_id, person, "confirmed")
        after = _update(db, alert_id, row["version"], {})
        _audit(db, reviewer, "alert.add_case", alert_id, row, after, case_id=case_id, person=person,
               case=values, articles=article_ids)
    return case_id


def merge_person_into_case(
    db: sqlite_utils.Database, alert_id: int, expected_version: int, reviewer: str, case_id: int, person: int
) -> None:
    """A decided alert names another defector who already has a case: link the story to it too."""
    with write_lock(db):
        row = _check_further(db, alert_id, expected_version, person)
        _open_case(db, case_id)
        linked = db.execute(
            "SELECT person FROM alert_cases WHERE alert_id = ? AND case_id = ?", [alert_id, case_id]
        ).fetchone()
        if linked:
            who = "" if linked[0] is None else f" (person {int(linked[0]) + 1})"
            raise InvalidDecisionError(f"case {case_id} is already linked to alert {alert_id}{who}")
        added = _link_story(db, case_id, row["cluster_id"], alert_id)
        _record_case(db, alert_id, case_id, person, "merged")
        after = _update(db, alert_id, row["version"], {})
        _audit(db, reviewer, "alert.add_merge", alert_id, row, after, case_id=case_id, person=person,
               articles=added)


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


def _links(db: sqlite_utils.Database, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Every case the alert produced; ``alerts.case_id`` counts too, should a tool that did not
    write ``alert_cases`` have decided it."""
    links = [
        {"case_id": int(r[0]), "person": r[1], "action": r[2]}
        for r in db.execute(
            "SELECT case_id, person, action FROM alert_cases WHERE alert_id = ? ORDER BY rowid", [row["id"]]
        )
    ]
    if row["case_id"] is not None and all(link["case_id"] != row["case_id"] for link in links):
        action = "confirmed" if row["status"] == "confirmed" else "merged"
        links.insert(0, {"case_id": int(row["case_id"]), "person": None, "action": action})
    return links


def _supported_elsewhere(db: sqlite_utils.Database, case_id: int, alert_id: int) -> bool:
    return bool(db.execute(
        "SELECT EXISTS (SELECT 1 FROM alert_cases WHERE case_id = ? AND alert_id != ?)"
        " OR EXISTS (SELECT 1 FROM alerts WHERE case_id = ? AND id != ?)",
        [case_id, alert_id, case_id, alert_id],
    ).fetchone()[0])


def _undo_link(db: sqlite_utils.Database, alert_id: int, link: dict[str, Any]) -> dict[str, Any]:
    """Remove what the alert added to one case; a case it created and nothing else supports is withdrawn."""
    case_id = link["case_id"]
    removed = _linked_article_ids(db, case_id, alert_id)
    db.execute("DELETE FROM case_articles WHERE case_id = ? AND alert_id = ?", [case_id, alert_id])
    withdrawn = link["action"] == "confirmed" and not _supported_elsewhere(db, case_id, alert_id)
    if withdrawn:
        db.execute(
            "UPDATE cases SET status = ?, version = version + 1 WHERE id = ?", [CASE_WITHDRAWN, case_id]
        )
    else:
        _refresh_first_reported(db, case_id)
    return {**link, "unlinked_articles": removed, "withdrawn": withdrawn}


def undo_decision(db: sqlite_utils.Database, alert_id: int, expected_version: int, reviewer: str) -> None:
    """Send a decided alert back to the queue, removing exactly what its decisions added.

    For every case the alert produced (its first decision and any people added since), links
    this alert added are removed (links other alerts added stay). A case the alert created is
    marked withdrawn, never deleted, unless other alerts have since been merged into it.
    """
    with write_lock(db):
        row = _check(db, alert_id, expected_version, pending=False)
        undone = [_undo_link(db, alert_id, link) for link in _links(db, row)]
        db.execute("DELETE FROM alert_cases WHERE alert_id = ?", [alert_id])
        first = next((u for u in undone if u["case_id"] == row["case_id"]), None)
        after = _update(
            db, alert_id, row["version"],
            {"status": "pending", "reviewer": None, "decided_at": None, "note": None, "reject_reason": None,
             "case_id": None},
        )
        _audit(db, reviewer, "alert.undo", alert_id, row, after, case_id=row["case_id"],
               unlinked_articles=first["unlinked_articles"] if first else [],
               case_withdrawn=bool(first and first["withdrawn"]), cases=undone)


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
