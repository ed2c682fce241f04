"""Send-rate budgets shared through the database, so processes on one file share one rate.

One row per budget key (a platform's name): the next free send slot and the end of any
Retry-After pause, in seconds on the machine's monotonic clock on SQLite (see
`bot.nudges.budget`; PostgreSQL's clock is below). Each
request reads and updates its row in one short write transaction that is the only one on its
key (SQLite's `BEGIN IMMEDIATE`; on PostgreSQL a transaction-level advisory lock on the key,
which also covers the first request, before the row exists), so two processes asking at once
get consecutive slots, never the same ones.

On PostgreSQL the instances may run on several machines, whose monotonic clocks have nothing
in common: there the row holds moments on the wall clock (Unix seconds, from the `wall`
callable: the injected clock's, which NTP keeps in step across machines), and each process
turns them into its own monotonic seconds with the offset between the two taken at that
moment, so every instance shares one budget. A wall clock stepped far off is what
`bot.nudges.budget` already forgets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from bot.nudges.budget import Budget, Grant, grant, pause
from bot.store.port import Storage, Transaction


class SendBudgets:
    """Reads and updates the `send_budget` rows."""

    def __init__(self, db: Storage, *, wall: Callable[[], float] | None = None) -> None:
        """`wall`: the wall clock in Unix seconds, for the rows of a database that processes
        on several machines share (PostgreSQL); without it, `now` alone is used."""
        self._db = db
        self._wall = wall if db.dialect.postgres else None

    async def grant(self, key: str, *, now: float, rate: float, burst: float,
                    want: int) -> Grant:
        """Reserve `want` send slots at `rate` per second (none while the key is paused)."""
        async with self._db.write() as tx:
            await tx.serialize(f"send_budget:{key}")
            before, ahead = await self._read(tx, key, now)
            after, granted = grant(before, now=now + ahead, rate=rate, burst=burst, want=want)
            if after != before:
                await self._write(tx, key, after)
        if not ahead:
            return granted
        return dataclasses.replace(granted, slots=tuple(s - ahead for s in granted.slots),
                                   paused_until=granted.paused_until - ahead)

    async def pause(self, key: str, *, now: float, seconds: float) -> None:
        """Hold every sender on `key` back for `seconds` (a Retry-After)."""
        async with self._db.write() as tx:
            await tx.serialize(f"send_budget:{key}")
            before, ahead = await self._read(tx, key, now)
            after = pause(before, now=now + ahead, seconds=seconds)
            if after != before:
                await self._write(tx, key, after)

    async def _read(self, tx: Transaction, key: str, now: float) -> tuple[Budget, float]:
        """The stored budget, and how far the stored clock is ahead of `now` (0 when it is
        this machine's monotonic clock)."""
        ahead = 0.0 if self._wall is None else self._wall() - now
        row = await tx.fetchone(
            "SELECT next_slot, paused_until FROM send_budget WHERE key = ?", (key,))
        return (Budget() if row is None else Budget(float(row["next_slot"]),
                                                    float(row["paused_until"]))), ahead

    async def _write(self, tx: Transaction, key: str, budget: Budget) -> None:
        await tx.execute(
            "INSERT INTO send_budget (key, next_slot, paused_until) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET next_slot = excluded.next_slot,"
            " paused_until = excluded.paused_until",
            (key, budget.next_slot, budget.paused_until))
