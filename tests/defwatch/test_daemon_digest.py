"""The daemon's weekly digest: a week missed while it was down is sent at the next start, once.

The daemon runs as a real process; the mail goes to a real SMTP server (aiosmtpd) on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alerts.digest_config import DigestSettings
from storage.db import open_db
from storage.digests import get_digest
from tests.alerts.test_digest import SmtpServer
from tests.defwatch.test_daemon import Logged, start, stop, wait_for_line

# Monday 00:00 UTC has always passed by the time the test runs, so a week is due at once.
CONFIG = """
sources: []
schedule:
  tick: 1s
digest:
  weekday: mon
  time: "00:00"
  timezone: UTC
  recipients: [team@example.org]
  review_url: http://127.0.0.1:8080/
"""


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.controller.start()
    # the daemon subprocess inherits the environment: SMTP settings come only from there
    for name, value in {
        "DEFWATCH_SMTP_HOST": "127.0.0.1", "DEFWATCH_SMTP_PORT": str(server.port),
        "DEFWATCH_SMTP_SECURITY": "none", "DEFWATCH_SMTP_FROM": "defwatch@example.org",
    }.items():
        monkeypatch.setenv(name, value)
    yield server
    server.controller.stop()


@contextlib.contextmanager
def daemon(db_path: Path, config: Path) -> Iterator[Logged]:
    """`defwatch run` for the block; stopped with SIGTERM after it (it must exit 0), killed on failure."""
    process = start(db_path, config)
    try:
        yield process
        stop(process)
    finally:
        if process.poll() is None:
            process.kill()


def test_missed_week_is_sent_at_start_and_not_again_after_a_restart(tmp_path: Path, smtp: SmtpServer) -> None:
    config = tmp_path / "feeds.yml"
    config.write_text(CONFIG, encoding="utf-8")
    db_path = tmp_path / "d.db"
    week = DigestSettings(weekday="mon", time="00:00", timezone="UTC").due_week(datetime.now(UTC))

    with daemon(db_path, config) as first:
        wait_for_line(first, f"event=digest week={week}")
    assert len(smtp.handler.envelopes) == 1
    message = smtp.handler.messages()[0]
    assert message["To"] == "team@example.org" and week in message["Subject"]
    digest = get_digest(open_db(db_path), week)
    assert digest is not None and digest.status == "sent"

    with daemon(db_path, config) as second:
        wait_for_line(second, f"event=digest_skip week={week} reason=already_sent")
    assert len(smtp.handler.envelopes) == 1
