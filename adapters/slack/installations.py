"""Slack installations and OAuth states in Rebound's own database, behind bolt's store
interfaces (`AsyncInstallationStore`, `AsyncOAuthStateStore`).

One row per workspace: its latest bot installation. An install through OAuth writes it (and
lifts the hold an uninstall put on the workspace's users); a token rotation updates the token
of a row still installed, never bringing back one removed meanwhile; an uninstall marks it
removed, and the workspace's data is deleted a grace period later (`departures.py`) unless
it installs again. Org-wide (Enterprise Grid) installs are not supported: a workspace is a
team. Tokens are secrets: nothing here logs them.

The SQL is plain enough for SQLite and PostgreSQL alike (`?` placeholders, an `ON CONFLICT
... DO UPDATE` upsert, TEXT and INTEGER columns); through the `Storage` API.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from slack_bolt.error import BoltError
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.clock import Clock
from bot.store.codec import utc_text
from bot.store.port import Storage
from bot.store.workspace_users import WorkspaceUsers

log = logging.getLogger(__name__)

PLATFORM = "slack"
REMOVED = "the app was removed from their Slack workspace"
"""The hold on a removed workspace's users (their `unreachable` mark), lifted on reinstall."""
STATE_LIFETIME = timedelta(minutes=10)
ORG_WIDE = "org-wide installs are not supported"

_COLUMNS = ("team_id, enterprise_id, team_name, app_id, bot_token, bot_id, bot_user_id,"
            " bot_scopes, bot_refresh_token, bot_token_expires_at, installer_user_id,"
            " installed_at")
_UPSERT = f"""
INSERT INTO slack_installations ({_COLUMNS}, updated_at, removed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
ON CONFLICT (team_id) DO UPDATE SET
    enterprise_id = excluded.enterprise_id, team_name = excluded.team_name,
    app_id = excluded.app_id, bot_token = excluded.bot_token, bot_id = excluded.bot_id,
    bot_user_id = excluded.bot_user_id, bot_scopes = excluded.bot_scopes,
    bot_refresh_token = excluded.bot_refresh_token,
    bot_token_expires_at = excluded.bot_token_expires_at,
    installer_user_id = excluded.installer_user_id, installed_at = excluded.installed_at,
    updated_at = excluded.updated_at, removed_at = NULL
"""


