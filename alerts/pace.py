"""Trend statistics over confirmed cases: how many, when, who, and is the pace changing.

Pure functions over plain data (no database, no clock): the caller passes the cases and
``today``, so every figure is reproducible in a test. The seed case is the ICSR study of
58 Islamic State defectors, "almost 60% of the cases in the first eight months of this
year, nearly a third in the three months to August"; `share_statement` says the same kind
of sentence about our own cases, and `pace_trend` says whether a rise is more than chance.

Cases dated after ``today`` (a bad timestamp in a feed, a time-zone slip) are left out of
every figure and counted in ``excluded_future`` so the output can say so.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

WINDOW_DAYS = 90
ALPHA = 0.05
BREAKDOWN_KEYS = ("gender", "nationality", "group", "reasons")
UNKNOWN = "unknown"
GENDER_LABELS = {"m": "men", "f": "women"}
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

VERDICT_RISING = "rising"
VERDICT_FALLING = "falling"
VERDICT_STEADY = "steady"
VERDICT_TOO_FEW = "too few cases to tell"


@dataclass(frozen=True)
class PaceCase:
    """One confirmed case as the statistics see it."""

    first_reported_at: date
    gender: str | None = None
    nationality: str | None = None
    group: str | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PeriodCount:
    period: str  # "2026-W47" or "2026-11"
    start: date  # first day of the period
    count: int
    cumulative: int


@dataclass(frozen=True)
class Trend:
    """The last ``window_days`` days against the ``window_days`` before them."""

    verdict: str
    reason: str
    recent: int
    previous: int
    recent_start: date
    recent_end: date
    previous_start: date
    previous_end: date
    p_rising: float  # P(X >= recent), X ~ Binomial(recent + previous, 1/2)
    p_falling: float  # P(X <= recent)
    p_value: float  # the one-sided p-value in the direction the counts lean
    alpha: float = ALPHA
    caveats: tuple[str, ...] = field(default=())


def iso_week(d: date) -> str:
    """ISO 8601 week label, e.g. "2026-W47" (the year is the ISO year, not the calendar year)."""
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week such as "2026-W47"."""
    match = _WEEK.match(week.strip())
    if not match:
        raise ValueError(f"week {week!r} is not an ISO week; write it like 2026-W47")
    try:
        start = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise ValueError(f"week {week!r} does not exist ({exc})") from exc
    return start, start + timedelta(days=6)


def previous_week(today: date) -> str:
    """The last complete ISO week: what a Monday-morning digest reports on."""
    return iso_week(today - timedelta(days=7))


def month_label(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def subtract_months(d: date, months: int) -> date:
    """Same day ``months`` earlier, clamped to the month's last day (31 May - 3 months = 28/29 Feb)."""
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(d.day, (next_month - timedelta(days=1)).day))


def split_future(cases: Iterable[PaceCase], today: date) -> tuple[list[PaceCase], int]:
    """Cases dated on or before today (oldest first), and how many were dated after it."""
    return _usable(list(cases), today, None)


def _usable(cases: Sequence[PaceCase], today: date, since: date | None) -> tuple[list[PaceCase], int]:
    future = sum(1 for c in cases if c.first_reported_at > today)
    kept = [
        c for c in cases if c.first_reported_at <= today and (since is None or c.first_reported_at >= since)
    ]
    return sorted(kept, key=lambda c: c.first_reported_at), future


def _contiguous(
    cases: Sequence[PaceCase], first: date, today: date, start_of: Callable[[date], date],
    step: Callable[[date], date], label: Callable[[date], str],
) -> list[PeriodCount]:
    counts = Counter(start_of(c.first_reported_at) for c in cases)
    rows: list[PeriodCount] = []
    cumulative = 0
    current, last = start_of(first), start_of(today)
    while current <= last:
        cumulative += counts[current]
        rows.append(PeriodCount(label(current), current, counts[current], cumulative))
        current = step(current)
    return rows


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def weekly_counts(cases: Sequence[PaceCase], today: date, since: date | None = None) -> list[PeriodCount]:
    """Cases per ISO week from ``since`` (or the first case) to today's week, empty weeks as 0."""
    kept, _ = _usable(cases, today, since)
    first = since or (kept[0].first_reported_at if kept else None)
    if first is None or first > today:
        return []
    return _contiguous(kept, first, today, _monday, lambda d: d + timedelta(days=7), iso_week)


