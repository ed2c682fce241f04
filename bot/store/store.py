"""`Store`: the one object the coach talks to for everything it keeps."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from datetime import date, datetime
from types import TracebackType
from typing import Self

from bot.flow_state import FlowState, StoredState
from bot.models import (
    Event,
    Preferences,
    Profile,
    Rejection,
    RejectionInput,
    Skill,
    User,
    UserKey,
)
from bot.store.backends import Target, open_database
from bot.store.conversations import Conversations, decode_state
from bot.store.db import BUSY_TIMEOUT_MS
from bot.store.handled import HandledMessages
from bot.store.kept_forms import KeptForms
from bot.store.nudges import NudgeQueue
from bot.store.port import Storage, Transaction
from bot.store.rejections import Rejections
from bot.store.skills import Skills
from bot.store.unit import UnitOfWork
from bot.store.users import Users


class Store:
    """Users, rejections with events, skills and conversation state in one database.

    Every per-user method takes the owner's user id and never touches another user's rows.
    """

    def __init__(self, db: Storage) -> None:
        self._db = db
        self._users = Users(db)
        self._rejections = Rejections(db)
        self._skills = Skills(db)
        self._handled = HandledMessages(db)
        self._conversations = Conversations(db)
        self._nudges = NudgeQueue(db)
        self._kept_forms = KeptForms(db)
        self._unit: ContextVar[UnitOfWork | None] = ContextVar("rebound_unit", default=None)

    @classmethod
    async def open(cls, target: Target, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """Open (creating and migrating as needed) the database `target` names: a SQLite
        file's path or a PostgreSQL URL (`bot.store.backends`)."""
        return cls(await open_database(target, busy_timeout_ms=busy_timeout_ms))

    async def close(self) -> None:
        """Close the underlying database."""
        await self._db.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def database(self) -> Storage:
        """The database, for components with their own tables."""
        return self._db

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[UnitOfWork]:
        """One unit of work: every write inside commits together, or none do; the unit it
        yields says afterwards which users and rejections those writes changed.

        Inside an enclosing unit (an inbox entry's), it is a savepoint: if it fails, its own
        writes are undone even when the failure is caught and the enclosing unit commits;
        if it succeeds, the enclosing unit learns what it changed.
        """
        outer = self._unit.get()
        unit = UnitOfWork()
        token = self._unit.set(unit)
        try:
            async with self._db.write(savepoint=True):
                yield unit
        finally:
            self._unit.reset(token)
        if outer is not None:
            outer.merge(unit)

    def atomic(self) -> AbstractAsyncContextManager[Transaction]:
        """An atomic write for components with their own tables (the inbox, the nudge
        ledger): like `unit`, a savepoint inside an enclosing one, and it yields the
        transaction itself. What the store's own methods write inside it is recorded in
        the enclosing unit, if any."""
        return self._db.write(savepoint=True)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the enclosing unit commits (at once outside one); never if it
        rolls back."""
        self._db.after_commit(callback)

    def _touched(self, user_id: int, *, rejection_id: int | None = None,
                 event: Event | None = None, plan: bool = False) -> None:
        unit = self._unit.get()
        if unit is not None:
            unit.touched(user_id, rejection_id=rejection_id, event=event, plan=plan)

    @property
    def nudges(self) -> NudgeQueue:
        """The durable nudge queue."""
        return self._nudges

    @property
    def kept_forms(self) -> KeptForms:
        """Answers of forms that came back with errors, for their "Fix it" button."""
        return self._kept_forms

    async def get_user(self, key: UserKey) -> User | None:
        """The user with this identity, if known."""
        return await self._users.get(key)

    async def get_user_and_conversation(
        self, key: UserKey
    ) -> tuple[User | None, StoredState | None]:
        """The user with this identity, if known, and their pending state (as
        `get_conversation` reads it), in one read: what every message starts with."""
        user, state = await self._users.get_with_state(key)
        return user, decode_state(state)

    async def get_or_create_user(
        self, key: UserKey, *, now: datetime, preferences: Preferences | None = None
    ) -> User:
        """The user with this identity; a new one starts with `preferences` (or defaults)."""
        return await self._users.get_or_create(key, now=now, preferences=preferences)

    async def update_profile(self, user_id: int, profile: Profile) -> User:
        """Replace the user's profile."""
        self._touched(user_id)
        return await self._users.update_profile(user_id, profile)

    async def update_preferences(self, user_id: int, preferences: Preferences) -> User:
        """Replace the user's preferences."""
        self._touched(user_id, plan=True)
        return await self._users.update_preferences(user_id, preferences)

    async def users_by_ids(self, user_ids: Sequence[int]) -> dict[int, User]:
        """Several users at once, by id."""
        return await self._users.by_ids(user_ids)

    async def set_unreachable(self, user_id: int, reason: str | None) -> None:
        """Record (or clear) why direct messages to the user fail for good."""
        await self._users.set_unreachable(user_id, reason)

    async def rejections_by_ids(self, rejection_ids: Sequence[int]) -> dict[int, Rejection]:
        """Several rejections (of any users) at once, with their events: for nudge batches."""
        return await self._rejections.by_ids(rejection_ids)

    async def delete_user(self, user_id: int) -> None:
        """Forget the user and everything they stored: the rows, and (once this commits)
        every copy of them in SQLite's WAL; freed pages are zeroed (`secure_delete`)."""
        self._touched(user_id, plan=True)
        async with self._db.write():
            await self._users.delete(user_id)
            self._db.wipe_after_commit()

    async def add_rejection(
        self, user_id: int, data: RejectionInput, *, now: datetime
    ) -> Rejection:
        """Store a rejection with its `logged` event at `now`, atomically."""
        added = await self._rejections.add(user_id, data, now=now)
        self._touched(user_id, rejection_id=added.id)
        return added

    async def list_rejections(self, user_id: int) -> list[Rejection]:
        """The user's rejections (by rejection date, then id) with their events, oldest first."""
        return await self._rejections.all(user_id)

    async def rejections_named(self, user_id: int, prefix: str) -> list[Rejection]:
        """The user's rejections whose company starts with `prefix` (lower-case ASCII,
        compared with ASCII letters folded), found by index, with their events."""
        return await self._rejections.named(user_id, prefix)

    async def recent_rejections(self, user_id: int, *, limit: int,
                                offset: int = 0) -> list[Rejection]:
        """A page of the user's rejections, newest (by rejection date) first, with events."""
        return await self._rejections.recent(user_id, limit=limit, offset=offset)

    async def newest_rejections(self, user_id: int, *,
                                limit: int) -> tuple[list[Rejection], int]:
        """The user's `limit` newest rejections (as `recent_rejections`) and how many they
        have logged in all, in one read."""
        return await self._rejections.recent_counted(user_id, limit=limit)

    async def count_rejections(self, user_id: int) -> int:
        """How many rejections the user has logged."""
        return await self._rejections.count(user_id)

    async def first_check_in_days(self, user_id: int,
                                  ranges: Sequence[tuple[date, date]]) -> list[date]:
        """For each [start, end) range, the first day a rejection of the user that still gets
        monthly check-ins (no stay-in-touch email yet, reminders not stopped) was rejected."""
        return await self._rejections.first_check_in_days(user_id, ranges)

    async def get_rejection(self, user_id: int, rejection_id: int) -> Rejection | None:
        """One of the user's rejections, or None if missing or not theirs."""
        return await self._rejections.get(user_id, rejection_id)

    async def update_rejection(
        self, user_id: int, rejection_id: int, data: RejectionInput
    ) -> Rejection:
        """Correct the user's rejection details (events kept); ReboundError if not theirs."""
        self._touched(user_id, rejection_id=rejection_id)
        return await self._rejections.update(user_id, rejection_id, data)

    async def add_event(self, user_id: int, rejection_id: int, event: Event) -> Event:
        """Record an event; raises ReboundError if the rejection is not the user's."""
        self._touched(user_id, rejection_id=rejection_id, event=event)
        return await self._rejections.add_event(user_id, rejection_id, event)

    async def delete_event(self, user_id: int, rejection_id: int, event_id: int) -> bool:
        """Delete one event of the user's rejection (what `undo` takes back)."""
        self._touched(user_id, rejection_id=rejection_id)
        return await self._rejections.delete_event(user_id, rejection_id, event_id)

    async def delete_rejection(self, user_id: int, rejection_id: int) -> bool:
        """Delete the user's rejection and its events, leaving no copy in the WAL once this
        commits; False if there was none."""
        self._touched(user_id, rejection_id=rejection_id)
        async with self._db.write():
            deleted = await self._rejections.delete(user_id, rejection_id)
            if deleted:
                self._db.wipe_after_commit()
        return deleted

    async def add_skill(self, user_id: int, text: str, *, now: datetime) -> Skill:
        """Store a skill the user logged."""
        return await self._skills.add(user_id, text, now=now)

    async def list_skills(self, user_id: int) -> list[Skill]:
        """The user's skills, oldest first."""
        return await self._skills.all(user_id)

    async def first_time(self, platform: str, message_id: str, *, now: datetime) -> bool:
        """Record a platform message id; False if it was already handled (a redelivery)."""
        return await self._handled.first_time(platform, message_id, now=now)

    async def get_conversation(self, user_id: int) -> StoredState | None:
        """The user's pending guided-form or confirmation state, if any (`Unreadable` when
        its row can't be read back)."""
        return await self._conversations.get(user_id)

    async def set_conversation(
        self, user_id: int, state: FlowState | None, *, now: datetime
    ) -> None:
        """Replace the user's pending state; None clears it."""
        await self._conversations.set(user_id, state, now=now)
