"""The work in flight on Discord, so a shutdown can stop taking more, let it finish until a
deadline and cut short what is left.

discord.py runs each slash command, button press, form and DM in a task of its own; each one
registers here as it starts (`admit`), and leaves when its task ends.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

log = logging.getLogger(__name__)

CANCEL_GRACE = 0.2
"""Seconds a cancelled handler gets to unwind (roll back, close what it opened)."""


class Jobs:
    """The handler tasks running now, and whether new ones are still taken."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self.closing = False

    def admit(self) -> bool:
        """Count the running task as work in flight; False once closing (don't start it)."""
        if self.closing:
            return False
        task = asyncio.current_task()
        if task is not None and task not in self._tasks:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return True

    def close(self) -> None:
        """Take no new work from now on."""
        self.closing = True

    async def finish(self, *, until: float) -> None:
        """Let the work in flight end, then cancel what is left, keeping `CANCEL_GRACE` for
        it to unwind; back by `until` (a `time.monotonic()` value)."""
        self.close()
        mine = asyncio.current_task()
        running = {t for t in self._tasks if t is not mine and not t.done()}
        if not running:
            return
        _done, late = await asyncio.wait(
            running, timeout=max(0.0, until - CANCEL_GRACE - time.monotonic()))
        if not late:
            return
        log.warning("stopping: %d Discord request(s) cut short", len(late))
        for task in late:
            task.cancel()
        await asyncio.wait(late, timeout=max(0.0, min(CANCEL_GRACE, until - time.monotonic())))
