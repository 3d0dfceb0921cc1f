from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from crawler.polling import (
    after_error_at,
    after_failed_poll_at,
    backoff_delay,
    next_poll_at,
    retry_after_seconds,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_next_poll_is_interval_plus_bounded_jitter() -> None:
    rng = random.Random(1)
    times = {datetime.fromisoformat(next_poll_at(NOW, 600, 0.1, rng)) for _ in range(50)}
    assert all(NOW + timedelta(seconds=600) <= t <= NOW + timedelta(seconds=660) for t in times)
    assert len(times) > 1


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_delay(60, n, 3600) for n in range(8)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_retry_after_in_both_forms() -> None:
    assert retry_after_seconds(b"120", NOW) == 120
    assert retry_after_seconds("Sun, 22 Nov 2026 13:00:00 GMT", NOW) == 3600
    assert retry_after_seconds("soon", NOW) is None
    assert retry_after_seconds(None, NOW) is None


def test_server_asking_for_longer_wins_but_within_cap() -> None:
    at = datetime.fromisoformat(after_error_at(NOW, 60, 0, 86400, retry_after_s=7200))
    assert at == NOW + timedelta(seconds=7200)
    capped = datetime.fromisoformat(after_error_at(NOW, 60, 0, 3600, retry_after_s=10**9))
    assert capped == NOW + timedelta(seconds=3600)


def test_retry_after_counts_only_when_the_status_asks_to_wait() -> None:
    asked, backoff = (NOW + timedelta(hours=2)).isoformat(), (NOW + timedelta(seconds=60)).isoformat()
    for status in (429, 503):
        assert after_failed_poll_at(NOW, 60, 0, 86400, status, b"7200") == asked
    for other in (500, 404, None):
        assert after_failed_poll_at(NOW, 60, 0, 86400, other, "7200") == backoff
