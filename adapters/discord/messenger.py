"""The Discord outbound port: a nudge as a DM, with its quick actions as persistent buttons.

Careful with Discord's limits: a user's DM channel is opened once and cached; each send carries
a nonce derived from the nudge's idempotency key (discord.py adds `enforce_nonce`), so a send
retried after a crash is not shown twice; long rate limits come back to the scheduler as
Retry-After instead of blocking; a user who can't be messaged (50007, 50278) is unreachable.
"""

from __future__ import annotations

import hashlib
import logging

import aiohttp
import discord

from adapters.discord.frontend import PLATFORM
from adapters.discord.render import render, safe
from adapters.discord.views import command_view
from bot.format import day
from bot.nudges.model import Delivery, OutgoingNudge

log = logging.getLogger(__name__)

# Discord's codes for "this user can't get a DM from you".
CANNOT_MESSAGE_USER = 50007
NO_MUTUAL_GUILDS = 50278
UNKNOWN_USER = 10013
_OPENING_DMS_TOO_FAST = 40003
MAX_NONCE = 25


NOT_READY_RETRY = 5.0


def nonce_for(idempotency_key: str) -> str:
    """A nonce (at most 25 characters) that is the same for every retry of one nudge."""
    return hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:MAX_NONCE]


def nudge_heading(nudge: OutgoingNudge) -> str:
    local = nudge.due_local
    late = " (late: I was offline when it was due)" if nudge.late else ""
    return f"**🔔 {safe(nudge.title)}** · {day(local.date())} {local:%H:%M}{late}"


class DiscordMessenger:
    """Delivers nudges through a logged-in discord.py client."""

    deduplicates = True
    """A repeated send carries the same nonce, and Discord drops it."""

    def __init__(self, client: discord.Client) -> None:
        self._client = client
        self._channels: dict[int, discord.DMChannel] = {}

    @property
    def platform(self) -> str:
        return PLATFORM

    async def deliver(self, nudge: OutgoingNudge) -> Delivery:
        try:
            user_id = int(nudge.user.user_id)
        except ValueError:
            return Delivery.permanent("not a Discord user id")
        if not self._client.is_ready():
            # Still logging in (or reconnecting): pause Discord sends briefly, costing no
            # attempt, rather than fail against a client that can't send yet.
            return Delivery.retry(NOT_READY_RETRY, "not connected to Discord yet")
        try:
            channel = await self._channel(user_id)
            messages = render(nudge.reply, heading=nudge_heading(nudge))
            for index, message in enumerate(messages):
                view = command_view(message.buttons)
                # Only the first message needs the nonce: a retry stops at the duplicate.
                nonce = nonce_for(nudge.idempotency_key if index == 0
                                  else f"{nudge.idempotency_key}#{index}")
                await channel.send(nonce=nonce, **message.kwargs(view=view))  # type: ignore[call-overload]
                if view is not None:
                    view.stop()
        except discord.RateLimited as limited:
            return Delivery.retry(limited.retry_after, "rate limited by Discord")
        except discord.HTTPException as error:
            return self._failure(user_id, error)
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            return Delivery.transient(f"connection problem: {type(error).__name__}")
        return Delivery.sent()

    async def _channel(self, user_id: int) -> discord.DMChannel:
        channel = self._channels.get(user_id)
        if channel is None:
            channel = await self._client.create_dm(discord.Object(user_id))
            self._channels[user_id] = channel
        return channel

    def _failure(self, user_id: int, error: discord.HTTPException) -> Delivery:
        if error.code == CANNOT_MESSAGE_USER:
            return Delivery.permanent("Discord blocked it: your privacy settings don't allow "
                                      "direct messages from me, error 50007")
        if error.code == NO_MUTUAL_GUILDS:
            return Delivery.permanent("Discord blocked it: we no longer share a server, "
                                      "error 50278")
        if error.code == UNKNOWN_USER:
            return Delivery.permanent("Discord doesn't know this account any more")
        if error.status == 429 or error.code == _OPENING_DMS_TOO_FAST:
            retry_after = _retry_after(error)
            return Delivery.retry(retry_after, "rate limited by Discord")
        if error.status >= 500:
            return Delivery.transient(f"Discord server error {error.status}")
        if error.status in (401, 403, 404):
            self._channels.pop(user_id, None)
        return Delivery.transient(f"Discord refused the message ({error.status}, "
                                  f"code {error.code})")


def _retry_after(error: discord.HTTPException) -> float:
    header = error.response.headers.get("Retry-After") if error.response is not None else None
    try:
        return max(1.0, float(header)) if header else 60.0
    except ValueError:
        return 60.0
