"""Send-rate budgets shared through the database, so processes on one file share one rate.

One row per budget key (a platform's name): the next free send slot and the end of any
Retry-After pause, in seconds on the machine's monotonic clock (see `bot.nudges.budget`). Each
request reads and updates its row in one short write transaction that is the only one on its
key (SQLite's `BEGIN IMMEDIATE`; on PostgreSQL a transaction-level advisory lock on the key,
which also covers the first request, before the row exists), so two processes asking at once
get consecutive slots, never the same ones.
"""

from __future__ import annotations

from bot.nudges.budget import Budget, Grant, grant, pause
from bot.store.port import Storage, Transaction


class SendBudgets:
    """Reads and updates the `send_budget` rows."""

    def __init__(self, db: Storage) -> None:
        self._db = db

    async def grant(self, key: str, *, now: float, rate: float, burst: float,
                    want: int) -> Grant:
        """Reserve `want` send slots at `rate` per second (none while the key is paused)."""
        async with self._db.write() as tx:
            await tx.serialize(f"send_budget:{key}")
            before = await self._read(tx, key)
            after, granted = grant(before, now=now, rate=rate, burst=burst, want=want)
            if after != before:
                await self._write(tx, key, after)
        return granted

    async def pause(self, key: str, *, now: float, seconds: float) -> None:
        """Hold every sender on `key` back for `seconds` (a Retry-After)."""
        async with self._db.write() as tx:
            await tx.serialize(f"send_budget:{key}")
            before = await self._read(tx, key)
            after = pause(before, now=now, seconds=seconds)
            if after != before:
                await self._write(tx, key, after)

    async def _read(self, tx: Transaction, key: str) -> Budget:
        row = await tx.fetchone(
            "SELECT next_slot, paused_until FROM send_budget WHERE key = ?", (key,))
        return Budget() if row is None else Budget(float(row["next_slot"]),
                                                   float(row["paused_until"]))

    async def _write(self, tx: Transaction, key: str, budget: Budget) -> None:
        await tx.execute(
            "INSERT INTO send_budget (key, next_slot, paused_until) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET next_slot = excluded.next_slot,"
            " paused_until = excluded.paused_until",
            (key, budget.next_slot, budget.paused_until))
