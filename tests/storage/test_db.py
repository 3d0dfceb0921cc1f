from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import schema
from storage.db import open_db
from storage.errors import ForeignDatabaseError, SchemaTooNewError


def test_open_creates_migrates_and_marks_the_file(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    db = open_db(path)
    assert {"feeds", "articles", "alerts", "cases", "case_articles", "users", "audit", "digests"} <= set(
        db.table_names()
    )
    assert db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()
    again = open_db(path)  # idempotent
    assert again.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] >= 1


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ForeignDatabaseError, match="not a defwatch database"):
        open_db(path)


def test_non_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "text.db"
    path.write_text("hello, I am not a database" * 100)
    with pytest.raises(ForeignDatabaseError, match="not an SQLite database"):
        open_db(path)


def test_a_path_that_cannot_be_a_database_says_why(tmp_path: Path) -> None:
    with pytest.raises(ForeignDatabaseError, match="is a directory; point --db"):
        open_db(tmp_path)
    (tmp_path / "plain").write_text("a file, so nothing can be created under it")
    with pytest.raises(ForeignDatabaseError, match=r"cannot open .*unable to open database file.*folder"):
        open_db(tmp_path / "plain" / "d.db")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    db = open_db(path)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('defwatch', 'm999_future', 'x')"
    )
    db.close()
    with pytest.raises(SchemaTooNewError, match="newer defwatch"):
        open_db(path)
