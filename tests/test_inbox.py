"""The durable inbox core: real SQLite, a fake clock, and a handler that records what it did.

The handler's effect is a skill row for the entry's user, so "handled once" is a count of rows
and "nothing half-done" is their absence.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from nudge_support import MONDAY, eventually

from bot.clock import FakeClock
from bot.inbox import DeliveryResult, Inbox, InboxEntry, InboxPolicy, Unit
from bot.models import UserKey
from bot.owner import ProcessOwner
from bot.store import Store
from rebound.bootstrap import open_store

PLATFORM = "test"
POLICY = InboxPolicy(lease=30, heartbeat=10, max_attempts=3, retry_base=2, idle_check=30)


class Boom(Exception):
    """A scripted handler failure."""


@dataclass
class Recorder:
    """An `InboxHandler`: each entry adds a skill `text` for user `user` and replies with
    the text; scripted to fail, hang or refuse as a test says."""

    store: Store
    clock: FakeClock
    handled: list[str] = field(default_factory=list)
    delivered: list[str] = field(default_factory=list)
    fail_handle: dict[str, int] = field(default_factory=dict)
    fail_inside: set[str] = field(default_factory=set)
    answers: dict[str, deque[DeliveryResult]] = field(default_factory=dict)
    hang_delivery: asyncio.Event | None = None
    delivering: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def handle(self, entry: InboxEntry, unit: Unit) -> None:
        text = str(entry.payload.get("text", ""))
        if entry.payload.get("ignore"):
            return
        if self.fail_handle.get(text, 0) > 0:
            self.fail_handle[text] -= 1
            raise Boom(text)
        async with unit:
            user = await self.store.get_or_create_user(
                UserKey(PLATFORM, "w", str(entry.payload["user"])), now=self.clock.now())
            await self.store.add_skill(user.id, text, now=self.clock.now())
            if text in self.fail_inside:
                raise Boom(text)  # after a write: it must not stay
            unit.reply({"text": text})
        self.handled.append(text)
        await self._notify()

    async def deliver(self, entry: InboxEntry, reply: dict[str, Any]) -> DeliveryResult:
        self.delivering.set()
        if self.hang_delivery is not None:
            await self.hang_delivery.wait()
        scripted = self.answers.get(str(reply["text"]))
        answer = scripted.popleft() if scripted else DeliveryResult.delivered()
        if answer.retry_after is None and answer.error is None:
            self.delivered.append(str(reply["text"]))
        await self._notify()
        return answer

    async def _notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def wait_delivered(self, count: int) -> list[str]:
        async with asyncio.timeout(5), self.changed:
            await self.changed.wait_for(lambda: len(self.delivered) >= count)
        return self.delivered

    async def wait_handled(self, count: int) -> list[str]:
        async with asyncio.timeout(5), self.changed:
            await self.changed.wait_for(lambda: len(self.handled) >= count)
        return self.handled


@dataclass
class Process:
    """One inbox worker over its own connection to the database, like a real process."""

    store: Store
    recorder: Recorder
    inbox: Inbox
    task: asyncio.Task[None]

    async def stop(self, *, within: float = 2.0) -> None:
        await self.inbox.shutdown(deadline=time.monotonic() + within)
        await self.crash()

    async def crash(self) -> None:
        """Die without handing anything back (the task is cancelled, the connection closed)."""
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        await self.store.close()


class World:
    """A database file, a fake clock, and processes started over them."""

    def __init__(self, db: Path | str) -> None:
        self.db = db
        self.clock = FakeClock(MONDAY)
        self.processes: list[Process] = []

    async def start(self, *, owner: ProcessOwner | None = None,
                    policy: InboxPolicy = POLICY) -> Process:
        store = await open_store(self.db)
        recorder = Recorder(store, self.clock)
        inbox = Inbox(store, platform=PLATFORM, handler=recorder, clock=self.clock,
                      policy=policy, owner=owner or ProcessOwner("here", os.getpid(), "one"))
        process = Process(store, recorder, inbox, asyncio.create_task(inbox.run()))
        self.processes.append(process)
        return process

    async def rows(self) -> list[dict[str, Any]]:
        async with await open_store(self.db) as store:
            return [dict(row) for row in await store.database.read(
                "SELECT * FROM inbox ORDER BY id")]

    async def skills(self) -> list[str]:
        async with await open_store(self.db) as store:
            return [row[0] for row in await store.database.read(
                "SELECT text FROM skills ORDER BY id")]

    async def idle(self, process: Process) -> None:
        """Wait until the worker has nothing in hand and waits for time to pass (first
        letting a worker that the clock just woke notice it)."""
        await asyncio.sleep(0)
        await eventually(lambda: process.inbox.idle)


@pytest.fixture
async def world(db_target: Path | str) -> AsyncIterator[World]:
    world = World(db_target)
    yield world
    for process in world.processes:
        if not process.task.done():
            await process.crash()


async def has_rows(world: World, count: int) -> bool:
    return len(await world.rows()) == count


def message(user: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"user": user, "text": text, **extra}


async def test_accept_is_durable_at_once_and_knows_a_repeat(world: World) -> None:
    store = await open_store(world.db)
    inbox = Inbox(store, platform=PLATFORM, handler=Recorder(store, world.clock),
                  clock=world.clock, policy=POLICY)
    assert await inbox.accept("Ev1", message("ann", "one"), lane="ann") is True
    # Another connection (another process, or this one after kill -9) sees it committed.
    [row] = await world.rows()
    assert (row["source_id"], row["status"], row["attempts"]) == ("Ev1", "pending", 0)
    assert '"one"' in row["payload"] and "ann" not in row["lane"]  # the lane is a digest
    assert await inbox.accept("Ev1", message("ann", "one again"), lane="ann") is False
    assert len(await world.rows()) == 1
    await store.close()


async def test_each_entry_is_handled_once_and_its_reply_delivered(world: World) -> None:
    process = await world.start()
    for index in range(5):
        await process.inbox.accept(f"Ev{index}", message(f"u{index % 2}", f"t{index}"),
                                   lane=f"u{index % 2}")
    await process.inbox.accept("Ev0", message("u0", "t0"), lane="u0")  # a redelivery
    assert sorted(await process.recorder.wait_delivered(5)) == ["t0", "t1", "t2", "t3", "t4"]
    await world.idle(process)
    await process.stop()
    assert sorted(await world.skills()) == ["t0", "t1", "t2", "t3", "t4"]
    rows = await world.rows()
    assert {(r["status"], r["payload"], r["reply"]) for r in rows} == {("handled", "{}", None)}
    assert all(r["delivered_at"] and r["lease_owner"] is None for r in rows)


async def test_an_event_that_needs_no_answer_is_marked_handled(world: World) -> None:
    process = await world.start()
    await process.inbox.accept("Ev1", message("ann", "x", ignore=True))
    await process.inbox.accept("Ev2", message("ann", "after"))
    await process.recorder.wait_delivered(1)
    await world.idle(process)
    await process.stop()
    ignored, _answered = await world.rows()
    assert (ignored["status"], ignored["delivered_at"]) == ("handled", None)


async def test_a_failing_handler_commits_nothing_and_is_retried_after_a_delay(
        world: World) -> None:
    process = await world.start()
    process.recorder.fail_inside.add("first")
    await process.inbox.accept("Ev1", message("ann", "first"), lane="ann")
    await process.inbox.accept("Ev2", message("ann", "second"), lane="ann")
    await process.inbox.accept("Ev3", message("bob", "other"), lane="bob")
    await process.recorder.wait_delivered(1)
    await world.idle(process)
    assert process.recorder.delivered == ["other"]  # ann's second waits behind her first
    assert await world.skills() == ["other"]  # the failed unit's write was undone
    [first] = [r for r in await world.rows() if r["source_id"] == "Ev1"]
    assert (first["status"], first["attempts"], first["last_error"]) == ("pending", 1, "Boom")
    process.recorder.fail_inside.clear()
    world.clock.advance(timedelta(seconds=POLICY.retry_base))
    assert await process.recorder.wait_delivered(3) == ["other", "first", "second"]
    await process.stop()


async def test_an_entry_that_keeps_failing_is_given_up_and_its_lane_goes_on(
        world: World) -> None:
    process = await world.start()
    process.recorder.fail_handle["bad"] = 99
    await process.inbox.accept("Ev1", message("ann", "bad"), lane="ann")
    await process.inbox.accept("Ev2", message("ann", "good"), lane="ann")
    for attempt in range(1, POLICY.max_attempts):
        await world.idle(process)
        world.clock.advance(timedelta(seconds=POLICY.backoff(attempt)))
    assert await process.recorder.wait_delivered(1) == ["good"]
    await process.stop()
    bad = (await world.rows())[0]
    assert (bad["status"], bad["attempts"], bad["payload"]) == ("failed", 3, "{}")


async def test_a_caught_failure_inside_a_nested_unit_leaves_none_of_its_writes(
        world: World) -> None:
    """The coach runs its own `store.atomic()` inside the entry's unit and turns failures
    into an apology: the failed part must not commit with the entry."""
    store = await open_store(world.db)
    inbox = Inbox(store, platform=PLATFORM, handler=Recorder(store, world.clock),
                  clock=world.clock, policy=POLICY)
    async with inbox.handle_now("Ev1", message("ann", "x")) as unit:
        user = await store.get_or_create_user(UserKey(PLATFORM, "w", "ann"), now=MONDAY)
        await store.add_skill(user.id, "kept", now=MONDAY)
        try:
            async with store.atomic():
                await store.add_skill(user.id, "undone", now=MONDAY)
                raise Boom
        except Boom:
            unit.reply({"text": "sorry"})
    await store.close()
    assert await world.skills() == ["kept"]
    [row] = await world.rows()
    assert row["status"] == "handled" and '"sorry"' in row["reply"]


async def test_handle_now_records_once_and_discard_records_nothing(world: World) -> None:
    process = await world.start()
    inbox, store = process.inbox, process.store
    async with inbox.handle_now("view:V1:h1", message("ann", "form")) as unit:
        unit.discard()  # errors went back to the form
        user = await store.get_or_create_user(UserKey(PLATFORM, "w", "ann"), now=MONDAY)
        await store.add_skill(user.id, "discarded", now=MONDAY)
    assert await world.rows() == [] and await world.skills() == []
    for _ in range(2):  # Save pressed again after a timeout
        async with inbox.handle_now("view:V1:h1", message("ann", "form")) as unit:
            if not unit.duplicate:
                user = await store.get_or_create_user(UserKey(PLATFORM, "w", "ann"),
                                                      now=MONDAY)
                await store.add_skill(user.id, "saved", now=MONDAY)
                unit.reply({"text": "saved"})
        inbox.wake()
    assert await process.recorder.wait_delivered(1) == ["saved"]
    await world.idle(process)
    await process.stop()
    assert await world.skills() == ["saved"]


async def test_after_a_crash_pending_entries_are_handled_once_and_replies_delivered(
        world: World) -> None:
    first = await world.start(owner=ProcessOwner("here", os.getpid(), "old"))
    first.recorder.hang_delivery = asyncio.Event()  # Slack hangs: the reply is in flight
    await first.inbox.accept("Ev1", message("ann", "answered"), lane="ann")
    await first.inbox.accept("Ev2", message("ann", "queued"), lane="ann")
    await first.recorder.wait_handled(1)
    await first.recorder.delivering.wait()
    await first.crash()  # kill -9: leases stay, the reply sits in the outbox
    rows = await world.rows()
    # Ev1's lease stays, its reply in the outbox; Ev2 is pending, leased too unless the kill
    # cut its claim short (on PostgreSQL a claim runs beside the handling, not after it).
    assert rows[0]["lease_owner"] is not None and rows[0]["reply"] is not None
    assert rows[1]["status"] == "pending"
    # The restart has the same pid (a container's pid 1): the old leases come back at once.
    second = await world.start(owner=ProcessOwner("here", os.getpid(), "new"))
    assert await second.recorder.wait_delivered(2) == ["answered", "queued"]
    assert second.recorder.handled == ["queued"]  # the first was not handled again
    await world.idle(second)
    await second.stop()
    assert await world.skills() == ["answered", "queued"]


async def test_a_live_process_keeps_its_leases_and_two_share_the_work(world: World) -> None:
    here = await world.start(owner=ProcessOwner("host-a", 1, "a"))
    there = await world.start(owner=ProcessOwner("host-b", 1, "b"))
    for index in range(40):
        inbox = (here if index % 2 else there).inbox
        await inbox.accept(f"Ev{index}", message(f"u{index % 7}", f"t{index}"),
                           lane=f"u{index % 7}")
    here.inbox.wake()
    there.inbox.wake()
    async with asyncio.timeout(5):
        while len(here.recorder.delivered) + len(there.recorder.delivered) < 40:
            world.clock.advance(timedelta(seconds=1))  # each sees the other's entries
            await asyncio.sleep(0.01)
    await here.stop()
    await there.stop()
    skills = await world.skills()
    assert sorted(skills) == sorted(f"t{i}" for i in range(40))  # each exactly once
    for user in range(7):  # and each user's in the order they came
        theirs = [s for s in skills if int(s[1:]) % 7 == user]
        assert theirs == sorted(theirs, key=lambda s: int(s[1:]))


async def test_a_reply_waits_out_retry_after_and_a_refused_one_is_dropped(
        world: World) -> None:
    process = await world.start()
    process.recorder.answers["slow"] = deque([DeliveryResult.later(7, "rate limited")])
    process.recorder.answers["gone"] = deque([DeliveryResult.undeliverable("channel_not_found")])
    await process.inbox.accept("Ev1", message("ann", "slow"), lane="ann")
    await process.inbox.accept("Ev2", message("bob", "gone"), lane="bob")
    await world.idle(process)
    assert process.recorder.delivered == []
    world.clock.advance(timedelta(seconds=6))
    await world.idle(process)
    assert process.recorder.delivered == []
    world.clock.advance(timedelta(seconds=1))
    assert await process.recorder.wait_delivered(1) == ["slow"]
    await world.idle(process)
    await process.stop()
    gone = (await world.rows())[1]
    assert gone["delivered_at"] and gone["last_error"] == "channel_not_found"


async def test_shutdown_is_bounded_and_hands_the_entry_in_flight_back(world: World) -> None:
    process = await world.start()
    process.recorder.hang_delivery = asyncio.Event()  # never answers
    await process.inbox.accept("Ev1", message("ann", "stuck"), lane="ann")
    await process.recorder.delivering.wait()
    started = time.monotonic()
    await process.inbox.shutdown(deadline=started + 0.5)
    assert time.monotonic() - started < 0.6
    await process.crash()
    [row] = await world.rows()
    assert row["lease_owner"] is None and row["reply"] is not None  # to deliver on restart
    after = await world.start(owner=ProcessOwner("elsewhere", 1, "x"))
    assert await after.recorder.wait_delivered(1) == ["stuck"]
    assert after.recorder.handled == []


async def test_old_entries_are_pruned_but_recent_ones_still_drop_repeats(world: World) -> None:
    process = await world.start()
    await process.inbox.accept("Ev-old", message("ann", "old"))
    await process.recorder.wait_delivered(1)
    await world.idle(process)
    world.clock.advance(timedelta(hours=20))
    await process.inbox.accept("Ev-new", message("ann", "new"))
    await process.recorder.wait_delivered(2)
    await world.idle(process)
    world.clock.advance(timedelta(hours=5))  # the old one is a day old now, and pruned
    await eventually(lambda: has_rows(world, 1))
    assert await process.inbox.accept("Ev-new", message("ann", "new")) is False
    await process.stop()


async def test_a_clock_set_back_does_not_stretch_a_retry_delay(world: World) -> None:
    process = await world.start()
    process.recorder.fail_handle["first"] = 1
    await process.inbox.accept("Ev1", message("ann", "first"), lane="ann")
    await world.idle(process)
    world.clock.jump(timedelta(hours=-1))  # an NTP correction while it waits 2 s
    world.clock.advance(timedelta(seconds=POLICY.idle_check))
    assert await process.recorder.wait_delivered(1) == ["first"]
    await process.stop()
