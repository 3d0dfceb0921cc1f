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
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many, newest first.")
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
        for a in list_articles(app.db(existing=True), limit=limit)
    ]
    emit(rows, as_json, ["id", "cluster_id", "outlet", "published_at", "kind", "score", "title"], "articles")


@click.command()
@click.option(
    "--status", type=click.Choice(["pending", "confirmed", "merged", "rejected", "all"]), default="pending"
)
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True)
@json_option
@pass_app
def alerts(app: AppContext, status: str, limit: int, as_json: bool) -> None:
    """Alerts, pending first by score (one per story, with how many outlets carried it)."""
    from storage.alerts import list_alerts

    rows = []
    for a in list_alerts(app.db(existing=True), status=None if status == "all" else status, limit=limit):
        row = asdict(a)
        row["names"] = [f.get("name") or "(unnamed)" for f in a.fields]
        rows.append(row)
    emit(rows, as_json, ["id", "status", "score", "kind", "copies", "outlet", "names", "title"], "alerts")


@click.command()
@click.option("--status", type=click.Choice(["confirmed", "withdrawn", "all"]), default="confirmed",
              show_default=True, help="Withdrawn: cases whose confirmation was undone.")
@json_option
@pass_app
def cases(app: AppContext, status: str, as_json: bool) -> None:
    """Confirmed cases: one row per individual defector."""
    from storage.cases import list_cases

    rows = [asdict(c) for c in list_cases(app.db(existing=True), status=None if status == "all" else status)]
    emit(
        rows, as_json,
        ["id", "name_or_alias", "age", "gender", "nationality", "group_name", "reasons", "now_in",
         "first_reported_at", "articles"],
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
    found = list_feeds(app.db(sync=True))
    if as_json:
        emit([asdict(f) for f in found], True, [])
        return
    columns = ["name", "kind", "status", "last success", "last error", "errors in a row", "next poll",
               "entries"]
    emit([_feed_row(f) for f in found], False, columns, "feeds")


def _feed_row(feed: Any) -> dict[str, Any]:
    """One feed as people read it: what a status means, when the last error happened, what is next."""
    status = {"new": "not polled yet"}.get(feed.status, feed.status)
    if not feed.enabled and feed.status != "disabled":
        status = "removed from feeds.yml"
    error = f"{_minute(feed.last_error_at)} {feed.last_error}" if feed.last_error else ""
    if not feed.enabled:
        next_poll = "never (disabled)"
    else:
        next_poll = _minute(feed.next_poll_at) if feed.next_poll_at else "next cycle"
    return {
        "name": feed.name, "kind": feed.kind, "status": status, "last success": _minute(feed.last_ok_at),
        "last error": error, "errors in a row": feed.consecutive_errors, "next poll": next_poll,
        "entries": feed.entries_seen,
    }


def _minute(stamp: str | None) -> str:
    """2026-11-22T10:15:42+00:00 -> 2026-11-22 10:15Z (times are UTC)."""
    return f"{stamp[:10]} {stamp[11:16]}Z" if stamp and len(stamp) >= 16 else (stamp or "")


@feeds.command("import-opml")
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Say what would be added; change nothing.")
@click.pass_obj
def feeds_import_opml(app: AppContext, file: Any, dry_run: bool) -> None:
    """Add an OPML file's feeds to feeds.yml (appended; comments kept; known URLs skipped)."""
    from datetime import UTC, datetime

    from defwatch.opml import OpmlError, import_opml, plan_import, read_opml

    path = Path(app.config_path)
    name = getattr(file, "name", "-")
    try:
        data = file.read()
        if dry_run:
            result = plan_import(app.config, read_opml(data))
        else:
            stamp = datetime.now(UTC).strftime("%Y-%m-%d")
            note = f"imported from {Path(name).name} by `defwatch feeds import-opml` on {stamp}"
            result = import_opml(path, data, note)
    except OpmlError as exc:
        raise click.ClickException(str(exc)) from exc
    if not result.added and not result.skipped:
        raise click.ClickException(
            f"{name} lists no feeds (no <outline> with an xmlUrl attribute); export a subscription "
            "list (OPML) from your reader and import that"
        )
    for feed, reason in result.skipped:
        click.echo(f"skipped {feed.url}: {reason}", err=True)
    verb = "would add" if dry_run else "added"
    console.print(
        f"{verb} {len(result.added)} sources to {path}, skipped {len(result.skipped)}"
        + ("" if dry_run or not result.added else "; they are polled from the next cycle"),
        highlight=False,
    )


@feeds.command("export-opml")
@click.pass_obj
def feeds_export_opml(app: AppContext) -> None:
    """Print the configured feeds as OPML 2.0 (listing pages and sitemaps are left out)."""
    from defwatch.opml import export_opml

    click.echo(export_opml(app.config), nl=False)


@click.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@json_option
@pass_app
def search(app: AppContext, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over article titles and text, best matches first.

    \b
    Every word must occur, in any order; words are stemmed ("defector" finds "defectors");
    a trailing * matches by prefix (defect*). Other characters, and AND, OR, NOT or quotes,
    are taken as plain words, so no query can fail on its syntax.
    """
    from storage.articles import search_articles

    if not query.strip():
        raise click.BadParameter("give at least one word to search for", param_hint="QUERY")

    rows = [
        {"id": a.id, "url": a.url, "outlet": a.outlet, "published_at": a.published_at, "kind": a.kind,
         "title": a.title, "snippet": snippet}
        for a, snippet in search_articles(app.db(existing=True), query, limit=limit)
    ]
    emit(rows, as_json, ["id", "outlet", "published_at", "kind", "title", "snippet"], "matches")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--batch-size", type=click.IntRange(1), default=2000,  # defwatch.ingest.BATCH_SIZE
              show_default=True, help="Articles stored per transaction.")
@json_option
@pass_app
def ingest(app: AppContext, file: Path, batch_size: int, as_json: bool) -> None:
    """Import articles from JSONL through the same dedupe → judge → alert path as crawled ones.

    FILE may be gzip-compressed (read as it is). Resumable: run it again after an interruption
    and it skips what is stored. Malformed lines are reported with their line numbers and
    skipped; the exit status is then 1.
    """
    from rich.progress import BarColumn, DownloadColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from defwatch.ingest import Malformed, ingest_file, summary_fields

    db = app.db()
    rules = app.config.watch

    def report(item: Malformed) -> None:
        click.echo(f"{file}:{item.line}: skipped: {item.reason}", err=True)

    with Progress(
        TextColumn("[bold]ingesting"), BarColumn(), DownloadColumn(), TimeElapsedColumn(),
        TimeRemainingColumn(), console=console, transient=True, disable=app.verbosity < 0 or as_json,
    ) as progress:
        task = progress.add_task("ingest", total=file.stat().st_size)
        summary = ingest_file(
            db, file, rules, batch_size=batch_size, on_malformed=report,
            on_progress=lambda done: progress.update(task, completed=done),
        )
    if as_json:
        print(json.dumps(summary_fields(summary), ensure_ascii=False))
    else:
        console.print(
            f"{summary.stored} stored ({summary.copies} copies of stories already held), "
            f"{summary.known} already known; {summary.judged} judged, {summary.alerts_raised} alerts raised"
            + (f"; {len(summary.malformed)} malformed lines skipped" if summary.malformed else ""),
            highlight=False,
        )
    if summary.malformed:
        sys.exit(1)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="json")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-", help="File (default: stdout).")
@pass_app
def export(app: AppContext, fmt: str, output: str) -> None:
    """Confirmed cases with the URLs of their articles."""
    from storage.articles import get_article
    from storage.cases import get_case_article_ids, list_cases

    db = app.db(existing=True)
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
            columns = ["id", "name_or_alias", "age", "gender", "nationality", "group_name", "reasons",
                       "now_in", "first_reported_at", "article_urls"]
            writer = csv.writer(stream)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_csv_cell(row[c]) for c in columns])
    finally:
        if stream is not sys.stdout:
            stream.close()


def _csv_cell(value: Any) -> str:
    """Lists joined; a leading =, +, - or @ neutralised: spreadsheets must never run scraped text."""
    text = "; ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
