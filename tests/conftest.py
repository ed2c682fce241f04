"""Fixtures shared by many test modules.

`db_target` is the database a store test opens: a SQLite file in the test's folder, and again
a fresh PostgreSQL schema when a server answers (`backends.py`); the `store` fixture opens it.

Hypothesis runs the same examples on every run of the suite (a suite that fails only now and
then is a bug of its own); `pytest --hypothesis-profile=explore` draws new ones to hunt for
fresh failures, which then become fixed examples or fixes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from backends import backends, fresh_schema, unreachable
from hypothesis import settings

from bot.store import Store
from rebound.bootstrap import open_store

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that opens `db_target` runs once per backend (`backends.py`)."""
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", backends(), scope="function")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a PostgreSQL server, the PostgreSQL-only tests (those asking for `pg_url`)
    are left out, as the PostgreSQL cases of the others are; one test says so."""
    if not any("pg_url" in getattr(item, "fixturenames", ()) for item in items):
        return
    if unreachable() is None:
        return
    dropped = [item for item in items if "pg_url" in getattr(item, "fixturenames", ())]
    items[:] = [item for item in items if item not in dropped]
    config.hook.pytest_deselected(items=dropped)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The one line that says the PostgreSQL cases were left out, and why."""
    reason = unreachable.cache_info().currsize and unreachable()
    if reason:
        terminalreporter.write_line(reason)


@pytest.fixture
def db_target(backend: str, tmp_path: Path) -> Iterator[Path | str]:
    """A fresh database for the test: a SQLite file in its folder, or (with the backend
    `postgres`) the URL of a new PostgreSQL schema, dropped afterwards."""
    if backend == "sqlite":
        yield tmp_path / "rebound.db"
        return
    with fresh_schema() as url:
        yield url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new PostgreSQL schema's URL, dropped after the test (PostgreSQL-only tests)."""
    with fresh_schema() as url:
        yield url


@pytest.fixture
async def store(db_target: Path | str) -> AsyncIterator[Store]:
    """A fresh, migrated database, on each backend (a module may define its own)."""
    opened = await open_store(db_target)
    try:
        yield opened
    finally:
        await opened.close()
