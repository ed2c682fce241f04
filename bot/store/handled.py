"""Platform message ids already handled, so an event a platform delivers twice runs once.

Slack redelivers an event when it thinks the first delivery failed. The id is recorded in the
same transaction as the message's effects, so a redelivery after a crash is handled exactly
when the first attempt's effects were lost with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.store.codec import utc_text
from bot.store.port import Storage

KEEP_FOR = timedelta(days=2)
"""Platforms stop redelivering within minutes; two days is a wide margin."""


class HandledMessages:
    """Remembers which platform message ids were handled, for `KEEP_FOR`."""

    def __init__(self, db: Storage) -> None:
        self._db = db

    async def first_time(self, platform: str, message_id: str, *, now: datetime) -> bool:
        """Record the id; True if it was new (handle the message), False for a repeat."""
        async with self._db.write() as tx:
            inserted = await tx.execute(
                "INSERT INTO handled_messages (platform, message_id, handled_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING", (platform, message_id, utc_text(now))) == 1
            if inserted:
                await tx.execute("DELETE FROM handled_messages WHERE handled_at < ?",
                                 (utc_text(now - KEEP_FOR),))
        return inserted
