"""`rebound run`: every configured chat platform in one process, over one database and one
nudge scheduler, until SIGTERM or Ctrl-C; then a clean stop within 10 seconds. A second
SIGTERM or Ctrl-C ends it at once."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
from collections.abc import Mapping

from prometheus_client import CollectorRegistry

from adapters.discord.app import DiscordApp
from bot.errors import UserError
from bot.nudges.heap import freeze_startup_heap
from bot.nudges.scheduler import SchedulerPolicy
from rebound.bootstrap import open_store
from rebound.config import Settings, load_settings
from rebound.discord_app import DiscordPlatform
from rebound.health import HealthServer
from rebound.metrics import PrometheusObserver
from rebound.platform import PlatformApp
from rebound.service import Service
from rebound.settings import add_db_option
from rebound.slack_app import SlackPlatform, build_slack_app

log = logging.getLogger(__name__)

SEND_RATES = {"slack": 3.0, "discord": 5.0}
"""Nudges per second per platform, under each platform's documented limits (Slack: about one
message per second per channel with bursts; Discord: 50 requests per second per bot, DMs
opened sparingly). `SLACK_SEND_RATE` and `DISCORD_SEND_RATE` override them."""

NOT_CONFIGURED = (
    "no chat platform is configured: set SLACK_BOT_TOKEN (with SLACK_APP_TOKEN, or "
    "SLACK_SIGNING_SECRET for HTTP; or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for installs) "
    "and/or DISCORD_TOKEN, in the environment or a .env file. "
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
    parser.add_argument("--slack-host", "--host", dest="host", default="0.0.0.0",
                        metavar="ADDRESS", help="address Slack's HTTP listener binds with "
                        "--slack-http (default: all)")
    add_health_option(parser)


def add_health_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--health-port", type=int, default=None, metavar="N",
                        help="serve /healthz, /readyz and /metrics on this port "
                        "(default: $REBOUND_HEALTH_PORT, else off)")
    parser.add_argument("--health-host", default=None, metavar="ADDRESS",
                        help="address the health endpoint binds (default: "
                        "$REBOUND_HEALTH_HOST, else 127.0.0.1; 0.0.0.0 for probes from "
                        "outside, as Kubernetes sends them)")


def main(args: argparse.Namespace, *, environ: Mapping[str, str]) -> int:
    """Run `rebound run` until stopped; a problem at start raises (the CLI turns it into one
    line and an exit code)."""
    settings = load_settings(environ, db=args.db, slack_http=args.slack_http, host=args.host,
                             port=args.slack_port, health_port=args.health_port,
                             health_host=args.health_host)
    if not settings.platforms:
        raise UserError(NOT_CONFIGURED)
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
    SIGTERM or SIGINT). Raises FatalStartup for a start-up problem retrying can't fix."""
    stop = stop or stop_on_signals()
    apps: list[PlatformApp] = []
    if settings.slack is not None:
        apps.append(SlackPlatform(build_slack_app(settings.slack), settings.slack))
    if settings.discord is not None:
        apps.append(DiscordPlatform(DiscordApp(
            settings.discord.token, sync_guild=settings.discord.guild_id,
            shards=settings.discord.shards, api_url=settings.discord.api_url,
            gateway_url=settings.discord.gateway_url)))
    registry = CollectorRegistry()
    async with await open_store(settings.db_path) as store:
        service = Service(store, apps, policy=SchedulerPolicy(rates=dict(rates or SEND_RATES)),
                          default_timezone=settings.default_timezone,
                          observer=PrometheusObserver(registry))
        servers = []
        if settings.health_port is not None:
            health = HealthServer(service, port=settings.health_port,
                                  host=settings.health_host, registry=registry)
            servers.append(await listening(health))
        freeze_startup_heap()  # start-up's objects stay out of every later GC pass
        await service.run(stop=stop, servers=servers)


async def listening(health: HealthServer) -> asyncio.Task[None]:
    """Start the health server; return once it listens (PortInUse if it can't)."""
    serving = asyncio.create_task(health.serve(), name="health")
    bound = asyncio.ensure_future(health.ready.wait())
    await asyncio.wait({serving, bound}, return_when=asyncio.FIRST_COMPLETED)
    bound.cancel()
    if serving.done():
        serving.result()  # raises why it stopped
    return serving


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGTERM (service managers, `docker stop`) or SIGINT (Ctrl-C); a second
    one ends the process at once (exit code 128 + the signal's number)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def received(number: int) -> None:
        if not stop.is_set():
            stop.set()
            return
        log.warning("a second %s: exiting now, without finishing the work in flight",
                    signal.Signals(number).name)
        logging.shutdown()
        os._exit(128 + number)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, received, int(sig))
    return stop
