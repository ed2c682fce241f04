"""How a command is written back to a user, wherever they are.

Core code never spells a command out in a sentence: it names it, `cmd("edit", company="Acme",
email="jane@acme.com")`, and the `Syntax` of the surface the message came from writes it the
way that works there: `edit Acme email: jane@acme.com` in the terminal and in a DM,
`/coach edit Acme email: jane@acme.com` in a Slack channel, `/coach edit company: Acme email:
jane@acme.com` in a Discord server. The arguments each command takes are declared once, here
(`SIGNATURES`); an adapter whose commands have typed options registers a `Syntax` of its own
with the coach, built from its registered commands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Surface(StrEnum):
    """Where a message was typed, which decides what a user can type back."""

    TERMINAL = "terminal"
    """The terminal chat: text commands; quick actions are listed, and chosen by number."""
    DIRECT = "direct"
    """A DM with the bot on Slack or Discord: text commands, and buttons."""
    SLACK_CHANNEL = "slack-channel"
    """Any other Slack conversation: `/coach <text command>`, buttons and forms."""
    DISCORD_SERVER = "discord-server"
    """A Discord server or group chat: `/coach` subcommands with typed options, buttons and
    forms; plain messages never reach the bot."""

    @property
    def buttons(self) -> bool:
        """Whether quick actions are buttons to press."""
        return self is not Surface.TERMINAL

    @property
    def reads_messages(self) -> bool:
        """Whether the user's next plain message reaches the bot (to answer a question or
        paste a draft); elsewhere only a slash command does."""
        return self in (Surface.TERMINAL, Surface.DIRECT)


class Style(StrEnum):
    """How an argument is typed in the text command language."""

    WORD = "word"
    """Words after the command name: `draft thank-you acme`."""
    FIELD = "field"
    """`name: value`, several separated by `;`: `log company: Acme; role: Designer`."""
    TAIL = "tail"
    """Free text after a colon, last: `skill: finished a course`."""


@dataclass(frozen=True)
class Param:
    """One argument of a command. `joiner` is what goes before a WORD (`quiet 20:00-08:00`);
    `key` is a FIELD's name in the text language when it differs from the argument's."""

    name: str
    style: Style = Style.WORD
    joiner: str = " "
    key: str = ""


def _fields(*names: str) -> tuple[Param, ...]:
    return tuple(Param(name, Style.FIELD) for name in names)


_COMPANY = Param("company")
_REJECTION_FIELDS = _fields("company", "role", "interviewer", "email", "linkedin", "rejected",
                            "memory", "compliment")

SIGNATURES: Mapping[str, tuple[Param, ...]] = {
    "help": (Param("command"),),
    "log": _REJECTION_FIELDS,
    "edit": (_COMPANY, *_REJECTION_FIELDS[1:], Param("new_company", Style.FIELD, key="company")),
    "list": (Param("which"),),
    "plan": (_COMPANY,),
    "draft": (Param("kind"), _COMPANY, Param("details", Style.TAIL)),
    "sent": (_COMPANY,),
    "replied": (_COMPANY, Param("how"), Param("message", Style.TAIL)),
    "feedback": (_COMPANY, Param("text", Style.TAIL)),
    "skill": (Param("text", Style.TAIL),),
    "snooze": (_COMPANY, Param("duration")),
    "unsnooze": (_COMPANY,),
    "undo": (_COMPANY,),
    "reminders": (),
    "stop": (_COMPANY,),
    "resume": (_COMPANY,),
    "review": (Param("kind"), _COMPANY, Param("text", Style.TAIL)),
    "profile": _fields("name", "email", "phone"),
    "timezone": (Param("zone"),),
    "hours": (Param("time"),),
    "quiet": (Param("start"), Param("end", joiner="-")),
    "linkedin-limit": (Param("linkedin_limit"),),
    "dates": (Param("date_order"),),
    "settings": (),
    "stats": (),
    "export": (),
    "forget": (_COMPANY,),
    "quit": (),
    "hello": (),
}
"""Every command's arguments, in the order the text language takes them. (`edit` names the
rejection by its company first; a new company name for it is the field `company`.)"""


@dataclass(frozen=True)
class CommandRef:
    """A command named with its arguments (by their names in `SIGNATURES`): what a sentence
    tells the user to type, and the typed command the core runs, whether it was read from text
    (`bot.reading`) or built by an adapter from typed options (a Discord slash command)."""

    name: str
    args: tuple[tuple[str, str], ...] = ()

    def arg(self, name: str) -> str | None:
        return next((value for key, value in self.args if key == name), None)

    def value(self, name: str) -> str:
        """The argument as given, or '' when it wasn't."""
        return self.arg(name) or ""


def cmd(name: str, /, **args: str) -> CommandRef:
    """`cmd("draft", kind="thank-you", company="Acme")`; arguments left out are not shown."""
    known = {p.name for p in SIGNATURES[name]}
    unknown = set(args) - known
    if unknown:
        raise ValueError(f"{name} takes no {', '.join(sorted(unknown))}")
    return CommandRef(name, tuple(args.items()))


Piece = str | CommandRef
"""Part of a sentence: our own words, or a command for the surface to write."""
Phrase = tuple[Piece, ...]
"""A sentence made of pieces, written out for a surface by `say`."""


def typed(ref: CommandRef) -> str:
    """The command in the text language: what a button sends, and what the terminal shows."""
    words, fields, tail = [ref.name], [], None
    for param in SIGNATURES[ref.name]:
        value = ref.arg(param.name)
        if value is None:
            continue
        if param.style is Style.FIELD:
            fields.append(f"{param.key or param.name}: {value}")
        elif param.style is Style.TAIL:
            tail = value
        elif param.joiner == " ":
            words.append(value)
        else:
            words[-1] += param.joiner + value
    text = " ".join(words + (["; ".join(fields)] if fields else []))
    return f"{text}: {tail}" if tail is not None else text


class Syntax(Protocol):
    """Writes commands the way they work on one surface."""

    @property
    def surface(self) -> Surface: ...

    def command(self, ref: CommandRef) -> str:
        """The command as the user would give it here."""
        ...

    def usage(self, name: str, typed_usage: str) -> str | None:
        """The usage line help shows for command `name` (whose text-language usage is
        `typed_usage`); None when the command isn't offered here."""
        ...


@dataclass(frozen=True)
class TextSyntax:
    """The text command language, after `prefix` (`/coach ` in a Slack channel)."""

    surface: Surface = Surface.TERMINAL
    prefix: str = ""

    def command(self, ref: CommandRef) -> str:
        return self.prefix + typed(ref)

    def usage(self, name: str, typed_usage: str) -> str | None:
        return "  |  ".join(self.prefix + form for form in typed_usage.split("  |  "))


TERMINAL_SYNTAX = TextSyntax()


def say(syntax: Syntax, *pieces: Piece) -> str:
    """A sentence with its commands written for `syntax`."""
    return "".join(p if isinstance(p, str) else syntax.command(p) for p in pieces)
