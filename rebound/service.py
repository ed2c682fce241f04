"""Running the bot on chat platforms: one database, one coach, one scheduler, any number of apps.

Each platform app (Slack, Discord) is handed the coach, gives back its outbound nudge port, and
runs until cancelled. Nudges go out through the port of the platform their user is on.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any, Protocol

from bot.clock import Clock, SystemClock
from bot.coach import Coach
from bot.drafts import DraftRenderer
from bot.errors import ReboundError
from bot.models import UserKey
from bot.nudges.model import Messenger
from bot.nudges.scheduler import Scheduler, SchedulerPolicy
from bot.observe import NO_OBSERVER, Observer
from bot.store import Store

log = logging.getLogger(__name__)

SHUTDOWN_GRACE = 7.0
"""Seconds the scheduler gets to finish on SIGTERM; with the apps' own shutdown the process
exits well within the 10 s that service managers wait before killing it."""
APP_SHUTDOWN_GRACE = 5.0
"""Seconds the apps get, beside the scheduler's, to finish the requests in hand."""


class PlatformApp(Protocol):
    """What `Service` needs from a platform adapter."""

    @property
    def platform(self) -> str:
        """The `UserKey.platform` of the users this app serves."""
        ...

    def bind(self, coach: Coach) -> Messenger:
        """Take the coach to answer users with; return the port that delivers nudges."""
        ...

    async def run(self) -> None:
        """Serve users until cancelled; return or raise only if the app can't go on."""
        ...

    async def shutdown(self, *, deadline: float) -> None:
        """Stop taking new work at once; finish or hand back what is in flight, with the
        answers already computed delivered or kept for the next start; return by
        `deadline` (a `time.monotonic()` value), however slow the platform is."""
        ...

    def user_changed(self, user: UserKey) -> None:
        """A user's data changed (refresh anything that shows it, e.g. Slack's App Home)."""
        ...

    @property
    def ready(self) -> bool:
        """Whether the platform can reach the app now (connected, or listening)."""
        ...


class Service:
    """The shared core every platform app runs on, built once per process."""

    def __init__(self, store: Store, apps: Sequence[PlatformApp], *, clock: Clock | None = None,
                 policy: SchedulerPolicy | None = None,
                 default_timezone: str | None = None,
                 observer: Observer = NO_OBSERVER) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self._apps = {app.platform: app for app in apps}
        self.coach = Coach(store=store, clock=self.clock, drafts=DraftRenderer(),
                           on_nudges_changed=self._wake, on_user_changed=self._user_changed,
                           default_timezone=default_timezone, observer=observer)
        messengers = [app.bind(self.coach) for app in apps]
        self.scheduler = Scheduler(store=store, clock=self.clock, messengers=messengers,
                                   policy=policy or SchedulerPolicy(), observer=observer)

    def _wake(self) -> None:
        self.scheduler.wake()

    def _user_changed(self, user: UserKey) -> None:
        app = self._apps.get(user.platform)
        if app is not None:
            app.user_changed(user)

    async def run(self, *, stop: asyncio.Event | None = None,
                  extra: Sequence[Coroutine[Any, Any, None]] = ()) -> None:
        """Run the scheduler, every app and any `extra` servers until `stop` is set (or one
        of them fails, or the task is cancelled).

        On `stop`, the apps stop taking requests at once and finish (or hand back) those in
        hand within `APP_SHUTDOWN_GRACE` seconds, while the scheduler finishes the send in
        flight and hands its other claims back, so the next start sends them; the apps and
        servers are then cancelled. All of it within `SHUTDOWN_GRACE` seconds.
        """
        async with asyncio.TaskGroup() as group:
            scheduler = group.create_task(self.scheduler.run(), name="scheduler")
            others = [group.create_task(app.run(), name=f"app:{platform}")
                      for platform, app in self._apps.items()]
            others += [group.create_task(work, name="server") for work in extra]
            if stop is None:
                return
            await stop.wait()
            log.info("stopping: finishing the sends in flight")
            deadline = time.monotonic() + APP_SHUTDOWN_GRACE
            apps_stopped = asyncio.gather(*(app.shutdown(deadline=deadline)
                                            for app in self._apps.values()))
            self.scheduler.stop()
            try:
                await asyncio.wait_for(asyncio.shield(scheduler), SHUTDOWN_GRACE)
            except TimeoutError:
                log.warning("the scheduler didn't stop in %ss; its claims return when their "
                            "lease ends", SHUTDOWN_GRACE)
                scheduler.cancel()
            await apps_stopped
            for task in others:
                task.cancel()


async def open_store(path: Path) -> Store:
    """Open (creating and migrating) the database, or explain in one line why not."""
    try:
        return await Store.open(path)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ReboundError(f"can't open the database at {path}: {reason}. Choose another file "
                           "with --db PATH or the REBOUND_DB variable.") from exc
