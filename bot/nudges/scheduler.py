"""The scheduler: delivers due nudges through the platforms' outbound ports, durably.

Waiting: it sleeps until the next due time (capped at `max_sleep`, so clock corrections heal)
and wakes at once when a nudge is added or changed, or on `stop`. The wake flag is cleared
before the queue is read, never after, so a `wake()` or `stop()` that arrives while the
database is being read cuts the following sleep short instead of being erased.

Claiming: due nudges are claimed in slices, each in one short write transaction, under a short
lease (20 s). For rate-limited platforms a slice holds `slice_seconds` of sends at the lowest
rate (3 nudges for Slack at 3/s), so processes on one database take turns at the due work
instead of one hoarding hundreds while another idles; a platform without a rate takes up to
`batch_size` at once.

Sending: outside any transaction, one nudge at a time, paced by a rate limiter whose budget
lives in the database (`bot.nudges.ratelimit`), so processes share one rate per platform. Each
send's outcome is committed before the next send starts, fenced by the lease (owner and
attempts), except where the platform drops repeated sends (`Messenger.deduplicates`): there a
short window of sends shares a commit (`bot.nudges.ledger`). A crash therefore repeats at most
the send in flight where a repeat would show.

Leases: the owner renews its lease in those commits while it works through a slice, however
slowly the platform answers; a crashed owner's unsent claims come back one lease (20 s) after
its last commit, and on `stop` they are handed back at once.

Failures: a Retry-After (capped at 15 minutes) pauses the platform on the monotonic clock, in
every process; a wait longer than `max_hold` hands the nudge back (due when it ends) rather
than holding its claim. Transient errors back off exponentially with jitter up to a limit; a
permanent failure marks the nudge dead and holds the user's nudges until they return. After
downtime, late nudges go out once, marked late; ones older than the lateness limit are expired
and summarised once per user.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.nudges.ledger import Ledger
from bot.nudges.model import (
    Delivery,
    DeliveryStatus,
    Messenger,
    Nudge,
    NudgeStatus,
    OutgoingNudge,
    sane_retry_after,
)
from bot.nudges.outcomes import outcome_of
from bot.nudges.policy import SchedulerPolicy
from bot.nudges.prepare import Preparer
from bot.nudges.ratelimit import RateLimiter
from bot.nudges.wording import wording
from bot.observe import DEAD, EXPIRED, NO_OBSERVER, RETRIED, SENT, Observer
from bot.store import Store
from bot.store.nudges import Outcome, Scope
from bot.store.send_budget import SendBudgets

__all__ = ["Scheduler", "SchedulerPolicy"]

log = logging.getLogger(__name__)

YIELD_EVERY = 64
"""Sends between turns given to the rest of the event loop: a turn costs about as much as a
send, and 64 sends hold the loop for about a millisecond."""
_SHORT_WAIT = 0.1
"""Rate waits shorter than this (seconds) are slept through even if a stop comes meanwhile."""


class Scheduler:
    """Delivers the nudges of the platforms it has messengers for (optionally one user)."""

    def __init__(self, *, store: Store, clock: Clock, messengers: Sequence[Messenger],
                 policy: SchedulerPolicy | None = None,
                 rng: random.Random | None = None, owner: str | None = None,
                 only_user: int | None = None, observer: Observer = NO_OBSERVER,
                 wake: asyncio.Event | None = None) -> None:
        """`wake` is the signal the coach sets when it changed someone's nudges (the
        composition root makes it first and hands it to both)."""
        self._store = store
        self._queue = store.nudges
        self._clock = clock
        self._messengers = {m.platform: m for m in messengers}
        self._policy = policy or SchedulerPolicy()
        self._rng = rng or random.Random()
        self.owner = owner or f"scheduler-{uuid.uuid4().hex[:12]}"
        self._scope = Scope(platforms=tuple(self._messengers), user_id=only_user)
        self._limiter = RateLimiter(clock, self._policy.rates,
                                    budgets=SendBudgets(store.database,
                                                        wall=lambda: clock.now().timestamp()))
        self._wake = wake or asyncio.Event()
        self._stop = asyncio.Event()
        self._ledger: Ledger | None = None
        self.on_delivered: Callable[[OutgoingNudge], None] | None = None
        self._observer = observer
        self.last_tick: datetime | None = None
        """When the loop last went round (or sent a nudge): health checks compare it with
        the clock, as the loop never sleeps longer than `policy.max_sleep`."""

    @property
    def policy(self) -> SchedulerPolicy:
        return self._policy

    @property
    def _stopping(self) -> bool:
        return self._stop.is_set()

    def wake(self) -> None:
        """Something changed: look at the queue again now instead of after the sleep."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the send in flight, hand the rest of the claim back, then leave `run`."""
        self._stop.set()
        self._wake.set()
        if self._ledger is not None:
            self._ledger.stopping = True

    async def run(self) -> None:
        """Deliver due nudges until stopped; never busy-polls."""
        while not self._stopping:
            # Cleared before the queue is read: whatever a wake() announces from here on
            # is either in what the read sees or cuts the coming sleep short.
            self._wake.clear()
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
            await self._until(self._wake.wait(), seconds=delay)

    async def _until(self, event: Awaitable[Any], *, seconds: float) -> None:
        """Wait `seconds` on the clock, or less if `event` (a wake or stop) comes first."""
        sleeper = asyncio.ensure_future(self._clock.sleep(seconds))
        waker = asyncio.ensure_future(event)
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
        """Deliver everything due now, slice by slice; returns how many were claimed."""
        attempted = 0
        while not self._stopping:
            now = self._clock.now()
            claim = await self._queue.claim(
                scope=self._scope, owner=self.owner, now=now, lease=self._policy.lease,
                limit=self._slice_size(), expire_before=now - self._policy.lateness_limit,
                wording=wording(),
                on_expired=lambda platform, count: self._observer.nudge_outcome(
                    platform, EXPIRED, count))
            if not claim:
                break
            attempted += len(claim)
            await self._deliver(claim, Preparer(self._store, self._clock, self._policy))
        return attempted

    def _slice_size(self) -> int:
        """Nudges per claim: `slice_seconds` of sends at the lowest rate served, else a batch."""
        rates = [rate for platform, rate in self._policy.rates.items()
                 if platform in self._messengers]
        if not rates:
            return self._policy.batch_size
        return max(1, min(self._policy.batch_size,
                          math.floor(min(rates) * self._policy.slice_seconds)))

    async def _deliver(self, claim: list[Nudge], preparer: Preparer) -> None:
        ledger = Ledger(self._store, self._clock, owner=self.owner, claim=claim,
                        lease=self._policy.lease, group_window=self._policy.group_window)
        self._ledger = ledger
        ledger.stopping = self._stopping
        try:
            await preparer.load(claim)
            blocked: set[int] = set()
            for index, nudge in enumerate(claim):
                self.last_tick = self._clock.now()
                if self._stopping:
                    # Handed back now (not when the lease ends), so another worker, or this
                    # one after a restart, sends them at once.
                    await ledger.hand_back(claim[index:], "shutting down")
                    break
                if ledger.holds(nudge):
                    await self._attempt(nudge, ledger=ledger, preparer=preparer,
                                        blocked=blocked, left=len(claim) - index)
                if index % YIELD_EVERY == YIELD_EVERY - 1:
                    await asyncio.sleep(0)  # keep the event loop responsive in big claims
            await ledger.flush()
        finally:
            self._ledger = None

    async def _attempt(self, nudge: Nudge, *, ledger: Ledger, preparer: Preparer,
                       blocked: set[int], left: int) -> None:
        """Compose, pace and send one claimed nudge, and pass its outcome to the ledger."""
        if nudge.user_id in blocked:
            # Held, not delayed: the unreachable mark keeps it back until the user is told,
            # and then it should go at once.
            ledger.note(Outcome(nudge, NudgeStatus.PENDING, run_at=self._clock.now(),
                                error="user unreachable"))
            return
        outgoing = preparer.ready(nudge)
        if outgoing is None:
            outgoing = await preparer.outgoing(nudge)
        if isinstance(outgoing, Outcome):
            ledger.note(outgoing)
            return
        platform = outgoing.user.platform
        wait = None if self._limiter.free(platform) else await self._slot(
            platform, ledger=ledger, want=left)
        if wait is not None:
            ledger.note(Outcome(nudge, NudgeStatus.PENDING,
                                run_at=self._clock.now() + timedelta(seconds=wait),
                                error="waiting out the platform's rate limit"))
            return
        if self._stopping:
            await ledger.hand_back([nudge], "shutting down")
            return
        if ledger.renewal_due:
            await ledger.keep()
        if not ledger.holds(nudge):
            return
        await self._send(nudge, outgoing, platform=platform, ledger=ledger, blocked=blocked)

    async def _slot(self, platform: str, *, ledger: Ledger, want: int) -> float | None:
        """Wait for a send slot; None when it came (or a stop did), else the seconds still to
        wait, too long to hold the claim through."""
        while True:
            slot = await self._limiter.reserve(platform, want=want)
            if slot.wait > self._policy.max_hold:
                return slot.wait
            if slot.wait > 0:
                await ledger.before_wait(slot.wait)  # nothing sits unrecorded for long
                if slot.wait < _SHORT_WAIT:
                    await self._clock.sleep(slot.wait)  # not worth racing against a stop
                else:
                    await self._until(self._stop.wait(), seconds=slot.wait)
                if self._stopping:
                    return None
            if slot.held:
                return None

    async def _send(self, nudge: Nudge, outgoing: OutgoingNudge, *, platform: str,
                    ledger: Ledger, blocked: set[int]) -> None:
        messenger = self._messengers[platform]
        try:
            delivery = await messenger.deliver(outgoing)
        except Exception as exc:
            log.exception("the %s messenger failed on nudge %s", platform, nudge.id)
            delivery = Delivery.transient(f"{type(exc).__name__} in the messenger")
        if delivery.status is DeliveryStatus.RETRY_AFTER:
            await self._limiter.pause(platform, sane_retry_after(delivery.retry_after))
        outcome = outcome_of(nudge, delivery, now=self._clock.now(), late=outgoing.late,
                             policy=self._policy, rng=self._rng)
        self._observer.nudge_outcome(platform, _OBSERVED[outcome.status])
        if outcome.unreachable is not None:
            blocked.add(nudge.user_id)
        if outcome.status is NudgeStatus.SENT and self.on_delivered is not None:
            self.on_delivered(outgoing)
        await ledger.sent(outcome, deduplicates=messenger.deduplicates)


# What a delivery attempt's outcome counts as.
_OBSERVED = {NudgeStatus.SENT: SENT, NudgeStatus.PENDING: RETRIED, NudgeStatus.DEAD: DEAD}
