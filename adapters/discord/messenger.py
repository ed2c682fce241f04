"""The Discord outbound port: a nudge as a DM, with its quick actions as persistent buttons.

Careful with Discord's limits: a user's DM channel is opened once and cached; each send carries
a nonce derived from the nudge's idempotency key (discord.py adds `enforce_nonce`), so a send
retried after a crash is not shown twice; a rate limit of any length, and a 5xx, come straight
back to the scheduler (`Outbound.once`: discord.py doesn't sleep on them), the wait capped; a
user who can't be messaged (50007, 50278) is unreachable.
"""

from __future__ import annotations

import asyncio
import logging
import math

import aiohttp
import discord

from adapters.discord.answers import channel_send, nonce_for
from adapters.discord.identity import PLATFORM
from adapters.discord.outbound import Busy, Outbound, retry_after
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

NOT_READY_RETRY = 5.0
LONGEST_PAUSE = 900.0
"""The most a Retry-After may pause Discord's nudges (a larger or absurd one is cut to it)."""
DEFAULT_PAUSE = 60.0
SEND_TIMEOUT = 20.0
"""A nudge that hasn't gone out in this long (discord.py pacing itself, a hung connection)
is handed back; its nonce keeps a late arrival from showing twice."""


def nudge_heading(nudge: OutgoingNudge) -> str:
    local = nudge.due_local
    late = " (late: I was offline when it was due)" if nudge.late else ""
    return f"**🔔 {safe(nudge.title)}** · {day(local.date())} {local:%H:%M}{late}"


class DiscordMessenger:
    """Delivers nudges through a logged-in discord.py client."""

    deduplicates = True
    """A repeated send carries the same nonce, and Discord drops it."""

    def __init__(self, client: discord.Client, outbound: Outbound) -> None:
        self._client = client
        self._outbound = outbound
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
            async with asyncio.timeout(SEND_TIMEOUT):
                await self._send(user_id, nudge)
        except discord.RateLimited as limited:
            return Delivery.retry(_pause(limited.retry_after), "rate limited by Discord")
        except discord.HTTPException as error:
            return self._failure(user_id, error)
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            return Delivery.transient(f"connection problem: {type(error).__name__}")
        return Delivery.sent()

    async def _send(self, user_id: int, nudge: OutgoingNudge) -> None:
        channel = await self._outbound.once(lambda: self._channel(user_id))
        for index, message in enumerate(render(nudge.reply, heading=nudge_heading(nudge))):
            view = command_view(message)
            # Only the first message needs the nonce: a retry stops at the duplicate.
            nonce = nonce_for(nudge.idempotency_key if index == 0
                              else f"{nudge.idempotency_key}#{index}")
            await self._outbound.once(channel_send(channel, message, view=view, nonce=nonce))
            if view is not None:
                view.stop()

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
            asked = error.retry_after if isinstance(error, Busy) else retry_after(
                {}, getattr(error.response, "headers", None) or {})
            return Delivery.retry(_pause(asked), "rate limited by Discord")
        if error.status >= 500:
            return Delivery.transient(f"Discord server error {error.status}")
        if error.status in (401, 403, 404):
            self._channels.pop(user_id, None)
        return Delivery.transient(f"Discord refused the message ({error.status}, "
                                  f"code {error.code})")


def _pause(seconds: float | None) -> float:
    """Discord's Retry-After as the scheduler's pause: at least a second, at most
    `LONGEST_PAUSE`; a missing or absurd value (`inf`, `nan`) is a minute."""
    if seconds is None or not math.isfinite(seconds):
        return DEFAULT_PAUSE
    return min(max(1.0, seconds), LONGEST_PAUSE)
