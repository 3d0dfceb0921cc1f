"""The review pages and decisions, against a real waitress server with hostile article data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests

from alerts.review import sanitize
from storage.alerts import get_alert
from storage.audit import list_audit
from storage.cases import get_case, get_case_article_ids
from storage.db import open_db
from tests.alerts.review import (
    HOSTILE,
    HOSTILE_ESCAPED,
    Live,
    build_db,
    csrf_of,
    open_alert,
    signed_in,
    start,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    running = start(tmp_path)
    yield running
    running.server.close()


@pytest.fixture
def alice(live: Live) -> requests.Session:
    return signed_in(live.url, "alice")


class TagAudit(HTMLParser):
    """Collects what a browser would execute: script tags, event handlers, style, links."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.styles = 0
        self.hrefs: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.inline_scripts += 1
        if tag == "style" or "style" in names:
            self.styles += 1
        self.handlers += [n for n in names if n.startswith("on")]
        if tag == "a" and names.get("href"):
            self.hrefs.append((names["href"] or "", names))


def audit_html(html: str) -> TagAudit:
    parser = TagAudit()
    parser.feed(html)
    return parser


def test_queue_lists_pending_alerts_in_order(live: Live, alice: requests.Session) -> None:
    page = alice.get(live.url + "/")
    assert page.status_code == 200
    body = page.text
    # score order: 0.93, 0.81, 0.52
    titles = ("Defector &lt;b&gt;speaks", "Engineer back from Mosul", "Why fighters leave")
    positions = [body.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Defector <b>" not in body
    assert "0.93" in body and "Example News" in body and "Hamza" in body and "Areeb Majeed" in body
    assert '<td class="num">3</td>' in body  # copies of the first story
    assert 'pending <span class="count">3</span>' in body
    tags = audit_html(body)
    assert tags.inline_scripts == 0 and tags.styles == 0 and not tags.handlers


def test_queue_filters(live: Live, alice: requests.Session) -> None:
    only_aggregate = alice.get(live.url + "/", params={"kind": "aggregate"}).text
    assert "Why fighters leave" in only_aggregate and "Engineer back" not in only_aggregate
    high = alice.get(live.url + "/", params={"min_score": "0.9"}).text
    assert "Defector &lt;b&gt;speaks" in high and "Engineer back" not in high
    found = alice.get(live.url + "/", params={"q": "toilets"}).text
    assert "Engineer back from Mosul" in found and "Why fighters leave" not in found
    assert "<mark>toilets</mark>" in found
    hostile_query = alice.get(live.url + "/", params={"q": HOSTILE}).text
    assert HOSTILE not in hostile_query
    assert "No pending alerts match these filters." in alice.get(live.url + "/", params={"q": "zzzz"}).text


def test_alert_page_renders_hostile_text_escaped(live: Live, alice: requests.Session) -> None:
    body, _, version = open_alert(alice, live.url, live.fx.account_alert)
    assert version == 1
    assert HOSTILE not in body
    assert HOSTILE_ESCAPED in body.replace("<mark>", "").replace("</mark>", "")
    assert "<img" not in body and "<script>window" not in body
    assert "Evil &lt;i&gt;Outlet&lt;/i&gt;" in body
    assert "<mark>Islamic State</mark>" in body and "<mark>left</mark>" in body
    assert "<mark>&lt;script&gt;</mark>" in body  # a hostile matched term is escaped too
    tags = audit_html(body)
    assert tags.inline_scripts == 0 and tags.styles == 0 and not tags.handlers
    assert not [h for h, _ in tags.hrefs if h.lower().startswith("javascript")]
    externals = [attrs for href, attrs in tags.hrefs if href.startswith("http")]
    assert {a["href"] for a in externals} == {"https://news.example/defector-speaks", "https://wire.example/story/123"}
    assert all(a["rel"] == "noopener noreferrer nofollow" for a in externals)
    for field in ('value="Hamza"', 'value="33"', 'value="Iraq"', 'value="Islamic State"', 'value="Turkey"'):
        assert field in body
    assert 'name="version" value="1"' in body


def test_alert_page_shows_suggested_cases(live: Live, alice: requests.Session) -> None:
    body, _, _ = open_alert(alice, live.url, live.fx.merge_alert)
    assert f'href="/cases/{live.fx.known_case}"' in body
    assert "confidence 0.88" in body and "same nationality" in body
    assert f"Merge into case #{live.fx.known_case}" in body


def test_confirm_with_edited_fields_creates_a_case_for_the_whole_cluster(
    live: Live, alice: requests.Session
) -> None:
    alert_id = live.fx.account_alert
    _, token, version = open_alert(alice, live.url, alert_id)
    form = {"csrf_token": token, "version": str(version), "people": "2", "person": "0",
            "p0.name": "Hamza al-Iraqi", "p0.age": "33", "p0.gender": "m", "p0.nationality": "Iraq",
            "p0.group": "Islamic State", "p0.reasons": "corruption, brutality", "p0.now_in": "Turkey"}
    response = alice.post(f"{live.url}/alerts/{alert_id}/confirm", data=form, allow_redirects=False)
    assert response.status_code == 303, response.text
    shown = alice.get(live.url + response.headers["Location"]).text
    assert "Confirmed as new case #" in shown and 'id="undo"' in shown
    db = open_db(live.fx.db_path)
    alert = get_alert(db, alert_id)
    # version 1 -> 2 (fields saved) -> 3 (confirmed), in one transaction
    assert (alert.status, alert.reviewer, alert.version) == ("confirmed", "alice", 3)
    assert alert.fields[0]["name"] == "Hamza al-Iraqi"
    case = get_case(db, alert.case_id or 0)
    assert (case.name_or_alias, case.age, case.group_name, case.reasons) == (
        "Hamza al-Iraqi", 33, "Islamic State", ["corruption", "brutality"])
    assert sorted(get_case_article_ids(db, case.id)) == sorted(live.fx.cluster_articles)
    actions = [(e.actor, e.action, e.target) for e in list_audit(db)]
    assert actions[:2] == [("alice", "alert.confirm", f"alert:{alert_id}"),
                           ("alice", "alert.update_fields", f"alert:{alert_id}")]
    case_page = alice.get(f"{live.url}/cases/{case.id}").text
    assert "Hamza al-Iraqi" in case_page and "https://wire.example/story/123" in case_page
    assert 'href="javascript' not in case_page
    assert "Hamza al-Iraqi" in alice.get(live.url + "/cases").text


def test_merge_reject_and_undo(live: Live, alice: requests.Session) -> None:
    db = open_db(live.fx.db_path)
    known_before = set(get_case_article_ids(db, live.fx.known_case))
    _, token, version = open_alert(alice, live.url, live.fx.merge_alert)
    merged = alice.post(f"{live.url}/alerts/{live.fx.merge_alert}/merge",
                        data={"csrf_token": token, "version": version, "case_id": str(live.fx.known_case)},
                        allow_redirects=False)
    assert merged.status_code == 303
    alert = get_alert(db, live.fx.merge_alert)
    assert (alert.status, alert.case_id) == ("merged", live.fx.known_case)
    assert set(get_case_article_ids(db, live.fx.known_case)) == known_before | {alert.article_id}

    _, token, version = open_alert(alice, live.url, live.fx.aggregate_alert)
    rejected = alice.post(f"{live.url}/alerts/{live.fx.aggregate_alert}/reject",
                          data={"csrf_token": token, "version": version, "reason": "aggregate",
                                "note": "study, no individuals"}, allow_redirects=False)
    assert rejected.status_code == 303
    alert = get_alert(db, live.fx.aggregate_alert)
    assert (alert.status, alert.reject_reason) == ("rejected", "aggregate")
    assert alert.note == "study, no individuals"

    body, token, version = open_alert(alice, live.url, live.fx.merge_alert)
    assert 'id="undo"' in body
    undone = alice.post(f"{live.url}/alerts/{live.fx.merge_alert}/undo",
                        data={"csrf_token": token, "version": version}, allow_redirects=False)
    assert undone.status_code == 303
    alert = get_alert(db, live.fx.merge_alert)
    assert (alert.status, alert.case_id, alert.version) == ("pending", None, 3)
    assert set(get_case_article_ids(db, live.fx.known_case)) == known_before
    assert get_case(db, live.fx.known_case).status == "confirmed"  # merging never owned the case
    actions = [e.action for e in list_audit(db) if e.actor == "alice"]
    assert actions[:3] == ["alert.undo", "alert.reject", "alert.merge"]
    assert "Engineer back from Mosul" in alice.get(live.url + "/").text  # back in the queue


def test_undo_of_a_confirmation_withdraws_its_case(live: Live, alice: requests.Session) -> None:
    alert_id = live.fx.account_alert
    _, token, version = open_alert(alice, live.url, alert_id)
    alice.post(f"{live.url}/alerts/{alert_id}/confirm", data={
        "csrf_token": token, "version": version, "people": "1", "person": "0", "p0.name": "Hamza",
        "p0.age": "33", "p0.gender": "m", "p0.nationality": "Iraq", "p0.group": "Islamic State",
        "p0.reasons": "corruption", "p0.now_in": "Turkey"}, allow_redirects=False)
    db = open_db(live.fx.db_path)
    case_id = get_alert(db, alert_id).case_id or 0
    _, token, version = open_alert(alice, live.url, alert_id)
    assert alice.post(f"{live.url}/alerts/{alert_id}/undo", data={"csrf_token": token, "version": version},
                      allow_redirects=False).status_code == 303
    assert get_case(db, case_id).status == "withdrawn"
    assert get_case_article_ids(db, case_id) == []
    assert "Hamza" not in alice.get(live.url + "/cases").text
    assert "withdrawn" in alice.get(live.url + "/cases", params={"status": "withdrawn"}).text


def test_second_reviewer_gets_409_and_nothing_is_overwritten(live: Live) -> None:
    alice = signed_in(live.url, "alice")
    bob = signed_in(live.url, "bob")
    alert_id = live.fx.merge_alert
    _, alice_token, alice_version = open_alert(alice, live.url, alert_id)
    _, bob_token, bob_version = open_alert(bob, live.url, alert_id)
    assert alice_version == bob_version == 1
    merged = alice.post(f"{live.url}/alerts/{alert_id}/merge", allow_redirects=False, data={
        "csrf_token": alice_token, "version": alice_version, "case_id": live.fx.known_case})
    assert merged.status_code == 303
    for action, extra in (("reject", {"reason": "duplicate"}), ("undo", {}), ("merge", {"case_id": "1"}),
                          ("fields", {"people": "1", "p0.name": "Someone else"})):
        late = bob.post(f"{live.url}/alerts/{alert_id}/{action}", allow_redirects=False,
                        data={"csrf_token": bob_token, "version": bob_version, **extra})
        assert late.status_code == 409, action
        assert "alice already decided this alert (merged into a case) at " in late.text
        assert "Reload" in late.text and f'href="/alerts/{alert_id}"' in late.text
    db = open_db(live.fx.db_path)
    alert = get_alert(db, alert_id)
    assert (alert.status, alert.reviewer, alert.version, alert.reject_reason) == ("merged", "alice", 2, None)
    assert alert.fields[0]["name"] == "Areeb Majeed"
    assert [e.action for e in list_audit(db) if e.target == f"alert:{alert_id}"] == ["alert.merge"]


def test_simultaneous_decisions_one_wins(live: Live) -> None:
    alice = signed_in(live.url, "alice")
    bob = signed_in(live.url, "bob")
    alert_id = live.fx.aggregate_alert
    forms = []
    for session, reason in ((alice, "aggregate"), (bob, "other")):
        _, token, version = open_alert(session, live.url, alert_id)
        forms.append((session, {"csrf_token": token, "version": version, "reason": reason}))
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def decide(session: requests.Session, form: dict[str, object]) -> None:
        barrier.wait()
        response = session.post(f"{live.url}/alerts/{alert_id}/reject", data=form, allow_redirects=False)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=decide, args=f) for f in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(statuses) == [303, 409]
    db = open_db(live.fx.db_path)
    assert get_alert(db, alert_id).version == 2
    assert len([e for e in list_audit(db) if e.action == "alert.reject"]) == 1


