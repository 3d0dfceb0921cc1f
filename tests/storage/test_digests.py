"""storage.digests: the exactly-once claim per ISO week, and the digest's reads."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from storage.articles import NewArticle, add_article
from storage.cases import add_case, link_case_article
from storage.db import open_db
from storage.digests import (
    cases_confirmed_between,
    claim_digest,
    feeds_in_trouble,
    get_digest,
    last_sent_week,
    list_digests,
    mark_digest_failed,
    mark_digest_sent,
)
from storage.errors import NotFoundError
from storage.feeds import FeedSpec, get_feed, record_poll_error, record_poll_ok, sync_feeds

WEEK = "2026-W47"


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_db(tmp_path / "defwatch.db")


def test_first_claim_wins_and_others_wait_for_the_outcome(db: sqlite_utils.Database) -> None:
    assert claim_digest(db, WEEK, "a")
    assert not claim_digest(db, WEEK, "b")
    row = get_digest(db, WEEK)
    assert row is not None and (row.status, row.claimed_by, row.attempts) == ("claimed", "a", 1)
    mark_digest_sent(db, WEEK, ["x@example.org"], "<m1@example.org>")
    assert not claim_digest(db, WEEK, "b")
    row = get_digest(db, WEEK)
    assert row is not None and row.status == "sent" and row.recipients == ["x@example.org"]
    assert row.message_id == "<m1@example.org>" and row.sent_at


def test_failed_week_can_be_claimed_again(db: sqlite_utils.Database) -> None:
    assert claim_digest(db, WEEK, "a")
    mark_digest_failed(db, WEEK, "ConnectionRefusedError: [Errno 111]")
    row = get_digest(db, WEEK)
    assert row is not None and row.status == "failed" and "111" in (row.last_error or "")
    assert claim_digest(db, WEEK, "b")
    assert not claim_digest(db, WEEK, "c")
    mark_digest_sent(db, WEEK, ["x@example.org"], "<m@x>")
    row = get_digest(db, WEEK)
    assert row is not None
    assert (row.status, row.claimed_by, row.attempts, row.last_error) == ("sent", "b", 2, None)


def test_stale_claim_is_taken_over(db: sqlite_utils.Database) -> None:
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert claim_digest(db, WEEK, "died", now=start)
    assert not claim_digest(db, WEEK, "b", stale_after_s=600, now=start + timedelta(seconds=599))
    assert claim_digest(db, WEEK, "b", stale_after_s=600, now=start + timedelta(seconds=601))
    row = get_digest(db, WEEK)
    assert row is not None and row.claimed_by == "b"


def test_force_resends_a_sent_week_but_never_steals_a_fresh_claim(db: sqlite_utils.Database) -> None:
    assert claim_digest(db, WEEK, "a")
    assert not claim_digest(db, WEEK, "b", force=True)  # "a" is sending right now
    mark_digest_sent(db, WEEK, ["x@example.org"], "<m1@x>")
    assert claim_digest(db, WEEK, "b", force=True)
    # A failed resend does not turn a delivered week into a retry candidate.
    mark_digest_failed(db, WEEK, "timeout")
    row = get_digest(db, WEEK)
    assert row is not None and row.status == "sent" and row.last_error == "timeout"
    assert not claim_digest(db, WEEK, "c")


def test_racing_claims_on_separate_connections_have_one_winner(tmp_path: Path) -> None:
    path = tmp_path / "defwatch.db"
    open_db(path)
    barrier = threading.Barrier(8)
    wins: list[str] = []

    def contender(name: str) -> None:
        conn = open_db(path)
        barrier.wait()
        if claim_digest(conn, WEEK, name):
            wins.append(name)

    threads = [threading.Thread(target=contender, args=(f"t{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(wins) == 1


def test_marking_an_unclaimed_week_is_an_error(db: sqlite_utils.Database) -> None:
    with pytest.raises(NotFoundError):
        mark_digest_sent(db, WEEK, [], "<m@x>")
    with pytest.raises(NotFoundError):
        mark_digest_failed(db, WEEK, "x")


def test_listing_and_last_sent_week(db: sqlite_utils.Database) -> None:
    assert last_sent_week(db) is None
    for week in ("2026-W05", "2026-W45", "2026-W46"):
        claim_digest(db, week, "a")
    mark_digest_sent(db, "2026-W05", [], "<a@x>")
    mark_digest_sent(db, "2026-W45", [], "<b@x>")
    mark_digest_failed(db, "2026-W46", "down")
    assert [d.week for d in list_digests(db)] == ["2026-W46", "2026-W45", "2026-W05"]
    assert last_sent_week(db) == "2026-W45"


def test_cases_confirmed_between_with_their_articles(db: sqlite_utils.Database) -> None:
    first = add_article(db, NewArticle(
        url="https://news.example/hamza", title="Defector speaks", text="one " * 50, outlet="The Independent",
        published_at="2026-03-02T09:00:00+00:00",
    ))
    second = add_article(db, NewArticle(
        url="https://other.example/hamza-again", title="Another account", text="two " * 50, outlet="WaPo",
        published_at="2026-03-01T09:00:00+00:00",
    ))
    hamza = {"name_or_alias": "Hamza", "nationality": "Iraq", "reasons": ["brutality"]}
    case_id = add_case(db, hamza, "r", None)
    link_case_article(db, case_id, first.article_id)
    link_case_article(db, case_id, second.article_id)
    old_id = add_case(db, {"name_or_alias": "Old case"}, "r", None)
    db.execute("UPDATE cases SET created_at = '2025-01-01T00:00:00+00:00' WHERE id = ?", [old_id])
    rejected = add_case(db, {"name_or_alias": "Not confirmed"}, "r", None)
    db.execute("UPDATE cases SET status = 'merged' WHERE id = ?", [rejected])

    today = datetime.now(UTC).date()
    found = cases_confirmed_between(db, today.isoformat(), (today + timedelta(days=1)).isoformat())
    assert [c.name_or_alias for c in found] == ["Hamza"]
    assert found[0].reasons == ["brutality"]
    assert [a.outlet for a in found[0].articles] == ["WaPo", "The Independent"]  # oldest report first
    assert found[0].articles[1].url == "https://news.example/hamza"
    assert cases_confirmed_between(db, "2024-12-30", "2025-01-06")[0].name_or_alias == "Old case"
    assert cases_confirmed_between(db, "2000-01-01", "2000-01-08") == []


def test_feeds_in_trouble(db: sqlite_utils.Database) -> None:
    sync_feeds(db, [FeedSpec(n, f"https://{n}.example/rss") for n in ("fine", "flaky", "broken", "gone")])
    later = "2099-01-01T00:00:00+00:00"
    record_poll_ok(db, get_feed(db, "fine").id, later)
    record_poll_error(db, get_feed(db, "flaky").id, "timeout", later)
    record_poll_ok(db, get_feed(db, "flaky").id, later)
    for _ in range(3):
        record_poll_error(db, get_feed(db, "broken").id, "HTTP 500", later)
    record_poll_error(db, get_feed(db, "gone").id, "HTTP 410 Gone", later, disable=True)
    trouble = feeds_in_trouble(db)
    assert [(f.name, f.status, f.consecutive_errors) for f in trouble] == [
        ("gone", "disabled", 1),
        ("broken", "error", 3),
    ]
    assert trouble[1].last_error == "HTTP 500" and not trouble[0].enabled
