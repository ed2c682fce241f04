"""Group commit: small writes from many tasks share one transaction, so one fsync.

Every commit waits for the disk (`synchronous=FULL`: milliseconds each), and writes queue on
the database's single writer. When many tasks each need a tiny durable write at once (an
inbox entry stored before its ack, a reply marked delivered), each waits for a commit that
holds its write, and writes that queued while one commit was under way go together in the
next. A lone write is committed at once, with no added wait; an urgent group's commits go
ahead of the writes queued for the database (see `WriterLock`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.store.port import Storage, Transaction

T = TypeVar("T")
Write = Callable[[Transaction], Awaitable[Any]]


class GroupCommit:
    """Runs writes in shared transactions; `await write(op)` returns once `op`'s changes
    are committed. Never call it from inside a write transaction of the same task."""

    def __init__(self, db: Storage, *, urgent: bool = False) -> None:
        """`urgent`: its commits go ahead of the writes waiting (for writes someone outside
        is waiting for, such as an acknowledgement)."""
        self._db = db
        self._urgent = urgent
        self._queue: list[tuple[Write, asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def write(self, op: Callable[[Transaction], Awaitable[T]]) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((op, future))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush(), name="group-commit")
        return await future

    async def _flush(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                results: list[Any] = []
                try:
                    async with self._db.write(urgent=self._urgent) as tx:
                        for op, _future in batch:
                            results.append(await op(tx))
                except BaseException as exc:  # all of the batch failed, together
                    for _op, future in batch:
                        if not future.done():
                            future.set_exception(exc if isinstance(exc, Exception)
                                                 else asyncio.CancelledError())
                    if not isinstance(exc, Exception):
                        raise
                    continue
                for (_op, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        finally:
            self._flusher = None
            for _op, future in self._queue:  # cancelled with work queued: it never ran
                future.cancel()
            self._queue = []
