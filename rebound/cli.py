"""The `rebound` command: parses arguments, reads settings once, and starts the chosen job.

The core itself is built in `rebound.bootstrap`, the composition root every entry point uses.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console import ConsoleChat, Screen
from adapters.console_nudges import CONSOLE_PLATFORM, ConsoleMessenger, Simulation
from bot import __version__
from bot.clock import Clock, FakeClock, SystemClock
from bot.errors import DatabaseUnavailable, FatalStartup, ReboundError, StorageUnavailable
from bot.models import UserKey
from bot.nudges.heap import freeze_startup_heap
from bot.nudges.scheduler import SchedulerPolicy
from rebound import backup, discord_app, doctor, logs, run
from rebound.bootstrap import bootstrap, console_user, open_store
from rebound.config import load_settings
from rebound.settings import ChatSettings, add_db_option, chat_settings, with_dotenv

log = logging.getLogger(__name__)

CONSOLE_WORKSPACE = "local"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rebound",
        description="Rebound: a coach for following up after a job rejection.")
    parser.add_argument("--version", action="version", version=f"rebound {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log more detail to stderr (same as --log-level DEBUG)")
    parser.add_argument("--log-format", metavar="FORMAT",
                        help="human (default) or json: one JSON object per line "
                        "(default: $REBOUND_LOG_FORMAT)")
    parser.add_argument("--log-level", metavar="LEVEL",
                        help="DEBUG, INFO, WARNING or ERROR (default: $REBOUND_LOG_LEVEL, else "
                        "INFO for the bot and WARNING for the terminal chat)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    chat = commands.add_parser("chat", help="chat with the coach in this terminal",
                               description="Chat with the coach in this terminal. Your data "
                               "stays in a local SQLite file.")
    add_db_option(chat)
    chat.add_argument("--tz", metavar="ZONE",
                      help="your IANA time zone, e.g. Europe/Berlin (default: the system's)")
    chat.add_argument("--simulate", metavar="WHEN",
                      help="run on a simulated clock starting at an ISO date and time (read in "
                      "your zone), e.g. 2026-03-02T10:00; then `advance 14d` moves it")
    slack = commands.add_parser(
        "slack", help="run the coach as a Slack app",
        description="Run the coach as a Slack app. Socket Mode by default (needs "
        "SLACK_BOT_TOKEN and SLACK_APP_TOKEN; no public URL); --http serves Slack's requests "
        "at /slack/events instead (needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; or, for "
        "workspaces that install the app at /slack/install, SLACK_CLIENT_ID and "
        "SLACK_CLIENT_SECRET instead of SLACK_BOT_TOKEN). Variables are read from the "
        "environment and from a .env file in the current folder.")
    slack.add_argument("--http", action="store_true",
                       help="receive Slack's requests over HTTP instead of Socket Mode")
    slack.add_argument("--port", type=int, default=3000, metavar="N",
                       help="HTTP port with --http (default: 3000)")
    slack.add_argument("--host", default="0.0.0.0", metavar="ADDRESS",
                       help="address Slack's HTTP listener binds with --http (default: all; "
                       "the health endpoint has --health-host)")
    add_db_option(slack)
    run.add_health_option(slack)
    discord_app.add_parser(commands)
    run.add_health_option(commands.choices["discord"])
    run.add_parser(commands)
    doctor.add_parser(commands)
    backup.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rebound` console script and of `python -m bot`.

    A problem at start is one line on stderr (a JSON object with `--log-format json`) and
    an exit code that says what kind of problem it is: see `exit_code`.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    fmt = "human"
    try:
        # The terminal chat is the user's own; the bot commands read a .env file too.
        environ = dict(os.environ) if args.command == "chat" else with_dotenv(os.environ)
        fmt = _log_format(args, environ)
        _configure_logging(args, environ, fmt=fmt)
        return _RUNNERS[args.command](args, environ)
    except ReboundError as problem:
        code = exit_code(problem)
        logs.print_fatal(str(problem), fmt=fmt, exit_code=code)
        return code
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); stop quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception:
        log.critical("stopped by an unexpected error; please report it", exc_info=True)
        return 1


def exit_code(problem: ReboundError) -> int:
    """2 for a setting to fix (and anything unclassified), 3 for refused credentials, 4 for
    a port in use, 5 for a database that can't be opened or written (README: Deploy)."""
    if isinstance(problem, FatalStartup):
        return problem.exit_code
    if isinstance(problem, StorageUnavailable):
        return DatabaseUnavailable.exit_code
    return 2


