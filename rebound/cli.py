"""The `rebound` command: parses arguments, reads settings once, and starts the chosen job.

This is the composition root: the only place that opens the database, builds the core and
hands it to an adapter.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console import ConsoleChat
from adapters.console_nudges import CONSOLE_PLATFORM, ConsoleMessenger, Simulation
from bot import __version__
from bot.clock import Clock, FakeClock, SystemClock
from bot.coach import Coach
from bot.drafts import DraftRenderer
from bot.errors import ReboundError
from bot.models import UserKey
from bot.nudges.scheduler import Scheduler
from rebound import discord_app, doctor
from rebound.service import open_store
from rebound.settings import ChatSettings, chat_settings, database_path, with_dotenv
from rebound.slack_app import run_slack, slack_settings

log = logging.getLogger(__name__)

CONSOLE_WORKSPACE = "local"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rebound",
        description="Rebound: a coach for following up after a job rejection.")
    parser.add_argument("--version", action="version", version=f"rebound {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    chat = commands.add_parser("chat", help="chat with the coach in this terminal",
                               description="Chat with the coach in this terminal. Your data "
                               "stays in a local SQLite file.")
    chat.add_argument("--db", metavar="PATH",
                      help="SQLite file to use (default: $REBOUND_DB, else your data folder)")
    chat.add_argument("--tz", metavar="ZONE",
                      help="your IANA time zone, e.g. Europe/Berlin (default: the system's)")
    chat.add_argument("--simulate", metavar="WHEN",
                      help="run on a simulated clock starting at an ISO date and time (read in "
                      "your zone), e.g. 2026-03-02T10:00; then `advance 14d` moves it")
    slack = commands.add_parser(
        "slack", help="run the coach as a Slack app",
        description="Run the coach as a Slack app. Socket Mode by default (needs "
        "SLACK_BOT_TOKEN and SLACK_APP_TOKEN; no public URL); --http serves Slack's requests "
        "at /slack/events instead (needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET). Variables "
        "are read from the environment and from a .env file in the current folder.")
    slack.add_argument("--http", action="store_true",
                       help="receive Slack's requests over HTTP instead of Socket Mode")
    slack.add_argument("--port", type=int, default=3000, metavar="N",
                       help="HTTP port with --http (default: 3000)")
    slack.add_argument("--host", default="0.0.0.0", metavar="ADDRESS",
                       help="address to listen on with --http (default: all)")
    slack.add_argument("--db", metavar="PATH",
                       help="SQLite file to use (default: $REBOUND_DB, else your data folder)")
    discord_app.add_parser(commands)
    doctor.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rebound` console script and of `python -m bot`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "discord":
        return discord_app.main(args, environ=with_dotenv(os.environ))
    if args.command == "doctor":
        return doctor.main(args, environ=with_dotenv(os.environ))
    try:
        if args.command == "slack":
            return _run_slack(args)
        return _run_chat(args)
    except ReboundError as problem:
        print(f"rebound: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); stop quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run_chat(args: argparse.Namespace) -> int:
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")  # a stray byte must not end the chat
    settings = chat_settings(db=args.db, tz=args.tz, simulate=args.simulate,
                             environ=os.environ)
    return asyncio.run(run_chat(settings, stdin=sys.stdin, stdout=sys.stdout,
                                interactive=sys.stdin.isatty() and sys.stdout.isatty()))


def _run_slack(args: argparse.Namespace) -> int:
    environ = with_dotenv(os.environ)
    settings = slack_settings(environ, http=args.http, host=args.host, port=args.port)
    asyncio.run(run_slack(settings, database_path(args.db, environ)))
    return 0


async def run_chat(settings: ChatSettings, *, stdin: TextIO, stdout: TextIO,
                   interactive: bool) -> int:
    """Open the database, build the coach and its scheduler, and chat until the input ends."""
    key = UserKey(CONSOLE_PLATFORM, CONSOLE_WORKSPACE, settings.user_id)
    clock: Clock = FakeClock(settings.simulate_from) if settings.simulate_from else SystemClock()
    async with await open_store(settings.db_path) as store:
        wake = Wakeup()
        coach = Coach(store=store, clock=clock, drafts=DraftRenderer(), on_nudges_changed=wake)
        user = await coach.prepare_user(key, timezone=settings.timezone,
                                        set_timezone=settings.timezone_explicit)
        chat = ConsoleChat(coach, user=key, stdin=stdin, stdout=stdout,
                           interactive=interactive, timezone_hint=settings.timezone,
                           history_file=settings.history_file)
        scheduler = Scheduler(store=store, clock=clock,
                              messengers=[ConsoleMessenger(chat.show_nudge)],
                              only_user=user.id)
        wake.target = scheduler.wake
        chat.scheduler = scheduler
        if isinstance(clock, FakeClock):
            chat.simulation = Simulation(clock, scheduler, ZoneInfo(user.preferences.timezone))
        await coach.replan(key)
        return await chat.run()


class Wakeup:
    """Lets the coach wake the scheduler, which is built after it."""

    def __init__(self) -> None:
        self.target: Callable[[], None] | None = None

    def __call__(self) -> None:
        if self.target is not None:
            self.target()
