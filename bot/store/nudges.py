"""The durable nudge queue: one row per nudge, never deleted by the scheduler.

Rows move pending -> claimed (with a lease) -> sent, or to dead / expired / cancelled. A claim
takes a slice in one short write transaction (`BEGIN IMMEDIATE` on SQLite; on PostgreSQL its
rows are locked with `FOR UPDATE SKIP LOCKED`, so instances take different ones); sending
happens outside any transaction; an outcome is recorded, and a lease renewed, only by the
holder of the current lease, checked with the attempts counter as a fencing token. A crashed
worker's claims come back when their lease expires. Users who can't be messaged
(`users.unreachable`) are held, not retried.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.nudges.model import Nudge, NudgeKind, NudgeStatus
from bot.store.codec import parse_utc, utc_text
from bot.store.expiry import expire_overdue
from bot.store.nudge_plans import (
    COMPOSED,
    UPSERT,
    Scheduled,
    cancel,
    changed,
    insert_params,
    message_params,
    rejection_sync,
    slices,
)
from bot.store.nudge_rows import ROW, claim_due, nudge
from bot.store.port import Storage
from bot.values import value

log = logging.getLogger(__name__)

_SYNC_SLICE = 2000  # rows per executemany in `sync_users`: a few ms of the event loop each
_SERVED = "u.unreachable IS NULL AND u.platform IN ({platforms}) {only_user}"
# Queries over due nudges say `nudges AS n CROSS JOIN users AS u`: in SQLite that keeps
# `nudges` the outer loop, read in due order from its partial index and stopped at the LIMIT.
# With a plain JOIN the planner started from `users` and walked every pending nudge of every
# user, then sorted: every claim and every idle wake-up cost O(all pending), ~23 ms a query
# with 100,000 pending nudges instead of ~0.1 ms. The next wake-up names its index too: else
# the planner scans nudges_pending_by_user and sorts, O(all pending) at every wake-up.


@value
class Outcome:
    """What happened to one claimed nudge; `run_at` is set for a retry.

    `unreachable` holds the platform's reason when the user can't be messaged at all;
    `failed` marks a retry after a failed send (counted in `failures`), as opposed to one
    that waits for a rate limit or a claim handed back unsent.
    """

    nudge: Nudge
    status: NudgeStatus
    error: str | None = None
    run_at: datetime | None = None
    late: bool = False
    unreachable: str | None = None
    failed: bool = False


@dataclass(frozen=True)
class Scope:
    """Which nudges a scheduler serves: its platforms, and optionally one user (a terminal)."""

    platforms: tuple[str, ...]
    user_id: int | None = None

    def sql(self) -> tuple[str, tuple[Any, ...]]:
        marks = ",".join("?" * len(self.platforms))
        only_user = "AND u.id = ?" if self.user_id is not None else ""
        params: tuple[Any, ...] = (*self.platforms,)
        if self.user_id is not None:
            params += (self.user_id,)
        return _SERVED.format(platforms=marks, only_user=only_user), params


_FENCED = "status = 'claimed' AND lease_owner = ? AND (id, attempts) IN ({pairs})"
"""The rows still held under the lease of an owner (a parameter), fenced by their attempts:
a JSON object of attempts by id (the other parameter; `fences`). An object, not an array of
[id, attempts] pairs: `json_extract` parses each pair's text again, which made marking a
claim sent a fifth dearer."""
_NEXT_RUN_AT = (
    "SELECT MIN(t) AS t FROM ("
    " SELECT * FROM (SELECT n.run_at AS t"
    "  FROM nudges AS n{pending} CROSS JOIN users AS u"
    "  WHERE u.id = n.user_id AND n.status = 'pending' AND {served}"
    "  ORDER BY n.run_at LIMIT 1) AS p"
    " UNION ALL"
    " SELECT * FROM (SELECT n.lease_expires_at AS t"
    "  FROM nudges AS n{claimed} CROSS JOIN users AS u"
    "  WHERE u.id = n.user_id AND n.status = 'claimed' AND {served}"
    "  ORDER BY n.lease_expires_at LIMIT 1) AS c) AS due")
"""When something next needs doing (`next_run_at`): the scope's condition goes in `served`."""


