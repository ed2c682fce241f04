"""What a platform gives the inbox (its handler), what delivering an answer can come to,
and how the worker paces itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from bot.inbox.unit import Unit
from bot.store.inbox import InboxEntry


@dataclass(frozen=True)
class InboxPolicy:
    """How the worker paces itself. Durations in seconds."""

    lease: float = 30.0
    heartbeat: float = 10.0
    batch: int = 256
    max_attempts: int = 5
    max_deliveries: int = 8
    retry_base: float = 2.0
    retry_cap: float = 300.0
    idle_check: float = 30.0
    """How often an idle worker looks for entries another process stored (its own wake it)."""
    keep: timedelta = timedelta(days=1)
    """How long a handled entry's id is kept, so a redelivered event is dropped."""
    prune_every: float = 3600.0

    def backoff(self, attempt: int) -> float:
        """Seconds before try number `attempt + 1`, doubling, capped."""
        return float(min(self.retry_cap, self.retry_base * 2.0 ** max(0, attempt - 1)))


@dataclass(frozen=True)
class DeliveryResult:
    """What became of one try to deliver a reply: delivered, to try again after
    `retry_after` seconds, or (with only `error`) never deliverable."""

    retry_after: float | None = None
    error: str | None = None

    @classmethod
    def delivered(cls) -> DeliveryResult:
        return cls()

    @classmethod
    def later(cls, seconds: float, reason: str) -> DeliveryResult:
        return cls(retry_after=max(0.0, seconds), error=reason)

    @classmethod
    def undeliverable(cls, reason: str) -> DeliveryResult:
        return cls(error=reason)


class InboxHandler(Protocol):
    """A platform's side of the inbox."""

    async def handle(self, entry: InboxEntry, unit: Unit) -> None:
        """Handle a stored event: look up what's needed on the platform, then make the
        changes inside `async with unit:` and queue the answer with `unit.reply(...)`.
        Returning without entering the unit marks the entry handled with no answer;
        raising hands it back to be tried again later."""
        ...

    async def deliver(self, entry: InboxEntry, reply: dict[str, Any]) -> DeliveryResult:
        """Send a reply a unit queued; raising counts as "try again later"."""
        ...
