"""The buttons a message carries, as discord.py views: the command (or form step) each stands
for is in its custom id.

These views are only for sending: each is stopped once its message is out, and a press is
matched by its custom id (`adapters.discord.buttons`), not by a view kept in memory, so a nudge's
button pressed months later, after any number of restarts, still works.
"""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord.render import MAX_LABEL, Outgoing, button_custom_id, clip

FORM_PREFIX = "rebound-form:"
_ROW_SIZE = 5


def command_button(command: str, *, label: str, row: int | None = None
                   ) -> discord.ui.Button[Any]:
    """A quick action: pressing it sends its command, as if the user had typed it."""
    custom_id = button_custom_id(command)
    if custom_id is None:
        raise ValueError("command too long for a button")
    return discord.ui.Button(label=clip(label, MAX_LABEL), custom_id=custom_id,
                             style=discord.ButtonStyle.secondary, row=row)


def form_button(action: str, arg: str, *, label: str) -> discord.ui.Button[Any]:
    """Opens a modal: the log form (`log`), a rejection's details page (`details`), or a form
    to fix (`retry`)."""
    return discord.ui.Button(label=clip(label, MAX_LABEL),
                             custom_id=f"{FORM_PREFIX}{action}:{arg}",
                             style=discord.ButtonStyle.primary)


def command_view(message: Outgoing) -> discord.ui.View | None:
    """The message's buttons as a view of persistent buttons, five to a row (form buttons
    first); None when there are none."""
    if not message.buttons and not message.forms:
        return None
    view = discord.ui.View(timeout=None)
    for form in message.forms:
        view.add_item(form_button(form.action, form.arg, label=form.label))
    offset = len(message.forms)
    for index, button in enumerate(message.buttons[: 25 - offset]):
        view.add_item(command_button(button.command, label=button.label,
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
