"""alerts.pace on fixed data: every figure checked by hand."""

from __future__ import annotations

import json
from datetime import date, timedelta
from fractions import Fraction
from math import comb

import pytest

from alerts.pace import (
    VERDICT_FALLING,
    VERDICT_RISING,
    VERDICT_STEADY,
    VERDICT_TOO_FEW,
    PaceCase,
    binomial_tail,
    breakdown,
    format_pace,
    iso_week,
    monthly_counts,
    pace_report,
    pace_trend,
    share_statement,
    subtract_months,
    week_bounds,
    weekly_counts,
)

TODAY = date(2026, 6, 10)


def cases_on(*days: date, **fields: object) -> list[PaceCase]:
    return [PaceCase(d, **fields) for d in days]  # type: ignore[arg-type]


def days_ago(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


def test_no_cases() -> None:
    assert weekly_counts([], TODAY) == []
    assert monthly_counts([], TODAY) == []
    assert share_statement([], TODAY) == "No cases yet."
    assert share_statement([], TODAY, since=date(2026, 1, 1)) == "No cases since 2026-01-01."
    trend = pace_trend([], TODAY)
    assert (trend.verdict, trend.recent, trend.previous) == (VERDICT_TOO_FEW, 0, 0)
    assert "no cases" in trend.reason
    report = pace_report([], TODAY)
    json.dumps(report)
    assert report["total"] == 0 and report["first"] is None
    assert all(rows == [] for rows in report["breakdowns"].values())
    assert "No cases yet." in format_pace(report)


def test_since_without_cases_still_gives_zero_filled_periods() -> None:
    monthly = monthly_counts([], TODAY, since=date(2026, 4, 15))
    rows = [(m.period, m.count, m.cumulative) for m in monthly]
    assert rows == [("2026-04", 0, 0), ("2026-05", 0, 0), ("2026-06", 0, 0)]


def test_single_month_is_contiguous_and_zero_filled() -> None:
    today = date(2026, 3, 20)
    cases = cases_on(date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 16))
    assert [(m.period, m.count, m.cumulative) for m in monthly_counts(cases, today)] == [("2026-03", 3, 3)]
    weekly = weekly_counts(cases, today)
    assert [(w.period, w.start, w.count, w.cumulative) for w in weekly] == [
        ("2026-W10", date(2026, 3, 2), 2, 2),
        ("2026-W11", date(2026, 3, 9), 0, 2),
        ("2026-W12", date(2026, 3, 16), 1, 3),
    ]
    assert share_statement(cases, today) == (
        "3 cases since 2026-03-02; 100% of them in the last 8 months, 100% in the last 3 months."
    )


def test_every_case_on_one_day() -> None:
    day = date(2026, 5, 4)
    cases = cases_on(*[day] * 10)
    assert [(w.period, w.count) for w in weekly_counts(cases, day)] == [("2026-W19", 10)]
    assert [(m.period, m.count) for m in monthly_counts(cases, day)] == [("2026-05", 10)]
    trend = pace_trend(cases, day)
    # All ten in the recent window, none before: p = 0.5**10.
    assert (trend.recent, trend.previous) == (10, 0)
    assert trend.p_rising == 0.5**10
    assert trend.verdict == VERDICT_RISING
    assert share_statement(cases, day).startswith("10 cases since 2026-05-04; 100% of them")


def test_future_cases_are_left_out_and_said_so() -> None:
    cases = cases_on(*days_ago(1, 2, 3)) + cases_on(TODAY + timedelta(days=1), date(2030, 1, 1))
    report = pace_report(cases, TODAY)
    assert report["total"] == 3 and report["excluded_future"] == 2
    assert report["last"] == (TODAY - timedelta(days=1)).isoformat()
    assert "2 cases dated after 2026-06-10 left out" in report["statement"]
    assert any("dated after" in c for c in report["trend"]["caveats"])
    assert sum(m["count"] for m in report["monthly"]) == 3
    assert report["monthly"][-1]["period"] == "2026-06"
    assert "left out" in format_pace(report)


def test_clearly_rising_series_is_significant_with_the_exact_p_value() -> None:
    previous = cases_on(*days_ago(100, 150))
    recent = cases_on(*days_ago(*range(0, 60, 5)))  # 12 cases
    trend = pace_trend(previous + recent, TODAY)
    assert (trend.recent, trend.previous) == (12, 2)
    # By hand: P(X >= 12), X ~ Bin(14, 1/2) = (C(14,12) + C(14,13) + C(14,14)) / 2^14 = (91 + 14 + 1) / 16384.
    assert trend.p_rising == 106 / 16384
    assert trend.p_value == pytest.approx(0.00646972656)
    assert trend.verdict == VERDICT_RISING
    assert "p = 0.00647 < 0.05" in trend.reason


def test_falling_is_the_mirror_image() -> None:
    trend = pace_trend(cases_on(*days_ago(*range(95, 155, 5))) + cases_on(*days_ago(3, 40)), TODAY)
    assert (trend.recent, trend.previous) == (2, 12)
    assert trend.p_falling == 106 / 16384
    assert trend.verdict == VERDICT_FALLING


