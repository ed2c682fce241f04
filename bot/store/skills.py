"""Skills and progress the user logs, for the stay-in-touch update."""

from __future__ import annotations

from datetime import datetime

from bot.errors import ReboundError
from bot.models import Skill
from bot.store.codec import parse_utc, utc, utc_text
from bot.store.errors import IntegrityViolation
from bot.store.port import Storage


class Skills:
    """Reads and writes a user's skills."""

    def __init__(self, db: Storage) -> None:
        self._db = db

    async def add(self, user_id: int, text: str, *, now: datetime) -> Skill:
        """Store a skill the user logged at `now`."""
        async with self._db.write() as tx:
            try:
                skill_id = await tx.insert(
                    "INSERT INTO skills (user_id, text, at) VALUES (?, ?, ?) RETURNING id",
                    (user_id, text, utc_text(now)),
                )
            except IntegrityViolation as exc:
                raise ReboundError(f"no user with id {user_id} ({exc})") from exc
        return Skill(text=text, at=utc(now), id=skill_id)

    async def all(self, user_id: int) -> list[Skill]:
        """The user's skills, oldest first."""
        rows = await self._db.read(
            "SELECT id, text, at FROM skills WHERE user_id = ? ORDER BY at, id", (user_id,)
        )
        return [Skill(text=row["text"], at=parse_utc(row["at"]), id=row["id"]) for row in rows]
