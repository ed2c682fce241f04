"""Where Discord events come in: each slash command, button press, form and DM is stored in the
durable inbox before Discord is acknowledged; the inbox worker then handles and answers it
(`adapters.discord.inbox`). Opening a form (a modal) stores nothing: it changes nothing.

Answers in a server (or a group chat) are ephemeral, so rejections and drafts are never shown
to anyone else; in the bot's own DM they stay in the conversation. Every call back to Discord
goes through `Outbound`, which rides out a 429 or a passing 5xx within bounds.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp
import discord

from adapters.discord.answers import Answers, channel_send, nonce_for, webhook_send
from adapters.discord.identity import user_key
from adapters.discord.jobs import Jobs
from adapters.discord.modals import (
    REVIEW_INPUT,
    FormPage,
    ReviewBox,
    form_modal,
    form_values,
    parse_modal_id,
    submitted_values,
)
from adapters.discord.outbound import ALREADY_ACKNOWLEDGED, ANSWER, FIRST_RESPONSE, Outbound
from adapters.discord.render import render
from adapters.discord.views import command_view, pressed_view
from bot.coach import Coach
from bot.inbox import Inbox
from bot.replies import Reply
from bot.syntax import CommandRef, Surface

log = logging.getLogger(__name__)

ANSWER_WAIT = 60.0
"""How long an event's own task waits for the worker to answer it (then the worker goes on
alone)."""
RESTARTING = ("I'm restarting just now, so I didn't take that and nothing was saved. Please "
              "try again in a minute.")
NOT_SAVED = ("I couldn't save that just now, so nothing was done. Please try again in a "
             "moment.")

Interaction = discord.Interaction[Any]
FirstResponse = Callable[[], Awaitable[object]]


def is_private(interaction: Interaction) -> bool:
    """Whether the answer may stay visible: only in the user's own DM with the bot."""
    return bool(interaction.context.dm_channel)


def surface(interaction: discord.Interaction[Any]) -> Surface:
    """In the bot's DM, plain messages reach the bot too; anywhere else, only `/coach`."""
    return Surface.DIRECT if is_private(interaction) else Surface.DISCORD_SERVER


