"""`rebound run`: every configured chat platform in one process, over one database and one
nudge scheduler, until SIGTERM or Ctrl-C; then a clean stop within 10 seconds."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Mapping
from typing import TextIO

from prometheus_client import CollectorRegistry

from adapters.discord.app import DiscordApp
from bot.errors import UserError
from bot.nudges.scheduler import SchedulerPolicy
from rebound.config import Settings, load_settings
from rebound.health import HealthServer
from rebound.metrics import PrometheusObserver
from rebound.service import PlatformApp, Service, open_store
from rebound.settings import add_db_option
from rebound.slack_app import build_slack_app, connect_slack

SEND_RATES = {"slack": 3.0, "discord": 5.0}
"""Nudges per second per platform, under each platform's documented limits (Slack: about one
message per second per channel with bursts; Discord: 50 requests per second per bot, DMs
opened sparingly). `SLACK_SEND_RATE` and `DISCORD_SEND_RATE` override them."""

NOT_CONFIGURED = (
    "no chat platform is configured: set SLACK_BOT_TOKEN (with SLACK_APP_TOKEN, or "
    "SLACK_SIGNING_SECRET for HTTP) and/or DISCORD_TOKEN, in the environment or a .env file. "
    "README's 'Run it on Slack' and 'Run it on Discord' show where to get them; to try "
    "Rebound without either, run: rebound chat")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `run` subcommand."""
    parser = commands.add_parser(
        "run", help="run every configured chat app (Slack, Discord) with the reminders",
        description="Run every chat platform whose credentials are set (see deploy/.env."
        "example), over one database and one reminder scheduler. SIGTERM or Ctrl-C stops "
        "it cleanly.")
    add_db_option(parser)
    parser.add_argument("--slack-http", action="store_true",
                        help="receive Slack over HTTP at /slack/events instead of Socket Mode")
    parser.add_argument("--slack-port", type=int, default=None, metavar="N",
                        help="HTTP port for Slack with --slack-http (default: 3000)")
    parser.add_argument("--host", default="0.0.0.0", metavar="ADDRESS",
                        help="address the HTTP servers listen on (default: all)")
    add_health_option(parser)


def add_health_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--health-port", type=int, default=None, metavar="N",
                        help="serve /healthz, /readyz and /metrics on this port "
                        "(default: $REBOUND_HEALTH_PORT, else off)")


def main(args: argparse.Namespace, *, environ: Mapping[str, str],
         stderr: TextIO | None = None) -> int:
    """Run `rebound run`; a setup problem is one line on stderr and exit code 2."""
    settings = load_settings(environ, db=args.db, slack_http=args.slack_http, host=args.host,
                             port=args.slack_port, health_port=args.health_port)
    if not settings.platforms:
        print(f"rebound run: {NOT_CONFIGURED}", file=stderr or sys.stderr)
        return 2
    asyncio.run(serve(settings, rates=send_rates(environ)))
    return 0


def send_rates(environ: Mapping[str, str]) -> dict[str, float]:
    """The per-platform nudge rates, with any override from the environment."""
    rates = dict(SEND_RATES)
    for platform in rates:
        name = f"{platform.upper()}_SEND_RATE"
        raw = environ.get(name, "").strip()
        if raw:
            try:
                rates[platform] = float(raw)
            except ValueError:
                rates[platform] = -1.0
            if not 0 < rates[platform] <= 1000:
                raise UserError(f"{name} must be a number of messages per second, like 3, "
                                f"not {raw!r}.")
    return rates


async def serve(settings: Settings, *, rates: Mapping[str, float] | None = None,
                stop: asyncio.Event | None = None) -> None:
    """Open the database and serve every configured platform until `stop` (by default,
    SIGTERM or SIGINT)."""
    apps: list[PlatformApp] = []
    slack = build_slack_app(settings.slack) if settings.slack is not None else None
    if slack is not None:
        apps.append(slack)
    if settings.discord is not None:
        apps.append(DiscordApp(settings.discord.token, sync_guild=settings.discord.guild_id,
                               api_url=settings.discord.api_url,
                               gateway_url=settings.discord.gateway_url))
    registry = CollectorRegistry()
    async with await open_store(settings.db_path) as store:
        service = Service(store, apps, policy=SchedulerPolicy(rates=dict(rates or SEND_RATES)),
                          default_timezone=settings.default_timezone,
                          observer=PrometheusObserver(registry))
        if slack is not None and settings.slack is not None:
            await connect_slack(slack, settings.slack)
        extra = []
        if settings.health_port is not None:
            health = HealthServer(service, port=settings.health_port, host=settings.host,
                                  registry=registry)
            extra.append(health.serve())
        await service.run(stop=stop or stop_on_signals(), extra=extra)


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGTERM (service managers, `docker stop`) or SIGINT (Ctrl-C)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
