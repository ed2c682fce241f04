"""A workspace removing the app: `app_uninstalled`, or `tokens_revoked` naming the bot.

Both arrive like any event (stored, acknowledged, replayed from the inbox), and bolt lets them
through without authorizing (the token is gone already). Handling one holds the nudges of
every user of the workspace in one commit, so the scheduler sends them nothing more: for an
OAuth install, its row is marked removed too, which starts the grace period after which its
data is deleted (`departures.py`), and a reinstall lets the nudges go again. For a workspace
whose token is in the settings, the hold is lifted when that token next connects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from adapters.slack.dispatch import Middleware, unit_of
from adapters.slack.installations import PLATFORM, REMOVED
from adapters.slack.workspaces import Workspaces
from bot.store import Store
from bot.store.workspace_users import WorkspaceUsers

log = logging.getLogger(__name__)

JSON = dict[str, Any]


class Uninstalls:
    """The listeners of the two events that say the app is gone from a workspace."""

    def __init__(self, store: Store, workspaces: Workspaces) -> None:
        self._workspaces = workspaces
        self._users = WorkspaceUsers(store.database)

    def register(self, bolt: AsyncApp, *, stored: Callable[[str], Middleware]) -> None:
        bolt.event("app_uninstalled", middleware=[stored("event")])(self.uninstalled)
        bolt.event("tokens_revoked", middleware=[stored("event")])(self.revoked)

    async def uninstalled(self, ack: AsyncAck, context: AsyncBoltContext) -> None:
        await ack()
        async with unit_of(context):
            await self._removed(context.team_id or "")

    async def revoked(self, ack: AsyncAck, context: AsyncBoltContext, event: JSON) -> None:
        """Only the bot's token matters: the app asks for no user tokens."""
        await ack()
        tokens = event.get("tokens") or {}
        bot_revoked = isinstance(tokens, dict) and bool(tokens.get("bot"))
        async with unit_of(context):
            if bot_revoked:
                await self._removed(context.team_id or "")

    async def _removed(self, team_id: str) -> None:
        if not team_id:
            return
        installed = self._workspaces.installed
        if self._workspaces.get(team_id) is None and installed is not None and \
                await installed.installations.known(team_id):
            await installed.installations.remove(team_id)
            return
        held = await self._users.hold(PLATFORM, team_id, reason=REMOVED)
        if self._workspaces.get(team_id) is not None:
            log.warning("Slack workspace %s removed the app: its token in SLACK_BOT_TOKEN no "
                        "longer works (%d users' reminders held until it connects again)",
                        team_id, held)


async def resume_configured(store: Store, team_id: str) -> int:
    """A workspace of the settings connected: lift the hold an uninstall put on its users."""
    return await WorkspaceUsers(store.database).release(PLATFORM, team_id, reason=REMOVED)
