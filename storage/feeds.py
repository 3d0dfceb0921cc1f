"""Feeds: the sources from feeds.yml and the polling state the crawler keeps for each."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

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
    disabled (not deleted: their articles keep pointing at them). A URL changed in feeds.yml
    starts the feed afresh; a URL the crawler moved to after a permanent redirect is kept, for
    as long as feeds.yml still says the URL it moved from (``configured_url``).
    """
    added = updated = disabled = 0
    with write_lock(db):
        current = {r["name"]: r for r in db.query("SELECT * FROM feeds")}
        for spec in specs:
            row = current.get(spec.name)
            settings = [spec.kind, spec.outlet, spec.language, spec.link_selector, spec.interval_s]
            if row is None:
                db.execute(
                    "INSERT INTO feeds (name, url, configured_url, kind, outlet, language, link_selector,"
                    " interval_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [spec.name, spec.url, spec.url, *settings],
                )
                added += 1
                continue
            url_changed = (row["configured_url"] or row["url"]) != spec.url
            old = [row["kind"], row["outlet"], row["language"], row["link_selector"], row["interval_s"]]
            if url_changed or old != settings or (not row["enabled"] and row["status"] != "disabled"):
                db.execute(
                    "UPDATE feeds SET kind = ?, outlet = ?, language = ?, link_selector = ?, interval_s = ?,"
                    " enabled = 1 WHERE name = ?",
                    [*settings, spec.name],
                )
                if url_changed:
                    db.execute(
                        "UPDATE feeds SET url = ?, configured_url = ?, etag = NULL, last_modified = NULL,"
                        " body_hash = NULL, next_poll_at = NULL WHERE name = ?",
                        [spec.url, spec.url, spec.name],
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


def get_due_feeds(
    db: sqlite_utils.Database, now: str | None = None, names: list[str] | None = None
) -> list[Feed]:
    """Enabled feeds whose next poll time has come (never polled counts as due)."""
    now = now or utcnow()
    sql = "SELECT * FROM feeds WHERE enabled = 1 AND (next_poll_at IS NULL OR next_poll_at <= ?)"
    params: list[object] = [now]
    if names:
        sql += f" AND name IN ({','.join('?' * len(names))})"
        params += names
    sql += " ORDER BY next_poll_at IS NOT NULL, next_poll_at, name"
    return [_feed(r) for r in db.query(sql, params)]


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
            "UPDATE feeds SET last_error = ?, last_error_at = ? WHERE id = ?",
            [warning[:2000], utcnow(), feed_id],
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


@dataclass(frozen=True)
class PollSuccess:
    """One successful poll (a 304 included), as the crawler commits it together with its articles."""

    feed_id: int
    next_poll_at: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    new_entries: int = 0
    url: str | None = None  # moved here by a permanent redirect
    warning: str | None = None  # a problem that did not stop the poll (a bozo feed)


def record_polls_ok(db: sqlite_utils.Database, polls: Sequence[PollSuccess]) -> None:
    """``record_poll_ok`` for many feeds with two statements, inside the caller's transaction if
    there is one: the crawler commits a batch of feeds' articles and their new state together."""
    if not polls:
        return
    now = utcnow()
    with write_lock(db):
        db.conn.executemany(
            "UPDATE feeds SET status = 'ok', last_ok_at = ?, consecutive_errors = 0, next_poll_at = ?,"
            " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),"
            " body_hash = COALESCE(?, body_hash), entries_seen = entries_seen + ?, url = COALESCE(?, url)"
            " WHERE id = ?",
            [
                (now, p.next_poll_at, p.etag, p.last_modified, p.body_hash, p.new_entries, p.url, p.feed_id)
                for p in polls
            ],
        )
        warned = [(p.warning[:2000], now, p.feed_id) for p in polls if p.warning]
        if warned:
            db.conn.executemany("UPDATE feeds SET last_error = ?, last_error_at = ? WHERE id = ?", warned)


def spread_first_polls(
    db: sqlite_utils.Database,
    now: datetime,
    max_spread_s: float,
    rng: random.Random | None = None,
    overdue_too: bool = False,
) -> int:
    """Give never-polled feeds (and, with overdue_too, feeds whose time has long passed) a poll
    time spread over the next min(interval, max_spread_s) seconds; returns how many moved.

    Without it, adding two hundred sources at once (an OPML import) or restarting the daemon
    after a day down makes every one of them due in the same cycle: a burst of requests, and
    then forever after, polls that stay bunched together because their intervals are equal.
    """
    rng = rng or random.Random()
    sql = "SELECT id, interval_s FROM feeds WHERE enabled = 1 AND (next_poll_at IS NULL"
    params: list[object] = []
    if overdue_too:
        sql += " OR next_poll_at <= ?"
        params.append(now.isoformat(timespec="seconds"))
    rows = db.execute(sql + ")", params).fetchall()
    if not rows:
        return 0
    moves = []
    for feed_id, interval in rows:
        delay = rng.uniform(0, min(float(interval), max_spread_s))
        moves.append(((now + timedelta(seconds=delay)).isoformat(timespec="seconds"), feed_id))
    with write_lock(db):
        db.conn.executemany("UPDATE feeds SET next_poll_at = ? WHERE id = ?", moves)
    return len(moves)


def next_poll_time(db: sqlite_utils.Database) -> str | None:
    """When the earliest enabled feed is due (None: no enabled feed, or one never scheduled)."""
    row = db.execute(
        "SELECT MIN(next_poll_at), SUM(next_poll_at IS NULL) FROM feeds WHERE enabled = 1"
    ).fetchone()
    return None if row is None or row[1] else row[0]
