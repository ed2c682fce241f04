"""A form's typed answers kept after it came back with errors, so "Fix it" reopens it filled in.

A chat platform's form (a Discord modal) forgets what was typed once it is submitted. When
the answers don't pass, they are kept here, tied to their owner (so `forget me` removes them
with everything else), dropped once the form is sent again, and pruned after a day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.models import UserKey
from bot.store.codec import json_text, parse_json_object, utc_text
from bot.store.port import Storage

KEEP_FOR = timedelta(days=1)


@dataclass(frozen=True)
class KeptForm:
    """The answers of one failed submission: a whole form, or the details of a rejection."""

    token: int
    rejection_id: int | None
    values: dict[str, str]


class KeptForms:
    """Failed submissions' answers, readable only by their owner, for `KEEP_FOR`."""

    def __init__(self, db: Storage) -> None:
        self._db = db

    async def keep(self, owner: UserKey, values: Mapping[str, str], *,
                   rejection_id: int | None, now: datetime) -> int | None:
        """Keep the answers; their token, or None if the owner isn't a known user."""
        encoded = json_text({str(k): str(v) for k, v in values.items()})
        async with self._db.write() as tx:
            return await tx.insert(
                "INSERT INTO kept_forms (user_id, rejection_id, answers, kept_at)"
                " SELECT id, ?, ?, ? FROM users"
                " WHERE platform = ? AND workspace = ? AND external_id = ? RETURNING id",
                (rejection_id, encoded, utc_text(now), owner.platform, owner.workspace,
                 owner.user_id))

    async def get(self, owner: UserKey, token: int, *, now: datetime) -> KeptForm | None:
        """The owner's kept answers under `token`, unless they are older than a day."""
        row = await self._db.read_one(
            "SELECT k.id, k.rejection_id, k.answers FROM kept_forms k"
            " JOIN users u ON u.id = k.user_id"
            " WHERE k.id = ? AND k.kept_at >= ?"
            " AND u.platform = ? AND u.workspace = ? AND u.external_id = ?",
            (token, utc_text(now - KEEP_FOR), owner.platform, owner.workspace, owner.user_id))
        if row is None:
            return None
        values = {str(k): str(v) for k, v in parse_json_object(row["answers"]).items()}
        return KeptForm(token=row["id"], rejection_id=row["rejection_id"], values=values)

    async def prune(self, *, now: datetime) -> int:
        """Delete every answer kept for longer than a day; how many there were."""
        async with self._db.write() as tx:
            return await tx.execute("DELETE FROM kept_forms WHERE kept_at < ?",
                                    (utc_text(now - KEEP_FOR),))

    async def drop(self, owner: UserKey, token: int) -> None:
        """Forget the kept answers (the form was sent again)."""
        async with self._db.write() as tx:
            await tx.execute(
                "DELETE FROM kept_forms WHERE id = ? AND user_id IN (SELECT id FROM users"
                " WHERE platform = ? AND workspace = ? AND external_id = ?)",
                (token, owner.platform, owner.workspace, owner.user_id))
