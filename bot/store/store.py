"""`Store`: the one object the coach talks to for everything it keeps."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from pathlib import Path
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
from bot.store.conversations import Conversations
from bot.store.db import BUSY_TIMEOUT_MS, Database
from bot.store.handled import HandledMessages
from bot.store.kept_forms import KeptForms
from bot.store.nudges import NudgeQueue
from bot.store.rejections import Rejections
from bot.store.skills import Skills
from bot.store.tx import Tx
from bot.store.users import Users


class Store:
    """Users, rejections with events, skills and conversation state in one database.

    Every per-user method takes the owner's user id and never touches another user's rows.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._users = Users(db)
        self._rejections = Rejections(db)
        self._skills = Skills(db)
        self._handled = HandledMessages(db)
        self._conversations = Conversations(db)
        self._nudges = NudgeQueue(db)
        self._kept_forms = KeptForms(db)
        self._revision = 0

    @classmethod
    async def open(cls, path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """Open (creating and migrating as needed) the database at `path`."""
        return cls(await Database.open(path, busy_timeout_ms=busy_timeout_ms))

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
    def database(self) -> Database:
        """The database, for components with their own tables."""
        return self._db

    def atomic(self) -> AbstractAsyncContextManager[Tx]:
        """One unit of work: every write inside (by this task) commits together, or none do.

        Inside an enclosing unit (an inbox entry's), it is a savepoint: if it fails, its own
        writes are undone even when the failure is caught and the enclosing unit commits.
        """
        return self._db.write(savepoint=True)

    @property
    def nudges(self) -> NudgeQueue:
        """The durable nudge queue."""
        return self._nudges

    @property
    def kept_forms(self) -> KeptForms:
        """Answers of forms that came back with errors, for their "Fix it" button."""
        return self._kept_forms

    @property
    def revision(self) -> int:
        """Counts writes that can change a user's plan (rejections, events, preferences).

        The coach compares it before and after a message to know when to re-plan nudges.
        """
        return self._revision

    async def get_user(self, key: UserKey) -> User | None:
        """The user with this identity, if known."""
        return await self._users.get(key)

    async def get_or_create_user(
        self, key: UserKey, *, now: datetime, preferences: Preferences | None = None
    ) -> User:
        """The user with this identity; a new one starts with `preferences` (or defaults)."""
        return await self._users.get_or_create(key, now=now, preferences=preferences)

    async def update_profile(self, user_id: int, profile: Profile) -> User:
        """Replace the user's profile."""
        return await self._users.update_profile(user_id, profile)

    async def update_preferences(self, user_id: int, preferences: Preferences) -> User:
        """Replace the user's preferences."""
        self._revision += 1
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
        every copy of them in the WAL; freed pages are zeroed (`secure_delete`)."""
        self._revision += 1
        async with self._db.write():
            await self._users.delete(user_id)
            self._db.wipe_after_commit()

    async def add_rejection(
        self, user_id: int, data: RejectionInput, *, now: datetime
    ) -> Rejection:
        """Store a rejection with its `logged` event at `now`, atomically."""
        self._revision += 1
        return await self._rejections.add(user_id, data, now=now)

    async def list_rejections(self, user_id: int) -> list[Rejection]:
        """The user's rejections (by rejection date, then id) with their events, oldest first."""
        return await self._rejections.all(user_id)

    async def get_rejection(self, user_id: int, rejection_id: int) -> Rejection | None:
        """One of the user's rejections, or None if missing or not theirs."""
        return await self._rejections.get(user_id, rejection_id)

    async def update_rejection(
        self, user_id: int, rejection_id: int, data: RejectionInput
    ) -> Rejection:
        """Correct the user's rejection details (events kept); ReboundError if not theirs."""
        self._revision += 1
        return await self._rejections.update(user_id, rejection_id, data)

    async def add_event(self, user_id: int, rejection_id: int, event: Event) -> Event:
        """Record an event; raises ReboundError if the rejection is not the user's."""
        self._revision += 1
        return await self._rejections.add_event(user_id, rejection_id, event)

    async def delete_event(self, user_id: int, rejection_id: int, event_id: int) -> bool:
        """Delete one event of the user's rejection (what `undo` takes back)."""
        self._revision += 1
        return await self._rejections.delete_event(user_id, rejection_id, event_id)

    async def delete_rejection(self, user_id: int, rejection_id: int) -> bool:
        """Delete the user's rejection and its events, leaving no copy in the WAL once this
        commits; False if there was none."""
        self._revision += 1
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
