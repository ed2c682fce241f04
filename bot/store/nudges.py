"""The durable nudge queue: one row per nudge, never deleted by the scheduler.

Rows move pending -> claimed (with a lease) -> sent, or to dead / expired / cancelled. A claim
takes a slice in one short `BEGIN IMMEDIATE` transaction; sending happens outside any
transaction; an outcome is recorded, and a lease renewed, only by the holder of the current
lease, checked with the attempts counter as a fencing token. A crashed worker's claims come
back when their lease expires. Users who can't be messaged (`users.unreachable`) are held, not
retried.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.nudges.model import Nudge, NudgeKind, NudgeStatus
from bot.store.codec import json_text, parse_utc, utc_text
from bot.store.db import Database
from bot.store.expiry import expire_overdue

log = logging.getLogger(__name__)

_ROW = ("id, idempotency_key, user_id, rejection_id, kind, due_at, timezone, status, attempts,"
        " payload, failures")
_SYNC_SLICE = 2000  # rows per executemany in `sync_users`: a few ms of the event loop each
_SERVED = "u.unreachable IS NULL AND u.platform IN ({platforms}) {only_user}"
# Queries over due nudges say `nudges AS n CROSS JOIN users AS u`: in SQLite that keeps
# `nudges` the outer loop, read in due order from its partial index and stopped at the LIMIT.
# With a plain JOIN the planner started from `users` and walked every pending nudge of every
# user, then sorted: every claim and every idle wake-up cost O(all pending), ~23 ms a query
# with 100,000 pending nudges instead of ~0.1 ms.


@dataclass(frozen=True)
class Scheduled:
    """A planned nudge with its moment worked out, ready to be written.

    `keep_only` marks one whose day has passed: an open row for it stays (it goes out late or
    expires into a summary), but none is created or revived for it.
    """

    key: str
    kind: NudgeKind
    rejection_id: int | None
    due_at: datetime
    timezone: str
    payload: dict[str, Any]
    keep_only: bool = False
    message: tuple[str, str] | None = None
    """The title and text composed from the rejection at revision `composed_from`, if any
    (`bot.nudges.composer.planned_message`)."""
    composed_from: int | None = None


@dataclass(frozen=True)
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


def _slices(plans: Mapping[int, Sequence[Scheduled]], *,
            rows: int) -> Iterator[list[tuple[int, Sequence[Scheduled]]]]:
    """Whole users' plans, grouped so that each group holds about `rows` nudges."""
    part: list[tuple[int, Sequence[Scheduled]]] = []
    size = 0
    for user_id, wanted in plans.items():
        part.append((user_id, wanted))
        size += len(wanted) or 1
        if size >= rows:
            yield part
            part, size = [], 0
    if part:
        yield part


_KINDS = {kind.value: kind for kind in NudgeKind}
_STATUSES = {status.value: status for status in NudgeStatus}
# Calling an enum to look a value up costs ~0.45 us; these dicts ~0.02 (a KeyError for an
# unknown value, which marks the row corrupt just as the enum's ValueError did).
_FLAT_PAYLOADS: dict[Any, dict[str, str]] = {}
_FLAT_PAYLOADS_MAX = 256


def _payload(text: Any) -> dict[str, Any]:
    """A row's payload decoded, as a dict of its own. The few flat payloads (text values
    only: `{"action": "reach-out"}`) are decoded once and copied after; a copy of a dict of
    strings is a fifth of the cost of decoding it again."""
    flat = _FLAT_PAYLOADS.get(text)
    if flat is not None:
        return dict(flat)
    decoded = json.loads(text)
    if not isinstance(decoded, dict):
        raise ValueError("payload is not an object")
    if (len(_FLAT_PAYLOADS) < _FLAT_PAYLOADS_MAX
            and all(isinstance(value, str) for value in decoded.values())):
        _FLAT_PAYLOADS[text] = dict(decoded)
    return decoded


