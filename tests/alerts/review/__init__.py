"""Shared helpers for the review UI tests: a real HTTP server on a free port, a
database built through the storage functions, and a browser-like login."""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from flask import Flask
from werkzeug.serving import make_server

from alerts.review.app import create_app
from alerts.review.auth import hash_password
from storage.alerts import raise_alert
from storage.articles import NewArticle, add_article
from storage.cases import add_case, link_case_article
from storage.db import open_db
from storage.users import add_user, disable_user

HOSTILE = "<script>window.x=1</script><img src=x onerror=alert(1)>"
HOSTILE_ESCAPED = "&lt;script&gt;window.x=1&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
PASSWORDS = {"alice": "alice-correct-horse", "bob": "bob-battery-staple", "root": "root-admin-pass",
             "carol": "carol-disabled-pw"}

STORY = (
    "A former fighter who left the Islamic State group last spring spoke to reporters in Gaziantep about "
    "the months he spent in Raqqa.\n\n" + HOSTILE + "\nHamza, a 33-year-old Iraqi, said commanders stole "
    "food meant for the fighters. He now works in a bakery in Turkey and fears informers."
)
OTHER_STORY = (
    "Areeb Majeed, an Indian engineer who travelled to Mosul, returned home after he was wounded and "
    "told investigators he had been made to clean toilets instead of fighting."
)
AGGREGATE_STORY = (
    "A study of fifty-eight defectors by a London research centre found that most left over infighting "
    "and corruption rather than any change of belief."
)
KNOWN_STORY = (
    "An earlier report about Areeb Majeed described his recruitment in Kalyan and his journey through "
    "Baghdad to Mosul with three friends."
)


@dataclass(frozen=True)
class Fixture:
    db_path: Path
    account_alert: int  # a two-outlet story (+ one copy with a javascript: URL) with hostile text
    cluster_articles: tuple[int, ...]
    merge_alert: int  # a story about a person who already has a case
    aggregate_alert: int
    known_case: int


@functools.cache
def password_hash(name: str) -> str:
    """argon2 is slow on purpose: hash each test password once per test run."""
    return hash_password(PASSWORDS[name])


def build_db(path: Path) -> Fixture:
    db = open_db(path)
    first = add_article(db, NewArticle(
        url="https://news.example/defector-speaks", title="Defector <b>speaks</b> about Raqqa",
        text=STORY, outlet="Example News", published_at="2026-11-01T10:00:00+00:00",
    ))
    copy = add_article(db, NewArticle(
        url="https://wire.example/story/123", title="Defector <b>speaks</b> about Raqqa",
        text=STORY, outlet="Wire", published_at="2026-11-01T12:00:00+00:00",
    ))
    hostile_copy = add_article(db, NewArticle(
        url="javascript:alert(document.cookie)", title="Defector <b>speaks</b> about Raqqa",
        text=STORY, outlet="Evil <i>Outlet</i>",
    ))
    assert first.cluster_id == copy.cluster_id == hostile_copy.cluster_id
    other = add_article(db, NewArticle(
        url="https://news.example/majeed", title="Engineer back from Mosul", text=OTHER_STORY,
        outlet="Example News", published_at="2026-11-02T09:00:00+00:00",
    ))
    aggregate = add_article(db, NewArticle(
        url="https://research.example/study", title="Why fighters leave", text=AGGREGATE_STORY,
        outlet="Research Weekly", published_at="2026-10-20T09:00:00+00:00",
    ))
    known = add_article(db, NewArticle(
        url="https://news.example/majeed-2014", title="Kalyan youths in Mosul", text=KNOWN_STORY,
        outlet="Old Times", published_at="2014-12-01T09:00:00+00:00",
    ))
    known_case = add_case(db, {"name_or_alias": "Areeb Majeed", "nationality": "India", "group_name": "ISIS"},
                          "fixture", None)
    link_case_article(db, known_case, known.article_id)
    account_alert, _ = raise_alert(
        db, first.article_id, first.cluster_id, 0.93, "account",
        [{"name": "Hamza", "age": 33, "gender": "m", "nationality": "Iraq", "group": "Islamic State",
          "reasons": ["corruption"], "now_in": "Turkey"}],
        ["Islamic State", "left", "<script>"],
    )
    merge_alert, _ = raise_alert(
        db, other.article_id, other.cluster_id, 0.81, "account",
        [{"name": "Areeb Majeed", "age": None, "gender": "m", "nationality": "India", "group": "ISIS",
          "reasons": [], "now_in": "India"}],
        ["returned"],
        [{"case_id": known_case, "confidence": 0.88, "evidence": ["same name", "same nationality"]}],
    )
    aggregate_alert, _ = raise_alert(
        db, aggregate.article_id, aggregate.cluster_id, 0.52, "aggregate", [], ["defectors"],
    )
    add_user(db, "alice", "reviewer", password_hash("alice"))
    add_user(db, "bob", "reviewer", password_hash("bob"))
    add_user(db, "root", "admin", password_hash("root"))
    add_user(db, "carol", "reviewer", password_hash("carol"))
    disable_user(db, "carol")
    db.conn.close()
    return Fixture(
        path, account_alert, (first.article_id, copy.article_id, hostile_copy.article_id),
        merge_alert, aggregate_alert, known_case,
    )


class LiveServer:
    """The app on a real HTTP server on 127.0.0.1 and a free port, in a background thread.

    werkzeug's threaded server, because it has a supported shutdown(); stopping waitress
    in-process needs its private loop map and raced in CI-like loops. The waitress entry
    point itself is tested as a subprocess (test_app.test_waitress_server_process).
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        assert not self._thread.is_alive(), "test server did not stop"


@dataclass
class Live:
    server: LiveServer
    fx: Fixture

    @property
    def url(self) -> str:
        return self.server.url


def start(tmp_path: Path, **app_options: Any) -> Live:
    fx = build_db(tmp_path / "review.db")
    return Live(LiveServer(create_app(str(fx.db_path), **app_options)), fx)


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def version_of(html: str) -> int:
    match = _VERSION.search(html)
    assert match, "page has no version field"
    return int(match.group(1))


def login(base: str, name: str, password: str | None = None) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    page = session.get(f"{base}/login")
    response = session.post(
        f"{base}/login",
        data={"username": name, "password": PASSWORDS[name] if password is None else password,
              "csrf_token": csrf_of(page.text), "next": "/"},
        allow_redirects=False,
    )
    return session, response


def signed_in(base: str, name: str) -> requests.Session:
    session, response = login(base, name)
    assert response.status_code == 302, response.text
    return session


def open_alert(session: requests.Session, base: str, alert_id: int) -> tuple[str, str, int]:
    """(page html, csrf token, version) as a reviewer's browser would have them."""
    page = session.get(f"{base}/alerts/{alert_id}")
    assert page.status_code == 200, page.text
    return page.text, csrf_of(page.text), version_of(page.text)
