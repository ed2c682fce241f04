"""The pending conversation state per user (a guided form, a question), as JSON."""

from __future__ import annotations

import json
from datetime import datetime

from bot.errors import ReboundError
from bot.flow_state import FlowState, StoredState, Unreadable, from_json, to_json
from bot.store.codec import json_text, utc_text
from bot.store.errors import IntegrityViolation
from bot.store.port import Storage


def decode_state(text: str | None) -> StoredState | None:
    """A stored state column read back; None for no row, `Unreadable` when it isn't JSON."""
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return Unreadable("not JSON")
    return from_json(data)


class Conversations:
    """Reads and writes the one pending conversation state a user may have."""

    def __init__(self, db: Storage) -> None:
        self._db = db

    async def get(self, user_id: int) -> StoredState | None:
        """The user's pending state, or None; a row that can't be read back is `Unreadable`
        (and left in place until the flow that meets it clears it)."""
        row = await self._db.read_one(
            "SELECT state FROM conversations WHERE user_id = ?", (user_id,)
        )
        return None if row is None else decode_state(row["state"])

    async def set(self, user_id: int, state: FlowState | None, *, now: datetime) -> None:
        """Replace the user's pending state at `now`; None clears it."""
        if state is None:
            async with self._db.write() as tx:
                # With the unit's next statement: most often there is nothing to clear.
                tx.execute_later("DELETE FROM conversations WHERE user_id = ?", (user_id,))
            return
        encoded = json_text(to_json(state))  # fail on unserialisable state before the lock
        async with self._db.write() as tx:
            try:
                await tx.execute(
                    "INSERT INTO conversations (user_id, state, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (user_id) DO UPDATE"
                    " SET state = excluded.state, updated_at = excluded.updated_at",
                    (user_id, encoded, utc_text(now)),
                )
            except IntegrityViolation as exc:
                raise ReboundError(f"no user with id {user_id} ({exc})") from exc
