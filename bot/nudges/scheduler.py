"""The scheduler: delivers due nudges through the platforms' outbound ports, durably.

It sleeps until the next due time (capped, so clock corrections heal), wakes at once when a
nudge is added or changed, claims due nudges in batches, sends outside any transaction, and
records every outcome fenced by its lease. After downtime, late nudges go out once, marked
late; ones older than the lateness limit are expired and summarised once per user. Failures:
Retry-After is honoured, transient errors back off exponentially with jitter up to a limit,
and a permanent failure marks the nudge dead and holds the user's nudges until they return.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.format import day
from bot.models import Rejection, User
from bot.nudges.composer import compose, title
from bot.nudges.model import (
    Delivery,
    DeliveryStatus,
    Messenger,
    Nudge,
    NudgeKind,
    NudgeStatus,
    OutgoingNudge,
)
from bot.nudges.ratelimit import RateLimiter
from bot.nudges.timing import quiet_until
from bot.observe import DEAD, EXPIRED, NO_OBSERVER, RETRIED, SENT, Observer
from bot.store import Store
from bot.store.nudges import Outcome, Scope

log = logging.getLogger(__name__)

# Stop sending this long before a lease ends, so a slow send cannot overlap the next
# owner's; capped at a quarter of the lease, or a short lease would never send at all.
_LEASE_MARGIN = timedelta(seconds=10)


@dataclass(frozen=True)
class SchedulerPolicy:
    """The scheduler's knobs; the defaults suit a chat bot."""

    max_sleep: float = 30.0
    lease: timedelta = timedelta(minutes=2)
    batch_size: int = 500
    lateness_limit: timedelta = timedelta(days=7)
    late_after: timedelta = timedelta(minutes=15)
    max_attempts: int = 6
    backoff_base: float = 30.0
    backoff_cap: float = 3600.0
    rates: Mapping[str, float] = field(default_factory=dict)
    late_waits_for_quiet_hours: bool = True
    """A nudge that is already late (the bot was down) still waits until the user's quiet
    hours end. The terminal turns this off: there the user is present when it starts."""


