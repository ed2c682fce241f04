"""Persistence on SQLite (aiosqlite): the `Store` the coach uses and the `Database` beneath it."""

from __future__ import annotations

from bot.store.db import Database
from bot.store.migrations import LATEST_VERSION, MIGRATIONS, Migration
from bot.store.store import Store
from bot.store.tx import Tx

__all__ = ["LATEST_VERSION", "MIGRATIONS", "Database", "Migration", "Store", "Tx"]
