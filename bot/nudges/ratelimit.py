"""An outbound rate limit per platform, and the pause a platform's Retry-After asks for."""

from __future__ import annotations

from collections.abc import Mapping

from bot.clock import Clock


class RateLimiter:
    """A token bucket per platform (messages per second, with a small burst), on the clock.

    A platform missing from `rates` is not limited. `pause` holds a platform back until a
    Retry-After has passed, whatever its bucket holds.
    """

    def __init__(self, clock: Clock, rates: Mapping[str, float], *, burst: float = 5.0) -> None:
        self._clock = clock
        self._rates = dict(rates)
        self._burst = burst
        self._tokens: dict[str, float] = dict.fromkeys(rates, burst)
        self._last: dict[str, float] = {}
        self._paused_until: dict[str, float] = {}

    def _elapsed(self) -> float:
        return self._clock.now().timestamp()

    def wait_time(self, platform: str) -> float:
        """Seconds until the next message to `platform` may go."""
        now = self._elapsed()
        pause = max(0.0, self._paused_until.get(platform, 0.0) - now)
        rate = self._rates.get(platform)
        if rate is None:
            return pause
        self._refill(platform, now, rate)
        missing = 1.0 - self._tokens[platform]
        return max(pause, missing / rate if missing > 0 else 0.0)

    def _refill(self, platform: str, now: float, rate: float) -> None:
        last = self._last.get(platform, now)
        self._tokens[platform] = min(self._burst,
                                     self._tokens[platform] + max(0.0, now - last) * rate)
        self._last[platform] = now

    async def acquire(self, platform: str) -> None:
        """Wait (on the clock) until a message to `platform` may go, and count it."""
        while (delay := self.wait_time(platform)) > 0:
            await self._clock.sleep(delay)
        if platform in self._rates:
            self._tokens[platform] -= 1.0

    def pause(self, platform: str, seconds: float) -> None:
        """Send nothing more to `platform` for `seconds` (a Retry-After)."""
        until = self._elapsed() + seconds
        self._paused_until[platform] = max(self._paused_until.get(platform, 0.0), until)
