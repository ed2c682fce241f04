"""Persistence on SQLite (aiosqlite) or PostgreSQL (psycopg): the `Store` the coach uses and the
`Storage` beneath it (`bot.store.port`)."""

from __future__ import annotations

from bot.store.db import Database
from bot.store.migrations import LATEST_VERSION, MIGRATIONS, Migration
from bot.store.port import Storage, Transaction
from bot.store.store import Store
from bot.store.tx import Tx

__all__ = ["LATEST_VERSION", "MIGRATIONS", "Database", "Migration", "Storage", "Store",
           "Transaction", "Tx"]
