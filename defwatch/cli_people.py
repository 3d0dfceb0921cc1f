"""Commands for people: reviewer accounts, the review UI, pace, the digest, the daemon, the demo."""

from __future__ import annotations

import os
import re
import socket
import sys
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from defwatch.context import AppContext
from defwatch.output import console, emit

pass_app = click.make_pass_decorator(AppContext)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def register(cli: click.Group) -> None:
    for command in (users, review, pace, digest, run, demo):
        cli.add_command(command)


# Names appear in the audit log and in URLs of the admin pages: keep them plain.
USER_NAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")


@click.group()
def users() -> None:
    """Reviewer accounts."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reviewer", "admin"]), default="reviewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.option("--reset", is_flag=True,
              help="The user exists: set this role and a new password, and enable the account again.")
@pass_app
def users_add(app: AppContext, name: str, role: str, password_stdin: bool, reset: bool) -> None:
    """Add a user (or, with --reset, change an existing user's role and password)."""
    from alerts.review.auth import hash_password
    from storage.audit import record_audit
    from storage.users import add_user, find_user

    if not USER_NAME.fullmatch(name):
        raise click.ClickException(
            f"{name!r} is not a user name; use 1-64 letters, digits, '.', '_', '-' or '@'"
        )
    existing = find_user(app.db(), name)
    if existing is not None and not reset:
        state = "disabled" if existing.disabled else "enabled"
        raise click.ClickException(
            f"user {name} already exists ({existing.role}, {state}); pass --reset to change its role and "
            "password (this enables it again)"
        )
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not sys.stdin.isatty():
        raise click.ClickException("no terminal to ask for the password; pipe it in with --password-stdin")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password.strip()) < 10:
        raise click.ClickException("the password must have at least 10 characters (spaces aside)")
    user = add_user(app.db(), name, role, hash_password(password))
    record_audit(
        app.db(), actor=f"cli:{_os_user()}", action="user.reset" if existing else "user.add",
        target=f"user:{name}", details={"role": role},
    )
    done = "reset and enabled" if existing else "added"
    console.print(f"user {user.name} ({user.role}) {done}", highlight=False)


@users.command("list")
@json_option
@pass_app
def users_list(app: AppContext, as_json: bool) -> None:
    """Accounts, without their password hashes."""
    from storage.users import list_users

    users = list_users(app.db(existing=True))
    rows = [{k: v for k, v in asdict(u).items() if k != "password_hash"} for u in users]
    emit(rows, as_json, ["name", "role", "disabled", "created_at"], "users")


@users.command("disable")
@click.argument("name")
@pass_app
def users_disable(app: AppContext, name: str) -> None:
    """Lock an account out (its sessions stop working at the next request)."""
    from storage.audit import record_audit
    from storage.errors import NotFoundError
    from storage.users import disable_user

    try:
        disable_user(app.db(existing=True), name)
    except NotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    record_audit(app.db(), actor=f"cli:{_os_user()}", action="user.disable", target=f"user:{name}")
    console.print(f"user {name} disabled", highlight=False)


def _os_user() -> str:
    try:
        return os.getlogin()
    except OSError:
        return str(os.getuid())


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free one).")
@click.option("--secure-cookies/--no-secure-cookies", default=False, help="Mark cookies Secure (HTTPS).")
@click.option("--proxies", default=0, show_default=True, type=click.IntRange(0, 5),
              help="Reverse proxies in front whose X-Forwarded-* headers to trust (docs/review.md).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Serving threads.")
@pass_app
def review(app: AppContext, host: str, port: int, secure_cookies: bool, proxies: int, threads: int) -> None:
    """The reviewers' web UI (docs/review.md: behind a reverse proxy with HTTPS)."""
    from storage.users import list_users

    if not any(not user.disabled for user in list_users(app.db(existing=True))):  # also migrates
        raise click.ClickException(
            "nobody could log in: there are no active accounts; add one with "
            "`defwatch users add NAME --role admin`"
        )
    server = listen_or_explain(app.db_path, host, port, threads=threads, secure_cookies=secure_cookies,
                               proxies=proxies)
    console.print(f"review UI on {server.url} (Ctrl-C to stop)", highlight=False)
    server.run()


@click.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Count cases from this date.")
@json_option
@pass_app
def pace(app: AppContext, since: datetime | None, as_json: bool) -> None:
    """Cases per month, the share in recent months, and whether the pace is rising."""
    import json

    from alerts.digest import pace_cases
    from alerts.pace import format_pace, pace_report
    from storage.cases import list_cases

    today = date.today()
    if since is not None and since.date() > today:
        raise click.BadParameter(f"{since.date()} is after today; count from a past date",
                                 param_hint="--since")
    cases = pace_cases(list_cases(app.db(existing=True)))
    report = pace_report(cases, today=today, since=since.date() if since else None)
    print(json.dumps(report, ensure_ascii=False, default=str) if as_json else format_pace(report))


