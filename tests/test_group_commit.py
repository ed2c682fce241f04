"""Group commit and the writer's turns: many small writes share commits, each caller returns
once its own write is durable, and urgent writes go first without starving the rest."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.store import Tx
from bot.store.group import GroupCommit
from bot.store.lock import WriterLock
from rebound.bootstrap import open_store


async def insert(tx: Tx, name: str) -> int | None:
    return await tx.execute("INSERT INTO handled_messages (platform, message_id, handled_at) "
                           "VALUES ('test', ?, '2026-03-02')", (name,))


async def test_concurrent_writes_share_commits_and_each_is_durable_on_return(
        db_target: Path | str) -> None:
    async with await open_store(db_target) as store:
        statements: list[str] = []
        await store.database.add_statement_listener(statements.append)
        group = GroupCommit(store.database)

        async def one(index: int) -> None:
            await group.write(lambda tx: insert(tx, f"m{index}"))
            async with await open_store(db_target) as other:  # another process
                assert await other.database.read_one(
                    "SELECT 1 FROM handled_messages WHERE message_id = ?", (f"m{index}",))

        await asyncio.gather(*(one(index) for index in range(30)))
        commits = sum(statement == "COMMIT" for statement in statements)
        assert 1 <= commits < 30


async def test_a_failing_write_fails_its_batch_and_commits_none_of_it(
        db_target: Path | str) -> None:
    async with await open_store(db_target) as store:
        group = GroupCommit(store.database)
        async with store.atomic():  # hold the writer so the three queue up together
            writes = [asyncio.create_task(group.write(lambda tx, n=n: insert(tx, n)))
                      for n in ("a", "b", "a")]  # the second "a" breaks the primary key
            await asyncio.sleep(0.01)
        results = await asyncio.gather(*writes, return_exceptions=True)
        assert all(isinstance(result, Exception) for result in results)
        assert await store.database.read("SELECT * FROM handled_messages") == []
        assert await group.write(lambda tx: insert(tx, "c")) is not None  # and it goes on


async def test_urgent_turns_come_first_but_never_twice_in_a_row_while_others_wait() -> None:
    lock = WriterLock()
    order: list[str] = []

    async def take(name: str, *, urgent: bool) -> None:
        async with lock.hold(urgent=urgent):
            order.append(name)

    async with lock.hold():
        waiting = [asyncio.create_task(take(name, urgent=name.startswith("u")))
                   for name in ("n1", "n2", "u1", "u2", "n3")]
        await asyncio.sleep(0)
    await asyncio.gather(*waiting)
    assert order == ["u1", "n1", "u2", "n2", "n3"]


async def test_a_waiter_cancelled_in_the_queue_does_not_keep_the_lock() -> None:
    lock = WriterLock()
    async with lock.hold():
        gone = asyncio.create_task(take_forever(lock))
        await asyncio.sleep(0)
        gone.cancel()
        with pytest.raises(asyncio.CancelledError):
            await gone
    async with asyncio.timeout(1), lock.hold():
        pass


async def take_forever(lock: WriterLock) -> None:
    async with lock.hold():
        await asyncio.Event().wait()
