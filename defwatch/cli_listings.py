"""Listing and data commands: articles, alerts, cases, feeds, search, ingest, export."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.progress import Progress

from defwatch.context import AppContext
from defwatch.output import console, emit

pass_app = click.make_pass_decorator(AppContext)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def register(cli: click.Group) -> None:
    for command in (articles, alerts, cases, feeds, search, ingest, export):
        cli.add_command(command)


@click.command()
@click.option("--limit", type=int, default=None, help="At most this many, newest first.")
@json_option
@pass_app
def articles(app: AppContext, limit: int | None, as_json: bool) -> None:
    """Stored articles with their cluster, kind and score."""
    from storage.articles import list_articles

    rows = [
        {
            "id": a.id, "url": a.url, "canonical_url": a.canonical_url, "cluster_id": a.cluster_id,
            "outlet": a.outlet, "published_at": a.published_at, "kind": a.kind, "score": a.score,
            "title": a.title, "page_status": a.page_status,
        }
        for a in list_articles(app.db(), limit=limit)
    ]
    emit(rows, as_json, ["id", "cluster_id", "outlet", "published_at", "kind", "score", "title"], "articles")


@click.command()
@click.option("--status", type=click.Choice(["pending", "confirmed", "merged", "rejected", "all"]), default="pending")
@click.option("--limit", type=int, default=100)
@json_option
@pass_app
def alerts(app: AppContext, status: str, limit: int, as_json: bool) -> None:
    """Alerts, pending first by score (one per story, with how many outlets carried it)."""
    from storage.alerts import list_alerts

    rows = []
    for a in list_alerts(app.db(), status=None if status == "all" else status, limit=limit):
        row = asdict(a)
        row["names"] = [f.get("name") or "(unnamed)" for f in a.fields]
        rows.append(row)
    emit(rows, as_json, ["id", "status", "score", "kind", "copies", "outlet", "names", "title"], "alerts")


@click.command()
@click.option("--status", default="confirmed", help="confirmed (default), withdrawn or all.")
@json_option
@pass_app
def cases(app: AppContext, status: str, as_json: bool) -> None:
    """Confirmed cases: one row per individual defector."""
    from storage.cases import list_cases

    rows = [asdict(c) for c in list_cases(app.db(), status=None if status == "all" else status)]
    emit(
        rows, as_json,
        ["id", "name_or_alias", "age", "gender", "nationality", "group_name", "reasons", "now_in", "first_reported_at",
         "articles"],
        "cases",
    )


@click.group(invoke_without_command=True)
@json_option
@click.pass_context
def feeds(ctx: click.Context, as_json: bool) -> None:
    """Sources and their health: status, last success, last error, errors in a row, next poll."""
    if ctx.invoked_subcommand is not None:
        return
    from storage.feeds import list_feeds

    app: AppContext = ctx.obj
    rows = [asdict(f) for f in list_feeds(app.db(sync=True))]
    emit(
        rows, as_json,
        ["name", "kind", "status", "last_ok_at", "consecutive_errors", "last_error", "next_poll_at", "entries_seen"],
        "feeds",
    )


@click.command()
@click.argument("query")
@click.option("--limit", type=int, default=50)
@json_option
@pass_app
def search(app: AppContext, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over article titles and text."""
    from storage.articles import search_articles

    rows = [
        {"id": a.id, "url": a.url, "outlet": a.outlet, "published_at": a.published_at, "kind": a.kind,
         "title": a.title, "snippet": snippet}
        for a, snippet in search_articles(app.db(), query, limit=limit)
    ]
    emit(rows, as_json, ["id", "outlet", "published_at", "kind", "title", "snippet"], "matches")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def ingest(app: AppContext, file: Path) -> None:
    """Import articles from JSONL through the same dedupe → judge → alert path as crawled ones."""
    from alerts.judge import judge_pending
    from storage.articles import NewArticle, add_article

    db = app.db()
    lines = file.read_text(encoding="utf-8").splitlines()
    stored = duplicates = known = 0
    with Progress(console=console, transient=True, disable=app.verbosity < 0) as progress:
        task = progress.add_task("ingesting", total=len(lines))
        for number, line in enumerate(lines, start=1):
            progress.advance(task)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                url = record.get("url") or f"urn:defwatch:ingest:{file.name}:{record['id']}"
                new = NewArticle(
                    url=url, title=record.get("title") or "", text=record["text"], outlet=record.get("outlet"),
                    published_at=record.get("published"), language=record.get("lang"), source="ingest",
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise click.ClickException(
                    f"{file}:{number}: {exc}; each line needs a JSON object with 'id' and 'text' "
                    f"({stored} articles before it were stored; run again to continue)"
                ) from exc
            result = add_article(db, new)
            stored += result.created
            known += not result.created
            duplicates += result.created and result.duplicate_of is not None
    judged = judge_pending(db, app.config.watch)
    console.print(
        f"{stored} stored ({duplicates} copies of stories already held), {known} already known; "
        f"{judged.judged} judged, {judged.alerts_raised} alerts raised",
        highlight=False,
    )


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="json")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-", help="File (default: stdout).")
@pass_app
def export(app: AppContext, fmt: str, output: str) -> None:
    """Confirmed cases with the URLs of their articles."""
    from storage.articles import get_article
    from storage.cases import get_case_article_ids, list_cases

    db = app.db()
    rows: list[dict[str, Any]] = []
    for case in list_cases(db):
        row = asdict(case)
        row["article_urls"] = [get_article(db, i).url for i in get_case_article_ids(db, case.id)]
        rows.append(row)
    stream = sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        if fmt == "json":
            json.dump(rows, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        else:
            columns = ["id", "name_or_alias", "age", "gender", "nationality", "group_name", "reasons", "now_in",
                       "first_reported_at", "article_urls"]
            writer = csv.writer(stream)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_csv_cell(row[c]) for c in columns])
    finally:
        if stream is not sys.stdout:
            stream.close()


def _csv_cell(value: Any) -> str:
    """Lists joined; a leading =, +, - or @ neutralised so spreadsheets never run scraped text as a formula."""
    text = "; ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
