"""Bad input and a hostile environment give one clear line that names the fix, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def defwatch(tmp_path: Path, *args: str, stdin: bytes = b"", config: str | None = None) -> tuple[int, str]:
    """The real entry point (`python -m defwatch`), so main()'s own handling is what is tested."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEFWATCH_")}
    command = [sys.executable, "-m", "defwatch", "--db", str(tmp_path / "d.db")]
    if config is not None:
        command += ["--config", config]
    done = subprocess.run(
        [*command, *args], input=stdin, capture_output=True, cwd=tmp_path, env=env, timeout=120
    )
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert "Traceback" not in output, output
    return done.returncode, output


def test_a_config_that_is_a_directory_or_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    code, out = defwatch(tmp_path, "config", "check", config=str(tmp_path / "conf"))
    assert code != 0 and "is a directory; pass the feeds.yml file inside it" in out
    latin = tmp_path / "latin.yml"
    latin.write_bytes((ROOT / "feeds.yml").read_text(encoding="utf-8").encode("latin-1", "replace")
                      + "\n# Genève\n".encode("latin-1"))
    code, out = defwatch(tmp_path, "init", config=str(latin))
    assert code != 0 and "not UTF-8 text; save the file as UTF-8" in out


def test_a_named_config_that_does_not_exist_is_an_error_not_the_default(tmp_path: Path) -> None:
    code, out = defwatch(tmp_path, "init", config=str(tmp_path / "missing.yml"))
    assert code != 0 and "file not found" in out
    code, out = defwatch(tmp_path, "init")  # nothing named: the packaged default, as documented
    assert code == 0 and "<packaged default>" in out


def test_users_add_does_not_silently_reset_an_existing_user(tmp_path: Path) -> None:
    password = b"a long enough password\n"
    code, _ = defwatch(tmp_path, "users", "add", "bob", "--role", "admin", "--password-stdin", stdin=password)
    assert code == 0
    code, out = defwatch(tmp_path, "users", "add", "bob", "--password-stdin", stdin=password)
    assert code != 0 and "already exists (admin, enabled); pass --reset" in out
    code, out = defwatch(tmp_path, "users", "add", "bob", "--reset", "--password-stdin", stdin=password)
    assert code == 0 and "reset and enabled" in out
    code, out = defwatch(tmp_path, "users", "add", "a b<x>", "--password-stdin", stdin=password)
    assert code != 0 and "is not a user name" in out
    code, out = defwatch(tmp_path, "users", "add", "carol", "--password-stdin", stdin=b" " * 12 + b"\n")
    assert code != 0 and "at least 10 characters" in out


def test_review_port_out_of_range_or_taken(tmp_path: Path) -> None:
    code, out = defwatch(tmp_path, "review", "--port", "70000")
    assert code != 0 and "70000 is not in the range 0<=x<=65535" in out
    password = b"a long enough password\n"
    code, _ = defwatch(tmp_path, "users", "add", "ann", "--role", "admin", "--password-stdin", stdin=password)
    assert code == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out = defwatch(tmp_path, "review", "--port", str(port))
    assert code != 0 and f"cannot listen on 127.0.0.1:{port}" in out and "pass a free --port" in out


def test_score_eval_needs_labels_and_text_input(tmp_path: Path) -> None:
    code, out = defwatch(tmp_path, "score", "--eval", stdin=b'{"id": 1, "title": "t", "text": "x"}\n')
    assert code != 0 and "--eval needs one of account, aggregate, negative" in out
    code, out = defwatch(tmp_path, "score", stdin=b'{"id": 1, "text": 5}\n')
    assert code != 0 and "needs an object with a 'text' string" in out
    code, out = defwatch(tmp_path, "score", stdin=b"\x1f\x8b\x08\x00gzip")
    assert code != 0 and "not UTF-8 text" in out and "decompress" in out


def test_an_output_path_that_cannot_be_written(tmp_path: Path) -> None:
    target = str(tmp_path / "no" / "such" / "x.json")
    assert defwatch(tmp_path, "init")[0] == 0
    code, out = defwatch(tmp_path, "export", "--format", "json", "-o", target)
    assert code != 0 and "No such file or directory" in out and "choose another" in out


def test_reading_commands_refuse_a_database_that_does_not_exist(tmp_path: Path) -> None:
    """A mistyped --db must not answer "no alerts" from a fresh empty file (nor leave one behind)."""
    for command in (["alerts"], ["cases"], ["articles"], ["search", "defector"], ["pace"],
                    ["export"], ["users", "list"], ["review", "--port", "0"]):
        code, out = defwatch(tmp_path, *command)
        assert code != 0 and "no database at" in out and "defwatch init" in out, (command, out)
    assert not (tmp_path / "d.db").exists()


def test_review_with_no_active_account_says_how_to_add_one(tmp_path: Path) -> None:
    assert defwatch(tmp_path, "init")[0] == 0
    code, out = defwatch(tmp_path, "review", "--port", "0")
    assert code != 0 and "no active accounts" in out and "users add NAME --role admin" in out


def test_listing_options_are_checked(tmp_path: Path) -> None:
    assert defwatch(tmp_path, "init")[0] == 0
    code, out = defwatch(tmp_path, "cases", "--status", "bogus")
    assert code != 0 and "'confirmed', 'withdrawn', 'all'" in out
    code, out = defwatch(tmp_path, "alerts", "--limit", "-3")
    assert code != 0 and "--limit" in out
    code, out = defwatch(tmp_path, "search", "   ")
    assert code != 0 and "give at least one word" in out
    code, out = defwatch(tmp_path, "search", "OR", "--json")  # an operator word is a plain word
    assert code == 0 and out.strip() == "[]"
    code, out = defwatch(tmp_path, "digest", "--send", "--to", "bob")
    assert code != 0 and "'bob' is not an email address" in out


def test_an_empty_config_or_a_repeated_section_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yml"
    empty.write_text("\n# nothing here\n", encoding="utf-8")
    code, out = defwatch(tmp_path, "config", "check", config=str(empty))
    assert code != 0 and "the file is empty" in out
    repeated = tmp_path / "repeated.yml"
    repeated.write_text(
        "sources:\n  - name: a\n    url: https://example.org/a.xml\n"
        "sources:\n  - name: b\n    url: https://example.org/b.xml\n",
        encoding="utf-8",
    )
    code, out = defwatch(tmp_path, "config", "check", config=str(repeated))
    assert code != 0 and "line 4: 'sources' appears again (first at line 1)" in out


def test_ingest_reports_each_malformed_line_once(tmp_path: Path) -> None:
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"url": "https://a.example/1", "title": "t", "text": "some words"}\nnot json\n',
                     encoding="utf-8")
    code, out = defwatch(tmp_path, "ingest", str(lines))
    assert code == 1 and out.count(":2:") + out.count("line=2") == 1, out


def test_pace_since_a_future_date_is_refused(tmp_path: Path) -> None:
    assert defwatch(tmp_path, "init")[0] == 0
    code, out = defwatch(tmp_path, "pace", "--since", "2999-01-01")
    assert code != 0 and "is after today" in out


def test_an_opml_file_with_no_feeds_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.opml"
    empty.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>', encoding="utf-8")
    code, out = defwatch(tmp_path, "feeds", "import-opml", "--dry-run", str(empty),
                         config=str(ROOT / "feeds.yml"))
    assert code != 0 and "lists no feeds" in out
