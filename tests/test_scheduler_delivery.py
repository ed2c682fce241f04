"""How the scheduler records, leases and shares its work, on a fake clock over a real database
(SQLite, and PostgreSQL when a server answers).

Each send's outcome is committed before the next send unless the platform drops repeats; a
crashed owner's claims come back within one short lease; schedulers sharing a database claim
small slices and keep to one rate between them.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from nudge_support import (
    MONDAY,
    Hang,
    RawNudge,
    RecordingMessenger,
    by_key,
    insert_nudges,
    insert_users,
    make_user,
)
from worker_support import busiest_second

from adapters.console_nudges import ConsoleMessenger
from adapters.discord.messenger import DiscordMessenger
from adapters.slack.messenger import SlackMessenger
from bot.clock import FakeClock
from bot.models import User
from bot.nudges.model import Delivery, OutgoingNudge
from bot.nudges.scheduler import Scheduler, SchedulerPolicy
from bot.store import Store
from rebound.bootstrap import bootstrap, open_store


class CommittedView(RecordingMessenger):
    """Notes, at each send, what another process sees: the committed state of the database
    (`other`, the same database opened again)."""

    def __init__(self, clock: FakeClock, other: Store, **options: object) -> None:
        super().__init__(clock, **options)  # type: ignore[arg-type]
        self._other = other
        self.sent_before: list[int] = []
        self.claimed_before: list[Counter[str]] = []

    async def deliver(self, nudge: OutgoingNudge) -> Delivery:
        db = self._other.database
        row = await db.read_one("SELECT COUNT(*) FROM nudges WHERE status = 'sent'")
        assert row is not None
        self.sent_before.append(int(row[0]))
        self.claimed_before.append(Counter({str(r[0]): int(r[1]) for r in await db.read(
            "SELECT lease_owner, COUNT(*) FROM nudges WHERE status = 'claimed'"
            " GROUP BY lease_owner")}))
        return await super().deliver(nudge)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY)


@pytest.fixture
async def user(store: Store) -> User:
    return await make_user(store)


def make(store: Store, clock: FakeClock, messenger: RecordingMessenger, *,
         owner: str | None = None, **policy: object) -> Scheduler:
    return bootstrap(store=store, clock=clock, messengers=[messenger], owner=owner,
                     policy=SchedulerPolicy(**policy),  # type: ignore[arg-type]
                     rng=random.Random(5)).scheduler


def test_each_messenger_says_whether_its_platform_drops_repeated_sends() -> None:
    assert DiscordMessenger.deduplicates is True  # the message nonce
    assert SlackMessenger.deduplicates is False  # chat.postMessage has no idempotency key
    assert ConsoleMessenger.deduplicates is False


async def test_each_send_is_committed_before_the_next_starts(
        store: Store, clock: FakeClock, user: User, db_target: Path | str) -> None:
    await insert_nudges(store, [RawNudge(f"n{i}", user.id, MONDAY) for i in range(12)])
    async with await open_store(db_target) as other:
        messenger = CommittedView(clock, other)
        assert await make(store, clock, messenger).run_due() == 12
    assert messenger.sent_before == list(range(12))


async def test_sends_to_a_platform_that_drops_repeats_share_commits(
        store: Store, clock: FakeClock, user: User, db_target: Path | str) -> None:
    await insert_nudges(store, [RawNudge(f"n{i}", user.id, MONDAY) for i in range(12)])
    async with await open_store(db_target) as other:
        messenger = CommittedView(clock, other, deduplicates=True)
        assert await make(store, clock, messenger, batch_size=5).run_due() == 12
    # No time passes on the fake clock, so each claim's sends form one group.
    assert messenger.sent_before == [0] * 5 + [5] * 5 + [10] * 2
    assert {row["status"] for row in (await by_key(store)).values()} == {"sent"}


async def test_a_crashed_owners_claims_come_back_within_one_short_lease(
        store: Store, clock: FakeClock, user: User) -> None:
    await insert_nudges(store, [RawNudge(f"n{i}", user.id, MONDAY) for i in range(20)])
    doomed, survivor = RecordingMessenger(clock), RecordingMessenger(clock)
    hang = Hang()
    doomed.script(Delivery.sent(), Delivery.sent(), hang)
    crashing = asyncio.create_task(make(store, clock, doomed, owner="doomed").run_due())
    await asyncio.wait_for(hang.entered.wait(), 5)
    crashing.cancel()  # dies in its third send: nothing is handed back
    with pytest.raises(asyncio.CancelledError):
        await crashing
    lease = SchedulerPolicy().lease
    assert lease <= timedelta(seconds=20)
    other = make(store, clock, survivor, owner="survivor")
    clock.advance(lease - timedelta(seconds=1))
    assert await other.run_due() == 0  # the dead owner's lease still holds
    clock.advance(timedelta(seconds=1))
    assert await other.run_due() == 18  # seconds after the crash, not minutes
    assert sorted(doomed.keys + survivor.keys) == sorted(f"n{i}" for i in range(20))
    rows = await by_key(store)
    assert {row["status"] for row in rows.values()} == {"sent"}


async def test_a_live_owner_keeps_its_claims_while_it_works_through_them(
        store: Store, clock: FakeClock, user: User) -> None:
    """At 1 send a second, a claim of 30 takes 30 s, longer than the lease: renewals keep it,
    so a second scheduler finds nothing to take."""
    await insert_nudges(store, [RawNudge(f"n{i}", user.id, MONDAY) for i in range(30)])
    slow, other = RecordingMessenger(clock), RecordingMessenger(clock)
    working = asyncio.create_task(
        make(store, clock, slow, owner="slow", rates={"test": 1.0}, slice_seconds=30.0,
             max_hold=30.0).run_due())
    idle = make(store, clock, other, owner="other")
    while not working.done():
        if clock.sleepers:
            clock.advance(timedelta(milliseconds=250))
            assert await idle.run_due() == 0
        await asyncio.sleep(0)
    assert working.result() == 30
    assert len(slow.keys) == 30 and other.attempts == []
    assert clock.now() - MONDAY >= timedelta(seconds=25)  # well past one lease


async def test_two_schedulers_take_turns_in_small_slices_at_one_shared_rate(
        store: Store, clock: FakeClock, db_target: Path | str) -> None:
    users = await insert_users(store, 10)
    await insert_nudges(store, [RawNudge(f"n{i:02d}", users[i % 10], MONDAY)
                                for i in range(60)])
    rate = 4.0
    async with await open_store(db_target) as other:
        messengers = {owner: CommittedView(clock, other) for owner in ("a", "b")}
        tasks = [asyncio.create_task(make(store, clock, messenger, owner=owner,
                                          rates={"test": rate}).run_due())
                 for owner, messenger in messengers.items()]
        while not all(task.done() for task in tasks):
            if clock.sleepers:
                clock.advance(timedelta(milliseconds=50))
            await asyncio.sleep(0)
        for task in tasks:
            task.result()
    keys = [key for messenger in messengers.values() for key in messenger.keys]
    assert sorted(keys) == [f"n{i:02d}" for i in range(60)]  # each once
    assert min(len(m.keys) for m in messengers.values()) >= 20  # a fair share each
    # Claims of one second's sends at the rate: neither ever held more than 4 at once.
    assert max(max(c.values(), default=0) for m in messengers.values()
               for c in m.claimed_before) <= rate
    times = sorted((a.at - MONDAY).total_seconds() for m in messengers.values()
                   for a in m.attempts)
    assert times[-1] >= (60 - 5) / rate  # one rate between them, after a burst of 5
    assert busiest_second(times) <= rate + 5


async def test_claims_handed_back_unsent_do_not_use_up_the_retry_budget(
        store: Store, clock: FakeClock, user: User) -> None:
    await insert_nudges(store, [RawNudge("n", user.id, MONDAY)])
    async with store.database.write() as tx:  # claimed and handed back many times before
        await tx.execute("UPDATE nudges SET attempts = 9")
    messenger = RecordingMessenger(clock)
    messenger.script(*[Delivery.transient("503 from the API")] * 2)
    worker = make(store, clock, messenger, max_attempts=3)
    for failures in (1, 2):
        assert await worker.run_due() == 1
        row = (await by_key(store))["n"]
        assert (row["status"], row["failures"]) == ("pending", failures)  # retried, not dead
        clock.set(datetime.fromisoformat(row["run_at"]))
    assert await worker.run_due() == 1
    row = (await by_key(store))["n"]
    assert (row["status"], row["attempts"], row["failures"]) == ("sent", 12, 2)
