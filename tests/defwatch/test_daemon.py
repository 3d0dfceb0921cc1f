"""The daemon as a real process: one per database, and a prompt clean stop on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

CONFIG = """
sources: []
schedule:
  tick: 1s
digest:
  recipients: []
"""


def start(db: Path, config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(config), "-v", "run"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for_line(process: subprocess.Popen[str], needle: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    assert process.stderr is not None
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} not logged; got:\n{''.join(seen)}")


def test_second_daemon_refuses_and_sigterm_stops_quickly(tmp_path: Path) -> None:
    config = tmp_path / "feeds.yml"
    config.write_text(CONFIG, encoding="utf-8")
    db = tmp_path / "d.db"
    first = start(db, config)
    try:
        wait_for_line(first, "event=daemon_start")
        second = subprocess.run(
            [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(config), "run"],
            capture_output=True, text=True, timeout=60,
        )
        assert second.returncode != 0
        assert "already running" in second.stderr and "--db" in second.stderr
        started = time.monotonic()
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=10)
        assert time.monotonic() - started < 10
        assert first.returncode == 0
    finally:
        if first.poll() is None:
            first.kill()
