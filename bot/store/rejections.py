"""Rejections and their events, always scoped to the owning user."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from bot.errors import ReboundError
from bot.models import Event, EventKind, Rejection, RejectionInput
from bot.store.codec import event_data, parse_date, parse_event, parse_utc, utc, utc_text
from bot.store.errors import IntegrityViolation
from bot.store.port import Row, Step, Storage

# One query loads rejections with their events: a LEFT JOIN ordered so that each rejection's
# rows are adjacent and its events come oldest first.
_WITH_EVENTS = """
SELECT r.id, r.user_id, r.company, r.role, r.interviewer, r.rejected_on, r.memory,
       r.interviewer_email, r.linkedin_url, r.compliment, r.created_at, r.revision,
       e.id AS event_id, e.kind, e.at, e.data
FROM rejections AS r
LEFT JOIN events AS e ON e.rejection_id = r.id
WHERE r.user_id = ? {extra}
ORDER BY r.rejected_on, r.id, e.at, e.id
"""
_ALL = _WITH_EVENTS.format(extra="")
# `lower(company)` is indexed (rejections_by_company): a range on it finds the rejections
# whose company starts with a lower-case ASCII prefix without reading the others.
_NAMED = _WITH_EVENTS.format(extra="AND lower(r.company) >= ? AND lower(r.company) < ?")
_RECENT = """
SELECT r.id, r.user_id, r.company, r.role, r.interviewer, r.rejected_on, r.memory,
       r.interviewer_email, r.linkedin_url, r.compliment, r.created_at, r.revision,
       e.id AS event_id, e.kind, e.at, e.data
FROM (SELECT * FROM rejections WHERE user_id = ?
      ORDER BY rejected_on DESC, id DESC LIMIT ? OFFSET ?) AS r
