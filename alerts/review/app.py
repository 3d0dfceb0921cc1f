"""The reviewers' web UI: the queue, one alert, cases, users.

A thin layer over ``storage``: every page reads through the storage functions and every
decision is one of ``storage.decisions``' transactions. Scraped text is rendered through
``sanitize``; no page contains inline script or style, so the CSP can forbid both.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlite_utils
from flask import Flask, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from alerts.review import pages, sanitize
from alerts.review.auth import current_user, init_auth, request_db
from alerts.review.blueprint import bp
from storage import decisions
from storage.alerts import (
    STATUSES,
    Alert,
    AlertQuery,
    count_alerts_by_status,
    get_alert,
    list_alerts,
    next_pending_alert,
    query_alerts,
    search_snippets,
)
from storage.articles import fts_query, get_article, get_cluster
from storage.cases import get_case
from storage.db import open_db, write_lock
from storage.errors import ConflictError, NotFoundError
from storage.feeds import list_feeds

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
KINDS = ("account", "aggregate", "other")
PERSON_KEYS = ("name", "age", "gender", "nationality", "group", "reasons", "now_in")
PAGE_SIZE = 50  # a screenful or two; rendering rows is most of a queue page's cost



def load_or_create_secret(db_path: str | os.PathLike[str]) -> bytes:
    """The session key lives in ``<db>.secret`` (mode 0600), so sessions survive restarts."""
    path = Path(f"{db_path}.secret")
    if not path.exists():
        tmp = path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(64))
        try:
            os.link(tmp, path)  # atomic and refuses to overwrite: two starting processes agree
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    if path.stat().st_mode & 0o077:
        log.warning("secret_file_permissions path=%s fixed=0600", path)
        path.chmod(0o600)
    key = path.read_bytes()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds a key shorter than 32 bytes; delete it to generate a new one")
    return key


def create_app(
    db_path: str, secret_key: bytes | None = None, secure_cookies: bool = False, proxies: int = 0
) -> Flask:
    """The review app for one database (migrated here, once, before the first request).

    ``proxies``: how many reverse proxies stand in front; their X-Forwarded-For/-Proto/-Host
    headers are then trusted (the client address drives login rate limiting, the scheme
    and host the redirects). Left at 0, those headers are ignored, as a client could forge them.
    """
    open_db(db_path).conn.close()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or load_or_create_secret(db_path),
        DEFWATCH_DB=str(db_path),
        SESSION_COOKIE_NAME="defwatch_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    init_auth(app)
    pages.register()
    app.register_blueprint(bp)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ConflictError, _conflict)
    app.register_error_handler(NotFoundError, _not_found)
    app.register_error_handler(decisions.InvalidDecisionError, _invalid)
    app.jinja_env.filters["article_html"] = sanitize.render_article_text
    app.jinja_env.filters["snippet_html"] = sanitize.render_snippet
    app.jinja_env.filters["safe_url"] = sanitize.safe_url
    app.jinja_env.filters["clean_html"] = sanitize.clean_html
    return app


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    if request.endpoint != "static":  # pages name people: keep them out of every cache
        response.headers["Cache-Control"] = "no-store"
    return response


def _error_page(status: int, title: str, message: str, alert_id: int | None = None) -> ResponseReturnValue:
    page = render_template("error.html", status=status, title=title, message=message, alert_id=alert_id)
    return page, status


def _http_error(exc: HTTPException) -> ResponseReturnValue:
    if exc.code is None or exc.code < 400:
        return exc
    return _error_page(exc.code, exc.name, exc.description or "")


def _conflict(exc: ConflictError) -> ResponseReturnValue:
    alert_id = getattr(exc, "alert_id", None)
    return _error_page(409, "Someone else got there first", str(exc), alert_id)


def _not_found(exc: NotFoundError) -> ResponseReturnValue:
    return _error_page(404, "Not found", str(exc))


def _invalid(exc: decisions.InvalidDecisionError) -> ResponseReturnValue:
    return _error_page(400, "That decision cannot be made", str(exc))


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


def _date_arg(name: str) -> str:
    value = request.args.get(name, "").strip()
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""


def _score_arg(name: str) -> float | None:
    try:
        return float(request.args[name]) if request.args.get(name) else None
    except ValueError:
        return None


def _queue_filters() -> dict[str, Any]:
    """The queue's query string, cleaned: unknown values fall back to 'no filter'."""
    args = request.args
    status = args.get("status", "pending")
    kind = args.get("kind", "")
    try:
        page = max(1, int(args.get("page", "1")))
    except ValueError:
        page = 1
    return {
        "status": status if status in STATUSES else "pending",
        "kind": kind if kind in KINDS else "",
        "group": args.get("group", "").strip()[:100],
        "feed": args.get("feed", "").strip()[:100],
        "outlet": args.get("outlet", "").strip()[:100],
        "date_from": _date_arg("date_from"),
        "date_to": _date_arg("date_to"),
        "min_score": _score_arg("min_score"),
        "q": args.get("q", "").strip()[:200],
        "page": page,
    }


