"""`rebound discord`: settings from the environment, the install link, and the Discord app
as the service supervises it.

The only place that reads `DISCORD_TOKEN`, `DISCORD_GUILD_ID`, `DISCORD_APPLICATION_ID`,
`REBOUND_DISCORD_SHARDS` (which gateway shards this process runs, when a very large bot is split
over several) and, for a Discord-compatible test double or proxy, `DISCORD_API_URL` and
`DISCORD_GATEWAY_URL` (`rebound doctor` reads `DISCORD_API_URL` too); the token is never
printed or logged.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO
from urllib.parse import urlencode

import discord

from adapters.discord.app import DiscordApp
from adapters.discord.shards import ShardPlan, parse_shards
from bot.coach import Coach
from bot.errors import CredentialsRefused, FatalStartup, ReboundError
from bot.models import UserKey
from bot.nudges.model import Messenger
from rebound.settings import add_db_option
from rebound.supervise import Unavailable

PORTAL = "https://discord.com/developers/applications"
AUTHORIZE = "https://discord.com/oauth2/authorize"
# The bot only answers interactions and sends DMs, neither of which needs a server permission.
PERMISSIONS = 0
GUILD_INSTALL = 0
USER_INSTALL = 1


@dataclass(frozen=True)
class DiscordSettings:
    """What the Discord app needs to run."""

    token: str
    guild_id: int | None
    api_url: str | None = None
    gateway_url: str | None = None
    shards: ShardPlan | None = None
    """None: this process runs every shard Discord recommends."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `discord` subcommand."""
    parser = commands.add_parser(
        "discord", help="run the coach as a Discord bot",
        description="Run the coach on Discord: /coach slash commands, a DM chat and DM "
        "reminders. Needs DISCORD_TOKEN (Developer Portal -> your application -> Bot -> "
        "Reset Token). DISCORD_GUILD_ID syncs the commands to one server at once, for "
        "development.")
    add_db_option(parser)
    parser.add_argument("--invite-url", action="store_true",
                        help="print the links that install the app, then exit")


def print_invite_links(*, environ: Mapping[str, str], stdout: TextIO = sys.stdout) -> None:
    """`rebound discord --invite-url`: the links that install the app."""
    for line in invite_lines(application_id(environ)):
        print(line, file=stdout)


def _token(environ: Mapping[str, str]) -> str:
    token = environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        raise ReboundError(
            f"DISCORD_TOKEN is not set. Get your bot's token at {PORTAL} -> your application "
            "-> Bot -> Reset Token, then run: DISCORD_TOKEN=<token> rebound discord")
    if token.count(".") != 2 or any(not part for part in token.split(".")) \
            or any(ch.isspace() for ch in token):
        raise ReboundError(
            "DISCORD_TOKEN doesn't look like a bot token (three parts separated by dots). "
            f"Copy it again from {PORTAL} -> your application -> Bot -> Reset Token.")
    return token


def discord_settings(*, environ: Mapping[str, str]) -> DiscordSettings:
    """Read the settings once; say exactly what is missing or wrong."""
    token = _token(environ)
    raw_guild = environ.get("DISCORD_GUILD_ID", "").strip()
    if raw_guild and not raw_guild.isdigit():
        raise ReboundError(f"DISCORD_GUILD_ID must be a server id (digits only), not "
                           f"{raw_guild!r}. In Discord, turn on Developer Mode, right-click "
                           "the server and choose Copy Server ID.")
    raw_shards = environ.get("REBOUND_DISCORD_SHARDS", "").strip()
    try:
        shards = parse_shards(raw_shards) if raw_shards else None
    except ReboundError as exc:
        raise ReboundError(f"REBOUND_DISCORD_SHARDS: {exc}") from exc
    return DiscordSettings(token=token, guild_id=int(raw_guild) if raw_guild else None,
                           api_url=_url(environ, "DISCORD_API_URL", "an http(s)",
                                        example="https://discord.com/api/v10"),
                           gateway_url=_url(environ, "DISCORD_GATEWAY_URL", "a ws(s)",
                                            example="wss://gateway.discord.gg/"),
                           shards=shards)


def _url(environ: Mapping[str, str], name: str, kind: str, *, example: str) -> str | None:
    """An optional URL whose scheme is `example`'s, with or without its final `s`."""
    raw = environ.get(name, "").strip()
    secure = example.split("://", 1)[0]
    if raw and (not raw.startswith((f"{secure}://", f"{secure[:-1]}://"))
                or any(ch.isspace() for ch in raw)):
        raise ReboundError(f"{name} must be {kind} URL like {example} (leave it unset to use "
                           "Discord's own).")
    return raw or None


