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
    code, out = defwatch(tmp_path, "export", "--format", "json", "-o", target)
    assert code != 0 and "No such file or directory" in out and "choose another" in out
