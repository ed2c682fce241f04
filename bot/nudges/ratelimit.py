"""The outbound rate limit per platform, shared by every process on one database.

A platform with a rate has one budget (`bot.nudges.budget`) in the `send_budget` table: each
process reserves a few slots at a time (half a second's worth) in one short write transaction
and spends them locally, so a lone process touches the database about twice a second, and two
processes at 3/s each still send 3/s together. A Retry-After pauses the platform here at once
and, through the same row, in every other process at its next reservation. Everything is
measured on the clock's monotonic side: a wall clock set back lengthens no wait.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from bot.clock import Clock
from bot.nudges.budget import Budget, Grant, grant, pause
from bot.nudges.model import MAX_RETRY_AFTER
from bot.store.send_budget import SendBudgets

log = logging.getLogger(__name__)

BURST = 5.0
"""Sends that may go back to back after a quiet spell."""
RESERVE_SECONDS = 0.5
"""How much of the rate one reservation takes: fewer database round trips for a lone
process, short enough that processes sharing a rate take turns often."""


@dataclass(frozen=True)
class Slot:
    """The answer to "may I send?": wait `wait` seconds; `held` says a slot is then yours.

    Not held: the platform is paused; ask again once the wait is over.
    """

    wait: float
    held: bool


class RateLimiter:
    """Send slots per platform (messages per second), on the clock's monotonic side.

    A platform missing from `rates` is not limited, but a Retry-After still pauses it (in this
    process). Without `budgets` the budget lives in memory (one process).
    """

    def __init__(self, clock: Clock, rates: Mapping[str, float], *,
                 budgets: SendBudgets | None = None, burst: float = BURST) -> None:
        for platform, rate in rates.items():
            if not (math.isfinite(rate) and rate > 0):
                raise ValueError(f"the send rate for {platform} must be positive, not {rate}")
        self._clock = clock
        self._rates = dict(rates)
        self._budgets = budgets
        self._burst = burst
        self._slots: dict[str, deque[float]] = {}
        self._paused_until: dict[str, float] = {}
        self._memory: dict[str, Budget] = {}

    def pause_left(self, platform: str) -> float:
        """Seconds until this process may send to `platform` again after a Retry-After."""
        return max(0.0, self._paused_until.get(platform, 0.0) - self._clock.monotonic())

    def free(self, platform: str) -> bool:
        """Whether a send to `platform` may go now without asking: it has no rate and no
        Retry-After pause is running (then `reserve` would grant a slot at once)."""
        return platform not in self._rates and self.pause_left(platform) <= 0

    async def reserve(self, platform: str, *, want: int = 1) -> Slot:
        """Take the next send slot for `platform`; `want` says how many sends are coming."""
        paused = self.pause_left(platform)
        rate = self._rates.get(platform)
        if paused > 0 or rate is None:
            return Slot(paused, held=paused <= 0)
        now = self._clock.monotonic()
        slots = self._slots.setdefault(platform, deque())
        # A slot may be spent late by no more than the burst allows: spent later, it would
        # add to what the other processes send meanwhile. Later ones are dropped (unused).
        while slots and slots[0] < now - (self._burst - 1.0) / rate:
            slots.popleft()
        if not slots:
            count = max(1, min(want, math.ceil(rate * RESERVE_SECONDS)))
            granted = await self._grant(platform, now=now, rate=rate, want=count)
            if not granted.slots:
                self._paused_until[platform] = min(granted.paused_until, now + MAX_RETRY_AFTER)
                return Slot(self.pause_left(platform), held=False)
            slots.extend(granted.slots)
        return Slot(max(0.0, slots.popleft() - self._clock.monotonic()), held=True)

    async def _grant(self, platform: str, *, now: float, rate: float, want: int) -> Grant:
        if self._budgets is not None:
            return await self._budgets.grant(platform, now=now, rate=rate, burst=self._burst,
                                             want=want)
        budget, granted = grant(self._memory.get(platform, Budget()), now=now, rate=rate,
                                burst=self._burst, want=want)
        self._memory[platform] = budget
        return granted

    async def pause(self, platform: str, seconds: float) -> None:
        """Send nothing more to `platform` for `seconds` (a capped Retry-After), here and, for
        a platform with a rate, in every process sharing its budget."""
        now = self._clock.monotonic()
        seconds = min(max(0.0, seconds), MAX_RETRY_AFTER)
        self._paused_until[platform] = max(self._paused_until.get(platform, 0.0), now + seconds)
        self._slots.pop(platform, None)
        if platform not in self._rates:
            return
        if self._budgets is None:
            self._memory[platform] = pause(self._memory.get(platform, Budget()), now=now,
                                           seconds=seconds)
            return
        try:
            await self._budgets.pause(platform, now=now, seconds=seconds)
        except Exception as exc:  # sqlite3.OperationalError: database is locked, ...
            # This process still pauses; the others learn of the limit from their own sends.
            log.warning("could not share a %s rate-limit pause (%s)", platform,
                        type(exc).__name__)
