"""Delivering nudges as Slack DMs: the scheduler's outbound port for Slack users.

Slack's answer decides what the scheduler does next: a 429 pauses Slack sends for its
Retry-After; a user who can't be messaged (Messages tab off, left, deactivated) makes the
nudge dead with the reason; anything else is retried later with backoff.
"""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import fallback_text, reply_blocks
from adapters.slack.workspaces import DirectMessages, Profiles, Workspaces, error_code
from bot.format import day
from bot.nudges.model import Delivery, OutgoingNudge
from bot.replies import Notice, Reply, Tone

log = logging.getLogger(__name__)

SLACK_PLATFORM = "slack"

UNREACHABLE = {
    "messages_tab_disabled": "their Messages tab with the app is turned off",
    "user_not_found": "they are no longer in the workspace",
    "user_disabled": "their account is deactivated",
    "account_inactive": "the account or the app's token is deactivated",
    "user_not_visible": "Slack doesn't let the app see them",
    "cannot_dm_bot": "Slack doesn't allow this DM",
    "restricted_action": "the workspace doesn't allow the app to message them",
    "is_archived": "their DM with the app is archived",
    "not_in_channel": "the app can't post in their DM",
    "token_revoked": "the app was removed from their workspace",
    "invalid_auth": "the app's token for their workspace is no longer valid",
}
"""Slack errors that mean this user can't get DMs from the app until something changes."""
TOKEN_GONE = frozenset({"token_revoked", "invalid_auth", "account_inactive"})
"""Slack errors that mean the workspace's token itself is dead."""

DEFAULT_RETRY_AFTER = 30.0
PROFILE_MAX_AGE = 3600.0
"""Seconds a user's profile is trusted before a nudge checks it again (one users.info an
hour at most per user; nudges come days apart)."""


class SlackMessenger:
    """Sends each nudge to its user's DM channel with `chat.postMessage`."""

    platform = SLACK_PLATFORM
    deduplicates = False
    """`chat.postMessage` has no idempotency key: each send is recorded before the next."""

    def __init__(self, workspaces: Workspaces, dms: DirectMessages, profiles: Profiles) -> None:
        self._workspaces = workspaces
        self._dms = dms
        self._profiles = profiles

    async def deliver(self, nudge: OutgoingNudge) -> Delivery:
        team_id, user_id = nudge.user.workspace, nudge.user.user_id
        try:
            client = await self._workspaces.client(team_id)
            if client is None:
                return await self._no_token(team_id)
            profile = await self._profiles.get(team_id, user_id, max_age=PROFILE_MAX_AGE)
            if profile.deactivated:
                # Dead is for good: confirm with Slack rather than trust the cache, which
                # still says deactivated when a reactivated user writes and their held
                # nudges go out again (an extra users.info only when it says deactivated).
                profile = await self._profiles.get(team_id, user_id, max_age=0)
            if profile.deactivated:
                return Delivery.permanent(f"{UNREACHABLE['user_disabled']} (user_disabled)")
            return await self._post(client, team_id, user_id, nudge)
        except SlackApiError as exc:
            if error_code(exc) in TOKEN_GONE and await self._removed(team_id):
                return Delivery.transient("the app was removed from their Slack workspace")
            return _classify(exc)
        except (aiohttp.ClientError, TimeoutError) as exc:
            return Delivery.transient(f"Slack unreachable ({type(exc).__name__})")

    async def _no_token(self, team_id: str) -> Delivery:
        """No token for the workspace. One that installed the app and removed it (or whose
        token can't be refreshed) has its users held already (`installations.py`): a nudge
        claimed just before is tried again later, not lost. Any other is a workspace this
        app was never in."""
        installed = self._workspaces.installed
        if installed is not None and await installed.installations.known(team_id):
            return Delivery.transient("the app was removed from their Slack workspace")
        return Delivery.permanent("the app has no token for their Slack workspace")

    async def _removed(self, team_id: str) -> bool:
        """Slack says an installed workspace's token is dead (the uninstall event may be
        late, or lost): treat it as removed, holding all its users at once, rather than
        marking each user unreachable for good as their nudges fail."""
        installed = self._workspaces.installed
        if installed is None or self._workspaces.get(team_id) is not None or \
                not await installed.installations.known(team_id):
            return False
        await installed.installations.remove(team_id)
        return True

    async def _post(self, client: AsyncWebClient, team_id: str, user_id: str,
                    nudge: OutgoingNudge) -> Delivery:
        reply = _with_heading(nudge)
        try:
            await _send(client, await self._dms.channel(team_id, user_id), reply)
        except SlackApiError as exc:
            if error_code(exc) != "channel_not_found":
                raise
            # The cached DM channel is gone (e.g. the user left and came back): open anew.
            self._dms.forget(team_id, user_id)
            await _send(client, await self._dms.channel(team_id, user_id), reply)
        return Delivery.sent()


async def _send(client: AsyncWebClient, channel: str, reply: Reply) -> None:
    await client.chat_postMessage(channel=channel, text=fallback_text(reply),
                                  blocks=reply_blocks(reply), unfurl_links=False,
                                  unfurl_media=False)


def _with_heading(nudge: OutgoingNudge) -> Reply:
    """The nudge with its title first, and a note of the original time if it's late."""
    heading = f"⏰ {nudge.title}"
    if nudge.late:
        heading += f" (due {day(nudge.due_local.date())}, sent late)"
    return Reply(parts=(Notice(heading, Tone.INFO), *nudge.reply.parts),
                 buttons=nudge.reply.buttons)




def _classify(exc: SlackApiError) -> Delivery:
    status = exc.response.status_code if exc.response is not None else 0
    error = error_code(exc)
    if status == 429 or error == "ratelimited":
        return Delivery.retry(_retry_after(exc), "Slack rate limit")
    if error in UNREACHABLE:
        return Delivery.permanent(f"{UNREACHABLE[error]} ({error})")
    if error == "channel_not_found":
        return Delivery.permanent("Slack can't find their DM channel (channel_not_found)")
    log.warning("Slack refused a nudge: %s (HTTP %s)", error or "no error code", status)
    return Delivery.transient(f"Slack error {error or status}")


def _retry_after(exc: SlackApiError) -> float:
    headers = exc.response.headers if exc.response is not None else {}
    value = None
    for name, raw in (headers or {}).items():
        if name.lower() == "retry-after":
            value = raw[0] if isinstance(raw, list) else raw
    try:
        return max(1.0, float(value)) if value is not None else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER
