"""The App Home tab: the user's pipeline and settings, refreshed on the side.

Nothing here is durable or needs to be: a refresh is redone on the next change or visit, so
it runs in the background (coalesced per user, bounded, dropped at shutdown) and is never
stored in the inbox.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from adapters.slack.background import Background
from adapters.slack.messenger import SLACK_PLATFORM
from adapters.slack.views import home_view
from adapters.slack.workspaces import Profiles, Workspaces, error_code
from bot.coach import Coach
from bot.models import UserKey

log = logging.getLogger(__name__)


class AppHome:
    """Publishes users' App Home tabs."""

    def __init__(self, coach: Coach, workspaces: Workspaces, *, profiles: Profiles,
                 background: Background) -> None:
        self._coach = coach
        self._workspaces = workspaces
        self._profiles = profiles
        self._background = background

    def refresh(self, team_id: str, user_id: str) -> None:
        """Publish the user's tab soon (once more, if a refresh is already under way)."""
        if team_id and user_id:
            self._background.run(("home", team_id, user_id),
                                 lambda: self.publish(team_id, user_id))

    async def publish(self, team_id: str, user_id: str) -> None:
        """Show the user's pipeline and settings on their App Home tab."""
        client = await self._workspaces.answering_client(team_id)
        if client is None or not user_id:
            return
        overview = await self._coach.overview(
            UserKey(SLACK_PLATFORM, team_id, user_id),
            timezone_hint=await self._profiles.zone(team_id, user_id))
        try:
            await client.views_publish(user_id=user_id, view=home_view(overview))
        except SlackApiError as exc:
            log.warning("couldn't publish App Home: %s", error_code(exc) or "unknown")
