"""Fakes and helpers shared by the in-process nudge tests.

`RecordingMessenger` is a behaving outbound port: it records every nudge with the fake clock's
time and answers as scripted (sent by default, or a 429, a transient or permanent failure, an
exception, or a hang until the test releases it). The helpers build a real SQLite `Store` in
tmp_path, users and rejections, and insert raw nudge rows quickly.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.clock import FakeClock
from bot.coach import Coach
from bot.models import Preferences, Rejection, RejectionInput, User, UserKey
from bot.nudges.model import Delivery, OutgoingNudge
from bot.replies import Notice, Reply
from bot.session import Incoming
from bot.store import Store
from bot.store.codec import utc_text
from rebound.bootstrap import bootstrap
from rebound.bootstrap import open_store as open_database

PLATFORM = "test"
# A Monday, so the default 09:30 weekday slot is easy to reason about.
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TODAY = MONDAY.date()
SAM = UserKey(PLATFORM, "T1", "U-sam")
LOG_ACME = ("log company: Acme; role: Product Designer; interviewer: Jane Smith; "
            "email: jane@acme.com; rejected: today; memory: the whiteboard session")


@dataclass
class Hang:
    """A scripted answer that blocks delivery until `release` is set, then answers `then`."""

    then: Delivery = field(default_factory=Delivery.sent)
    entered: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)


Answer = Delivery | BaseException | Hang


@dataclass(frozen=True)
class Attempt:
    """One call of `deliver`: when (fake time), what, and how it was answered."""

    at: datetime
    nudge: OutgoingNudge
    answer: Delivery | None  # None when the messenger raised


class RecordingMessenger:
    """The Messenger port for tests: records every attempt and answers as scripted."""

    def __init__(self, clock: FakeClock, *, platform: str = PLATFORM,
                 deduplicates: bool = False) -> None:
        self._clock = clock
        self._platform = platform
        self.deduplicates = deduplicates
        self._script: deque[Answer] = deque()
        self.attempts: list[Attempt] = []
        self._changed = asyncio.Event()

    @property
    def platform(self) -> str:
        return self._platform

    def script(self, *answers: Answer) -> None:
        """Answer the next calls with these, in order; after them every call succeeds."""
        self._script.extend(answers)

    async def deliver(self, nudge: OutgoingNudge) -> Delivery:
        at = self._clock.now()
        answer: Answer = self._script.popleft() if self._script else Delivery.sent()
        if isinstance(answer, Hang):
            answer.entered.set()
            await answer.release.wait()
            answer = answer.then
        if isinstance(answer, BaseException):
            self._note(Attempt(at, nudge, None))
            raise answer
        self._note(Attempt(at, nudge, answer))
        return answer

    def _note(self, attempt: Attempt) -> None:
        self.attempts.append(attempt)
        self._changed.set()

    @property
    def delivered(self) -> list[Attempt]:
        """The attempts the messenger answered with `sent`."""
        return [a for a in self.attempts if a.answer == Delivery.sent()]

    @property
    def keys(self) -> list[str]:
        """Idempotency keys of the delivered nudges, in delivery order."""
        return [a.nudge.idempotency_key for a in self.delivered]

    async def wait_for_attempts(self, count: int, *, within: float = 5.0) -> None:
        """Wait (without moving the fake clock) until `count` attempts were made."""
        async with asyncio.timeout(within):
            while len(self.attempts) < count:
                self._changed.clear()
                await self._changed.wait()


async def eventually(condition: Callable[[], bool | Awaitable[bool]], *,
                     within: float = 5.0) -> None:
    """Let other tasks (and the database thread) run until `condition` holds.

    The fake clock does not move; this only waits for work already possible to finish.
    """
    async with asyncio.timeout(within):
        while True:
            result = condition()
            if not isinstance(result, bool):
                result = await result
            if result:
                return
            await asyncio.sleep(0.001)


async def idle(clock: FakeClock, sleepers: int = 1) -> None:
    """Wait until `sleepers` tasks sleep on the fake clock (a scheduler gone quiet)."""
    await eventually(lambda: clock.sleepers >= sleepers)


async def open_store(where: Path | str, name: str = "rebound.db", **options: Any) -> Store:
    """A real store: SQLite in the folder `where` (a file `name`), or the database `where`
    names (a `db_target`: a SQLite file or a PostgreSQL URL)."""
    if isinstance(where, Path) and not where.suffix:  # a folder
        where = where / name
    return await open_database(where, **options)


async def make_user(store: Store, *, key: UserKey = SAM, now: datetime = MONDAY,
                    timezone: str = "UTC", **preferences: Any) -> User:
    """A stored user with the given zone and preferences."""
    return await store.get_or_create_user(
        key, now=now, preferences=Preferences(timezone=timezone, **preferences))


def rejection_input(*, company: str = "Acme", rejected_on: date = TODAY,
                    interviewer: str = "Jane Smith") -> RejectionInput:
    """A valid rejection to log."""
    return RejectionInput(company=company, role="Product Designer", interviewer=interviewer,
                          rejected_on=rejected_on, memory="the whiteboard session",
                          interviewer_email="jane@acme.com")


async def add_rejection(store: Store, user: User, *, now: datetime = MONDAY,
                        **fields: Any) -> Rejection:
    """A rejection stored for `user`, logged at `now`."""
    return await store.add_rejection(user.id, rejection_input(**fields), now=now)


@dataclass(frozen=True)
class RawNudge:
    """A nudge row for raw insertion; defaults make a deliverable check-in."""

    key: str
    user_id: int
    due_at: datetime
    kind: str = "check-in"
    timezone: str = "UTC"
    payload: str = "{}"
    rejection_id: int | None = None
    run_at: datetime | None = None


async def insert_nudges(store: Store, nudges: Iterable[RawNudge], *,
                        now: datetime = MONDAY) -> None:
    """Insert rows straight into the nudges table (one executemany: fast for thousands)."""
    stamp = utc_text(now)
    rows = [(n.key, n.user_id, n.rejection_id, n.kind, utc_text(n.due_at), n.timezone,
             utc_text(n.run_at or n.due_at), n.payload, stamp, stamp) for n in nudges]
    async with store.database.write() as tx:
        await tx.executemany(
            "INSERT INTO nudges (idempotency_key, user_id, rejection_id, kind, due_at, timezone,"
            " run_at, payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows)


async def insert_users(store: Store, count: int, *, platform: str = PLATFORM,
                       now: datetime = MONDAY) -> list[int]:
    """`count` users inserted in one statement; returns their ids."""
    stamp = utc_text(now)
    async with store.database.write() as tx:
        await tx.executemany(
            "INSERT INTO users (platform, workspace, external_id, created_at)"
            " VALUES (?, 'bulk', ?, ?)", [(platform, f"u{i:04d}", stamp) for i in range(count)])
        rows = await tx.fetchall("SELECT id FROM users WHERE workspace = 'bulk' ORDER BY id")
    return [row["id"] for row in rows]


async def nudge_rows(store: Store, user_id: int | None = None) -> list[sqlite3.Row]:
    """Every nudge row (of one user, if given), in id order."""
    where = "" if user_id is None else "WHERE user_id = ?"
    params: Sequence[Any] = () if user_id is None else (user_id,)
    return await store.database.read(f"SELECT * FROM nudges {where} ORDER BY id", params)


async def by_key(store: Store, user_id: int | None = None) -> dict[str, sqlite3.Row]:
    """Nudge rows by idempotency key."""
    return {row["idempotency_key"]: row for row in await nudge_rows(store, user_id)}


async def pending(store: Store, user_id: int, *, after: datetime | None = None) -> dict[str, str]:
    """The user's pending nudges as key -> kind; with `after`, only those due later.

    Re-planning leaves overdue rows to the scheduler (delivered late, expired, or dropped at
    delivery if their step was done), so "the plan from now on" is the rows due after now.
    """
    return {key: row["kind"] for key, row in (await by_key(store, user_id)).items()
            if row["status"] == "pending"
            and (after is None or datetime.fromisoformat(row["due_at"]) > after)}


def payload(row: sqlite3.Row) -> dict[str, Any]:
    value = json.loads(row["payload"])
    assert isinstance(value, dict)
    return value


class Changes(asyncio.Event):
    """The wake signal between coach and scheduler, counting how often the coach set it."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def set(self) -> None:
        self.count += 1
        super().set()