@bp.route("/")
def queue() -> ResponseReturnValue:
    db = request_db()
    filters = _queue_filters()
    query = AlertQuery(
        status=filters["status"], kind=filters["kind"], group=filters["group"], feed=filters["feed"],
        outlet=filters["outlet"], date_from=filters["date_from"], date_to=filters["date_to"],
        min_score=filters["min_score"], fts=fts_query(filters["q"]) if filters["q"] else "",
    )
    start = (filters["page"] - 1) * PAGE_SIZE
    links = {k: v for k, v in filters.items() if v not in ("", None) and k != "page"}
    filtered = any(k != "status" for k in links)
    counts = count_alerts_by_status(db)
    alerts, total = query_alerts(db, query, limit=PAGE_SIZE, offset=start, count=filtered)
    if total is None:  # unfiltered: the status count is the total, and costs nothing more
        total = counts[filters["status"]]
    snippets = search_snippets(db, query.fts, [a.article_id for a in alerts]) if filters["q"] else {}
    return render_template(
        "queue.html",
        alerts=alerts,
        total=total,
        more=total > start + PAGE_SIZE,
        snippets=snippets,
        counts=counts,
        filters=filters,
        links=links,
        filtered=filtered,
        kinds=KINDS,
        statuses=STATUSES,
        feeds=[f.name for f in list_feeds(db)],
        alert_href=url_for("review.alert_page", alert_id=0)[:-1],  # url_for per row cost 40% of the page
    )


@bp.route("/alerts/<int:alert_id>")
def alert_page(alert_id: int) -> ResponseReturnValue:
    db = request_db()
    alert = get_alert(db, alert_id)
    suggestions = []
    for suggestion in alert.suggested_cases:
        try:
            case = get_case(db, int(suggestion.get("case_id", 0)))
        except (NotFoundError, TypeError, ValueError):
            case = None
        suggestions.append({"suggestion": suggestion, "case": case})
    produced = decisions.alert_cases(db, alert_id)
    recorded = {c.person: c for c in produced if c.person is not None}
    return render_template(
        "alert.html",
        alert=alert,
        article=get_article(db, alert.article_id),
        copies=[a for a in get_cluster(db, alert.cluster_id) if a.id != alert.article_id],
        people=[*alert.fields, {}],  # one blank row to add a person the extraction missed
        suggestions=suggestions,
        case=get_case(db, alert.case_id) if alert.case_id else None,
        produced=produced,  # every case this alert produced, with the person each came from
        recorded=recorded,
        open_people=[i for i in range(len(alert.fields)) if i not in recorded],  # not yet cases
        can_add=alert.status in decisions.DECIDED,
        next_alert=next_pending_alert(db, alert),
        reject_reasons=decisions.REJECT_REASONS,
    )


def _form_version() -> int:
    try:
        return int(request.form["version"])
    except (KeyError, ValueError):
        abort(400, description="The form lacks the alert's version; reload the page and try again.")


