"""Reviewer accounts. Hashing happens in the caller; this module only stores."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from storage.db import utcnow, write_lock
from storage.errors import NotFoundError, StorageError

ROLES = ("reviewer", "admin")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    password_hash: str
    disabled: bool
    created_at: str


def _user(row: dict) -> User:
    return User(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        password_hash=row["password_hash"],
        disabled=bool(row["disabled"]),
        created_at=row["created_at"],
    )


def add_user(db: sqlite_utils.Database, name: str, role: str, password_hash: str) -> User:
    """Create a user, or reset the role and password of an existing one (and re-enable it)."""
    if role not in ROLES:
        raise StorageError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    with write_lock(db):
        db.execute(
            "INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, 0, ?) "
            "ON CONFLICT(name) DO UPDATE SET role = excluded.role, "
            "password_hash = excluded.password_hash, disabled = 0",
            [name, role, password_hash, utcnow()],
        )
    return get_user(db, name)


def get_user(db: sqlite_utils.Database, name: str) -> User:
    rows = list(db.query("SELECT * FROM users WHERE name = ?", [name]))
    if not rows:
        raise NotFoundError(f"no user named {name!r}; add one with `defwatch users add {name}`")
    return _user(rows[0])


def find_user(db: sqlite_utils.Database, name: str) -> User | None:
    rows = list(db.query("SELECT * FROM users WHERE name = ?", [name]))
    return _user(rows[0]) if rows else None


def list_users(db: sqlite_utils.Database) -> list[User]:
    return [_user(r) for r in db.query("SELECT * FROM users ORDER BY name")]


def disable_user(db: sqlite_utils.Database, name: str) -> User:
    get_user(db, name)
    with write_lock(db):
        db.execute("UPDATE users SET disabled = 1 WHERE name = ?", [name])
    return get_user(db, name)


def set_password_hash(db: sqlite_utils.Database, name: str, password_hash: str) -> None:
    """Used to upgrade a hash whose parameters are out of date (argon2 check_needs_rehash)."""
    with write_lock(db):
        db.execute("UPDATE users SET password_hash = ? WHERE name = ?", [password_hash, name])