def _nudge(row: sqlite3.Row) -> Nudge:
    """Decode a nudge row (columns in `_ROW` order); raises ValueError/TypeError/KeyError on
    a corrupt one. By position: looking columns up by name cost a third of a claim."""
    (nudge_id, key, user_id, rejection_id, kind, due_at, zone, status, attempts, payload,
     failures) = row
    return Nudge(
        id=nudge_id, key=key, user_id=user_id, rejection_id=rejection_id,
        kind=_KINDS[kind], due_at=parse_utc(due_at), timezone=str(zone),
        status=_STATUSES[status], attempts=attempts, payload=_payload(payload),
        failures=failures,
    )


def _decode_all(rows: Sequence[sqlite3.Row]) -> tuple[list[Nudge], list[tuple[int, str]]]:
    """Claimed rows as `Nudge`s, and the (id, error) of those that can't be read: they are
    marked dead, not deleted, and not sent."""
    nudges: list[Nudge] = []
    corrupt: list[tuple[int, str]] = []
    for row in rows:
        try:
            nudges.append(_nudge(row))
        except (ValueError, TypeError, KeyError) as exc:
            log.error("nudge %s is corrupt and marked dead: %s", row[0], type(exc).__name__)
            corrupt.append((row[0], f"corrupt row: {exc}"[:300]))
    return nudges, corrupt


_UPSERT = (
    "INSERT INTO nudges (idempotency_key, user_id, rejection_id, kind, due_at,"
    " timezone, run_at, payload, title, text, composed_from, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (idempotency_key) DO UPDATE SET status = 'pending',"
    " kind = excluded.kind, payload = excluded.payload, due_at = excluded.due_at,"
    " run_at = excluded.run_at, timezone = excluded.timezone, title = excluded.title,"
    " text = excluded.text, composed_from = excluded.composed_from, last_error = NULL,"
    " failures = 0,"
    " lease_owner = NULL, lease_expires_at = NULL, updated_at = excluded.updated_at"
    " WHERE nudges.status = 'cancelled'"
    " OR (nudges.status = 'pending' AND nudges.due_at > ?"
    " AND (nudges.due_at != excluded.due_at OR nudges.timezone != excluded.timezone"
    " OR nudges.kind != excluded.kind))")
"""Insert a planned nudge, or revive or move the open row with its key (see `sync_user`)."""
_CANCEL = (
    "UPDATE nudges SET status = 'cancelled', updated_at = ?, lease_owner = NULL"
    " WHERE kind != ? AND (status = 'claimed' OR (status = 'pending' AND due_at > ?))"
    " AND idempotency_key NOT IN (SELECT value FROM json_each(?))")
"""Cancel the open rows no longer planned; callers add which rows they planned."""


def _insert(user_id: int, item: Scheduled, stamp: str) -> tuple[Any, ...]:
    """`_UPSERT`'s parameters for one planned nudge."""
    title, text = item.message or (None, None)
    due = utc_text(item.due_at)
    return (item.key, user_id, item.rejection_id, item.kind.value, due, item.timezone, due,
            json_text(item.payload), title, text, item.composed_from, stamp, stamp, stamp)


