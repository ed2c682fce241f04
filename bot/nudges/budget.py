"""A send-rate budget as a value: which moments a sender may use, and any Retry-After pause.

The budget is "virtual scheduling" (GCRA): `next_slot` is the moment the next send may go at
the steady rate. A request for several sends gets consecutive slots one interval apart, so
senders that take turns asking (processes sharing one budget row in the database) together
never exceed the rate; after a quiet spell up to `burst` slots lie in the past and go at once.
A Retry-After pause moves every slot past its end.

All moments are seconds on a monotonic clock (`Clock.monotonic`), which every process on one
machine shares and no wall-clock correction moves. A stored value further ahead than this code
ever writes can only come from a clock that restarted (a reboot, a database restored on another
machine); it is forgotten rather than obeyed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.nudges.model import MAX_RETRY_AFTER

_SLACK = 60.0
"""Seconds beyond the longest pause that a stored slot may still lie ahead (many senders'
reservations queued up); anything further is a restarted clock."""


@dataclass(frozen=True)
class Budget:
    """One budget's state: the next free slot and the end of any pause (monotonic seconds).

    A new budget has neither: its first `burst` slots are free at once.
    """

    next_slot: float = -math.inf
    paused_until: float = -math.inf


@dataclass(frozen=True)
class Grant:
    """What a request got: the moments its sends may go, or (no slots) a pause's end."""

    slots: tuple[float, ...]
    paused_until: float = -math.inf


def grant(budget: Budget, *, now: float, rate: float, burst: float,
          want: int) -> tuple[Budget, Grant]:
    """Take `want` slots at `rate` per second; while paused, none (and the pause's end)."""
    interval = 1.0 / rate
    budget = sane(budget, now=now, interval=interval)
    if budget.paused_until > now:
        return budget, Grant((), budget.paused_until)
    start = max(budget.next_slot, budget.paused_until, now - (burst - 1.0) * interval)
    slots = tuple(start + index * interval for index in range(want))
    return Budget(start + want * interval, budget.paused_until), Grant(slots)


def pause(budget: Budget, *, now: float, seconds: float) -> Budget:
    """Send nothing for `seconds` (at most `MAX_RETRY_AFTER`) from `now`."""
    until = now + min(max(0.0, seconds), MAX_RETRY_AFTER)
    budget = sane(budget, now=now, interval=0.0)
    return Budget(budget.next_slot, max(budget.paused_until, until))


def sane(budget: Budget, *, now: float, interval: float) -> Budget:
    """The budget, minus any slot or pause further ahead than `grant` and `pause` write."""
    paused_until = budget.paused_until
    if not paused_until <= now + MAX_RETRY_AFTER:  # also drops a NaN
        paused_until = -math.inf
    next_slot = budget.next_slot
    if not next_slot <= max(now, paused_until) + _SLACK + 10 * interval:
        next_slot = -math.inf
    return Budget(next_slot, paused_until)
