"""The weekly digest: gather from the database, compose, render the chart, send exactly once.

The message is multipart/alternative: text/plain, then multipart/related holding the
text/html part and the PNG chart it shows through ``cid:``. The HTML carries every number
of the chart in a table too, so it reads the same with images off. Everything scraped
(names, titles, outlets, URLs, feed errors) is HTML-escaped, and only http(s) URLs become links.

Exactly once: `send_weekly_digest` claims the ISO week in the ``digests`` table before
sending and records the outcome after (see storage.digests for the one crash window).
A failed send frees the week at once, so retrying is just calling it again; the backoff
between tries belongs to the daemon.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Literal, cast
from urllib.parse import urlsplit

import sqlite_utils

from alerts import pace
from alerts.pace import PaceCase, PeriodCount, Trend, week_bounds
from alerts.pace import iso_week as iso_week  # re-exported: one definition of the week label
from alerts.smtp import DigestError as DigestError
from alerts.smtp import DigestSendError as DigestSendError
from alerts.smtp import SmtpConfigError as SmtpConfigError
from alerts.smtp import SmtpSettings as SmtpSettings
from alerts.smtp import send_message as send_message
from storage import digests as store
from storage.alerts import count_alerts_by_status
from storage.audit import record_audit
from storage.cases import Case, list_cases
from storage.db import write_lock
from storage.digests import ConfirmedCase, FeedTrouble

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CHART_CID_NAME = "cases-per-month"
# Non-ASCII bodies go quoted-printable or base64, never raw 8-bit: old relays without 8BITMIME still work.
_H2, _H3 = '<h2 style="font-size:16px">', '<h3 style="font-size:14px">'
_POLICY = default_policy.clone(cte_type="7bit")


@dataclass(frozen=True)
class DigestData:
    week: str
    start: date
    end: date
    today: date
    new_cases: tuple[ConfirmedCase, ...]
    pending_review: int
    total_cases: int
    excluded_future: int
    statement: str
    trend: Trend
    monthly: tuple[PeriodCount, ...]
    breakdowns: Mapping[str, list[tuple[str, int]]]
    feeds_in_trouble: tuple[FeedTrouble, ...]


def pace_cases(cases: Sequence[Case]) -> list[PaceCase]:
    """Cases as pace.py sees them; a case with no report date counts from when it was created."""
    out = []
    for case in cases:
        stamp = case.first_reported_at or case.created_at
        try:
            day = date.fromisoformat(stamp[:10])
        except ValueError:
            day = date.fromisoformat(case.created_at[:10])
        out.append(PaceCase(day, case.gender, case.nationality, case.group_name, tuple(case.reasons)))
    return out


def gather_digest_data(db: sqlite_utils.Database, week: str, today: date) -> DigestData:
    """Everything the email shows. New cases are those confirmed (created) in the week, in UTC."""
    start, end = week_bounds(week)
    new = store.cases_confirmed_between(db, start.isoformat(), (end + timedelta(days=1)).isoformat())
    cases = pace_cases(list_cases(db, "confirmed"))
    kept, future = pace.split_future(cases, today)
    return DigestData(
        week=week, start=start, end=end, today=today, new_cases=tuple(new),
        pending_review=count_alerts_by_status(db)["pending"], total_cases=len(kept), excluded_future=future,
        statement=pace.share_statement(cases, today), trend=pace.pace_trend(cases, today),
        monthly=tuple(pace.monthly_counts(cases, today)), breakdowns=pace.breakdowns(kept),
        feeds_in_trouble=tuple(store.feeds_in_trouble(db)),
    )


def render_chart_png(monthly_counts: Sequence[tuple[str, int]]) -> bytes:
    """A bar chart of cases per month ("2026-03", n), as PNG bytes; no display needed."""
    from matplotlib.figure import Figure  # imported here: ~0.3 s that most commands never need
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(7, 2.8), dpi=100)
    ax = fig.add_subplot()
    labels = [label for label, _ in monthly_counts]
    ax.bar(range(len(labels)), [count for _, count in monthly_counts], color="#3b6ea5")
    step = max(1, len(labels) // 12)
    ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right", fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("cases")
    ax.set_title("Confirmed cases per month" if labels else "No confirmed cases yet", fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _clean(text: object) -> str:
    """Scraped text on one line, without control characters."""
    return " ".join(_CONTROL.sub(" ", str(text)).split()) if text is not None else ""


def _http_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) URL; anything else (javascript:, data:, junk) is never linked."""
    if not url or _CONTROL.search(url) or any(ch.isspace() for ch in url.strip()):
        return None
    url = url.strip()
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _e(text: object) -> str:
    return html.escape(_clean(text), quote=True)


