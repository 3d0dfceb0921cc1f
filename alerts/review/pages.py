"""Pages beside the queue: the case list (and its CSV), one case, the pace chart, admin pages.

Routes hang on the shared ``review`` blueprint when this module is imported; ``register``
exists so ``create_app`` names the dependency instead of importing for a side effect.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from alerts import pace
from alerts.digest import pace_cases, render_chart_png
from alerts.review.auth import admin_required, current_user, request_db
from alerts.review.blueprint import bp
from storage.articles import get_article
from storage.cases import (
    CASE_FIELDS,
    Case,
    CaseQuery,
    case_history,
    get_case,
    get_case_article_ids,
    list_cases,
    query_cases,
    update_case_fields,
)
from storage.decisions import case_values
from storage.feeds import list_feeds
from storage.users import list_users

CASE_STATUSES = ("confirmed", "withdrawn", "all")
CSV_COLUMNS = ("id", *CASE_FIELDS, "first_reported_at", "status", "created_by", "created_at", "articles")


def register() -> None:
    """Nothing to do at call time: importing this module attached the routes to ``bp``."""


def _date_arg(name: str) -> str:
    value = request.args.get(name, "").strip()
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""


def _case_filters() -> dict[str, str]:
    status = request.args.get("status", "confirmed")
    return {
        "status": status if status in CASE_STATUSES else "confirmed",
        "q": request.args.get("q", "").strip()[:100],
        "group": request.args.get("group", "").strip()[:100],
        "nationality": request.args.get("nationality", "").strip()[:100],
        "date_from": _date_arg("date_from"),
        "date_to": _date_arg("date_to"),
    }


def _filtered_cases(filters: dict[str, str]) -> list[Case]:
    query = CaseQuery(
        status=None if filters["status"] == "all" else filters["status"], text=filters["q"],
        group=filters["group"], nationality=filters["nationality"],
        date_from=filters["date_from"], date_to=filters["date_to"],
    )
    return query_cases(request_db(), query)


@bp.route("/cases")
def cases() -> ResponseReturnValue:
    filters = _case_filters()
    links = {k: v for k, v in filters.items() if v}
    return render_template(
        "cases.html", cases=_filtered_cases(filters), filters=filters, links=links, statuses=CASE_STATUSES
    )


def _csv_cell(value: object) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: scraped names must not."""
    text = ", ".join(value) if isinstance(value, list) else "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.route("/cases.csv")
def cases_csv() -> ResponseReturnValue:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for case in _filtered_cases(_case_filters()):
        writer.writerow([_csv_cell(getattr(case, column)) for column in CSV_COLUMNS])
    return Response(
        buffer.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=defwatch-cases-{date.today()}.csv"},
    )


@bp.route("/cases/<int:case_id>")
def case_page(case_id: int) -> ResponseReturnValue:
    db = request_db()
    case = get_case(db, case_id)
    articles = [get_article(db, a) for a in get_case_article_ids(db, case_id)]
    articles.sort(key=lambda a: (a.published_at or a.fetched_at, a.id))
    return render_template("case.html", case=case, articles=articles, history=case_history(db, case_id))


@bp.route("/cases/<int:case_id>/fields", methods=["POST"])
def case_fields(case_id: int) -> ResponseReturnValue:
    try:
        version = int(request.form["version"])
    except (KeyError, ValueError):
        abort(400, description="The form lacks the case's version; reload the page and try again.")
    keys = {"name_or_alias", "age", "gender", "nationality", "group_name", "reasons", "now_in"}
    values = case_values({k: request.form.get(k, "") for k in keys})
    if values["gender"] not in (None, "m", "f"):
        abort(400, description="Gender must be m, f or blank.")
    update_case_fields(request_db(), case_id, version, current_user().name, values)
    flash("Case fields saved.")
    return redirect(url_for("review.case_page", case_id=case_id), code=303)


@bp.route("/pace")
def pace_page() -> ResponseReturnValue:
    cases = pace_cases(list_cases(request_db(), "confirmed"))
    today = date.today()
    return render_template(
        "pace.html",
        statement=pace.share_statement(cases, today),
        trend=pace.pace_trend(cases, today),
        monthly=pace.monthly_counts(cases, today)[-24:],
        total=len(cases),
    )


@bp.route("/pace.png")
def pace_png() -> ResponseReturnValue:
    cases = pace_cases(list_cases(request_db(), "confirmed"))
    monthly = pace.monthly_counts(cases, date.today())[-36:]
    png = render_chart_png([(p.period, p.count) for p in monthly])
    return Response(png, mimetype="image/png")


@bp.route("/admin/users")
@admin_required
def users() -> ResponseReturnValue:
    return render_template("users.html", users=list_users(request_db()))


@bp.route("/admin/feeds")
@admin_required
def feeds() -> ResponseReturnValue:
    rows = list_feeds(request_db())
    order = {"error": 0, "disabled": 1, "new": 2, "ok": 3}
    rows.sort(key=lambda f: (order.get(f.status, 2), -f.consecutive_errors, f.name))
    return render_template("feeds.html", feeds=rows)
