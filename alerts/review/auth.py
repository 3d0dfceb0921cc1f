"""Who may use the review UI: passwords, sessions, CSRF, login rate limiting, roles.

The data names people who fear reprisals, so every page except the login form, the
static files and the health check needs a signed-in, enabled account, and every
state-changing request carries a per-session CSRF token. Sessions are Flask's signed
cookies; they also carry a fingerprint of the password hash, so resetting a password
(or disabling the account) ends every session opened with the old one.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from storage.audit import record_audit
from storage.db import connect
from storage.users import User, find_user, set_password_hash

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static", "review.healthz"})

_hasher = PasswordHasher()
F = TypeVar("F", bound=Callable[..., Any])


def hash_password(password: str) -> str:
    """An argon2id hash with argon2-cffi's current recommended parameters."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches; False for a wrong password or an unusable hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


@functools.cache
def _dummy_hash() -> str:
    # Verified against when the name is unknown, so timing does not reveal which names exist.
    return hash_password(secrets.token_urlsafe(16))


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


class LoginLimiter:
    """Failed sign-ins counted per (name, address) and per address, in a sliding window.

    In memory: the review UI is one process, and a restart forgetting the counts is an
    acceptable cost for not writing attacker-controlled rows into the database.
    """

    def __init__(
        self,
        max_failures: int = 5,
        window_s: float = 300.0,
        max_failures_per_ip: int = 50,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.max_failures_per_ip = max_failures_per_ip
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, name: str, ip: str) -> int:
        """Seconds until this name may be tried again from this address; 0 when allowed now."""
        now = self._clock()
        with self._lock:
            waits = []
            for key, limit in (((name.lower(), ip), self.max_failures), (("", ip), self.max_failures_per_ip)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    waits.append(times[len(times) - limit] + self.window_s - now)
            return max(1, int(max(waits) + 0.999)) if waits else 0

    def record_failure(self, name: str, ip: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > 10_000:  # drop stale keys so a spray cannot grow memory forever
                for key in list(self._failures):
                    self._recent(key, now)
            for key in ((name.lower(), ip), ("", ip)):
                self._failures.setdefault(key, deque()).append(now)

    def reset(self, name: str, ip: str) -> None:
        with self._lock:
            self._failures.pop((name.lower(), ip), None)


# -- the per-request database connection and the signed-in user --------------------------

REQUEST_CACHE_KIB = 16 * 1024
_thread_dbs = threading.local()


def request_db() -> sqlite_utils.Database:
    """The serving thread's own connection, reused from request to request.

    SQLite connections must not be shared across threads' transactions, so each thread has
    its own; reusing it keeps its page cache warm. A connection opened per request started
    cold every time, and under load (benchmarks/review_load.py) re-reading the alert and
    article pages made a filtered queue page several times slower.
    """
    if "db" not in g:
        path = current_app.config["DEFWATCH_DB"]
        dbs: dict[str, sqlite_utils.Database] = getattr(_thread_dbs, "by_path", None) or {}
        _thread_dbs.by_path = dbs
        db = dbs.get(path)
        if db is None:
            db = dbs[path] = connect(path)
            db.execute(f"PRAGMA cache_size = -{REQUEST_CACHE_KIB}")
        g.db = db
    db_: sqlite_utils.Database = g.db
    return db_


def close_request_db(_exc: BaseException | None = None) -> None:
    """Leave the connection idle for the thread's next request: no transaction may outlive one."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


def current_user() -> User:
    user: User = g.user
    return user


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def _check_csrf() -> None:
    expected = session.get("csrf")
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    if not expected or not hmac.compare_digest(str(expected), sent):
        abort(403, description="The form's security token was missing or out of date. "
                               "Reload the page and try again.")


def safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect to another host."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ord(c) < 0x20 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def _login_redirect() -> ResponseReturnValue:
    target = request.full_path.rstrip("?") if request.query_string else request.path
    return redirect(url_for("auth.login", next=target))


def _before_request() -> ResponseReturnValue | None:
    if request.endpoint not in PUBLIC_ENDPOINTS:
        name = session.get("user")
        user = find_user(request_db(), name) if name else None
        if user is None or user.disabled or session.get("pwf") != _fingerprint(user.password_hash):
            if name:
                session.clear()
            return _login_redirect()
        g.user = user
    if request.method in UNSAFE_METHODS:
        _check_csrf()
    return None


def admin_required(view: F) -> F:
    """Admin-only pages: 403 for reviewers (they are signed in, just not allowed)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user().role != "admin":
            abort(403, description="This page is for administrators.")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


# -- sign in and out ---------------------------------------------------------------------

bp = Blueprint("auth", __name__)


def _limiter() -> LoginLimiter:
    limiter: LoginLimiter = current_app.extensions["defwatch_login_limiter"]
    return limiter


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        if session.get("user"):
            return redirect(next_url)
        csrf_token()
        return render_template("login.html", next=next_url, error=None, name="")
    name = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    ip = request.remote_addr or "unknown"
    wait = _limiter().retry_after(name, ip)
    if wait:
        minutes = max(1, (wait + 59) // 60)
        log.warning("login_throttled user=%r ip=%s retry_after=%s", name, ip, wait)
        error = (f"Too many failed sign-ins for this account from your address. "
                 f"Try again in {minutes} minute{'s' if minutes != 1 else ''}.")
        body = render_template("login.html", next=next_url, error=error, name=name)
        return body, 429, {"Retry-After": str(wait)}
    db = request_db()
    user = find_user(db, name) if name else None
    ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    if user is None or user.disabled or not ok:
        _limiter().record_failure(name, ip)
        log.warning("login_failed user=%r ip=%s", name, ip)
        body = render_template("login.html", next=next_url, error="Wrong name or password.", name=name)
        return body, 401
    _limiter().reset(name, ip)
    password_hash = user.password_hash
    if needs_rehash(password_hash):
        password_hash = hash_password(password)
        set_password_hash(db, user.name, password_hash)
    record_audit(db, user.name, "user.login", f"user:{user.name}", {"ip": ip})
    session.clear()  # a fresh session (and CSRF token) at every sign-in: no fixation
    session.permanent = True
    session["user"] = user.name
    session["pwf"] = _fingerprint(password_hash)
    csrf_token()
    return redirect(next_url)


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    session.clear()
    return redirect(url_for("auth.login"))


def init_auth(app: Flask, limiter: LoginLimiter | None = None) -> None:
    app.extensions["defwatch_login_limiter"] = limiter or LoginLimiter()
    app.before_request(_before_request)
    app.teardown_appcontext(close_request_db)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.register_blueprint(bp)
