"""The command language every adapter shares: names, help texts, and dispatch to handlers.

A message is a command word followed by its arguments (`draft thank-you acme`,
`review: Hi Jane, …`). The word is case-insensitive; close misspellings get a suggestion.
Text is read into a typed command (`CommandRef`, see `bot.reading`) and run by `run`, the one
way into a handler: an adapter whose commands come typed (Discord's slash options) calls it
directly, so nothing a user types into an option is ever read as command text.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from difflib import get_close_matches

from bot import confirm, reading
from bot.command_spec import Command, Handler
from bot.errors import UserError
from bot.handlers import account, drafting, logbook, reminders, snoozing, tracking, undo
from bot.help import command_help, help_table, welcome_reply
from bot.replies import Reply
from bot.sentence import mentions_rejection
from bot.session import Turn
from bot.syntax import CommandRef, Piece, Syntax, cmd
from bot.timings import TIMINGS, spoken


def _plain(handler: Callable[[Turn], Awaitable[Reply]]) -> Handler:
    """A handler for a command without arguments."""
    async def run(turn: Turn, call: CommandRef) -> Reply:
        return await handler(turn)
    return run


async def _help(turn: Turn, call: CommandRef) -> Reply:
    return help_reply(turn.syntax, call.value("command"))


async def _welcome(turn: Turn) -> Reply:
    return welcome_reply(turn.syntax)


COMMANDS: tuple[Command, ...] = (
    Command("help", "help [command]", "Show what I can do, or how one command works.",
            ("On its own, lists every command. With a command name, explains it with "
             "examples.",), (cmd("help"), cmd("help", command="draft")), _help,
            ("?", "commands")),
    Command("log", "log  |  log company: …; role: …; interviewer: …; memory: …",
            "Log a rejection, one question at a time or in one message.",
            ("I ask for the company, the role, the interviewer, their email and LinkedIn "
             "(optional), the date, one specific memory of the interview, and a genuine "
             "compliment (optional). Give some or all of them at once, like ",
             cmd("log", company="Acme", role="Designer", interviewer="Jane Smith",
                 rejected="yesterday", memory="our talk about the design system"),
             ", and I ask for the rest. The date can be today, yesterday, 3 days ago, last "
             "friday, 27 Feb or 2026-02-27. The memory should be a real moment: an answer like "
             "nothing or idk is asked again."),
            (cmd("log"), cmd("log", company="Acme", role="Designer", interviewer="Jane Smith",
                             rejected="yesterday", memory="our talk about the design system")),
            logbook.log, ("add", "new"),
            chat_note="Type skip, back or cancel while answering. You can also just tell me, "
                      "like: I got rejected from Acme yesterday for the designer role."),
    Command("edit", "edit [company] field: value; …", "Correct a logged rejection.",
            ("Change any field you gave when logging; none clears an optional one. ",
             cmd("undo"), " puts the old values back."),
            (cmd("edit", company="acme", email="jane@acme.com"),
             cmd("edit", company="acme", compliment="none")), logbook.edit),
    Command("list", "list", "Your rejections, their step, next action and date.",
            ("One line per rejection, for the 20 most recent: where it stands and what comes "
             "next.",), (cmd("list"),),
            tracking.list_rejections, ("ls", "pipeline")),
    Command("plan", "plan [company]", "One rejection's whole timeline, with dates.",
            ("Past steps with the day they happened, future ones with the day they fall due.",),
            (cmd("plan"), cmd("plan", company="acme")), tracking.plan, ("timeline",)),
    Command("draft", "draft <kind> [company]  |  draft alternate-roles [company]: <roles>",
            "A ready-to-send message, checked against the playbook.",
            (f"Kinds: {drafting.KIND_LIST}. Emails come with a subject line. After the draft "
             "you get any timing warning and what the review found. The alternate-roles "
             "letter can name the roles or team you'd like, and I remember them: ",
             cmd("draft", kind="alternate-roles", company="acme",
                 details="product analytics or data roles"),
             ". The stay-in-touch email reports what you've done since the interview; if you "
             "haven't logged anything since, I ask you first, or tell me at once: ",
             cmd("draft", kind="stay-in-touch", company="acme",
                 details="finished a course on research methods"), "."),
            (cmd("draft", kind="thank-you"), cmd("draft", kind="linkedin", company="acme"),
             cmd("draft", kind="alternate-roles", company="acme",
                 details="product analytics or data roles"),
             cmd("draft", kind="stay-in-touch", company="acme"),
             cmd("draft", kind="thank-you-for-feedback", company="acme")),
            drafting.draft, ("write",)),
    Command("sent", "sent [company]", "The current step's message went out.",
            ("Marks the thank-you email, your reply, the LinkedIn request or the "
             "stay-in-touch email (whichever is next) as sent, and moves the plan on. During "
             "the cool-down I ask first. ", cmd("undo"), " takes it back."),
            (cmd("sent"), cmd("sent", company="acme")), tracking.sent, ("done",)),
    Command("replied", "replied [company] brief|conversation|none  |  replied [company] "
            "conversation: <what they wrote>",
            "How they answered your thank-you email.",
            ("brief: a polite one-liner (pause about "
             f"{spoken(TIMINGS.pause_after_brief_reply)}, then move on). "
             "conversation: they wrote more (answer in 3-4 sentences); share what they wrote, "
             "like ", cmd("replied", company="acme", how="conversation",
                          message="Thanks for your note!"),
             ", and the reply draft picks up on a point from it. none: no answer (don't "
             f"chase; move on {spoken(TIMINGS.no_reply_after)} after your email)."),
            (cmd("replied", how="brief"), cmd("replied", company="acme", how="conversation"),
             cmd("replied", company="acme", how="conversation",
                 message="Thanks for your note! I'd encourage you to apply again next "
                         "spring.")), tracking.replied, ("reply",),
            chat_note="After conversation, I ask you to paste what they wrote."),
    Command("feedback", "feedback [company]: <text>", "Save feedback they gave you.",
            ("Feedback shapes your later letters: the reply thanks them for it instead of "
             "asking, the stay-in-touch email ties your progress to it (without quoting it), "
             "and ", cmd("draft", kind="thank-you-for-feedback"),
             " writes a short thank-you for it."),
            (cmd("feedback", company="acme", text="more experience with user research"),),
            tracking.feedback),
    Command("skill", "skill: <text>", "Save a skill you built or progress you made.",
            ("Your stay-in-touch emails report what you logged after each rejection, in your "
             "own words; alternate-roles letters mention the latest one.",),
            (cmd("skill", text="finished a user-research course"),), tracking.skill,
            ("progress",)),
    Command("snooze", "snooze [company] <duration>  |  snooze [company] until <day>",
            "Push the next action back.",
            ("By a duration (3d, 2w, 1mo, for 2 weeks) or to a day (until next tuesday, until "
             "3 March, until 2026-03-03). I say so when that's past the step's window. ",
             cmd("unsnooze"), " brings the step back to its own date."),
            (cmd("snooze", duration="1w"), cmd("snooze", company="acme", duration="3d"),
             cmd("snooze", company="acme", duration="until next tuesday")), snoozing.snooze),
    Command("unsnooze", "unsnooze [company]", "Undo every snooze of the next action.",
            ("The step goes back to the date the playbook gives it, however often it was "
             "snoozed.",), (cmd("unsnooze"), cmd("unsnooze", company="acme")),
            snoozing.unsnooze),
    Command("undo", "undo [company]", "Take back the last change to a rejection.",
            ("Reverts the latest sent, replied, snooze, unsnooze, feedback, edit, stop or "
             "resume, and says what it reverted. Again takes back the change before. Without "
             "a company, the latest change to any of your rejections.",),
            (cmd("undo"), cmd("undo", company="acme")), undo.undo),
    Command("reminders", "reminders", "The nudges coming up, with dates and times.",
            ("I nudge you when each step is due: at your preferred time on a weekday, outside "
             "quiet hours, in your time zone.",), (cmd("reminders"),), _plain(reminders.reminders),
            ("nudges", "upcoming")),
    Command("stop", "stop [company]  |  stop check-ins",
            "No more reminders for one rejection, or no monthly check-ins.",
            ("The plan stays; only the nudges stop. ", cmd("resume"), " brings them back."),
            (cmd("stop", company="acme"), cmd("stop", company="check-ins")), reminders.stop,
            ("mute",)),
    Command("resume", "resume [company]  |  resume check-ins",
            "Bring back reminders you stopped.", ("Undoes ", cmd("stop"), "."),
            (cmd("resume", company="acme"), cmd("resume", company="check-ins")),
            reminders.resume, ("unmute",)),
    Command("review", "review [kind] [company]: <text>  |  review [kind] [company]",
            "Check your own draft against the playbook's rules.",
            ("Each finding names the rule and how to fix it. Without a kind I review it as "
             "the message your rejection's current step calls for (a thank-you if I can't "
             "tell, or a stay-in-touch email if it has a PS line).",),
            (cmd("review", text="Hi Jane, thanks again for your time…"),
             cmd("review", kind="linkedin", company="acme", text="Hi Jane…"),
             cmd("review", kind="stay-in-touch")),
            drafting.review_command, ("check",),
            chat_note="Without a colon, paste the draft next; in the terminal, end it with a "
                      "line holding only a dot.", read=drafting.read_review),
    Command("profile", "profile name: …; email: …; phone: …",
            "Your name and contact details for drafts.",
            ("Your name signs every draft; the feedback request gives your email and phone. ",
             cmd("profile"), " on its own shows it; none clears a field."),
            (cmd("profile", name="Sam Lee", email="sam@example.com", phone="+1 555 010 0199"),),
            account.profile, ("me",)),
    Command("timezone", "timezone <IANA zone>", "Set your time zone.",
            ("Dates and nudges follow it.",), (cmd("timezone", zone="Europe/Berlin"),),
            account.timezone, ("tz", "zone")),
    Command("hours", "hours <HH:MM>", "Set when nudges arrive.",
            ("Your preferred local time on weekdays.",), (cmd("hours", time="09:30"),),
            account.hours, ("time",)),
    Command("quiet", "quiet <HH:MM>-<HH:MM>", "Set quiet hours.",
            ("No nudge arrives between these times; they may span midnight.",),
            (cmd("quiet", start="20:00", end="08:00"),), account.quiet),
    Command("linkedin-limit", "linkedin-limit 200|300", "Set the LinkedIn note length.",
            ("200 characters on a free account, 300 with Premium.",),
            (cmd("linkedin-limit", linkedin_limit="300"),), account.linkedin_limit),
    Command("dates", "dates dmy|mdy|ymd|auto", "How I read dates written in numbers.",
            ("dmy reads 03/04 as 3 April, mdy as March 4; ymd is for 2026/04/03. auto follows "
             "your time zone (month first in most of the Americas).",),
            (cmd("dates", date_order="mdy"), cmd("dates", date_order="auto")), account.dates,
            ("date-order",)),
    Command("settings", "settings", "Show your settings.",
            ("Time zone, nudge time, quiet hours, LinkedIn limit and date order, and how to "
             "change each.",), (cmd("settings"),), _plain(account.settings), ("preferences",)),
    Command("stats", "stats", "Your numbers: steps, replies, feedback.",
            ("How many rejections are at each step, the replies you got, your response rate "
             "and the feedback gathered.",), (cmd("stats"),), _plain(account.stats)),
    Command("export", "export", "All your data as JSON.", ("Everything I keep about you.",),
            (cmd("export"),), _plain(account.export)),
    Command("forget", "forget <company>  |  forget me", "Delete a rejection or all your data.",
            ("Asks you to confirm first. A confirmation only counts for the question it "
             "answers, and a question expires after an hour.",),
            (cmd("forget", company="acme"), cmd("forget", company="me")), account.forget,
            ("delete",)),
    Command("quit", "quit", "How to leave, pause or delete.",
            ("In the terminal chat, quit (or exit, bye, q) closes the chat; your data stays "
             "saved. In a chat app there's nothing to leave: ", cmd("stop"),
             " pauses reminders and ", cmd("forget", company="me"), " deletes your data."),
            (cmd("quit"),), _plain(account.leave), ("exit", "bye", "q")),
    Command("hello", "hello", "A short introduction.",
            ("What Rebound is for and how to start.",), (cmd("hello"),), _plain(_welcome),
            ("hi", "hey", "start")),
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
    """Run the command the message starts with, read from its text."""
    match = _COMMAND_WORD.match(text)
    word, args = (match.group(1), match.group(2)) if match else (text.strip().split()[0], "")
    command = lookup(word)
    answer = confirm.read_answer(text)
    if answer is not None and answer.token is not None:
        return confirm.stale(None, answer, now=turn.now, syntax=turn.syntax) or Reply()
    if command is None and word.lower() in _ANSWER_WORDS and not args.strip():
        return Reply.text(turn.say("Nothing is waiting for that answer right now. Type ",
                                   cmd("list"), " to see where things stand, or ", cmd("help"),
                                   " for every command."))
    if command is None or (command.name == "hello" and args.strip()):
        # A sentence about a rejection ("Acme turned me down yesterday") starts the log form.
        from_sentence = await logbook.log_from_sentence(turn, text)
        if from_sentence is not None:
            return from_sentence
    if command is None:
        raise UserError(*unknown_command_message(word, text))
    args = args.strip()
    if command.name == "log" and args and ":" not in args:
        # So does one after `log` ("log Acme turned me down yesterday").
        from_sentence = await logbook.log_from_sentence(turn, args)
        if from_sentence is not None:
            return from_sentence
    call = await command.read(turn, args) if command.read is not None \
        else reading.read(command.name, args)
    return await run(turn, call)


async def run(turn: Turn, call: CommandRef) -> Reply:
    """Run a typed command: its handler gets the arguments exactly as given."""
    command = lookup(call.name)
    if command is None or command.name != call.name:
        raise ValueError(f"not a command: {call.name!r}")
    return await command.handler(turn, call)


def unknown_command_message(word: str, text: str = "") -> tuple[Piece, ...]:
    """Suggest the closest command, or `log` when the text talks about a rejection."""
    if mentions_rejection(text):
        return ("It sounds like you've had a rejection; I'm sorry. Type ", cmd("log"), " and "
                "I'll walk you through recording it, or tell me in one sentence who turned you "
                "down, like: Acme turned me down yesterday for the designer role.")
    close = get_close_matches(word.lower(), list(_BY_NAME), n=1, cutoff=0.6)
    hint: tuple[Piece, ...] = (" Did you mean ", cmd(_BY_NAME[close[0]].name), "?") \
        if close else ()
    return (f"I don't know the command “{word}”.", *hint, " Type ", cmd("help"),
            " to see everything I can do.")


def help_reply(syntax: Syntax, args: str) -> Reply:
    """Every command in one table, or one command in detail, written for `syntax`."""
    wanted = args.strip().split()[0] if args.strip() else ""
    if not wanted:
        return help_table(syntax, tuple(c for c in COMMANDS if c.name != "hello"))
    command = lookup(wanted)
    if command is None:
        raise UserError(*unknown_command_message(wanted))
    return command_help(syntax, command)
