"""How the coach writes commands in a Discord server: `/coach` subcommands with their options.

Plain messages don't reach the bot there, so `edit acme email: jane@acme.com` is shown as
`/coach edit company: acme email: jane@acme.com`. It is built from the registered `/coach`
group itself: the subcommands and option names shown are the ones Discord offers, a choice is
shown by the name Discord lists it under, and the core's argument names (`bot.syntax`) are the
option names. The few commands that live elsewhere are routed here, in one place.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from discord import app_commands

from bot.syntax import SIGNATURES, CommandRef, Surface, typed

log = logging.getLogger(__name__)

ROUTES = {"linkedin-limit": "settings", "dates": "settings"}
"""Commands that are options of another subcommand (`/coach settings date_order: …`)."""
IN_FORM = {"review": frozenset({"text"})}
"""Arguments typed into the form a subcommand opens rather than given as options."""
FORM_NOTES = {"log": "on its own, opens a form", "review": "opens a form for your draft"}


@dataclass(frozen=True)
class DiscordSyntax:
    """Commands as `/coach` subcommands, for the coach to use in servers and group chats."""

    group: app_commands.Group

    @property
    def surface(self) -> Surface:
        return Surface.DISCORD_SERVER

    def command(self, ref: CommandRef) -> str:
        sub = self._subcommand(ROUTES.get(ref.name, ref.name))
        given = dict(ref.args)
        known = {p.name for p in sub.parameters} if sub else set()
        if sub is None or set(given) - known - IN_FORM.get(ref.name, frozenset()):
            # No slash form: the text command still works in the bot's DM.
            log.warning("no /%s form for the command %s", self.group.name, ref.name)
            return f"{typed(ref)} (in a direct message to me)"
        options = [f"{p.name}: {_shown(p, given[p.name])}" for p in sub.parameters
                   if p.name in given]
        return " ".join([f"/{self.group.name} {sub.name}", *options])

    def usage(self, name: str, typed_usage: str) -> str | None:
        sub = self._subcommand(ROUTES.get(name, name))
        if sub is None:
            return None
        own = {p.name for p in SIGNATURES[name]} if name in ROUTES else None
        options = [p.name if p.required or own else f"[{p.name}]" for p in sub.parameters
                   if own is None or p.name in own]
        line = " ".join([f"/{self.group.name} {sub.name}", *options])
        return f"{line} ({FORM_NOTES[name]})" if name in FORM_NOTES else line

    def _subcommand(self, name: str) -> app_commands.Command[Any, ..., Any] | None:
        found = self.group.get_command(name)
        return found if isinstance(found, app_commands.Command) else None


def _shown(param: app_commands.Parameter, value: str) -> str:
    """A choice by the name Discord lists it under; anything else as it is."""
    for choice in param.choices:
        if str(choice.value) == value:
            return choice.name
    return value
