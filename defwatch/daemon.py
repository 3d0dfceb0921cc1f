"""`defwatch run`: the long-running daemon.

Each collection cycle runs as a fresh `defwatch poll` subprocess: Twisted's reactor
cannot be restarted in one process, a hung crawl can be killed without killing the
daemon, and memory is returned to the system after every cycle. The scheduler only
decides when; the database says what is due, so a restart continues where it stopped.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from defwatch.config import ConfigError, load_config
from defwatch.context import AppContext
from storage.feeds import spread_first_polls, sync_feeds

log = logging.getLogger("defwatch.daemon")

# A cycle asked to stop gets this long to finish its writes (Scrapy closes its spiders, the
# pipeline commits its last batch) before it is killed; the daemon then exits well within 10 s.
STOP_GRACE_S = 5.0
# New sources, and sources found overdue at start, get their polls spread over this long at most.
FIRST_POLL_SPREAD_S = 600
DIGEST_RETRY_MAX_S = 3600.0


class AlreadyRunning(SystemExit):
    pass


class Daemon:
    def __init__(self, app: AppContext):
        self.app = app
        self.stopping = threading.Event()
        self.child: subprocess.Popen[bytes] | None = None
        self.child_lock = threading.Lock()
        self.digest_failures = 0
        self.cycles = 0
        self.config_mtime: int | None = None
        self._lock_file: IO[str] | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def acquire_lock(self) -> None:
        """One daemon per database: a second one exits with a clear message."""
        path = Path(self.app.db_path + ".daemon.lock")
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise AlreadyRunning(
                f"another defwatch daemon ({holder}) is already running on {self.app.db_path}; "
                "stop it first, or give this one its own --db"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}")
        handle.flush()
        self._lock_file = handle

    def run(self, once: bool = False) -> None:
        self.acquire_lock()
        db = self.app.db(sync=True)
        self.config_mtime = _mtime(self.app.config_path)
        log.info(
            "event=daemon_start db=%s config=%s pid=%s", self.app.db_path, self.app.loaded.path, os.getpid()
        )
        if once:  # from cron: poll what is due now (spreading would push it past this run)
            self.poll_cycle()
            self.digest_job()
            return
        # After a restart (or a long stop), feeds that fell due while we were down are spread over
        # the next minutes instead of all being polled in the first cycle.
        moved = spread_first_polls(db, datetime.now(UTC), FIRST_POLL_SPREAD_S, overdue_too=True)
        if moved:
            log.info("event=polls_spread feeds=%d within_s=%d", moved, FIRST_POLL_SPREAD_S)
        scheduler = BackgroundScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}, timezone="UTC"
        )
        scheduler.add_listener(self._job_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        # A cycle longer than a tick makes APScheduler warn at every tick that the job is still
        # running; that is expected here (the cycle has its own timeout), so it is not logged.
        logging.getLogger("apscheduler.scheduler").addFilter(_StillRunningFilter())
        schedule = self.app.config.schedule
        digest = self.app.config.digest
        now = datetime.now(UTC)
        scheduler.add_job(
            self.poll_cycle, IntervalTrigger(seconds=schedule.tick), id="poll", next_run_time=now
        )
        scheduler.add_job(self.digest_job, CronTrigger(**digest.cron_kwargs()), id="digest")
        # A week missed while the daemon was down is sent at start.
        scheduler.add_job(self.digest_job, id="digest-catch-up", next_run_time=now + timedelta(seconds=5))
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)
        scheduler.start()
        try:
            while not self.stopping.wait(1.0):
                pass
        finally:
            log.info("event=daemon_stopping")
            self._stop_child()
            scheduler.shutdown(wait=True)
            log.info("event=daemon_stopped")

    def _on_signal(self, signum: int, _frame: Any) -> None:
        log.info("event=signal signal=%s", signal.Signals(signum).name)
        self.stopping.set()
        threading.Thread(target=self._stop_child, daemon=True).start()

    def _job_event(self, event: JobExecutionEvent) -> None:
        if event.exception is not None:
            log.error("event=job_failed job=%s error=%r", event.job_id, event.exception)
        else:
            log.warning("event=job_missed job=%s scheduled=%s", event.job_id, event.scheduled_run_time)

    # -- collection --------------------------------------------------------------------------

    def poll_cycle(self) -> None:
        """Start a `defwatch poll` subprocess when a source is due or articles wait for judgement."""
        from storage.articles import get_unjudged_articles
        from storage.feeds import get_due_feeds

        if self.stopping.is_set():
            return
        self._follow_config()
        db = self.app.db()
        # New sources (added to feeds.yml, or by an OPML import) get first polls spread out too.
        spread_first_polls(db, datetime.now(UTC), FIRST_POLL_SPREAD_S)
        due = get_due_feeds(db)
        if not due and not get_unjudged_articles(db, limit=1):
            return
        verbosity = {-1: ["-q"], 0: [], 1: ["-v"]}.get(self.app.verbosity, ["-vv"])
        command = [
            sys.executable, "-m", "defwatch", "--db", self.app.db_path, "--config", self.app.config_path,
            *verbosity, "poll", "--json",
        ]
        timeout = self.app.config.schedule.crawl_timeout
        self.cycles += 1
        log.info("event=cycle_start cycle=%d due=%d", self.cycles, len(due))
        started = time.monotonic()
        with self.child_lock:
            if self.stopping.is_set():
                return
            # Its own process group, so a kill reaches everything it started; its logs go to ours.
            self.child = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE)
        child = self.child
        try:
            out, _ = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.error("event=cycle_killed cycle=%d reason=timeout timeout_s=%s", self.cycles, timeout)
            self._stop_child()
            return
        finally:
            with self.child_lock:
                self.child = None
        seconds = time.monotonic() - started
        figures = _last_json_line(out)
        if figures.get("store_failures"):
            log.error(
                "event=cycle_not_stored cycle=%d batches=%s entries=%s fix=%r", self.cycles,
                figures["store_failures"], figures.get("entries_not_stored"),
                "check the database path and disk space; another process may hold the write lock",
            )
        if child.returncode == 0:
            log.info(
                "event=cycle_done cycle=%d seconds=%.1f polled=%s failed=%s new=%s stored=%s judged=%s"
                " alerts=%s daemon_rss_mb=%.1f",
                self.cycles, seconds, figures.get("sources_polled"), figures.get("sources_failed"),
                figures.get("new_entries"), figures.get("articles_stored"), figures.get("articles_judged"),
                figures.get("alerts_raised"), _rss_mb(),
            )
        elif not self.stopping.is_set():
            log.error(
                "event=cycle_failed cycle=%d exit_code=%s seconds=%.1f",
                self.cycles, child.returncode, seconds,
            )

    def _follow_config(self) -> None:
        """Pick up edits to feeds.yml (sources added, removed, changed) without a restart.

        An invalid file is logged and ignored: the daemon goes on with what it had. Schedule
        and digest settings are read at start only.
        """
        mtime = _mtime(self.app.config_path)
        if mtime == self.config_mtime:
            return
        self.config_mtime = mtime
        try:
            loaded = load_config(self.app.config_path, fall_back_to_default=False)
        except ConfigError as exc:
            log.error("event=config_invalid path=%s error=%r", self.app.config_path, str(exc))
            return
        self.app._config = loaded
        changes = sync_feeds(self.app.db(), loaded.config.feed_specs())
        log.info("event=config_reloaded path=%s %s", self.app.config_path,
                 " ".join(f"{k}={v}" for k, v in changes.items()))

    def _stop_child(self) -> None:
        with self.child_lock:
            child = self.child
        if child is None or child.poll() is not None:
            return
        try:
            os.killpg(child.pid, signal.SIGTERM)
            child.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            log.warning("event=cycle_forced_stop pid=%d after_s=%.0f", child.pid, STOP_GRACE_S)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        except ProcessLookupError:
            pass

    # -- digest ------------------------------------------------------------------------------

    def digest_job(self) -> None:
        """Send this week's digest once it is due; failures retry with backoff."""
        from alerts import digest as mail
        from storage.digests import get_digest

        settings = self.app.config.digest
        if not settings.recipients:
            return
        now = datetime.now(UTC)
        week = settings.due_week(now)
        today = now.date()
        existing = get_digest(self.app.db(), week)
        if existing is not None and existing.status == "sent":
            log.info("event=digest_skip week=%s reason=already_sent", week)
            return
        self._log_older_missed_weeks(week)
        try:
            smtp = mail.SmtpSettings.from_env(os.environ)
        except ValueError as exc:
            log.error("event=digest_not_configured error=%r", str(exc))
            return
        try:
            result = mail.send_weekly_digest(
                self.app.db(), week, smtp, list(settings.recipients), settings.review_url, today,
                claimant=f"daemon:{socket.gethostname()}:{os.getpid()}",
            )
            self.digest_failures = 0
            log.info("event=digest week=%s result=%s", week, result)
        except Exception as exc:  # any SMTP or network failure: record, retry later
            self.digest_failures += 1
            delay = min(60.0 * 2 ** (self.digest_failures - 1), DIGEST_RETRY_MAX_S)
            log.error("event=digest_failed week=%s error=%r retry_in_s=%.0f", week, str(exc), delay)
            if not self.stopping.is_set():
                timer = threading.Timer(delay, self.digest_job)
                timer.daemon = True
                timer.start()


    def _log_older_missed_weeks(self, week: str) -> None:
        """Weeks missed before the one being sent are named, not mailed in a burst of stale digests."""
        from alerts.digest_config import weeks_between
        from storage.digests import last_sent_week

        last = last_sent_week(self.app.db())
        if last is None or last >= week:
            return
        missed = weeks_between(last, week)
        if missed:
            log.warning(
                "event=digest_weeks_missed weeks=%s fix=%r",
                ",".join(missed), f"defwatch digest --send --week {missed[0]}",
            )


class _StillRunningFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in record.getMessage()


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _last_json_line(out: bytes | None) -> dict[str, Any]:
    """The figures `defwatch poll --json` printed last; {} when there are none."""
    for line in reversed((out or b"").decode("utf-8", "replace").splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return {}


def _rss_mb() -> float:
    """The daemon's resident memory now (logged with every cycle: it must stay flat for months)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0
