"""The inbox's worker: claims stored entries under a lease, hands each to its platform's
handler in lanes (one user's conversation in order, lanes side by side), delivers the answers
after their commit, and hands back what it holds when it stops."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections import deque
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.errors import ReboundError
from bot.inbox.model import DeliveryResult, InboxHandler, InboxPolicy
from bot.inbox.unit import LeaseLost, NewEntry, Unit
from bot.owner import ProcessOwner
from bot.store import Store
from bot.store.inbox import InboxEntry, InboxTable

log = logging.getLogger(__name__)

RELEASE_RESERVE = 0.3
"""Seconds kept back from a shutdown deadline to hand unfinished entries back."""


class Inbox:
    """One platform's inbox over the shared store, and its worker."""

    def __init__(self, store: Store, *, platform: str, handler: InboxHandler, clock: Clock,
                 policy: InboxPolicy | None = None, owner: ProcessOwner | None = None) -> None:
        self.platform = platform
        self._store = store
        self._table = InboxTable(store.database, platform)
        self._handler = handler
        self._clock = clock
        self.policy = policy or InboxPolicy()
        self._me = owner or ProcessOwner.current()
        self._owner = str(self._me)
        self._wake = asyncio.Event()
        self._lanes: dict[str, deque[InboxEntry]] = {}
        self._lane_tasks: dict[str, asyncio.Task[None]] = {}
        self._held = 0
        self._stopping = False
        self._started = False
        self._sleeping = False
        self._stopped = asyncio.Event()
        self._last_prune: datetime | None = None

    @property
    def idle(self) -> bool:
        """The worker holds nothing and waits, with no wake-up pending (for tests)."""
        return self._sleeping and not self._lane_tasks and not self._wake.is_set()

    @property
    def table(self) -> InboxTable:
        """The rows themselves (for monitoring and tests)."""
        return self._table

    async def accept(self, source_id: str, payload: Mapping[str, Any], *,
                     lane: str = "") -> bool:
        """Store an event durably (one small commit, shared with the events arriving at the
        same time); True if it is new, False if it was received before. Acknowledge the
        platform only after this returns. Not from inside a write transaction."""
        fresh = await self._table.accept(source_id, dict(payload), lane=lane_key(lane),
                                         now=self._clock.now())
        if fresh:
            self._wake.set()
        return fresh

    def handle_now(self, source_id: str, payload: Mapping[str, Any], *,
                   lane: str = "") -> Unit:
        """A unit of work for an event handled before the platform is answered (a form whose
        errors go back in the answer): `async with inbox.handle_now(...) as unit:` stores the
        event, handled, with its effects and reply in one commit; `unit.duplicate` says it
        was handled before; `unit.discard()` records nothing. Call `wake()` after, so the
        worker delivers the reply."""
        return Unit(self._store, self._table, self._clock, entry_id=None, owner=None,
                    new=NewEntry(source_id, dict(payload), lane_key(lane)))

    def wake(self) -> None:
        """Look for work now (a reply was queued, or another process stored events)."""
        self._wake.set()

    # -- the worker ------------------------------------------------------------------------

    async def run(self) -> None:
        """Handle and deliver until `shutdown` (or cancellation)."""
        self._started = True
        await self._housekeeping()
        heartbeat = asyncio.create_task(self._heartbeat(), name=f"inbox-heartbeat:{self.platform}")
        try:
            while not self._stopping:
                self._wake.clear()
                room = self.policy.batch - self._held
                claimed = await self._claim(room) if room > 0 else 0
                if self._stopping or (room > 0 and claimed == room):
                    continue
                await self._idle(wait_for_room=room <= 0)
        finally:
            heartbeat.cancel()
            if not self._stopping:  # cancelled: what's in hand comes back with its lease
                lanes = list(self._lane_tasks.values())
                for task in lanes:
                    task.cancel()
                # Their transactions end (roll back) before whoever cancelled closes the store.
                await asyncio.gather(*lanes, return_exceptions=True)
            self._stopped.set()

    async def shutdown(self, *, deadline: float) -> None:
        """Stop claiming, let the entries in hand finish until `deadline` (a
        `time.monotonic()` value), cancel the rest and hand them back; returns by then."""
        self._stopping = True
        self._wake.set()
        if self._started:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), _left(deadline, RELEASE_RESERVE))
        tasks = set(self._lane_tasks.values())
        if tasks:
            _done, late = await asyncio.wait(tasks, timeout=_left(deadline, RELEASE_RESERVE))
            for task in late:
                task.cancel()
            if late:
                log.warning("stopping: %d conversation(s) on %s were cut short; they are "
                            "handed back for the next start", len(late), self.platform)
                await asyncio.wait(late, timeout=_left(deadline, RELEASE_RESERVE / 2))
        try:
            async with asyncio.timeout(_left(deadline, 0.0)):
                await self._table.release_owner(self._owner)
        except (TimeoutError, ReboundError, OSError) as exc:
            log.warning("stopping: couldn't hand %s inbox entries back (%s); they come back "
                        "when their lease ends", self.platform, type(exc).__name__)

    async def _claim(self, room: int) -> int:
        now = self._clock.now()
        entries = await self._table.claim(
            owner=self._owner, now=now, until=now + timedelta(seconds=self.policy.lease),
            horizon=now + timedelta(seconds=self.policy.retry_cap), limit=room)
        if self._stopping:  # `shutdown` hands them back
            return len(entries)
        for entry in entries:
            self._held += 1
            self._lanes.setdefault(entry.lane, deque()).append(entry)
            if entry.lane not in self._lane_tasks:
                self._lane_tasks[entry.lane] = asyncio.create_task(
                    self._run_lane(entry.lane), name=f"inbox-lane:{self.platform}")
        return len(entries)

    async def _idle(self, *, wait_for_room: bool) -> None:
        """Wait for a wake-up, or until the next entry waiting out a delay is due."""
        delay = self.policy.idle_check
        if not wait_for_room:
            now = self._clock.now()
            due = await self._table.next_due(now=now)
            if due is not None:
                delay = min(delay, max(1.0, (due - now).total_seconds()))
        waker = asyncio.ensure_future(self._wake.wait())
        sleeper = asyncio.ensure_future(self._nap(delay)) if not wait_for_room else None
        self._sleeping = wait_for_room
        try:
            await asyncio.wait({waker, *([sleeper] if sleeper else [])},
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._sleeping = False
            waker.cancel()
            if sleeper is not None:
                sleeper.cancel()

    async def _nap(self, seconds: float) -> None:
        self._sleeping = True  # in the same step as the clock's sleep begins
        try:
            await self._clock.sleep(seconds)
        finally:
            self._sleeping = False

    async def _heartbeat(self) -> None:
        """Keep the leases in hand alive; now and then drop old entries and take back the
        leases of processes that died."""
        while True:
            await self._clock.sleep(self.policy.heartbeat)
            if self._held:
                now = self._clock.now()
                await self._table.renew(owner=self._owner,
                                        until=now + timedelta(seconds=self.policy.lease))
            await self._housekeeping()

    async def _housekeeping(self) -> None:
        now = self._clock.now()
        if self._last_prune is not None and \
                (now - self._last_prune).total_seconds() < self.policy.prune_every:
            return
        self._last_prune = now
        for owner in await self._table.owners():
            if self._me.outlived(owner):
                count = await self._table.release_owner(owner)
                log.info("took back %d inbox entries from a process that stopped", count)
                self._wake.set()
        pruned = await self._table.prune(before=now - self.policy.keep)
        if pruned:
            log.info("pruned %d handled %s inbox entries", pruned, self.platform)

    # -- one lane: one conversation, in order ----------------------------------------------

    async def _run_lane(self, lane: str) -> None:
        queue = self._lanes[lane]
        try:
            while queue:
                entry = queue[0]
                carry_on = await self._process(entry)
                queue.popleft()
                self._held -= 1
                # It waits out a delay: the rest of its lane waits behind it, including what
                # a claim running meanwhile adds (on PostgreSQL claims don't wait for writes).
                while not carry_on and queue:
                    rest = [e.id for e in queue]
                    self._held -= len(queue)
                    queue.clear()
                    await self._table.release(rest, owner=self._owner)
        finally:
            self._held -= len(queue)
            del self._lanes[lane]
            del self._lane_tasks[lane]
            self._wake.set()

    async def _process(self, entry: InboxEntry) -> bool:
        """Handle (if pending) and deliver one entry; False if it was handed back for later."""
        reply = entry.reply
        if reply is None:
            unit = Unit(self._store, self._table, self._clock, entry_id=entry.id,
                        owner=self._owner)
            try:
                await self._handler.handle(entry, unit)
                if unit.entered and not unit.committed:
                    raise ReboundError("the handler left its unit of work unfinished")
                if not unit.entered:
                    async with unit:
                        pass
            except LeaseLost:
                log.warning("an inbox entry's lease ran out while it was handled; another "
                            "worker has it")
                return False
            except Exception as exc:  # any failure: the entry is tried again later
                return await self._handling_failed(entry, exc)
            reply = unit.queued
            if reply is None:
                return True
        return await self._deliver(entry, reply)

    async def _handling_failed(self, entry: InboxEntry, exc: Exception) -> bool:
        error = type(exc).__name__
        if entry.attempts >= self.policy.max_attempts:
            log.error("gave up on %s inbox entry %d after %d attempts (%s)", self.platform,
                      entry.id, entry.attempts, error, exc_info=exc)
            await self._table.fail(entry.id, owner=self._owner, error=error,
                                   now=self._clock.now())
            return True
        delay = self.policy.backoff(entry.attempts)
        log.warning("handling %s inbox entry %d failed (%s); trying again in %.0fs",
                    self.platform, entry.id, error, delay, exc_info=exc)
        await self._table.retry(entry.id, owner=self._owner, error=error,
                                at=self._clock.now() + timedelta(seconds=delay))
        return False

    async def _deliver(self, entry: InboxEntry, reply: dict[str, Any]) -> bool:
        tries = entry.deliveries if entry.handled else 1  # a claim for delivery counts one
        try:
            result = await self._handler.deliver(entry, reply)
        except Exception as exc:  # a bug or an outage: try again later, like a 5xx
            log.warning("delivering a %s reply failed (%s)", self.platform, type(exc).__name__,
                        exc_info=exc)
            result = DeliveryResult.later(self.policy.backoff(tries), type(exc).__name__)
        now = self._clock.now()
        if result.retry_after is None or tries >= self.policy.max_deliveries:
            if result.error:
                log.warning("a %s reply couldn't be delivered: %s", self.platform, result.error)
            await self._table.delivered(entry.id, owner=self._owner, now=now, error=result.error)
            return True
        delay = min(result.retry_after, self.policy.retry_cap)
        await self._table.retry(entry.id, owner=self._owner, error=result.error or "retry",
                                at=now + timedelta(seconds=delay))
        return False


def lane_key(lane: str) -> str:
    """The stored form of a lane: a short digest, so the table holds no user ids."""
    return hashlib.sha256(lane.encode()).hexdigest()[:16] if lane else ""


def _left(deadline: float, reserve: float) -> float:
    return max(0.0, deadline - time.monotonic() - reserve)
