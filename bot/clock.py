"""Time as an injected dependency, so tests and simulations never sleep or read the wall clock.

A clock tells the wall time (`now`), the elapsed time (`monotonic`) and can sleep. Durations
(pauses, rate limits, leases held in memory) are measured on `monotonic`, which a clock
correction never moves; `now` is for moments that are stored or shown. The fake clock keeps both,
like a real machine: the wall time, which `jump` can move backwards or forwards (a clock
correction), and an elapsed time that only `advance` moves and that sleeps are measured in.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current time as an aware UTC datetime and can sleep."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float:
        """Seconds elapsed since some fixed point; never jumps, whatever the wall clock does."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real wall clock; sleeping uses the event loop's monotonic timer."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """The system's monotonic clock: the same for every process on the machine."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class FakeClock:
    """A clock that only moves when told to: for tests and simulated runs."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._elapsed = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        """The elapsed time: moved by `advance` only, never by `jump`."""
        return self._elapsed

    async def sleep(self, seconds: float) -> None:
        """Return once `advance` has moved the clock `seconds` further (0 returns at once)."""
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._elapsed + seconds, next(self._order), future))
        await future

    def advance(self, delta: timedelta) -> None:
        """Let time pass: the wall clock and the sleep timer both move forward."""
        if delta < timedelta(0):
            raise ValueError("time only moves forward; use jump() for a clock correction")
        self._now += delta
        self._elapsed += delta.total_seconds()
        while self._sleepers and self._sleepers[0][0] <= self._elapsed:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)

    def jump(self, delta: timedelta) -> None:
        """Correct the wall clock by `delta` (either way) without any time passing."""
        self._now += delta

    def set(self, when: datetime) -> None:
        """Move forward to `when`, letting the time in between pass."""
        self.advance(when.astimezone(UTC) - self._now)

    @property
    def sleepers(self) -> int:
        """How many sleeps are waiting: lets a test know a task has gone idle."""
        return sum(not future.done() for _, _, future in self._sleepers)