def _log_format(args: argparse.Namespace, environ: Mapping[str, str]) -> str:
    """--log-format, else REBOUND_LOG_FORMAT, else human."""
    if args.log_format:
        return logs.check_format(args.log_format, source="--log-format")
    return logs.check_format(environ.get("REBOUND_LOG_FORMAT") or "human",
                             source="REBOUND_LOG_FORMAT")


def _configure_logging(args: argparse.Namespace, environ: Mapping[str, str], *,
                       fmt: str) -> None:
    """The level: flags first, then REBOUND_LOG_LEVEL, then the defaults."""
    if args.verbose:
        level = "DEBUG"
    elif args.log_level:
        level = logs.check_level(args.log_level, source="--log-level")
    elif environ.get("REBOUND_LOG_LEVEL"):
        level = logs.check_level(environ["REBOUND_LOG_LEVEL"], source="REBOUND_LOG_LEVEL")
    else:
        level = "WARNING" if args.command == "chat" else "INFO"
    logs.configure(level=level, fmt=fmt)


def _run_chat(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")  # a stray byte must not end the chat
    settings = chat_settings(db=args.db, tz=args.tz, simulate=args.simulate, environ=environ)
    return asyncio.run(run_chat(settings, stdin=sys.stdin, stdout=sys.stdout,
                                interactive=sys.stdin.isatty() and sys.stdout.isatty()))


def _run_slack(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    settings = load_settings(environ, db=args.db, slack_http=args.http, host=args.host,
                             port=args.port, health_port=args.health_port,
                             health_host=args.health_host, only="slack")
    asyncio.run(run.serve(settings, rates=run.send_rates(environ)))
    return 0


def _run_discord(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    if args.invite_url:
        discord_app.print_invite_links(environ=environ)
        return 0
    settings = load_settings(environ, db=args.db, health_port=args.health_port,
                             health_host=args.health_host, only="discord")
    asyncio.run(run.serve(settings, rates=run.send_rates(environ)))
    return 0


def _run_all(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    return run.main(args, environ=environ)


_RUNNERS: dict[str, Callable[[argparse.Namespace, Mapping[str, str]], int]] = {
    "chat": _run_chat,
    "slack": _run_slack,
    "discord": _run_discord,
    "run": _run_all,
    "doctor": lambda args, environ: doctor.main(args, environ=environ),
    "backup": lambda args, environ: backup.main(args, environ=environ),
}


async def run_chat(settings: ChatSettings, *, stdin: TextIO, stdout: TextIO,
                   interactive: bool) -> int:
    """Open the database, build the core around the terminal, and chat until the input ends."""
    key = UserKey(CONSOLE_PLATFORM, CONSOLE_WORKSPACE, settings.user_id)
    clock: Clock = FakeClock(settings.simulate_from) if settings.simulate_from else SystemClock()
    async with await open_store(settings.db_path) as store:
        screen = Screen(stdout, interactive=interactive)
        user = await console_user(store, key, clock=clock, timezone=settings.timezone)
        core = bootstrap(store=store, clock=clock, messengers=[ConsoleMessenger(screen.show_nudge)],
                         policy=SchedulerPolicy(late_waits_for_quiet_hours=False),
                         only_user=user.id)
        user = await core.coach.prepare_user(key, timezone=settings.timezone,
                                             set_timezone=settings.timezone_explicit)
        simulation = (Simulation(clock, core.scheduler, ZoneInfo(user.preferences.timezone))
                      if isinstance(clock, FakeClock) else None)
        chat = ConsoleChat(core.coach, user=key, stdin=stdin, screen=screen,
                           interactive=interactive, timezone_hint=settings.timezone,
                           history_file=settings.history_file, scheduler=core.scheduler,
                           simulation=simulation)
        await core.coach.replan(key)
        freeze_startup_heap()  # start-up's objects stay out of every later GC pass
        return await chat.run()
