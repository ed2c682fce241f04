"""`rebound doctor`: check a setup (the database, each platform's credentials) and say what
is fine and what to fix, one line per check.

It reads the same variables as `rebound slack` and `rebound discord`, never creates or migrates
the database, and never prints a token.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.workspaces import SLACK_API_URL, error_code
from bot import __version__
from rebound.discord_app import PORTAL
from rebound.doctor_db import check_database
from rebound.doctor_oauth import check_slack_oauth, oauth_configured
from rebound.doctor_pg import check_postgres
from rebound.findings import Finding, Status
from rebound.settings import add_db_option, database_path
from rebound.slack_app import PREFIXES, WHERE

DISCORD_API_URL = "https://discord.com/api/v10"
TIMEOUT = 10.0
"""Seconds to wait for each platform's answer: a dead network is a FAIL line, not a hang."""

__all__ = ["Finding", "Status", "add_parser", "main", "run_doctor"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `doctor` subcommand."""
    parser = commands.add_parser(
        "doctor", help="check the database and the platform credentials, and say what to fix",
        description="Check a setup without changing it: the database (reachable, writable, "
        "migrations current) and the credentials of each configured platform (Slack if "
        "SLACK_BOT_TOKEN is set, Discord if DISCORD_TOKEN is set), checked against their "
        "APIs. Variables are read from the environment and from a .env file in the current "
        "folder. Exits 1 if anything needs fixing.")
    add_db_option(parser, doing="check")


def main(args: argparse.Namespace, *, environ: Mapping[str, str],
         stdout: TextIO = sys.stdout) -> int:
    """Run `rebound doctor`: 0 if nothing needs fixing (warnings allowed), else 1."""
    try:
        return asyncio.run(run_doctor(db=args.db, environ=environ, out=stdout))
    except KeyboardInterrupt:
        return 130


async def run_doctor(*, db: str | None, environ: Mapping[str, str], out: TextIO,
                     answer_within: float = TIMEOUT) -> int:
    """Check everything, print one line per finding and a summary; 1 if anything FAILed."""
    target = database_path(db, environ)
    if isinstance(target, str):
        findings = await check_postgres(target)
    else:
        findings = await asyncio.to_thread(check_database, target)
    _print(findings, out)
    platforms = await check_platforms(environ, answer_within=answer_within)
    _print(platforms, out)
    findings += platforms
    print(summary(findings), file=out)
    return 1 if any(f.status is Status.FAIL for f in findings) else 0


def _print(findings: Sequence[Finding], out: TextIO) -> None:
    for finding in findings:
        print(finding.line(), file=out, flush=True)


def summary(findings: Sequence[Finding]) -> str:
    """The last line: how many problems, warnings and good checks."""
    count = {status: sum(f.status is status for f in findings) for status in Status}
    warnings = f"{count[Status.WARN]} warning{'' if count[Status.WARN] == 1 else 's'}"
    if count[Status.FAIL]:
        problems = f"{count[Status.FAIL]} problem{'' if count[Status.FAIL] == 1 else 's'}"
        return f"{problems} to fix (the FAIL lines above), {warnings}, {count[Status.OK]} ok."
    return f"No problems found: {count[Status.OK]} ok, {warnings}."


async def check_platforms(environ: Mapping[str, str], *, answer_within: float) -> list[Finding]:
    """Check each configured platform's credentials; say so if none is configured."""
    slack = _value(environ, "SLACK_BOT_TOKEN") or _value(environ, "SLACK_APP_TOKEN") or \
        oauth_configured(environ)
    discord = _value(environ, "DISCORD_TOKEN")
    if not slack and not discord:
        return [Finding(Status.WARN, "platform",
                        "no chat platform configured (SLACK_BOT_TOKEN and DISCORD_TOKEN are "
                        "not set): `rebound chat` works without one; to run on Slack or "
                        "Discord, see README.md's \"Run it on Slack\" and \"Run it on "
                        "Discord\".")]
    checks = ([check_slack(environ, answer_within=answer_within)] if slack else []) + \
        ([check_discord(environ, answer_within=answer_within)] if discord else [])
    return [finding for group in await asyncio.gather(*checks) for finding in group]


def _value(environ: Mapping[str, str], name: str) -> str:
    return environ.get(name, "").strip()


# ---------------------------------------------------------------------------------- Slack


async def check_slack(environ: Mapping[str, str], *, answer_within: float) -> list[Finding]:
    """Each bot token with `auth.test`; the app token (Socket Mode) with
    `apps.connections.open`, which only hands out a URL and opens no connection."""
    api_url = _value(environ, "SLACK_API_URL") or SLACK_API_URL
    if not api_url.startswith(("https://", "http://")):
        return [_fail("slack", f"SLACK_API_URL must be an http(s) URL, like {SLACK_API_URL}.")]
    tokens = [t.strip() for t in _value(environ, "SLACK_BOT_TOKEN").split(",") if t.strip()]
    if oauth_configured(environ):
        oauth = check_slack_oauth(environ, api_url=api_url, answer_within=answer_within)
        return list(await asyncio.gather(oauth, *(
            _slack_bot_token(token, label=_label(i, len(tokens)), api_url=api_url,
                             answer_within=answer_within)
            for i, token in enumerate(tokens, 1))))
    if not tokens:
        return [_fail("slack", f"SLACK_BOT_TOKEN is not set (SLACK_APP_TOKEN is). Find it at "
                      f"{WHERE['SLACK_BOT_TOKEN']}.")]
    checks = [_slack_bot_token(token, label=_label(i, len(tokens)), api_url=api_url,
                               answer_within=answer_within) for i, token in enumerate(tokens, 1)]
    checks.append(_slack_mode(environ, api_url=api_url, answer_within=answer_within))
    return list(await asyncio.gather(*checks))


def _label(number: int, total: int) -> str:
    return "SLACK_BOT_TOKEN" if total == 1 else f"SLACK_BOT_TOKEN (token {number} of {total})"


async def _slack_bot_token(token: str, *, label: str, api_url: str,
                           answer_within: float) -> Finding:
    name = "SLACK_BOT_TOKEN"
    if not token.startswith(PREFIXES[name]):
        return _fail("slack", f"{label} doesn't look right: it should start with "
                     f"{PREFIXES[name]}. Find it at {WHERE[name]}.")
    client = AsyncWebClient(token=token, base_url=api_url, timeout=int(answer_within) or 1)
    try:
        async with asyncio.timeout(answer_within):
            answer = await client.auth_test()
    except SlackApiError as exc:
        return _slack_refused(label, name, exc, api_url=api_url)
    except (OSError, aiohttp.ClientError, SlackClientError) as exc:
        return _unreachable("slack", api_url, exc, seconds=answer_within)
    return Finding(Status.OK, "slack", f"{label} works: bot @{answer.get('user')} in "
                   f"{answer.get('team')} ({answer.get('team_id')})")


async def _slack_mode(environ: Mapping[str, str], *, api_url: str, answer_within: float) -> Finding:
    """Socket Mode if SLACK_APP_TOKEN is set (checked); else HTTP mode needs the secret."""
    name = "SLACK_APP_TOKEN"
    token = _value(environ, name)
    if not token:
        if _value(environ, "SLACK_SIGNING_SECRET"):
            return Finding(Status.OK, "slack", "SLACK_SIGNING_SECRET is set, for `rebound "
                           "slack --http` (Slack checks it with its first request)")
        return _fail("slack", "SLACK_APP_TOKEN is not set, so `rebound slack` can't connect "
                     f"in Socket Mode. Find it at {WHERE[name]}. To receive requests over HTTP "
                     "instead (--http), set SLACK_SIGNING_SECRET.")
    if not token.startswith(PREFIXES[name]):
        return _fail("slack", f"{name} doesn't look right: it should start with "
                     f"{PREFIXES[name]}. Find it at {WHERE[name]}.")
    client = AsyncWebClient(base_url=api_url, timeout=int(answer_within) or 1)
    try:
        async with asyncio.timeout(answer_within):
            await client.apps_connections_open(app_token=token)
    except SlackApiError as exc:
        return _slack_refused(name, name, exc, api_url=api_url)
    except (OSError, aiohttp.ClientError, SlackClientError) as exc:
        return _unreachable("slack", api_url, exc, seconds=answer_within)
    return Finding(Status.OK, "slack", f"{name} works: Slack offers a Socket Mode connection")


def _slack_refused(label: str, name: str, exc: SlackApiError, *, api_url: str) -> Finding:
    response: Any = exc.response
    code = error_code(exc)
    if code:
        return _fail("slack", f"{label} refused by Slack ({code}): copy it again from "
                     f"{WHERE[name]}.")
    status = getattr(response, "status_code", None) or getattr(response, "status", "?")
    return _fail("slack", f"unexpected answer from Slack at {api_url} (HTTP {status}). Check "
                 "SLACK_API_URL, if you set it.")


# ---------------------------------------------------------------------------------- Discord


async def check_discord(environ: Mapping[str, str], *, answer_within: float) -> list[Finding]:
    """DISCORD_TOKEN with `GET /users/@me`, and DISCORD_GUILD_ID's form if it is set."""
    api_url = _value(environ, "DISCORD_API_URL") or DISCORD_API_URL
    if not api_url.startswith(("https://", "http://")):
        return [_fail("discord", f"DISCORD_API_URL must be an http(s) URL, like "
                      f"{DISCORD_API_URL}.")]
    findings = [await _discord_token(_value(environ, "DISCORD_TOKEN"), api_url=api_url,
                                     answer_within=answer_within)]
    guild = _value(environ, "DISCORD_GUILD_ID")
    if guild and not guild.isdigit():
        findings.append(_fail("discord", "DISCORD_GUILD_ID must be a server id (digits only). "
                              "In Discord, turn on Developer Mode, right-click the server and "
                              "choose Copy Server ID."))
    return findings


async def _discord_token(token: str, *, api_url: str, answer_within: float) -> Finding:
    headers = {"Authorization": f"Bot {token}",
               "User-Agent": f"DiscordBot (rebound, {__version__})"}
    url = f"{api_url.rstrip('/')}/users/@me"
    limit = aiohttp.ClientTimeout(total=answer_within)
    try:
        async with asyncio.timeout(answer_within), aiohttp.ClientSession(timeout=limit) as http, \
                http.get(url, headers=headers) as response:
            status = response.status
            data = await response.json(content_type=None) if status == 200 else None
    except (OSError, aiohttp.ClientError) as exc:
        return _unreachable("discord", api_url, exc, seconds=answer_within)
    except ValueError:
        data = None
    if status == 401:
        return _fail("discord", f"DISCORD_TOKEN refused by Discord (401 Unauthorized): get a "
                     f"new one at {PORTAL} -> your application -> Bot -> Reset Token.")
    if status != 200 or not isinstance(data, dict):
        return _fail("discord", f"unexpected answer from Discord at {api_url} (HTTP {status}). "
                     "Check DISCORD_API_URL, if you set it.")
    return Finding(Status.OK, "discord", f"DISCORD_TOKEN works: bot {data.get('username')} "
                   f"(id {data.get('id')})")


# ---------------------------------------------------------------------------------- shared


def _fail(area: str, message: str) -> Finding:
    return Finding(Status.FAIL, area, message)


def _unreachable(area: str, api_url: str, exc: BaseException, *, seconds: float) -> Finding:
    reason = (f"no answer within {seconds:g} s" if isinstance(exc, TimeoutError)
              else str(exc) or type(exc).__name__)
    return _fail(area, f"can't reach {area.title()} at {api_url} ({reason}). Check the network "
                 f"connection (and {area.upper()}_API_URL, if you set it).")
