"""Buttons that survive restarts: the command (or form step) they stand for is in the custom id.

A `DynamicItem` is matched by a pattern on the custom id, not by a view kept in memory, so a
nudge's button pressed months later, after any number of restarts, still works.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.render import BUTTON_PREFIX, MAX_LABEL, Outgoing, button_custom_id, clip

if TYPE_CHECKING:
    from adapters.discord.frontend import Frontend

FORM_PREFIX = "rebound-form:"
_ROW_SIZE = 5


def frontend_of(interaction: discord.Interaction[Any]) -> Frontend:
    """The frontend the client carries (set by `ReboundClient`)."""
    frontend: Frontend = interaction.client.frontend
    return frontend


class CommandButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=re.escape(BUTTON_PREFIX) + r"(?P<command>.+)"):
    """A quick action: pressing it sends its command, as if the user had typed it."""

    def __init__(self, command: str, *, label: str = "?", row: int | None = None) -> None:
        custom_id = button_custom_id(command)
        if custom_id is None:
            raise ValueError("command too long for a button")
        super().__init__(discord.ui.Button(label=clip(label, MAX_LABEL), custom_id=custom_id,
                                           style=discord.ButtonStyle.secondary, row=row))
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
        super().__init__(discord.ui.Button(label=clip(label, MAX_LABEL),
                                           custom_id=f"{FORM_PREFIX}{action}:{arg}",
                                           style=discord.ButtonStyle.primary))
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


def command_view(message: Outgoing) -> discord.ui.View | None:
    """The message's buttons as a view of persistent buttons, five to a row (form buttons
    first); None when there are none."""
    if not message.buttons and not message.forms:
        return None
    view = discord.ui.View(timeout=None)
    for form in message.forms:
        view.add_item(FormButton(form.action, form.arg, label=form.label))
    offset = len(message.forms)
    for index, button in enumerate(message.buttons[: 25 - offset]):
        view.add_item(CommandButton(button.command, label=button.label,
                                    row=(index + offset) // _ROW_SIZE))
    return view


def pressed_view(message: discord.Message | None, pressed: str) -> discord.ui.View | None:
    """The message's buttons, all disabled, with the pressed one marked: a nudge can't be
    answered twice by mistake, and the choice stays visible."""
    if message is None or not message.components:
        return None
    view = discord.ui.View(timeout=None)
    for row_index, row in enumerate(message.components):
        for component in getattr(row, "children", ()):
            if not isinstance(component, discord.Button):
                continue
            chosen = component.custom_id == pressed
            label = component.label or ""
            view.add_item(discord.ui.Button(
                label=clip(f"✓ {label}", MAX_LABEL) if chosen else label,
                custom_id=component.custom_id, url=component.url, disabled=component.url is None,
                style=discord.ButtonStyle.success if chosen else component.style,
                row=min(row_index, 4)))
    return view if view.children else None