class Scheduler:
    """Delivers the nudges of the platforms it has messengers for (optionally one user)."""

    def __init__(self, *, store: Store, clock: Clock, messengers: Sequence[Messenger],
                 policy: SchedulerPolicy | None = None,
                 rng: random.Random | None = None, owner: str | None = None,
                 only_user: int | None = None, observer: Observer = NO_OBSERVER) -> None:
        self._store = store
        self._queue = store.nudges
        self._clock = clock
        self._messengers = {m.platform: m for m in messengers}
        self._policy = policy or SchedulerPolicy()
        self._rng = rng or random.Random()
        self.owner = owner or f"scheduler-{uuid.uuid4().hex[:12]}"
        self._scope = Scope(platforms=tuple(self._messengers), user_id=only_user)
        self._limiter = RateLimiter(clock, self._policy.rates)
        self._wake = asyncio.Event()
        self._stopping = False
        self.on_delivered: Callable[[OutgoingNudge], None] | None = None
        self._observer = observer
        self.last_tick: datetime | None = None
        """When the loop last went round (or sent a nudge): health checks compare it with
        the clock, as the loop never sleeps longer than `policy.max_sleep`."""

    @property
    def policy(self) -> SchedulerPolicy:
        return self._policy

    def wake(self) -> None:
        """Something changed: look at the queue again now instead of after the sleep."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the send in flight, hand the rest of the batch back, then leave `run`."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Deliver due nudges until stopped; never busy-polls."""
        while not self._stopping:
            self.last_tick = self._clock.now()
            try:
                next_at = await self._queue.next_run_at(self._scope)
                now = self._clock.now()
                if next_at is not None and next_at <= now:
                    await self.run_due()
                    continue
                delay = self._policy.max_sleep if next_at is None else min(
                    self._policy.max_sleep, (next_at - now).total_seconds())
            except Exception:
                log.exception("the scheduler hit a problem; trying again shortly")
                delay = min(5.0, self._policy.max_sleep)
            await self._sleep(delay)

    async def _sleep(self, seconds: float) -> None:
        self._wake.clear()
        sleeper = asyncio.ensure_future(self._clock.sleep(seconds))
        waker = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                task.cancel()

    async def next_run_at(self) -> datetime | None:
        """When the scheduler next has something to do."""
        return await self._queue.next_run_at(self._scope)

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many nudges are waiting to go out now, and when the oldest of them was due."""
        return await self._queue.due_backlog(self._scope, now=self._clock.now())

    async def run_due(self) -> int:
        """Deliver everything due now, batch by batch; returns how many were attempted."""
        attempted = 0
        # Users barely change within one pass, and a backlog revisits the same ones batch
        # after batch; rejections are re-read per batch, since a step done meanwhile matters.
        users: dict[int, User] = {}
        while not self._stopping:
            now = self._clock.now()
            batch = await self._queue.claim(
                scope=self._scope, owner=self.owner, now=now, lease=self._policy.lease,
                limit=self._policy.batch_size, expire_before=now - self._policy.lateness_limit,
                on_expired=lambda platform, count: self._observer.nudge_outcome(
                    platform, EXPIRED, count))
            if not batch:
                break
            attempted += len(batch)
            outcomes = await self._deliver_batch(batch, users=users,
                                                 lease_ends=now + self._policy.lease)
            await self._record(outcomes)
        return attempted

    async def _record(self, outcomes: list[Outcome]) -> None:
        """Save outcomes; a locked database is retried, so an ack is never dropped.

        Unreachable users are marked first: their held nudges go back as due at once, and
        must not be claimed again before the mark keeps them back.
        """
        delay = 0.5
        while True:
            try:
                await self._mark_unreachable(outcomes)
                recorded = await self._queue.record(outcomes, owner=self.owner,
                                                    now=self._clock.now())
                break
            except Exception as exc:  # sqlite3.OperationalError: database is locked, ...
                if self._stopping and delay > 8:
                    raise
                log.warning("could not record %d nudge outcomes (%s); retrying in %.1fs",
                            len(outcomes), type(exc).__name__, delay)
                await self._clock.sleep(delay)
                delay = min(delay * 2, 30.0)
        if recorded < len(outcomes):
            log.info("%d of %d nudge outcomes were refused: cancelled or reclaimed meanwhile",
                     len(outcomes) - recorded, len(outcomes))

    async def _mark_unreachable(self, outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            if outcome.unreachable is not None:
                await self._store.set_unreachable(outcome.nudge.user_id, outcome.unreachable)

    async def _deliver_batch(self, batch: list[Nudge], *, users: dict[int, User],
                             lease_ends: datetime) -> list[Outcome]:
        missing = sorted({n.user_id for n in batch} - users.keys())
        users.update(await self._store.users_by_ids(missing))
        rejection_ids = {n.rejection_id for n in batch if n.rejection_id is not None}
        rejection_ids |= {item["rejection_id"] for n in batch
                          for item in _missed_items(n) if isinstance(item, dict)
                          and isinstance(item.get("rejection_id"), int)}
        rejections = await self._store.rejections_by_ids(sorted(rejection_ids))
        outcomes: list[Outcome] = []
        blocked: set[int] = set()
        send_until = lease_ends - min(_LEASE_MARGIN, self._policy.lease / 4)
        for index, nudge in enumerate(batch):
            self.last_tick = self._clock.now()
            if self._clock.now() >= send_until or self._stopping:
                # Hand the rest back now (not when the lease ends), so another worker, or
                # this one after a restart, sends them at once.
                reason = "shutting down" if self._stopping else "lease ran short"
                outcomes += [Outcome(n, NudgeStatus.PENDING, run_at=self._clock.now(),
                                     error=reason) for n in batch[index:]]
                break
            user = users.get(nudge.user_id)
            if nudge.user_id in blocked:
                # Held, not delayed: the unreachable mark keeps it back until the user is
                # told, and then it should go at once.
                outcomes.append(Outcome(nudge, NudgeStatus.PENDING, run_at=self._clock.now(),
                                        error="user unreachable"))
                continue
            if user is None:
                outcomes.append(Outcome(nudge, NudgeStatus.PENDING,
                                        run_at=self._clock.now() + timedelta(hours=1),
                                        error="user gone"))
                continue
            outcome = await self._deliver_one(nudge, user, rejections)
            if outcome.status in _OBSERVED:
                self._observer.nudge_outcome(user.key.platform, _OBSERVED[outcome.status])
            if outcome.unreachable is not None:
                blocked.add(nudge.user_id)
            outcomes.append(outcome)
            if index % 64 == 63:
                await asyncio.sleep(0)  # keep the event loop responsive in big batches
        return outcomes

    async def _deliver_one(self, nudge: Nudge, user: User,
                           rejections: Mapping[int, Rejection]) -> Outcome:
        try:
            outgoing = await self._outgoing(nudge, user, rejections)
        except Exception as exc:
            # One unreadable row (a payload or zone the code can't use) must not fail the
            # whole batch: that would strand every nudge claimed with it, again and again.
            log.exception("nudge %s can't be composed and is marked dead", nudge.id)
            return Outcome(nudge, NudgeStatus.DEAD,
                           error=f"corrupt nudge: {type(exc).__name__}: {exc}"[:300])
        if isinstance(outgoing, Outcome):
            return outgoing
        late = outgoing.late
        platform = user.key.platform
        await self._limiter.acquire(platform)
        try:
            delivery = await self._messengers[platform].deliver(outgoing)
        except Exception as exc:
            log.exception("the %s messenger failed on nudge %s", platform, nudge.id)
            delivery = Delivery.transient(f"{type(exc).__name__} in the messenger")
        outcome = self._outcome(nudge, delivery, late=late, platform=platform)
        if outcome.status is NudgeStatus.SENT and self.on_delivered is not None:
            self.on_delivered(outgoing)
        return outcome

    async def _outgoing(self, nudge: Nudge, user: User,
                        rejections: Mapping[int, Rejection]) -> OutgoingNudge | Outcome:
        """The message to send, or the outcome when it no longer applies."""
        now = self._clock.now()
        next_up = await self._next_up(user) if nudge.kind is NudgeKind.MISSED else None
        composed = compose(nudge, user=user,
                           rejection=rejections.get(nudge.rejection_id or -1),
                           rejections=rejections, next_up=next_up)
        if composed.reply is None:
            return Outcome(nudge, NudgeStatus.CANCELLED, error=composed.reason)
        late = now - nudge.due_at > self._policy.late_after
        if late and self._policy.late_waits_for_quiet_hours:
            wake = quiet_until(now, user.preferences)
            if wake is not None:
                return Outcome(nudge, NudgeStatus.PENDING, run_at=wake,
                               error="late; waiting for the user's quiet hours to end")
        return OutgoingNudge(user=user.key, idempotency_key=nudge.key,
                             due_local=nudge.due_at.astimezone(ZoneInfo(nudge.timezone)),
                             late=late,
                             title=composed.title, reply=composed.reply)

    async def _next_up(self, user: User) -> str | None:
        upcoming = [n for n in await self._queue.pending_for_user(user.id, limit=3)
                    if n.kind is not NudgeKind.MISSED]
        if not upcoming:
            return None
        first = upcoming[0]
        rejection = (await self._store.rejections_by_ids([first.rejection_id])).get(
            first.rejection_id) if first.rejection_id else None
        local = first.due_at.astimezone(ZoneInfo(user.preferences.timezone))
        return f"{title(first.kind, rejection)}, {day(local.date())} at {local:%H:%M}"

    def _outcome(self, nudge: Nudge, delivery: Delivery, *, late: bool,
                 platform: str) -> Outcome:
        now = self._clock.now()
        if delivery.status is DeliveryStatus.SENT:
            return Outcome(nudge, NudgeStatus.SENT, late=late)
        if delivery.status is DeliveryStatus.RETRY_AFTER:
            wait = delivery.retry_after or 1.0
            self._limiter.pause(platform, wait)
            return Outcome(nudge, NudgeStatus.PENDING, error=delivery.reason or "rate limited",
                           run_at=now + timedelta(seconds=wait))
        if delivery.status is DeliveryStatus.PERMANENT:
            return Outcome(nudge, NudgeStatus.DEAD, error=f"unreachable: {delivery.reason}",
                           unreachable=delivery.reason)
        if nudge.attempts >= self._policy.max_attempts:
            return Outcome(nudge, NudgeStatus.DEAD,
                           error=f"gave up after {nudge.attempts} attempts: {delivery.reason}")
        ceiling = min(self._policy.backoff_cap,
                      self._policy.backoff_base * 2 ** (nudge.attempts - 1))
        wait = self._rng.uniform(ceiling / 2, ceiling)
        return Outcome(nudge, NudgeStatus.PENDING, error=delivery.reason,
                       run_at=now + timedelta(seconds=wait))


# What a delivery attempt's outcome counts as; a nudge the composer dropped is not counted.
_OBSERVED = {NudgeStatus.SENT: SENT, NudgeStatus.PENDING: RETRIED, NudgeStatus.DEAD: DEAD}


def _missed_items(nudge: Nudge) -> list[Any]:
    """The items of a missed-reminders summary; anything but a list counts as none."""
    items = nudge.payload.get("missed", [])
    return items if isinstance(items, list) else []
