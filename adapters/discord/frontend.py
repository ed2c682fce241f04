"""Where Discord events meet the coach: one core call per slash command, button, modal or DM.

Answers in a server (or a group chat) are ephemeral, so rejections and drafts are never shown
to anyone else; in the bot's own DM they stay in the conversation. Every call back to Discord
goes through `Outbound`, which rides out a 429 or a passing 5xx within bounds.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import aiohttp
import discord

from adapters.discord.jobs import Jobs
from adapters.discord.modals import (
    DETAIL_FIELDS,
    MAIN_FIELDS,
    REVIEW_INPUT,
    FormPage,
    ReviewBox,
    form_modal,
    form_values,
    parse_modal_id,
    submitted_values,
)
from adapters.discord.outbound import ALREADY_ACKNOWLEDGED, ANSWER, FIRST_RESPONSE, Outbound
from adapters.discord.render import FormLink, Outgoing, render, safe
from adapters.discord.views import command_view, pressed_view
from bot.coach import Coach
from bot.log_form import BY_FIELD
from bot.models import UserKey
from bot.replies import Reply
from bot.session import Incoming

log = logging.getLogger(__name__)

PLATFORM = "discord"
WORKSPACE = "global"
MAX_NONCE = 25
RESTARTING = ("I'm restarting just now, so I didn't take that and nothing was saved. Please "
              "try again in a minute.")


def user_key(user: discord.abc.User) -> UserKey:
    """A Discord user's coach data follows them across servers and DMs."""
    return UserKey(PLATFORM, WORKSPACE, str(user.id))


def is_private(interaction: discord.Interaction[Any]) -> bool:
    """Whether the answer may stay visible: only in the user's own DM with the bot."""
    return bool(interaction.context.dm_channel)


