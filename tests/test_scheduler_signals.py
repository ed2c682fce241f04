"""Stop and wake are never lost, and a platform's Retry-After is never trusted blindly.

The races are driven deterministically: a queue whose `next_run_at` waits at a gate the test
opens, and the fake clock, which no test moves unless it says so.
"""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from nudge_support import (
    MONDAY,
    RawNudge,
    RecordingMessenger,
    by_key,
    eventually,
    insert_nudges,
    make_user,
)

from bot.clock import FakeClock
from bot.models import User
from bot.nudges.model import Delivery, DeliveryStatus
from bot.nudges.scheduler import Scheduler, SchedulerPolicy
from bot.store import Storage, Store
from bot.store.backends import open_database
from bot.store.nudges import NudgeQueue, Scope
from rebound.bootstrap import bootstrap


class GatedQueue(NudgeQueue):
    """The real queue, except that `next_run_at` reads, then waits at a gate (if closed)."""

    def __init__(self, db: Storage) -> None:
        super().__init__(db)
        self.reading = asyncio.Event()
        self.gate = asyncio.Event()
        self.gate.set()

    async def next_run_at(self, scope: Scope) -> datetime | None:
        answer = await super().next_run_at(scope)
        self.reading.set()
        await self.gate.wait()
        return answer


class GatedStore(Store):
    """A store whose nudge queue is a `GatedQueue`; the scheduler reads `store.nudges`."""

    def __init__(self, db: Storage) -> None:
        super().__init__(db)
        self.gated = GatedQueue(db)

    @property
    def nudges(self) -> GatedQueue:
        return self.gated


@pytest.fixture
async def store(db_target: Path | str) -> AsyncIterator[GatedStore]:
    opened = GatedStore(await open_database(db_target))
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY)


@pytest.fixture
async def user(store: GatedStore) -> User:
    return await make_user(store)


def make(store: Store, clock: FakeClock, messenger: RecordingMessenger,
         **policy: object) -> Scheduler:
    return bootstrap(store=store, clock=clock, messengers=[messenger],
                     policy=SchedulerPolicy(**policy),  # type: ignore[arg-type]
                     rng=random.Random(1)).scheduler


async def paused_in_the_read(store: GatedStore, scheduler: Scheduler) -> asyncio.Task[None]:
    """Start `run()` and let it get as far as reading the queue, where the gate holds it."""
    store.gated.gate.clear()
    store.gated.reading.clear()
    task = asyncio.create_task(scheduler.run())
    await asyncio.wait_for(store.gated.reading.wait(), 5)
    return task


async def test_stop_during_the_read_of_the_queue_ends_run_at_once(
        store: GatedStore, clock: FakeClock) -> None:
    scheduler = make(store, clock, RecordingMessenger(clock))
    task = await paused_in_the_read(store, scheduler)
    scheduler.stop()
    store.gated.gate.set()
    await asyncio.wait_for(task, 5)  # no fake time passes: the stop was not erased
    assert clock.now() == MONDAY


async def test_a_wake_during_the_read_of_the_queue_delivers_at_once(
        store: GatedStore, clock: FakeClock, user: User) -> None:
    messenger = RecordingMessenger(clock)
    scheduler = make(store, clock, messenger)
    task = await paused_in_the_read(store, scheduler)  # it has read an empty queue
    await insert_nudges(store, [RawNudge("new", user.id, MONDAY)])
    scheduler.wake()  # as the coach does after adding a nudge
    store.gated.gate.set()
    await messenger.wait_for_attempts(1)  # no fake time passes: the wake was not erased
    assert messenger.keys == ["new"] and clock.now() == MONDAY
    scheduler.stop()
    await asyncio.wait_for(task, 5)


async def test_stop_before_run_returns_at_once(store: GatedStore, clock: FakeClock) -> None:
    scheduler = make(store, clock, RecordingMessenger(clock))
    scheduler.stop()
    await asyncio.wait_for(scheduler.run(), 5)


async def test_stop_during_a_rate_wait_hands_the_claim_back_at_once(
        store: GatedStore, clock: FakeClock, user: User) -> None:
    await insert_nudges(store, [RawNudge(f"n{i}", user.id, MONDAY) for i in range(10)])
    messenger = RecordingMessenger(clock)
    scheduler = make(store, clock, messenger, rates={"test": 2.0})
    task = asyncio.create_task(scheduler.run())
    await messenger.wait_for_attempts(5)  # the burst; the 6th waits half a second
    await eventually(lambda: clock.sleepers > 0)
    scheduler.stop()
    await asyncio.wait_for(task, 5)
    assert clock.now() == MONDAY
    rows = await by_key(store)
    sent = {k for k, r in rows.items() if r["status"] == "sent"}
    assert sent == set(messenger.keys) and len(sent) == 5
    rest = [r for r in rows.values() if r["status"] != "sent"]
    assert {(r["status"], r["lease_owner"]) for r in rest} == {("pending", None)}
    assert all(r["run_at"] <= r["updated_at"] for r in rest)  # due at once, for anyone


@pytest.mark.parametrize(("retry_after", "waited"), [
    (1e12, 900.0), (math.inf, 30.0), (math.nan, 30.0), (-5.0, 30.0), ("abc", 30.0),
])
async def test_a_nonsense_retry_after_is_capped_or_replaced(
        store: GatedStore, clock: FakeClock, user: User, retry_after: object,
        waited: float) -> None:
    await insert_nudges(store, [RawNudge("a", user.id, MONDAY),
                                RawNudge("b", user.id, MONDAY + timedelta(seconds=1))])
    clock.advance(timedelta(seconds=1))
    messenger = RecordingMessenger(clock)
    # What a careless messenger might pass on from a header, bypassing `Delivery.retry`.
    messenger.script(Delivery(DeliveryStatus.RETRY_AFTER, retry_after))  # type: ignore[arg-type]
    scheduler = make(store, clock, messenger)
    assert await scheduler.run_due() == 2
    rows = await by_key(store)
    # "a" waits out the pause; "b" is handed back rather than held through it.
    for key in ("a", "b"):
        assert rows[key]["status"] == "pending", key
        assert rows[key]["run_at"] == (clock.now() + timedelta(seconds=waited)).isoformat(
            timespec="microseconds"), key
    clock.advance(timedelta(seconds=waited) - timedelta(milliseconds=1))
    assert await scheduler.run_due() == 0
    clock.advance(timedelta(milliseconds=1))
    assert await scheduler.run_due() == 2
    assert messenger.keys == ["a", "b"]


async def test_a_wall_clock_set_back_does_not_lengthen_a_retry_after(
        store: GatedStore, clock: FakeClock, user: User) -> None:
    await insert_nudges(store, [RawNudge("a", user.id, MONDAY),
                                RawNudge("b", user.id, MONDAY + timedelta(seconds=1))])
    clock.advance(timedelta(seconds=1))
    messenger = RecordingMessenger(clock)
    messenger.script(Delivery.retry(7))
    run = asyncio.create_task(make(store, clock, messenger).run_due())
    await messenger.wait_for_attempts(1)
    await eventually(lambda: clock.sleepers > 0)  # "b" waits out the pause on the clock
    clock.jump(timedelta(hours=-1))  # meanwhile the wall clock is corrected backwards
    clock.advance(timedelta(seconds=7))
    await messenger.wait_for_attempts(2)  # seven seconds later, not an hour
    assert messenger.keys == ["b"]
    await asyncio.wait_for(run, 5)