class NudgeQueue:
    """Reads and writes nudge rows."""

    def __init__(self, db: Database) -> None:
        self._db = db

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

        Each kind of change is one `executemany` per slice of about `_SYNC_SLICE` rows, not
        one await (a round trip to the database thread) per row, which made bulk scheduling
        ~10x slower; between slices the event loop runs, so 100,000 rows never freeze it.
        """
        stamp = utc_text(now)
        changed = 0
        async with self._db.write() as tx:
            for part in _slices(plans, rows=_SYNC_SLICE):
                inserts = [_insert(user_id, item, stamp)
                           for user_id, wanted in part for item in wanted if not item.keep_only]
                # The kept keys travel as one JSON array per user: no limit on host parameters.
                keeps = [(stamp, NudgeKind.MISSED.value, stamp,
                          json.dumps([item.key for item in wanted]), user_id)
                         for user_id, wanted in part]
                changed += await tx.executemany(_UPSERT, inserts)
                changed += await tx.executemany(f"{_CANCEL} AND user_id = ?", keeps)
        return changed

    async def sync_rejections(self, user_id: int, wanted: Sequence[Scheduled], *,
                              rejection_ids: Collection[int], check_ins: bool = True,
                              now: datetime) -> bool:
        """`sync_user` limited to the nudges of `rejection_ids` and the user's nudges of no
        rejection (check-ins, and those of rejections deleted): what one message that changed
        those rejections can have changed. `wanted` holds their plans and, with `check_ins`,
        every check-in; the user's other nudges are left alone (without `check_ins`, their
        check-ins too)."""
        stamp = utc_text(now)
        ids = json.dumps(sorted(rejection_ids))
        kept = json.dumps([item.key for item in wanted])
        inserts = [_insert(user_id, item, stamp) for item in wanted if not item.keep_only]
        async with self._db.write() as tx:
            changed = await tx.executemany(_UPSERT, inserts)
            changed += await tx.execute(
                f"{_CANCEL} AND rejection_id IN (SELECT value FROM json_each(?))",
                (stamp, NudgeKind.MISSED.value, stamp, kept, ids))
            if check_ins:
                # Check-ins, and the nudges of a rejection just deleted (link cleared).
                changed += await tx.execute(
                    f"{_CANCEL} AND rejection_id IS NULL AND user_id = ?",
                    (stamp, NudgeKind.MISSED.value, stamp, kept, user_id))
        return changed > 0

    async def next_run_at(self, scope: Scope) -> datetime | None:
        """When something next needs doing: the earliest pending run or expiring lease."""
        served, params = scope.sql()
        row = await self._db.read_one(
            "SELECT MIN(t) AS t FROM ("
            " SELECT * FROM (SELECT n.run_at AS t FROM nudges AS n CROSS JOIN users AS u"
            f"  WHERE u.id = n.user_id AND n.status = 'pending' AND {served}"
            "  ORDER BY n.run_at LIMIT 1)"
            " UNION ALL"
            " SELECT * FROM (SELECT n.lease_expires_at AS t"
            "  FROM nudges AS n CROSS JOIN users AS u"
            f"  WHERE u.id = n.user_id AND n.status = 'claimed' AND {served}"
            "  ORDER BY n.lease_expires_at LIMIT 1))",
            (*params, *params),
        )
        return parse_utc(row["t"]) if row is not None and row["t"] else None

    async def claim(self, *, scope: Scope, owner: str, now: datetime, lease: timedelta,
                    limit: int, expire_before: datetime,
                    on_expired: Callable[[str, int], None] | None = None) -> list[Nudge]:
        """Expire what is too late, then claim up to `limit` due nudges in due order.

        `on_expired(platform, count)` hears how many were expired, once they are committed.
        """
        served, params = scope.sql()
        stamp = utc_text(now)
        async with self._db.write() as tx:
            expired = await expire_overdue(tx, served=served, params=params,
                                           before=expire_before, now=now)
            rows = await tx.fetchall(
                "UPDATE nudges SET status = 'claimed', lease_owner = ?, lease_expires_at = ?,"
                " attempts = attempts + 1, updated_at = ?"
                " WHERE id IN ("
                "  SELECT id FROM (SELECT n.id, n.run_at FROM nudges AS n CROSS JOIN users AS u"
                "   WHERE u.id = n.user_id AND n.status = 'pending' AND n.run_at <= ?"
                f"   AND {served} ORDER BY n.run_at, n.id LIMIT ?)"
                "  UNION ALL"
                "  SELECT id FROM (SELECT n.id, n.run_at FROM nudges AS n CROSS JOIN users AS u"
                "   WHERE u.id = n.user_id AND n.status = 'claimed'"
                "   AND n.lease_expires_at <= ?"
                f"   AND {served} ORDER BY n.run_at, n.id LIMIT ?))"
                f" RETURNING {_ROW}",
                (owner, utc_text(now + lease), stamp, stamp, *params, limit, stamp, *params,
                 limit),
            )
            nudges, corrupt = _decode_all(rows)
            if corrupt:
                await tx.executemany(
                    "UPDATE nudges SET status = 'dead', last_error = ?, lease_owner = NULL,"
                    " updated_at = ? WHERE id = ?",
                    [(error, stamp, nudge_id) for nudge_id, error in corrupt])
        if on_expired is not None:
            for platform, count in expired.items():
                on_expired(platform, count)
        nudges.sort(key=lambda n: (n.due_at, n.id))
        return nudges[:limit] if len(nudges) <= limit else await self._release_extra(
            nudges, limit, owner=owner, now=now)

    async def _release_extra(self, nudges: list[Nudge], limit: int, *, owner: str,
                             now: datetime) -> list[Nudge]:
        """Both halves of a claim may fill up; hand the surplus straight back."""
        extra = nudges[limit:]
        await self.record([Outcome(n, NudgeStatus.PENDING, run_at=now) for n in extra],
                          owner=owner, now=now)
        return nudges[:limit]

    async def record(self, outcomes: Sequence[Outcome], *, owner: str, now: datetime) -> int:
        """Write outcomes in one transaction; only rows still under our lease change.

        Returns how many were recorded (the rest were cancelled or reclaimed meanwhile).
        """
        stamp = utc_text(now)
        sent: list[tuple[Any, ...]] = []
        retry: list[tuple[Any, ...]] = []
        final: list[tuple[Any, ...]] = []
        for o in outcomes:
            fence = (o.nudge.id, owner, o.nudge.attempts)
            if o.status is NudgeStatus.SENT:
                sent.append((stamp, stamp, int(o.late), *fence))
            elif o.status is NudgeStatus.PENDING:
                retry.append((utc_text(o.run_at or now), o.error, int(o.failed), stamp,
                              *fence))
            else:
                final.append((o.status.value, o.error, stamp, *fence))
        # One executemany per kind of outcome present: a batch costs at most three round
        # trips, and a single outcome (one send's record) just one.
        statements = (
            ("UPDATE nudges SET status = 'sent', sent_at = ?, updated_at = ?,"
             " late = ?, last_error = NULL, lease_owner = NULL"
             " WHERE id = ? AND status = 'claimed' AND lease_owner = ?"
             " AND attempts = ?", sent),
            ("UPDATE nudges SET status = 'pending', run_at = ?, last_error = ?,"
             " failures = failures + ?, updated_at = ?, lease_owner = NULL,"
             " lease_expires_at = NULL"
             " WHERE id = ? AND status = 'claimed' AND lease_owner = ?"
             " AND attempts = ?", retry),
            ("UPDATE nudges SET status = ?, last_error = ?, updated_at = ?,"
             " lease_owner = NULL WHERE id = ? AND status = 'claimed'"
             " AND lease_owner = ? AND attempts = ?", final),
        )
        recorded = 0
        async with self._db.write() as tx:
            for sql, rows in statements:
                if rows:
                    recorded += await tx.executemany(sql, rows)
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
        fences = json.dumps([[n.id, n.attempts] for n in nudges])
        async with self._db.write() as tx:
            held = await tx.fetchall(
                "UPDATE nudges SET lease_expires_at = ?"
                " WHERE status = 'claimed' AND lease_owner = ? AND (id, attempts) IN"
                " (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')"
                " FROM json_each(?)) RETURNING id",
                (utc_text(now + lease), owner, fences))
        return {row["id"] for row in held}

    async def pending_for_user(self, user_id: int, *, limit: int = 5) -> list[Nudge]:
        """The user's next open nudges, soonest first (for summaries and `nudges`)."""
        rows = await self._db.read(
            f"SELECT {_ROW} FROM nudges WHERE user_id = ? AND status = 'pending'"
            " ORDER BY due_at, id LIMIT ?", (user_id, limit))
        result = []
        for row in rows:
            try:
                result.append(_nudge(row))
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
