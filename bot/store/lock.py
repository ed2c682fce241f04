"""The database's one lock: whoever holds it is the only one reading or writing."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class WriterLock:
    """The database's one lock, FIFO, except that an urgent holder (a write an answer waits
    for, like a group commit of acks) goes ahead of the queue, though never twice in a row
    while others wait: acks stay fast under load, and the rest still get every other turn."""

    def __init__(self) -> None:
        self._held = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()
        self._last_urgent = False

    @asynccontextmanager
    async def hold(self, *, urgent: bool = False) -> AsyncIterator[None]:
        await self._acquire(urgent)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, urgent: bool) -> None:
        if not self._held and not self._urgent and not self._normal:
            self._held, self._last_urgent = True, urgent
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._normal).append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # handed over just as we were cancelled
                self._release()
            raise
        self._last_urgent = urgent

    def _release(self) -> None:
        for queue in ((self._normal, self._urgent) if self._last_urgent
                      else (self._urgent, self._normal)):
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)  # handed over: stays held
                    return
        self._held = False
