"""`rebound slack`: the coach as a Slack app, in Socket Mode or over HTTP.

Credentials come from the environment and are checked before anything starts, so a missing or
mistyped token gets one clear line naming the variable and where to find its value.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from adapters.slack.app import SlackApp
from adapters.slack.transport import HttpServer, SocketMode, Transport
from adapters.slack.workspaces import SLACK_API_URL, Workspaces, error_code
from bot.clock import Clock
from bot.errors import UserError

log = logging.getLogger(__name__)

WHERE = {
    "SLACK_BOT_TOKEN": "api.slack.com/apps > your app > OAuth & Permissions > Bot User OAuth "
                       "Token (it starts with xoxb-)",
    "SLACK_APP_TOKEN": "api.slack.com/apps > your app > Basic Information > App-Level Tokens; "
                       "generate one with the connections:write scope (it starts with xapp-)",
    "SLACK_SIGNING_SECRET": "api.slack.com/apps > your app > Basic Information > App "
                            "Credentials > Signing Secret",
}
PREFIXES = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}


@dataclass(frozen=True)
class SlackSettings:
    """What `rebound slack` needs, read once from the environment."""

    bot_tokens: tuple[str, ...]
    app_token: str | None
    signing_secret: str | None
    api_url: str
    http: bool
    host: str
    port: int


def slack_settings(environ: Mapping[str, str], *, http: bool, host: str = "0.0.0.0",
                   port: int = 3000) -> SlackSettings:
    """Read and check the Slack variables; UserError names the first one missing or wrong."""
    tokens = tuple(t.strip() for t in _required(environ, "SLACK_BOT_TOKEN").split(",")
                   if t.strip())
    for token in tokens:
        _check_prefix("SLACK_BOT_TOKEN", token)
    app_token = signing_secret = None
    if http:
        signing_secret = _required(environ, "SLACK_SIGNING_SECRET")
    else:
        app_token = _required(environ, "SLACK_APP_TOKEN", hint=" (or run with --http to "
                              "receive requests over HTTP instead of Socket Mode)")
        _check_prefix("SLACK_APP_TOKEN", app_token)
    api_url = environ.get("SLACK_API_URL", "").strip() or SLACK_API_URL
    if not api_url.startswith(("https://", "http://")):
        raise UserError(f"SLACK_API_URL must be an http(s) URL, like {SLACK_API_URL}")
    return SlackSettings(bot_tokens=tokens, app_token=app_token, signing_secret=signing_secret,
                         api_url=api_url, http=http, host=host, port=port)


def _required(environ: Mapping[str, str], name: str, *, hint: str = "") -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise UserError(f"{name} is not set{hint}. Find it at {WHERE[name]}, then set it in "
                        "the environment or in a .env file.")
    return value


def _check_prefix(name: str, value: str) -> None:
    prefix = PREFIXES[name]
    if not value.startswith(prefix):
        raise UserError(f"{name} doesn't look right: it should start with {prefix}. Find it "
                        f"at {WHERE[name]}.")


def build_slack_app(settings: SlackSettings, *, inbox_clock: Clock | None = None,
                    durable: bool = True) -> SlackApp:
    """The Slack app with its transport, not yet connected (`inbox_clock`, `durable`: see
    SlackApp)."""
    workspaces = Workspaces(api_url=settings.api_url)
    transport: Transport
    if settings.http:
        assert settings.signing_secret is not None
        transport = HttpServer(signing_secret=settings.signing_secret, host=settings.host,
                               port=settings.port)
    else:
        assert settings.app_token is not None
        transport = SocketMode(settings.app_token, workspaces)
    return SlackApp(workspaces, transport, inbox_clock=inbox_clock, durable=durable)


async def connect_slack(app: SlackApp, settings: SlackSettings) -> None:
    """Check the bot tokens with Slack; a refused one stops start-up with a clear line."""
    try:
        try:
            await app.connect(list(settings.bot_tokens))
        except SlackApiError as exc:
            raise _refused("SLACK_BOT_TOKEN", exc) from exc
        if isinstance(app.transport, SocketMode):
            try:
                await app.transport.check()
            except SlackApiError as exc:
                raise _refused("SLACK_APP_TOKEN", exc) from exc
    except OSError as exc:
        raise UserError(f"can't reach Slack at {settings.api_url} ({exc}). Check the network "
                        "connection (and SLACK_API_URL, if you set it).") from exc


def _refused(name: str, exc: SlackApiError) -> UserError:
    return UserError(f"Slack refused {name} ({error_code(exc) or 'error'}). Copy it again from "
                     f"{WHERE[name]}.")
