"""The command language every adapter shares: names, help texts, and dispatch to handlers.

A message is a command word followed by its arguments (`draft thank-you acme`,
`review: Hi Jane, …`). The word is case-insensitive; close misspellings get a suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from difflib import get_close_matches

from bot import confirm
from bot.errors import UserError
from bot.handlers import account, drafting, logbook, reminders, snoozing, tracking, undo
from bot.replies import Button, Reply, Table, Text
from bot.sentence import mentions_rejection
from bot.session import Turn

Handler = Callable[[Turn, str], Awaitable[Reply]]


@dataclass(frozen=True)
class Command:
    """One command: how to call it, what it does, and the handler that does it."""

    name: str
    usage: str
    summary: str
    details: str
    examples: tuple[str, ...]
    handler: Handler
    aliases: tuple[str, ...] = ()


async def _help(turn: Turn, args: str) -> Reply:
    return help_reply(args)


async def _welcome(turn: Turn, args: str) -> Reply:
    return welcome_reply()


COMMANDS: tuple[Command, ...] = (
    Command("help", "help [command]", "Show what I can do, or how one command works.",
            "On its own, lists every command. With a command name, explains it with "
            "examples.", ("help", "help draft"), _help, ("?", "commands")),
    Command("log", "log  |  log company: …; role: …; interviewer: …; memory: …",
            "Log a rejection, one question at a time or in one message.",
            "On its own, asks one question at a time: company, role, interviewer, their "
            "email and LinkedIn (optional), the date, one specific memory of the interview, "
            "and a genuine compliment (optional). Type skip, back or cancel while answering. "
            "In one message, use the fields company, role, interviewer, email, linkedin, "
            "rejected (today, yesterday, 3 days ago, last friday, 27 Feb, 2026-02-27), memory "
            "and compliment; anything required that you leave out is asked for. The memory "
            "should be a real moment: an answer like nothing or idk is asked again. You can "
            "also just tell me, like: I got rejected from Acme yesterday for the designer role.",
            ("log", "log company: Acme; role: Designer; interviewer: Jane Smith; "
                    "rejected: yesterday; memory: our talk about the design system",
             "Acme turned me down last week for the designer job"),
            logbook.log, ("add", "new")),
    Command("edit", "edit [company] field: value; …", "Correct a logged rejection.",
            "Change any field you gave when logging; none clears an optional one. undo "
            "puts the old values back.",
            ("edit acme email: jane@acme.com", "edit acme compliment: none"), logbook.edit),
    Command("list", "list", "Every rejection, its step, next action and date.",
            "One line per rejection: where it stands and what comes next.", ("list",),
            tracking.list_rejections, ("ls", "pipeline")),
    Command("plan", "plan [company]", "One rejection's whole timeline, with dates.",
            "Past steps with the day they happened, future ones with the day they fall due.",
            ("plan", "plan acme"), tracking.plan, ("timeline",)),
    Command("draft", "draft <kind> [company]  |  draft alternate-roles [company]: <roles>",
            "A ready-to-send message, checked against the playbook.",
            f"Kinds: {drafting.KIND_LIST}. Emails come with a subject line. After the draft "
            "you get any timing warning and what the review found. For alternate-roles, name "
            "the roles or team you'd like after a colon and I'll remember them. The "
            "stay-in-touch email reports what you've done since the interview; if you haven't "
            "logged anything since, I ask you first (or add it after a colon).",
            ("draft thank-you", "draft linkedin acme",
             "draft alternate-roles acme: product analytics or data roles",
             "draft stay-in-touch acme", "draft thank-you-for-feedback acme"),
            drafting.draft, ("write",)),
    Command("sent", "sent [company]", "The current step's message went out.",
            "Marks the thank-you email, your reply, the LinkedIn request or the "
            "stay-in-touch email (whichever is next) as sent, and moves the plan on. During "
            "the cool-down I ask first. undo takes it back.",
            ("sent", "sent acme"), tracking.sent, ("done",)),
    Command("replied", "replied [company] brief|conversation|none  |  replied [company] "
            "conversation: <what they wrote>",
            "How they answered your thank-you email.",
            "brief: a polite one-liner (pause about three weeks, then move on). "
            "conversation: they wrote more (answer in 3-4 sentences); add what they wrote "
            "after a colon, or paste it when I ask, and the reply draft picks up on a point "
            "from it. none: no answer (don't chase; move on two weeks after your email).",
            ("replied brief", "replied acme conversation",
             "replied acme conversation: Thanks for your note! I'd encourage you to apply "
             "again next spring."), tracking.replied, ("reply",)),
    Command("feedback", "feedback [company]: <text>", "Save feedback they gave you.",
            "Feedback shapes your later letters: the reply thanks them for it instead of "
            "asking, the stay-in-touch email ties your progress to it (without quoting it), "
            "and draft thank-you-for-feedback writes a short thank-you for it.",
            ("feedback acme: more experience with user research",), tracking.feedback),
    Command("skill", "skill: <text>", "Save a skill you built or progress you made.",
            "Your stay-in-touch emails report what you logged after each rejection, in your "
            "own words; alternate-roles letters mention the latest one.",
            ("skill: finished a user-research course",), tracking.skill, ("progress",)),
    Command("snooze", "snooze [company] <duration>  |  snooze [company] until <day>",
            "Push the next action back.",
            "By a duration (3d, 2w, 1mo, for 2 weeks) or to a day (until next tuesday, until "
            "3 March, until 2026-03-03). I say so when that's past the step's window. "
            "unsnooze brings the step back to its own date.",
            ("snooze 1w", "snooze acme 3d", "snooze acme until next tuesday"),
            snoozing.snooze),
    Command("unsnooze", "unsnooze [company]", "Undo every snooze of the next action.",
            "The step goes back to the date the playbook gives it, however often it was "
            "snoozed.", ("unsnooze", "unsnooze acme"), snoozing.unsnooze),
    Command("undo", "undo [company]", "Take back the last change to a rejection.",
            "Reverts the latest sent, replied, snooze, unsnooze, feedback, edit, stop or "
            "resume, and says what it reverted. Again takes back the change before. Without "
            "a company, the latest change to any of your rejections.",
            ("undo", "undo acme"), undo.undo),
    Command("reminders", "reminders", "The nudges coming up, with dates and times.",
            "I nudge you when each step is due: at your preferred time on a weekday, outside "
            "quiet hours, in your time zone.", ("reminders",), reminders.reminders,
            ("nudges", "upcoming")),
    Command("stop", "stop [company]  |  stop check-ins",
            "No more reminders for one rejection, or no monthly check-ins.",
            "The plan stays; only the nudges stop. resume brings them back.",
            ("stop acme", "stop check-ins"), reminders.stop, ("mute",)),
    Command("resume", "resume [company]  |  resume check-ins",
            "Bring back reminders you stopped.", "Undoes stop.",
            ("resume acme", "resume check-ins"), reminders.resume, ("unmute",)),
    Command("review", "review [kind] [company]: <text>  |  review [kind] [company]",
            "Check your own draft against the playbook's rules.",
            "Each finding names the rule and how to fix it. Without a kind I review it as "
            "the message your rejection's current step calls for (a thank-you if I can't "
            "tell, or a stay-in-touch email if it has a PS line). Without a colon, paste the "
            "draft next; in the terminal, end it with a line holding only a dot.",
            ("review: Hi Jane, thanks again for your time…", "review linkedin acme: Hi Jane…",
             "review stay-in-touch"),
            drafting.review_command, ("check",)),
    Command("profile", "profile name: …; email: …; phone: …",
            "Your name and contact details for drafts.",
            "Your name signs every draft; the feedback request gives your email and phone. "
            "Type profile on its own to see it; none clears a field.",
            ("profile name: Sam Lee; email: sam@example.com; phone: +1 555 010 0199",),
            account.profile, ("me",)),
    Command("timezone", "timezone <IANA zone>", "Set your time zone.",
            "Dates and nudges follow it.", ("timezone Europe/Berlin",), account.timezone,
            ("tz", "zone")),
    Command("hours", "hours <HH:MM>", "Set when nudges arrive.",
            "Your preferred local time on weekdays.", ("hours 09:30",), account.hours,
            ("time",)),
    Command("quiet", "quiet <HH:MM>-<HH:MM>", "Set quiet hours.",
            "No nudge arrives between these times; they may span midnight.",
            ("quiet 20:00-08:00",), account.quiet),
    Command("linkedin-limit", "linkedin-limit 200|300", "Set the LinkedIn note length.",
            "200 characters on a free account, 300 with Premium.", ("linkedin-limit 300",),
            account.linkedin_limit),
    Command("dates", "dates dmy|mdy|ymd|auto", "How I read dates written in numbers.",
            "dmy reads 03/04 as 3 April, mdy as March 4; ymd is for 2026/04/03. auto follows "
            "your time zone (month first in most of the Americas).", ("dates mdy",
                                                                        "dates auto"),
            account.dates, ("date-order",)),
    Command("settings", "settings", "Show your settings.", "Time zone, nudge time, quiet "
            "hours, LinkedIn limit and date order.", ("settings",), account.settings,
            ("preferences",)),
    Command("stats", "stats", "Your numbers: steps, replies, feedback.",
            "How many rejections are at each step, the replies you got, your response rate "
            "and the feedback gathered.", ("stats",), account.stats),
    Command("export", "export", "All your data as JSON.", "Everything I keep about you.",
            ("export",), account.export),
    Command("forget", "forget <company>  |  forget me", "Delete a rejection or all your data.",
            "Asks for confirmation first: yes confirms, no cancels. A Yes button only "
            "confirms the question it came with.",
            ("forget acme", "forget me"), account.forget, ("delete",)),
    Command("quit", "quit", "How to leave, pause or delete.",
            "In the terminal chat, quit (or exit, bye, q) closes the chat; your data stays "
            "saved. In a chat app there's nothing to leave: stop pauses reminders and forget "
            "deletes your data.", ("quit",), account.leave, ("exit", "bye", "q")),
    Command("hello", "hello", "A short introduction.", "What Rebound is for and how to start.",
            ("hello",), _welcome, ("hi", "hey", "start")),
)

_BY_NAME: dict[str, Command] = {
    name: command for command in COMMANDS for name in (command.name, *command.aliases)
}
# Answers that only mean something inside a form or a confirmation.
_ANSWER_WORDS = frozenset({"yes", "y", "no", "n", "cancel", "skip", "back", "stop"})
_COMMAND_WORD = re.compile(r"^\s*([A-Za-z?][A-Za-z-]*)(.*)$", re.DOTALL)


def command_word(text: str) -> str:
    """The lower-cased word a message starts with (`Review:` -> `review`), or ''."""
    match = _COMMAND_WORD.match(text)
    return match.group(1).lower() if match else ""


def is_answer_word(text: str) -> bool:
    """Whether the text only answers an open question (`yes`, `skip`, `no #k3f9q2`, ...)."""
    return text.strip().lower() in _ANSWER_WORDS or confirm.read_answer(text) is not None


def lookup(word: str) -> Command | None:
    """The command a word names (a name or an alias), if any."""
    return _BY_NAME.get(word.lower())


async def dispatch(turn: Turn, text: str) -> Reply:
    """Run the command the message starts with."""
    match = _COMMAND_WORD.match(text)
    word, args = (match.group(1), match.group(2)) if match else (text.strip().split()[0], "")
    command = lookup(word)
    answer = confirm.read_answer(text)
    if answer is not None and answer.token is not None:
        return confirm.stale(None, answer, turn.now) or Reply()
    if command is None and word.lower() in _ANSWER_WORDS and not args.strip():
        return Reply.text("Nothing is waiting for that answer right now. Type list to see "
                          "where things stand, or help for every command.")
    if command is None or (command.name == "hello" and args.strip()):
        # A sentence about a rejection ("Acme turned me down yesterday") starts the log form.
        from_sentence = await logbook.log_from_sentence(turn, text)
        if from_sentence is not None:
            return from_sentence
    if command is None:
        raise UserError(unknown_command_message(word, text))
    return await command.handler(turn, args.strip())


def unknown_command_message(word: str, text: str = "") -> str:
    """Suggest the closest command, or `log` when the text talks about a rejection."""
    if mentions_rejection(text):
        return ("It sounds like you've had a rejection; I'm sorry. Type log and I'll walk you "
                "through recording it, or tell me in one sentence who turned you down, like: "
                "Acme turned me down yesterday for the designer role.")
    close = get_close_matches(word.lower(), list(_BY_NAME), n=1, cutoff=0.6)
    hint = f" Did you mean {_BY_NAME[close[0]].name}?" if close else ""
    return f"I don't know the command “{word}”.{hint} Type help to see everything I can do."


def help_reply(args: str) -> Reply:
    """Every command in one table, or one command in detail."""
    wanted = args.strip().split()[0] if args.strip() else ""
    if wanted:
        command = lookup(wanted)
        if command is None:
            raise UserError(unknown_command_message(wanted))
        lines = [f"{command.usage}", command.summary, command.details, "Examples:"]
        lines += [f"  {example}" for example in command.examples]
        if command.aliases:
            lines.append("Also works as: " + ", ".join(command.aliases))
        return Reply(parts=(Text("\n".join(lines)),))
    rows = tuple((c.usage, c.summary) for c in COMMANDS if c.name != "hello")
    return Reply(parts=(Table("Commands", ("Command", "What it does"), rows),
                        Text("Type help <command> for details and examples.")))


def menu_reply() -> Reply:
    """A short menu of the most used commands, for a bare slash command."""
    return Reply(parts=(Text(
        "What would you like to do? Pick one below, or give me a command, such as "
        "draft thank-you acme. help lists them all."),),
        buttons=(Button("Log a rejection", "log"), Button("My pipeline", "list"),
                 Button("Upcoming reminders", "reminders"), Button("Settings", "settings"),
                 Button("All commands", "help")))


def welcome_reply() -> Reply:
    """What Rebound is and the first thing to do."""
    return Reply(parts=(Text(
        "Hi, I'm Rebound. A rejection doesn't have to be the end of the story with a company: "
        "I'll help you follow up the way hiring managers respect. Cool down first, then a "
        "short thank-you, a LinkedIn connection, and a friendly check-in months later. I "
        "draft every message and check yours against the playbook."),
        Text("Start by typing log to record a rejection, or help to see every command.")),
        buttons=(Button("Log a rejection", "log"), Button("Show all commands", "help")))
