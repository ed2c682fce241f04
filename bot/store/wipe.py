"""Wiping the WAL after a deletion: a truncating checkpoint, run just after the commit.

A deletion's rows leave old copies in the `-wal` file until a checkpoint copies the WAL into
the database file (where `secure_delete` zeroed them) and truncates it. The checkpoint costs
a few fsyncs and holds the writer lock meanwhile, so it runs as a task of its own once the
deletion commits: the answer that says "forgotten" goes out first. It then waits for a pause
in the writes (`QUIET_FOR`, at most `WIPE_WITHIN` after the deletion), so that commands sent
in quick succession (a pasted script, a busy bot) don't queue behind its fsyncs; several
deletions in a row share one wipe. A process killed in between leaves the copies only until
the file is next opened: a clean close removes the WAL, so one found at open is checkpointed
then.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.errors import ReboundError

log = logging.getLogger(__name__)

QUIET_FOR = 0.05
"""Seconds without a commit that count as a pause in the writes."""
WIPE_WITHIN = 2.0
"""Seconds after a deletion by which its wipe starts, pause or not."""
CHECKPOINT_ATTEMPTS = 5
CHECKPOINT_PAUSE = 0.1
"""Seconds between checkpoint attempts; the lock is free meanwhile, so other work goes on."""


class WalWiper:
    """Runs a database's truncating checkpoints (`checkpoint_once`: one try under the
    writer lock, True when it completed) and remembers one still owed."""

    def __init__(self, path: Path, checkpoint_once: Callable[[], Awaitable[bool]]) -> None:
        self._path = path
        self._checkpoint_once = checkpoint_once
        self._pending = False
        self._task: asyncio.Task[bool] | None = None
        self._last_commit = 0.0
        self._hurry = asyncio.Event()

    def committed(self, *, deleted: bool) -> None:
        """After a commit: wipe at the next pause if it deleted someone's data, or if an
        earlier wipe was held up (then one try). One waiting or under way takes in this
        commit too."""
        self._last_commit = asyncio.get_running_loop().time()
        if not deleted and not self._pending:
            return
        self._pending = True
        if self._task is not None and not self._task.done():
            return
        self._hurry.clear()
        self._task = asyncio.create_task(
            self._wipe_at_pause(attempts=CHECKPOINT_ATTEMPTS if deleted else 1),
            name="wal-wipe")

    async def settle(self) -> None:
        """Wipe now instead of at the next pause, and wait for it (it completes, or gives
        up and leaves the next commit to try again). For closing, and for tests."""
        task = self._task
        if task is not None and task is not asyncio.current_task():
            self._hurry.set()
            await asyncio.wait({task})

    async def _wipe_at_pause(self, *, attempts: int) -> bool:
        loop = asyncio.get_running_loop()
        latest = loop.time() + WIPE_WITHIN
        while not self._hurry.is_set():
            now = loop.time()
            wait = min(self._last_commit + QUIET_FOR, latest) - now
            if wait <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._hurry.wait(), wait)
        return await self._checkpoint(attempts=attempts)

    async def finish_crashed(self, *, leftover: bool) -> None:
        """At open, with the WAL found `leftover` (not empty): the last process to use the
        file was killed (a clean close removes it), perhaps after a deletion committed and
        before its wipe, so checkpoint it now; if another process holds it up, the next
        commit tries again."""
        if not leftover:
            return
        if not await self._checkpoint(attempts=1):
            self._pending = True

    async def _checkpoint(self, *, attempts: int = CHECKPOINT_ATTEMPTS) -> bool:
        """Checkpoint the WAL into the database file and truncate it to zero bytes.

        Another connection's reader or writer can hold it up (SQLite then reports it busy):
        it is tried `attempts` times, briefly, with the lock free in between; if it still
        can't complete, the next commit tries again. Returns whether it completed.
        """
        for attempt in range(attempts):
            if attempt:
                await asyncio.sleep(CHECKPOINT_PAUSE)
            try:
                done = await self._checkpoint_once()
            except (ReboundError, sqlite3.Error) as exc:  # closed meanwhile, or I/O
                log.warning("WAL checkpoint of %s failed: %s", self._path, type(exc).__name__)
                return False
            if done:
                self._pending = False
                return True
        if attempts > 1:
            log.warning("another connection kept the WAL checkpoint of %s from completing; "
                        "deleted data stays in its -wal file until a later one", self._path)
        return False
