"""The `defwatch` command: a thin layer over the packages' functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from defwatch.config import ConfigError, config_given, load_config, resolve_paths
from defwatch.context import AppContext
from defwatch.logs import configure_logging
from defwatch.output import console, emit_object

if TYPE_CHECKING:
    from alerts.textmodel import SeedModel

pass_app = click.make_pass_decorator(AppContext)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", "db_path", metavar="PATH", help="SQLite database [env DEFWATCH_DB; default ./defwatch.db]"
)
@click.option(
    "--config", "config_path", metavar="PATH", help="feeds.yml [env DEFWATCH_CONFIG; default ./feeds.yml]"
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors in the log.")
@click.version_option("0.1.0", prog_name="defwatch")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, config_path: str | None, verbose: int, quiet: bool) -> None:
    """Watch news for public accounts of people who left militant groups."""
    verbosity = -1 if quiet else verbose
    configure_logging(verbosity)
    db, config = resolve_paths(db_path, config_path)
    ctx.obj = AppContext(db_path=db, config_path=config, verbosity=verbosity,
                         config_given=config_given(config_path))


@cli.command()
@pass_app
def init(app: AppContext) -> None:
    """Create or migrate the database and load the sources from feeds.yml (idempotent)."""
    from storage.feeds import sync_feeds

    db = app.db()
    changes = sync_feeds(db, app.config.feed_specs())
    console.print(
        f"database {app.db_path} ready; sources from {app.loaded.path}: "
        f"{changes['added']} added, {changes['updated']} updated, {changes['disabled']} disabled",
        highlight=False,
    )


@cli.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("check")
@pass_app
def config_check(app: AppContext) -> None:
    """Validate feeds.yml and say what is wrong, where."""
    try:
        loaded = load_config(app.config_path, fall_back_to_default=False)
    except ConfigError as exc:
        console.print(str(exc), style="red", highlight=False, markup=False)
        sys.exit(1)
    cfg = loaded.config
    console.print(
        f"{loaded.path} is valid: {len(cfg.sources)} sources, {len(cfg.watch.groups)} groups watched, "
        f"digest {cfg.digest.weekday} {cfg.digest.time} {cfg.digest.timezone} "
        f"to {len(cfg.digest.recipients)} recipients",
        highlight=False,
    )


@cli.command()
@click.option("--feed", "feeds", multiple=True, metavar="NAME", help="Only this source (repeatable).")
@click.option("--no-pages", is_flag=True, help="Store feed summaries without fetching article pages.")
@click.option("--proxy", hidden=True, help="Send every request through this HTTP proxy (used by the demo).")
@click.option("--json", "as_json", is_flag=True, help="Print the cycle's figures as JSON.")
@pass_app
def poll(app: AppContext, feeds: tuple[str, ...], no_pages: bool, proxy: str | None, as_json: bool) -> None:
    """One collection cycle now (due sources, or --feed ones), then judge new articles."""
    from storage.feeds import get_due_feeds, list_feeds, make_feeds_due

    db = app.db(sync=True)
    if feeds:
        known = {f.name for f in list_feeds(db, include_disabled=False)}
        unknown = sorted(set(feeds) - known)
        if unknown:
            raise click.ClickException(
                f"unknown or disabled source(s): {', '.join(unknown)}; see `defwatch feeds`"
            )
        make_feeds_due(db, list(feeds))
    due = len(get_due_feeds(db, names=list(feeds) or None))
    summary = polled_with_progress(app, list(feeds), not no_pages, proxy, due, show=not as_json)
    emit_object(summary, as_json=as_json)
    if summary["store_failures"]:
        _fail(
            f"{summary['store_failures']} batch(es) could not be written to the database"
            f" ({summary['entries_not_stored']} new entries); nothing of them was committed and their"
            " sources are polled again next cycle. Fix: check the database path and free disk space;"
            " another process may hold the write lock (see the log's event=store_failed)"
        )


def polled_with_progress(
    app: AppContext, feeds: list[str], fetch_pages: bool, proxy: str | None, due: int, show: bool = True
) -> dict[str, Any]:
    """One cycle with a progress bar over the due sources (on a terminal, unless quiet)."""
    from defwatch.collect import collect_and_judge

    with Progress(
        TextColumn("[bold]polling"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[last]}"),
        TimeElapsedColumn(), console=console, disable=app.verbosity < 0 or not show, transient=True,
    ) as progress:
        task = progress.add_task("poll", total=due, last="")

        def advance(name: str, ok: bool, new: int) -> None:
            progress.update(task, advance=1, last=f"{name}: {'ok' if ok else 'error'}, {new} new")

        return collect_and_judge(
            app.config, app.db(), app.db_path, feeds, fetch_pages, proxy,
            log_level="INFO" if app.verbosity > 0 else "ERROR", on_source=advance,
        )


@cli.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--eval", "eval_mode", is_flag=True, help="FILE is labelled (dev.jsonl format): print figures.")
@click.option("--json", "as_json", is_flag=True, help="With --eval: the figures as JSON.")
@click.option("--model", "model_file", type=click.Path(exists=True, dir_okay=False), metavar="PATH",
              help="Blend this reviewer model (from `model train`) with the rules [default: rules only].")
@click.option("--seed-model", "seed_file", type=click.Path(exists=True, dir_okay=False), metavar="PATH",
              help="Also flag what this seed model (from `model seed`) finds and the rules miss.")
@pass_app
def score(
    app: AppContext, file: TextIO, eval_mode: bool, as_json: bool, model_file: str | None,
    seed_file: str | None,
) -> None:
    """Score JSONL articles (stdin by default) and write JSONL; touches no database."""
    from alerts.score import score_record

    rules = app.config.watch
    seed = _load_seed(seed_file) if seed_file else None
    model = None
    if model_file:
        from pathlib import Path

        from alerts.model import ModelError, load_model

        try:
            model = load_model(Path(model_file))
        except ModelError as exc:
            raise click.ClickException(f"{exc}; train one with `defwatch model train`") from exc
    records = _read_jsonl(file, labelled=eval_mode)
    if eval_mode:
        from alerts.evaluate import evaluate, format_report

        result = evaluate(list(records), rules, model, seed)
        print(json.dumps(result, ensure_ascii=False) if as_json else format_report(result))
        return
    out = sys.stdout
    for record in records:
        scored = seed.score_record(record, rules, model) if seed else score_record(record, rules, model)
        out.write(json.dumps(scored, ensure_ascii=False) + "\n")
    out.flush()


def _load_seed(path: str) -> SeedModel:
    from alerts.textmodel import SeedModelError, load_seed_model

    try:
        return load_seed_model(Path(path))
    except SeedModelError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.group()
def model() -> None:
    """The reviewer-decision model blended with the rules."""


@model.command("train")
@click.option("--out", "out_path", metavar="PATH", help="Model file [default: DB.model.json].")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@pass_app
def model_train(app: AppContext, out_path: str | None, as_json: bool) -> None:
    """Train on confirmed vs rejected alerts and print cross-validated figures."""
    from pathlib import Path

    from alerts.model import ModelError, model_path_for, save_model, train_model
    from storage.judgements import get_decided_alerts

    decided = get_decided_alerts(app.db(existing=True))
    try:
        trained = train_model([(d.title, d.text, d.confirmed) for d in decided], app.config.watch)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    path = Path(out_path) if out_path else model_path_for(Path(app.db_path))
    dated = save_model(trained, path)
    result = {"model": str(path), "copy": str(dated), "version": trained.version,
              "trained_at": trained.trained_at, "examples": trained.examples, "confirmed": trained.positives,
              "rejected": trained.examples - trained.positives, "cv": trained.cv}
    if as_json:
        print(json.dumps(result))
        return
    cv = trained.cv
    console.print(f"trained {trained.version} on {trained.examples} decisions "
                  f"({trained.positives} confirmed); written to {path} (copy {dated})", highlight=False)
    for name in ("model", "rules_only"):
        f = cv[name]
        console.print(f"{cv['folds']}-fold cross-validated {name}: precision {f['precision']:.3f} "
                      f"recall {f['recall']:.3f} f1 {f['f1']:.3f} accuracy {f['accuracy']:.3f}",
                      highlight=False)


@model.command("seed")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_path", metavar="PATH", help="Model file [default: DB.seed-model.json].")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@pass_app
def model_seed(app: AppContext, files: tuple[str, ...], out_path: str | None, as_json: bool) -> None:
    """Train the seed model on labelled JSONL FILES and print its cross-validated figures.

    FILES are in the dev.jsonl format; each is one fold of the leave-one-set-out choice of the
    threshold, so give at least two."""
    from alerts.textmodel import SeedModelError, save_seed_model, seed_model_path_for, train_seed_model

    labelled = _labelled_sets([Path(f) for f in files])
    with Progress(
        TextColumn("[bold]leave-one-set-out"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"), TimeElapsedColumn(), console=console,
        disable=app.verbosity < 0 or as_json, transient=True,
    ) as progress:
        task = progress.add_task("folds", total=len(labelled), last="")

        def advance(name: str) -> None:
            progress.update(task, advance=1, last=f"{name} done")

        try:
            trained = train_seed_model(labelled, app.config.watch, on_fold=advance)
        except SeedModelError as exc:
            raise click.ClickException(str(exc)) from exc
    path = save_seed_model(trained, Path(out_path) if out_path else seed_model_path_for(Path(app.db_path)))
    result = {"model": str(path), "bytes": path.stat().st_size, "trained_at": trained.trained_at,
              "examples": trained.examples, "accounts": trained.positives, "sets": trained.sets,
              "threshold": trained.threshold, "coefficients": len(trained.coef), "cv": trained.cv}
    if as_json:
        print(json.dumps(result))
        return
    console.print(seed_table(trained.cv, trained.threshold))
    console.print(f"trained on {trained.examples} articles ({trained.positives} accounts) of "
                  f"{len(trained.sets)} sets; threshold {trained.threshold:.2f} (best pooled OR F1 "
                  f"with precision >= {trained.cv['precision_floor']:.2f}); written to {path} "
                  f"({path.stat().st_size / 1e6:.1f} MB)", highlight=False)
    reasons = trained.cv.get("reasons") or {}
    if reasons.get("keys"):
        console.print(f"reasons of {reasons['examples']} one-defector accounts, leave-one-set-out F1: "
                      f"lexicon {reasons['lexicon']['f1']}, lexicon with the model {reasons['model']['f1']} "
                      f"(learned: {', '.join(reasons['keys'])})", highlight=False)


def seed_table(cv: dict[str, Any], threshold: float) -> Any:
    """Per fold and pooled: rules, model alone and the OR-blend, precision / recall at the threshold."""
    from rich.table import Table

    table = Table(title=f"leave-one-set-out, t = {threshold:.2f}")
    table.add_column("held-out set")
    table.add_column("articles", justify="right")
    for name in ("rules", "model", "OR"):
        table.add_column(f"{name} P/R", justify="right")

    def cells(f: dict[str, Any]) -> list[str]:
        def pr(x: dict[str, Any]) -> str:
            return "/".join("n/a" if v is None else f"{v:.3f}" for v in (x["precision"], x["recall"]))

        return [str(f["articles"]), pr(f["rules"]), pr(f["model"]), pr(f["or"])]

    for name, f in cv["folds"].items():
        table.add_row(name, *cells(f))
    table.add_row("[bold]pooled", *cells(cv["pooled"]))
    return table


def _labelled_sets(paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """Each file's records under a unique name (its stem, its parent too when stems repeat)."""
    sets: dict[str, list[dict[str, Any]]] = {}
    for path in paths:
        name = path.stem if path.stem not in sets else f"{path.parent.name}/{path.stem}"
        try:
            with path.open(encoding="utf-8") as file:
                sets[name] = list(_read_jsonl(file, labelled=True))
        except click.ClickException as exc:
            raise click.ClickException(f"{path}: {exc.message}") from exc
        if not sets[name]:
            raise click.ClickException(f"{path}: no records; give labelled JSONL (dev.jsonl format)")
    return sets


