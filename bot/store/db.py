"""The SQLite connection: private file, durable pragmas, serialized writes, migrations.

One `Database` owns one aiosqlite connection for writing and is the process's single writer.
Every write runs in `BEGIN IMMEDIATE ... COMMIT` under an asyncio lock. Reads by the task inside
a write go through its transaction and see its changes; every other read uses a second,
read-only connection that sees the last commit (WAL lets it read while a write goes on). So a
read never waits for the writer lock: tasks gathered inside a unit of work, or a background
task started in one, read without deadlocking, and never see another unit's draft.

Deleted data is gone, not merely unlinked: `secure_delete` zeroes freed content, and a write
that deletes a user's data asks for a truncating WAL checkpoint once it commits, so no old copy
stays behind in the `-wal` file (`bot.store.wipe`: after the commit, at the next pause in the
writes, so the answer goes out first; `settle` runs it now; a WAL a crash left behind is
checkpointed at open).

A write the disk refuses (full, read-only, I/O error) becomes `StorageUnavailable`, whose
message says that nothing was saved and what to check.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import aiosqlite

from bot.errors import ReboundError
from bot.models import Rejection
from bot.store.dialect import SQLITE, Dialect
from bot.store.files import create_private_file
from bot.store.lock import WriterLock
from bot.store.migrations import MIGRATIONS, Migration
from bot.store.port import Params, Row
from bot.store.refusals import refused
from bot.store.tx import Tx
from bot.store.wipe import WalWiper

log = logging.getLogger(__name__)
# aiosqlite logs every statement with its bound values at DEBUG: those values are what users
# wrote. Keep it at INFO even when the bot runs with debug logging.
logging.getLogger("aiosqlite").setLevel(logging.INFO)

BUSY_TIMEOUT_MS = 5000
STARTUP_BUSY_TIMEOUT_MS = 60_000
"""How long opening waits for another connection's lock: processes starting together take
turns to migrate, each migration commits under the lock, and a loaded disk makes each commit
slow, so start-up waits longer than a message would."""
JOURNAL_MODE_RETRY = 0.01
"""Seconds between tries to switch a new file to WAL while another connection opens it."""
WAL_CHECKPOINT_PAGES = 10_000
CHECKPOINT_BUSY_MS = 100
"""How long one truncating checkpoint waits for another connection's reader or writer."""

