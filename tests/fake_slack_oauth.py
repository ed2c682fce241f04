"""Slack's side of installing an app (OAuth v2), on the fake Slack: the consent screen and
`oauth.v2.access`, both for a code and for a refresh token.

    oauth = FakeOAuth(slack, client_id="123.456", client_secret="s3cret")  # before start()
    await slack.start()
    oauth.redirect_uri = "http://127.0.0.1:PORT/slack/oauth_redirect"

`GET /oauth/v2/authorize?client_id=...&scope=...&state=...&team=T1` is a user who agrees at
once (as the workspace's `installer`): Slack redirects the browser to the redirect URL with a
one-time code and the state. `oauth.v2.access` exchanges the code for a new bot token (the
workspace's old one stops working, so a test sees which one the app uses); with
`rotation` on the token comes with a refresh token and expires after `lifetime` seconds, and
`grant_type=refresh_token` swaps the refresh token (used once) for a new pair. The app's
credentials arrive as HTTP Basic auth (slack_sdk) or as form fields. Real Slack keeps a token
working until its expiry after a refresh; here it stops at once, which is stricter.
"""

from __future__ import annotations

import base64
import itertools
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web
from fake_slack import JSON, ApiError, FakeSlack


@dataclass
class Grant:
    """A code the consent screen gave out, until it is exchanged."""

    team_id: str
    user_id: str
    scopes: str
    redirect_uri: str


class FakeOAuth:
    """The OAuth half of the fake Slack, for one app."""

    def __init__(self, slack: FakeSlack, *, client_id: str, client_secret: str,
                 rotation: bool = False, lifetime: int = 43200) -> None:
        self.slack = slack
        self.client_id = client_id
        self.client_secret = client_secret
        self.rotation = rotation
        self.lifetime = lifetime
        self.redirect_uri = ""
        """The app's configured redirect URL (used when the request names none)."""
        self.installer: dict[str, str] = {}
        """Who clicks Allow in each workspace (default: a made-up admin)."""
        self.deny = False
        """The next visitor clicks Cancel instead of Allow."""
        self.grants: dict[str, Grant] = {}
        self.refresh_tokens: dict[str, str] = {}
        """Live refresh tokens, to their workspace."""
        self.refreshes = 0
        """How many refresh tokens were swapped for new tokens."""
        self._ids = itertools.count(1)
        slack.open_methods["oauth.v2.access"] = self._access
        slack.routes.append(("GET", "/oauth/v2/authorize", self._authorize))

    @property
    def authorize_url(self) -> str:
        return f"{self.slack.base_url}/oauth/v2/authorize"

    def uninstall(self, team_id: str) -> None:
        """The workspace removes the app: its tokens stop working at once."""
        workspace = self.slack.workspaces[team_id]
        workspace.bot_token = ""
        workspace.token_expires_at = None
        for token in [t for t, team in self.refresh_tokens.items() if team == team_id]:
            del self.refresh_tokens[token]

    # -- the consent screen ------------------------------------------------------------------

    async def _authorize(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        if query.get("client_id") != self.client_id:
            return web.Response(status=400, text="invalid_client_id")
        redirect = query.get("redirect_uri") or self.redirect_uri
        state = query.get("state", "")
        if self.deny:
            self.deny = False
            denied = urlencode({"error": "access_denied", "state": state})
            raise web.HTTPFound(f"{redirect}?{denied}")
        team_id = query.get("team") or next(iter(self.slack.workspaces))
        code = f"code-{next(self._ids)}"
        self.grants[code] = Grant(team_id=team_id,
                                  user_id=self.installer.get(team_id, "UADMIN"),
                                  scopes=query.get("scope", ""), redirect_uri=redirect)
        granted = urlencode({"code": code, "state": state})
        raise web.HTTPFound(f"{redirect}?{granted}")

    # -- oauth.v2.access ---------------------------------------------------------------------

    async def _access(self, params: JSON, request: web.Request) -> JSON:
        client_id, secret = str(params.get("client_id") or ""), \
            str(params.get("client_secret") or "")
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        if client_id != self.client_id:
            raise ApiError("invalid_client_id")
        if secret != self.client_secret:
            raise ApiError("bad_client_secret")
        if params.get("grant_type") == "refresh_token":
            return self._refresh(str(params.get("refresh_token") or ""))
        grant = self.grants.pop(str(params.get("code") or ""), None)
        if grant is None:
            raise ApiError("invalid_code")
        if params.get("redirect_uri") and params["redirect_uri"] != grant.redirect_uri:
            raise ApiError("bad_redirect_uri")
        workspace = self.slack.workspaces[grant.team_id]
        answer: JSON = {
            "app_id": self.slack.app_id, "token_type": "bot", "scope": grant.scopes,
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.name}, "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": grant.user_id}}
        answer.update(self._new_token(grant.team_id))
        return answer

    def _refresh(self, refresh_token: str) -> JSON:
        team_id = self.refresh_tokens.pop(refresh_token, None)
        if team_id is None:
            raise ApiError("invalid_refresh_token")
        self.refreshes += 1
        return {"token_type": "bot", "app_id": self.slack.app_id,
                "team": {"id": team_id}, **self._new_token(team_id)}

    def _new_token(self, team_id: str) -> JSON:
        """A new bot token for the workspace (the old one stops working)."""
        n = next(self._ids)
        workspace = self.slack.workspaces[team_id]
        workspace.bot_token = f"xoxb-{team_id}-{n}"
        if not self.rotation:
            workspace.token_expires_at = None
            return {"access_token": workspace.bot_token}
        refresh = f"xoxe-1-{team_id}-{n}"
        self.refresh_tokens[refresh] = team_id
        workspace.token_expires_at = time.time() + self.lifetime
        return {"access_token": workspace.bot_token, "refresh_token": refresh,
                "expires_in": self.lifetime}
