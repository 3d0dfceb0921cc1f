"""The reviewers' web UI: the queue, one alert, cases, users.

A thin layer over ``storage``: every page reads through the storage functions and every
decision is one of ``storage.decisions``' transactions. Scraped text is rendered through
``sanitize``; no page contains inline script or style, so the CSP can forbid both.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from alerts.review import sanitize
from alerts.review.auth import admin_required, current_user, init_auth, request_db
from storage import decisions
from storage.alerts import STATUSES, count_alerts_by_status, get_alert, list_alerts
from storage.articles import get_article, get_cluster, search_articles
from storage.cases import get_case, get_case_article_ids, list_cases
from storage.db import open_db, write_lock
from storage.errors import ConflictError, NotFoundError
from storage.users import list_users

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
PAGE_SIZE = 100
QUEUE_WINDOW = 2000  # alerts read per queue page before the kind/score/search filters apply

bp = Blueprint("review", __name__)


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


def create_app(db_path: str, secret_key: bytes | None = None, secure_cookies: bool = False) -> Flask:
    """The review app for one database (migrated here, once, before the first request)."""
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
    app.register_blueprint(bp)
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


def _queue_filters() -> dict[str, Any]:
    args = request.args
    status = args.get("status", "pending")
    kind = args.get("kind", "")
    try:
        min_score = float(args["min_score"]) if args.get("min_score") else None
    except ValueError:
        min_score = None
    try:
        page = max(1, int(args.get("page", "1")))
    except ValueError:
        page = 1
    return {
        "status": status if status in STATUSES else "pending",
        "kind": kind if kind in KINDS else "",
        "min_score": min_score,
        "q": args.get("q", "").strip()[:200],
        "page": page,
    }


@bp.route("/")
def queue() -> ResponseReturnValue:
    db = request_db()
    filters = _queue_filters()
    alerts = list_alerts(db, filters["status"], limit=QUEUE_WINDOW)
    if filters["kind"]:
        alerts = [a for a in alerts if a.kind == filters["kind"]]
    if filters["min_score"] is not None:
        alerts = [a for a in alerts if a.score >= filters["min_score"]]
    snippets: dict[int, str] = {}
    if filters["q"]:
        for article, snippet in search_articles(db, filters["q"], limit=500):
            snippets.setdefault(article.cluster_id or article.id, snippet)
        alerts = [a for a in alerts if a.cluster_id in snippets]
    start = (filters["page"] - 1) * PAGE_SIZE
    return render_template(
        "queue.html",
        alerts=alerts[start:start + PAGE_SIZE],
        total=len(alerts),
        more=len(alerts) > start + PAGE_SIZE,
        snippets=snippets,
        counts=count_alerts_by_status(db),
        filters=filters,
        kinds=KINDS,
        statuses=STATUSES,
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
    upcoming = [a for a in list_alerts(db, "pending", limit=2) if a.id != alert_id]
    return render_template(
        "alert.html",
        alert=alert,
        article=get_article(db, alert.article_id),
        copies=[a for a in get_cluster(db, alert.cluster_id) if a.id != alert.article_id],
        people=[*alert.fields, {}],  # one blank row to add a person the extraction missed
        suggestions=suggestions,
        case=get_case(db, alert.case_id) if alert.case_id else None,
        next_alert=upcoming[0] if upcoming else None,
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


@bp.route("/alerts/<int:alert_id>/confirm", methods=["POST"])
def confirm(alert_id: int) -> ResponseReturnValue:
    """Save any edits and confirm in one transaction: both happen or neither does."""
    db = request_db()
    alert = get_alert(db, alert_id)
    people, rows = _form_people(alert.fields)
    try:
        person = people[rows[int(request.form.get("person", "0"))]]
    except (ValueError, KeyError):
        abort(400, description="Choose which person this case is about (their fields must not be blank).")
    version = _form_version()
    reviewer = current_user().name
    with write_lock(db):
        if people != alert.fields:
            decisions.update_alert_fields(db, alert_id, version, reviewer, people)
            version += 1
        case_id = decisions.confirm_alert_as_new_case(
            db, alert_id, version, reviewer, person, alert.published_at
        )
    flash(f"Confirmed as new case #{case_id}.")
    return _back(alert_id)


@bp.route("/alerts/<int:alert_id>/merge", methods=["POST"])
def merge(alert_id: int) -> ResponseReturnValue:
    raw = request.form.get("case_id", "").strip().lstrip("#")
    if not raw.isdigit():
        abort(400, description="Give the number of the case to merge into.")
    db = request_db()
    decisions.merge_alert_into_case(db, alert_id, _form_version(), current_user().name, int(raw))
    flash(f"Merged into case #{raw}.")
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


@bp.route("/cases")
def cases() -> ResponseReturnValue:
    status = request.args.get("status", "confirmed")
    rows = list_cases(request_db(), None if status == "all" else status)
    return render_template("cases.html", cases=rows, status=status)


@bp.route("/cases/<int:case_id>")
def case_page(case_id: int) -> ResponseReturnValue:
    db = request_db()
    case = get_case(db, case_id)
    articles = [get_article(db, a) for a in get_case_article_ids(db, case_id)]
    articles.sort(key=lambda a: (a.published_at or a.fetched_at, a.id))
    return render_template("case.html", case=case, articles=articles)


@bp.route("/admin/users")
@admin_required
def users() -> ResponseReturnValue:
    return render_template("users.html", users=list_users(request_db()))


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
