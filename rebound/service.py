"""Running the bot on chat platforms: one database, one coach, one scheduler, any number of apps.

Each platform app (Slack, Discord) is handed the coach, gives back its outbound nudge port, and
runs under its own `Supervisor`: a platform that fails is retried with backoff while the others
and the scheduler go on. Nudges go out through the port of the platform their user is on.

Stopping is bounded: the apps stop taking work at once and get until a deadline to finish,
the scheduler finishes the send in flight and hands the rest back, and whatever is still
running at the deadline is cancelled; `run` returns only when every task it started is done,
so the store can be closed after it.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Sequence
from typing import Any

from bot.clock import Clock
from bot.dates import warm_up as warm_up_dates
from bot.errors import ReboundError
from bot.models import UserKey
from bot.nudges.scheduler import SchedulerPolicy
from bot.observe import NO_OBSERVER, Observer
from bot.store import Store
from bot.store.errors import STORAGE_ERRORS
from rebound.bootstrap import bootstrap
from rebound.platform import PlatformApp
from rebound.supervise import Backoff, PlatformStatus, Supervisor

log = logging.getLogger(__name__)

SHUTDOWN_GRACE = 6.0
"""Seconds the apps and the scheduler get to finish their work on SIGTERM."""
FINAL_WAIT = 1.0
"""Seconds each of the three clean-up steps after the grace may take at most (cancelled tasks
ending, handing the claims back, the health server closing): with the grace, at most 9 s, so
the process exits within the 10 s it promises (and the 15 s service managers wait)."""
WAKE_AGAIN = 0.1
"""Seconds between the wake-ups the scheduler gets while the service waits for it to stop."""
STARTUP_WAIT = 30.0
"""Seconds the scheduler waits for the platforms to come up before it starts anyway (so a
nudge due at start finds its platform connected, and an outage holds up no one for long)."""


class Service:
    """The shared core every platform app runs on, built once per process."""

    def __init__(self, store: Store, apps: Sequence[PlatformApp], *, clock: Clock | None = None,
                 policy: SchedulerPolicy | None = None,
                 default_timezone: str | None = None,
                 observer: Observer = NO_OBSERVER, rng: random.Random | None = None,
                 backoff: Backoff | None = None) -> None:
        self._apps = {app.platform: app for app in apps}
        core = bootstrap(store=store, clock=clock, policy=policy, observer=observer,
                         default_timezone=default_timezone, on_user_changed=self._user_changed,
                         bind=lambda coach: [app.bind(coach) for app in apps])
        self.store, self.clock = core.store, core.clock
        self.coach, self.scheduler = core.coach, core.scheduler
        self._supervisors = [Supervisor(app, clock=self.clock, rng=rng, backoff=backoff)
                             for app in apps]
        self.stopping = False

    @property
    def apps(self) -> list[PlatformApp]:
        return list(self._apps.values())

    def platforms(self) -> list[PlatformStatus]:
        """Each platform's state, for `/readyz` and `/metrics`."""
        return [s.status() for s in self._supervisors]

    def _user_changed(self, user: UserKey) -> None:
        app = self._apps.get(user.platform)
        if app is not None:
            app.user_changed(user)

    async def run(self, *, stop: asyncio.Event | None = None,
                  servers: Sequence[asyncio.Task[None]] = ()) -> None:
        """Run the scheduler and every app (supervised) until `stop` is set, then stop them
        all within `SHUTDOWN_GRACE` plus a little. `servers` (already listening, like the
        health endpoint) are watched too, and cancelled last, so probes see the stop.

        Raises `FatalStartup` when a platform can't start at all, and re-raises a crash of
        the scheduler or a server; everything else is stopped cleanly first either way.
        """
        # Load the date parser's data off the loop now, not on some user's first message.
        self._warm_up = asyncio.ensure_future(asyncio.to_thread(warm_up_dates))
        stopped = asyncio.ensure_future((stop or asyncio.Event()).wait())
        starting = asyncio.ensure_future(self._platforms_settled())
        platforms = [asyncio.create_task(s.run(), name=f"platform:{s.platform}")
                     for s in self._supervisors]
        servers = list(servers)
        scheduler: asyncio.Task[None] | None = None
        watched: set[asyncio.Future[Any]] = {stopped, starting, *platforms, *servers}
        problem: BaseException | None = None
        grace = SHUTDOWN_GRACE
        try:
            while problem is None and not stopped.done():
                done, _ = await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
                for task in done - {stopped}:
                    watched.discard(task)
                    if task is starting:
                        scheduler = asyncio.create_task(self.scheduler.run(), name="scheduler")
                        watched.add(scheduler)
                    elif problem is None:
                        problem = _failure(task, ends_quietly=task in platforms)
        except asyncio.CancelledError:
            grace = 0.0
            raise
        finally:
            for helper in (stopped, starting):
                helper.cancel()
            await self._stop(grace=grace, scheduler=scheduler, platforms=platforms,
                             servers=servers)
        if problem is not None:
            raise problem

    async def _platforms_settled(self) -> None:
        """Until every platform came up or failed once, or `STARTUP_WAIT` passed."""
        async def everyone() -> None:
            for supervisor in self._supervisors:
                await supervisor.settled.wait()

        waits = {asyncio.ensure_future(everyone()),
                 asyncio.ensure_future(self.clock.sleep(STARTUP_WAIT))}
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()

    async def _stop(self, *, grace: float, scheduler: asyncio.Task[None] | None,
                    platforms: list[asyncio.Task[None]],
                    servers: list[asyncio.Task[None]]) -> None:
        """The bounded shutdown: see the module docstring."""
        self.stopping = True
        deadline = time.monotonic() + grace
        log.info("stopping: no new work; finishing what is in flight (up to %.0fs)", grace)
        self.scheduler.stop()
        closing = [asyncio.create_task(s.shutdown(deadline=deadline))
                   for s in self._supervisors]
        working = [t for t in (scheduler, *closing) if t is not None]
        if scheduler is not None:
            await self._wait_for_scheduler(scheduler, deadline)
        if working:
            await asyncio.wait(working, timeout=max(0.0, deadline - time.monotonic()))
        working += platforms
        if scheduler is not None and not scheduler.done():
            log.warning("the send in flight didn't finish in %.0fs; cancelling it", grace)
            scheduler.cancel()
        # Only now the platforms stop serving: the scheduler's last send used their clients.
        await asyncio.gather(*(s.cancel(deadline=deadline) for s in self._supervisors))
        for task in working:
            task.cancel()
        if working:
            await asyncio.wait(working, timeout=FINAL_WAIT)
        await self._hand_back_claims()
        for task in servers:
            task.cancel()
        if servers:
            await asyncio.wait(servers, timeout=FINAL_WAIT)
        log.info("stopped")

    async def _wait_for_scheduler(self, scheduler: asyncio.Task[None], deadline: float) -> None:
        """Wait for the scheduler to stop, waking it again now and then: a stop that lands
        while it is between its last check and its sleep would otherwise wait out the sleep."""
        while not scheduler.done() and time.monotonic() < deadline:
            self.scheduler.wake()
            await asyncio.wait({scheduler}, timeout=min(WAKE_AGAIN,
                                                         deadline - time.monotonic()))

    async def _hand_back_claims(self) -> None:
        """Make any nudge this process still holds due again at once, so the next start
        (or another process) sends it now rather than when its lease runs out. Needed only
        when the scheduler was cancelled mid-send; a clean stop has already done it."""
        try:
            async with asyncio.timeout(FINAL_WAIT):
                handed = await self.store.nudges.release_owner(
                    self.scheduler.owner, now=self.clock.now(), reason="handed back at shutdown")
        except STORAGE_ERRORS + (TimeoutError, ReboundError,) as exc:  # noqa: RUF005 (mypy reads no * here)
            log.warning("couldn't hand the claimed nudges back (%s); they return when their "
                        "lease ends", type(exc).__name__)
            return
        if handed:
            log.info("handed %d claimed nudges back to the queue", handed)


def _failure(task: asyncio.Future[Any], *, ends_quietly: bool) -> BaseException | None:
    """Why a task that should run until the end stopped; None for a platform that stopped
    for good after being up (it said so in the log; the others go on)."""
    if task.cancelled():
        return None if ends_quietly else RuntimeError("a task was cancelled")
    error = task.exception()
    if error is None and not ends_quietly:
        return RuntimeError(f"{task.get_name() if isinstance(task, asyncio.Task) else 'a task'}"
                            " stopped on its own")
    return error