def monthly_counts(cases: Sequence[PaceCase], today: date, since: date | None = None) -> list[PeriodCount]:
    """Cases per calendar month from ``since`` (or the first case) to today's month, empty months as 0."""
    kept, _ = _usable(cases, today, since)
    first = since or (kept[0].first_reported_at if kept else None)
    if first is None or first > today:
        return []
    return _contiguous(kept, first, today, _month_start, _next_month, month_label)


def breakdown(cases: Iterable[PaceCase], key: str) -> list[tuple[str, int]]:
    """Counts per value of one field, most common first; missing values count as "unknown".

    ``reasons`` is multi-valued: a case counts once under each of its reasons, so those
    counts can add up to more than the number of cases.
    """
    if key not in BREAKDOWN_KEYS:
        raise ValueError(f"unknown breakdown {key!r}; choose one of {', '.join(BREAKDOWN_KEYS)}")
    counter: Counter[str] = Counter()
    for case in cases:
        if key == "reasons":
            counter.update(set(case.reasons) or {UNKNOWN})
        else:
            value = getattr(case, key)
            counter[value.strip() if isinstance(value, str) and value.strip() else UNKNOWN] += 1
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0] == UNKNOWN, kv[0]))


def breakdowns(cases: Iterable[PaceCase]) -> dict[str, list[tuple[str, int]]]:
    cases = list(cases)
    return {key: breakdown(cases, key) for key in BREAKDOWN_KEYS}


def _percent(part: int, whole: int) -> int:
    return (200 * part + whole) // (2 * whole) if whole else 0  # round half up, integers only


def _plural(n: int, word: str = "case") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def window_shares(cases: Sequence[PaceCase], today: date) -> dict[str, int]:
    """How many (already filtered) cases fall in the last 8 and the last 3 months.

    "The last N months" is the half-open window (today - N calendar months, today].
    """
    eight, three = subtract_months(today, 8), subtract_months(today, 3)
    return {
        "last_8_months": sum(1 for c in cases if eight < c.first_reported_at <= today),
        "last_3_months": sum(1 for c in cases if three < c.first_reported_at <= today),
    }


def share_statement(cases: Sequence[PaceCase], today: date, since: date | None = None) -> str:
    """The seed's sentence for our cases.

    "58 cases since 2025-01-01; 59% of them in the last 8 months, 31% in the last 3 months."
    """
    kept, future = _usable(cases, today, since)
    start = since or (kept[0].first_reported_at if kept else None)
    if not kept:
        text = f"No cases since {start.isoformat()}" if start else "No cases yet"
    else:
        assert start is not None
        shares = window_shares(kept, today)
        n = len(kept)
        text = (
            f"{_plural(n)} since {start.isoformat()}; "
            f"{_percent(shares['last_8_months'], n)}% of them in the last 8 months, "
            f"{_percent(shares['last_3_months'], n)}% in the last 3 months"
        )
    if future:
        text += f" ({_plural(future)} dated after {today.isoformat()} left out)"
    return text + "."