def test_bad_decisions_are_400_and_change_nothing(live: Live, alice: requests.Session) -> None:
    alert_id = live.fx.account_alert
    _, token, version = open_alert(alice, live.url, alert_id)
    base = {"csrf_token": token, "version": version}
    url = f"{live.url}/alerts/{alert_id}"
    assert alice.post(f"{url}/reject", data={**base, "reason": "bored"}).status_code == 400
    assert alice.post(f"{url}/merge", data={**base, "case_id": "x"}).status_code == 400
    assert alice.post(f"{url}/merge", data={**base, "case_id": "999"}).status_code == 404
    assert alice.post(f"{url}/reject", data={"csrf_token": token}).status_code == 400  # no version
    assert alice.post(f"{url}/fields", data={**base, "people": "1", "p0.age": "thirty"}).status_code == 400
    blank_person = {**base, "people": "1", "person": "0"}
    assert alice.post(f"{url}/confirm", data=blank_person).status_code == 400
    assert get_alert(open_db(live.fx.db_path), alert_id).version == 1


def test_undo_of_pending_alert_is_409(live: Live, alice: requests.Session) -> None:
    _, token, version = open_alert(alice, live.url, live.fx.account_alert)
    response = alice.post(f"{live.url}/alerts/{live.fx.account_alert}/undo",
                          data={"csrf_token": token, "version": version})
    assert response.status_code == 409 and "no decision to undo" in response.text