class Database:
    """An open Rebound database file; build it with `await Database.open(path)`. The SQLite
    `bot.store.port.Storage`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn: aiosqlite.Connection | None = conn
        self._reader: aiosqlite.Connection | None = None
        self._path = path
        self._lock = WriterLock()
        self._writer: asyncio.Task[Any] | None = None
        self._tx: Tx | None = None
        self._savepoints = 0
        self._listeners: tuple[Callable[[str], None], ...] = ()
        self._busy_timeout_ms = BUSY_TIMEOUT_MS
        self._wipe_requested = False
        self._wiper = WalWiper(path, self._checkpoint_once)
        self._after_commit: list[Callable[[], None]] = []

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        migrations: Sequence[Migration] = MIGRATIONS,
        target: int | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> Database:
        """Create the file (0600) if missing, connect, set pragmas, apply pending migrations.

        `target` stops at that schema version (tests build old databases with it);
        `busy_timeout_ms` is how long a statement waits for another connection's lock.
        """
        path = Path(path)
        latest = _latest(migrations)
        if target is not None and not 0 <= target <= latest:
            raise ValueError(f"target version {target} is not between 0 and {latest}")
        try:
            await asyncio.to_thread(create_private_file, path)
        except OSError as exc:
            raise ReboundError(f"cannot create the database file {path}: {exc}") from exc
        try:
            conn = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise ReboundError(f"cannot open the database file {path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        db = cls(conn, path)
        try:
            await db._configure(latest=latest, busy_timeout_ms=busy_timeout_ms)
            await db.migrate(migrations, target=target)
            await db._exec(f"PRAGMA busy_timeout = {db._busy_timeout_ms}")
            await db._wiper.finish_crashed(leftover=_wal_size(path) > 0)
            await db._open_reader()
        except BaseException:
            await db.close()
            raise
        return db

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    @property
    def where(self) -> str:
        """The database file, for messages."""
        return str(self._path)

    @property
    def dialect(self) -> Dialect:
        """SQLite's way of writing what the two databases write differently."""
        return SQLITE

    async def close(self) -> None:
        """Wait for the running transaction, then close the connections; closing twice is
        fine."""
        if self._owns_write():
            raise ReboundError("cannot close the database inside its own write transaction")
        await self.settle()
        async with self._lock.hold():
            conn, self._conn = self._conn, None
            reader, self._reader = self._reader, None
            if reader is not None:
                await reader.close()
            if conn is not None:
                await conn.close()

    async def _open_reader(self) -> None:
        """The read-only connection for reads outside a write (see the module docstring)."""
        try:
            reader = await aiosqlite.connect(self._path, isolation_level=None)
        except sqlite3.Error as exc:
            raise ReboundError(f"cannot open the database file {self._path}: {exc}") from exc
        reader.row_factory = sqlite3.Row
        self._reader = reader
        # The writer's pragmas, so what a read reports about the connection holds for both.
        for pragma in (f"busy_timeout = {self._busy_timeout_ms}", "foreign_keys = ON",
                       "secure_delete = ON", "synchronous = FULL", "query_only = ON"):
            await reader.execute(f"PRAGMA {pragma}")
        if self._listeners:
            await reader.set_trace_callback(self._trace)

    async def _configure(self, *, latest: int, busy_timeout_ms: int) -> None:
        self._busy_timeout_ms = int(busy_timeout_ms)
        try:
            await self._exec(
                f"PRAGMA busy_timeout = {max(int(busy_timeout_ms), STARTUP_BUSY_TIMEOUT_MS)}")
            await self._exec("PRAGMA foreign_keys = ON")
            # Freed pages and cells are overwritten with zeros: forgotten data doesn't linger
            # in free pages, whatever this SQLite build's default is.
            await self._exec("PRAGMA secure_delete = ON")
            # Refuse a newer schema before anything (even the journal mode) touches the file.
            _refuse_newer(await self.schema_version(), latest=latest, path=self._path)
            mode = await self._wal_mode()
            await self._exec("PRAGMA synchronous = FULL")
            # Checkpoint the WAL every ~40 MB rather than ~4 MB: fewer, larger copies back into
            # the database during bursts of writes (a nudge backlog); commits stay durable.
            await self._exec(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            foreign_keys = await self._pragma("foreign_keys")
            secure_delete = await self._pragma("secure_delete")
        except sqlite3.DatabaseError as exc:
            raise ReboundError(f"cannot open {self._path} as a database: {exc}") from exc
        if str(mode).lower() != "wal":
            log.warning("WAL journal mode unavailable for %s; using %s", self._path, mode)
        if foreign_keys != 1:
            raise ReboundError("this SQLite build does not enforce foreign keys")
        if secure_delete != 1:
            raise ReboundError("this SQLite build can't overwrite deleted data (secure_delete)")

    async def _wal_mode(self) -> Any:
        """Switch to the WAL journal (a no-op once the file is in WAL), retried while
        another connection is opening the file: a new file's change of journal mode needs it
        to itself, and SQLite answers "locked" at once then, without its busy wait."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + STARTUP_BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                return await self._pragma("journal_mode = WAL")
            except sqlite3.OperationalError as exc:
                if (getattr(exc, "sqlite_errorname", "") not in ("SQLITE_BUSY", "SQLITE_LOCKED")
                        or loop.time() >= give_up):
                    raise
            await asyncio.sleep(JOURNAL_MODE_RETRY)

    async def add_statement_listener(self, listener: Callable[[str], None]) -> None:
        """Call `listener` with the text of every SQL statement this connection runs.

        For tests and diagnostics (e.g. proving a loop doesn't busy-poll). The listener runs
        on the database thread, so it must be quick and thread-safe (appending is).
        """
        self._listeners = (*self._listeners, listener)
        await self._live().set_trace_callback(self._trace)
        if self._reader is not None:
            await self._reader.set_trace_callback(self._trace)

    def remove_statement_listener(self, listener: Callable[[str], None]) -> None:
        """Stop calling `listener` (the cheap trace hook itself stays installed)."""
        self._listeners = tuple(x for x in self._listeners if x is not listener)

    def _trace(self, statement: str) -> None:
        for listener in self._listeners:
            listener(statement)

    async def _exec(self, sql: str) -> None:
        await self._live().execute(sql)

    async def _pragma(self, pragma: str) -> Any:
        row = await self.read_one(f"PRAGMA {pragma}")
        return None if row is None else row[0]

    def _live(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise ReboundError("the database is closed")
        return self._conn

    def _owns_write(self) -> bool:
        task = asyncio.current_task()
        return task is not None and task is self._writer

    @asynccontextmanager
    async def write(self, *, savepoint: bool = False, urgent: bool = False) -> AsyncIterator[Tx]:
        """One atomic change: `async with db.write() as tx:` runs in BEGIN IMMEDIATE ... COMMIT
        (sent with its first statement; a write that runs none never begins).

        Rolls back on any exception (cancellation included). A write opened inside another by
        the same task joins it: the outer block commits (or rolls back) the whole unit, which
        is how one chat message and the re-planning it causes land in one durable commit.
        Reads from that task (`db.read` or `tx`) see the unit's own changes.

        With `savepoint`, a joined write is a unit of its own inside the outer one: an
        exception leaving it undoes its changes (ROLLBACK TO a savepoint) even when a caller
        catches the exception and the outer transaction goes on to commit. An `urgent`
        write goes ahead of the writes waiting (see WriterLock).
        """
        if self._owns_write():
            if self._tx is None:  # pragma: no cover - set together with the writer
                raise ReboundError("the enclosing write transaction is already over")
            if not savepoint:
                yield self._tx
                return
            async with self._savepoint(self._tx):
                yield self._tx
            return
        async with self._lock.hold(urgent=urgent):
            conn = self._live()
            tx = Tx(conn)
            self._writer, self._tx = asyncio.current_task(), tx
            self._wipe_requested = wiped = False
            self._after_commit = []
            try:
                yield tx  # BEGIN IMMEDIATE goes with its first statement
                await tx.commit()
                wiped = self._wipe_requested
                committed, self._after_commit = self._after_commit, []
            except BaseException as exc:
                self._after_commit = []
                if tx.begun:
                    await _rollback(conn)
                refusal = refused(exc, path=self._path)
                if refusal is not None:
                    raise refusal from exc
                raise
            finally:
                tx.end()
                self._writer, self._tx = None, None
                self._wipe_requested = False
        for callback in committed:
            callback()
        self._wiper.committed(deleted=wiped)

    async def settle(self) -> None:
        """Wait for the WAL wipe a deletion started just after its commit, if one is under
        way (see `bot.store.wipe`)."""
        await self._wiper.settle()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` once what this task wrote is committed: at once outside a write,
        after the outermost COMMIT inside one, never if it rolls back. For telling others
        to look (waking the scheduler, refreshing an App Home): they read the last commit."""
        if self._owns_write():
            self._after_commit.append(callback)
        else:
            callback()

    def wipe_after_commit(self) -> None:
        """Inside a write that deletes someone's data: just after it commits (a task of its
        own, see `bot.store.wipe`), copy the WAL into the database file and truncate the WAL,
        so the deleted rows leave no copy behind."""
        if not self._owns_write():
            raise ReboundError("wipe_after_commit belongs inside a write transaction")
        self._wipe_requested = True

    async def _checkpoint_once(self) -> bool:
        """One truncating checkpoint that waits at most CHECKPOINT_BUSY_MS for others; True
        if it completed. The three statements go to the database thread as one script (a
        trip each cost more than the checkpoint's own work on a busy machine), so its answer
        is read from the file: a completed TRUNCATE checkpoint leaves an empty WAL."""
        async with self._lock.hold():
            conn = self._live()
            try:
                await conn.executescript(
                    f"PRAGMA busy_timeout = {CHECKPOINT_BUSY_MS};"
                    " PRAGMA wal_checkpoint(TRUNCATE);"
                    f" PRAGMA busy_timeout = {self._busy_timeout_ms};")
            except sqlite3.OperationalError:  # "database is locked": busy, try again later
                await conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
                return False
        return _wal_size(self._path) == 0

    @asynccontextmanager
    async def _savepoint(self, tx: Tx) -> AsyncIterator[None]:
        self._savepoints += 1
        name = f"unit_{self._savepoints}"
        try:
            await tx.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                with contextlib.suppress(sqlite3.Error, ReboundError):  # gone with the outer
                    await tx.rollback_to(name)
                raise
            await tx.execute(f"RELEASE {name}")
        finally:
            self._savepoints -= 1

    async def read(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query (not a write) and fetch every row: inside this task's write, through
        its transaction; otherwise on the read connection, as of the last commit, without
        waiting for the writer. Never sees another task's draft."""
        if self._owns_write() and self._tx is not None:
            return await self._tx.fetchall(sql, params)
        if self._reader is None:  # opening: configuring and migrating
            async with self._lock.hold():
                return list(await self._live().execute_fetchall(sql, params))
        self._live()  # closed is closed, for both connections
        return list(await self._reader.execute_fetchall(sql, params))

    def seen(self) -> dict[int, Rejection] | None:
        """The rejections this task's write transaction has read since it last wrote
        (`Tx.seen`), to fill and to ask before reading one again; None outside a write."""
        if self._owns_write() and self._tx is not None:
            return self._tx.seen
        return None

    async def ping(self) -> None:
        """A trivial query on the writing connection, in turn with the writes: it waits for a
        write that is stuck, as the messages waiting to be handled do (readiness probes)."""
        async with self._lock.hold():
            await self._live().execute_fetchall("SELECT 1")

    async def read_one(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, if any."""
        rows = await self.read(sql, params)
        return rows[0] if rows else None

    async def schema_version(self) -> int:
        """The number of the last migration applied (`PRAGMA user_version`)."""
        row = await self.read_one("PRAGMA user_version")
        return 0 if row is None else int(row[0])

    async def migrate(
        self, migrations: Sequence[Migration] = MIGRATIONS, *, target: int | None = None
    ) -> int:
        """Apply pending migrations up to `target` (default: all), each in its own transaction.

        Returns the resulting schema version. Safe to run concurrently from two processes: each
        step re-reads the version under the write lock.
        """
        latest = _latest(migrations)
        goal = latest if target is None else target
        if not 0 <= goal <= latest:
            raise ValueError(f"target version {goal} is not between 0 and {latest}")
        _refuse_newer(await self.schema_version(), latest=latest, path=self._path)
        for migration in migrations:
            if migration.version > goal:
                break
            async with self.write() as tx:
                row = await tx.fetchone("PRAGMA user_version")
                current = 0 if row is None else int(row[0])
                if current >= migration.version:
                    continue
                await _apply(tx, migration)
                await tx.execute(f"PRAGMA user_version = {int(migration.version)}")
            log.info("applied migration %d: %s", migration.version, migration.description)
        return await self.schema_version()


def _wal_size(path: Path) -> int:
    """The size of the database's `-wal` file (0 when there is none)."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


def _latest(migrations: Sequence[Migration]) -> int:
    """The newest version, after checking the versions run 1, 2, 3, ... without gaps."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must be 1..n in order, got {versions}")
    return len(versions)


def _refuse_newer(current: int, *, latest: int, path: Path) -> None:
    if current > latest:
        raise ReboundError(
            f"the database {path} has schema version {current}, but this Rebound knows only up "
            f"to {latest}: it was written by a newer Rebound. Upgrade Rebound (or restore a "
            f"backup); the file was left untouched."
        )


async def _apply(tx: Tx, migration: Migration) -> None:
    if isinstance(migration.apply, str):
        for statement in split_statements(migration.apply):
            await tx.execute(statement)
    else:
        await migration.apply(tx)


def split_statements(script: str) -> list[str]:
    """Split an SQL script into statements (executescript would commit our transaction)."""
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                statements.append(pending.strip())
            pending = ""
    if pending.strip(" \t\r\n;"):
        raise ValueError("the SQL script ends with an incomplete statement")
    return statements


async def _rollback(conn: aiosqlite.Connection) -> None:
    """Roll back, tolerating a transaction SQLite already ended (or that never began)."""
    try:
        await conn.execute("ROLLBACK")
    except sqlite3.OperationalError:
        if conn.in_transaction:
            log.exception("rollback failed; the connection is still inside a transaction")
