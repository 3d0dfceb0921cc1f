"""The audit log: who did what, when. Rows are only ever appended."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from storage.db import utcnow, write_lock


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    target: str | None
    details: dict[str, Any]


def record_audit(
    db: sqlite_utils.Database,
    actor: str,
    action: str,
    target: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one entry; joins the caller's transaction when there is one."""
    with write_lock(db):
        db.execute(
            "INSERT INTO audit (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)",
            [utcnow(), actor, action, target, json.dumps(details or {}, ensure_ascii=False)],
        )


def list_audit(db: sqlite_utils.Database, limit: int = 200) -> list[AuditEntry]:
    return [
        AuditEntry(r["id"], r["at"], r["actor"], r["action"], r["target"], json.loads(r["details"]))
        for r in db.query("SELECT * FROM audit ORDER BY id DESC LIMIT ?", [limit])
    ]
