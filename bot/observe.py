"""The observer port: what the core reports for monitoring (commands handled, nudge outcomes).

The core calls an `Observer`; the composition root plugs in one that feeds metrics (Prometheus,
in `rebound.metrics`), so the core itself depends on no monitoring library. Labels are bounded:
a command is a known command's name, `other` or `form`, never what the user typed.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Protocol, TypeVar

from bot.commands import command_word, lookup

T = TypeVar("T")

OTHER = "other"
"""The command label of a message that names no command (an answer, a typo, free text)."""
FORM = "form"
"""The command label of a submitted form (a Slack or Discord modal)."""

SENT = "sent"
RETRIED = "retried"
DEAD = "dead"
EXPIRED = "expired"
NUDGE_OUTCOMES = (SENT, RETRIED, DEAD, EXPIRED)
"""What `Observer.nudge_outcome` reports; a nudge the composer drops (its step was done) is
not reported."""


class Observer(Protocol):
    """Told what the core did, for metrics; must be quick and must not raise."""

    def command_handled(self, platform: str, command: str, seconds: float) -> None:
        """One message or form was answered, in `seconds` (wall time, end to end)."""
        ...

    def nudge_outcome(self, platform: str, outcome: str, count: int = 1) -> None:
        """`count` nudges were sent, retried (will be tried again), dead, or expired."""
        ...


class NoObserver:
    """The default observer: ignores everything."""

    def command_handled(self, platform: str, command: str, seconds: float) -> None:
        pass

    def nudge_outcome(self, platform: str, outcome: str, count: int = 1) -> None:
        pass


NO_OBSERVER = NoObserver()


def command_label(text: str) -> str:
    """The metric label of a message: the name of the command it starts with, or `other`."""
    command = lookup(command_word(text))
    return command.name if command is not None else OTHER


async def timed(observer: Observer, platform: str, command: str, work: Awaitable[T]) -> T:
    """Await `work` and report it to `observer` as one command handled, however it ends."""
    started = time.perf_counter()  # a duration, not a moment: the injected clock doesn't apply
    try:
        return await work
    finally:
        observer.command_handled(platform, command, time.perf_counter() - started)