class Frontend:
    """Turns Discord interactions and DMs into coach calls, and replies into messages."""

    def __init__(self, coach: Coach, outbound: Outbound) -> None:
        self.coach = coach
        self.outbound = outbound
        self.jobs = Jobs()

    async def admit(self, interaction: discord.Interaction[Any]) -> bool:
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

    # ----------------------------------------------------------------- commands

    async def run(self, interaction: discord.Interaction[Any], text: str) -> None:
        """Run `text` as a command for the interaction's user and answer with the reply."""
        ephemeral = not is_private(interaction)
        await self.acknowledge(interaction, ephemeral=ephemeral)
        reply = await self.coach.handle(Incoming(user_key(interaction.user), text,
                                                 command=True))
        await self.followup(interaction, reply, ephemeral=ephemeral)

    async def show(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        """Answer with a reply the frontend already has (a menu, an error)."""
        ephemeral = not is_private(interaction)
        await self.acknowledge(interaction, ephemeral=ephemeral)
        await self.followup(interaction, reply, ephemeral=ephemeral)

    async def acknowledge(self, interaction: discord.Interaction[Any], *,
                          ephemeral: bool) -> None:
        """The first response: Discord shows "thinking…" until the answer follows."""
        await self.respond(interaction, lambda: interaction.response.defer(
            ephemeral=ephemeral, thinking=True))

    async def respond(self, interaction: discord.Interaction[Any],
                      first: Callable[[], Awaitable[object]]) -> None:
        """Send an interaction's first response (a defer, a modal, an edit) within its 3 s;
        a retry whose first attempt did arrive finds it acknowledged, which is fine."""
        try:
            await self.outbound.call(first, patience=FIRST_RESPONSE,
                                     what="an interaction's first response")
        except discord.HTTPException as error:
            if error.code != ALREADY_ACKNOWLEDGED:
                raise

    async def followup(self, interaction: discord.Interaction[Any], reply: Reply, *,
                       ephemeral: bool, forms: Sequence[FormLink] = ()) -> None:
        for message in render(reply, forms=forms):
            await self._send(interaction, message, ephemeral=ephemeral)

    # ----------------------------------------------------------------- buttons

    async def press(self, interaction: discord.Interaction[Any], command: str) -> None:
        """A quick-action button: the same as typing its command."""
        if command.strip().lower() == "log":
            await self.open_modal(interaction, form_modal(FormPage()))
            return
        ephemeral = not is_private(interaction)
        data: Mapping[str, Any] = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        view = pressed_view(interaction.message, custom_id)
        if view is not None and interaction.message is not None:
            await self.respond(interaction, lambda: interaction.response.edit_message(view=view))
            _forget(view)
        else:
            await self.acknowledge(interaction, ephemeral=ephemeral)
        reply = await self.coach.handle(Incoming(user_key(interaction.user), command,
                                                 command=True))
        await self.followup(interaction, reply, ephemeral=ephemeral)

    async def open_form(self, interaction: discord.Interaction[Any], action: str,
                        arg: str) -> None:
        """A form button: the details page for a rejection, or a form that needs fixing,
        filled in with the answers kept from its failed submission."""
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

    async def open_modal(self, interaction: discord.Interaction[Any],
                         modal: discord.ui.Modal) -> None:
        await self.respond(interaction, lambda: interaction.response.send_modal(modal))

    # ----------------------------------------------------------------- forms

    async def modal_submitted(self, interaction: discord.Interaction[Any]) -> bool:
        """A submitted modal of ours, read from the submission itself (it may have been
        opened before a restart); False if the custom id isn't one of ours."""
        data: Mapping[str, Any] = interaction.data or {}
        modal = parse_modal_id(str(data.get("custom_id", "")))
        if isinstance(modal, ReviewBox):
            # Everything after the first colon is the draft, so its own colons are safe.
            draft = submitted_values(data).get(REVIEW_INPUT, "")
            await self.run(interaction, f"{modal.head}: {draft}")
        elif isinstance(modal, FormPage):
            await self.submit_form(interaction, form_values(modal, data), page=modal)
        return modal is not None

    async def submit_form(self, interaction: discord.Interaction[Any], values: Mapping[str, str],
                          *, page: FormPage) -> None:
        """A submitted form page: saved, or each problem listed with a way to fix it."""
        ephemeral = not is_private(interaction)
        await self.acknowledge(interaction, ephemeral=ephemeral)
        rejection_id = page.rejection_id
        given = dict(values) if rejection_id is None else {
            name: value for name, value in values.items() if value.strip()}
        if rejection_id is not None and not given:
            await self.followup(interaction, Reply.text(
                "All three boxes were empty, so nothing changed. Open the form again whenever "
                "you have the details."), ephemeral=ephemeral)
            return
        result = await self.coach.submit_form(user_key(interaction.user), given,
                                              rejection_id=rejection_id, keep_failed=True,
                                              refilled_from=page.kept)
        if result.errors:
            retry = [FormLink("retry", str(result.kept), "Fix it (your answers are kept)")] \
                if result.kept is not None else []
            await self._send(interaction, Outgoing(content=_errors_text(result.errors),
                                                   forms=retry), ephemeral=ephemeral)
            return
        details = [FormLink("details", str(result.rejection_id),
                            "Add email, LinkedIn, compliment")] \
            if rejection_id is None and result.rejection_id is not None else []
        await self.followup(interaction, result.reply or Reply.text("Saved."),
                            ephemeral=ephemeral, forms=details)

    async def _send(self, interaction: discord.Interaction[Any], message: Outgoing, *,
                    ephemeral: bool) -> None:
        view = command_view(message)
        await self.outbound.call(
            lambda: interaction.followup.send(  # type: ignore[call-overload]
                ephemeral=ephemeral, **message.kwargs(view=view)),
            patience=ANSWER, what="a follow-up")
        _forget(view)

    # ----------------------------------------------------------------- DMs

    async def direct_message(self, message: discord.Message) -> None:
        """A DM in the plain command language, the guided log form included."""
        text = message.content
        if not text.strip():
            text = "help" if not message.attachments else ""
        if not text:
            reply = Reply.text("I can only read text. Paste the draft into the message "
                               "itself, or type help to see what I can do.")
        else:
            reply = await self.coach.handle(Incoming(user_key(message.author), text))
        await self.answer_dm(message.channel, reply, nonce_key=f"dm:{message.id}")

    async def answer_dm(self, channel: discord.abc.Messageable, reply: Reply, *,
                        nonce_key: str) -> None:
        """Post a reply in a DM; each message's nonce comes from `nonce_key`, so a retried
        send that had arrived after all is not shown twice."""
        for index, outgoing in enumerate(render(reply)):
            view = command_view(outgoing)
            nonce = nonce_for(f"{nonce_key}#{index}")
            await self.outbound.call(channel_send(channel, outgoing, view=view, nonce=nonce),
                                     patience=ANSWER, what="a direct message")
            _forget(view)


def channel_send(channel: discord.abc.Messageable, message: Outgoing, *,
                 view: discord.ui.View | None,
                 nonce: str) -> Callable[[], Awaitable[discord.Message]]:
    """One message send, as a call `Outbound` can repeat (files start afresh each time)."""
    def send() -> Awaitable[discord.Message]:
        return channel.send(nonce=nonce, **message.kwargs(view=view))  # type: ignore[call-overload, no-any-return]
    return send


def nonce_for(key: str) -> str:
    """A message nonce (at most 25 characters) that is the same for every retry of a send."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:MAX_NONCE]


def _errors_text(errors: Mapping[str, str]) -> str:
    lines = ["Almost there. Nothing was saved yet; please fix these and send the form again:"]
    for name in (*MAIN_FIELDS, *DETAIL_FIELDS):
        if name in errors:
            label = BY_FIELD[name].label or name
            lines.append(f"• {label}: {safe(errors[name])}")
    return "\n".join(lines)


def _forget(view: discord.ui.View | None) -> None:
    """The buttons are dispatched by their custom ids; don't keep each sent view in memory."""
    if view is not None:
        view.stop()
