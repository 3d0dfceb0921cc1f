"""An article naming several defectors: each person becomes a case of their own, or is merged into
a known one, from the alert page, over real HTTP (tests.alerts.review.start)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from storage.alerts import get_alert
from storage.audit import list_audit
from storage.cases import get_case, get_case_article_ids
from storage.db import open_db
from storage.decisions import alert_cases, update_alert_fields
from tests.alerts.review import Live, open_alert, signed_in, start

PEOPLE = [
    {"name": "Hamza", "age": 33, "gender": "m", "nationality": "Iraq", "group": "Islamic State",
     "reasons": ["corruption"], "now_in": "Turkey"},
    {"name": "Omar", "age": 29, "gender": "m", "nationality": "Iraq", "group": "Islamic State",
     "reasons": [], "now_in": "Turkey"},
    {"name": "Areeb Majeed", "gender": "m", "nationality": "India", "group": "ISIS", "reasons": []},
]


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    running = start(tmp_path)
    update_alert_fields(open_db(running.fx.db_path), running.fx.account_alert, 1, "fixture", PEOPLE)
    yield running
    running.server.close()


@pytest.fixture
def alice(live: Live) -> requests.Session:
    return signed_in(live.url, "alice")


def person_form(token: str, version: int, person: int, people: list[dict[str, object]]) -> dict[str, str]:
    """The people form as the browser submits it, with the button of ``person`` pressed."""
    form = {"csrf_token": token, "version": str(version), "people": str(len(people) + 1),
            "person": str(person)}
    for i, p in enumerate(people):
        for key in ("name", "age", "gender", "nationality", "group", "now_in"):
            form[f"p{i}.{key}"] = "" if p.get(key) is None else str(p[key])
        form[f"p{i}.reasons"] = ", ".join(p.get("reasons") or [])  # type: ignore[arg-type]
    return form


def post(session: requests.Session, url: str, form: dict[str, str]) -> requests.Response:
    return session.post(url, data=form, allow_redirects=False)


def flashed(session: requests.Session, base: str, response: requests.Response) -> str:
    assert response.status_code == 303, response.text
    return session.get(base + response.headers["Location"]).text


def test_each_person_becomes_a_case_and_undo_removes_them_all(live: Live, alice: requests.Session) -> None:
    alert_id, base, known = live.fx.account_alert, live.url, live.fx.known_case
    url = f"{base}/alerts/{alert_id}"
    body, token, version = open_alert(alice, base, alert_id)
    assert "Add as another case" not in body and "Merge another person" not in body  # pending
    assert 'id="merge-person"' in body  # the first merge can say which person is the known case

    shown = flashed(alice, base, post(alice, f"{url}/confirm", person_form(token, version, 0, PEOPLE)))
    assert "Confirmed as new case #" in shown
    db = open_db(live.fx.db_path)
    first = get_alert(db, alert_id).case_id or 0
    assert 'id="confirm"' not in shown and 'id="add-case-0"' not in shown
    assert 'id="add-case-1"' in shown and 'id="add-case-2"' in shown and "Add as another case" in shown
    assert "Cases from this alert" in shown and f'href="/cases/{first}"' in shown
    assert "new case from person 1 (Hamza)" in shown

    _, token, version = open_alert(alice, base, alert_id)
    edited = [PEOPLE[0], {**PEOPLE[1], "name": "Omar al-Iraqi"}, PEOPLE[2]]
    shown = flashed(alice, base, post(alice, f"{url}/add-case", person_form(token, version, 1, edited)))
    assert "Person 2 added as new case #" in shown
    second = alert_cases(db, alert_id)[1].case_id
    assert "new case from person 2 (Omar al-Iraqi)" in shown and f'href="/cases/{second}"' in shown
    assert get_case(db, second).name_or_alias == "Omar al-Iraqi"  # the edit was saved with it
    assert get_alert(db, alert_id).fields[1]["name"] == "Omar al-Iraqi"

    _, token, version = open_alert(alice, base, alert_id)
    merged = post(alice, f"{url}/merge-person",
                  {"csrf_token": token, "version": str(version), "case_id": f"#{known}", "person": "2"})
    shown = flashed(alice, base, merged)
    assert f"Person 3 merged into case #{known}." in shown
    assert f"Case #{known}: Areeb Majeed" in shown and "merged from person 3 (Areeb Majeed)" in shown
    assert "Merge another person" not in shown  # everyone named is recorded; only the blank row is left
    assert shown.count("Add as another case") == 1 and 'id="add-case-3"' in shown
    alert = get_alert(db, alert_id)
    # versions: 2 from the fixture's fields, then confirm, edit, add, merge
    assert (alert.status, alert.case_id, alert.version) == ("confirmed", first, 6)
    assert [(c.case_id, c.person, c.action) for c in alert_cases(db, alert_id)] == [
        (first, 0, "confirmed"), (second, 1, "confirmed"), (known, 2, "merged")]
    for case_id in (first, second):
        assert sorted(get_case_article_ids(db, case_id)) == sorted(live.fx.cluster_articles)
    assert set(live.fx.cluster_articles) <= set(get_case_article_ids(db, known))
    actions = [(e.actor, e.action) for e in list_audit(db) if e.target == f"alert:{alert_id}"]
    assert actions[:4] == [("alice", "alert.add_merge"), ("alice", "alert.add_case"),
                           ("alice", "alert.update_fields"), ("alice", "alert.confirm")]

    _, token, version = open_alert(alice, base, alert_id)
    shown = flashed(alice, base, post(alice, f"{url}/undo", {"csrf_token": token, "version": str(version)}))
    assert "Cases from this alert" not in shown and 'id="confirm"' in shown
    assert get_case(db, first).status == get_case(db, second).status == "withdrawn"
    assert get_case(db, known).status == "confirmed"
    assert not set(live.fx.cluster_articles) & set(get_case_article_ids(db, known))
    assert alert_cases(db, alert_id) == []


def test_refusals_change_nothing(live: Live, alice: requests.Session) -> None:
    alert_id, base, known = live.fx.account_alert, live.url, live.fx.known_case
    url = f"{base}/alerts/{alert_id}"
    _, token, version = open_alert(alice, base, alert_id)
    pending = post(alice, f"{url}/add-case", person_form(token, version, 1, PEOPLE))
    assert pending.status_code == 400 and "is pending: confirm or merge its first person" in pending.text
    refused = post(alice, f"{url}/merge-person",
                   {"csrf_token": token, "version": str(version), "case_id": str(known), "person": "1"})
    assert refused.status_code == 400

    post(alice, f"{url}/merge", {"csrf_token": token, "version": str(version), "case_id": str(known),
                                 "person": "2"})
    db = open_db(live.fx.db_path)
    assert [(c.case_id, c.person, c.action) for c in alert_cases(db, alert_id)] == [(known, 2, "merged")]
    body, token, version = open_alert(alice, base, alert_id)
    assert re.search(r'<select id="add-merge-person" name="person">\s*<option value="0">1: Hamza</option>'
                     r'<option value="1">2: Omar</option>\s*</select>', body)
    forms = body.count("<form")
    assert body.count(f'name="csrf_token" value="{token}"') == forms
    assert body.count(f'name="version" value="{version}"') == forms - 1  # all but sign-out

    twice = post(alice, f"{url}/merge-person",
                 {"csrf_token": token, "version": str(version), "case_id": str(known), "person": "0"})
    assert twice.status_code == 400 and f"case {known} is already linked to alert {alert_id}" in twice.text
    bad = post(alice, f"{url}/merge-person", {"csrf_token": token, "version": str(version), "case_id": "x"})
    assert bad.status_code == 400
    flashed(alice, base, post(alice, f"{url}/add-case", person_form(token, version, 0, PEOPLE)))
    stale = post(alice, f"{url}/add-case", person_form(token, version, 1, PEOPLE))  # the old page again
    assert stale.status_code == 409 and "alice added another case from this alert" in stale.text
    assert len(alert_cases(db, alert_id)) == 2 and get_alert(db, alert_id).version == version + 1
