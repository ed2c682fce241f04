"""The PostgreSQL database: a pool of connections, one per write transaction under way.

What differs from SQLite (`bot.store.db.Database`), and why:
- Writes from different tasks run at once, each in its own transaction on its own pooled
  connection (READ COMMITTED), not one at a time: PostgreSQL's row locks order them. The
  work that reads a row and then writes it takes a lock first: the nudge claim selects
  `FOR UPDATE SKIP LOCKED`, the inbox claim and the send budget take a transaction-level
  advisory lock (`Transaction.serialize`), and inserts that may race say `ON CONFLICT`.
  So several processes, on several machines, share one database as one process does.
- A task's writes nest and reads inside them see the unit's own changes, as on SQLite;
  a read outside a write takes any pooled connection and sees the last commit.
- `urgent` writes don't jump a queue: there is none to jump (the pool hands out
  connections as they come free).
- Deleted rows leave no copy we could truncate from here: old row versions go when
  (auto)vacuum reclaims them, which is the server's business; `wipe_after_commit` and
  `settle` have nothing to do.
- Migrations run under an advisory lock (`bot.store.postgres.migrate`).
- PostgreSQL's text can't hold NUL: a NUL in what a user typed is stored as U+FFFD.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any, Self

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.errors import ReboundError
from bot.models import Rejection
from bot.store.dialect import POSTGRES, Dialect
from bot.store.migrations import MIGRATIONS, Migration
from bot.store.port import Params, Row
from bot.store.postgres.migrate import HAS_TABLE, VERSION, latest, refuse_newer, step
from bot.store.postgres.sql import NulFreeStrDumper, PgRow, pg_row, storage_error, translate
from bot.store.postgres.tx import PgTx

log = logging.getLogger(__name__)

OPEN_TIMEOUT = 10.0
"""Seconds to wait for the server at start before giving up with a clear message."""
POOL_SIZE = 10
"""Connections per process at most: one per write under way, plus reads outside writes."""


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the PostgreSQL URL in REBOUND_DB"
    host = info.get("host", "localhost")
    port = info.get("port", "5432")
    return f"postgresql://{info.get('user', '')}@{host}:{port}/{info.get('dbname', '')}"


async def _configure(conn: psycopg.AsyncConnection[Any]) -> None:
    """Each pooled connection: ours in autocommit (we send BEGIN and COMMIT ourselves), and
    text with NUL stored as U+FFFD (`NulFreeStrDumper`)."""
    await conn.set_autocommit(True)
    conn.adapters.register_dumper(str, NulFreeStrDumper)


class PgDatabase:
    """An open PostgreSQL database; build it with `await PgDatabase.open(url)`. The
    PostgreSQL `bot.store.port.Storage`."""

    def __init__(self, pool: AsyncConnectionPool[psycopg.AsyncConnection[PgRow]],
                 where: str) -> None:
        self._pool = pool
        self._where = where
        self._txs: dict[asyncio.Task[Any], PgTx] = {}
        self._after: dict[asyncio.Task[Any], list[Callable[[], None]]] = {}
        self._savepoints = 0
        self._listeners: tuple[Callable[[str], None], ...] = ()
        self._closed = False
        self._giving: set[asyncio.Future[None]] = set()

    @classmethod
    async def open(cls, url: str, *, migrations: Sequence[Migration] = MIGRATIONS,
                   target: int | None = None, pool_size: int = POOL_SIZE,
                   connect_within: float = OPEN_TIMEOUT) -> PgDatabase:
        """Connect, then apply pending migrations (once, whoever else starts meanwhile).

        `target` stops at that schema version (tests build old databases with it)."""
        newest = latest(migrations)
        if target is not None and not 0 <= target <= newest:
            raise ValueError(f"target version {target} is not between 0 and {newest}")
        where = redacted(url)
        pool: AsyncConnectionPool[psycopg.AsyncConnection[PgRow]] = AsyncConnectionPool(
            url, min_size=1, max_size=max(2, pool_size), open=False, configure=_configure,
            kwargs={"row_factory": pg_row, "autocommit": True}, name="rebound")
        try:
            await pool.open(wait=True, timeout=connect_within)
        except (PoolTimeout, psycopg.Error) as exc:
            await pool.close()
            raise ReboundError(f"cannot connect to the PostgreSQL database {where} within "
                               f"{connect_within:g} s: is the server running, and are the host, "
                               "port, user and database in REBOUND_DB right?") from exc
        db = cls(pool, where)
        try:
            await db.migrate(migrations, target=target)
        except BaseException:
            await db.close()
            raise
        return db

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.close()

    @property
    def where(self) -> str:
        """The database's URL without the password, for messages."""
        return self._where

    @property
    def dialect(self) -> Dialect:
        return POSTGRES

    async def close(self) -> None:
        """Close every pooled connection (waiting for those in use); twice is fine."""
        if self._owns_write():
            raise ReboundError("cannot close the database inside its own write transaction")
        if not self._closed:
            self._closed = True
            await self._pool.close()

    async def add_statement_listener(self, listener: Callable[[str], None]) -> None:
        """Call `listener` with the text of every statement run (its placeholders as
        written, not its values), for tests and diagnostics."""
        self._listeners = (*self._listeners, listener)

    def remove_statement_listener(self, listener: Callable[[str], None]) -> None:
        self._listeners = tuple(x for x in self._listeners if x is not listener)

    def _trace(self, statement: str) -> None:
        for listener in self._listeners:
            listener(statement)

    def _current(self) -> PgTx | None:
        task = asyncio.current_task()
        return None if task is None else self._txs.get(task)

    def _owns_write(self) -> bool:
        return self._current() is not None

    def _live(self) -> None:
        if self._closed:
            raise ReboundError("the database is closed")

    @asynccontextmanager
    async def write(self, *, savepoint: bool = False,
                    urgent: bool = False) -> AsyncIterator[PgTx]:
        """One atomic change, as `bot.store.db.Database.write` (`urgent` has no queue to
        jump here)."""
        current = self._current()
        if current is not None:
            if not savepoint:
                yield current
                return
            async with self._savepoint(current):
                yield current
            return
        self._live()
        task = asyncio.current_task()
        assert task is not None
        try:
            async with self._pooled() as conn:
                tx = PgTx(conn, self._trace)
                self._txs[task], self._after[task] = tx, []
                try:
                    yield tx
                    await tx.commit()
                    committed = self._after[task]
                except BaseException:
                    if tx.begun:
                        await _rollback(conn, self._trace)
                    raise
                finally:
                    tx.end()
                    del self._txs[task]
                    self._after.pop(task, None)
        except psycopg.Error as exc:  # no connection came free in time, or the server left
            raise storage_error(exc) from exc
        for callback in committed:
            callback()

    @asynccontextmanager
    async def _pooled(self) -> AsyncIterator[psycopg.AsyncConnection[PgRow]]:
        """A pooled connection, given back after. The pool is asked in a task of its own,
        shielded: on Python 3.11 its wait (`asyncio.wait_for`) can swallow a cancellation
        that arrives just as a connection comes free, and a cancelled task would then go
        on as if nothing happened (a worker told to stop would not). Cancelled meanwhile,
        the connection goes back to the pool once it arrives."""
        getter = asyncio.ensure_future(self._pool.getconn())
        try:
            conn = await asyncio.shield(getter)
        except BaseException:
            getter.add_done_callback(self._give_back)
            raise
        try:
            yield conn
        finally:
            await self._pool.putconn(conn)

    def _give_back(self, getter: asyncio.Future[psycopg.AsyncConnection[PgRow]]) -> None:
        """A connection that came for a task cancelled meanwhile goes back to the pool."""
        if getter.cancelled() or getter.exception() is not None:
            return
        giving = asyncio.ensure_future(self._pool.putconn(getter.result()))
        self._giving.add(giving)
        giving.add_done_callback(self._giving.discard)

    @asynccontextmanager
    async def _savepoint(self, tx: PgTx) -> AsyncIterator[None]:
        self._savepoints += 1
        name = f"unit_{self._savepoints}"
        try:
            await tx.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                with contextlib.suppress(ReboundError):  # gone with the outer
                    await tx.rollback_to(name)
                raise
            await tx.execute(f"RELEASE {name}")
        finally:
            self._savepoints -= 1

    def after_commit(self, callback: Callable[[], None]) -> None:
        """As `bot.store.db.Database.after_commit`."""
        task = asyncio.current_task()
        pending = None if task is None else self._after.get(task)
        if pending is not None:
            pending.append(callback)
        else:
            callback()

    def wipe_after_commit(self) -> None:
        """Nothing to do on PostgreSQL (see the module docstring); outside a write it is a
        bug, as on SQLite."""
        if not self._owns_write():
            raise ReboundError("wipe_after_commit belongs inside a write transaction")

    async def settle(self) -> None:
        """Nothing under way to wait for on PostgreSQL."""

    async def read(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query: inside this task's write, through its transaction; otherwise on
        any pooled connection, as of the last commit."""
        current = self._current()
        if current is not None:
            return await current.fetchall(sql, params)
        self._live()
        self._trace(sql)
        try:
            async with self._pooled() as conn:
                cursor = await conn.execute(translate(sql), params)
                return list(await cursor.fetchall())
        except psycopg.Error as exc:
            raise storage_error(exc) from exc

    async def read_one(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, if any."""
        rows = await self.read(sql, params)
        return rows[0] if rows else None

    def seen(self) -> dict[int, Rejection] | None:
        """As `bot.store.db.Database.seen`."""
        current = self._current()
        return None if current is None else current.seen

    async def ping(self) -> None:
        """A trivial query on a pooled connection (readiness probes)."""
        await self.read("SELECT 1")

    async def schema_version(self) -> int:
        """The number of the last migration applied (kept in the `rebound_schema` table;
        0 for a database Rebound never set up)."""
        row = await self.read_one(HAS_TABLE)
        if row is None or not row[0]:
            return 0
        row = await self.read_one(VERSION)
        return 0 if row is None else int(row[0])

    async def migrate(self, migrations: Sequence[Migration] = MIGRATIONS, *,
                      target: int | None = None) -> int:
        """Apply pending migrations up to `target` (default: all), each in its own
        transaction under the migration lock (`bot.store.postgres.migrate`); returns the
        resulting schema version. A newer schema than `migrations` know is refused."""
        newest = latest(migrations)
        goal = newest if target is None else target
        if not 0 <= goal <= newest:
            raise ValueError(f"target version {goal} is not between 0 and {newest}")
        current = await self.schema_version()
        refuse_newer(current, latest=newest, where=self._where)
        if current >= goal:
            return current
        for migration in migrations:
            if migration.version > goal:
                break
            async with self.write() as tx:
                applied = await step(tx, migration, newest=newest, where=self._where)
            if applied:
                log.info("applied migration %d: %s", migration.version, migration.description)
        return await self.schema_version()


async def _rollback(conn: psycopg.AsyncConnection[PgRow], trace: Callable[[str], None]) -> None:
    """Roll back; a connection that broke meanwhile is discarded by the pool."""
    trace("ROLLBACK")
    try:
        await conn.execute("ROLLBACK")
    except psycopg.Error:
        log.warning("rollback failed; the pool replaces the connection")