LEFT JOIN events AS e ON e.rejection_id = r.id
ORDER BY r.rejected_on DESC, r.id DESC, e.at, e.id
"""
_RECENT_COUNTED = _RECENT.replace(
    "e.data\nFROM", "e.data, (SELECT count(*) FROM rejections WHERE user_id = ?)\nFROM", 1)
"""`_RECENT` with how many rejections the user has in all, on every row."""
_BY_IDS = _WITH_EVENTS.replace("WHERE r.user_id = ? {extra}", "WHERE r.id IN ({marks})")
_ONE = _WITH_EVENTS.format(extra="AND r.id = ?")

# The first day in [?, ?) of a rejection of the user that still gets check-ins; one such
# subquery per range, each walking the (user_id, rejected_on) index until the first that does.
_FIRST_CHECK_IN_DAY = """
(SELECT r.rejected_on FROM rejections AS r
 WHERE r.user_id = ? AND r.rejected_on >= ? AND r.rejected_on < ?
 AND NOT EXISTS (SELECT 1 FROM events AS e WHERE e.rejection_id = r.id AND e.kind = 'sent'
                 AND {sent_action} = 'stay-in-touch')
 AND COALESCE((SELECT e.kind FROM events AS e WHERE e.rejection_id = r.id
               AND e.kind IN ('stopped', 'resumed') ORDER BY e.at DESC, e.id DESC LIMIT 1),
              '') != 'stopped'
 ORDER BY r.rejected_on LIMIT 1)"""

_INSERT_EVENT = (
    "INSERT INTO events (rejection_id, kind, at, data)"
    " SELECT r.id, ?, ?, ? FROM rejections AS r WHERE r.id = ? AND r.user_id = ?"
    " RETURNING id"
)
_INSERT = ("INSERT INTO rejections (company, role, interviewer, rejected_on, memory,"
           " interviewer_email, linkedin_url, compliment, user_id, created_at)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")


def _rejection(row: Row, events: tuple[Event, ...]) -> Rejection:
    """Decode the rejection columns of a `_WITH_EVENTS` row by position (a scheduler decodes
    one per nudge; by name, the lookups cost as much as the rest)."""
    (rejection_id, user_id, company, role, interviewer, rejected_on, memory,
     interviewer_email, linkedin_url, compliment, created_at, revision) = row[:12]
    return Rejection(
        id=rejection_id,
        user_id=user_id,
        company=company,
        role=role,
        interviewer=interviewer,
        rejected_on=parse_date(rejected_on),
        memory=memory,
        interviewer_email=interviewer_email,
        linkedin_url=linkedin_url,
        compliment=compliment,
        created_at=parse_utc(created_at),
        events=events,
        revision=revision,
    )


def _group(rows: list[Row]) -> list[Rejection]:
    """Fold joined rows (one per event, or one with NULL event columns) into rejections."""
    result: list[Rejection] = []
    first: Row | None = None
    current: int | None = None
    events: list[Event] = []
    for row in rows:
        if first is None or row[0] != current:
            if first is not None:
                result.append(_rejection(first, tuple(events)))
            first, current, events = row, row[0], []
        event_id, kind, at, data = row[12:16]
        if event_id is not None:
            events.append(parse_event(event_id=event_id, kind=kind, at=at, data=data))
    if first is not None:
        result.append(_rejection(first, tuple(events)))
    return result


def _input_values(data: RejectionInput) -> tuple[str | None, ...]:
    """The columns a user enters, in table order (company ... compliment)."""
    return (
        data.company,
        data.role,
        data.interviewer,
        data.rejected_on.isoformat(),
        data.memory,
        data.interviewer_email,
        data.linkedin_url,
        data.compliment,
    )


def _insert_event(event: Event, *, user_id: int, rejection_id: int | None = None) -> Step:
    """The step that inserts the event (its id, or None if the rejection is not the user's);
    without `rejection_id`, for the rejection the step before it inserted."""
    values = (str(event.kind), utc_text(event.at), event_data(event))
    if rejection_id is not None:
        return Step(_INSERT_EVENT, (*values, rejection_id, user_id), "insert")
    return Step(_INSERT_EVENT, lambda done: (*values, done[0], user_id), "insert")


def _stored_event(event: Event, event_id: int | None, *, user_id: int,
                  rejection_id: int) -> Event:
    if event_id is None:
        raise ReboundError(f"user {user_id} has no rejection {rejection_id}")
    return replace(event, id=event_id, at=utc(event.at))


def _read_back(user_id: int, rejection_id: int | None = None) -> Step:
    """The rejection as a write just left it, read in the write's own trip: the re-planning
    after it reads it from `Transaction.seen`, not with a trip of its own. Without
    `rejection_id`, the one the first step inserted."""
    if rejection_id is not None:
        return Step(_ONE, (user_id, rejection_id), "fetchall")
    return Step(_ONE, lambda done: (user_id, done[0]), "fetchall")


class Rejections:
    """Reads and writes rejections and events; every method takes the owner's user id."""

    def __init__(self, db: Storage) -> None:
        self._db = db
        self._first_check_in_day = _FIRST_CHECK_IN_DAY.format(
            sent_action=db.dialect.json_field("e.data", "action"))

    async def add(self, user_id: int, data: RejectionInput, *, now: datetime) -> Rejection:
        """Store a rejection and its `logged` event at `now`, atomically."""
        created = utc_text(now)
        event = Event(kind=EventKind.LOGGED, at=now)

        steps = [Step(_INSERT, (*_input_values(data), user_id, created), "insert"),
                 _insert_event(event, user_id=user_id), _read_back(user_id)]
        async with self._db.write() as tx:
            try:
                rejection_id, event_id, rows = await tx.steps(steps)
            except IntegrityViolation as exc:
                raise ReboundError(f"no user with id {user_id} ({exc})") from exc
            logged = _stored_event(event, event_id, user_id=user_id, rejection_id=rejection_id)
            self._seen(_group(rows))
        return Rejection(
            id=rejection_id,
            user_id=user_id,
            company=data.company,
            role=data.role,
            interviewer=data.interviewer,
            rejected_on=data.rejected_on,
            memory=data.memory,
            interviewer_email=data.interviewer_email,
            linkedin_url=data.linkedin_url,
            compliment=data.compliment,
            created_at=utc(now),
            events=(logged,),
        )

    def _seen(self, found: list[Rejection]) -> list[Rejection]:
        """Remember what a write transaction read (`Storage.seen`), for a second read."""
        seen = self._db.seen()
        if seen is not None:
            seen.update((r.id, r) for r in found)
        return found

    async def all(self, user_id: int) -> list[Rejection]:
        """The user's rejections by rejection date then id, each with its events oldest first."""
        return self._seen(_group(await self._db.read(_ALL, (user_id,))))

    async def named(self, user_id: int, prefix: str) -> list[Rejection]:
        """The user's rejections whose company, lower-cased (ASCII letters only, as SQLite's
        `lower` does), starts with `prefix`: a non-empty lower-case ASCII text."""
        if not prefix or not prefix.isascii() or prefix != prefix.lower():
            raise ValueError("the prefix must be non-empty lower-case ASCII")
        above = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return self._seen(_group(await self._db.read(_NAMED, (user_id, prefix, above))))

    async def recent(self, user_id: int, *, limit: int, offset: int = 0) -> list[Rejection]:
        """The user's rejections newest first (by rejection date, then id), a page at a time."""
        return self._seen(_group(await self._db.read(_RECENT, (user_id, limit, offset))))

    async def recent_counted(self, user_id: int, *, limit: int) -> tuple[list[Rejection], int]:
        """The user's `limit` newest rejections (as `recent`) and how many they have in all,
        in one query."""
        rows = await self._db.read(_RECENT_COUNTED, (user_id, user_id, limit, 0))
        return self._seen(_group(rows)), rows[0][16] if rows else 0

    async def count(self, user_id: int) -> int:
        """How many rejections the user has logged."""
        row = await self._db.read_one("SELECT count(*) FROM rejections WHERE user_id = ?",
                                      (user_id,))
        return 0 if row is None else int(row[0])

    async def first_check_in_days(self, user_id: int,
                                  ranges: Sequence[tuple[date, date]]) -> list[date]:
        """For each [start, end) range, the earliest rejection day in it of the user's
        rejections that still get check-ins: no stay-in-touch email sent, reminders not
        stopped (the latest of stop/resume is not a stop); ranges with none are left out.
        `planner.counts_for_check_ins` asks the same in Python. One query, a row or so read
        per range."""
        if not ranges:
            return []
        columns = ", ".join([self._first_check_in_day] * len(ranges))
        params = [v for start, end in ranges
                  for v in (user_id, start.isoformat(), end.isoformat())]
        row = await self._db.read_one(f"SELECT {columns}", params)
        return sorted({parse_date(value) for value in (row or ()) if value is not None})

    async def by_ids(self, rejection_ids: Sequence[int]) -> dict[int, Rejection]:
        """Rejections of any users by id, with events (a scheduler's batch, not a user's view)."""
        if not rejection_ids:
            return {}
        seen = self._db.seen()
        if seen is not None and all(i in seen for i in rejection_ids):
            known = sorted((seen[i] for i in set(rejection_ids)),
                           key=lambda r: (r.rejected_on, r.id))
            return {r.id: r for r in known}
        marks = ",".join("?" * len(rejection_ids))
        rows = await self._db.read(_BY_IDS.format(marks=marks), tuple(rejection_ids))
        return {r.id: r for r in self._seen(_group(rows))}

    async def get(self, user_id: int, rejection_id: int) -> Rejection | None:
        """One of the user's rejections with its events; None if missing or someone else's."""
        seen = self._db.seen()
        known = seen.get(rejection_id) if seen is not None else None
        if known is not None and known.user_id == user_id:
            return known
        found = self._seen(_group(await self._db.read(_ONE, (user_id, rejection_id))))
        return found[0] if found else None

    async def update(self, user_id: int, rejection_id: int, data: RejectionInput) -> Rejection:
        """Replace the user-entered details of the user's rejection; its events are kept."""
        async with self._db.write() as tx:
            changed = await tx.execute(
                "UPDATE rejections SET company = ?, role = ?, interviewer = ?, rejected_on = ?,"
                " memory = ?, interviewer_email = ?, linkedin_url = ?, compliment = ?"
                " WHERE id = ? AND user_id = ?",
                (*_input_values(data), rejection_id, user_id),
            )
            if not changed:
                raise ReboundError(f"user {user_id} has no rejection {rejection_id}")
            [updated] = _group(await tx.fetchall(_ONE, (user_id, rejection_id)))
        return updated

    async def add_event(self, user_id: int, rejection_id: int, event: Event) -> Event:
        """Record an event on the user's rejection; returns it with its id (and `at` in UTC)."""
        steps = [_insert_event(event, user_id=user_id, rejection_id=rejection_id),
                 _read_back(user_id, rejection_id)]
        async with self._db.write() as tx:
            event_id, rows = await tx.steps(steps)
            self._seen(_group(rows))
        return _stored_event(event, event_id, user_id=user_id, rejection_id=rejection_id)

    async def delete_event(self, user_id: int, rejection_id: int, event_id: int) -> bool:
        """Delete one event of the user's rejection (`undo`); False if there was none."""
        steps = [Step("DELETE FROM events WHERE id = ? AND rejection_id = (SELECT id FROM"
                      " rejections WHERE id = ? AND user_id = ?)",
                      (event_id, rejection_id, user_id)),
                 _read_back(user_id, rejection_id)]
        async with self._db.write() as tx:
            changed, rows = await tx.steps(steps)
            self._seen(_group(rows))
        return bool(changed)

    async def delete(self, user_id: int, rejection_id: int) -> bool:
        """Delete the user's rejection and its events; False if there was no such rejection."""
        async with self._db.write() as tx:
            changed = await tx.execute(
                "DELETE FROM rejections WHERE id = ? AND user_id = ?", (rejection_id, user_id)
            )
        return changed > 0