def make_coach(store: Store, clock: FakeClock, changes: Changes | None = None) -> Coach:
    """The real coach over a real store and the fake clock."""
    return bootstrap(store=store, clock=clock, wake=changes).coach


async def say(coach: Coach, text: str, *, user: UserKey = SAM,
              timezone: str | None = "UTC") -> Reply:
    """Send one message as `user` and return the coach's reply."""
    return await coach.handle(Incoming(user, text, timezone))


class StatementRig:
    """A coach for Sam and the SQL each message runs on the writing connection (fill
    `statements` with `Database.add_statement_listener`)."""

    def __init__(self, store: Store, coach: Coach) -> None:
        self.store = store
        self.coach = coach
        self.statements: list[str] = []

    async def run(self, text: str) -> list[str]:
        """Send `text` as Sam; the SQL statements it ran."""
        self.statements.clear()
        await say(self.coach, text)
        return list(self.statements)


def notices(reply: Reply) -> list[str]:
    return [part.text for part in reply.parts if isinstance(part, Notice)]


def days(n: float) -> timedelta:
    return timedelta(days=n)


async def drive(clock: FakeClock, task: asyncio.Future[Any], *, step: timedelta,
                limit: timedelta = timedelta(hours=1)) -> timedelta:
    """Run `task` to the end, moving the fake clock by `step` whenever it waits on it.

    Returns how much fake time passed. Fails if that exceeds `limit` (a stuck task).
    """
    start = clock.now()
    while not task.done():
        if clock.sleepers:
            assert clock.now() - start <= limit, "the task kept waiting on the clock"
            clock.advance(step)
        await asyncio.sleep(0)
    task.result()
    return clock.now() - start
