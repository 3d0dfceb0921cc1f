"""`defwatch run`: the long-running daemon.

Each collection cycle runs as a fresh `defwatch poll` subprocess: Twisted's reactor
cannot be restarted in one process, a hung crawl can be killed without killing the
daemon, and memory is returned to the system after every cycle. The scheduler only
decides when; the database says what is due, so a restart continues where it stopped.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from defwatch.context import AppContext

log = logging.getLogger("defwatch.daemon")

STOP_GRACE_S = 6.0
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
        self.app.db(sync=True)
        log.info("event=daemon_start db=%s config=%s pid=%s", self.app.db_path, self.app.loaded.path, os.getpid())
        if once:
            self.poll_cycle()
            self.digest_job()
            return
        scheduler = BackgroundScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}, timezone="UTC"
        )
        scheduler.add_listener(self._job_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        schedule = self.app.config.schedule
        digest = self.app.config.digest
        scheduler.add_job(self.poll_cycle, IntervalTrigger(seconds=schedule.tick), id="poll", next_run_time=datetime.now(UTC))
        scheduler.add_job(
            self.digest_job,
            CronTrigger(**digest.cron_kwargs()),
            id="digest",
        )
        # A week missed while the daemon was down is sent at start.
        scheduler.add_job(self.digest_job, id="digest-catch-up", next_run_time=datetime.now(UTC) + timedelta(seconds=5))
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
        from storage.articles import count_articles
        from storage.feeds import get_due_feeds

        if self.stopping.is_set():
            return
        db = self.app.db()
        due = get_due_feeds(db)
        if not due and not count_articles(db)["unjudged"]:
            return
        command = [
            sys.executable, "-m", "defwatch", "--db", self.app.db_path, "--config", self.app.config_path, "-q", "poll",
        ]
        timeout = self.app.config.schedule.crawl_timeout
        log.info("event=cycle_start due=%d", len(due))
        started = datetime.now(UTC)
        with self.child_lock:
            if self.stopping.is_set():
                return
            self.child = subprocess.Popen(command, start_new_session=True)
        try:
            code = self.child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.error("event=cycle_killed reason=timeout timeout_s=%s", timeout)
            self._stop_child()
            return
        finally:
            with self.child_lock:
                self.child = None
        seconds = (datetime.now(UTC) - started).total_seconds()
        if code == 0:
            log.info("event=cycle_done seconds=%.1f", seconds)
        elif not self.stopping.is_set():
            log.error("event=cycle_failed exit_code=%s seconds=%.1f", code, seconds)

    def _stop_child(self) -> None:
        with self.child_lock:
            child = self.child
        if child is None or child.poll() is not None:
            return
        try:
            os.killpg(child.pid, signal.SIGTERM)
            child.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
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
        if not settings.is_due(now):
            return
        week = settings.week_to_send(now)
        today = now.date()
        existing = get_digest(self.app.db(), week)
        if existing is not None and existing.status == "sent":
            return
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
