"""The Slack app distributed: no bot token in the settings, workspaces install it through
`/slack/install`, all against the fake Slack (and its OAuth half, `fake_slack_oauth.py`).

`OAuthRig` is `SlackRig` in HTTP mode with OAuth on: the same two workspaces and users, none
installed at first. A browser is played step by step (`Browser`), so a test can keep, forge
or replay the state and its cookie: bolt's state cookie is `Secure`, which a cookie jar
wouldn't send over the plain HTTP of a test.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
from fake_slack_oauth import FakeOAuth
from slack_harness import ALEX, BLAIR, GENERAL, SECRET, T1, T2, SlackRig

from adapters.slack.oauth import OAuthConfig
from adapters.slack.transport import HttpServer
from rebound.bootstrap import open_store
from rebound.service import Service
from rebound.slack_app import SlackSettings, build_slack_app, connect_slack

CLIENT_ID = "1234567890.0987654321"
CLIENT_SECRET = "c1i3nt-s3cr3t-f0r-t3sts"
GRACE = timedelta(days=30)
STATE_COOKIE = "slack-app-oauth-state"


@dataclass(frozen=True)
class Visit:
    """One page a browser got: its status, text, where it redirects and cookies it set."""

    status: int
    text: str
    location: str | None
    cookies: dict[str, str]


class OAuthRig(SlackRig):
    """The app over HTTP with OAuth and no bot tokens; T1 and T2 exist in the fake Slack but
    haven't installed the app yet."""

    def __init__(self, tmp_path: Path, *, rotation: bool = False, lifetime: int = 43200,
                 grace: timedelta = GRACE) -> None:
        super().__init__(tmp_path, mode="http")
        self.oauth = FakeOAuth(self.fake, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                               rotation=rotation, lifetime=lifetime)
        self.grace = grace

    async def __aenter__(self) -> OAuthRig:
        await self.fake.start()
        self.fake.add_workspace(T1, bot_token="", name="Team One")
        self.fake.add_workspace(T2, bot_token="", name="Team Two")
        self.fake.add_user(T1, ALEX, tz="Europe/Berlin", name="alex")
        self.fake.add_user(T1, BLAIR, tz="America/Chicago", name="blair")
        self.fake.add_user(T2, ALEX, tz="Asia/Tokyo", name="alex2")
        self.fake.add_channel(T1, GENERAL, name="general")
        self.oauth.installer = {T1: ALEX, T2: ALEX}
        await self.start()
        return self

    async def start(self) -> None:
        settings = SlackSettings(bot_tokens=(), app_token=None, signing_secret=SECRET,
                                 api_url=self.fake.api_url, http=True, host="127.0.0.1",
                                 port=0, uninstall_grace=self.grace,
                                 oauth=OAuthConfig(client_id=CLIENT_ID,
                                                   client_secret=CLIENT_SECRET))
        self._store = await open_store(self.tmp_path / "rebound.db")
        self._app = build_slack_app(settings, inbox_clock=self.inbox_clock)
        self._service = Service(self._store, [self._app], clock=self.clock)
        await connect_slack(self._app, settings)
        self._task = asyncio.create_task(self._app.run())
        await asyncio.wait_for(self.http.ready.wait(), 5)
        self.oauth.redirect_uri = f"{self.app_url}/slack/oauth_redirect"

    @property
    def http(self) -> HttpServer:
        transport = self.app.transport
        assert isinstance(transport, HttpServer)
        return transport

    @property
    def app_url(self) -> str:
        return f"http://127.0.0.1:{self.http.bound_port}"

    async def install(self, team: str) -> Visit:
        """A workspace admin installs the app, start to finish; returns the last page."""
        browser = Browser()
        start = await browser.get(f"{self.app_url}/slack/install?team={team}")
        assert start.status == 302 and start.location, start
        consent = await browser.get(start.location)
        assert consent.status == 302 and consent.location, consent
        return await browser.get(consent.location)

    async def token_in_store(self, team: str) -> str | None:
        row = await self.store.database.read_one(
            "SELECT bot_token FROM slack_installations WHERE team_id = ?", (team,))
        return None if row is None else str(row[0])


class Browser:
    """A browser that keeps its cookies (Secure ones too) and follows no redirect on its
    own."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    async def get(self, url: str, *, cookies: dict[str, str] | None = None) -> Visit:
        jar = self.cookies if cookies is None else cookies
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
        async with aiohttp.ClientSession() as session, session.get(
                url, headers=headers, allow_redirects=False) as response:
            text = await response.text()
            set_cookies: dict[str, str] = {}
            for header in response.headers.getall("Set-Cookie", []):
                parsed: SimpleCookie = SimpleCookie()
                parsed.load(header)
                set_cookies.update({name: morsel.value for name, morsel in parsed.items()})
            if cookies is None:
                self.cookies.update(set_cookies)
            return Visit(status=response.status, text=text,
                         location=response.headers.get("Location"), cookies=set_cookies)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
