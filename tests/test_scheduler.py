"""The scheduler on a fake clock over a real SQLite file: order, sleeping, waking, failures."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from nudge_support import (
    MONDAY,
    SAM,
    Changes,
    RawNudge,
    RecordingMessenger,
    by_key,
    idle,
    insert_nudges,
    make_user,
    notices,
    open_store,
    say,
)

from bot.clock import FakeClock
from bot.models import User, UserKey
from bot.nudges.model import Delivery, OutgoingNudge
from bot.nudges.scheduler import Scheduler, SchedulerPolicy
from bot.replies import Notice
from bot.store import Store
from rebound.bootstrap import bootstrap


class Rig:
    """A store, a clock, a messenger and a scheduler built the way the app builds them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.clock = FakeClock(MONDAY)
        self.messenger = RecordingMessenger(self.clock)
        self.changes = Changes()
        core = bootstrap(store=self.store, clock=self.clock, messengers=[self.messenger],
                         rng=random.Random(7), wake=self.changes)
        self.scheduler, self.coach = core.scheduler, core.coach
        self._tasks: list[asyncio.Task[None]] = []

    def make(self, policy: SchedulerPolicy | None = None, *, seed: int = 7) -> Scheduler:
        return bootstrap(store=self.store, clock=self.clock, messengers=[self.messenger],
                         policy=policy, rng=random.Random(seed)).scheduler

    def start(self) -> asyncio.Task[None]:
        task = asyncio.create_task(self.scheduler.run())
        self._tasks.append(task)
        return task

    async def stop(self) -> None:
        self.scheduler.stop()
        for task in self._tasks:
            await asyncio.wait_for(task, timeout=5)

    async def step(self, seconds: float) -> None:
        """Let `seconds` of fake time pass, then wait for the scheduler to go back to sleep."""
        self.clock.advance(timedelta(seconds=seconds))
        await idle(self.clock)


@pytest.fixture
async def rig(db_target: Path | str) -> AsyncIterator[Rig]:
    store = await open_store(db_target)
    rig = Rig(store)
    try:
        yield rig
    finally:
        await rig.stop()
        await store.close()


@pytest.fixture
async def user(rig: Rig) -> User:
    return await make_user(rig.store)


def nudge(user: User, key: str, due: timedelta, **fields: object) -> RawNudge:
    return RawNudge(key=key, user_id=user.id, due_at=MONDAY + due, **fields)  # type: ignore[arg-type]


async def test_delivers_due_nudges_in_due_order_and_not_before(rig: Rig, user: User) -> None:
    await insert_nudges(rig.store, [nudge(user, "c", timedelta(hours=3)),
                                    nudge(user, "a", timedelta(hours=1)),
                                    nudge(user, "b", timedelta(hours=2))])
    assert await rig.scheduler.run_due() == 0
    rig.clock.advance(timedelta(hours=2) - timedelta(microseconds=1))
    assert await rig.scheduler.run_due() == 1
    rig.clock.advance(timedelta(microseconds=1))
    assert await rig.scheduler.run_due() == 1
    assert rig.messenger.keys == ["a", "b"]
    rig.clock.advance(timedelta(hours=1))
    await rig.scheduler.run_due()
    assert rig.messenger.keys == ["a", "b", "c"]
    late, on_time = (a.nudge for a in rig.messenger.delivered[:2])
    assert late.late and not on_time.late  # "a" went out an hour after its moment
    assert on_time.user == SAM and on_time.title == "Monthly check-in"
    assert on_time.due_local == MONDAY + timedelta(hours=2)
    assert rig.messenger.delivered[1].at == on_time.due_local
    assert {row["status"] for row in (await by_key(rig.store)).values()} == {"sent"}


async def test_run_sleeps_and_a_wake_delivers_at_once(rig: Rig) -> None:
    rig.clock.set(datetime(2026, 3, 16, 9, 30, 30, tzinfo=UTC))  # a Monday, just past 09:30
    changes, coach = rig.changes, rig.coach
    rig.start()
    await idle(rig.clock)
    before = rig.clock.now()
    # Rejected 14 days ago: the reach-out is due today at 09:30, i.e. 30 s ago.
    await say(coach, "log company: Acme; role: Designer; interviewer: Jane Smith; "
                     "rejected: 14 days ago; memory: the whiteboard session")
    assert changes.count == 1
    await rig.messenger.wait_for_attempts(1)
    assert rig.clock.now() == before  # no fake time passed: the wake did it
    assert rig.messenger.keys[0].endswith(":reach-out:2026-03-16")
    assert rig.messenger.delivered[0].nudge.title == "Reach out to Acme"


