"""Where Discord events meet the coach: one core call per slash command, button, modal or DM.

Answers in a server (or a group chat) are ephemeral, so rejections and drafts are never shown
to anyone else; in the bot's own DM they stay in the conversation.
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

import discord

from adapters.discord.modals import DETAIL_FIELDS, MAIN_FIELDS, details_modal, log_modal
from adapters.discord.render import Outgoing, render, safe
from adapters.discord.views import FormButton, command_view, pressed_view
from bot.coach import Coach
from bot.log_form import BY_FIELD
from bot.models import UserKey
from bot.replies import Reply
from bot.session import Incoming
from bot.syntax import Surface

log = logging.getLogger(__name__)

PLATFORM = "discord"
WORKSPACE = "global"
_KEPT_FORMS = 500


def user_key(user: discord.abc.User) -> UserKey:
    """A Discord user's coach data follows them across servers and DMs."""
    return UserKey(PLATFORM, WORKSPACE, str(user.id))


def is_private(interaction: discord.Interaction[Any]) -> bool:
    """Whether the answer may stay visible: only in the user's own DM with the bot."""
    return bool(interaction.context.dm_channel)


def surface(interaction: discord.Interaction[Any]) -> Surface:
    """In the bot's DM, plain messages reach the bot too; anywhere else, only `/coach`."""
    return Surface.DIRECT if is_private(interaction) else Surface.DISCORD_SERVER


class Frontend:
    """Turns Discord interactions and DMs into coach calls, and replies into messages."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach
        # Values of a form that came back with errors, so "Fix it" reopens it filled in.
        # Memory only: after a restart the button opens an empty form.
        self._kept: OrderedDict[str, tuple[str, int | None, dict[str, str]]] = OrderedDict()

    # ----------------------------------------------------------------- commands

    async def run(self, interaction: discord.Interaction[Any], text: str) -> None:
        """Run `text` as a command for the interaction's user and answer with the reply."""
        ephemeral = not is_private(interaction)
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        reply = await self.coach.handle(Incoming(user_key(interaction.user), text,
                                                 command=True, surface=surface(interaction)))
        await self.followup(interaction, reply, ephemeral=ephemeral)

    async def show(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        """Answer with a reply the frontend already has (a menu, an error)."""
        ephemeral = not is_private(interaction)
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        await self.followup(interaction, reply, ephemeral=ephemeral)

    async def followup(self, interaction: discord.Interaction[Any], reply: Reply, *,
                       ephemeral: bool,
                       extra: Sequence[discord.ui.Item[Any]] = ()) -> None:
        messages = render(reply)
        for index, message in enumerate(messages):
            last = index == len(messages) - 1
            view = command_view(message.buttons, extra if last else ())
            kwargs = message.kwargs(view=view)
            await interaction.followup.send(ephemeral=ephemeral, **kwargs)  # type: ignore[call-overload]
            _forget(view)

    # ----------------------------------------------------------------- buttons

    async def press(self, interaction: discord.Interaction[Any], command: str) -> None:
        """A quick-action button: the same as typing its command."""
        if command.strip().lower() == "log":
            await interaction.response.send_modal(log_modal(self))
            return
        ephemeral = not is_private(interaction)
        data: Mapping[str, Any] = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        view = pressed_view(interaction.message, custom_id)
        if view is not None and interaction.message is not None:
            await interaction.response.edit_message(view=view)
            _forget(view)
        else:
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        reply = await self.coach.handle(Incoming(user_key(interaction.user), command,
                                                 command=True, surface=surface(interaction)))
        await self.followup(interaction, reply, ephemeral=ephemeral)

    async def open_form(self, interaction: discord.Interaction[Any], action: str,
                        arg: str) -> None:
        """A form button: the details page for a rejection, or a form that needs fixing."""
        if action == "details" and arg.isdigit():
            await interaction.response.send_modal(details_modal(self, int(arg)))
            return
        kept = self._kept.get(arg)
        if kept is None or kept[0] != str(interaction.user.id):
            await interaction.response.send_modal(log_modal(self))
            return
        _owner, rejection_id, values = kept
        modal = (log_modal(self, values) if rejection_id is None
                 else details_modal(self, rejection_id, values))
        await interaction.response.send_modal(modal)

    # ----------------------------------------------------------------- forms

    async def submit_form(self, interaction: discord.Interaction[Any], values: Mapping[str, str],
                          *, rejection_id: int | None) -> None:
        """A submitted modal page: saved, or each problem listed with a way to fix it."""
        ephemeral = not is_private(interaction)
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        given = dict(values) if rejection_id is None else {
            name: value for name, value in values.items() if value.strip()}
        if rejection_id is not None and not given:
            await self.followup(interaction, Reply.text(
                "All three boxes were empty, so nothing changed. Open the form again whenever "
                "you have the details."), ephemeral=ephemeral)
            return
        result = await self.coach.submit_form(user_key(interaction.user), given,
                                              rejection_id=rejection_id,
                                              surface=surface(interaction))
        if result.errors:
            token = self._keep(str(interaction.user.id), rejection_id, dict(values))
            fix = FormButton("retry", token, label="Fix it (your answers are kept)")
            await self._send(interaction, Outgoing(content=_errors_text(result.errors)),
                             ephemeral=ephemeral, extra=[fix])
            return
        extra: list[discord.ui.Item[Any]] = []
        if rejection_id is None and result.rejection_id is not None:
            extra.append(FormButton("details", str(result.rejection_id),
                                    label="Add email, LinkedIn, compliment"))
        await self.followup(interaction, result.reply or Reply.text("Saved."),
                            ephemeral=ephemeral, extra=extra)

    def _keep(self, owner: str, rejection_id: int | None, values: dict[str, str]) -> str:
        token = secrets.token_hex(8)
        self._kept[token] = (owner, rejection_id, values)
        while len(self._kept) > _KEPT_FORMS:
            self._kept.popitem(last=False)
        return token

    async def _send(self, interaction: discord.Interaction[Any], message: Outgoing, *,
                    ephemeral: bool, extra: Sequence[discord.ui.Item[Any]]) -> None:
        view = command_view(message.buttons, extra)
        kwargs = message.kwargs(view=view)
        await interaction.followup.send(ephemeral=ephemeral, **kwargs)  # type: ignore[call-overload]
        _forget(view)

    # ----------------------------------------------------------------- DMs

    async def direct_message(self, message: discord.Message) -> None:
        """A DM in the plain command language, the guided log form included."""
        text = message.content
        if not text.strip():
            text = "help" if not message.attachments else ""
        if not text:
            await message.channel.send(
                "I can only read text. Paste the draft into the message itself, or type help "
                "to see what I can do.", allowed_mentions=discord.AllowedMentions.none())
            return
        reply = await self.coach.handle(Incoming(user_key(message.author), text,
                                                 surface=Surface.DIRECT))
        for outgoing in render(reply):
            view = command_view(outgoing.buttons)
            await message.channel.send(**outgoing.kwargs(view=view))  # type: ignore[call-overload]
            _forget(view)


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
