"""The pending conversation state per user (a guided form or a confirmation), as JSON."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from bot.errors import ReboundError
from bot.store.codec import json_text, parse_json_object, utc_text
from bot.store.db import Database


class Conversations:
    """Reads and writes the one pending conversation state a user may have."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, user_id: int) -> dict[str, Any] | None:
        """The user's pending state, or None (a JSON round trip: tuples come back as lists)."""
        row = await self._db.read_one(
            "SELECT state FROM conversations WHERE user_id = ?", (user_id,)
        )
        return None if row is None else parse_json_object(row["state"])

    async def set(self, user_id: int, state: dict[str, Any] | None, *, now: datetime) -> None:
        """Replace the user's pending state at `now`; None clears it."""
        if state is None:
            async with self._db.write() as tx:
                await tx.execute("DELETE FROM conversations WHERE user_id = ?", (user_id,))
            return
        encoded = json_text(state)  # fail on unserialisable state before taking the lock
        async with self._db.write() as tx:
            try:
                await tx.execute(
                    "INSERT INTO conversations (user_id, state, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (user_id) DO UPDATE"
                    " SET state = excluded.state, updated_at = excluded.updated_at",
                    (user_id, encoded, utc_text(now)),
                )
            except sqlite3.IntegrityError as exc:
                raise ReboundError(f"no user with id {user_id} ({exc})") from exc