def _link(url: str | None, label: object) -> str:
    safe = _http_url(url)
    return f'<a href="{html.escape(safe, quote=True)}">{_e(label)}</a>' if safe else _e(label)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _case_summary(case: ConfirmedCase) -> str:
    name = _clean(case.name_or_alias) or f"unnamed (case #{case.id})"
    bits = [f"age {case.age}" if case.age else "", _clean(case.nationality), _clean(case.group_name)]
    reasons = ", ".join(_clean(r) for r in case.reasons) or "not stated"
    return f"{name}: " + "; ".join(b for b in bits if b) + f"; reasons: {reasons}"


def _trend_line(trend: Trend) -> str:
    if trend.verdict == pace.VERDICT_TOO_FEW:
        return f"Trend: {trend.verdict} ({trend.reason})."
    days = (trend.recent_end - trend.recent_start).days + 1
    return (
        f"Trend: {trend.verdict} (p = {trend.p_value:.3g}; last {days} days {trend.recent} cases, "
        f"the {days} before {trend.previous})."
    )


def subject_for(data: DigestData) -> str:
    new = _plural(len(data.new_cases), "new case")
    return f"defwatch weekly {data.week}: {new}, {data.pending_review} pending review"


def _text_body(data: DigestData, review_url: str) -> str:
    lines = [f"defwatch weekly digest {data.week} ({data.start} to {data.end})", ""]
    lines.append(f"NEW CONFIRMED CASES IN {data.week}: {len(data.new_cases)}")
    for case in data.new_cases:
        lines.append(f"- {_case_summary(case)}")
        for art in case.articles:
            where = f" <{_http_url(art.url)}>" if _http_url(art.url) else " (link withheld: not http/https)"
            lines.append(f"    {_clean(art.outlet) or 'unknown outlet'}: {_clean(art.title)}{where}")
    lines += ["", f"PENDING REVIEW: {data.pending_review}, queue at {review_url}", ""]
    lines += ["PACE", f"  {data.statement}", f"  {_trend_line(data.trend)}", ""]
    lines.append("CASES PER MONTH")
    lines.extend(f"  {m.period}  {m.count:>4}" for m in data.monthly)
    if not data.monthly:
        lines.append("  none yet")
    for key, rows in data.breakdowns.items():
        lines += ["", f"BY {key.upper()}"]
        lines.extend(f"  {_label(key, value)}: {count}" for value, count in rows)
    lines += ["", f"FEEDS IN TROUBLE: {len(data.feeds_in_trouble)}"]
    lines.extend(f"  - {_feed_summary(f)}" for f in data.feeds_in_trouble)
    return "\n".join(lines) + "\n"


def _label(key: str, value: str) -> str:
    return pace.GENDER_LABELS.get(value, _clean(value)) if key == "gender" else _clean(value)


def _feed_summary(feed: FeedTrouble) -> str:
    error = _clean(feed.last_error)[:200] or "no message"
    return f"{_clean(feed.name)}: {feed.status}, {feed.consecutive_errors} errors in a row; last: {error}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows hold already-escaped HTML."""
    head = "".join(f'<th style="text-align:left;padding:2px 8px">{h}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td style="padding:2px 8px">{cell}</td>' for cell in row) + "</tr>" for row in rows
    )
    return f'<table style="border-collapse:collapse"><tr>{head}</tr>{body}</table>'


