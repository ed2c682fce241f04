"""A platform app that serves nobody, for the service, supervisor and health tests.

It behaves like the real ones where the service can tell: `run` serves until cancelled (or
until a test makes it fail), `ready` is true while it runs and is "connected", `shutdown`
records its deadline and can be held up; its nudge port is the recording messenger.
"""

from __future__ import annotations

import asyncio

from bot.clock import FakeClock
from bot.coach import Coach
from bot.models import UserKey
from tests.nudge_support import RecordingMessenger


class FakeApp:
    """A `PlatformApp` whose connection a test controls."""

    def __init__(self, clock: FakeClock, platform: str, *, connected: bool = True) -> None:
        self._platform = platform
        self.messenger = RecordingMessenger(clock, platform=platform)
        self.connected = connected
        self.coach: Coach | None = None
        self.runs = 0
        self.running = False
        self.deadlines: list[float] = []
        self.hold_shutdown: asyncio.Event | None = None
        """Set to an unset event to make `shutdown` wait for it (a slow platform)."""
        self.fail_at_start: list[BaseException] = []
        """Exceptions the next runs raise at once, one per run (a platform that can't start)."""
        self._failure: asyncio.Future[None] | None = None

    @property
    def platform(self) -> str:
        return self._platform

    def bind(self, coach: Coach) -> RecordingMessenger:
        self.coach = coach
        return self.messenger

    async def run(self) -> None:
        self.runs += 1
        if self.fail_at_start:
            raise self.fail_at_start.pop(0)
        self._failure = asyncio.get_running_loop().create_future()
        self.running = True
        try:
            await self._failure
        finally:
            self.running = False

    def fail(self, error: BaseException) -> None:
        """Make the running `run` raise `error` (a lost connection)."""
        assert self._failure is not None and not self._failure.done(), "not running"
        self._failure.set_exception(error)

    async def shutdown(self, *, deadline: float) -> None:
        self.deadlines.append(deadline)
        if self.hold_shutdown is not None:
            await self.hold_shutdown.wait()

    def user_changed(self, user: UserKey) -> None:
        pass

    @property
    def ready(self) -> bool:
        return self.running and self.connected
