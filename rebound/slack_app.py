"""`rebound slack`: the coach as a Slack app, in Socket Mode or over HTTP.

Credentials come from the environment and are checked before anything starts, so a missing or
mistyped token gets one clear line naming the variable and where to find its value. Slack
itself checks them when the app starts: a token it refuses ends start-up (`CredentialsRefused`),
while a network error or a Slack outage is retried by the service's supervisor.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk.errors import SlackApiError

from adapters.slack.app import SlackApp
from adapters.slack.departures import DEFAULT_GRACE
from adapters.slack.messenger import SLACK_PLATFORM
from adapters.slack.oauth import DEFAULT_SCOPES, Installer, OAuthConfig
from adapters.slack.tokens import ROTATE_BEFORE_MINUTES
from adapters.slack.transport import HttpServer, SocketMode, Transport
from adapters.slack.workspaces import SLACK_API_URL, Workspaces, error_code
from bot.clock import Clock
from bot.coach import Coach
from bot.errors import CredentialsRefused, PortInUse, UserError
from bot.models import UserKey
from bot.nudges.model import Delivery, Messenger, OutgoingNudge
from rebound.supervise import Unavailable, sole

log = logging.getLogger(__name__)

WHERE = {
    "SLACK_BOT_TOKEN": "api.slack.com/apps > your app > OAuth & Permissions > Bot User OAuth "
                       "Token (it starts with xoxb-)",
    "SLACK_APP_TOKEN": "api.slack.com/apps > your app > Basic Information > App-Level Tokens; "
                       "generate one with the connections:write scope (it starts with xapp-)",
    "SLACK_SIGNING_SECRET": "api.slack.com/apps > your app > Basic Information > App "
                            "Credentials > Signing Secret",
    "SLACK_CLIENT_ID": "api.slack.com/apps > your app > Basic Information > App Credentials "
                       "> Client ID",
    "SLACK_CLIENT_SECRET": "api.slack.com/apps > your app > Basic Information > App "
                           "Credentials > Client Secret",
}
PREFIXES = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}
REFUSED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
           "no_permission", "missing_scope", "not_allowed_token_type", "invalid_token",
           "team_access_not_granted", "ekm_access_denied"}
"""Slack's answers that mean the token itself is refused; any other error is retried."""
_BIND_ERRORS = {errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL}


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
    oauth: OAuthConfig | None = None
    """Set when workspaces install the app themselves (HTTP mode, SLACK_CLIENT_ID)."""
    uninstall_grace: timedelta = DEFAULT_GRACE
    """How long a workspace that removed the app keeps its data (it may come back)."""


def slack_settings(environ: Mapping[str, str], *, http: bool, host: str = "0.0.0.0",
                   port: int = 3000) -> SlackSettings:
    """Read and check the Slack variables; UserError names the first one missing or wrong.

    SLACK_BOT_TOKEN is required unless the app is distributed (SLACK_CLIENT_ID), when
    workspaces install it themselves over HTTP."""
    oauth = _oauth(environ)
    if oauth is not None and not http:
        raise UserError("SLACK_CLIENT_ID is set, so workspaces install the app through "
                        "/slack/install, which needs HTTP mode: run with --slack-http (and "
                        "SLACK_SIGNING_SECRET), or unset SLACK_CLIENT_ID to use Socket Mode.")
    raw_tokens = environ.get("SLACK_BOT_TOKEN", "") if oauth is not None else \
        _required(environ, "SLACK_BOT_TOKEN")
    tokens = tuple(t.strip() for t in raw_tokens.split(",") if t.strip())
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
    grace = _whole(environ, "REBOUND_SLACK_UNINSTALL_GRACE_DAYS", default=DEFAULT_GRACE.days,
                   low=0, high=3650, unit="days")
    return SlackSettings(bot_tokens=tokens, app_token=app_token, signing_secret=signing_secret,
                         api_url=api_url, http=http, host=host, port=port, oauth=oauth,
                         uninstall_grace=timedelta(days=grace))