def _form_people(existing: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """The edited people, and which of them each form row became (rows left blank are dropped).

    Keys the form does not show are kept, and keys the extraction did not have are only
    added when filled in, so an unedited form equals the stored fields.
    """
    try:
        count = min(int(request.form.get("people", "0")), 50)
    except ValueError:
        abort(400, description="Malformed fields form; reload the page and try again.")
    people: list[dict[str, Any]] = []
    rows: dict[int, int] = {}
    for i in range(count):
        person = dict(existing[i]) if i < len(existing) else {}
        edited = {key: request.form.get(f"p{i}.{key}", "").strip() for key in PERSON_KEYS}
        if not any(edited.values()):
            continue
        values: dict[str, Any] = {key: value or None for key, value in edited.items()}
        values["reasons"] = [r.strip() for r in edited["reasons"].split(",") if r.strip()]
        if edited["age"]:
            try:
                values["age"] = int(edited["age"])
            except ValueError:
                message = f"Age of person {i + 1} must be a whole number, not {edited['age']!r}."
                abort(400, description=message)
        if values["gender"] not in (None, "m", "f"):
            abort(400, description="Gender must be m, f or blank.")
        for key, value in values.items():
            if value or key in person:
                person[key] = value
        rows[i] = len(people)
        people.append(person)
    return people, rows


def _back(alert_id: int) -> ResponseReturnValue:
    return redirect(url_for("review.alert_page", alert_id=alert_id), code=303)


@bp.route("/alerts/<int:alert_id>/fields", methods=["POST"])
def save_fields(alert_id: int) -> ResponseReturnValue:
    db = request_db()
    people, _rows = _form_people(get_alert(db, alert_id).fields)
    decisions.update_alert_fields(db, alert_id, _form_version(), current_user().name, people)
    flash("Fields saved.")
    return _back(alert_id)


def _chosen_person(existing: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The edited people and the index, among them, of the person whose button was pressed."""
    people, rows = _form_people(existing)
    try:
        return people, rows[int(request.form.get("person", "0"))]
    except (ValueError, KeyError):
        abort(400, description="Choose which person this case is about (their fields must not be blank).")


def _save_edits(
    db: sqlite_utils.Database, alert: Alert, people: list[dict[str, Any]], version: int, reviewer: str
) -> int:
    """Save edited people before a decision on one of them (the caller's transaction); the new version."""
    if people == alert.fields:
        return version
    decisions.update_alert_fields(db, alert.id, version, reviewer, people)
    return version + 1


@bp.route("/alerts/<int:alert_id>/confirm", methods=["POST"])
def confirm(alert_id: int) -> ResponseReturnValue:
    """Save any edits and confirm in one transaction: both happen or neither does."""
    db = request_db()
    alert = get_alert(db, alert_id)
    people, index = _chosen_person(alert.fields)
    version = _form_version()
    reviewer = current_user().name
    with write_lock(db):
        version = _save_edits(db, alert, people, version, reviewer)
        case_id = decisions.confirm_alert_as_new_case(
            db, alert_id, version, reviewer, people[index], alert.published_at, person=index
        )
    flash(f"Confirmed as new case #{case_id}.")
    return _back(alert_id)


@bp.route("/alerts/<int:alert_id>/add-case", methods=["POST"])
def add_case(alert_id: int) -> ResponseReturnValue:
    """Another person of a confirmed or merged alert becomes a case; edits are saved with it."""
    db = request_db()
    alert = get_alert(db, alert_id)
    people, index = _chosen_person(alert.fields)
    version = _form_version()
    reviewer = current_user().name
    with write_lock(db):
        version = _save_edits(db, alert, people, version, reviewer)
        case_id = decisions.add_person_as_new_case(
            db, alert_id, version, reviewer, people[index], index, alert.published_at
        )
    flash(f"Person {index + 1} added as new case #{case_id}.")
    return _back(alert_id)


def _form_case_id() -> int:
    raw = request.form.get("case_id", "").strip().lstrip("#")
    if not raw.isdigit():
        abort(400, description="Give the number of the case to merge into.")
    return int(raw)


def _form_person() -> int:
    raw = request.form.get("person", "0").strip()
    if not raw.isdigit():
        abort(400, description="Choose which person of the article to merge.")
    return int(raw)


@bp.route("/alerts/<int:alert_id>/merge", methods=["POST"])
def merge(alert_id: int) -> ResponseReturnValue:
    case_id, person = _form_case_id(), _form_person()
    db = request_db()
    decisions.merge_alert_into_case(db, alert_id, _form_version(), current_user().name, case_id, person)
    flash(f"Merged into case #{case_id}.")
    return _back(alert_id)


@bp.route("/alerts/<int:alert_id>/merge-person", methods=["POST"])
def merge_person(alert_id: int) -> ResponseReturnValue:
    """Another person of a confirmed or merged alert is a known case: link the story to it too."""
    case_id, person = _form_case_id(), _form_person()
    db = request_db()
    decisions.merge_person_into_case(db, alert_id, _form_version(), current_user().name, case_id, person)
    flash(f"Person {person + 1} merged into case #{case_id}.")
    return _back(alert_id)


@bp.route("/alerts/<int:alert_id>/reject", methods=["POST"])
def reject(alert_id: int) -> ResponseReturnValue:
    db = request_db()
    decisions.reject_alert(
        db, alert_id, _form_version(), current_user().name,
        request.form.get("reason", ""), request.form.get("note") or None,
    )
    flash("Rejected.")
    return _back(alert_id)


@bp.route("/alerts/<int:alert_id>/undo", methods=["POST"])
def undo(alert_id: int) -> ResponseReturnValue:
    decisions.undo_decision(request_db(), alert_id, _form_version(), current_user().name)
    flash("Decision undone; the alert is back in the queue.")
    return _back(alert_id)


@bp.route("/api/alerts")
def api_alerts() -> ResponseReturnValue:
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        return jsonify(error=f"unknown status {status!r}; use one of {', '.join(STATUSES)}"), 400
    try:
        limit = min(max(int(request.args.get("limit", "100")), 1), 1000)
        offset = max(int(request.args.get("offset", "0")), 0)
    except ValueError:
        return jsonify(error="limit and offset must be whole numbers"), 400
    alerts = list_alerts(request_db(), status, limit=limit, offset=offset)
    return jsonify([asdict(a) for a in alerts])