def _iso_week_option(value: str | None) -> str | None:
    if value is None:
        return None
    match = re.fullmatch(r"(\d{4})-W(\d{2})", value.strip())
    if match is None:
        raise click.BadParameter(f"{value!r} is not an ISO week; write it like 2026-W47")
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the year's last week
        raise click.BadParameter(f"{year} has ISO weeks 01 to {weeks}; {value!r} is not one of them") \
            from None
    return value.strip()


def _addresses(values: tuple[str, ...]) -> tuple[str, ...]:
    """Refuse a typo before an SMTP server does, after the week has been claimed as sent; the same
    rule as digest.recipients in feeds.yml."""
    from alerts.digest_config import is_plain_email

    for value in values:
        if not is_plain_email(value.strip()):
            raise click.BadParameter(
                f"{value!r} is not an email address the digest can send to; write a plain one like "
                "name@example.org"
            )
    return tuple(value.strip() for value in values)


@click.command()
@click.option(
    "--preview", type=click.Path(dir_okay=False), help="Write PATH.eml and PATH.html; send nothing."
)
@click.option("--send", "send", is_flag=True, help="Send now (resends the week if it was already sent).")
@click.option(
    "--week", callback=lambda _ctx, _param, value: _iso_week_option(value),
    help="ISO week like 2026-W47 (default: the last complete week, the one the schedule reports).",
)
@click.option("--to", "to", multiple=True, callback=lambda _ctx, _param, value: _addresses(value),
              help="Recipient instead of digest.recipients (repeatable).")
@pass_app
def digest(app: AppContext, preview: str | None, send: bool, week: str | None, to: tuple[str, ...]) -> None:
    """The weekly digest email (SMTP settings from DEFWATCH_SMTP_* variables)."""
    from alerts import digest as mail

    if not preview and not send:
        raise click.UsageError("say what to do: --preview PATH or --send")
    settings = app.config.digest
    week = week or settings.due_week(datetime.now(UTC))
    db = app.db(existing=True)
    if preview:
        data = mail.gather_digest_data(db, week, date.today())
        message = mail.compose_digest(data, week, settings.review_url)
        paths = mail.write_preview(message, Path(preview))
        console.print("digest preview written: " + ", ".join(str(p) for p in paths), highlight=False)
    if send:
        recipients = list(to) or list(settings.recipients)
        if not recipients:
            raise click.ClickException(
                "no recipients: set digest.recipients in feeds.yml or pass --to ADDRESS"
            )
        try:
            smtp = mail.SmtpSettings.from_env(os.environ)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        try:
            result = mail.send_weekly_digest(
                db, week, smtp, recipients, settings.review_url, date.today(),
                claimant=f"cli@{socket.gethostname()}", force=True,
            )
        except mail.DigestError as exc:
            raise click.ClickException(f"{exc}; check the DEFWATCH_SMTP_* settings and try again") from exc
        console.print(f"digest {week}: {result}", highlight=False)


@click.command()
@click.option("--once", is_flag=True, help="Run one scheduling tick and exit (for cron).")
@pass_app
def run(app: AppContext, once: bool) -> None:
    """The daemon: poll due sources, judge, send the weekly digest. Stops cleanly on SIGTERM."""
    from defwatch.daemon import Daemon

    Daemon(app).run(once=once)


@click.command()
@click.option("--data-dir", type=click.Path(file_okay=False), default="demo-data", show_default=True)
@click.option("--serve/--no-serve", default=True, help="Serve the review UI after the run.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Review UI port (0: any free one).")
def demo(data_dir: str, serve: bool, port: int) -> None:
    """The embedded default: sample news site on 127.0.0.1, whole pipeline, review UI, digest preview."""
    from defwatch.demo import run_demo

    run_demo(Path(data_dir), serve=serve, port=port, now=datetime.now(UTC))


def listen_or_explain(db_path: str, host: str, port: int, **options: Any) -> Any:
    """The review server bound to host:port, or an error saying why it cannot be and what to do."""
    from alerts.review.server import ReviewServer

    try:
        return ReviewServer(db_path, host, port, **options)
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise click.ClickException(
            f"cannot listen on {host}:{port} ({why}); pass a free --port (0 picks one) and a --host "
            "address of this machine"
        ) from exc