async def test_idle_scheduler_never_busy_polls(rig: Rig, user: User) -> None:
    await insert_nudges(rig.store, [nudge(user, "tomorrow", timedelta(days=1))])
    statements: list[str] = []
    await rig.store.database.add_statement_listener(statements.append)
    rig.start()
    await idle(rig.clock)
    for _ in range(360):  # one simulated hour in 10 s steps
        await rig.step(10)
    rig.store.database.remove_statement_listener(statements.append)
    assert 0 < len(statements) <= 3600 // 30 + 1
    assert rig.messenger.attempts == []


async def test_clock_jump_forward_heals_within_one_sleep_cap(rig: Rig, user: User) -> None:
    await insert_nudges(rig.store, [nudge(user, "soon", timedelta(minutes=30))])
    rig.start()
    await idle(rig.clock)
    rig.clock.jump(timedelta(hours=1))  # the wall clock is corrected; no time passed
    waited = 0
    while not rig.messenger.attempts:
        assert waited < 30, "a jumped clock must heal within the 30 s cap"
        await rig.step(5)
        waited += 5
    assert rig.messenger.keys == ["soon"]
    assert rig.messenger.delivered[0].nudge.late  # its moment passed 30 min ago


async def test_clock_jump_back_sends_nothing_early(rig: Rig, user: User) -> None:
    due = MONDAY + timedelta(minutes=10)
    await insert_nudges(rig.store, [RawNudge("later", user.id, due)])
    task = rig.start()
    await idle(rig.clock)
    rig.clock.jump(timedelta(hours=-1))
    for _ in range(69):  # 69 minutes pass: the wall clock reaches 10:09
        await rig.step(60)
        assert not rig.messenger.attempts
    for _ in range(2):
        await rig.step(60)
    assert not task.done()
    assert rig.messenger.keys == ["later"]
    assert rig.messenger.attempts[0].at >= due


async def test_retry_after_is_honoured(rig: Rig, user: User) -> None:
    await insert_nudges(rig.store, [nudge(user, "n", timedelta(0))])
    rig.messenger.script(Delivery.retry(7))
    rig.start()
    await rig.messenger.wait_for_attempts(1)
    await idle(rig.clock)
    for _ in range(6):
        await rig.step(1)
        assert len(rig.messenger.attempts) == 1
    await rig.step(1)
    assert len(rig.messenger.attempts) == 2
    first, second = rig.messenger.attempts
    assert second.at - first.at == timedelta(seconds=7)
    row = (await by_key(rig.store))["n"]
    assert (row["status"], row["attempts"]) == ("sent", 2)


async def test_transient_failures_back_off_with_jitter_then_die(rig: Rig, user: User) -> None:
    policy = SchedulerPolicy(max_attempts=5, backoff_base=30.0, backoff_cap=100.0)
    scheduler = rig.make(policy, seed=42)
    await insert_nudges(rig.store, [nudge(user, "n", timedelta(0))])
    rig.messenger.script(RuntimeError("socket closed"),
                         *[Delivery.transient("503 from the API")] * 10)
    expected = random.Random(42)
    waits = []
    for attempt in range(1, 5):
        assert await scheduler.run_due() == 1
        row = (await by_key(rig.store))["n"]
        assert (row["status"], row["attempts"]) == ("pending", attempt)
        assert row["last_error"] == ("RuntimeError in the messenger" if attempt == 1
                                     else "503 from the API")
        run_at = datetime.fromisoformat(row["run_at"])
        wait = (run_at - rig.clock.now()).total_seconds()
        ceiling = min(100.0, 30.0 * 2 ** (attempt - 1))
        assert ceiling / 2 <= wait <= ceiling
        assert wait == pytest.approx(expected.uniform(ceiling / 2, ceiling), abs=1e-6)
        waits.append(wait)
        rig.clock.set(run_at - timedelta(milliseconds=1))
        assert await scheduler.run_due() == 0  # not a moment early
        rig.clock.set(run_at)
    assert await scheduler.run_due() == 1
    row = (await by_key(rig.store))["n"]
    assert row["status"] == "dead"
    assert row["last_error"] == "gave up after 5 attempts: 503 from the API"
    assert len(rig.messenger.attempts) == 5
    assert len(set(waits)) == 4 and waits[2] < 100.0  # jittered, and the cap holds
    rig.clock.advance(timedelta(days=1))
    assert await scheduler.run_due() == 0


