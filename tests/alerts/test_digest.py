"""The weekly digest against a real SMTP server (aiosmtpd on 127.0.0.1), on a real database."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pydantic import ValidationError

from alerts.digest import (
    DigestData,
    DigestSendError,
    SmtpConfigError,
    SmtpSettings,
    compose_digest,
    gather_digest_data,
    iso_week,
    preview_paths,
    render_chart_png,
    send_weekly_digest,
    write_preview,
)
from alerts.digest_config import DigestSettings, weeks_between
from alerts.pace import pace_trend
from storage.alerts import raise_alert
from storage.articles import NewArticle, add_article
from storage.audit import list_audit
from storage.cases import add_case, link_case_article
from storage.db import open_db
from storage.digests import CaseArticleLink, ConfirmedCase, get_digest
from storage.feeds import FeedSpec, get_feed, record_poll_error, sync_feeds

REVIEW_URL = "http://review.example:8080/"
RECIPIENTS = ["team@example.org", "lead@example.org"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Recorder:
    """aiosmtpd handler that keeps every envelope it accepts."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(e.content, policy=email.policy.default)
            for e in self.envelopes
        ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.handler = Recorder()
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def settings(self) -> SmtpSettings:
        return SmtpSettings(host="127.0.0.1", port=self.port, sender="defwatch@example.org", security="none")


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.controller.start()
    yield server
    server.controller.stop()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database with two cases confirmed this week, one older case, pending alerts and a broken feed."""
    path = tmp_path / "defwatch.db"
    db = open_db(path)
    hamza = add_article(db, NewArticle(
        url="https://www.independent.example/hamza", title="'These scenes terrified me'", text="hamza " * 60,
        outlet="The Independent", published_at="2026-03-10T08:00:00+00:00",
    ))
    areeb = add_article(db, NewArticle(
        url="https://timesofindia.example/areeb?id=1&src=x", title="Indian who joined IS cleaned toilets",
        text="areeb " * 60, outlet="Times of India", published_at="2026-04-02T08:00:00+00:00",
    ))
    for values, article_id in (
        ({"name_or_alias": "Hamza", "age": 33, "gender": "m", "nationality": "Iraq",
          "group_name": "Islamic State", "reasons": ["brutality"]}, hamza.article_id),
        ({"name_or_alias": "Areeb Majeed", "gender": "m", "nationality": "India",
          "group_name": "Islamic State", "reasons": ["quality_of_life", "disillusionment"]},
         areeb.article_id),
    ):
        link_case_article(db, add_case(db, values, "reviewer", None), article_id)
    earlier = {"name_or_alias": "Earlier case", "gender": "f", "nationality": "Syria"}
    old = add_case(db, earlier, "r", "2025-06-01")
    db.execute("UPDATE cases SET created_at = '2025-06-02T00:00:00+00:00' WHERE id = ?", [old])
    for i in range(3):
        art = add_article(db, NewArticle(url=f"https://n.example/{i}", title=f"story {i}", text=f"{i} " * 40))
        raise_alert(db, art.article_id, art.cluster_id, 0.9, "account", [], [])
    sync_feeds(db, [FeedSpec("dead-feed", "https://dead.example/rss")])
    for _ in range(3):
        record_poll_error(db, get_feed(db, "dead-feed").id, "HTTP 503 <Service Unavailable>", "2099-01-01")
    return path


def this_week() -> tuple[str, date]:
    today = datetime.now(UTC).date()
    return iso_week(today), today


def send(path: Path, settings: SmtpSettings, claimant: str = "test", **kwargs: Any) -> Any:
    week, today = this_week()
    return send_weekly_digest(
        open_db(path), week, settings, RECIPIENTS, REVIEW_URL, today, claimant, **kwargs
    )


def test_sent_digest_parses_and_matches_the_database(db_path: Path, smtp: SmtpServer) -> None:
    result = send(db_path, smtp.settings())
    assert result.status == "sent" and (result.new_cases, result.pending_review) == (2, 3)
    [envelope] = smtp.handler.envelopes
    assert envelope.mail_from == "defwatch@example.org"
    assert sorted(envelope.rcpt_tos) == sorted(RECIPIENTS)
    [msg] = smtp.handler.messages()
    week, _ = this_week()
    assert msg["Subject"] == f"defwatch weekly {week}: 2 new cases, 3 pending review"
    assert msg["Message-ID"] == result.message_id
    assert msg.get_content_type() == "multipart/alternative"
    types = [part.get_content_type() for part in msg.walk()]
    assert types == ["multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png"]

    text = msg.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    page = msg.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    [image] = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    assert image.get_content().startswith(PNG_MAGIC)
    cid = image["Content-ID"].strip().strip("<>")
    assert f'src="cid:{cid}"' in page and 'alt="Bar chart of confirmed cases per month' in page

    for body in (text, page):
        assert "Hamza" in body and "Areeb Majeed" in body and "Earlier case" not in body
        assert f"NEW CONFIRMED CASES IN {week}: 2" in body or f"New confirmed cases in {week}: 2" in body
        assert "3 cases since 2025-06-01" in body
        assert "dead-feed" in body
    assert '<a href="https://timesofindia.example/areeb?id=1&amp;src=x">' in page
    assert "HTTP 503 &lt;Service Unavailable&gt;" in page
    assert f'<a href="{REVIEW_URL}">' in page
    assert "&#x27;These scenes terrified me&#x27;" in page

    row = get_digest(open_db(db_path), week)
    assert row is not None and row.status == "sent" and row.message_id == result.message_id
    assert sorted(row.recipients) == sorted(RECIPIENTS)


def test_smtp_down_is_recorded_then_delivered_exactly_once(db_path: Path) -> None:
    server = SmtpServer()  # port chosen, nothing listening yet
    with pytest.raises(DigestSendError, match="could not send through 127.0.0.1") as info:
        send(db_path, server.settings(), claimant="first")
    week, _ = this_week()
    assert info.value.week == week
    row = get_digest(open_db(db_path), week)
    assert row is not None and row.status == "failed" and row.attempts == 1
    assert "Connection" in (row.last_error or "")

    server.controller.start()
    try:
        assert send(db_path, server.settings(), claimant="retry").status == "sent"
        again = send(db_path, server.settings(), claimant="third")
        assert again.status == "skipped" and "already sent" in again.reason
        assert len(server.handler.envelopes) == 1
    finally:
        server.controller.stop()
    row = get_digest(open_db(db_path), week)
    assert row is not None
    assert (row.status, row.attempts, row.claimed_by, row.last_error) == ("sent", 2, "retry", None)


def test_two_racing_senders_send_one_email(db_path: Path, smtp: SmtpServer) -> None:
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def sender(name: str) -> None:
        db = open_db(db_path)  # each thread its own connection, like two processes
        week, today = this_week()
        barrier.wait()
        results.append(send_weekly_digest(db, week, smtp.settings(), RECIPIENTS, REVIEW_URL, today, name))

    threads = [threading.Thread(target=sender, args=(n,)) for n in ("daemon", "cli")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status for r in results) == ["sent", "skipped"]
    assert len(smtp.handler.envelopes) == 1


def test_starttls_refused_by_server_is_explained_and_retryable(db_path: Path, smtp: SmtpServer) -> None:
    settings = SmtpSettings("127.0.0.1", "defwatch@example.org", port=smtp.port, security="starttls")
    with pytest.raises(DigestSendError, match="does not offer STARTTLS"):
        send(db_path, settings)
    row = get_digest(open_db(db_path), this_week()[0])
    assert row is not None and row.status == "failed" and smtp.handler.envelopes == []
    assert send(db_path, smtp.settings()).status == "sent"


def test_force_resends_and_records_it(db_path: Path, smtp: SmtpServer) -> None:
    first = send(db_path, smtp.settings())
    second = send(db_path, smtp.settings(), claimant="admin", force=True)
    assert second.status == "sent" and second.resent and second.message_id != first.message_id
    assert len(smtp.handler.envelopes) == 2
    [entry] = [a for a in list_audit(open_db(db_path)) if a.action == "digest.resent"]
    assert entry.actor == "admin" and entry.details["previous_message_id"] == first.message_id


def test_preview_writes_eml_and_browser_html(db_path: Path, tmp_path: Path) -> None:
    week, today = this_week()
    msg = compose_digest(gather_digest_data(open_db(db_path), week, today), week, REVIEW_URL)
    eml, page = write_preview(msg, tmp_path / "out" / "digest.html")
    assert (eml.name, page.name) == ("digest.eml", "digest.html")
    parsed = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == msg["Subject"]
    html_text = page.read_text(encoding="utf-8")
    assert "data:image/png;base64,iVBORw0KGgo" in html_text and "cid:" not in html_text
    assert preview_paths(tmp_path / "d") == (tmp_path / "d.eml", tmp_path / "d.html")
    assert preview_paths(tmp_path / "d.EML") == (tmp_path / "d.eml", tmp_path / "d.html")
    assert preview_paths(tmp_path / "d.txt") == (tmp_path / "d.txt.eml", tmp_path / "d.txt.html")
    assert preview_paths(tmp_path) == (tmp_path / "digest.eml", tmp_path / "digest.html")


def hostile_data() -> DigestData:
    link = CaseArticleLink(1, "<img src=x onerror=alert(1)>", "javascript:alert(1)", "Evil & <Co>", None)
    case = ConfirmedCase(
        1, '<script>alert("x")</script>', None, None, "Iraq\r\nBcc: x@y", None, [], None, None, "2026-11-16",
        [link],
    )
    today = date(2026, 11, 22)
    return DigestData(
        week="2026-W47", start=date(2026, 11, 16), end=today, today=today, new_cases=(case,),
        pending_review=0, total_cases=0, excluded_future=0, statement="No cases yet.",
        trend=pace_trend([], today), monthly=(), breakdowns={}, feeds_in_trouble=(),
    )


def test_scraped_strings_are_escaped_and_only_http_links_made() -> None:
    msg = compose_digest(hostile_data(), "2026-W47", REVIEW_URL)
    page = msg.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<img" not in page and "javascript:" not in page.replace("&lt;", "")  # shown as text, never linked
    assert 'href="javascript' not in page
    assert "Evil &amp; &lt;Co&gt;" in page
    text = msg.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "link withheld" in text and "\nBcc:" not in text
    # No cases: no chart, still a complete message.
    assert [p.get_content_type() for p in msg.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert msg["Subject"] == "defwatch weekly 2026-W47: 1 new case, 0 pending review"


def test_chart_png() -> None:
    assert render_chart_png([("2026-01", 1), ("2026-02", 0), ("2026-03", 5)]).startswith(PNG_MAGIC)
    assert render_chart_png([]).startswith(PNG_MAGIC)


ENV = {"DEFWATCH_SMTP_HOST": "smtp.example.org", "DEFWATCH_SMTP_FROM": "defwatch@example.org"}


def test_smtp_settings_from_env() -> None:
    settings = SmtpSettings.from_env(ENV)
    assert (settings.port, settings.security, settings.user) == (587, "starttls", None)
    ssl_settings = SmtpSettings.from_env({**ENV, "DEFWATCH_SMTP_SECURITY": "SSL", "DEFWATCH_SMTP_USER": "u",
                                          "DEFWATCH_SMTP_PASSWORD": "secret"})
    assert (ssl_settings.port, ssl_settings.security) == (465, "ssl")
    assert "secret" not in repr(ssl_settings)


@pytest.mark.parametrize(("env", "names"), [
    ({}, "DEFWATCH_SMTP_HOST"),
    ({"DEFWATCH_SMTP_HOST": "h"}, "DEFWATCH_SMTP_FROM"),
    ({**ENV, "DEFWATCH_SMTP_SECURITY": "tls"}, "DEFWATCH_SMTP_SECURITY"),
    ({**ENV, "DEFWATCH_SMTP_PORT": "smtp"}, "DEFWATCH_SMTP_PORT"),
    ({**ENV, "DEFWATCH_SMTP_USER": "u"}, "DEFWATCH_SMTP_PASSWORD"),
    ({**ENV, "DEFWATCH_SMTP_PASSWORD": "p"}, "DEFWATCH_SMTP_USER"),
    ({**ENV, "DEFWATCH_SMTP_SECURITY": "none", "DEFWATCH_SMTP_USER": "u", "DEFWATCH_SMTP_PASSWORD": "p"},
     "DEFWATCH_SMTP_SECURITY"),
])
def test_smtp_settings_errors_name_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(SmtpConfigError, match=names):
        SmtpSettings.from_env(env)


def test_digest_settings() -> None:
    settings = DigestSettings(weekday="mon", time="08:00", timezone="Europe/London",
                              recipients=[" a@example.org", "A@example.org", "b@example.org"],
                              review_url="https://review.example/")
    assert settings.recipients == ["a@example.org", "b@example.org"]
    assert (settings.hour, settings.minute) == (8, 0)
    monday = datetime(2026, 11, 23, 7, 59, tzinfo=UTC)  # 07:59 in London (GMT)
    assert not settings.is_due(monday) and settings.is_due(monday + timedelta(minutes=1))
    assert settings.week_to_send(monday + timedelta(minutes=1)) == "2026-W47"


def test_due_week_is_the_one_last_scheduled_so_a_missed_week_is_caught_up() -> None:
    settings = DigestSettings(weekday="mon", time="08:00", timezone="Europe/London")
    monday_early = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # before this week's slot
    assert settings.due_week(monday_early) == "2026-W46"  # last Monday's slot reported W46
    assert settings.due_week(monday_early + timedelta(hours=2)) == "2026-W47"
    assert settings.due_week(datetime(2026, 11, 29, 23, 0, tzinfo=UTC)) == "2026-W47"  # Sunday
    new_year = DigestSettings(weekday="fri", time="17:30", timezone="Asia/Tokyo")
    # Friday 2027-01-01 falls in 2026-W53 (2026 has 53 ISO weeks); its 17:30 in Tokyo is 08:30 UTC.
    # A minute before, the last slot passed was Friday of W52, which reported W51.
    assert new_year.due_week(datetime(2027, 1, 1, 8, 29, tzinfo=UTC)) == "2026-W51"
    assert new_year.due_week(datetime(2027, 1, 1, 8, 30, tzinfo=UTC)) == "2026-W52"
    assert new_year.due_week(datetime(2027, 1, 8, 8, 30, tzinfo=UTC)) == "2026-W53"


def test_weeks_between_crosses_years() -> None:
    assert weeks_between("2026-W51", "2027-W02") == ["2026-W52", "2026-W53", "2027-W01"]
    assert weeks_between("2026-W47", "2026-W48") == []


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("weekday", "monday", "weekday"),
    ("time", "8am", "HH:MM"),
    ("time", 630, "in quotes"),
    ("timezone", "Europe/Londn", "IANA"),
    ("recipients", ["Team <team@example.org>"], "plain email address"),
    ("review_url", "javascript:alert(1)", "http"),
    ("extra", 1, "extra"),
])
def test_digest_settings_errors(field: str, value: object, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        DigestSettings(**{field: value})  # type: ignore[arg-type]


def test_repository_feeds_yml_digest_section_is_valid() -> None:
    import yaml

    root = Path(__file__).resolve().parents[2]
    section = yaml.safe_load((root / "feeds.yml").read_text(encoding="utf-8"))["digest"]
    DigestSettings.model_validate(section)
