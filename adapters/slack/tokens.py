"""The bot tokens of workspaces that installed the app through OAuth, fresh when used.

With token rotation on, a bot token lives twelve hours and comes with a refresh token. An
incoming request is authorized by bolt's own `AsyncInstallationStoreAuthorize`, which
refreshes an expiring token and saves the new one; a nudge has no request, so its token is
refreshed here the same way (slack_sdk's `AsyncTokenRotator`) and saved. Both run under one
lock per workspace, so a request and a nudge never spend the same refresh token twice in this
process. A refresh Slack refuses leaves the workspace without a usable token until it installs
again (nothing is sent with a token Slack said is dead).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.installations import SlackInstallations

log = logging.getLogger(__name__)

ROTATE_BEFORE_MINUTES = 120
"""Bolt's default: a token is refreshed when it has less than this left."""


@dataclass(frozen=True)
class Credentials:
    """The app's OAuth credentials, for refreshing tokens (and the install flow)."""

    client_id: str
    client_secret: str
    rotate_before_minutes: int = ROTATE_BEFORE_MINUTES


class InstalledTokens:
    """Tokens of OAuth installs: for nudges (`bot`) and for bolt's authorize (`authorize`)."""

    def __init__(self, installations: SlackInstallations, credentials: Credentials, *,
                 client: AsyncWebClient, logger: logging.Logger) -> None:
        self.installations = installations
        self._minutes = credentials.rotate_before_minutes
        self._rotator = AsyncTokenRotator(client_id=credentials.client_id,
                                          client_secret=credentials.client_secret,
                                          client=client)
        self._authorize = AsyncInstallationStoreAuthorize(
            logger=logger, installation_store=_Refreshes(installations),
            client_id=credentials.client_id, client_secret=credentials.client_secret,
            token_rotation_expiration_minutes=credentials.rotate_before_minutes,
            cache_enabled=True, client=client)
        self._locks: dict[str, asyncio.Lock] = {}

    def _lock(self, team_id: str) -> asyncio.Lock:
        return self._locks.setdefault(team_id, asyncio.Lock())

    async def bot(self, team_id: str) -> Installation | None:
        """The workspace's installation with a bot token good for a while yet (refreshed
        and saved if it was expiring); None if the workspace isn't installed (any more) or
        Slack refused the refresh."""
        async with self._lock(team_id):
            installation = await self.installations.active(team_id)
            if installation is None or installation.bot_refresh_token is None:
                return installation
            try:
                bot = await self._rotator.perform_bot_token_rotation(
                    bot=installation.to_bot(), minutes_before_expiration=self._minutes)
            except SlackTokenRotationError as exc:
                log.warning("Slack refused to refresh the bot token of workspace %s (%s)",
                            team_id, _code(exc))
                return None
            if bot is None:
                return installation
            if not await self._save(bot):
                return None
            return await self.installations.active(team_id)

    async def authorize(self, *, context: AsyncBoltContext, enterprise_id: str | None,
                        team_id: str | None, user_id: str | None) -> AuthorizeResult | None:
        """Bolt's authorize over the installations (it refreshes and saves an expiring
        token, and asks `auth.test` once per token)."""
        async with self._lock(team_id or ""):
            return await self._authorize(context=context, enterprise_id=enterprise_id,
                                         team_id=team_id, user_id=user_id)

    async def _save(self, bot: Bot) -> bool:
        assert bot.bot_token is not None
        return await self.installations.save_refreshed(
            bot.team_id or "", token=bot.bot_token, refresh_token=bot.bot_refresh_token,
            expires_at=bot.bot_token_expires_at)


class _Refreshes(AsyncInstallationStore):
    """The installations as bolt's authorize sees them: what it saves is a refreshed token
    (kept only while the workspace is installed), never an install."""

    def __init__(self, installations: SlackInstallations) -> None:
        self._installations = installations

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        if installation.bot_token is not None:
            await self._installations.save_refreshed(
                installation.team_id or "", token=installation.bot_token,
                refresh_token=installation.bot_refresh_token,
                expires_at=installation.bot_token_expires_at)

    async def async_save_bot(self, bot: Bot) -> None:
        await self._installations.async_save_bot(bot)

    async def async_find_installation(self, **kwargs: Any) -> Installation | None:
        return await self._installations.async_find_installation(**kwargs)

    async def async_find_bot(self, **kwargs: Any) -> Bot | None:
        return await self._installations.async_find_bot(**kwargs)


def _code(exc: SlackTokenRotationError) -> str:
    error: Any = getattr(exc, "api_error", None)
    data = getattr(getattr(error, "response", None), "data", None)
    return str(data.get("error") or "refused") if isinstance(data, dict) else "refused"