def test_missing_things_are_404(live: Live, alice: requests.Session) -> None:
    assert alice.get(live.url + "/alerts/9999").status_code == 404
    assert alice.get(live.url + "/cases/9999").status_code == 404


def test_api_alerts(live: Live, alice: requests.Session) -> None:
    data = alice.get(live.url + "/api/alerts", params={"status": "pending"}).json()
    assert [a["id"] for a in data] == [live.fx.account_alert, live.fx.merge_alert, live.fx.aggregate_alert]
    assert data[0]["title"] == "Defector <b>speaks</b> about Raqqa"  # JSON carries data, not markup
    assert data[0]["copies"] == 3 and data[0]["version"] == 1
    assert alice.get(live.url + "/api/alerts", params={"status": "nope"}).status_code == 400


def test_every_form_carries_csrf_and_version(live: Live, alice: requests.Session) -> None:
    body, token, _ = open_alert(alice, live.url, live.fx.merge_alert)
    forms = body.count("<form")
    assert forms >= 5  # sign out, fields, merge, reject, merge-from-suggestion
    assert body.count(f'name="csrf_token" value="{token}"') == forms
    assert body.count('name="version" value="1"') == forms - 1  # all but sign-out
    assert csrf_of(body) == token


def test_sanitize_helpers() -> None:
    assert sanitize.safe_url("javascript:alert(1)") is None
    assert sanitize.safe_url("data:text/html,hi") is None
    assert sanitize.safe_url("https://ok.example/a?b=1") == "https://ok.example/a?b=1"
    hostile = '<p onclick="x()">hi <a href="javascript:x">a</a><script>y()</script></p>'
    cleaned = str(sanitize.clean_html(hostile))
    assert "onclick" not in cleaned and "javascript" not in cleaned and "<script" not in cleaned
    highlighted = str(sanitize.highlight("a <b> amp & ampere", ["amp"]))
    assert highlighted == "a &lt;b&gt; <mark>amp</mark> &amp; ampere"
    assert str(sanitize.render_article_text("one\ntwo\n\nthree", [])) == "<p>one<br>two</p>\n<p>three</p>"


