"""One platform app kept running: restarted with backoff when it fails, reported while it is down.

A `Supervisor` runs its app's `run()` again and again: an exception (or a return) is a lost
connection, retried after an exponential backoff with jitter (1 s doubling to 60 s by default),
one log line per attempt. `FatalStartup` is different: before the app was ever up it ends the
process (a start-up problem a restart can't fix); after that, the platform is marked failed and
the others keep going. Its state (starting, up, reconnecting, retrying since..., failed,
stopping) feeds `/readyz` and `/metrics`; its text is ours, never an exception's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import aiohttp

from bot.clock import Clock
from bot.errors import FatalStartup, ReboundError
from bot.format import plural
from rebound.platform import PlatformApp

log = logging.getLogger(__name__)

APP_MARGIN = 0.25
"""Seconds before the supervisor's own deadline that an app's `shutdown` is asked to end."""
CANCEL_WAIT = 1.0
"""Seconds a cancelled `run()` may take to unwind (close its sockets) past the deadline."""


class Unavailable(ReboundError):
    """A platform can't be reached just now (a 5xx, a rate limit at start-up): try again. The
    message is ours and safe to log (an error code, never a request or a token)."""


_EXPECTED = (OSError, TimeoutError, aiohttp.ClientError, Unavailable)
"""Failures a network service meets in normal life: logged in one line, no traceback."""


@dataclass(frozen=True)
class Backoff:
    """How long to wait before trying again after the `failures`-th failure in a row."""

    first: float = 1.0
    cap: float = 60.0
    healthy_after: timedelta = timedelta(minutes=1)
    """An attempt that ran this long counts as a success: the next failure starts over."""
    poll: float = 1.0
    """Seconds between looks at `ready` while an attempt is coming up (none once it is up)."""

    def delay(self, failures: int, rng: random.Random) -> float:
        """Between half and all of first * 2^(failures - 1), capped ("equal jitter")."""
        ceiling = min(self.cap, self.first * 2 ** max(0, min(failures - 1, 30)))
        return rng.uniform(ceiling / 2, ceiling)


class State(StrEnum):
    STARTING = "starting"
    UP = "up"
    RECONNECTING = "reconnecting"
    RETRYING = "retrying"
    FAILED = "failed"
    STOPPING = "stopping"


@dataclass(frozen=True)
class PlatformStatus:
    """One platform's state, as `/readyz` and `/metrics` show it."""

    platform: str
    state: State
    since: datetime | None = None
    """When the outage (retrying) or the failure began."""
    failures: int = 0
    restarts: int = 0

    @property
    def up(self) -> bool:
        return self.state is State.UP

    def describe(self) -> str:
        """One line of plain text: state and, when down, since when."""
        text = f"{self.platform}: {self.state.value}"
        if self.state is State.RETRYING and self.since is not None:
            text += f" since {_stamp(self.since)} ({plural(self.failures, 'failed attempt')})"
        elif self.state is State.FAILED and self.since is not None:
            text += f" at {_stamp(self.since)}; see the log"
        return text


