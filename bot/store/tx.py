"""One SQLite write transaction's statements, apart from the database that opens it; it
implements `bot.store.port.Transaction`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import aiosqlite

from bot.errors import ReboundError
from bot.models import Rejection
from bot.store.errors import IntegrityViolation
from bot.store.port import Params, Row, Step

T = TypeVar("T")

BEGIN = "BEGIN IMMEDIATE"


async def on_thread(conn: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run `work` with the connection itself on its database thread: one round trip, however
    many statements it runs (a trip costs more than most of our statements). Each aiosqlite
    method is such a call (`_execute`); it has no public name for running our own, hence the
    pinned aiosqlite version."""
    raw = conn._conn  # ValueError once closed, as in aiosqlite's own calls
    return cast(T, await conn._execute(work, raw))  # type: ignore[no-untyped-call]


def _steps(raw: sqlite3.Connection, steps: Sequence[Step]) -> list[Any]:
    results: list[Any] = []
    for step in steps:
        params = step.params(results) if callable(step.params) else step.params
        cursor = raw.execute(step.sql, params)
        if step.kind == "execute":
            results.append(cursor.rowcount)
        elif step.kind == "insert":
            rows = cursor.fetchall()
            results.append(int(rows[0][0]) if rows else None)
        else:
            results.append(cursor.fetchall())
    return results


def _execute_all(raw: sqlite3.Connection,
                 statements: Sequence[tuple[str, Sequence[Params]]]) -> list[int]:
    return [raw.executemany(sql, rows).rowcount if rows else 0 for sql, rows in statements]


class Tx:
    """The statements of one write transaction; only valid inside `Database.write()`.

    Its `BEGIN IMMEDIATE` travels with its first statement, in one trip to the database
    thread; a transaction that runs no statement never begins (nor commits)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn: aiosqlite.Connection | None = conn
        self._begun = False
        self._later: list[tuple[Callable[[sqlite3.Connection], Any],
                                Callable[[Any], None] | None]] = []
        """Statements queued for the next trip (`execute_later`), each with what hears its
        result."""
        self.seen: dict[int, Rejection] = {}
        """The rejections this transaction read since it last wrote, by id (an identity
        map): what a message's handler read after its change, the re-planning reads again
        without a query. Every statement that may write empties it."""

    @property
    def begun(self) -> bool:
        """Whether `BEGIN IMMEDIATE` was sent (with the first statement)."""
        return self._begun

    def _live(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise ReboundError("this write transaction is already over")
        if self._begun and not self._conn.in_transaction:
            # SQLite ended it on its own (a full disk, say): a statement now would commit
            # alone, outside the unit it belongs to.
            raise ReboundError("this write transaction was rolled back by SQLite")
        return self._conn

    def end(self) -> None:
        """The transaction is over (only `Database.write` says so): any later statement
        raises instead of running outside it."""
        self._conn = None

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work` on the database thread, after `BEGIN IMMEDIATE` if this is the first trip
        and after the statements queued by `execute_later`."""
        return await self._send(self._live(), work)

    async def _send(self, conn: aiosqlite.Connection,
                    work: Callable[[sqlite3.Connection], T]) -> T:
        """`work` in one trip (see `_run`); a constraint's refusal as IntegrityViolation."""
        try:
            if self._begun and not self._later:
                return await on_thread(conn, work)
            begin, later = not self._begun, self._later
            # A failed BEGIN leaves no transaction: rolling back tolerates that.
            self._begun, self._later = True, []

            def first(raw: sqlite3.Connection) -> tuple[list[Any], T]:
                if begin:
                    raw.execute(BEGIN)
                results = [step(raw) for step, _ in later]
                return results, work(raw)

            results, value = await on_thread(conn, first)
        except sqlite3.IntegrityError as exc:
            raise IntegrityViolation(str(exc)) from exc
        for (_, then), result in zip(later, results, strict=True):
            if then is not None:
                then(result)
        return value

    def execute_later(self, sql: str, params: Params = ()) -> None:
        """Queue a write whose outcome no one reads (clearing a row): it travels with the
        transaction's next trip, be it a statement or the COMMIT. Its error, if any, comes
        from that trip, and rolls back the whole write as any other would."""
        self._live()
        self.seen.clear()
        self._later.append((lambda raw: raw.execute(sql, params), None))

    def execute_all_later(self, statements: Sequence[tuple[str, Sequence[Params]]], *,
                          then: Callable[[list[int]], None]) -> None:
        """`execute_all`, queued as `execute_later` is (the last writes of a unit travel with
        its COMMIT); `then` hears the rows each statement changed once that trip is back."""
        self._live()
        self.seen.clear()
        self._later.append((lambda raw: _execute_all(raw, statements), then))

    async def rollback_to(self, savepoint: str) -> None:
        """Undo what was written since `savepoint` and release it, in one trip. Statements
        queued since are dropped unsent: the SAVEPOINT's own trip sent those before it, and
        the rest would be undone."""
        self._later = []

        def undo(raw: sqlite3.Connection) -> None:
            raw.execute(f"ROLLBACK TO {savepoint}")
            raw.execute(f"RELEASE {savepoint}")

        await self.run(undo)

    async def commit(self) -> None:
        """COMMIT (only `Database.write` does), with what is queued, in one trip; nothing to
        do when no statement ran nor is queued."""
        if self._conn is None:
            raise ReboundError("this write transaction is already over")
        if self._begun or self._later:
            await self._send(self._conn, lambda raw: raw.execute("COMMIT"))

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` with the connection, on the database thread, inside this transaction:
        several statements for one trip. It may write, so it empties `seen`."""
        self.seen.clear()
        return await self._run(work)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        self.seen.clear()
        return await self._run(lambda raw: raw.execute(sql, params).rowcount)

    async def insert(self, sql: str, params: Params = ()) -> int | None:
        """Run one `INSERT ... RETURNING id`; returns the new id, or None if it inserted
        nothing (`ON CONFLICT DO NOTHING`, an `INSERT ... SELECT` that found no row)."""
        self.seen.clear()

        def work(raw: sqlite3.Connection) -> int | None:
            rows = raw.execute(sql, params).fetchall()
            return int(rows[0][0]) if rows else None

        return await self._run(work)

    async def steps(self, steps: Sequence[Step]) -> list[Any]:
        """Run `steps` in order, in one trip to the database thread; each one's result (see
        `Step`) in a list. They may write, so it empties `seen`."""
        self.seen.clear()
        return await self._run(lambda raw: _steps(raw, steps))

    async def serialize(self, name: str) -> None:
        """Make this transaction the only one doing `name` until it ends: nothing to do on
        SQLite, whose `BEGIN IMMEDIATE` already makes every write the only one."""

    async def executemany(self, sql: str, rows: Sequence[Params]) -> int:
        """Run one statement per parameter set; returns the total rows changed."""
        self.seen.clear()
        return await self._run(lambda raw: raw.executemany(sql, rows).rowcount)

    async def execute_all(self, statements: Sequence[tuple[str, Sequence[Params]]]
                          ) -> list[int]:
        """Run each (statement, parameter sets) in order, once per set, all in one trip to
        the database thread; returns the rows each statement changed (0 with no sets)."""
        self.seen.clear()
        return await self._run(lambda raw: _execute_all(raw, statements))

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query (or a statement with RETURNING) and fetch every row."""
        if sql.lstrip()[:6].upper() != "SELECT":
            self.seen.clear()
        return await self._run(lambda raw: raw.execute(sql, params).fetchall())

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, if any (add LIMIT 1 to large queries)."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None
