"""Digests: exactly-once bookkeeping for the weekly email, and the reads that fill it.

One row per ISO week (``2026-W47``) is the key that stops two daemons, or a daemon and
someone running ``defwatch digest --send``, from both mailing the same week. A sender
must win `claim_digest` first (an atomic insert or takeover under the write lock), send
outside any transaction (never hold the database lock across SMTP), then record the
outcome with `mark_digest_sent` or `mark_digest_failed`.

A claim whose holder died mid-send goes stale after ``stale_after_s`` and may be taken
over; if the holder had in fact delivered the mail but crashed before recording it, the
week is sent twice. That window (between SMTP accepting the message and one UPDATE) is
as small as it can be made without a two-phase commit that SMTP does not offer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

from storage.db import utcnow, write_lock
from storage.errors import NotFoundError

STATUS_CLAIMED = "claimed"
STATUS_SENT = "sent"
STATUS_FAILED = "failed"
DEFAULT_STALE_AFTER_S = 600
TROUBLE_AFTER_ERRORS = 3


@dataclass(frozen=True)
class Digest:
    week: str
    status: str  # claimed | sent | failed
    claimed_by: str | None
    claimed_at: str | None
    sent_at: str | None  # the latest delivery (a forced resend moves it)
    recipients: list[str]
    message_id: str | None
    attempts: int  # claims taken, including retries and forced resends
    last_error: str | None


def _digest(row: dict) -> Digest:
    return Digest(
        week=row["week"],
        status=row["status"],
        claimed_by=row["claimed_by"],
        claimed_at=row["claimed_at"],
        sent_at=row["sent_at"],
        recipients=json.loads(row["recipients"] or "[]"),
        message_id=row["message_id"],
        attempts=row["attempts"],
        last_error=row["last_error"],
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def claim_digest(
    db: sqlite_utils.Database,
    week: str,
    claimant: str,
    stale_after_s: float = DEFAULT_STALE_AFTER_S,
    force: bool = False,
    now: datetime | None = None,
) -> bool:
    """Take the right to send ``week``; True for exactly one caller among any that race.

    Free to claim: a week never claimed, a ``failed`` week (a retry), and a ``claimed``
    week whose claim is older than ``stale_after_s`` (its sender died). ``force`` (a
    resend on purpose) may also take a ``sent`` week, but never a fresh claim: at most one
    sender is in flight per week.
    """
    now_text = _iso(now) if now else utcnow()
    cutoff = _iso((now or datetime.now(UTC)) - timedelta(seconds=stale_after_s))
    with write_lock(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO digests (week, status, claimed_by, claimed_at, attempts)"
            " VALUES (?, 'claimed', ?, ?, 1)",
            [week, claimant, now_text],
        )
        if cursor.rowcount == 1:
            return True
        cursor = db.execute(
            "UPDATE digests SET status = 'claimed', claimed_by = ?, claimed_at = ?, attempts = attempts + 1"
            " WHERE week = ? AND (status = 'failed'"
            " OR (status = 'claimed' AND (claimed_at IS NULL OR claimed_at < ?))"
            " OR (status = 'sent' AND ?))",
            [claimant, now_text, week, cutoff, force],
        )
        return cursor.rowcount == 1


def mark_digest_sent(db: sqlite_utils.Database, week: str, recipients: list[str], message_id: str) -> None:
    """The SMTP server accepted the message: the week is done."""
    with write_lock(db):
        cursor = db.execute(
            "UPDATE digests SET status = 'sent', sent_at = ?, recipients = ?, message_id = ?,"
            " last_error = NULL WHERE week = ?",
            [utcnow(), json.dumps(list(recipients), ensure_ascii=False), message_id, week],
        )
        if cursor.rowcount == 0:
            raise NotFoundError(f"no digest claimed for week {week}; claim_digest comes first")


def mark_digest_failed(db: sqlite_utils.Database, week: str, error: str) -> None:
    """Sending failed: keep the reason and free the week for a later retry.

    A week that was already delivered once (a failed forced resend) goes back to
    ``sent``, so the daemon does not resend it on its own.
    """
    with write_lock(db):
        cursor = db.execute(
            "UPDATE digests SET status = CASE WHEN sent_at IS NULL THEN 'failed' ELSE 'sent' END,"
            " last_error = ? WHERE week = ?",
            [error[:2000], week],
        )
        if cursor.rowcount == 0:
            raise NotFoundError(f"no digest claimed for week {week}; claim_digest comes first")


def get_digest(db: sqlite_utils.Database, week: str) -> Digest | None:
    rows = list(db.query("SELECT * FROM digests WHERE week = ?", [week]))
    return _digest(rows[0]) if rows else None


def list_digests(db: sqlite_utils.Database) -> list[Digest]:
    """Newest week first (zero-padded ISO weeks sort correctly as text)."""
    return [_digest(r) for r in db.query("SELECT * FROM digests ORDER BY week DESC")]


def last_sent_week(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT MAX(week) FROM digests WHERE status = 'sent'").fetchone()
    return row[0] if row else None


# Reads for the digest's content. -------------------------------------------------------------


@dataclass(frozen=True)
class CaseArticleLink:
    article_id: int
    title: str
    url: str
    outlet: str | None
    published_at: str | None


@dataclass(frozen=True)
class ConfirmedCase:
    """A case with the articles that support it, as the digest lists it."""

    id: int
    name_or_alias: str | None
    age: int | None
    gender: str | None
    nationality: str | None
    group_name: str | None
    reasons: list[str]
    now_in: str | None
    first_reported_at: str | None
    created_at: str
    articles: list[CaseArticleLink]


def cases_confirmed_between(db: sqlite_utils.Database, start_iso: str, end_iso: str) -> list[ConfirmedCase]:
    """Confirmed cases created in [start_iso, end_iso), oldest first, each with its articles.

    ``created_at`` is UTC ISO text, so dates ("2026-11-16") or full timestamps both work
    as bounds: text order is time order.
    """
    rows = list(
        db.query(
            "SELECT * FROM cases WHERE status = 'confirmed' AND created_at >= ? AND created_at < ?"
            " ORDER BY created_at, id",
            [start_iso, end_iso],
        )
    )
    links: dict[int, list[CaseArticleLink]] = {r["id"]: [] for r in rows}
    if links:
        marks = ",".join("?" * len(links))
        for r in db.query(
            "SELECT ca.case_id, a.id, a.title, a.url, a.outlet, a.published_at FROM case_articles ca"
            f" JOIN articles a ON a.id = ca.article_id WHERE ca.case_id IN ({marks})"
            " ORDER BY COALESCE(a.published_at, a.fetched_at), a.id",
            list(links),
        ):
            link = CaseArticleLink(r["id"], r["title"], r["url"], r["outlet"], r["published_at"])
            links[r["case_id"]].append(link)
    return [
        ConfirmedCase(
            id=r["id"],
            name_or_alias=r["name_or_alias"],
            age=r["age"],
            gender=r["gender"],
            nationality=r["nationality"],
            group_name=r["group_name"],
            reasons=json.loads(r["reasons"] or "[]"),
            now_in=r["now_in"],
            first_reported_at=r["first_reported_at"],
            created_at=r["created_at"],
            articles=links[r["id"]],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class FeedTrouble:
    name: str
    url: str
    status: str
    enabled: bool
    consecutive_errors: int
    last_error: str | None
    last_error_at: str | None
    last_ok_at: str | None


def feeds_in_trouble(db: sqlite_utils.Database, min_errors: int = TROUBLE_AFTER_ERRORS) -> list[FeedTrouble]:
    """Feeds failing repeatedly, or in error, or disabled by the crawler (HTTP 410); worst first."""
    return [
        FeedTrouble(
            r["name"], r["url"], r["status"], bool(r["enabled"]), r["consecutive_errors"],
            r["last_error"], r["last_error_at"], r["last_ok_at"],
        )
        for r in db.query(
            "SELECT * FROM feeds WHERE consecutive_errors >= ? OR status IN ('error', 'disabled')"
            " ORDER BY status = 'disabled' DESC, consecutive_errors DESC, name",
            [min_errors],
        )
    ]
