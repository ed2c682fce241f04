"""One PostgreSQL write transaction's statements (`bot.store.port.Transaction`).

The connection runs in autocommit mode and the transaction is ours: `BEGIN` goes before its
first statement (a write that runs none never begins), statements queued with
`execute_later` go before the next one, and `COMMIT` (or `ROLLBACK`) is sent by `PgDatabase`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from bot.errors import ReboundError
from bot.models import Rejection
from bot.store.port import Params, Row, Step
from bot.store.postgres.sql import PgRow, storage_error, translate

_LOCK = ("SELECT pg_advisory_xact_lock(hashtext(CAST(current_schema() AS TEXT)),"
         " hashtext(CAST(? AS TEXT)))")
"""Wait for, then hold until the transaction ends, the lock named by the parameter, in this
schema (several Rebound databases, or test runs, can share one PostgreSQL database)."""


class PgTx:
    """The statements of one write transaction; only valid inside `PgDatabase.write()`."""

    def __init__(self, conn: psycopg.AsyncConnection[PgRow],
                 trace: Callable[[str], None]) -> None:
        self._conn: psycopg.AsyncConnection[PgRow] | None = conn
        self._trace = trace
        self._begun = False
        self._later: list[tuple[Sequence[tuple[str, Sequence[Params]]],
                                Callable[[list[int]], None] | None]] = []
        self.seen: dict[int, Rejection] = {}
        """As `bot.store.tx.Tx.seen`."""

    @property
    def begun(self) -> bool:
        """Whether `BEGIN` was sent."""
        return self._begun

    def end(self) -> None:
        """The transaction is over: any later statement raises instead of running."""
        self._conn = None

    def _live(self) -> psycopg.AsyncConnection[PgRow]:
        if self._conn is None:
            raise ReboundError("this write transaction is already over")
        return self._conn

    async def _cursor(self, sql: str, params: Params) -> psycopg.AsyncCursor[PgRow]:
        conn = await self._ready()
        self._trace(sql)
        try:
            return await conn.execute(translate(sql), params)
        except psycopg.Error as exc:
            raise storage_error(exc) from exc

    async def _ready(self) -> psycopg.AsyncConnection[PgRow]:
        """The connection, after `BEGIN` if nothing ran yet and after what is queued."""
        conn = self._live()
        try:
            if not self._begun:
                self._begun = True
                self._trace("BEGIN")
                await conn.execute("BEGIN")
            while self._later:
                statements, then = self._later.pop(0)
                counts = await self._run_all(conn, statements)
                if then is not None:
                    then(counts)
        except psycopg.Error as exc:
            raise storage_error(exc) from exc
        return conn

    async def _run_all(self, conn: psycopg.AsyncConnection[PgRow],
                       statements: Sequence[tuple[str, Sequence[Params]]]) -> list[int]:
        counts: list[int] = []
        for sql, rows in statements:
            if not rows:
                counts.append(0)
                continue
            self._trace(sql)
            async with conn.cursor() as cursor:
                await cursor.executemany(translate(sql), rows)
                counts.append(max(cursor.rowcount, 0))
        return counts

    def execute_later(self, sql: str, params: Params = ()) -> None:
        """Queue a write whose outcome no one reads; it goes before the next statement or
        the COMMIT, and its error, if any, fails that."""
        self._live()
        self.seen.clear()
        self._later.append((((sql, [params]),), None))

    def execute_all_later(self, statements: Sequence[tuple[str, Sequence[Params]]], *,
                          then: Callable[[list[int]], None]) -> None:
        """`execute_all`, queued as `execute_later` is; `then` hears the counts."""
        self._live()
        self.seen.clear()
        self._later.append((statements, then))

    async def rollback_to(self, savepoint: str) -> None:
        """Undo what was written since `savepoint` and release it; what was queued since is
        dropped unsent."""
        self._later = []
        await self.execute(f"ROLLBACK TO {savepoint}")
        await self.execute(f"RELEASE {savepoint}")

    async def commit(self) -> None:
        """COMMIT, after what is queued; nothing to do when no statement ran nor is queued."""
        conn = self._live()
        if not self._begun and not self._later:
            return
        await self._ready()
        self._trace("COMMIT")
        try:
            await conn.execute("COMMIT")
        except psycopg.Error as exc:
            raise storage_error(exc) from exc

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        self.seen.clear()
        cursor = await self._cursor(sql, params)
        return max(cursor.rowcount, 0)

    async def insert(self, sql: str, params: Params = ()) -> int | None:
        """Run one `INSERT ... RETURNING id`; the new id, or None if nothing was inserted."""
        self.seen.clear()
        rows = await (await self._cursor(sql, params)).fetchall()
        return int(rows[0][0]) if rows else None

    async def executemany(self, sql: str, rows: Sequence[Params]) -> int:
        """Run one statement per parameter set; returns the total rows changed."""
        [count] = await self.execute_all([(sql, rows)])
        return count

    async def execute_all(self, statements: Sequence[tuple[str, Sequence[Params]]]
                          ) -> list[int]:
        """Run each (statement, parameter sets) in order; the rows each changed."""
        self.seen.clear()
        conn = await self._ready()
        try:
            return await self._run_all(conn, statements)
        except psycopg.Error as exc:
            raise storage_error(exc) from exc

    async def steps(self, steps: Sequence[Step]) -> list[Any]:
        """Run `steps` in order (see `Step`); each one's result in a list."""
        self.seen.clear()
        results: list[Any] = []
        for step in steps:
            params = step.params(results) if callable(step.params) else step.params
            cursor = await self._cursor(step.sql, params)
            if step.kind == "execute":
                results.append(max(cursor.rowcount, 0))
            elif step.kind == "insert":
                rows = await cursor.fetchall()
                results.append(int(rows[0][0]) if rows else None)
            else:
                results.append(await cursor.fetchall())
        return results

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query (or a statement with RETURNING) and fetch every row."""
        if sql.lstrip()[:6].upper() != "SELECT":
            self.seen.clear()
        cursor = await self._cursor(sql, params)
        try:
            return list(await cursor.fetchall())
        except psycopg.Error as exc:
            raise storage_error(exc) from exc

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, if any."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def serialize(self, name: str) -> None:
        """Make this transaction the only one doing `name` until it ends (a transaction-level
        advisory lock): for read-then-write work whose row may not exist yet."""
        await self._cursor(_LOCK, (name,))

    async def raw(self, sql: str) -> None:
        """Run `sql` as it is, no placeholders (a migration's DDL, a function body)."""
        conn = await self._ready()
        self._trace(sql)
        try:
            await conn.execute(sql.encode())
        except psycopg.Error as exc:
            raise storage_error(exc) from exc
