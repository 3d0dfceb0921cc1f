"""Access control of the review UI, against a real waitress server."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from alerts.review.app import CONTENT_SECURITY_POLICY, create_app, load_or_create_secret
from alerts.review.auth import LoginLimiter, hash_password, safe_next, verify_password
from storage.alerts import get_alert
from storage.audit import list_audit
from storage.db import open_db
from storage.users import add_user, disable_user
from tests.alerts.review import Live, LiveServer, csrf_of, login, open_alert, signed_in, start


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    running = start(tmp_path)
    yield running
    running.server.close()


PROTECTED = ["/", "/?status=confirmed&q=raqqa", "/alerts/1", "/cases", "/cases/1", "/admin/users",
             "/api/alerts?status=pending", "/no/such/page"]


@pytest.mark.parametrize("path", PROTECTED)
def test_every_page_redirects_to_login_when_signed_out(live: Live, path: str) -> None:
    response = requests.get(live.url + path, allow_redirects=False)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [path]
    assert "Hamza" not in response.text


@pytest.mark.parametrize("action", ["confirm", "merge", "reject", "undo", "fields"])
def test_decisions_redirect_to_login_when_signed_out(live: Live, action: str) -> None:
    response = requests.post(f"{live.url}/alerts/{live.fx.account_alert}/{action}",
                             data={"version": "1", "reason": "other"}, allow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert get_alert(open_db(live.fx.db_path), live.fx.account_alert).status == "pending"


def test_public_routes(live: Live) -> None:
    assert requests.get(live.url + "/healthz").text == "ok"
    assert requests.get(live.url + "/login").status_code == 200
    css = requests.get(live.url + "/static/style.css")
    assert css.status_code == 200 and "focus-visible" in css.text
    assert requests.get(live.url + "/static/keys.js").status_code == 200


def test_login_then_next_page_is_served(live: Live) -> None:
    session = requests.Session()
    page = session.get(live.url + "/cases", allow_redirects=True)
    assert urlsplit(page.url).path == "/login"
    response = session.post(live.url + "/login", data={
        "username": "alice", "password": "alice-correct-horse", "csrf_token": csrf_of(page.text),
        "next": "/cases",
    }, allow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"] == "/cases"
    assert session.get(live.url + "/cases").status_code == 200
    assert list_audit(open_db(live.fx.db_path))[0].action == "user.login"


def test_wrong_password_and_unknown_user_fail_alike(live: Live) -> None:
    for name, password in (("alice", "wrong"), ("nobody", "whatever")):
        session = requests.Session()
        page = session.get(live.url + "/login")
        response = session.post(live.url + "/login", data={
            "username": name, "password": password, "csrf_token": csrf_of(page.text), "next": "/",
        }, allow_redirects=False)
        assert response.status_code == 401
        assert "Wrong name or password." in response.text
        assert session.get(live.url + "/", allow_redirects=False).status_code == 302


def test_disabled_user_cannot_sign_in(live: Live) -> None:
    _, response = login(live.url, "carol")
    assert response.status_code == 401


def test_rate_limit_after_five_failures(live: Live) -> None:
    for _ in range(5):
        _, response = login(live.url, "alice", "guess")
        assert response.status_code == 401
    _, response = login(live.url, "alice")  # even the right password is refused now
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text
    assert 0 < int(response.headers["Retry-After"]) <= 300
    # Limited per name and address: another reviewer at the same address is not locked out.
    _, response = login(live.url, "bob")
    assert response.status_code == 302


def test_limiter_window_slides() -> None:
    now = [1000.0]
    limiter = LoginLimiter(max_failures=3, window_s=60, max_failures_per_ip=5, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.retry_after("Alice", "1.2.3.4") == 0
        limiter.record_failure("Alice", "1.2.3.4")
    assert limiter.retry_after("alice", "1.2.3.4") == 60
    assert limiter.retry_after("alice", "5.6.7.8") == 0
    now[0] += 30
    assert limiter.retry_after("alice", "1.2.3.4") == 30
    now[0] += 31
    assert limiter.retry_after("alice", "1.2.3.4") == 0
    for name in ("a", "b", "c", "d", "e"):  # spraying many names from one address
        limiter.record_failure(name, "9.9.9.9")
    assert limiter.retry_after("f", "9.9.9.9") > 0


def test_login_post_without_csrf_is_403(live: Live) -> None:
    session = requests.Session()
    session.get(live.url + "/login")
    form = {"username": "alice", "password": "alice-correct-horse"}
    response = session.post(live.url + "/login", data=form, allow_redirects=False)
    assert response.status_code == 403


def test_decision_without_or_with_wrong_csrf_is_403(live: Live) -> None:
    session = signed_in(live.url, "alice")
    _, token, version = open_alert(session, live.url, live.fx.account_alert)
    url = f"{live.url}/alerts/{live.fx.account_alert}/reject"
    form = {"version": str(version), "reason": "other"}
    assert session.post(url, data=form, allow_redirects=False).status_code == 403
    assert session.post(url, data={**form, "csrf_token": "forged"}, allow_redirects=False).status_code == 403
    other = signed_in(live.url, "bob")  # a token from another session is worthless too
    _, bobs_token, _ = open_alert(other, live.url, live.fx.account_alert)
    stolen = session.post(url, data={**form, "csrf_token": bobs_token}, allow_redirects=False)
    assert stolen.status_code == 403
    assert get_alert(open_db(live.fx.db_path), live.fx.account_alert).status == "pending"
    # The header form of the token is accepted.
    ok = session.post(url, data=form, headers={"X-CSRF-Token": token}, allow_redirects=False)
    assert ok.status_code == 303
    assert get_alert(open_db(live.fx.db_path), live.fx.account_alert).status == "rejected"


def test_logout_needs_csrf_and_ends_the_session(live: Live) -> None:
    session = signed_in(live.url, "alice")
    page = session.get(live.url + "/")
    assert session.post(live.url + "/logout", allow_redirects=False).status_code == 403
    token = csrf_of(page.text)
    response = session.post(live.url + "/logout", data={"csrf_token": token}, allow_redirects=False)
    assert response.status_code == 302
    assert session.get(live.url + "/", allow_redirects=False).status_code == 302


def test_disabling_or_resetting_a_user_ends_their_sessions(live: Live) -> None:
    alice = signed_in(live.url, "alice")
    bob = signed_in(live.url, "bob")
    db = open_db(live.fx.db_path)
    disable_user(db, "alice")
    add_user(db, "bob", "reviewer", hash_password("a new password"))
    assert alice.get(live.url + "/", allow_redirects=False).status_code == 302
    assert bob.get(live.url + "/", allow_redirects=False).status_code == 302


def test_admin_page_is_403_for_reviewers(live: Live) -> None:
    reviewer = signed_in(live.url, "alice")
    response = reviewer.get(live.url + "/admin/users")
    assert response.status_code == 403
    assert "carol" not in response.text
    admin = signed_in(live.url, "root")
    page = admin.get(live.url + "/admin/users")
    assert page.status_code == 200
    assert "carol" in page.text and "disabled" in page.text


def test_session_cookie_is_hardened(live: Live) -> None:
    _, response = login(live.url, "alice")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_secure_cookies_option(tmp_path: Path) -> None:
    running = start(tmp_path, secure_cookies=True)
    try:
        # The login form already sets the (anonymous, CSRF-carrying) session cookie.
        cookie = requests.get(running.url + "/login").headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie
    finally:
        running.server.close()


def test_open_redirects_are_refused(live: Live) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        session = requests.Session()
        page = session.get(live.url + "/login", params={"next": target})
        response = session.post(live.url + "/login", data={
            "username": "alice", "password": "alice-correct-horse", "csrf_token": csrf_of(page.text),
            "next": target,
        }, allow_redirects=False)
        assert response.headers["Location"] == "/", target
    assert safe_next("/alerts/3?x=1") == "/alerts/3?x=1"


def test_sessions_survive_a_restart_with_a_private_key_file(tmp_path: Path) -> None:
    running = start(tmp_path)
    session = signed_in(running.url, "alice")
    running.server.close()
    key_file = Path(f"{running.fx.db_path}.secret")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_or_create_secret(running.fx.db_path) == key_file.read_bytes()
    again = LiveServer(create_app(str(running.fx.db_path)))
    try:
        assert session.get(again.url + "/", allow_redirects=False).status_code == 200
    finally:
        again.close()


def test_security_headers_on_every_response(live: Live) -> None:
    session = signed_in(live.url, "alice")
    responses = [
        requests.get(live.url + "/login"),
        requests.get(live.url + "/healthz"),
        requests.get(live.url + "/static/keys.js"),
        requests.get(live.url + "/", allow_redirects=False),
        session.get(live.url + "/"),
        session.get(f"{live.url}/alerts/{live.fx.account_alert}"),
        session.get(live.url + "/alerts/9999"),
        session.get(live.url + "/admin/users"),
        session.post(live.url + "/logout"),  # 403: no CSRF token
        session.get(live.url + "/api/alerts?status=pending"),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 302, 200, 200, 404, 403, 403, 200]
    for response in responses:
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
    assert responses[4].headers["Cache-Control"] == "no-store"


def test_password_hashing() -> None:
    hashed = hash_password("s3cret")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "s3cret")
    assert not verify_password(hashed, "S3cret")
    assert not verify_password("not a hash", "s3cret")
