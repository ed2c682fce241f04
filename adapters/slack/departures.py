"""Workspaces that removed the app: their data is deleted once the grace period is over.

An uninstall (or a revoked bot token) holds the workspace's nudges at once
(`SlackInstallations.remove`); the workspace may come back within the grace period
(`REBOUND_SLACK_UNINSTALL_GRACE_DAYS`) and find everything as it was. After it, each of its
users is deleted the way `forget me` deletes one (every row they own, and the WAL wiped), then
the requests it sent that are still kept, then its installation. The sweep runs at start and
then hourly on the injected clock; each user goes in a write of their own, and the
installation row goes last, so a sweep cut short is finished by the next. A workspace that
installs again meanwhile keeps whatever wasn't deleted yet.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from adapters.slack.installations import PLATFORM, SlackInstallations
from bot.clock import Clock
from bot.store import Store
from bot.store.workspace_users import WorkspaceUsers

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(days=30)
SWEEP_EVERY = timedelta(hours=1)


class Departures:
    """Deletes the data of workspaces removed longer ago than `grace`."""

    def __init__(self, installations: SlackInstallations, store: Store, *, clock: Clock,
                 grace: timedelta = DEFAULT_GRACE, every: timedelta = SWEEP_EVERY) -> None:
        self._installations = installations
        self._store = store
        self._users = WorkspaceUsers(store.database)
        self._clock = clock
        self.grace = grace
        self._every = every

    async def run(self) -> None:
        """Sweep now and every `every` until cancelled."""
        while True:
            try:
                await self.sweep()
            except Exception:  # the next sweep tries again; the bot goes on meanwhile
                log.exception("deleting the data of removed Slack workspaces failed")
            await self._clock.sleep(self._every.total_seconds())

    async def sweep(self) -> int:
        """Delete every workspace past its grace period; returns how many."""
        cutoff = self._clock.now() - self.grace
        done = 0
        for team_id in await self._installations.removed_before(cutoff):
            if await self._delete(team_id):
                done += 1
        return done

    async def _delete(self, team_id: str) -> bool:
        cutoff = self._clock.now() - self.grace
        users = await self._users.user_ids(PLATFORM, team_id)
        for user_id in users:
            if not await self._installations.still_removed(team_id, cutoff):
                return False  # installed again meanwhile: what is left stays
            await self._store.delete_user(user_id)
        async with self._store.database.write() as tx:
            if not await self._installations.still_removed(team_id, cutoff):
                return False
            await tx.execute("DELETE FROM inbox WHERE platform = ? AND lane LIKE ? ESCAPE '\\'",
                             (PLATFORM, _lane_prefix(team_id)))
            await self._installations.forget(team_id)
            self._store.database.wipe_after_commit()
        log.info("deleted the data of Slack workspace %s (%d users), removed more than %d "
                 "days ago", team_id, len(users), self.grace.days)
        return True


def _lane_prefix(team_id: str) -> str:
    """The inbox lanes of a workspace's users (`team:user`), as a LIKE pattern."""
    escaped = team_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + ":%"
