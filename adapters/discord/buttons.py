"""Buttons that survive restarts: a press is matched by the button's custom id, which says
the command (or form step) it stands for, and handed to the frontend.

A `DynamicItem` is matched by a pattern on the custom id, not by a view kept in memory, so a
nudge's button pressed months later, after any number of restarts, still works.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from adapters.discord.frontend import frontend_of
from adapters.discord.render import BUTTON_PREFIX
from adapters.discord.views import FORM_PREFIX, command_button, form_button


class CommandButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=re.escape(BUTTON_PREFIX) + r"(?P<command>.+)"):
    """A quick action: pressing it sends its command, as if the user had typed it."""

    def __init__(self, command: str, *, label: str = "?", row: int | None = None) -> None:
        super().__init__(command_button(command, label=label, row=row))
        self.command = command

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> CommandButton:
        return cls(match["command"], label=getattr(item, "label", None) or "?")

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await frontend_of(interaction).admit(interaction)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await frontend_of(interaction).press(interaction, self.command)


class FormButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                 template=re.escape(FORM_PREFIX)
                 + r"(?P<action>log|details|retry):(?P<arg>\w{1,40})"):
    """Opens a modal: the log form (`log:new`), the second page of the log form for a
    rejection (`details:<id>`), or the form with kept values (`retry:<token>`)."""

    def __init__(self, action: str, arg: str, *, label: str = "?") -> None:
        super().__init__(form_button(action, arg, label=label))
        self.action = action
        self.arg = arg

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> FormButton:
        return cls(match["action"], match["arg"], label=getattr(item, "label", None) or "?")

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await frontend_of(interaction).admit(interaction)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await frontend_of(interaction).open_form(interaction, self.action, self.arg)
