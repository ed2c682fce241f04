"""The scheduler when things go wrong: expired leases, downtime, corrupt rows, races, locks."""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from nudge_support import (
    LOG_ACME,
    MONDAY,
    Hang,
    RawNudge,
    RecordingMessenger,
    add_rejection,
    by_key,
    drive,
    idle,
    insert_nudges,
    insert_users,
    make_coach,
    make_user,
    payload,
    say,
)

from bot.clock import FakeClock
from bot.models import User
from bot.nudges.model import NudgeStatus
from bot.nudges.scheduler import Scheduler, SchedulerPolicy
from bot.store import Store
from bot.store.nudges import Outcome, Scope
from rebound.bootstrap import bootstrap
from rebound.bootstrap import open_store as open_database


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY)


@pytest.fixture
async def user(store: Store) -> User:
    return await make_user(store)


def scheduler(store: Store, clock: FakeClock, messenger: RecordingMessenger, *,
              owner: str | None = None, **policy: object) -> Scheduler:
    return bootstrap(store=store, clock=clock, messengers=[messenger], owner=owner,
                     policy=SchedulerPolicy(**policy),  # type: ignore[arg-type]
                     rng=random.Random(3)).scheduler


async def test_a_reclaimed_nudge_is_recorded_once_and_the_stale_ack_refused(
        store: Store, clock: FakeClock, user: User, caplog: pytest.LogCaptureFixture) -> None:
    await insert_nudges(store, [RawNudge("n", user.id, MONDAY)])
    slow, fast = RecordingMessenger(clock), RecordingMessenger(clock)
    hang = Hang()
    slow.script(hang)
    first = scheduler(store, clock, slow, owner="first")
    second = scheduler(store, clock, fast, owner="second")
    stale = asyncio.create_task(first.run_due())
    await asyncio.wait_for(hang.entered.wait(), 5)
    lease = SchedulerPolicy().lease
    clock.advance(lease - timedelta(seconds=1))
    assert await second.run_due() == 0  # the lease still holds
    clock.advance(timedelta(seconds=1))
    # A send hung for a whole lease: the nudge is reclaimed and sent again.
    assert await second.run_due() == 1
    hang.release.set()
    with caplog.at_level(logging.INFO, logger="bot.nudges.ledger"):
        await asyncio.wait_for(stale, 5)
    row = (await by_key(store))["n"]
    assert (row["status"], row["attempts"]) == ("sent", 2)
    assert len(await store.database.read("SELECT id FROM nudges WHERE status = 'sent'")) == 1
    assert fast.keys == ["n"] and slow.keys == ["n"]  # at least once, recorded once
    assert "1 of 1 nudge outcomes were refused" in caplog.text


async def test_the_fence_refuses_a_stale_owner(store: Store, clock: FakeClock,
                                              user: User) -> None:
    await insert_nudges(store, [RawNudge("n", user.id, MONDAY)])
    scope = Scope(platforms=("test",))
    lease = timedelta(minutes=2)

    async def claim(owner: str) -> list[Outcome]:
        claimed = await store.nudges.claim(scope=scope, owner=owner, now=clock.now(),
                                           lease=lease, limit=10, expire_before=MONDAY)
        return [Outcome(n, NudgeStatus.SENT) for n in claimed]

    stale = await claim("a")
    clock.advance(lease)
    fresh = await claim("b")
    assert [o.nudge.attempts for o in stale + fresh] == [1, 2]
    assert await store.nudges.record(fresh, owner="b", now=clock.now()) == 1
    assert await store.nudges.record(stale, owner="a", now=clock.now()) == 0
    assert await store.nudges.record(fresh, owner="b", now=clock.now()) == 0  # once only


async def test_a_day_of_downtime_delivers_everything_once_in_order_rate_limited(
        store: Store, clock: FakeClock, db_target: Path | str) -> None:
    users = await insert_users(store, 100)
    late = MONDAY - timedelta(days=1)
    nudges = [RawNudge(f"n{i:05d}", users[i % 100], late + timedelta(seconds=i))
              for i in range(10_000)]
    random.Random(5).shuffle(nudges)
    await insert_nudges(store, nudges)
    messenger = RecordingMessenger(clock, deduplicates=True)  # outcomes share commits
    run = asyncio.create_task(
        scheduler(store, clock, messenger, rates={"test": 1000.0}).run_due())
    passed = await drive(clock, run, step=timedelta(milliseconds=1))
    assert run.result() == 10_000
    assert messenger.keys == sorted(n.key for n in nudges)  # once each, in due order
    assert all(a.nudge.late for a in messenger.delivered)
    # 1000 a second after a burst of 5: about ten seconds, and never faster.
    assert timedelta(seconds=9.99) <= passed <= timedelta(seconds=10.2)
    times = [a.at for a in messenger.delivered]
    assert all(times[i + 1005] - times[i] >= timedelta(seconds=1)
               for i in range(len(times) - 1005))
    counts = {row["status"]: row["n"] for row in await store.database.read(
        "SELECT status || ':' || late AS status, COUNT(*) AS n FROM nudges GROUP BY 1")}
    assert counts == {"sent:1": 10_000}
    # A restart (a new scheduler on the reopened file) sends nothing again.
    again = RecordingMessenger(clock)
    async with await open_database(db_target) as reopened:
        clock.advance(timedelta(hours=1))
        assert await scheduler(reopened, clock, again).run_due() == 0
    assert again.attempts == []


