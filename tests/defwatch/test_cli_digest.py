"""`defwatch digest` and `defwatch pace` as a user runs them, mail going to a real SMTP server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from storage.db import open_db
from storage.digests import get_digest
from tests.alerts.test_digest import SmtpServer, db_path, smtp  # noqa: F401 (fixtures)

CONFIG = """
sources: []
digest:
  recipients: [team@example.org]
  review_url: http://127.0.0.1:8080/
"""


def defwatch(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    config = db.parent / "feeds.yml"
    config.write_text(CONFIG, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "defwatch", "--db", str(db), "--config", str(config), *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )


def smtp_env(server: SmtpServer) -> dict[str, str]:
    return {
        "DEFWATCH_SMTP_HOST": "127.0.0.1", "DEFWATCH_SMTP_PORT": str(server.port),
        "DEFWATCH_SMTP_SECURITY": "none", "DEFWATCH_SMTP_FROM": "defwatch@example.org",
    }


def test_send_a_given_week_to_an_override_address_and_resend_on_purpose(
    db_path: Path, smtp: SmtpServer  # noqa: F811
) -> None:
    args = ("digest", "--send", "--week", "2026-W13", "--to", "analyst@example.org")
    first = defwatch(db_path, *args, env=smtp_env(smtp))
    assert first.returncode == 0, first.stderr
    again = defwatch(db_path, *args, env=smtp_env(smtp))
    assert again.returncode == 0, again.stderr
    messages = smtp.handler.messages()
    assert len(messages) == 2  # --send resends on purpose
    assert {m["To"] for m in messages} == {"analyst@example.org"}
    assert "2026-W13" in messages[0]["Subject"]
    digest = get_digest(open_db(db_path), "2026-W13")
    assert digest is not None and digest.status == "sent" and digest.recipients == ["analyst@example.org"]


REPO_FEEDS = Path(__file__).resolve().parents[2] / "feeds.yml"


def test_send_without_smtp_settings_names_the_variable(db_path: Path) -> None:  # noqa: F811
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEFWATCH_SMTP")}
    result = subprocess.run(
        [sys.executable, "-m", "defwatch", "--db", str(db_path), "--config", str(REPO_FEEDS),
         "digest", "--send", "--to", "a@example.org"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode != 0
    assert "DEFWATCH_SMTP_HOST" in result.stderr and "Traceback" not in result.stderr


def test_bad_week_is_refused_with_the_expected_form(db_path: Path) -> None:  # noqa: F811
    result = defwatch(db_path, "digest", "--preview", str(db_path.parent / "p"), "--week", "2026-47")
    assert result.returncode == 2 and "like 2026-W47" in result.stderr
    result = defwatch(db_path, "digest", "--preview", str(db_path.parent / "p"), "--week", "2025-W53")
    assert result.returncode == 2 and "2025 has ISO weeks 01 to 52" in result.stderr


def test_pace_json(db_path: Path) -> None:  # noqa: F811
    result = defwatch(db_path, "pace", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["total"] == 3
