"""Which database a `REBOUND_DB` value names, and opening it: a SQLite file (a path, or
`sqlite:///path`) or a PostgreSQL server (`postgresql://...`)."""

from __future__ import annotations

from pathlib import Path

from bot.errors import UserError
from bot.store.db import BUSY_TIMEOUT_MS, Database
from bot.store.port import Storage

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite://"

Target = Path | str
"""A SQLite file's path, or a PostgreSQL URL (a str starting with `postgresql://`)."""


def is_postgres(target: Target) -> bool:
    """Whether `target` is a PostgreSQL URL."""
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


def parse_target(raw: str) -> Target:
    """A `--db` / `REBOUND_DB` value as a target: a PostgreSQL URL stays as it is; a file
    path, or `sqlite:///abs/path` (`sqlite://` then the path), becomes an absolute Path."""
    text = raw.strip()
    if text.startswith(POSTGRES_SCHEMES):
        return text
    if text.startswith(SQLITE_SCHEME):
        text = text[len(SQLITE_SCHEME):]
        if not text:
            raise UserError("sqlite:// needs a file after it, like sqlite:///var/lib/rebound/"
                            "rebound.db.")
    elif "://" in text:
        scheme = text.split("://", 1)[0]
        raise UserError(f"Rebound can't use a {scheme}:// database. Give a file path (or "
                        "sqlite:///path/to/rebound.db) for SQLite, or a postgresql://user@host"
                        "/dbname URL for PostgreSQL.")
    return Path(text).expanduser().absolute()


async def open_database(target: Target, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Storage:
    """Open (creating and migrating as needed) the database `target` names."""
    if is_postgres(target):
        from bot.store.postgres.db import PgDatabase  # psycopg loads only when it is used

        return await PgDatabase.open(str(target))
    return await Database.open(target, busy_timeout_ms=busy_timeout_ms)
