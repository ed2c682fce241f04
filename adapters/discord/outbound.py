"""Calls to Discord that survive a 429 or a passing 5xx, with bounds on how long they wait.

discord.py retries on its own, but not within bounds we choose: it sleeps through any
Retry-After an interaction webhook gives (`1e12` would hang the reply for good) and through rate
limits up to 30 s on everything else. So the client carries an aiohttp trace hook (`trace`):
inside `Outbound.call`, a 429 or a transient 5xx is raised at once as `Busy`, and `call`
decides: wait out the Retry-After, capped, on the event loop's monotonic timer (the injected
clock's sleep), and try again, up to a number of attempts and a total wait. A nudge send uses
`Outbound.once`: the same hook, no retries, so the scheduler gets the rate limit back.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, TypeVar

import aiohttp
import discord

from bot.clock import Clock

log = logging.getLogger(__name__)

T = TypeVar("T")
TRANSIENT_STATUSES = frozenset({500, 502, 503, 504, 520, 521, 522, 523, 524})
ALREADY_ACKNOWLEDGED = 40060


@dataclass(frozen=True)
class Patience:
    """How hard one kind of call tries: attempts in all, the longest single wait (a larger
    Retry-After is cut to it) and the total time spent waiting."""

    attempts: int
    longest_wait: float
    budget: float


FIRST_RESPONSE = Patience(attempts=3, longest_wait=1.0, budget=2.0)
"""An interaction's first response: Discord takes it within 3 s of the press, or never."""

ANSWER = Patience(attempts=5, longest_wait=15.0, budget=40.0)
"""Follow-ups, DM answers and message edits: well within an interaction's 15 minutes."""


class Busy(discord.HTTPException):
    """Discord said 429 or a passing 5xx to a call made through `Outbound`."""

    def __init__(self, response: Any, data: Any, *, retry_after: float | None) -> None:
        super().__init__(response, data)
        self.retry_after = retry_after


_owned: ContextVar[bool] = ContextVar("rebound_discord_outbound", default=False)


def trace() -> aiohttp.TraceConfig:
    """The hook that hands 429 and 5xx answers to `Outbound` instead of discord.py's sleeps.

    Calls outside `Outbound` (logging in, syncing commands) keep discord.py's own handling.
    """
    config = aiohttp.TraceConfig()
    config.on_request_end.append(_on_request_end)
    return config


async def _on_request_end(_session: aiohttp.ClientSession, _context: SimpleNamespace,
                          params: aiohttp.TraceRequestEndParams) -> None:
    response = params.response
    if not _owned.get() or (response.status != 429 and
                            response.status not in TRANSIENT_STATUSES):
        return
    try:
        data: Any = json.loads(await response.read() or b"null")
    except (ValueError, aiohttp.ClientError):
        data = None
    if not isinstance(data, dict):
        data = {"message": f"HTTP {response.status}", "code": 0}
    raise Busy(response, data, retry_after=retry_after(data, response.headers))


def retry_after(data: Mapping[str, Any], headers: Mapping[str, str]) -> float | None:
    """Discord's wait, from the body or the headers; None when absent or not a sane number
    (`inf`, `nan`, negative): the caller then uses its own cap."""
    for raw in (data.get("retry_after"), headers.get("Retry-After"),
                headers.get("X-RateLimit-Reset-After")):
        if raw is None:
            continue
        try:
            seconds = float(raw)
        except (TypeError, ValueError):
            continue
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    return None


def transient(error: BaseException) -> tuple[bool, float | None]:
    """Whether trying again may work, and how long Discord asked us to wait first."""
    if isinstance(error, Busy):
        return True, error.retry_after
    if isinstance(error, discord.RateLimited):
        return True, error.retry_after if math.isfinite(error.retry_after) else None
    if isinstance(error, discord.HTTPException):
        if error.status == 429:
            headers = getattr(error.response, "headers", None) or {}
            return True, retry_after({}, headers)
        return error.status in TRANSIENT_STATUSES, None
    if isinstance(error, TimeoutError | aiohttp.ClientError | ConnectionError):
        return True, None
    return False, None


class Outbound:
    """Runs calls to Discord with bounded retries; one per client."""

    def __init__(self, clock: Clock, *, rng: random.Random | None = None) -> None:
        self._clock = clock
        self._rng = rng or random.Random()
        self._deadline: float | None = None

    def stop_by(self, deadline: float) -> None:
        """Shutting down: no wait may end after `deadline` (a `time.monotonic()` value)."""
        self._deadline = deadline

    async def call(self, op: Callable[[], Awaitable[T]], *, patience: Patience,
                   what: str) -> T:
        """`op()` until it works, a failure isn't worth retrying, or patience runs out
        (then the last error is raised). `op` must start a fresh request on every call."""
        waited = 0.0
        for attempt in range(1, patience.attempts + 1):
            try:
                return await self.once(op)
            except Exception as error:
                retry, asked = transient(error)
                if not retry or attempt == patience.attempts:
                    raise
                wait = min(asked if asked is not None else self._backoff(attempt),
                           patience.longest_wait)
                if waited + wait > patience.budget or not self._time_left(wait):
                    raise
                log.info("Discord was busy with %s (%s); trying again in %.1fs", what,
                         _describe(error), wait)
                await self._clock.sleep(wait)
                waited += wait
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def once(self, op: Callable[[], Awaitable[T]]) -> T:
        """`op()` once, with a 429 or 5xx raised at once as `Busy` (nudges: the scheduler
        owns their retries)."""
        token = _owned.set(True)
        try:
            return await op()
        finally:
            _owned.reset(token)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter: 0.5 s, 1 s, 2 s, ... at most."""
        return self._rng.uniform(0.1, 0.5 * 2 ** (attempt - 1))

    def _time_left(self, wait: float) -> bool:
        return self._deadline is None or time.monotonic() + wait < self._deadline


def _describe(error: BaseException) -> str:
    if isinstance(error, discord.HTTPException):
        return f"HTTP {error.status}"
    return type(error).__name__