def binomial_tail(n: int, k: int) -> float:
    """Exact P(X >= k) for X ~ Binomial(n, 1/2), with integer arithmetic until the last division."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    return sum(math.comb(n, i) for i in range(k, n + 1)) / 2**n


def pace_trend(
    cases: Sequence[PaceCase], today: date, window_days: int = WINDOW_DAYS, alpha: float = ALPHA,
    since: date | None = None,
) -> Trend:
    """Is the pace rising? The last ``window_days`` against the ``window_days`` before.

    Exact conditional test for two Poisson counts over equal exposure: given n = a + b cases
    in the two windows, equal rates make the recent count a ~ Binomial(n, 1/2). Rising
    needs P(X >= a) < alpha, falling P(X <= a) < alpha. The smallest p-value any split
    can reach is 0.5**n, so below log2(1/alpha) cases (5 at 5%) we say so instead of
    reporting a verdict no data could have changed.
    """
    recent_end = today
    recent_start = today - timedelta(days=window_days - 1)
    previous_end = recent_start - timedelta(days=1)
    previous_start = previous_end - timedelta(days=window_days - 1)
    kept, future = _usable(cases, today, since)
    a = sum(1 for c in kept if recent_start <= c.first_reported_at <= recent_end)
    b = sum(1 for c in kept if previous_start <= c.first_reported_at <= previous_end)
    n = a + b
    p_rising, p_falling = binomial_tail(n, a), binomial_tail(n, n - a)
    p_value = min(p_rising, p_falling)
    caveats: list[str] = []
    if future:
        caveats.append(f"{_plural(future)} dated after {today.isoformat()} left out")
    if since is not None and since > previous_start:
        caveats.append(
            f"the record starts on {since.isoformat()}, inside the earlier window "
            f"({previous_start.isoformat()} to {previous_end.isoformat()}), so that count may be too low"
        )
    window = f"the last {window_days} days ({a}) against the {window_days} before ({b})"
    if n == 0:
        verdict, reason = VERDICT_TOO_FEW, f"no cases in the last {2 * window_days} days"
    elif 0.5**n >= alpha:
        verdict = VERDICT_TOO_FEW
        reason = (
            f"only {_plural(n)} in the last {2 * window_days} days: even all of them in one window "
            f"gives p = 0.5^{n} = {0.5**n:.3g}, not below {alpha:g}"
        )
    elif p_rising < alpha:
        verdict, reason = VERDICT_RISING, f"{window}: p = {p_rising:.3g} < {alpha:g}"
    elif p_falling < alpha:
        verdict, reason = VERDICT_FALLING, f"{window}: p = {p_falling:.3g} < {alpha:g}"
    else:
        verdict, reason = VERDICT_STEADY, f"{window}: p = {p_value:.3g}, not below {alpha:g}"
    return Trend(
        verdict, reason, a, b, recent_start, recent_end, previous_start, previous_end,
        p_rising, p_falling, p_value, alpha, tuple(caveats),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def pace_report(cases: Sequence[PaceCase], today: date, since: date | None = None) -> dict[str, Any]:
    """Every figure at once, JSON-serialisable (dates as ISO strings); `defwatch pace --json` prints it."""
    kept, future = _usable(cases, today, since)
    shares = window_shares(kept, today)
    n = len(kept)
    report = {
        "today": today,
        "since": since,
        "total": n,
        "excluded_future": future,
        "first": kept[0].first_reported_at if kept else None,
        "last": kept[-1].first_reported_at if kept else None,
        "statement": share_statement(cases, today, since),
        "shares": {
            name: {"count": count, "percent": _percent(count, n)} for name, count in shares.items()
        },
        "trend": asdict(pace_trend(cases, today, since=since)),
        "weekly": [asdict(p) for p in weekly_counts(cases, today, since)],
        "monthly": [asdict(p) for p in monthly_counts(cases, today, since)],
        "breakdowns": {
            key: [{"value": value, "count": count} for value, count in rows]
            for key, rows in breakdowns(kept).items()
        },
    }
    return dict(_jsonable(report))


def _bar(count: int, peak: int, width: int = 30) -> str:
    return "#" * (max(1, round(width * count / peak)) if count and peak else 0)


def format_pace(report: dict[str, Any], weeks: int = 12) -> str:
    """The report for a terminal: statement, trend, monthly bars, the last weeks, breakdowns."""
    trend = report["trend"]
    lines = [report["statement"], ""]
    lines.append(f"Trend: {trend['verdict']} ({trend['reason']})")
    lines.extend(f"  note: {c}" for c in trend["caveats"])
    monthly = report["monthly"]
    if monthly:
        peak = max(m["count"] for m in monthly)
        lines += ["", "Cases per month (cumulative in brackets):"]
        lines.extend(
            f"  {m['period']}  {m['count']:>4}  [{m['cumulative']:>5}]  {_bar(m['count'], peak)}"
            for m in monthly
        )
        recent = report["weekly"][-weeks:]
        lines += ["", f"Last {len(recent)} ISO weeks:"]
        lines.extend(f"  {w['period']}  {w['count']:>4}" for w in recent)
    for key, rows in report["breakdowns"].items():
        if not rows:
            continue
        lines += ["", f"By {key}:" + ("  (a case can give several reasons)" if key == "reasons" else "")]
        width = max(len(_label(key, r["value"])) for r in rows)
        for r in rows:
            share = _percent(r["count"], report["total"])
            lines.append(f"  {_label(key, r['value']):<{width}}  {r['count']:>4}  {share:>3}%")
    return "\n".join(line.rstrip() for line in lines)


def _label(key: str, value: str) -> str:
    return GENDER_LABELS.get(value, value) if key == "gender" else value
