"""The review UI in a real browser: Debian's headless Chromium driven by Playwright, against the
real app served by waitress in a subprocess, on a database filled through the storage functions.

Skips when /usr/bin/chromium or the playwright package is absent (``make test`` installs both).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from storage.alerts import get_alert
from storage.db import connect
from tests.alerts.review import PASSWORDS, Fixture, build_db

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[3]

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

# Catches any script the page runs that we did not ship: alerts, confirms, prompts, and the
# CSP's own reports (a violation means the sanitiser let markup through and only the CSP stopped it).
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class WaitressApp:
    """``python -m alerts.review.server`` (waitress) on 127.0.0.1 and a free port."""

    def __init__(self, db_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "alerts.review.server", "--db", str(db_path), "--port", str(self.port),
             "--threads", "4"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                self.close()
                raise RuntimeError(f"review server did not start: {err}")
            time.sleep(0.1)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield b
        b.close()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[WaitressApp, Fixture]]:
    fx = build_db(tmp_path / "review.db")
    app = WaitressApp(fx.db_path)
    yield app, fx
    app.close()


class Watched:
    """A page in its own browser context (own cookies) that records dialogs and CSP reports."""

    def __init__(self, browser: Any, base: str) -> None:
        self.context = browser.new_context(base_url=base)
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def login(self, name: str) -> None:
        """With the keyboard only: type, Tab, type, Enter."""
        self.page.goto("/login")
        # The name field has autofocus; under load Chromium applies it a moment after "load".
        self.page.wait_for_function("document.activeElement && document.activeElement.id === 'username'")
        self.page.keyboard.type(name)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(PASSWORDS[name])
        self.page.keyboard.press("Enter")
        self.page.wait_for_url(re.compile(r"/$"))

    def key(self, key: str, navigates: bool = True) -> None:
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
        else:
            self.page.keyboard.press(key)

    def assert_no_foreign_script(self) -> None:
        assert self.dialogs == []
        assert self.page.evaluate("typeof window.x") == "undefined"
        assert self.page.evaluate("window.__csp") == []


def alert_status(fx: Fixture, alert_id: int) -> tuple[str, int | None]:
    db = connect(fx.db_path)
    try:
        alert = get_alert(db, alert_id)
        return alert.status, alert.case_id
    finally:
        db.conn.close()


def test_keyboard_triage_merge_and_undo(browser: Any, live: tuple[WaitressApp, Fixture]) -> None:
    app, fx = live
    w = Watched(browser, app.url)
    w.login("alice")
    page = w.page

    # Queue: j selects the top alert (highest score), Enter opens it, c then Enter confirms.
    w.key("j", navigates=False)
    assert page.locator("tr.selected a.open").evaluate("a => a === document.activeElement")
    w.key("Enter")
    assert page.url.endswith(f"/alerts/{fx.account_alert}")
    w.key("c", navigates=False)
    assert page.evaluate("document.activeElement.id") == "confirm"
    w.key("Enter")
    page.get_by_text(re.compile(r"Confirmed as new case #\d+")).wait_for()
    assert alert_status(fx, fx.account_alert)[0] == "confirmed"

    # j goes on to the next pending alert; m, the case number, Enter merges it into the known case.
    w.key("j")
    assert page.url.endswith(f"/alerts/{fx.merge_alert}")
    w.key("m", navigates=False)
    assert page.evaluate("document.activeElement.id") == "merge-case"
    page.keyboard.type(str(fx.known_case))
    w.key("Enter")
    page.get_by_text(f"Merged into case #{fx.known_case}.").wait_for()
    assert alert_status(fx, fx.merge_alert) == ("merged", fx.known_case)

    # u then Enter undoes the merge: the alert is pending again and the case lost its link.
    w.key("u", navigates=False)
    assert page.evaluate("document.activeElement.id") == "undo"
    w.key("Enter")
    page.get_by_text("Decision undone").wait_for()
    assert alert_status(fx, fx.merge_alert) == ("pending", None)

    # Back in the queue: / focuses search, a query finds the aggregate report; open it, reject it.
    w.key("k")
    w.key("/", navigates=False)
    assert page.evaluate("document.activeElement.id") == "search"
    page.keyboard.type("fifty-eight defectors")
    w.key("Enter")
    assert page.locator("tr[data-href]").count() == 1
    w.key("j", navigates=False)
    w.key("Enter")
    assert page.url.endswith(f"/alerts/{fx.aggregate_alert}")
    w.key("r", navigates=False)
    assert page.evaluate("document.activeElement.id") == "reject-reason"
    page.keyboard.press("ArrowDown")  # not_defector -> aggregate
    w.key("Enter")
    page.get_by_text("Rejected.").wait_for()
    assert alert_status(fx, fx.aggregate_alert)[0] == "rejected"
    db = connect(fx.db_path)
    assert db.execute("SELECT reject_reason FROM alerts WHERE id = ?", [fx.aggregate_alert]).fetchone()[0] \
        == "aggregate"
    actions = [r[0] for r in db.execute("SELECT action FROM audit WHERE actor = 'alice' ORDER BY id")]
    db.conn.close()
    assert actions == ["user.login", "alert.confirm", "alert.merge", "alert.undo", "alert.reject"]
    # Focus is always visible: the focused control has an outline.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none" or \
        page.evaluate("document.activeElement === document.body")
    w.assert_no_foreign_script()
    w.context.close()


def test_stored_script_and_onerror_payloads_do_not_run(
    browser: Any, live: tuple[WaitressApp, Fixture]
) -> None:
    app, fx = live
    w = Watched(browser, app.url)
    w.login("alice")
    for path in (
        "/", "/?q=Raqqa", f"/alerts/{fx.account_alert}", "/cases?status=all", "/pace",
    ):
        w.page.goto(path)
        w.page.wait_for_load_state("load")
        w.assert_no_foreign_script()
    w.page.goto(f"/alerts/{fx.account_alert}")
    assert w.page.locator(".article .text script, .article .text img").count() == 0
    assert w.page.locator("mark").count() >= 2  # matched terms highlighted
    # The javascript: copy is listed as text, never as a link.
    assert w.page.locator("a[href^='javascript']").count() == 0
    # Confirm it as a case and look at the case page too (names and fields come from the feed).
    w.page.keyboard.press("c")
    with w.page.expect_navigation():
        w.page.keyboard.press("Enter")
    w.page.get_by_role("link", name=re.compile(r"case #\d+")).first.click()
    w.page.wait_for_load_state("load")
    w.assert_no_foreign_script()
    w.context.close()


def test_every_route_sends_the_signed_out_to_login(browser: Any, live: tuple[WaitressApp, Fixture]) -> None:
    from alerts.review.app import create_app

    app, fx = live
    flask_app = create_app(str(fx.db_path))
    public = {"auth.login", "static", "review.healthz"}
    w = Watched(browser, app.url)
    checked = 0
    for rule in flask_app.url_map.iter_rules():
        if rule.endpoint in public:
            continue
        path = re.sub(r"<(?:int:)?[a-z_]+>", "1", rule.rule)
        if "GET" in (rule.methods or set()):
            w.page.goto(path)
            assert re.search(r"/login\?next=", w.page.url), (rule.rule, w.page.url)
            assert w.page.locator("#password").count() == 1
        if "POST" in (rule.methods or set()):
            response = w.page.request.post(path, form={"version": "1"}, max_redirects=0)
            assert response.status == 302 and "/login" in response.headers["location"], rule.rule
        checked += 1
    assert checked >= 12
    assert alert_status(fx, 1)[0] == "pending"
    w.context.close()


def test_a_post_without_the_csrf_token_is_refused(browser: Any, live: tuple[WaitressApp, Fixture]) -> None:
    app, fx = live
    w = Watched(browser, app.url)
    w.login("alice")
    w.page.goto(f"/alerts/{fx.account_alert}")
    version = w.page.locator("input[name=version]").first.input_value()
    for form in ({"version": version, "reason": "other"},
                 {"version": version, "reason": "other", "csrf_token": "forged"}):
        response = w.page.request.post(f"/alerts/{fx.account_alert}/reject", form=form, max_redirects=0)
        assert response.status == 403
    # Remove the token from the real form in the page, then submit it with the keyboard.
    w.page.evaluate("document.querySelector('form.reject input[name=csrf_token]').remove()")
    w.page.keyboard.press("r")
    with w.page.expect_navigation():
        w.page.keyboard.press("Enter")
    assert "403" in w.page.title() or w.page.get_by_text("Forbidden").count() > 0
    assert alert_status(fx, fx.account_alert)[0] == "pending"
    w.context.close()


def test_two_reviewers_deciding_the_same_alert(browser: Any, live: tuple[WaitressApp, Fixture]) -> None:
    app, fx = live
    alice, bob = Watched(browser, app.url), Watched(browser, app.url)
    alice.login("alice")
    bob.login("bob")
    for w in (alice, bob):
        w.page.goto(f"/alerts/{fx.merge_alert}")
    # alice rejects first...
    alice.page.keyboard.press("r")
    with alice.page.expect_navigation():
        alice.page.keyboard.press("Enter")
    alice.page.get_by_text("Rejected.").wait_for()
    # ...then bob, on his stale page, tries to merge: he is told who decided, and nothing changes.
    bob.page.keyboard.press("m")
    bob.page.keyboard.type(str(fx.known_case))
    with bob.page.expect_navigation():
        bob.page.keyboard.press("Enter")
    message = bob.page.locator("p.error").inner_text()
    assert "alice already decided this alert (rejected)" in message
    assert "Reload" in message
    assert bob.page.get_by_role("heading", name="Someone else got there first").count() == 1
    assert alert_status(fx, fx.merge_alert) == ("rejected", None)
    # The reload link shows bob the current state, with alice's decision and an undo button.
    with bob.page.expect_navigation():
        bob.page.get_by_role("link", name=f"Reload alert #{fx.merge_alert}").click()
    assert bob.page.get_by_text("Rejected by alice").count() == 1
    alice.context.close()
    bob.context.close()
