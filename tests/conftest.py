"""Fixtures shared by many test modules.

Hypothesis runs the same examples on every run of the suite (a suite that fails only now and
then is a bug of its own); `pytest --hypothesis-profile=explore` draws new ones to hunt for
fresh failures, which then become fixed examples or fixes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import settings

from bot.store import Store
from rebound.bootstrap import open_store

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh, migrated database in the test's own folder (a module may define its own)."""
    opened = await open_store(tmp_path / "rebound.db")
    try:
        yield opened
    finally:
        await opened.close()