LABELS = ("account", "aggregate", "negative")


def _read_jsonl(file: TextIO, labelled: bool = False) -> Any:
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise click.ClickException(
                f"line {number}: not JSON ({exc.msg}); one JSON object per line"
            ) from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise click.ClickException(
                f"line {number}: needs an object with a 'text' string (and 'id', 'title' to be useful)"
            )
        if labelled and record.get("label") not in LABELS:
            raise click.ClickException(
                f"line {number}: 'label' is {record.get('label')!r}; --eval needs one of {', '.join(LABELS)} "
                "on every record (the format of ../shared/eval/dev.jsonl)"
            )
        yield record


from defwatch import cli_listings, cli_people  # noqa: E402  (register their commands on `cli`)

cli_listings.register(cli)
cli_people.register(cli)


def main() -> None:
    """Run the command; failures of the environment (a locked database, a path that cannot be
    written, bytes that are not text) end with one line saying what to do, not a traceback."""
    import logging
    import sqlite3

    from storage.errors import is_locked

    try:
        cli(prog_name="defwatch")
    except sqlite3.OperationalError as exc:
        if not is_locked(exc):
            raise
        logging.getLogger(__name__).debug("event=database_locked", exc_info=True)
        _fail("the database is locked by another process (a long `defwatch ingest`, a backup?); "
              "try again when it has finished, or point --db at another database")
    except UnicodeDecodeError as exc:
        logging.getLogger(__name__).debug("event=not_text", exc_info=True)
        _fail(f"the input is not UTF-8 text ({exc.reason} at byte {exc.start}); give a UTF-8 file "
              "(decompress .gz files first)")
    except OSError as exc:
        logging.getLogger(__name__).debug("event=os_error", exc_info=True)
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"{where}{exc.strerror or exc}; check the path and its permissions, or choose another")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)
