"""The inbox table: platform events stored before they are acknowledged, and the replies they
led to (the outbox) until those are delivered.

A row is `pending` until its handler's unit of work commits; then `handled`, with a `reply`
while one waits for delivery (cleared once delivered), or `failed` after too many attempts.
Rows are claimed under a lease, like nudges, so several processes can share them; rows of one
lane (one user's conversation) are claimed strictly in order. What a user wrote (`payload`)
is kept only until the entry is handled; the rest of the row stays a day to drop redeliveries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store.codec import json_text, parse_utc, utc_text
from bot.store.group import GroupCommit
from bot.store.port import Row, Storage, Transaction

_OPEN = "(e.status = 'pending' OR (e.status = 'handled' AND e.reply IS NOT NULL))"
_OPEN_EARLIER = "(o.status = 'pending' OR (o.status = 'handled' AND o.reply IS NOT NULL))"

# Rows due now, oldest first, skipping every row behind one in its lane that can't be taken
# now (leased by another live owner, or waiting out a retry delay): a lane is one user's
# conversation, and its messages must be handled, and answered, in the order they came.
# A delay that ends past :horizon (now plus the longest delay ever set) means the wall clock
# was set back since: the row is due, rather than waiting out the correction.
_CLAIM = f"""
UPDATE inbox
SET lease_owner = :owner, lease_expires_at = :until,
    attempts = attempts + CASE WHEN status = 'pending' THEN 1 ELSE 0 END,
    deliveries = deliveries + CASE WHEN status = 'handled' THEN 1 ELSE 0 END
WHERE id IN (
    SELECT e.id FROM inbox AS e
    WHERE e.platform = :platform AND {_OPEN}
      AND (e.available_at <= :now OR e.available_at > :horizon)
      AND (e.lease_owner IS NULL OR e.lease_expires_at < :now)
      AND NOT EXISTS (
          SELECT 1 FROM inbox AS o
          WHERE o.platform = e.platform AND o.lane = e.lane AND o.id < e.id
            AND {_OPEN_EARLIER}
            AND ((o.available_at > :now AND o.available_at <= :horizon)
                 OR (o.lease_owner IS NOT NULL AND o.lease_owner <> :owner
                     AND o.lease_expires_at >= :now)))
    ORDER BY e.id
    LIMIT :limit)
