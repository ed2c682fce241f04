"""A whole workspace's users at once: held while the app is removed from their workspace, let
go when it comes back, listed when the workspace's data is to be deleted.

Holding reuses the users' `unreachable` mark, which the scheduler already honours: a held
user's nudges stay pending and unclaimed, however many are due, and go out (late, within the
lateness limit) once the hold is lifted. Only users with no mark of their own are held, and
only those held with the same reason are let go, so a user whose DMs failed for another reason
stays marked until they write again.
"""

from __future__ import annotations

from bot.store.port import Storage


class WorkspaceUsers:
    """Per-workspace reads and writes over the users table (platform-neutral)."""

    def __init__(self, db: Storage) -> None:
        self._db = db

    async def hold(self, platform: str, workspace: str, *, reason: str) -> int:
        """Keep back the nudges of every user of the workspace; returns how many were held.
        Joins the caller's write, if any."""
        async with self._db.write() as tx:
            return await tx.execute(
                "UPDATE users SET unreachable = ? WHERE platform = ? AND workspace = ?"
                " AND unreachable IS NULL", (reason, platform, workspace))

    async def release(self, platform: str, workspace: str, *, reason: str) -> int:
        """Lift the hold `hold` put on the workspace's users; returns how many."""
        async with self._db.write() as tx:
            return await tx.execute(
                "UPDATE users SET unreachable = NULL WHERE platform = ? AND workspace = ?"
                " AND unreachable = ?", (platform, workspace, reason))

    async def user_ids(self, platform: str, workspace: str) -> list[int]:
        """The ids of the workspace's users, oldest first."""
        rows = await self._db.read(
            "SELECT id FROM users WHERE platform = ? AND workspace = ? ORDER BY id",
            (platform, workspace))
        return [int(row[0]) for row in rows]
