"""The values the nudge machinery passes around: kinds, statuses, rows and delivery results."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from bot.models import UserKey
from bot.replies import Reply
from bot.values import value


class NudgeKind(StrEnum):
    """Why a nudge is sent; each kind has its own message and quick actions."""

    REACH_OUT = "reach-out"
    CHECK_REPLY = "check-reply"
    ANSWER_REPLY = "answer-reply"
    PAUSE_OVER = "pause-over"
    NO_REPLY = "no-reply"
    MOVE_ON = "move-on"
    STAY_IN_TOUCH = "stay-in-touch"
    CHECK_IN = "check-in"
    MISSED = "missed"


class NudgeStatus(StrEnum):
    """A nudge row's life: pending -> claimed -> sent, or dead / expired / cancelled."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    DEAD = "dead"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PlannedNudge:
    """A nudge the playbook wants to exist: the planner syncs these into the queue.

    `key` is the idempotency key: the same (rejection, step, occurrence) always gives the same
    key, so repeating an event never creates a second nudge. `keep_only` says its day has
    passed: keep a nudge still waiting for it (to go out late, or expire into a summary), but
    don't create one now.
    """

    key: str
    kind: NudgeKind
    due_on: date
    rejection_id: int | None
    payload: dict[str, Any] = field(default_factory=dict)
    keep_only: bool = False


@value
class Nudge:
    """A stored nudge row, as claimed by a scheduler.

    `attempts` counts claims (it fences each one); `failures` counts sends that failed and
    were retried, the budget `max_attempts` limits.

    A claim also reads, with the row, what delivering it needs of its user: `recipient`,
    whether they take monthly check-ins (`checkins`), and the `message` (title and text)
    composed when it was planned, only while that is still what composing it now would give
    (`bot.store.nudges`). Without a recipient, the scheduler reads the user itself.
    """

    id: int
    key: str
    user_id: int
    rejection_id: int | None
    kind: NudgeKind
    due_at: datetime
    timezone: str
    status: NudgeStatus
    attempts: int
    payload: dict[str, Any]
    failures: int = 0
    recipient: UserKey | None = None
    checkins: bool = True
    message: tuple[str, str] | None = None


MAX_RETRY_AFTER = 900.0
"""The longest pause a platform's Retry-After can impose (15 minutes): a longer one is capped."""
DEFAULT_RETRY_AFTER = 30.0
"""The pause taken when a Retry-After makes no sense (missing, not a number, negative, inf)."""
MIN_RETRY_AFTER = 1.0
"""The shortest pause after a rate limit, so a zero Retry-After can't make the sends spin."""


def sane_retry_after(value: object) -> float:
    """A platform's Retry-After (seconds, as a number or header text) made safe to wait for.

    A finite value is kept between `MIN_RETRY_AFTER` and `MAX_RETRY_AFTER` (1e12 becomes 15
    minutes); anything else (None, `abc`, nan, inf, a negative number) gives the default.
    """
    if isinstance(value, bool):
        return DEFAULT_RETRY_AFTER
    if isinstance(value, str | bytes):
        try:
            value = float(value)
        except ValueError:
            return DEFAULT_RETRY_AFTER
    if not isinstance(value, int | float):
        return DEFAULT_RETRY_AFTER
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0:
        return DEFAULT_RETRY_AFTER
    return min(MAX_RETRY_AFTER, max(MIN_RETRY_AFTER, seconds))


class DeliveryStatus(StrEnum):
    """What the outbound port says about one delivery attempt."""

    SENT = "sent"
    RETRY_AFTER = "retry-after"
    TRANSIENT = "transient"
    PERMANENT = "permanent"


@value
class Delivery:
    """The outcome of one delivery attempt."""

    status: DeliveryStatus
    retry_after: float | None = None
    reason: str = ""

    @classmethod
    def sent(cls) -> Delivery:
        """Delivered (one shared value: every send that goes through answers it)."""
        return _SENT

    @classmethod
    def retry(cls, seconds: float | str | None, reason: str = "rate limited") -> Delivery:
        """Rate limited: try again after the platform's Retry-After (made sane here)."""
        return cls(DeliveryStatus.RETRY_AFTER, retry_after=sane_retry_after(seconds),
                   reason=reason)

    @classmethod
    def transient(cls, reason: str) -> Delivery:
        return cls(DeliveryStatus.TRANSIENT, reason=reason)

    @classmethod
    def permanent(cls, reason: str) -> Delivery:
        return cls(DeliveryStatus.PERMANENT, reason=reason)


_SENT = Delivery(DeliveryStatus.SENT)


@value
class OutgoingNudge:
    """One nudge ready for a platform: who gets it, when it was due locally, and what it says.

    `idempotency_key` lets a platform drop a repeated send (e.g. a Discord message nonce).
    """

    user: UserKey
    idempotency_key: str
    due_local: datetime
    late: bool
    title: str
    reply: Reply


class Messenger(Protocol):
    """The outbound port each adapter implements: deliver a nudge as a direct message.

    `deduplicates` says whether the platform drops a repeat of a send carrying the same
    `idempotency_key` (Discord's message nonce does; Slack's `chat.postMessage` and the
    terminal don't). Only then may the scheduler record several sends in one commit, since a
    crash before that commit repeats them; otherwise each send is recorded before the next.
    A `RETRY_AFTER` delivery may carry any value the platform sent: the scheduler caps it.
    """

    @property
    def platform(self) -> str: ...

    @property
    def deduplicates(self) -> bool: ...

    async def deliver(self, nudge: OutgoingNudge) -> Delivery: ...
