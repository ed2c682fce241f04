"""`rebound doctor` with REBOUND_DB naming a PostgreSQL server: reachable, schema current (or
set up on first start), writable; never changing anything; the password never printed."""

from __future__ import annotations

import io

import pytest

from bot.errors import UserError
from bot.store import LATEST_VERSION
from bot.store.postgres.db import PgDatabase
from rebound.config import load_settings
from rebound.doctor import run_doctor
from rebound.settings import database_path


async def database_lines(url: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = await run_doctor(db=url, environ={}, out=out)
    return code, [line for line in out.getvalue().splitlines() if " database " in line]


async def test_an_empty_schema_is_fine_and_stays_empty(pg_url: str) -> None:
    code, lines = await database_lines(pg_url)
    assert code == 0
    assert len(lines) == 1 and lines[0].startswith("ok") and "set up on first start" in lines[0]
    async with await PgDatabase.open(pg_url, target=0) as db:
        assert await db.schema_version() == 0


async def test_a_current_schema_is_ok_and_a_newer_one_fails(pg_url: str) -> None:
    async with await PgDatabase.open(pg_url) as db:
        pass
    code, lines = await database_lines(pg_url)
    assert code == 0 and f"schema v{LATEST_VERSION}, current" in lines[0]
    async with await PgDatabase.open(pg_url) as db, db.write() as tx:
        await tx.execute("UPDATE rebound_schema SET version = ?", (LATEST_VERSION + 1,))
    code, lines = await database_lines(pg_url)
    assert code == 1 and lines[0].startswith("FAIL") and "newer Rebound" in lines[0]


async def test_a_server_that_does_not_answer_fails_without_the_password() -> None:
    code, lines = await database_lines("postgresql://rebound:s3cret@127.0.0.1:1/rebound")
    assert code == 1 and lines[0].startswith("FAIL") and "can't reach" in lines[0]
    assert "s3cret" not in lines[0] and "REBOUND_DB" in lines[0]


def test_rebound_db_takes_a_path_a_sqlite_url_or_a_postgres_url() -> None:
    assert str(database_path(None, {"REBOUND_DB": "sqlite:///var/lib/r.db"})) == "/var/lib/r.db"
    assert database_path("postgresql://u@h/db", {}) == "postgresql://u@h/db"
    assert str(database_path("/tmp/x.db", {})) == "/tmp/x.db"
    settings = load_settings({"REBOUND_DB": "postgres://u@db.invalid/rebound"})
    assert settings.db_path == "postgres://u@db.invalid/rebound"  # checked when opened


def test_a_database_url_of_another_kind_is_refused_naming_the_variable() -> None:
    with pytest.raises(UserError, match=r"^REBOUND_DB: .*mysql://.*postgresql://"):
        load_settings({"REBOUND_DB": "mysql://u@h/db"})