class NudgeQueue:
    """Reads and writes nudge rows."""

    def __init__(self, db: Storage) -> None:
        self._db = db
        dialect = db.dialect
        self._fenced = _FENCED.format(pairs=dialect.json_pairs())
        self._cancel_for_user = f"{cancel(dialect)} AND user_id = ?"
        self._next_run_at = _NEXT_RUN_AT.format(
            pending=dialect.indexed_by("nudges_pending"),
            claimed=dialect.indexed_by("nudges_claimed"), served="{served}")

    async def sync_user(self, user_id: int, wanted: Sequence[Scheduled], *,
                        now: datetime) -> bool:
        """Make the user's open nudges match `wanted`; True if anything changed.

        New keys are inserted; a pending row whose moment moved (new zone or hour) is updated
        while still in the future; open rows no longer wanted are cancelled, except overdue
        ones: those are the scheduler's to deliver late or expire with a summary (its composer
        drops any whose step was done meanwhile), so none vanishes unseen. A cancelled row
        that is wanted again (`resume`, check-ins back on, a step falling due on a date whose
        nudge was cancelled earlier) is revived: same row, its `attempts` kept as the fence.
        """
        return await self.sync_users({user_id: wanted}, now=now) > 0

    async def sync_users(self, plans: Mapping[int, Sequence[Scheduled]], *,
                         now: datetime) -> int:
        """`sync_user` for many users in one transaction; returns how many rows changed.

        Each slice of about `_SYNC_SLICE` rows is one round trip to the database thread (an
        `executemany` per kind of change), not one per row, which made bulk scheduling ~10x
        slower; between slices the event loop runs, so 100,000 rows never freeze it.
        """
        stamp = utc_text(now)
        changed = 0
        async with self._db.write() as tx:
            for part in slices(plans, rows=_SYNC_SLICE):
                inserts = [insert_params(user_id, item, stamp)
                           for user_id, wanted in part for item in wanted if not item.keep_only]
                # The kept keys travel as one JSON array per user: no limit on host parameters.
                keeps = [(stamp, NudgeKind.MISSED.value, stamp,
                          json.dumps([item.key for item in wanted]), user_id)
                         for user_id, wanted in part]
                messages = message_params(item for _, wanted in part for item in wanted)
                upserted, cancelled, _ = await tx.execute_all([
                    (UPSERT, inserts), (self._cancel_for_user, keeps),
                    (COMPOSED, messages)])
                changed += upserted + cancelled
        return changed

    async def sync_rejections(self, user_id: int, wanted: Sequence[Scheduled], *,
                              rejection_ids: Collection[int], check_ins: bool = True,
                              now: datetime, on_change: Callable[[], None]) -> None:
        """`sync_user` limited to the nudges of `rejection_ids` and the user's nudges of no
        rejection (check-ins, and those of rejections deleted): what one message that changed
        those rejections can have changed. `wanted` holds their plans and, with `check_ins`,
        every check-in; the user's other nudges are left alone (without `check_ins`, their
        check-ins too).

        The statements go in one trip with the enclosing unit's next one: its COMMIT, when
        the re-planning is the last thing a message does (`Transaction.execute_all_later`).
        `on_change` hears, once that trip is back, that rows changed."""
        statements = rejection_sync(user_id, wanted, rejection_ids=rejection_ids,
                                     check_ins=check_ins, now=now,
                                     dialect=self._db.dialect)
        async with self._db.write() as tx:
            tx.execute_all_later(
                statements, then=lambda counts: on_change() if changed(counts) else None)

    async def next_run_at(self, scope: Scope) -> datetime | None:
        """When something next needs doing: the earliest pending run or expiring lease."""
        served, params = scope.sql()
        row = await self._db.read_one(self._next_run_at.format(served=served),
                                      (*params, *params))
        return parse_utc(row["t"]) if row is not None and row["t"] else None

    async def claim(self, *, scope: Scope, owner: str, now: datetime, lease: timedelta,
                    limit: int, expire_before: datetime, wording: str | None = None,
                    on_expired: Callable[[str, int], None] | None = None) -> list[Nudge]:
        """Expire what is too late, then claim up to `limit` due nudges in due order, each
        with its stored message if that was composed under `wording` and is still current.

        `on_expired(platform, count)` hears how many were expired, once they are committed.
        """
        served, params = scope.sql()
        stamp = utc_text(now)
        async with self._db.write() as tx:
            expired = await expire_overdue(tx, served=served, params=params,
                                           before=expire_before, now=now,
                                           dialect=self._db.dialect)
            nudges = await claim_due(tx, served=served, params=params, owner=owner, now=stamp,
                                     until=utc_text(now + lease), limit=limit,
                                     wording=wording, dialect=self._db.dialect)
        if on_expired is not None:
            for platform, count in expired.items():
                on_expired(platform, count)
        return nudges

    async def record(self, outcomes: Sequence[Outcome], *, owner: str, now: datetime) -> int:
        """Write outcomes in one transaction; only rows still under our lease change.

        Returns how many were recorded (the rest were cancelled or reclaimed meanwhile).
        """
        stamp = utc_text(now)
        sent: dict[bool, dict[int, int]] = {False: {}, True: {}}
        retry: list[tuple[Any, ...]] = []
        final: list[tuple[Any, ...]] = []
        for o in outcomes:
            fence = (o.nudge.id, owner, o.nudge.attempts)
            if o.status is NudgeStatus.SENT:
                sent[o.late][o.nudge.id] = o.nudge.attempts
            elif o.status is NudgeStatus.PENDING:
                retry.append((utc_text(o.run_at or now), o.error, int(o.failed), stamp,
                              *fence))
            else:
                final.append((o.status.value, o.error, stamp, *fence))
        recorded = 0
        async with self._db.write() as tx:
            # Sends (most outcomes) as one statement per lateness: an executemany of a
            # statement per send cost twice as much. The rest, rare, one executemany each.
            for late, fences in sent.items():
                if fences:
                    recorded += await tx.execute(
                        "UPDATE nudges SET status = 'sent', sent_at = ?, updated_at = ?,"
                        f" late = ?, last_error = NULL, lease_owner = NULL WHERE {self._fenced}",
                        (stamp, stamp, int(late), owner, json.dumps(fences)))
            if retry:
                recorded += await tx.executemany(
                    "UPDATE nudges SET status = 'pending', run_at = ?, last_error = ?,"
                    " failures = failures + ?, updated_at = ?, lease_owner = NULL,"
                    " lease_expires_at = NULL"
                    " WHERE id = ? AND status = 'claimed' AND lease_owner = ?"
                    " AND attempts = ?", retry)
            if final:
                recorded += await tx.executemany(
                    "UPDATE nudges SET status = ?, last_error = ?, updated_at = ?,"
                    " lease_owner = NULL WHERE id = ? AND status = 'claimed'"
                    " AND lease_owner = ? AND attempts = ?", final)
        return recorded

    async def release_owner(self, owner: str, *, now: datetime, reason: str) -> int:
        """Make every nudge `owner` still holds due again at once; returns how many.

        For a process whose scheduler was cancelled mid-send at shutdown: its claims go back
        now, not when their lease runs out. The one in flight may then repeat once."""
        stamp = utc_text(now)
        async with self._db.write() as tx:
            return await tx.execute(
                "UPDATE nudges SET status = 'pending', run_at = ?, updated_at = ?,"
                " last_error = ?, lease_owner = NULL, lease_expires_at = NULL"
                " WHERE status = 'claimed' AND lease_owner = ?", (stamp, stamp, reason, owner))

    async def renew(self, nudges: Sequence[Nudge], *, owner: str, now: datetime,
                    lease: timedelta) -> set[int]:
        """Extend `owner`'s claims on `nudges` to `now + lease`; returns the ids still held.

        Fenced like `record`: an id missing from the answer was sent, handed back, cancelled
        or (its lease having run out) claimed again; it must not be sent under this claim.
        """
        if not nudges:
            return set()
        fences = json.dumps({n.id: n.attempts for n in nudges})
        async with self._db.write() as tx:
            held = await tx.fetchall(
                f"UPDATE nudges SET lease_expires_at = ? WHERE {self._fenced} RETURNING id",
                (utc_text(now + lease), owner, fences))
        return {row["id"] for row in held}

    async def pending_for_user(self, user_id: int, *, limit: int = 5) -> list[Nudge]:
        """The user's next open nudges, soonest first (for summaries and `nudges`)."""
        rows = await self._db.read(
            f"SELECT {ROW} FROM nudges WHERE user_id = ? AND status = 'pending'"
            " ORDER BY due_at, id LIMIT ?", (user_id, limit))
        result = []
        for row in rows:
            try:
                result.append(nudge(row))
            except (ValueError, TypeError, KeyError):
                continue
        return result

    async def due_backlog(self, scope: Scope, *, now: datetime) -> tuple[int, datetime | None]:
        """How many pending nudges are waiting to go out (their run time has come), and the
        due time of the oldest of them: how far behind the scheduler is."""
        served, params = scope.sql()
        row = await self._db.read_one(
            "SELECT COUNT(*) AS n, MIN(n.due_at) AS oldest FROM nudges AS n CROSS JOIN users AS u"
            " WHERE u.id = n.user_id AND n.status = 'pending' AND n.run_at <= ?"
            f" AND {served}", (utc_text(now), *params))
        if row is None or not row["n"]:
            return 0, None
        return int(row["n"]), parse_utc(row["oldest"])

    async def counts(self) -> dict[str, int]:
        """How many nudges are in each status (for tests, benchmarks and health checks)."""
        rows = await self._db.read("SELECT status, COUNT(*) AS n FROM nudges GROUP BY status")
        return {row["status"]: row["n"] for row in rows}
