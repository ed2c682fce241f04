"""One write transaction's statements, apart from the database that opens it (so a migration
written in Python can name its type without importing the database)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import aiosqlite

from bot.errors import ReboundError
from bot.models import Rejection

Params: TypeAlias = Sequence[Any] | Mapping[str, Any]


class Tx:
    """The statements of one write transaction; only valid inside `Database.write()`."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn: aiosqlite.Connection | None = conn
        self.seen: dict[int, Rejection] = {}
        """The rejections this transaction read since it last wrote, by id (an identity
        map): what a message's handler read after its change, the re-planning reads again
        without a query. Every statement that may write empties it."""

    def _live(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise ReboundError("this write transaction is already over")
        if not self._conn.in_transaction:
            # SQLite ended it on its own (a full disk, say): a statement now would commit
            # alone, outside the unit it belongs to.
            raise ReboundError("this write transaction was rolled back by SQLite")
        return self._conn

    def end(self) -> None:
        """The transaction is over (only `Database.write` says so): any later statement
        raises instead of running outside it."""
        self._conn = None

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        self.seen.clear()
        cursor = await self._live().execute(sql, params)
        return cursor.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int | None:
        """Run one INSERT; returns the new rowid, or None if it inserted nothing."""
        self.seen.clear()
        cursor = await self._live().execute(sql, params)
        return cursor.lastrowid if cursor.rowcount > 0 else None

    async def executemany(self, sql: str, rows: Sequence[Params]) -> int:
        """Run one statement per parameter set; returns the total rows changed."""
        self.seen.clear()
        cursor = await self._live().executemany(sql, rows)
        return cursor.rowcount

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Run a query (or a statement with RETURNING) and fetch every row."""
        if sql.lstrip()[:6].upper() != "SELECT":
            self.seen.clear()
        return list(await self._live().execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """Run a query and return its first row, if any (add LIMIT 1 to large queries)."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None