def test_waitress_server_process(tmp_path: Path) -> None:
    """The production entry point: `python -m alerts.review.server` serving with waitress."""
    fx = build_db(tmp_path / "served.db")
    process = subprocess.Popen(
        [sys.executable, "-m", "alerts.review.server", "--db", str(fx.db_path), "--port", "0",
         "--threads", "2"],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 30
        url = None
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line and process.poll() is not None:
                break
            match = re.search(r"Serving on (http://127\.0\.0\.1:\d+)", line)
            url = match.group(1) if match else None
        assert url, "waitress did not report its address"
        assert requests.get(url + "/healthz", timeout=10).text == "ok"
        anonymous = requests.get(url + "/", allow_redirects=False, timeout=10)
        assert anonymous.status_code == 302 and anonymous.headers["Server"] == "defwatch"  # waitress ident
        assert anonymous.headers["X-Frame-Options"] == "DENY"
        alice = signed_in(url, "alice")
        body, _, _ = open_alert(alice, url, fx.account_alert)
        assert HOSTILE not in body
        key_file = Path(f"{fx.db_path}.secret")
        assert key_file.exists() and (key_file.stat().st_mode & 0o777) == 0o600
    finally:
        process.terminate()
        process.wait(10)
        if process.stderr is not None:
            process.stderr.close()