class Supervisor:
    """Keeps one `PlatformApp` running until `shutdown`; see the module docstring."""

    def __init__(self, app: PlatformApp, *, clock: Clock, rng: random.Random | None = None,
                 backoff: Backoff | None = None) -> None:
        self.app = app
        self._clock = clock
        self._rng = rng or random.Random()
        self._backoff = backoff or Backoff()
        self._attempt: asyncio.Task[None] | None = None
        self._state = State.STARTING
        self._since: datetime | None = None
        self._failures = 0
        self._restarts = 0
        self._ever_up = False
        self._stopping = asyncio.Event()
        self._up = asyncio.Event()
        self.settled = asyncio.Event()
        """Set once the app first came up, or its first attempt failed, or it stopped: the
        scheduler waits for this (briefly) so nudges find the platform connected."""

    @property
    def platform(self) -> str:
        return self.app.platform

    def status(self) -> PlatformStatus:
        state = self._state
        if state in (State.STARTING, State.UP, State.RECONNECTING, State.RETRYING) \
                and self._running():
            if self.app.ready:
                self._came_up()
                state = State.UP
            elif state is State.UP:
                state = State.RECONNECTING
        return PlatformStatus(self.platform, state, since=self._since, failures=self._failures,
                              restarts=self._restarts)

    async def run(self) -> None:
        """Run the app until `shutdown`, restarting it as needed; raises FatalStartup if it
        can't start at all. Returns early if the platform failed for good after being up."""
        while not self._stopping.is_set():
            started = self._clock.now()
            attempt = self._attempt = asyncio.create_task(self.app.run(),
                                                          name=f"app:{self.platform}")
            try:
                error = await self._watch(attempt)
            except asyncio.CancelledError:
                attempt.cancel()
                raise
            if self._stopping.is_set():
                return
            self.settled.set()
            if isinstance(error, FatalStartup):
                self._state, self._since = State.FAILED, self._clock.now()
                if not self._ever_up:
                    raise error
                log.error("%s stopped for good: %s", self.platform, error)
                return
            if self._clock.now() - started >= self._backoff.healthy_after:
                self._failures = 0
            self._failures += 1
            if self._failures == 1:
                self._since = self._clock.now()
            self._state = State.RETRYING
            delay = self._backoff.delay(self._failures, self._rng)
            self._log_failure(error, delay)
            if not await self._pause(delay):
                return
            self._restarts += 1

    async def shutdown(self, *, deadline: float) -> None:
        """Stop restarting; let the app stop taking work and finish what it holds by
        `deadline` (a `time.monotonic()` value). Its `run()` keeps going (its connections
        stay open for the scheduler's send in flight) until `cancel`."""
        self._stopping.set()
        self.settled.set()
        self._state = State.STOPPING
        attempt = self._attempt
        if attempt is None or attempt.done():
            return
        try:
            async with asyncio.timeout(_left(deadline)):
                # A little earlier for the app: one that keeps its deadline never trips ours.
                await self.app.shutdown(deadline=deadline - APP_MARGIN)
        except TimeoutError:
            log.warning("%s didn't finish its work in time; cancelling it", self.platform)
        except Exception:
            log.exception("%s failed while shutting down", self.platform)

    async def cancel(self, *, deadline: float) -> None:
        """End the app's `run()` (it stops serving and closes its connections), waiting for
        it until `deadline` or `CANCEL_WAIT`, whichever is later."""
        attempt = self._attempt
        if attempt is not None and not attempt.done():
            attempt.cancel()
            await asyncio.wait({attempt}, timeout=max(_left(deadline), CANCEL_WAIT))

    def _running(self) -> bool:
        return self._attempt is not None and not self._attempt.done()

    def _came_up(self) -> None:
        if self._state is not State.UP:
            if self._failures:
                log.info("%s is up again after %s", self.platform,
                         plural(self._failures, "failed attempt"))
            else:
                log.info("%s is up", self.platform)
        self._state, self._since, self._ever_up = State.UP, None, True
        self._up.set()
        self.settled.set()

    async def _watch(self, attempt: asyncio.Task[None]) -> BaseException | None:
        """Wait for the attempt to end, noting when the app comes up; what it raised (a
        normal return counts as a lost connection)."""
        self._up.clear()
        while not attempt.done():
            if self.app.ready:
                self._came_up()
            if self._up.is_set():  # seen up (here, or by a status query): no more polling
                await asyncio.wait({attempt})
                break
            looks = {asyncio.ensure_future(self._clock.sleep(self._backoff.poll)),
                     asyncio.ensure_future(self._up.wait())}
            await asyncio.wait({attempt, *looks}, return_when=asyncio.FIRST_COMPLETED)
            for look in looks:
                look.cancel()
        if attempt.cancelled():
            return Unavailable("it was cancelled")
        return sole(attempt.exception())

    async def _pause(self, seconds: float) -> bool:
        """Sleep on the clock before the next attempt; False if shutdown came first."""
        sleeper = asyncio.ensure_future(self._clock.sleep(seconds))
        stopping = asyncio.ensure_future(self._stopping.wait())
        await asyncio.wait({sleeper, stopping}, return_when=asyncio.FIRST_COMPLETED)
        for task in (sleeper, stopping):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        return not self._stopping.is_set()

    def _log_failure(self, error: BaseException | None, delay: float) -> None:
        what = _describe(error)
        line = "%s is down (%s); trying again in %.1fs (attempt %d)"
        args = (self.platform, what, delay, self._failures + 1)
        if error is None or isinstance(error, _EXPECTED):
            log.warning(line, *args)
        else:  # not a network hiccup: a bug, worth its traceback
            log.error(line, *args, exc_info=(type(error), error, error.__traceback__))


def sole(error: BaseException | None) -> BaseException | None:
    """The one exception inside task groups that each failed with just one (an app's
    `run()` often serves from a TaskGroup), so it is classified by what it really is."""
    while isinstance(error, BaseExceptionGroup) and len(error.exceptions) == 1:
        error = error.exceptions[0]
    return error


def _describe(error: BaseException | None) -> str:
    """What failed, without a library's text (which may quote a request or a server)."""
    if error is None:
        return "its connection ended"
    if isinstance(error, ReboundError):
        return str(error)
    if isinstance(error, OSError) and error.strerror:
        return f"{type(error).__name__}: {error.strerror}"
    return type(error).__name__


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())


def _stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")