def application_id(environ: Mapping[str, str]) -> int:
    """`DISCORD_APPLICATION_ID`, else the bot's user id read from the token's first part
    (base64), which is the application id for every bot created since 2019."""
    raw = environ.get("DISCORD_APPLICATION_ID", "").strip()
    if raw:
        if not raw.isdigit():
            raise ReboundError("DISCORD_APPLICATION_ID must be digits: copy the Application "
                               f"ID from {PORTAL} -> your application -> General Information.")
        return int(raw)
    if not environ.get("DISCORD_TOKEN", "").strip():
        raise ReboundError(
            "set DISCORD_APPLICATION_ID (the Application ID on "
            f"{PORTAL} -> your application -> General Information) or DISCORD_TOKEN.")
    first = _token(environ).split(".", 1)[0]
    try:
        decoded = base64.b64decode(first + "=" * (-len(first) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    if not decoded.isdigit():
        raise ReboundError("DISCORD_TOKEN doesn't look like a bot token (its first part "
                           "should name the bot). Set DISCORD_APPLICATION_ID instead.")
    return int(decoded)


def invite_urls(app_id: int) -> dict[str, str]:
    """Install links: to a server (bot + commands), and to a user's own account (commands)."""
    server = urlencode({"client_id": app_id, "scope": "bot applications.commands",
                        "permissions": PERMISSIONS, "integration_type": GUILD_INSTALL})
    user = urlencode({"client_id": app_id, "scope": "applications.commands",
                      "integration_type": USER_INSTALL})
    return {"server": f"{AUTHORIZE}?{server}", "user": f"{AUTHORIZE}?{user}"}


def invite_lines(app_id: int) -> list[str]:
    urls = invite_urls(app_id)
    return [
        "Add Rebound to a server (it answers /coach privately, and can DM members):",
        f"  {urls['server']}",
        "Or add it to your own account, to use /coach anywhere, DMs included:",
        f"  {urls['user']}",
    ]


class DiscordPlatform:
    """Discord as `rebound run` supervises it: the app, with Discord's refusals turned into
    `FatalStartup` (a refused token, a server the bot isn't in) and its outages into
    `Unavailable`, to be retried. discord.py reconnects a dropped gateway by itself."""

    def __init__(self, app: DiscordApp) -> None:
        self.app = app

    @property
    def platform(self) -> str:
        return self.app.platform

    def bind(self, coach: Coach) -> Messenger:
        return self.app.bind(coach)

    async def run(self) -> None:
        try:
            await self.app.run()
        except discord.LoginFailure as exc:
            raise CredentialsRefused(f"Discord refused DISCORD_TOKEN. {_RESET}") from exc
        except discord.PrivilegedIntentsRequired as exc:
            raise FatalStartup("Discord says this bot asks for an intent it isn't allowed; "
                               "upgrade Rebound or report it.") from exc
        except discord.ConnectionClosed as exc:
            if exc.code == 4004:
                raise CredentialsRefused(f"Discord refused DISCORD_TOKEN. {_RESET}") from exc
            if exc.code in _FATAL_CLOSE_CODES:
                raise FatalStartup(f"Discord closed the connection for good (code {exc.code})"
                                   "; upgrade Rebound or report it.") from exc
            raise Unavailable(f"Discord closed the connection (code {exc.code})") from exc
        except discord.Forbidden as exc:
            raise FatalStartup("Discord refused to sync /coach to DISCORD_GUILD_ID: the bot "
                               "isn't in that server. Install it there (rebound discord "
                               "--invite-url) or unset DISCORD_GUILD_ID.") from exc
        except discord.HTTPException as exc:
            if exc.status == 401:
                raise CredentialsRefused(f"Discord refused DISCORD_TOKEN. {_RESET}") from exc
            raise Unavailable(f"Discord answered HTTP {exc.status}") from exc
        except discord.GatewayNotFound as exc:
            raise Unavailable("Discord's gateway can't be found just now") from exc

    async def shutdown(self, *, deadline: float) -> None:
        await self.app.shutdown(deadline=deadline)

    def user_changed(self, user: UserKey) -> None:
        self.app.user_changed(user)

    @property
    def ready(self) -> bool:
        return self.app.ready


_RESET = f"Copy a fresh one from {PORTAL} -> your application -> Bot -> Reset Token."
_FATAL_CLOSE_CODES = {4010, 4011, 4012, 4013, 4014}
"""Gateway close codes no reconnect fixes (sharding, API version, intents)."""