def test_even_split_is_steady() -> None:
    trend = pace_trend(cases_on(*days_ago(1, 2, 3, 4, 5, 91, 92, 93, 94, 95)), TODAY)
    # P(X >= 5), X ~ Bin(10, 1/2) = (252 + 210 + 120 + 45 + 10 + 1) / 1024 = 638 / 1024.
    assert trend.p_rising == trend.p_falling == 638 / 1024
    assert trend.verdict == VERDICT_STEADY


def test_small_n_says_too_few_with_the_reason() -> None:
    trend = pace_trend(cases_on(*days_ago(1, 2, 3, 4)), TODAY)
    assert trend.verdict == VERDICT_TOO_FEW
    assert trend.p_rising == 0.0625  # 0.5**4: even all four recent is not significant
    assert "only 4 cases" in trend.reason and "0.0625" in trend.reason
    # Five all-recent cases are the smallest significant result: 0.5**5 = 0.03125.
    assert pace_trend(cases_on(*days_ago(1, 2, 3, 4, 5)), TODAY).verdict == VERDICT_RISING


def test_window_edges() -> None:
    # Recent: today-89 .. today; previous: today-179 .. today-90; today-180 is in neither.
    trend = pace_trend(cases_on(*days_ago(0, 89, 90, 179, 180)), TODAY)
    assert (trend.recent, trend.previous) == (2, 2)
    assert trend.recent_start == TODAY - timedelta(days=89)
    assert trend.previous_start == TODAY - timedelta(days=179)


@pytest.mark.parametrize(("n", "k"), [(0, 0), (1, 1), (7, 3), (14, 12), (30, 21), (60, 0), (5, 6)])
def test_binomial_tail_against_exact_fractions(n: int, k: int) -> None:
    exact = sum((Fraction(comb(n, i), 2**n) for i in range(max(k, 0), n + 1)), Fraction(0))
    assert binomial_tail(n, k) == pytest.approx(float(exact), abs=1e-15)


def test_seed_style_statement() -> None:
    # 58 cases since 2025-01-01: 34 in the last 8 months (59%), 18 in the last 3 (31%), like the ICSR study.
    older = cases_on(*[date(2025, 1, 1) + timedelta(days=7 * i) for i in range(24)])
    middle = cases_on(*[date(2025, 11, 1) + timedelta(days=7 * i) for i in range(16)])
    recent = cases_on(*[date(2026, 3, 15) + timedelta(days=4 * i) for i in range(18)])
    cases = older + middle + recent
    assert len(cases) == 58
    assert share_statement(cases, TODAY, since=date(2025, 1, 1)) == (
        "58 cases since 2025-01-01; 59% of them in the last 8 months, 31% in the last 3 months."
    )


def test_since_filters_and_warns_when_it_cuts_the_earlier_window() -> None:
    cases = cases_on(*days_ago(1, 2, 300))
    report = pace_report(cases, TODAY, since=TODAY - timedelta(days=100))
    assert report["total"] == 2
    assert report["weekly"][0]["period"] == iso_week(TODAY - timedelta(days=100))
    assert any("record starts" in c for c in report["trend"]["caveats"])


def test_breakdowns() -> None:
    cases = [
        PaceCase(TODAY, "m", "Iraq", "Islamic State", ("brutality", "infighting")),
        PaceCase(TODAY, "f", "Iraq", "Islamic State", ("brutality",)),
        PaceCase(TODAY, None, " ", "al-Shabaab", ()),
    ]
    assert breakdown(cases, "gender") == [("f", 1), ("m", 1), ("unknown", 1)]
    assert breakdown(cases, "nationality") == [("Iraq", 2), ("unknown", 1)]
    assert breakdown(cases, "group") == [("Islamic State", 2), ("al-Shabaab", 1)]
    assert breakdown(cases, "reasons") == [("brutality", 2), ("infighting", 1), ("unknown", 1)]
    with pytest.raises(ValueError, match="unknown breakdown"):
        breakdown(cases, "age")
    text = format_pace(pace_report(cases, TODAY))
    assert "women" in text and "a case can give several reasons" in text


def test_report_is_json_and_terminal_text() -> None:
    cases = cases_on(*days_ago(*range(0, 400, 9)), gender="m", nationality="Syria", group="Islamic State")
    report = pace_report(cases, TODAY)
    assert json.loads(json.dumps(report)) == report
    assert report["monthly"][-1]["cumulative"] == report["total"] == len(cases)
    assert report["weekly"][-1]["period"] == "2026-W24"
    assert set(report["trend"]) >= {"verdict", "p_value", "recent", "previous", "reason"}
    text = format_pace(report)
    assert report["statement"] in text and "Trend:" in text and "2026-W24" in text


def test_calendar_helpers() -> None:
    assert subtract_months(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert subtract_months(date(2026, 1, 15), 8) == date(2025, 5, 15)
    assert iso_week(date(2027, 1, 1)) == "2026-W53"
    assert week_bounds("2026-W47") == (date(2026, 11, 16), date(2026, 11, 22))
    with pytest.raises(ValueError, match="like 2026-W47"):
        week_bounds("2026-47")
    with pytest.raises(ValueError, match="does not exist"):
        week_bounds("2025-W53")