def _oauth(environ: Mapping[str, str]) -> OAuthConfig | None:
    """The OAuth settings, if SLACK_CLIENT_ID or SLACK_CLIENT_SECRET is set (then both
    must be)."""
    if not environ.get("SLACK_CLIENT_ID", "").strip() and \
            not environ.get("SLACK_CLIENT_SECRET", "").strip():
        return None
    client_id = _required(environ, "SLACK_CLIENT_ID")
    client_secret = _required(environ, "SLACK_CLIENT_SECRET")
    scopes = tuple(scope.strip() for scope in environ.get("SLACK_SCOPES", "").split(",")
                   if scope.strip()) or DEFAULT_SCOPES
    if any(" " in scope for scope in scopes):
        raise UserError("SLACK_SCOPES is a comma-separated list of bot scopes, like "
                        f"{','.join(DEFAULT_SCOPES[:3])}")
    redirect = environ.get("SLACK_REDIRECT_URI", "").strip() or None
    if redirect is not None and not redirect.startswith(("https://", "http://")):
        raise UserError("SLACK_REDIRECT_URI must be the full public URL of /slack/oauth_"
                        "redirect, like https://rebound.example.com/slack/oauth_redirect")
    minutes = _whole(environ, "SLACK_TOKEN_ROTATION_MINUTES", default=ROTATE_BEFORE_MINUTES,
                     low=1, high=720, unit="minutes")
    return OAuthConfig(client_id=client_id, client_secret=client_secret, scopes=scopes,
                       redirect_uri=redirect, rotate_before_minutes=minutes)


def _whole(environ: Mapping[str, str], name: str, *, default: int, low: int, high: int,
           unit: str) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise UserError(f"{name} must be a whole number of {unit} from {low} to {high}, "
                        f"not {raw!r}.")
    return int(raw)


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
                               port=settings.port,
                               pages=Installer.paths if settings.oauth is not None else ())
    else:
        assert settings.app_token is not None
        transport = SocketMode(settings.app_token, workspaces)
    return SlackApp(workspaces, transport, inbox_clock=inbox_clock, durable=durable,
                    oauth=settings.oauth, uninstall_grace=settings.uninstall_grace)


async def connect_slack(app: SlackApp, settings: SlackSettings) -> None:
    """Check the bot tokens (and the app token) with Slack. A refused one raises
    CredentialsRefused naming the variable; a Slack that can't answer now raises
    Unavailable (or the network's OSError), to be retried."""
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
    except TimeoutError as exc:
        raise Unavailable(f"no answer from Slack at {settings.api_url}") from exc


def _refused(name: str, exc: SlackApiError) -> CredentialsRefused | Unavailable:
    code = error_code(exc)
    if code not in REFUSED:
        status = exc.response.status_code if exc.response is not None else 0
        return Unavailable(f"Slack answered {code or 'HTTP ' + str(status)}")
    return CredentialsRefused(f"Slack refused {name} ({code}). Copy it again from "
                              f"{WHERE[name]}.")


class SlackPlatform:
    """Slack as `rebound run` supervises it: each start checks the tokens until Slack has
    accepted them once, then serves. Nudges wait (retried later) until that check passed,
    since before it no workspace is known to send them in."""

    platform = SLACK_PLATFORM

    def __init__(self, app: SlackApp, settings: SlackSettings) -> None:
        self.app = app
        self._settings = settings
        self._connected = False

    def bind(self, coach: Coach) -> Messenger:
        return _WhenConnected(self.app.bind(coach), lambda: self._connected)

    async def run(self) -> None:
        if not self._connected:
            await connect_slack(self.app, self._settings)
            self._connected = True
        try:
            await self.app.run()
        except (OSError, ExceptionGroup) as exc:
            cause = sole(exc)
            if self._settings.http and isinstance(cause, OSError) and \
                    cause.errno in _BIND_ERRORS:
                raise PortInUse(
                    f"can't listen for Slack on {self._settings.host}:{self._settings.port}: "
                    f"{cause.strerror}. Choose another port with --slack-port, or stop what "
                    "is using it.") from cause
            raise

    async def shutdown(self, *, deadline: float) -> None:
        await self.app.shutdown(deadline=deadline)

    def user_changed(self, user: UserKey) -> None:
        self.app.user_changed(user)

    @property
    def ready(self) -> bool:
        return self._connected and self.app.ready


NOT_CONNECTED_PAUSE = 5.0
"""Seconds Slack nudges wait before trying again while the tokens are not yet checked."""


class _WhenConnected:
    """Slack's nudge port, answering "not yet" (a transient failure, retried with the
    scheduler's backoff) until the tokens are checked."""

    platform = SLACK_PLATFORM

    def __init__(self, messenger: Messenger, connected: Callable[[], bool]) -> None:
        self._messenger = messenger
        self._connected = connected

    @property
    def deduplicates(self) -> bool:
        return self._messenger.deduplicates

    async def deliver(self, nudge: OutgoingNudge) -> Delivery:
        if not self._connected():
            # A pause, not a failure: the nudge mustn't use up its attempts while Slack is
            # still being reached (the supervisor retries the connection meanwhile).
            return Delivery.retry(NOT_CONNECTED_PAUSE, "Slack isn't connected yet")
        return await self._messenger.deliver(nudge)
