"""Installing the app into a workspace: bolt's OAuth flow at `/slack/install` and
`/slack/oauth_redirect`, with Rebound's stores and Rebound's own pages.

`/slack/install` sends the browser to Slack's consent screen with a fresh, single-use state
(also set as a cookie, so the redirect must come back to the same browser); Slack sends it
back to `/slack/oauth_redirect` with a code, which bolt exchanges (`oauth.v2.access`) for the
workspace's bot token and saves in `SlackInstallations`. A state that is forged, reused or
past its ten minutes gets a page saying to start again, with the link to do so.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from urllib.parse import urljoin

from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.installations import ORG_WIDE, SlackInstallations, SlackOAuthStates
from adapters.slack.tokens import ROTATE_BEFORE_MINUTES, Credentials

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
DEFAULT_SCOPES = ("chat:write", "commands", "im:history", "im:write", "users:read", "files:write")
"""What the app does: DMs (read and write), `/coach`, users' time zones, file exports.
deploy/slack/manifest-distributed.yml asks for the same."""
_CANCELLED = {"access_denied"}
_START_AGAIN = {"invalid_state", "invalid_browser", "missing_code", "invalid_code"}


@dataclass(frozen=True)
class OAuthConfig:
    """The app's OAuth settings (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SCOPES,
    SLACK_REDIRECT_URI, SLACK_TOKEN_ROTATION_MINUTES)."""

    client_id: str
    client_secret: str
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    redirect_uri: str | None = None
    rotate_before_minutes: int = ROTATE_BEFORE_MINUTES

    @property
    def credentials(self) -> Credentials:
        return Credentials(client_id=self.client_id, client_secret=self.client_secret,
                           rotate_before_minutes=self.rotate_before_minutes)


def authorize_url(api_url: str) -> str:
    """Slack's consent screen beside its Web API (`https://slack.com/oauth/v2/authorize`
    for `https://slack.com/api/`; a test's fake Slack serves both)."""
    return urljoin(api_url, "../oauth/v2/authorize")


class Installer:
    """The two pages of an install, as the HTTP front door serves them (GET only)."""

    paths = (INSTALL_PATH, REDIRECT_PATH)

    def __init__(self, config: OAuthConfig, *, installations: SlackInstallations,
                 states: SlackOAuthStates, api_url: str, logger: logging.Logger) -> None:
        self.flow = AsyncOAuthFlow(
            client=AsyncWebClient(base_url=api_url), logger=logger,
            settings=AsyncOAuthSettings(
                client_id=config.client_id, client_secret=config.client_secret,
                scopes=list(config.scopes), user_scopes=[], redirect_uri=config.redirect_uri,
                install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
                install_page_rendering_enabled=False,
                authorization_url=authorize_url(api_url),
                callback_options=AsyncCallbackOptions(success=_installed, failure=_failed),
                installation_store=installations,
                token_rotation_expiration_minutes=config.rotate_before_minutes,
                state_store=states,
                state_expiration_seconds=int(states.lifetime.total_seconds()),
                logger=logger))

    async def page(self, path: str, request: AsyncBoltRequest) -> BoltResponse:
        """Answer a GET of one of `paths`."""
        if path == INSTALL_PATH:
            return await self.flow.handle_installation(request)
        return await self.flow.handle_callback(request)


async def _installed(args: AsyncSuccessArgs) -> BoltResponse:
    team = args.installation.team_name or "your workspace"
    return _page(args.settings, 200, "Rebound is installed",
                 f"Rebound is now in {html.escape(team)}. Open Slack, find Rebound under Apps "
                 "and send it a message, or type <code>/coach</code> in any channel to "
                 "start.")


async def _failed(args: AsyncFailureArgs) -> BoltResponse:
    again = html.escape(INSTALL_PATH)
    if args.reason in _CANCELLED:
        return _page(args.settings, 200, "Rebound wasn't installed",
                     "The install was cancelled in Slack, so nothing changed. To try again, "
                     f"<a href=\"{again}\">start the install here</a>.")
    if args.reason in _START_AGAIN:
        return _page(args.settings, args.suggested_status_code, "This install link has expired",
                     "This install link was already used, is more than ten minutes old, or "
                     "was opened in another browser than the one that started it. "
                     f"<a href=\"{again}\">Start the install again</a> in this browser.")
    if args.error is not None and ORG_WIDE in str(args.error):
        return _page(args.settings, 400, "Install it in one workspace",
                     "Rebound installs into one workspace at a time, not across an "
                     f"organization. <a href=\"{again}\">Start again</a> and choose a "
                     "workspace.")
    log.warning("a Slack install failed: %s", args.reason)
    return _page(args.settings, 500 if args.reason == "storage_error" else 400,
                 "Rebound couldn't finish installing",
                 "Slack agreed, but Rebound couldn't save the install just now. Please "
                 f"<a href=\"{again}\">try again</a> in a minute.")


def _page(settings: AsyncOAuthSettings, status: int, title: str, body: str) -> BoltResponse:
    """A plain page; the state cookie is cleared, since it served its one use."""
    text = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title, quote=False)}</title></head><body>"
            f"<h1>{html.escape(title, quote=False)}</h1>"
            f"<p>{body}</p></body></html>")
    return BoltResponse(status=status, body=text, headers={
        "Content-Type": "text/html; charset=utf-8",
        "Set-Cookie": [settings.state_utils.build_set_cookie_for_deletion()]})
