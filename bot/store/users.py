"""Users: identity per (platform, workspace, user id), profile and preferences."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from bot.errors import ReboundError
from bot.models import Preferences, Profile, User, UserKey
from bot.store.codec import clock_text, parse_clock, parse_utc, utc_text
from bot.store.port import Row, Storage, Transaction

_COLUMNS = (
    "id, platform, workspace, external_id, name, email, phone, created_at,"
    " timezone, nudge_time, quiet_start, quiet_end, linkedin_limit, checkins, unreachable,"
    " date_order"
)
_BY_KEY = f"SELECT {_COLUMNS} FROM users WHERE platform = ? AND workspace = ? AND external_id = ?"
_BY_ID = f"SELECT {_COLUMNS} FROM users WHERE id = ?"
_WITH_STATE = (f"SELECT {_COLUMNS}, (SELECT state FROM conversations WHERE user_id = users.id)"
               " FROM users WHERE platform = ? AND workspace = ? AND external_id = ?")


def _user(row: Row | tuple[Any, ...]) -> User:
    """Decode a row (columns in `_COLUMNS` order) by position: looking columns up by name
    cost about as much as the rest of the decoding; a scheduler decodes one per nudge."""
    (user_id, platform, workspace, external_id, name, email, phone, created_at, timezone,
     nudge_time, quiet_start, quiet_end, linkedin_limit, checkins, unreachable,
     date_order) = row
    return User(
        id=user_id,
        key=UserKey(platform=platform, workspace=workspace, user_id=external_id),
        profile=Profile(name=name, email=email, phone=phone),
        preferences=_preferences(timezone, nudge_time, quiet_start, quiet_end,
                                 linkedin_limit, checkins, date_order),
        created_at=parse_utc(created_at),
        unreachable=unreachable,
    )


@lru_cache(maxsize=1024)
def _preferences(timezone: str, nudge_time: str, quiet_start: str, quiet_end: str,
                 linkedin_limit: int, checkins: int, date_order: str | None) -> Preferences:
    """Stored preferences as a value, shared by the users who have the same: they are frozen,
    and most users keep the defaults in one of a few zones, so a batch of users decodes (and
    keeps alive) a handful of these rather than one each."""
    return Preferences(
        timezone=timezone,
        nudge_time=parse_clock(nudge_time),
        quiet_start=parse_clock(quiet_start),
        quiet_end=parse_clock(quiet_end),
        linkedin_limit=linkedin_limit,
        checkins=bool(checkins),
        date_order=date_order,
    )


def _preference_values(
    preferences: Preferences,
) -> tuple[str, str, str, str, int, int, str | None]:
    return (
        preferences.timezone,
        clock_text(preferences.nudge_time),
        clock_text(preferences.quiet_start),
        clock_text(preferences.quiet_end),
        int(preferences.linkedin_limit),
        int(preferences.checkins),
        preferences.date_order,
    )


async def _reload(tx: Transaction, user_id: int) -> User:
    row = await tx.fetchone(_BY_ID, (user_id,))
    if row is None:
        raise ReboundError(f"no user with id {user_id}")
    return _user(row)


class Users:
    """Reads and writes user rows."""

    def __init__(self, db: Storage) -> None:
        self._db = db

    async def get(self, key: UserKey) -> User | None:
        """The user with this identity, if they have talked to the bot before."""
        row = await self._db.read_one(_BY_KEY, (key.platform, key.workspace, key.user_id))
        return None if row is None else _user(row)

    async def get_with_state(self, key: UserKey) -> tuple[User | None, str | None]:
        """The user with this identity and the stored text of their pending conversation
        state (None without one), in one query: what every message reads first."""
        row = await self._db.read_one(_WITH_STATE, (key.platform, key.workspace, key.user_id))
        return (None, None) if row is None else (_user(row[:-1]), row[-1])

    async def get_or_create(
        self, key: UserKey, *, now: datetime, preferences: Preferences | None = None
    ) -> User:
        """The user with this identity, created at `now` with `preferences` if new; race-safe."""
        existing = await self.get(key)
        if existing is not None:
            return existing
        values = _preference_values(preferences or Preferences())
        created = utc_text(now)
        async with self._db.write() as tx:
            await tx.execute(
                "INSERT INTO users (platform, workspace, external_id, created_at, timezone,"
                " nudge_time, quiet_start, quiet_end, linkedin_limit, checkins, date_order)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (platform, workspace, external_id) DO NOTHING",
                (key.platform, key.workspace, key.user_id, created, *values),
            )
            row = await tx.fetchone(_BY_KEY, (key.platform, key.workspace, key.user_id))
        if row is None:  # pragma: no cover - the row was just inserted or already there
            raise ReboundError("user row vanished while being created")
        return _user(row)

    async def update_profile(self, user_id: int, profile: Profile) -> User:
        """Replace the user's profile; returns the updated user."""
        async with self._db.write() as tx:
            await tx.execute(
                "UPDATE users SET name = ?, email = ?, phone = ? WHERE id = ?",
                (profile.name, profile.email, profile.phone, user_id),
            )
            return await _reload(tx, user_id)

    async def update_preferences(self, user_id: int, preferences: Preferences) -> User:
        """Replace the user's preferences; returns the updated user."""
        async with self._db.write() as tx:
            await tx.execute(
                "UPDATE users SET timezone = ?, nudge_time = ?, quiet_start = ?, quiet_end = ?,"
                " linkedin_limit = ?, checkins = ?, date_order = ? WHERE id = ?",
                (*_preference_values(preferences), user_id),
            )
            return await _reload(tx, user_id)

    async def set_unreachable(self, user_id: int, reason: str | None) -> None:
        """Record (or clear, with None) why direct messages to the user fail for good."""
        async with self._db.write() as tx:
            await tx.execute("UPDATE users SET unreachable = ? WHERE id = ?", (reason, user_id))

    async def by_ids(self, user_ids: Sequence[int]) -> dict[int, User]:
        """Several users at once, by id (for a batch of nudges)."""
        if not user_ids:
            return {}
        marks = ",".join("?" * len(user_ids))
        rows = await self._db.read(f"SELECT {_COLUMNS} FROM users WHERE id IN ({marks})",
                                   tuple(user_ids))
        return {row[0]: _user(row) for row in rows}

    async def delete(self, user_id: int) -> None:
        """Delete the user and, by cascade, everything they stored."""
        async with self._db.write() as tx:
            await tx.execute("DELETE FROM users WHERE id = ?", (user_id,))
