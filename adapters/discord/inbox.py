"""Discord's side of the durable inbox: how a stored event is handled and its answer sent.

Every slash command, button press, form and DM is stored (`bot.inbox`) before Discord is
acknowledged. The worker then hands it here: `handle` runs it through the coach and renders the
answer, both committed with the entry's handled mark; `deliver` sends that answer through the
interaction's follow-up webhook while its token is valid (15 minutes; the event's own task
acknowledged it first), else, or if the interaction was never acknowledged, by DM, whose
nonces keep a resend from showing twice. Stored events, payload and answer, are JSON:

    {"kind": "command" | "dm", "user": "<id>", "text": "...", "to": <where>}
    {"kind": "call", "user": "<id>", "name": "<command>", "args": {...}, "to": <where>}
    {"kind": "form", "user": "<id>", "form": "<modal custom id>", "values": {...}, "to": ...}
    <where>: {"interaction": {"app": "<id>", "token": "...", "ephemeral": bool}}
             or {"dm": "<channel id>"}
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import aiohttp
import discord

from adapters.discord.answers import (
    Answers,
    channel_send,
    errors_message,
    nonce_for,
    webhook_send,
)
from adapters.discord.identity import PLATFORM, WORKSPACE
from adapters.discord.modals import FormPage, parse_modal_id
from adapters.discord.outbound import Busy, Outbound, Patience
from adapters.discord.render import FormLink, Outgoing, render
from adapters.discord.views import command_view
from bot.coach import Coach
from bot.inbox import DeliveryResult, InboxEntry, Unit
from bot.models import UserKey
from bot.replies import Reply
from bot.session import Incoming
from bot.syntax import CommandRef, Surface, cmd

log = logging.getLogger(__name__)

TOKEN_LIFETIME = timedelta(minutes=14)
"""An interaction token works for 15 minutes; a minute is kept in hand."""
ACK_WAIT = 5.0
"""How long a follow-up waits for its interaction's first response from this process."""
DELIVERY = Patience(attempts=3, longest_wait=5.0, budget=8.0)
"""Short waits are ridden out here; longer ones go back to the inbox (`later`)."""
RETRY_LATER = 10.0
LONGEST_LATER = 900.0
UNDELIVERABLE = frozenset({50007, 50278, 10013})
"""The user can't get a DM from us (privacy settings, no shared server, unknown user)."""
UNKNOWN_WEBHOOK = frozenset({10015, 50027})
"""The interaction's token was never acknowledged, or is no longer valid."""
ONLY_TEXT = ("I can only read text. Paste the draft into the message itself, or type help "
             "to see what I can do.")
UNREADABLE = ("Sorry, I couldn't read that command after an update. Please run it again "
              "and it will work.")
EARLIER = ("Here is my answer to what you sent a little while ago; I couldn't reply to it "
           "where you sent it:")