async def test_permanent_failure_holds_the_user_until_they_are_told(rig: Rig,
                                                                   user: User) -> None:
    other = await make_user(rig.store, key=UserKey("test", "T1", "U-other"))
    await insert_nudges(rig.store, [
        nudge(user, "first", timedelta(minutes=-2)),
        nudge(user, "held", timedelta(minutes=-1)),
        nudge(other, "others", timedelta(seconds=-59)),
    ])
    rig.messenger.script(Delivery.permanent("messages tab off"))
    assert await rig.scheduler.run_due() == 3
    rows = await by_key(rig.store)
    assert (rows["first"]["status"], rows["first"]["last_error"]) == \
        ("dead", "unreachable: messages tab off")
    assert rows["held"]["status"] == "pending"
    assert rig.messenger.keys == ["others"]  # other users are not held back
    rig.clock.advance(timedelta(minutes=10))
    assert await rig.scheduler.run_due() == 0  # held, and the dead one is not retried
    coach = rig.coach
    reply = await say(coach, "list")
    assert isinstance(reply.parts[0], Notice)  # the reply starts with it
    assert "couldn't send you a reminder" in reply.parts[0].text
    assert "messages tab off" in reply.parts[0].text
    await rig.scheduler.run_due()
    assert rig.messenger.keys == ["others", "held"]
    assert not notices(await say(coach, "list"))  # told once
    assert [a.nudge.idempotency_key for a in rig.messenger.attempts].count("first") == 1


async def test_a_late_nudge_waits_out_the_users_quiet_hours(rig: Rig) -> None:
    """The bot was down at 09:30 in New York; it comes back at 22:00 there."""
    user = await make_user(rig.store, timezone="America/New_York")
    due = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)  # 09:30 in New York
    await insert_nudges(rig.store, [RawNudge("reach", user.id, due)])
    rig.clock.set(datetime(2026, 3, 3, 3, 0, tzinfo=UTC))  # 22:00 in New York
    assert await rig.scheduler.run_due() == 1
    assert rig.messenger.keys == []
    wake = await rig.scheduler.next_run_at()
    assert wake == datetime(2026, 3, 3, 13, 0, tzinfo=UTC)  # 08:00 in New York
    rig.clock.set(wake)
    assert await rig.scheduler.run_due() == 1
    assert rig.messenger.keys == ["reach"] and rig.messenger.delivered[0].nudge.late


async def test_the_terminal_delivers_late_nudges_at_once(rig: Rig) -> None:
    user = await make_user(rig.store, timezone="America/New_York")
    await insert_nudges(rig.store, [RawNudge("reach", user.id,
                                             datetime(2026, 3, 2, 14, 30, tzinfo=UTC))])
    rig.clock.set(datetime(2026, 3, 3, 3, 0, tzinfo=UTC))
    rig.scheduler = rig.make(SchedulerPolicy(late_waits_for_quiet_hours=False))
    assert await rig.scheduler.run_due() == 1
    assert rig.messenger.keys == ["reach"]


class TurnsOffCheckIns(RecordingMessenger):
    """Delivers, and as the first nudge goes out the user turns monthly check-ins off (as if
    they typed `stop check-ins` while a backlog was being worked through)."""

    def __init__(self, clock: FakeClock, store: Store, user: User) -> None:
        super().__init__(clock)
        self._store = store
        self._user = user

    async def deliver(self, nudge: OutgoingNudge) -> Delivery:
        answer = await super().deliver(nudge)
        if len(self.attempts) == 1:
            await self._store.update_preferences(
                self._user.id, replace(self._user.preferences, checkins=False))
        return answer


async def test_a_preference_changed_during_a_backlog_applies_to_the_next_claims(
        rig: Rig, user: User) -> None:
    """Users are read per claim, not once per pass: the change is seen from the next claim."""
    await insert_nudges(rig.store, [nudge(user, key, timedelta(minutes=minutes))
                                    for minutes, key in enumerate("abc")])
    rig.clock.advance(timedelta(minutes=3))
    messenger = TurnsOffCheckIns(rig.clock, rig.store, user)
    scheduler = bootstrap(store=rig.store, clock=rig.clock, messengers=[messenger],
                          policy=SchedulerPolicy(batch_size=1)).scheduler
    assert await scheduler.run_due() == 3
    assert messenger.keys == ["a"]
    rows = await by_key(rig.store)
    assert {key: row["status"] for key, row in rows.items()} == {
        "a": "sent", "b": "cancelled", "c": "cancelled"}
    assert rows["b"]["last_error"] == "monthly check-ins were turned off"