async def test_two_months_of_downtime_expire_with_one_summary_per_user(
        store: Store, clock: FakeClock, db_target: Path | str) -> None:
    users = await insert_users(store, 20)
    long_ago = MONDAY - timedelta(days=61)
    await insert_nudges(store, [RawNudge(f"old{u}-{i}", u, long_ago + timedelta(hours=i))
                                for u in users for i in range(12)])
    upcoming = MONDAY + timedelta(days=3)
    await insert_nudges(store, [RawNudge(f"next{u}", u, upcoming) for u in users[:5]])
    messenger = RecordingMessenger(clock)
    assert await scheduler(store, clock, messenger).run_due() == 20
    assert [a.nudge.title for a in messenger.delivered] == ["Reminders you missed"] * 20
    assert len({a.nudge.user for a in messenger.delivered}) == 20
    text = messenger.delivered[0].nudge.reply.parts[0].text  # type: ignore[union-attr]
    assert "12 reminders passed by more than a week" in text
    assert text.count("- Monthly check-in (due ") == 10 and "- and 2 more" in text
    assert "Next up: Monthly check-in, Thu 5 Mar 2026 at 10:00" in text
    rows = await by_key(store)
    assert sum(r["status"] == "expired" for r in rows.values()) == 240
    summaries = [r for r in rows.values() if r["kind"] == "missed"]
    assert len(summaries) == 20 and {r["status"] for r in summaries} == {"sent"}
    assert all(len(payload(r)["missed"]) == 12 for r in summaries)
    assert all(rows[f"next{u}"]["status"] == "pending" for u in users[:5])
    async with await open_database(db_target) as reopened:  # a restart
        again = RecordingMessenger(clock)
        clock.advance(timedelta(minutes=5))
        assert await scheduler(reopened, clock, again).run_due() == 0
    assert again.attempts == []


async def test_corrupt_rows_go_dead_and_the_rest_still_go_out(
        store: Store, clock: FakeClock, user: User) -> None:
    rejection = await add_rejection(store, user, now=MONDAY - timedelta(days=20))
    due = MONDAY - timedelta(minutes=1)
    await insert_nudges(store, [
        RawNudge("good-1", user.id, due - timedelta(seconds=5)),
        RawNudge("bad-json", user.id, due - timedelta(seconds=4), payload="{not json"),
        RawNudge("bad-kind", user.id, due - timedelta(seconds=3), kind="bogus"),
        RawNudge("bad-action", user.id, due - timedelta(seconds=2), kind="reach-out",
                 rejection_id=rejection.id, payload='{"action": "nope"}'),
        RawNudge("bad-missed", user.id, due - timedelta(seconds=1), kind="missed",
                 payload='{"missed": 5}'),
        RawNudge("bad-zone", user.id, due, timezone="Mars/Base"),
        RawNudge("good-2", user.id, due + timedelta(seconds=1)),
    ])
    messenger = RecordingMessenger(clock)
    await scheduler(store, clock, messenger).run_due()
    assert messenger.keys == ["good-1", "good-2"]
    rows = await by_key(store)
    assert len(rows) == 7  # nothing deleted
    for key in ("bad-json", "bad-kind", "bad-action", "bad-missed", "bad-zone"):
        assert rows[key]["status"] == "dead", key
        assert "corrupt" in rows[key]["last_error"], key
    clock.advance(timedelta(hours=1))
    assert await scheduler(store, clock, messenger).run_due() == 0


async def test_cancel_racing_a_send_stays_cancelled(store: Store, clock: FakeClock) -> None:
    coach = make_coach(store, clock)
    await say(coach, LOG_ACME)
    clock.set(datetime(2026, 3, 16, 9, 30, tzinfo=UTC))  # the reach-out's moment
    messenger = RecordingMessenger(clock)
    hang = Hang()
    messenger.script(hang)
    worker = scheduler(store, clock, messenger)
    sending = asyncio.create_task(worker.run_due())
    await asyncio.wait_for(hang.entered.wait(), 5)
    assert "Noted" in str(await say(coach, "sent acme"))  # the user did it meanwhile
    hang.release.set()
    assert await asyncio.wait_for(sending, 5) == 1
    rows = await by_key(store)
    key = next(k for k in rows if ":reach-out:" in k)
    assert rows[key]["status"] == "cancelled"
    for _ in range(3):
        clock.advance(timedelta(days=1))
        await worker.run_due()
    assert messenger.keys.count(key) == 1
    assert (await by_key(store))[key]["status"] == "cancelled"


async def test_a_locked_database_delays_the_ack_but_never_loses_it(tmp_path: Path,
                                                                  clock: FakeClock) -> None:
    async with await open_database(tmp_path / "locked.db", busy_timeout_ms=300) as store:
        user = await make_user(store)
        await insert_nudges(store, [RawNudge("n", user.id, MONDAY)])
        messenger = RecordingMessenger(clock)
        hang = Hang()
        messenger.script(hang)
        worker = scheduler(store, clock, messenger)
        run = asyncio.create_task(worker.run_due())
        await asyncio.wait_for(hang.entered.wait(), 5)
        with closing(sqlite3.connect(store.database.path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
            hang.release.set()  # the send succeeds; recording it must wait
            await idle(clock)  # a failed attempt (~0.3 s real), then a retry on the clock
            assert not run.done()
            other.execute("COMMIT")
        passed = await drive(clock, run, step=timedelta(milliseconds=500))
        assert passed <= timedelta(seconds=1)
        row = (await by_key(store))["n"]
        assert (row["status"], row["attempts"]) == ("sent", 1)
        clock.advance(timedelta(minutes=5))  # past any lease: nothing comes back
        assert await worker.run_due() == 0
        assert messenger.keys == ["n"]
