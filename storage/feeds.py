"""Feeds: the sources from feeds.yml and the polling state the crawler keeps for each."""

from __future__ import annotations

from dataclasses import dataclass, fields

import sqlite_utils

from storage.db import utcnow, write_lock
from storage.errors import NotFoundError


@dataclass(frozen=True)
class FeedSpec:
    """A source as configured; `sync_feeds` makes the table match a list of these."""

    name: str
    url: str
    kind: str = "feed"
    outlet: str | None = None
    language: str | None = None
    link_selector: str | None = None
    interval_s: int = 1800


@dataclass(frozen=True)
class Feed:
    id: int
    name: str
    url: str
    kind: str
    outlet: str | None
    language: str | None
    link_selector: str | None
    interval_s: int
    enabled: bool
    status: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    next_poll_at: str | None
    consecutive_errors: int
    last_error: str | None
    last_error_at: str | None
    last_ok_at: str | None
    entries_seen: int


_FEED_COLUMNS = tuple(f.name for f in fields(Feed))


def _feed(row: dict) -> Feed:
    values = {k: row[k] for k in _FEED_COLUMNS}
    values["enabled"] = bool(values["enabled"])
    return Feed(**values)


def sync_feeds(db: sqlite_utils.Database, specs: list[FeedSpec]) -> dict[str, int]:
    """Make the feeds table follow the configuration without losing polling state.

    New names are added, changed settings updated, and names no longer configured are
    disabled (not deleted: their articles keep pointing at them).
    """
    added = updated = disabled = 0
    with write_lock(db):
        current = {r["name"]: r for r in db.query("SELECT * FROM feeds")}
        for spec in specs:
            row = current.get(spec.name)
            values = [spec.url, spec.kind, spec.outlet, spec.language, spec.link_selector, spec.interval_s]
            if row is None:
                db.execute(
                    "INSERT INTO feeds (name, url, kind, outlet, language, link_selector, interval_s)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [spec.name, *values],
                )
                added += 1
                continue
            old = [row["url"], row["kind"], row["outlet"], row["language"], row["link_selector"], row["interval_s"]]
            if old != values or (not row["enabled"] and row["status"] != "disabled"):
                url_changed = row["url"] != spec.url
                db.execute(
                    "UPDATE feeds SET url = ?, kind = ?, outlet = ?, language = ?, link_selector = ?,"
                    " interval_s = ?, enabled = 1"
                    + (", etag = NULL, last_modified = NULL, body_hash = NULL, next_poll_at = NULL" if url_changed else "")
                    + " WHERE name = ?",
                    [*values, spec.name],
                )
                updated += 1
        configured = {s.name for s in specs}
        for name, row in current.items():
            if name not in configured and row["enabled"]:
                db.execute("UPDATE feeds SET enabled = 0 WHERE name = ?", [name])
                disabled += 1
    return {"added": added, "updated": updated, "disabled": disabled}


def list_feeds(db: sqlite_utils.Database, include_disabled: bool = True) -> list[Feed]:
    where = "" if include_disabled else " WHERE enabled = 1"
    return [_feed(r) for r in db.query("SELECT * FROM feeds" + where + " ORDER BY name")]


def get_feed(db: sqlite_utils.Database, name: str) -> Feed:
    rows = list(db.query("SELECT * FROM feeds WHERE name = ?", [name]))
    if not rows:
        raise NotFoundError(f"no feed named {name!r}; `defwatch feeds` lists them")
    return _feed(rows[0])


def get_feed_by_id(db: sqlite_utils.Database, feed_id: int) -> Feed:
    rows = list(db.query("SELECT * FROM feeds WHERE id = ?", [feed_id]))
    if not rows:
        raise NotFoundError(f"no feed with id {feed_id}")
    return _feed(rows[0])


def get_due_feeds(db: sqlite_utils.Database, now: str | None = None, names: list[str] | None = None) -> list[Feed]:
    """Enabled feeds whose next poll time has come (never polled counts as due)."""
    now = now or utcnow()
    sql = "SELECT * FROM feeds WHERE enabled = 1 AND (next_poll_at IS NULL OR next_poll_at <= ?)"
    params: list[object] = [now]
    if names:
        sql += f" AND name IN ({','.join('?' * len(names))})"
        params += names
    return [_feed(r) for r in db.query(sql + " ORDER BY next_poll_at IS NOT NULL, next_poll_at, name", params)]


def record_poll_ok(
    db: sqlite_utils.Database,
    feed_id: int,
    next_poll_at: str,
    etag: str | None = None,
    last_modified: str | None = None,
    body_hash: str | None = None,
    new_entries: int = 0,
    url: str | None = None,
) -> None:
    """A successful poll (including 304 Not Modified): clear the error streak."""
    with write_lock(db):
        db.execute(
            "UPDATE feeds SET status = 'ok', last_ok_at = ?, consecutive_errors = 0, next_poll_at = ?,"
            " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),"
            " body_hash = COALESCE(?, body_hash), entries_seen = entries_seen + ?, url = COALESCE(?, url)"
            " WHERE id = ?",
            [utcnow(), next_poll_at, etag, last_modified, body_hash, new_entries, url, feed_id],
        )


def record_poll_error(
    db: sqlite_utils.Database, feed_id: int, error: str, next_poll_at: str, disable: bool = False
) -> None:
    """A failed poll: keep the reason where `defwatch feeds` shows it, and back off."""
    with write_lock(db):
        db.execute(
            "UPDATE feeds SET status = ?, last_error = ?, last_error_at = ?,"
            " consecutive_errors = consecutive_errors + 1, next_poll_at = ?,"
            " enabled = CASE WHEN ? THEN 0 ELSE enabled END WHERE id = ?",
            ["disabled" if disable else "error", error[:2000], utcnow(), next_poll_at, disable, feed_id],
        )


def record_feed_warning(db: sqlite_utils.Database, feed_id: int, warning: str) -> None:
    """A problem that did not stop the poll (a bozo feed that still yielded entries)."""
    with write_lock(db):
        db.execute(
            "UPDATE feeds SET last_error = ?, last_error_at = ? WHERE id = ?", [warning[:2000], utcnow(), feed_id]
        )


def update_feed_url(db: sqlite_utils.Database, feed_id: int, url: str) -> None:
    """A permanent redirect (301/308) moves the feed."""
    with write_lock(db):
        db.execute("UPDATE feeds SET url = ? WHERE id = ?", [url, feed_id])


def make_feeds_due(db: sqlite_utils.Database, names: list[str]) -> None:
    """Poll these now (`defwatch poll --feed NAME`), whatever their schedule says."""
    with write_lock(db):
        marks = ",".join("?" * len(names))
        db.execute(f"UPDATE feeds SET next_poll_at = NULL WHERE name IN ({marks})", names)
