"""Queue filters and search, the case list with its CSV, a case's history, pace, admin pages and
running behind a proxy, over real HTTP (tests.alerts.review.start)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from alerts.review.app import create_app
from storage.alerts import AlertQuery, query_alerts
from storage.cases import CaseQuery, case_history, get_case, query_cases, update_case_fields
from storage.db import open_db
from storage.errors import ConflictError
from tests.alerts.review import Live, csrf_of, open_alert, signed_in, start

_ROW = re.compile(r'<tr data-href="/alerts/(\d+)"')


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    running = start(tmp_path)
    yield running
    running.server.close()


def listed(session: requests.Session, base: str, **params: str) -> list[int]:
    page = session.get(f"{base}/", params=params)
    assert page.status_code == 200, page.text
    return [int(i) for i in _ROW.findall(page.text)]


def test_queue_order_filters_and_search(live: Live) -> None:
    fx, base = live.fx, live.url
    s = signed_in(base, "alice")
    assert listed(s, base) == [fx.account_alert, fx.merge_alert, fx.aggregate_alert]  # by score
    assert listed(s, base, kind="aggregate") == [fx.aggregate_alert]
    assert listed(s, base, min_score="0.8") == [fx.account_alert, fx.merge_alert]
    assert listed(s, base, group="islamic") == [fx.account_alert]  # any person's group, any case
    assert listed(s, base, outlet="research") == [fx.aggregate_alert]
    assert listed(s, base, date_from="2026-11-02", date_to="2026-11-02") == [fx.merge_alert]
    assert listed(s, base, date_to="2026-10-31") == [fx.aggregate_alert]
    assert listed(s, base, q="infighting") == [fx.aggregate_alert]
    assert listed(s, base, q="toilets engineer") == [fx.merge_alert]
    assert listed(s, base, q="nothing-like-this") == []
    assert listed(s, base, kind="bogus", min_score="x", date_from="yesterday") == listed(s, base)
    page = s.get(f"{base}/", params={"q": "infighting"}).text
    assert "<mark>" in page and "1 alert." in page
    assert 'pending <span class="count">3</span>' in page


def test_query_alerts_counts_and_pages_in_sql(live: Live) -> None:
    db = open_db(live.fx.db_path)
    alerts, total = query_alerts(db, AlertQuery(status=None), limit=2, offset=1)
    assert total == 3 and [a.id for a in alerts] == [live.fx.merge_alert, live.fx.aggregate_alert]
    alerts, total = query_alerts(db, AlertQuery(kind="account"), limit=10, count=False)
    assert total is None and len(alerts) == 2
    db.conn.close()


def test_case_list_filters_csv_and_history(live: Live) -> None:
    fx, base = live.fx, live.url
    s = signed_in(base, "alice")
    html, token, version = open_alert(s, base, fx.account_alert)
    form = {"csrf_token": token, "version": str(version), "people": "2", "person": "0",
            "p0.name": "=HYPERLINK(\"http://evil\")", "p0.group": "Islamic State", "p0.nationality": "Iraq"}
    assert s.post(f"{base}/alerts/{fx.account_alert}/confirm", data=form).status_code == 200
    cases = s.get(f"{base}/cases", params={"group": "islamic"}).text
    assert "HYPERLINK" in cases and "Areeb" not in cases
    exported = s.get(f"{base}/cases.csv", params={"status": "all"})
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in exported.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert {r["name_or_alias"] for r in rows} == {"Areeb Majeed", "'=HYPERLINK(\"http://evil\")"}
    only = list(csv.DictReader(io.StringIO(s.get(f"{base}/cases.csv", params={"q": "areeb"}).text)))
    assert [r["id"] for r in only] == [str(fx.known_case)]

    # edit the case's fields; a second edit from the same stale page is refused
    case_id = next(int(r["id"]) for r in rows if r["id"] != str(fx.known_case))
    page = s.get(f"{base}/cases/{case_id}").text
    edit = {"csrf_token": csrf_of(page), "version": "1", "name_or_alias": "Hamza", "age": "33", "gender": "m",
            "nationality": "Iraq", "group_name": "Islamic State", "reasons": "corruption", "now_in": "Turkey"}
    assert s.post(f"{base}/cases/{case_id}/fields", data=edit).status_code == 200
    stale = s.post(f"{base}/cases/{case_id}/fields", data={**edit, "now_in": "Syria"})
    assert stale.status_code == 409 and "alice changed it" in stale.text
    page = s.get(f"{base}/cases/{case_id}").text
    assert "confirm" in page and "edited fields" in page and "Turkey" in page
    assert page.count('<ol class="timeline">') == 1
    db = open_db(fx.db_path)
    assert [h["action"] for h in case_history(db, case_id)] == ["alert.confirm", "case.update"]
    assert get_case(db, case_id).version == 2
    with pytest.raises(ConflictError):
        update_case_fields(db, case_id, 1, "bob", {"age": 34})
    assert [c.id for c in query_cases(db, CaseQuery(status=None, date_from="2026-11-01"))] == [case_id]
    db.conn.close()


def test_pace_page_and_chart(live: Live) -> None:
    s = signed_in(live.url, "alice")
    assert "Pace of confirmed cases" in s.get(f"{live.url}/pace").text
    chart = s.get(f"{live.url}/pace.png")
    assert chart.headers["Content-Type"] == "image/png" and chart.content[:4] == b"\x89PNG"


def test_admin_pages(live: Live) -> None:
    alice, root = signed_in(live.url, "alice"), signed_in(live.url, "root")
    for path in ("/admin/users", "/admin/feeds"):
        assert alice.get(f"{live.url}{path}").status_code == 403
        assert root.get(f"{live.url}{path}").status_code == 200
    assert "carol" in root.get(f"{live.url}/admin/users").text


def test_behind_a_proxy_the_client_address_and_https_come_from_it(tmp_path: Path) -> None:
    running = start(tmp_path, proxies=1)
    try:
        def attempt(ip: str, password: str = "wrong-password") -> int:
            session = requests.Session()
            token = csrf_of(session.get(f"{running.url}/login").text)
            return session.post(
                f"{running.url}/login", headers={"X-Forwarded-For": ip}, allow_redirects=False,
                data={"username": "alice", "password": password, "csrf_token": token},
            ).status_code

        assert [attempt("10.0.0.1") for _ in range(5)] == [401] * 5
        assert attempt("10.0.0.1") == 429  # that client is throttled...
        assert attempt("10.0.0.2", "alice-correct-horse") == 302  # ...another behind the same proxy is not
    finally:
        running.server.close()
    app = create_app(str(running.fx.db_path), proxies=1, secure_cookies=True)
    client = app.test_client()
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 302
    login = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    cookie = login.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
