"""Work the Slack app does on the side (App Home refreshes, looking up a user's zone while they
fill in a form): keyed, coalesced, bounded, and dropped at shutdown.

None of it is durable or needs to be: the next change or visit refreshes a Home tab again.
So a burst of changes for one user makes one more refresh, not one each; a few run at once;
each has a time limit; and shutdown waits for them only until its deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Hashable

log = logging.getLogger(__name__)

Work = Callable[[], Awaitable[object]]


class Background:
    """At most one task per key; asking again while it runs runs it once more after."""

    def __init__(self, *, concurrency: int = 4, timeout: float = 10.0) -> None:
        self._slots = asyncio.Semaphore(concurrency)
        self._timeout = timeout
        self._tasks: dict[Hashable, asyncio.Task[None]] = {}
        self._again: dict[Hashable, Work] = {}
        self._closed = False

    def run(self, key: Hashable, work: Work) -> None:
        """Run `work()` for `key` now, or once more after the run in progress."""
        if self._closed:
            return
        if key in self._tasks:
            self._again[key] = work
            return
        self._tasks[key] = asyncio.create_task(self._run(key, work), name=f"slack:{key!r}")

    async def _run(self, key: Hashable, work: Work) -> None:
        try:
            while True:
                async with self._slots:
                    try:
                        async with asyncio.timeout(self._timeout):
                            await work()
                    except TimeoutError:
                        log.warning("a background Slack call took over %ss and was dropped",
                                    self._timeout)
                    except Exception:
                        log.exception("a background Slack task failed")
                next_work = self._again.pop(key, None)
                if next_work is None or self._closed:
                    return
                work = next_work
        finally:
            self._tasks.pop(key, None)

    async def settle(self) -> None:
        """Wait until nothing runs (for tests)."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def close(self, *, deadline: float) -> None:
        """Take no more work; let what runs finish until `deadline` (`time.monotonic()`),
        then cancel it."""
        self._closed = True
        self._again.clear()
        running = set(self._tasks.values())
        if running:
            _done, late = await asyncio.wait(running, timeout=max(0.0,
                                                                  deadline - time.monotonic()))
            await self._cancel(late)

    async def cancel_all(self) -> None:
        """Cancel everything at once and wait for it to end."""
        self._closed = True
        self._again.clear()
        await self._cancel(set(self._tasks.values()))

    @staticmethod
    async def _cancel(tasks: set[asyncio.Task[None]]) -> None:
        for task in tasks:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*tasks, return_exceptions=True)