def _chart_alt(data: DigestData) -> str:
    first, last = data.monthly[0], data.monthly[-1]
    peak = max(data.monthly, key=lambda m: m.count)
    return (
        f"Bar chart of confirmed cases per month from {first.period} to {last.period}: "
        f"{last.cumulative} in all, most in {peak.period} ({peak.count}). "
        "The table below gives every month's count."
    )


def _html_body(data: DigestData, review_url: str, chart_cid: str | None) -> str:
    parts = [f'<h1 style="font-size:20px">defwatch weekly digest {_e(data.week)}</h1>',
             f"<p>{_e(data.start)} to {_e(data.end)}</p>",
             f"{_H2}New confirmed cases in {_e(data.week)}: {len(data.new_cases)}</h2>"]
    if data.new_cases:
        items = []
        for case in data.new_cases:
            arts = "".join(
                f"<li>{_e(a.outlet or 'unknown outlet')}: {_link(a.url, a.title or a.url)}</li>"
                for a in case.articles
            )
            items.append(f"<li>{_e(_case_summary(case))}<ul>{arts}</ul></li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
    parts.append(
        f"{_H2}Pending review: {data.pending_review}</h2>"
        f"<p>{_link(review_url, 'Open the review queue')}</p>"
        f"{_H2}Pace</h2><p>{_e(data.statement)}</p>"
        f"<p>{_e(_trend_line(data.trend))}</p>"
    )
    if chart_cid and data.monthly:
        parts.append(f'<p><img src="cid:{_e(chart_cid)}" alt="{_e(_chart_alt(data))}" width="700"></p>')
    parts.append(f"{_H3}Cases per month</h3>")
    months = [[_e(m.period), str(m.count), str(m.cumulative)] for m in data.monthly]
    parts.append(_table(["Month", "Cases", "Cumulative"], months) if months else "<p>No cases yet.</p>")
    for key, rows in data.breakdowns.items():
        if rows:
            parts.append(f"{_H3}By {_e(key)}</h3>")
            cells = [[_e(_label(key, value)), str(n)] for value, n in rows]
            parts.append(_table([_e(key.capitalize()), "Cases"], cells))
    parts.append(f"{_H2}Feeds in trouble: {len(data.feeds_in_trouble)}</h2>")
    if data.feeds_in_trouble:
        parts.append(_table(
            ["Feed", "Status", "Errors in a row", "Last error"],
            [[_link(f.url, f.name), _e(f.status), str(f.consecutive_errors), _e(_clean(f.last_error)[:200])]
             for f in data.feeds_in_trouble],
        ))
    body = "\n".join(parts)
    head = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body style="font-family:sans-serif">'
    return f"{head}\n{body}\n</body></html>\n"


def compose_digest(data: DigestData, week: str, review_url: str) -> EmailMessage:
    """The email, without From/To/Message-ID: `send_message` adds those for the actual send."""
    msg = EmailMessage(policy=_POLICY)
    msg["Subject"] = subject_for(data)
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["X-Defwatch-Week"] = week
    chart_cid = make_msgid(CHART_CID_NAME, domain="defwatch.invalid") if data.monthly else None
    msg.set_content(_text_body(data, review_url))
    msg.add_alternative(_html_body(data, review_url, chart_cid[1:-1] if chart_cid else None), subtype="html")
    if chart_cid:
        html_part = list(msg.iter_parts())[1]
        png = render_chart_png([(m.period, m.count) for m in data.monthly])
        cast(EmailMessage, html_part).add_related(
            png, "image", "png", cid=chart_cid, disposition="inline", filename=f"{CHART_CID_NAME}.png"
        )
    return msg


@dataclass(frozen=True)
class SendResult:
    week: str
    status: Literal["sent", "skipped"]
    reason: str = ""
    message_id: str | None = None
    recipients: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()
    new_cases: int = 0
    pending_review: int = 0
    resent: bool = False


def send_weekly_digest(
    db: sqlite_utils.Database,
    week: str,
    settings: SmtpSettings,
    recipients: Sequence[str],
    review_url: str,
    today: date,
    claimant: str,
    force: bool = False,
    stale_after_s: float = store.DEFAULT_STALE_AFTER_S,
    timeout: float = 30,
) -> SendResult:
    """Claim the week, compose, send, record: at most one email per week unless ``force``.

    Returns status "skipped" (with the reason) when the week is already sent or someone
    else is sending it. On failure the week is marked failed (so the next call retries)
    and DigestSendError is raised for SMTP problems; other errors are re-raised as they are.
    """
    week_bounds(week)
    if not recipients:
        raise DigestSendError("no recipients: set digest.recipients in feeds.yml or pass --to", week)
    if not store.claim_digest(db, week, claimant, stale_after_s=stale_after_s, force=force):
        return SendResult(week, "skipped", reason=_skip_reason(db, week, stale_after_s))
    previous = store.get_digest(db, week)
    try:
        data = gather_digest_data(db, week, today)
        msg = compose_digest(data, week, review_url)
        refused = send_message(msg, settings, recipients, timeout=timeout)
    except DigestSendError as exc:
        store.mark_digest_failed(db, week, str(exc))
        raise DigestSendError(f"digest {week} not sent, the next try will send it: {exc}", week) from exc
    except BaseException as exc:
        store.mark_digest_failed(db, week, f"{type(exc).__name__}: {exc}")
        raise
    message_id = str(msg["Message-ID"])
    delivered = [r for r in recipients if r not in refused]
    resent = previous is not None and previous.sent_at is not None
    with write_lock(db):
        store.mark_digest_sent(db, week, delivered, message_id)
        record_audit(db, claimant, "digest.resent" if resent else "digest.sent", week, {
            "message_id": message_id, "recipients": delivered, "refused": sorted(refused),
            "previous_sent_at": previous.sent_at if previous else None,
            "previous_message_id": previous.message_id if previous else None,
        })
    return SendResult(
        week, "sent", message_id=message_id, recipients=tuple(delivered), refused=tuple(sorted(refused)),
        new_cases=len(data.new_cases), pending_review=data.pending_review, resent=resent,
    )


def _skip_reason(db: sqlite_utils.Database, week: str, stale_after_s: float) -> str:
    current = store.get_digest(db, week)
    if current is not None and current.status == "sent":
        return (
            f"{week} was already sent at {current.sent_at} (message {current.message_id}); "
            "send it again on purpose with force"
        )
    holder = f"{current.claimed_by} since {current.claimed_at}" if current else "another sender"
    return f"{week} is being sent by {holder}; a claim older than {stale_after_s:g}s is taken over"


def preview_paths(path: str | Path) -> tuple[Path, Path]:
    """Where `write_preview` writes: PATH.eml and PATH.html.

    A final ``.eml``, ``.html`` or ``.htm`` on PATH is dropped first ("digest.html" and
    "digest" both give digest.eml + digest.html); any other suffix is kept ("digest.txt"
    gives digest.txt.eml + digest.txt.html). An existing directory gets digest.eml and
    digest.html inside it.
    """
    base = Path(path)
    if base.is_dir():
        base = base / "digest"
    elif base.suffix.lower() in (".eml", ".html", ".htm"):
        base = base.with_suffix("")
    return base.with_name(base.name + ".eml"), base.with_name(base.name + ".html")


def write_preview(msg: EmailMessage, path: str | Path) -> tuple[Path, Path]:
    """Write the message as .eml, and its HTML with the chart inlined as data: URIs for a browser."""
    eml_path, html_path = preview_paths(path)
    eml_path.parent.mkdir(parents=True, exist_ok=True)
    eml_path.write_bytes(msg.as_bytes())
    body = msg.get_body(preferencelist=("html",))
    page = cast(EmailMessage, body).get_content() if body is not None else "<p>(no HTML part)</p>"
    for part in msg.walk():
        cid = part["Content-ID"]
        if cid and part.get_content_maintype() == "image":
            data = base64.b64encode(cast(EmailMessage, part).get_content()).decode("ascii")
            page = page.replace(f"cid:{html.escape(str(cid).strip().strip('<>'), quote=True)}",
                                f"data:{part.get_content_type()};base64,{data}")
    html_path.write_text(page, encoding="utf-8")
    return eml_path, html_path
