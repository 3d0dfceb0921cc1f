"""When to poll a source next: the pure decision core, no I/O, tested with plain data."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime


def next_poll_at(now: datetime, interval_s: float, jitter: float, rng: random.Random | None = None) -> str:
    """The interval plus a random spread, so feeds that started together drift apart."""
    rng = rng or random.Random()
    delay = interval_s * (1 + rng.uniform(0, jitter))
    return (now + timedelta(seconds=delay)).isoformat(timespec="seconds")


def backoff_delay(interval_s: float, consecutive_errors: int, max_backoff_s: float) -> float:
    """Double the wait after each consecutive error, capped."""
    return min(interval_s * (2 ** max(consecutive_errors, 0)), max(max_backoff_s, interval_s))


def retry_after_seconds(value: str | bytes | None, now: datetime) -> float | None:
    """Retry-After as seconds, from either of its two forms (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)


def after_error_at(
    now: datetime,
    interval_s: float,
    consecutive_errors: int,
    max_backoff_s: float,
    retry_after_s: float | None = None,
) -> str:
    """Next poll after a failure: exponential backoff, never sooner than the server asked."""
    delay = backoff_delay(interval_s, consecutive_errors, max_backoff_s)
    if retry_after_s is not None:
        delay = max(delay, min(retry_after_s, max_backoff_s))
    return (now + timedelta(seconds=delay)).isoformat(timespec="seconds")


def after_failed_poll_at(
    now: datetime,
    interval_s: float,
    consecutive_errors: int,
    max_backoff_s: float,
    status: int | None,
    retry_after: str | bytes | None,
) -> str:
    """Next poll after a failed one; a Retry-After header counts only with 429 or 503, the two
    statuses by which a server asks to be left alone for a while."""
    wait = retry_after_seconds(retry_after, now) if status in (429, 503) else None
    return after_error_at(now, interval_s, consecutive_errors, max_backoff_s, wait)


def page_retry_due(stored_at: str, attempts: int, interval_s: float, now: datetime) -> bool:
    """Is a failed article page due another try? After one source interval, then 2, 4, 8...

    A page that failed usually fails for a while (an outage, a block), so retrying it at
    every cycle only spends requests; the source's own interval is the natural unit.
    """
    try:
        stored = datetime.fromisoformat(stored_at)
    except (TypeError, ValueError):
        return True
    if stored.tzinfo is None:
        stored = stored.replace(tzinfo=UTC)
    return now >= stored + timedelta(seconds=interval_s * 2 ** max(attempts, 0))


def status_problem(status: int) -> str | None:
    """What is wrong with a poll's HTTP status, in words a person can act on; None when it is usable."""
    if status == 304 or (200 <= status < 300 and status != 204):
        return None
    reason = f"HTTP {status}"
    if status == 410:
        reason += " Gone: the source was removed, so it is disabled; fix its URL in feeds.yml"
    elif status in (429, 503):
        reason += " (the server asks us to slow down; backing off)"
    elif 300 <= status < 400:
        reason += " redirect without a usable Location"
    return reason