class Frontend:
    """Takes Discord's interactions and DMs into the inbox, and gives the first responses."""

    def __init__(self, coach: Coach, outbound: Outbound, inbox: Inbox,
                 answers: Answers) -> None:
        self.coach = coach
        self.outbound = outbound
        self.inbox = inbox
        self.answers = answers
        self.jobs = Jobs()

    async def admit(self, interaction: Interaction) -> bool:
        """Take this interaction on as work in flight; while shutting down, say so instead
        (nothing is done or saved) and return False."""
        if self.jobs.admit():
            return True
        if interaction.type is not discord.InteractionType.autocomplete:
            try:
                await self.respond(interaction, lambda: interaction.response.send_message(
                    RESTARTING, ephemeral=True))
            except (discord.HTTPException, aiohttp.ClientError, TimeoutError):
                log.info("couldn't tell a user that I'm restarting")
        return False

    # ----------------------------------------------------------------- taking events

    async def call(self, interaction: Interaction, call: CommandRef) -> None:
        """A typed command for the interaction's user (a slash command's options): stored
        and run as given, never written out as command text."""
        await self.take(interaction, {"kind": "call", "name": call.name,
                                      "args": dict(call.args)})

    async def press(self, interaction: Interaction, command: str) -> None:
        """A quick-action button: the same as typing its command. On a message with
        buttons (a nudge), they are disabled, the pressed one marked, as the first response.
        (A button that asks for the log form is a form button: `open_form`.)"""
        data: Mapping[str, Any] = interaction.data or {}
        view = pressed_view(interaction.message, str(data.get("custom_id", "")))
        first = None if view is None else lambda: interaction.response.edit_message(view=view)
        await self.take(interaction, {"kind": "command", "text": command}, first=first)
        if view is not None:
            view.stop()

    async def submit_form(self, interaction: Interaction, values: Mapping[str, str], *,
                          page: FormPage) -> None:
        """A page of the log form, from a modal or from `/coach log`'s options."""
        await self.take(interaction, {"kind": "form", "form": page.custom_id,
                                      "values": dict(values)})

    async def modal_submitted(self, interaction: Interaction) -> bool:
        """A submitted modal of ours, read from the submission itself (it may have been
        opened before a restart); False if the custom id isn't one of ours."""
        data: Mapping[str, Any] = interaction.data or {}
        modal = parse_modal_id(str(data.get("custom_id", "")))
        if isinstance(modal, ReviewBox):
            await self.call(interaction, modal.command(submitted_values(data).get(REVIEW_INPUT,
                                                                                  "")))
        elif isinstance(modal, FormPage):
            await self.submit_form(interaction, form_values(modal, data), page=modal)
        return modal is not None

    async def take(self, interaction: Interaction, event: dict[str, Any], *,
                   first: FirstResponse | None = None) -> None:
        """Store the event, then acknowledge it (`first`, by default "thinking…"); the inbox
        worker answers it. Waits, for a while, until it is answered."""
        ephemeral = not is_private(interaction)
        source = f"interaction:{interaction.id}"
        event.update(user=str(interaction.user.id), surface=surface(interaction).value,
                     to={"interaction": {"app": str(interaction.application_id),
                                         "token": interaction.token, "ephemeral": ephemeral}})
        with self.answers.expect(source):
            try:
                new = await self.inbox.accept(source, event, lane=str(interaction.user.id))
            except Exception:
                log.exception("couldn't store a Discord interaction")
                await self.show(interaction, Reply.text(NOT_SAVED))
                return
            try:
                await self.respond(interaction, first or (lambda: interaction.response.defer(
                    ephemeral=ephemeral, thinking=True)))
            except (discord.HTTPException, aiohttp.ClientError, TimeoutError):
                # Stored all the same: the answer comes by DM instead.
                log.warning("couldn't acknowledge an interaction from user %s",
                            interaction.user.id)
                self.answers.acknowledged(source, False)
            else:
                self.answers.acknowledged(source, True)
            if new:
                await self.answers.wait_answered(source, within=ANSWER_WAIT)

    async def direct_message(self, message: discord.Message) -> None:
        """A DM in the plain command language, the guided log form included."""
        text = message.content
        if not text.strip():
            text = "help" if not message.attachments else ""
        source = f"dm:{message.id}"
        event = {"kind": "dm", "user": str(message.author.id), "text": text,
                 "to": {"dm": str(message.channel.id)}}
        with self.answers.expect(source):
            try:
                new = await self.inbox.accept(source, event, lane=str(message.author.id))
            except Exception:
                log.exception("couldn't store a Discord DM")
                await self.answer_dm(message.channel, Reply.text(NOT_SAVED),
                                     nonce_key=source)
                return
            if new:
                await self.answers.wait_answered(source, within=ANSWER_WAIT)

    # ----------------------------------------------------------------- forms

    async def open_form(self, interaction: Interaction, action: str, arg: str) -> None:
        """A form button: the log form, the details page for a rejection, or the log form
        filled in with kept answers (from a failed submission, or given when asking to log)."""
        if action == "log":
            await self.open_modal(interaction, form_modal(FormPage()))
            return
        if action == "details" and arg.isdigit():
            await self.open_modal(interaction, form_modal(FormPage(rejection_id=int(arg))))
            return
        kept = await self.coach.kept_form(user_key(interaction.user), int(arg)) \
            if arg.isdigit() else None
        if kept is None:  # over a day old, used already, or not theirs: start afresh
            await self.open_modal(interaction, form_modal(FormPage()))
            return
        page = FormPage(rejection_id=kept.rejection_id, kept=kept.token)
        await self.open_modal(interaction, form_modal(page, kept.values))

    async def open_modal(self, interaction: Interaction, modal: discord.ui.Modal) -> None:
        await self.respond(interaction, lambda: interaction.response.send_modal(modal))

    # ----------------------------------------------------------------- answering directly

    async def show(self, interaction: Interaction, reply: Reply) -> None:
        """Answer with a reply the frontend already has (a refusal, an apology)."""
        ephemeral = not is_private(interaction)
        await self.respond(interaction, lambda: interaction.response.defer(
            ephemeral=ephemeral, thinking=True))
        await self.followup(interaction, reply, ephemeral=ephemeral)

    async def respond(self, interaction: Interaction, first: FirstResponse) -> None:
        """Send an interaction's first response (a defer, a modal, an edit) within its 3 s;
        a retry whose first attempt did arrive finds it acknowledged, which is fine."""
        try:
            await self.outbound.call(first, patience=FIRST_RESPONSE,
                                     what="an interaction's first response")
        except discord.HTTPException as error:
            if error.code != ALREADY_ACKNOWLEDGED:
                raise

    async def followup(self, interaction: Interaction, reply: Reply, *,
                       ephemeral: bool) -> None:
        for message in render(reply):
            view = command_view(message)
            await self.outbound.call(
                webhook_send(interaction.followup, message, view=view, ephemeral=ephemeral),
                patience=ANSWER, what="a follow-up")
            if view is not None:
                view.stop()

    async def answer_dm(self, channel: discord.abc.Messageable, reply: Reply, *,
                        nonce_key: str) -> None:
        """Post a reply in a DM; each message's nonce comes from `nonce_key`, so a retried
        send that had arrived after all is not shown twice."""
        for index, outgoing in enumerate(render(reply)):
            view = command_view(outgoing)
            nonce = nonce_for(f"{nonce_key}#{index}")
            await self.outbound.call(channel_send(channel, outgoing, view=view, nonce=nonce),
                                     patience=ANSWER, what="a direct message")
            if view is not None:
                view.stop()


def frontend_of(interaction: Interaction) -> Frontend:
    """The frontend the client carries (set by `ReboundClient`), for the slash commands and
    buttons that hand their interactions to it."""
    frontend: Frontend = interaction.client.frontend
    return frontend
