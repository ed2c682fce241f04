"""What the service needs from a platform adapter: the one shape Slack, Discord and the test
apps all take (kept apart so the supervisor and the service both name it without importing
each other)."""

from __future__ import annotations

from typing import Protocol

from bot.coach import Coach
from bot.models import UserKey
from bot.nudges.model import Messenger


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
        """Serve users until cancelled. Raises `FatalStartup` for a problem retrying can't
        fix (a refused or malformed token, a port in use); any other exception, or a
        return, is a lost connection that the service retries with backoff."""
        ...

    async def shutdown(self, *, deadline: float) -> None:
        """Stop taking new work at once; finish or hand back what is in flight, deliver or
        persist the replies already computed, and return by `deadline` (a
        `time.monotonic()` value). The service cancels `run` after this returns."""
        ...

    def user_changed(self, user: UserKey) -> None:
        """A user's data changed (refresh anything that shows it, e.g. Slack's App Home)."""
        ...

    @property
    def ready(self) -> bool:
        """Whether the platform can reach the app now (connected, or listening)."""
        ...
