"""What a command is: its usage and help texts, and the handler that runs it.

Kept apart from the table of commands (`bot.commands`) so that what describes a command
(`bot.help`) and what lists them need not import each other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.replies import Reply
from bot.session import Turn
from bot.syntax import CommandRef, Piece

Handler = Callable[[Turn, CommandRef], Awaitable[Reply]]
"""Runs one command, given by name with its arguments (`SIGNATURES`)."""
Reader = Callable[[Turn, str], Awaitable[CommandRef]]
"""Reads the text after a command's name into its arguments, when `bot.reading` can't alone."""


@dataclass(frozen=True)
class Command:
    """One command: how to call it, what it does, and the handler that does it.

    `usage` is the text-language form (each surface writes its own from it, or from its own
    commands); `details` and `chat_note` are sentences that may name commands, and
    `chat_note` is said only where plain messages reach the bot (the terminal, a DM);
    `read`, when given, reads the command's text instead of `bot.reading`."""

    name: str
    usage: str
    summary: str
    details: tuple[Piece, ...]
    examples: tuple[CommandRef, ...]
    handler: Handler
    aliases: tuple[str, ...] = ()
    chat_note: str = ""
    read: Reader | None = None