RETURNING id, source_id, lane, payload, received_at, status, attempts, deliveries, reply
"""


@dataclass(frozen=True)
class InboxEntry:
    """One stored platform event, as its handler sees it.

    `attempts` counts tries to handle it, this one included; `reply` is the answer waiting
    for delivery once it was handled (its adapter's own JSON: what to send, and where).
    """

    id: int
    source_id: str
    payload: dict[str, Any]
    received_at: datetime
    lane: str = ""
    attempts: int = 1
    deliveries: int = 0
    reply: dict[str, Any] | None = None

    @property
    def handled(self) -> bool:
        """Whether the event was handled and only its reply is left to deliver."""
        return self.reply is not None


def _entry(row: Row) -> InboxEntry:
    reply = _object(row["reply"]) if row["status"] == "handled" else None
    return InboxEntry(id=row["id"], source_id=row["source_id"], payload=_object(row["payload"]),
                      received_at=parse_utc(row["received_at"]), lane=row["lane"],
                      attempts=row["attempts"], deliveries=row["deliveries"], reply=reply)


def _object(text: str | None) -> dict[str, Any]:
    """A stored JSON object; anything unreadable is an empty one (its handler ignores it)."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class InboxTable:
    """Reads and writes one platform's inbox rows."""

    def __init__(self, db: Storage, platform: str) -> None:
        self._db = db
        self._platform = platform
        self._acks = GroupCommit(db, urgent=True)  # Slack waits for these
        self._marks = GroupCommit(db)

    async def accept(self, source_id: str, payload: dict[str, Any], *, lane: str,
                     now: datetime) -> bool:
        """`add` in a commit shared with other tasks' (see GroupCommit); True if new."""
        async def add(tx: Transaction) -> int | None:
            return await self.add(tx, source_id, payload, lane=lane, now=now)

        return await self._acks.write(add) is not None

    async def add(self, tx: Transaction, source_id: str, payload: dict[str, Any], *, lane: str,
                  now: datetime) -> int | None:
        """Store a new event; its row id, or None (nothing written) if `source_id` is known."""
        stamp = utc_text(now)
        return await tx.insert(
            "INSERT INTO inbox (platform, source_id, lane, payload, received_at, available_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            (self._platform, source_id, lane, json_text(payload), stamp, stamp))

    async def claim(self, *, owner: str, now: datetime, until: datetime, horizon: datetime,
                    limit: int) -> list[InboxEntry]:
        """Lease up to `limit` rows that are due (to handle, or to deliver their reply);
        a retry delay ending after `horizon` is taken as over (the clock went back)."""
        async with self._db.write() as tx:
            # One claim at a time per platform (PostgreSQL; SQLite's writes are one at a
            # time already): a lane's order holds across instances.
            await tx.serialize(f"inbox:{self._platform}")
            rows = await tx.fetchall(_CLAIM, {
                "owner": owner, "until": utc_text(until), "now": utc_text(now),
                "horizon": utc_text(horizon), "platform": self._platform, "limit": limit})
        return sorted((_entry(row) for row in rows), key=lambda entry: entry.id)

    async def finish(self, tx: Transaction, entry_id: int, *, owner: str | None,
                     reply: dict[str, Any] | None, now: datetime) -> bool:
        """Mark a pending row handled (in the unit of work's own transaction), its payload
        dropped and its reply queued; False if `owner` no longer holds it. A row with a reply
        stays leased, so its owner delivers it next."""
        lease = "lease_owner IS NULL" if owner is None else "lease_owner = :owner"
        changed = await tx.execute(
            "UPDATE inbox SET status = 'handled', payload = '{}', reply = :reply,"
            " handled_at = :now, last_error = NULL,"
            " lease_owner = CASE WHEN CAST(:reply AS TEXT) IS NULL THEN NULL"
            " ELSE lease_owner END,"
            " lease_expires_at = CASE WHEN CAST(:reply AS TEXT) IS NULL THEN NULL"
            " ELSE lease_expires_at END"
            f" WHERE id = :id AND status = 'pending' AND {lease}",
            {"reply": None if reply is None else json_text(reply), "now": utc_text(now),
             "id": entry_id, "owner": owner})
        return changed == 1

    async def retry(self, entry_id: int, *, owner: str, at: datetime, error: str) -> None:
        """Hand a row back to be tried again (handled or delivered) from `at`: in turn with
        the claims (see `claim`), so a claim sees its lane wait, or its own rows handed back
        by the lane before it."""
        async with self._db.write() as tx:
            await tx.serialize(f"inbox:{self._platform}")
            await tx.execute(
                "UPDATE inbox SET lease_owner = NULL, lease_expires_at = NULL,"
                " available_at = ?, last_error = ? WHERE id = ? AND lease_owner = ?",
                (utc_text(at), error, entry_id, owner))

    async def fail(self, entry_id: int, *, owner: str, error: str, now: datetime) -> None:
        """Give up on handling a row: it is kept (without what the user wrote) as failed."""
        async with self._db.write() as tx:
            await tx.execute(
                "UPDATE inbox SET status = 'failed', payload = '{}', reply = NULL,"
                " handled_at = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL"
                " WHERE id = ? AND lease_owner = ?", (utc_text(now), error, entry_id, owner))

    async def delivered(self, entry_id: int, *, owner: str, now: datetime,
                        error: str | None = None) -> None:
        """The row's reply went out (or, with `error`, can never go out): drop it (in a
        commit shared with other tasks')."""
        async def mark(tx: Transaction) -> int:
            return await tx.execute(
                "UPDATE inbox SET reply = NULL, delivered_at = ?, last_error = ?,"
                " lease_owner = NULL, lease_expires_at = NULL"
                " WHERE id = ? AND lease_owner = ?", (utc_text(now), error, entry_id, owner))

        await self._marks.write(mark)

    async def release(self, entry_ids: Sequence[int], *, owner: str) -> None:
        """Hand rows back untouched (their attempt not counted against them)."""
        if not entry_ids:
            return
        async with self._db.write() as tx:
            await tx.executemany(
                "UPDATE inbox SET lease_owner = NULL, lease_expires_at = NULL,"
                " attempts = attempts - CASE WHEN status = 'pending' THEN 1 ELSE 0 END,"
                " deliveries = deliveries - CASE WHEN status = 'handled' THEN 1 ELSE 0 END"
                " WHERE id = ? AND lease_owner = ?", [(entry_id, owner) for entry_id in entry_ids])

    async def renew(self, *, owner: str, until: datetime) -> int:
        """Extend every lease `owner` holds; returns how many."""
        async with self._db.write() as tx:
            return await tx.execute(
                "UPDATE inbox SET lease_expires_at = ? WHERE lease_owner = ?",
                (utc_text(until), owner))

    async def owners(self) -> list[str]:
        """Every owner that holds a lease now (of any platform)."""
        rows = await self._db.read(
            "SELECT DISTINCT lease_owner FROM inbox WHERE lease_owner IS NOT NULL")
        return [str(row[0]) for row in rows]

    async def release_owner(self, owner: str) -> int:
        """Hand back every row `owner` holds (it stopped, or died); returns how many."""
        async with self._db.write() as tx:
            return await tx.execute(
                "UPDATE inbox SET lease_owner = NULL, lease_expires_at = NULL"
                " WHERE lease_owner = ?", (owner,))

    async def next_due(self, *, now: datetime) -> datetime | None:
        """When the next open row of this platform becomes claimable, if any is waiting."""
        row = await self._db.read_one(
            "SELECT MIN(CASE WHEN e.lease_owner IS NOT NULL AND e.lease_expires_at >= :now"
            " AND e.lease_expires_at > e.available_at THEN e.lease_expires_at"
            " ELSE e.available_at END)"
            f" FROM inbox AS e WHERE e.platform = :platform AND {_OPEN}",
            {"now": utc_text(now), "platform": self._platform})
        return parse_utc(row[0]) if row is not None and row[0] is not None else None

    async def prune(self, *, before: datetime) -> int:
        """Delete rows finished before `before` (kept until then to drop redeliveries)."""
        async with self._db.write() as tx:
            return await tx.execute(
                "DELETE FROM inbox WHERE platform = ? AND status <> 'pending' AND reply IS NULL"
                " AND handled_at < ?", (self._platform, utc_text(before)))

    async def counts(self) -> dict[str, int]:
        """How many rows are pending, waiting for delivery, handled and failed."""
        rows = await self._db.read(
            "SELECT CASE WHEN status = 'handled' AND reply IS NOT NULL THEN 'undelivered'"
            " ELSE status END AS state, COUNT(*) FROM inbox WHERE platform = ? GROUP BY state",
            (self._platform,))
        return {str(row[0]): int(row[1]) for row in rows}
