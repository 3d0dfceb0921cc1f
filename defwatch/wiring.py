"""Glue between storage records and the pure functions of alerts; no business logic."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from alerts.pace import PaceCase
from storage.cases import list_cases


def pace_cases(db: sqlite_utils.Database) -> list[PaceCase]:
    """Confirmed cases dated by their first published report."""
    cases = []
    for case in list_cases(db):
        if not case.first_reported_at:
            continue
        cases.append(
            PaceCase(
                first_reported_at=date.fromisoformat(case.first_reported_at[:10]),
                gender=case.gender,
                nationality=case.nationality,
                group=case.group_name,
                reasons=tuple(case.reasons),
            )
        )
    return cases