class SlackInstallations(AsyncInstallationStore):
    """Bolt's installation store over the `slack_installations` table, plus what Rebound
    needs of it: the active installation of a team, removals and their deletion."""

    def __init__(self, db: Storage, *, clock: Clock,
                 on_restored: Callable[[], None] = lambda: None) -> None:
        """`on_restored` hears of a workspace installed again (its held nudges may be due:
        wake the scheduler)."""
        self._db = db
        self._clock = clock
        self._users = WorkspaceUsers(db)
        self._on_restored = on_restored

    @property
    def logger(self) -> logging.Logger:
        return log

    # -- bolt's interface --------------------------------------------------------------------

    async def async_save(self, installation: Installation) -> None:
        """A completed install (or reinstall): the workspace's row, active again, and its
        users' nudges let go."""
        team_id = installation.team_id
        if not team_id or not installation.bot_token:
            raise BoltError(ORG_WIDE if installation.is_enterprise_install
                            else "the install gave no bot token")
        now = utc_text(self._clock.now())
        scopes = installation.bot_scopes
        async with self._db.write() as tx:
            await tx.execute(_UPSERT, (
                team_id, installation.enterprise_id or "", installation.team_name or "",
                installation.app_id or "", installation.bot_token, installation.bot_id or "",
                installation.bot_user_id or "",
                ",".join(scopes) if isinstance(scopes, list | tuple) else str(scopes or ""),
                installation.bot_refresh_token, installation.bot_token_expires_at,
                installation.user_id or "", now, now))
            released = await self._users.release(PLATFORM, team_id, reason=REMOVED)
        log.info("Slack workspace %s installed the app (%d users' reminders resumed)",
                 team_id, released)
        self._on_restored()

    async def async_save_bot(self, bot: Bot) -> None:
        await self.save_refreshed(bot.team_id or "", token=bot.bot_token,
                                  refresh_token=bot.bot_refresh_token,
                                  expires_at=bot.bot_token_expires_at)

    async def async_find_installation(self, *, enterprise_id: str | None,
                                      team_id: str | None, user_id: str | None = None,
                                      is_enterprise_install: bool | None = False
                                      ) -> Installation | None:
        """The workspace's bot installation while it is installed (the bot's only: no user
        tokens are asked for, so a request's user has no installation of their own)."""
        if user_id is not None or not team_id:
            return None
        return await self.active(team_id)

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        installation = await self.async_find_installation(enterprise_id=enterprise_id,
                                                          team_id=team_id)
        return installation.to_bot() if installation is not None else None

    async def async_delete_installation(self, *, enterprise_id: str | None,
                                        team_id: str | None,
                                        user_id: str | None = None) -> None:
        if team_id and user_id is None:
            await self.forget(team_id)

    async def async_delete_bot(self, *, enterprise_id: str | None,
                               team_id: str | None) -> None:
        if team_id:
            await self.forget(team_id)

    async def async_delete_all(self, *, enterprise_id: str | None,
                               team_id: str | None) -> None:
        if team_id:
            await self.forget(team_id)

    # -- Rebound's -----------------------------------------------------------------------------

    async def active(self, team_id: str) -> Installation | None:
        """The workspace's installation, None if it never installed or was removed."""
        row = await self._db.read_one(
            f"SELECT {_COLUMNS} FROM slack_installations WHERE team_id = ?"
            " AND removed_at IS NULL", (team_id,))
        return _installation(row) if row is not None else None

    async def known(self, team_id: str) -> bool:
        """Whether the workspace installed the app here (removed since or not)."""
        return await self._db.read_one("SELECT 1 FROM slack_installations WHERE team_id = ?",
                                       (team_id,)) is not None

    async def save_refreshed(self, team_id: str, *, token: str, refresh_token: str | None,
                             expires_at: int | None) -> bool:
        """Keep a rotated token, unless the workspace was removed meanwhile (a rotation
        never installs it again); True if kept."""
        async with self._db.write() as tx:
            changed = await tx.execute(
                "UPDATE slack_installations SET bot_token = ?, bot_refresh_token = ?,"
                " bot_token_expires_at = ?, updated_at = ? WHERE team_id = ?"
                " AND removed_at IS NULL",
                (token, refresh_token, expires_at, utc_text(self._clock.now()), team_id))
        return changed > 0

    async def remove(self, team_id: str) -> bool:
        """The app was uninstalled (or its bot token revoked): stop using the workspace's
        token and hold its users' nudges, in one commit. True if it was installed here."""
        async with self._db.write() as tx:
            removed = await tx.execute(
                "UPDATE slack_installations SET removed_at = ?, updated_at = ?"
                " WHERE team_id = ? AND removed_at IS NULL",
                (utc_text(self._clock.now()), utc_text(self._clock.now()), team_id))
            held = await self._users.hold(PLATFORM, team_id, reason=REMOVED)
        log.info("Slack workspace %s removed the app (%d users' reminders held)", team_id, held)
        return removed > 0

    async def removed_before(self, cutoff: datetime) -> list[str]:
        """Workspaces removed before `cutoff` and not installed since, oldest first."""
        rows = await self._db.read(
            "SELECT team_id FROM slack_installations WHERE removed_at IS NOT NULL"
            " AND removed_at < ? ORDER BY removed_at, team_id", (utc_text(cutoff),))
        return [str(row[0]) for row in rows]

    async def still_removed(self, team_id: str, cutoff: datetime) -> bool:
        row = await self._db.read_one(
            "SELECT 1 FROM slack_installations WHERE team_id = ? AND removed_at IS NOT NULL"
            " AND removed_at < ?", (team_id, utc_text(cutoff)))
        return row is not None

    async def forget(self, team_id: str) -> None:
        """Delete the workspace's row (its data is deleted apart: `departures.py`)."""
        async with self._db.write() as tx:
            await tx.execute("DELETE FROM slack_installations WHERE team_id = ?", (team_id,))


def _installation(row: Any) -> Installation:
    (team_id, enterprise_id, team_name, app_id, bot_token, bot_id, bot_user_id, scopes,
     refresh_token, expires_at, installer, installed_at) = (row[i] for i in range(12))
    return Installation(
        app_id=app_id or None, enterprise_id=enterprise_id or None, team_id=team_id,
        team_name=team_name or None, bot_token=bot_token, bot_id=bot_id or None,
        bot_user_id=bot_user_id or None, bot_scopes=scopes or "",
        bot_refresh_token=refresh_token,
        bot_token_expires_at=int(expires_at) if expires_at is not None else None,
        user_id=installer or "", installed_at=datetime.fromisoformat(installed_at))


class SlackOAuthStates(AsyncOAuthStateStore):
    """Bolt's OAuth state store over `slack_oauth_states`: each state is random, used once,
    and good for `lifetime` (bolt's own default, ten minutes) on the injected clock."""

    def __init__(self, db: Storage, *, clock: Clock,
                 lifetime: timedelta = STATE_LIFETIME) -> None:
        self._db = db
        self._clock = clock
        self.lifetime = lifetime

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        """A new state; expired ones are cleared on the way."""
        state = secrets.token_urlsafe(24)
        now = self._clock.now()
        async with self._db.write() as tx:
            await tx.execute("DELETE FROM slack_oauth_states WHERE expires_at <= ?",
                             (utc_text(now),))
            await tx.execute("INSERT INTO slack_oauth_states (state, expires_at) VALUES (?, ?)",
                             (state, utc_text(now + self.lifetime)))
        return state

    async def async_consume(self, state: str) -> bool:
        """True once for a state issued here and not yet expired; False for any other."""
        if not state:
            return False
        async with self._db.write() as tx:
            rows = await tx.fetchall(
                "DELETE FROM slack_oauth_states WHERE state = ? RETURNING expires_at",
                (state,))
        return bool(rows) and str(rows[0][0]) > utc_text(self._clock.now())