class DiscordInbox:
    """The `bot.inbox.InboxHandler` for Discord."""

    def __init__(self, coach: Coach, client: discord.Client, outbound: Outbound,
                 answers: Answers) -> None:
        self._coach = coach
        self._client = client
        self._outbound = outbound
        self._answers = answers
        self._progress: dict[int, int] = {}

    # -- handling --------------------------------------------------------------------------

    async def handle(self, entry: InboxEntry, unit: Unit) -> None:
        payload = entry.payload
        user = UserKey(PLATFORM, WORKSPACE, str(payload.get("user", "")))
        if not user.user_id.isdigit() or "to" not in payload:
            log.warning("dropped an unreadable Discord inbox entry %d", entry.id)
            self._answers.answered(entry.source_id)
            return
        async with unit:
            messages = await self._answer(user, payload)
            unit.reply({"to": payload["to"], "user": user.user_id,
                        "messages": [m.to_json() for m in messages]})

    async def _answer(self, user: UserKey, payload: Mapping[str, Any]) -> list[Outgoing]:
        kind = payload.get("kind")
        if kind == "form":
            page = parse_modal_id(str(payload.get("form", "")))
            values = payload.get("values") or {}
            if isinstance(page, FormPage) and isinstance(values, dict):
                return await self._form(user, page, {str(k): str(v) for k, v in values.items()},
                                        surface=_surface(payload))
        if kind == "call":
            call = _stored_call(payload)
            if call is None:
                log.warning("an unreadable typed command in the Discord inbox")
                return render(Reply.text(UNREADABLE))
            return render(await self._coach.handle(Incoming(
                user, "", command=True, surface=_surface(payload), call=call)))
        text = str(payload.get("text", ""))
        if kind == "dm" and not text:
            return render(Reply.text(ONLY_TEXT))
        reply = await self._coach.handle(Incoming(user, text, command=kind != "dm",
                                                  forms=kind != "dm",
                                                  surface=_surface(payload)))
        return render(reply)

    async def _form(self, user: UserKey, page: FormPage, values: dict[str, str], *,
                    surface: Surface) -> list[Outgoing]:
        """A submitted form page: saved, or each problem listed with a button that reopens
        the form with the answers kept."""
        given = values if page.rejection_id is None else {
            name: value for name, value in values.items() if value.strip()}
        if page.rejection_id is not None and not given:
            return render(Reply.text("All three boxes were empty, so nothing changed. Open "
                                     "the form again whenever you have the details."))
        result = await self._coach.submit_form(user, given, rejection_id=page.rejection_id,
                                               keep_failed=True, refilled_from=page.kept,
                                               surface=surface)
        if result.errors:
            retry = [FormLink("retry", str(result.kept), "Fix it (your answers are kept)")] \
                if result.kept is not None else []
            return [Outgoing(content=errors_message(result.errors), forms=retry)]
        details = [FormLink("details", str(result.rejection_id),
                            "Add email, LinkedIn, compliment")] \
            if page.rejection_id is None and result.rejection_id is not None else []
        return render(result.reply or Reply.text("Saved."), forms=details)

    # -- delivery --------------------------------------------------------------------------

    async def deliver(self, entry: InboxEntry, reply: dict[str, Any]) -> DeliveryResult:
        messages = [Outgoing.from_json(m) for m in reply.get("messages") or []]
        to = reply.get("to") or {}
        try:
            result = await self._deliver(entry, messages, to, str(reply.get("user", "")))
        except (discord.RateLimited, discord.HTTPException, aiohttp.ClientError,
                TimeoutError) as error:
            result = _failure(error)
        if result.retry_after is None:
            self._progress.pop(entry.id, None)
            self._answers.answered(entry.source_id)
        return result

    async def _deliver(self, entry: InboxEntry, messages: list[Outgoing],
                       to: Mapping[str, Any], user_id: str) -> DeliveryResult:
        interaction = to.get("interaction")
        if isinstance(interaction, Mapping):
            acked = await self._answers.was_acknowledged(entry.source_id, within=ACK_WAIT)
            fresh = self._coach.clock.now() < entry.received_at + TOKEN_LIFETIME
            if acked is not False and fresh:
                try:
                    await self._followups(entry, messages, interaction)
                    return DeliveryResult.delivered()
                except discord.HTTPException as error:
                    if error.code not in UNKNOWN_WEBHOOK:
                        raise
            log.info("answering a Discord interaction by DM instead (its token is %s)",
                     "not acknowledged" if acked is False else "no longer valid")
            messages = [Outgoing(content=EARLIER), *messages]
            self._progress.pop(entry.id, None)
        channel = await self._dm_channel(to, user_id)
        if channel is None:
            return DeliveryResult.undeliverable("no Discord user to answer")
        for index, message in self._pending(entry, messages):
            view = command_view(message)
            nonce = nonce_for(f"{entry.source_id}#{index}")
            await self._outbound.call(channel_send(channel, message, view=view, nonce=nonce),
                                      patience=DELIVERY, what="a direct message")
            self._sent(entry, index, view)
        return DeliveryResult.delivered()

    async def _dm_channel(self, to: Mapping[str, Any],
                          user_id: str) -> discord.abc.Messageable | None:
        """The DM the event came from, or a DM opened with its user."""
        if str(to.get("dm", "")).isdigit():
            return self._client.get_partial_messageable(int(to["dm"]),
                                                        type=discord.ChannelType.private)
        if not user_id.isdigit():
            return None
        return await self._outbound.call(
            lambda: self._client.create_dm(discord.Object(int(user_id))),
            patience=DELIVERY, what="opening a DM")

    async def _followups(self, entry: InboxEntry, messages: list[Outgoing],
                         interaction: Mapping[str, Any]) -> None:
        # discord.py builds an interaction's follow-up webhook this same way.
        webhook = discord.Webhook.from_state(
            data={"id": int(interaction["app"]), "type": 3, "token": str(interaction["token"])},
            state=self._client._connection)
        ephemeral = bool(interaction.get("ephemeral"))
        for index, message in self._pending(entry, messages):
            view = command_view(message)
            await self._outbound.call(
                webhook_send(webhook, message, view=view, ephemeral=ephemeral),
                patience=DELIVERY, what="a follow-up")
            self._sent(entry, index, view)

    def _pending(self, entry: InboxEntry,
                 messages: list[Outgoing]) -> list[tuple[int, Outgoing]]:
        """The messages not sent yet by an earlier try in this process."""
        done = self._progress.get(entry.id, 0)
        return list(enumerate(messages))[done:]

    def _sent(self, entry: InboxEntry, index: int, view: discord.ui.View | None) -> None:
        self._progress[entry.id] = index + 1
        if view is not None:
            view.stop()  # dispatched by custom id; don't keep each sent view in memory


def _failure(error: BaseException) -> DeliveryResult:
    """Why a delivery failed, as the inbox's next step: later, or never."""
    if isinstance(error, Busy | discord.RateLimited):
        asked = error.retry_after
        wait = asked if asked is not None and math.isfinite(asked) else RETRY_LATER
        return DeliveryResult.later(min(max(1.0, wait), LONGEST_LATER), "rate limited")
    if isinstance(error, discord.HTTPException):
        if error.code in UNDELIVERABLE:
            return DeliveryResult.undeliverable(f"Discord refused it (code {error.code})")
        if error.status < 500 and error.status != 429:
            return DeliveryResult.undeliverable(f"Discord refused it ({error.status}, "
                                                f"code {error.code})")
    return DeliveryResult.later(RETRY_LATER, f"Discord unreachable ({type(error).__name__})")


def _stored_call(payload: Mapping[str, Any]) -> CommandRef | None:
    """The typed command a `call` event stored, each value as it was given; None when it
    names no command or an argument the command doesn't take (a later version's event)."""
    name, args = payload.get("name"), payload.get("args")
    if not isinstance(name, str) or not isinstance(args, dict):
        return None
    try:
        return cmd(name, **{str(k): str(v) for k, v in args.items()})
    except (KeyError, ValueError):
        return None


def _surface(payload: Mapping[str, Any]) -> Surface:
    """Where the event was typed (stored with it); a DM, or an entry from before surfaces
    were stored, is the bot's DM."""
    try:
        return Surface(str(payload.get("surface") or Surface.DIRECT.value))
    except ValueError:
        return Surface.DIRECT
