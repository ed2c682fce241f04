"""What Rebound says about itself: the command list, one command in detail, the short menu of a
bare slash command, and the welcome. Each is written for the surface the user is on."""

from __future__ import annotations

from bot.command_spec import Command
from bot.quick_actions import log_button
from bot.replies import Button, Reply, Table, Text
from bot.syntax import Surface, Syntax, cmd, say


def help_table(syntax: Syntax, commands: tuple[Command, ...]) -> Reply:
    """One row per command offered on this surface: how to give it, and what it does."""
    rows = tuple((usage, c.summary) for c in commands
                 for usage in (syntax.usage(c.name, c.usage),) if usage is not None)
    direct = () if syntax.surface.reads_messages else (Text(
        "In a direct message to me, you can also type commands as plain text (help there "
        "lists them that way)."),)
    return Reply(parts=(Table("Commands", ("Command", "What it does"), rows),
                        Text(say(syntax, "For details and examples: ",
                                 cmd("help", command="<command>"), ".")), *direct))


def command_help(syntax: Syntax, command: Command) -> Reply:
    """One command: its usage, what it does, and examples that work on this surface."""
    usage = syntax.usage(command.name, command.usage)
    lines = [usage or f"{command.usage} (in a direct message to me)", command.summary,
             say(syntax, *command.details)]
    if command.chat_note and syntax.surface.reads_messages:
        lines.append(command.chat_note)
    examples = dict.fromkeys(syntax.command(example) for example in command.examples)
    lines += ["Examples:", *(f"  {example}" for example in examples)]
    if command.aliases and syntax.surface is not Surface.DISCORD_SERVER:
        lines.append("Also works as: " + ", ".join(command.aliases))
    return Reply(parts=(Text("\n".join(lines)),))


def menu_reply(syntax: Syntax) -> Reply:
    """A short menu of the most used commands, for a bare slash command."""
    return Reply(parts=(Text(say(
        syntax, "What would you like to do? Pick one below, or give me a command, such as ",
        cmd("draft", kind="thank-you", company="acme"), ". ", cmd("help"),
        " lists them all.")),),
        buttons=(log_button(), Button("My pipeline", "list"),
                 Button("Upcoming reminders", "reminders"), Button("Settings", "settings"),
                 Button("All commands", "help")))


def welcome_reply(syntax: Syntax) -> Reply:
    """What Rebound is and the first thing to do."""
    return Reply(parts=(Text(
        "Hi, I'm Rebound. A rejection doesn't have to be the end of the story with a company: "
        "I'll help you follow up the way hiring managers respect. Cool down first, then a "
        "short thank-you, a LinkedIn connection, and a friendly check-in months later. I "
        "draft every message and check yours against the playbook."),
        Text(say(syntax, "Start by typing ", cmd("log"), " to record a rejection, or ",
                 cmd("help"), " to see every command."))),
        buttons=(log_button(), Button("Show all commands", "help")))
