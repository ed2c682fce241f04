"""The databases the store's tests run against: SQLite always, PostgreSQL when a server
answers at REBOUND_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).

Each PostgreSQL test gets a schema of its own, created before it and dropped after it. Without
a server the PostgreSQL cases are left out and one test (`test_postgres_backend.py`) skips
with one line naming the variable; with REBOUND_REQUIRE_POSTGRES=1 (CI) it fails instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from urllib.parse import quote

import psycopg

URL_VARIABLE = "REBOUND_TEST_POSTGRES_URL"
REQUIRE_VARIABLE = "REBOUND_REQUIRE_POSTGRES"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def server_url() -> str:
    return os.environ.get(URL_VARIABLE) or DEFAULT_URL


def required() -> bool:
    return os.environ.get(REQUIRE_VARIABLE, "") == "1"


@cache
def unreachable() -> str | None:
    """Why no PostgreSQL server answers (once per run), or None when one does."""
    try:
        with psycopg.connect(server_url(), connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return (f"no PostgreSQL server answers at {URL_VARIABLE}={server_url()} "
                f"({type(exc).__name__}); PostgreSQL tests left out")
    return None


def backends() -> list[str]:
    """The backends to run the store's tests on."""
    return ["sqlite"] if unreachable() else ["sqlite", "postgres"]


def with_schema(url: str, schema: str) -> str:
    """`url` with its connections' search path set to `schema`."""
    options = quote(f"-csearch_path={schema}")
    return f"{url}{'&' if '?' in url else '?'}options={options}"


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A new, empty schema on the test server, as a URL; dropped (with all in it) after."""
    schema = f"rebound_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"'.encode())
    try:
        yield with_schema(server_url(), schema)
    finally:
        with psycopg.connect(server_url(), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE'.encode())
