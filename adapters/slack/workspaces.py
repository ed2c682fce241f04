"""The Slack workspaces one process serves, and the DM channel of each user.

Each bot token belongs to one workspace, so events from a workspace are answered with its own
token and one workspace's users never reach another's. Tokens come from two places: those in
the settings (`SLACK_BOT_TOKEN`; `auth.test` at start says whose each is), and, in HTTP mode
with OAuth, the workspaces that installed the app (`tokens.py`: read from the database when
used, refreshed when rotation says so). A workspace in the settings wins over an install.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.retry import answering_retries
from adapters.slack.tokens import InstalledTokens

log = logging.getLogger(__name__)

SLACK_API_URL = "https://slack.com/api/"
REQUEST_TIMEOUT = 15
FAILED_LOOKUP_PAUSE = 600.0


def error_code(exc: SlackApiError) -> str:
    """Slack's error code in a refused call (`invalid_auth`, `ratelimited`, ...), or ''."""
    data = exc.response.data if exc.response is not None else None
    return str(data.get("error") or "") if isinstance(data, dict) else ""


@dataclass(frozen=True)
class Workspace:
    """One workspace the bot is installed in, as `auth.test` describes its token."""

    team_id: str
    team_name: str
    bot_token: str
    bot_user_id: str
    bot_id: str


class Workspaces:
    """Bot tokens by workspace, and an API client for each. The clients share one HTTP
    session, so calls reuse open connections instead of opening one each."""

    def __init__(self, *, api_url: str = SLACK_API_URL) -> None:
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self._by_team: dict[str, Workspace] = {}
        self._clients: dict[tuple[str, str], AsyncWebClient] = {}
        self._answering: dict[tuple[str, str], AsyncWebClient] = {}
        self._session: aiohttp.ClientSession | None = None
        self._installed: InstalledTokens | None = None

    def use_installs(self, installed: InstalledTokens) -> None:
        """Serve the workspaces that installed the app too (HTTP mode with OAuth; the
        database they live in opens after this object is built)."""
        self._installed = installed

    @property
    def installed(self) -> InstalledTokens | None:
        """The OAuth installs, if this process serves them."""
        return self._installed

    def http(self) -> aiohttp.ClientSession:
        """The shared HTTP session (opened on first use, in the running event loop)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
            self._clients.clear()
            self._answering.clear()
        return self._session

    async def close(self) -> None:
        """Close the shared session (a later call opens a new one)."""
        if self._session is not None:
            await self._session.close()

    def new_client(self, token: str | None = None) -> AsyncWebClient:
        """A Web API client on the configured base URL."""
        return AsyncWebClient(token=token, base_url=self.api_url, timeout=REQUEST_TIMEOUT,
                              session=self.http())

    async def connect(self, bot_token: str) -> Workspace:
        """Learn which workspace a token belongs to (raises SlackApiError if it's refused)."""
        response = await self.new_client(bot_token).auth_test()
        workspace = Workspace(team_id=str(response["team_id"]),
                              team_name=str(response.get("team") or ""),
                              bot_token=bot_token, bot_user_id=str(response["user_id"]),
                              bot_id=str(response.get("bot_id") or ""))
        self._by_team[workspace.team_id] = workspace
        return workspace

    @property
    def teams(self) -> list[Workspace]:
        """The workspaces of the tokens in the settings."""
        return list(self._by_team.values())

    def get(self, team_id: str) -> Workspace | None:
        """A workspace of the settings' tokens (installs are looked up with `find`)."""
        return self._by_team.get(team_id)

    async def serves(self, team_id: str) -> bool:
        """Whether requests from the workspace are for this process: a token in the
        settings, or an install not removed."""
        if team_id in self._by_team:
            return True
        return bool(team_id) and self._installed is not None and \
            await self._installed.installations.active(team_id) is not None

    async def find(self, team_id: str) -> Workspace | None:
        """The workspace with a token good to use now: from the settings, else installed
        (its token refreshed if expiring); None if this process can't act in it."""
        static = self._by_team.get(team_id)
        if static is not None or self._installed is None or not team_id:
            return static
        installation = await self._installed.bot(team_id)
        if installation is None or not installation.bot_token:
            return None
        return Workspace(team_id=team_id, team_name=installation.team_name or "",
                         bot_token=installation.bot_token,
                         bot_user_id=installation.bot_user_id or "",
                         bot_id=installation.bot_id or "")

    async def client(self, team_id: str) -> AsyncWebClient | None:
        """The workspace's API client, or None if this process has no token for it."""
        workspace = await self.find(team_id)
        if workspace is None:
            return None
        session = self.http()
        key = (team_id, workspace.bot_token)
        if key not in self._clients:
            self._drop(self._clients, team_id)
            self._clients[key] = AsyncWebClient(
                token=workspace.bot_token, base_url=self.api_url, timeout=REQUEST_TIMEOUT,
                session=session)
        return self._clients[key]

    async def answering_client(self, team_id: str) -> AsyncWebClient | None:
        """The workspace's client for answering users: it retries a 429 with a short
        Retry-After, a 5xx and a dropped connection (bounded; see `retry`)."""
        workspace = await self.find(team_id)
        if workspace is None:
            return None
        session = self.http()
        key = (team_id, workspace.bot_token)
        if key not in self._answering:
            self._drop(self._answering, team_id)
            self._answering[key] = AsyncWebClient(
                token=workspace.bot_token, base_url=self.api_url, timeout=REQUEST_TIMEOUT,
                retry_handlers=answering_retries(), session=session)
        return self._answering[key]

    @staticmethod
    def _drop(clients: dict[tuple[str, str], AsyncWebClient], team_id: str) -> None:
        """Forget a workspace's client of an older token (rotated or reinstalled)."""
        for key in [key for key in clients if key[0] == team_id]:
            del clients[key]


class DirectMessages:
    """Each user's DM channel with the bot, opened once (`conversations.open`) and cached."""

    def __init__(self, workspaces: Workspaces) -> None:
        self._workspaces = workspaces
        self._channels: dict[tuple[str, str], str] = {}

    async def channel(self, team_id: str, user_id: str) -> str:
        """The DM channel id; raises SlackApiError if Slack won't open one."""
        key = (team_id, user_id)
        if key not in self._channels:
            client = await self._workspaces.client(team_id)
            if client is None:
                raise LookupError(f"no token for workspace {team_id}")
            response = await client.conversations_open(users=user_id)
            self._channels[key] = str(response["channel"]["id"])
        return self._channels[key]

    def remember(self, team_id: str, user_id: str, channel_id: str) -> None:
        """Note a DM channel seen in an event, saving a `conversations.open` later."""
        self._channels[(team_id, user_id)] = channel_id

    def forget(self, team_id: str, user_id: str) -> None:
        """Drop a channel Slack says is gone, so the next send opens a fresh one."""
        self._channels.pop((team_id, user_id), None)


@dataclass(frozen=True)
class Profile:
    """What the app needs from a user's Slack profile."""

    timezone: str | None
    deactivated: bool
    fetched_at: float


class Profiles:
    """Users' profiles (`users.info`), cached: the time zone seeds a new user's settings, and
    the deactivated flag stops nudges, since Slack still accepts posts to a deactivated user's
    open DM channel."""

    def __init__(self, workspaces: Workspaces, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._workspaces = workspaces
        self._clock = clock
        self._cache: dict[tuple[str, str], Profile] = {}
        self._failed: dict[tuple[str, str], float] = {}

    async def get(self, team_id: str, user_id: str, *, max_age: float = float("inf")) -> Profile:
        """The profile, from cache if younger than `max_age` seconds; raises SlackApiError
        (e.g. `user_not_found`, a 429) when Slack refuses."""
        key = (team_id, user_id)
        cached = self._cache.get(key)
        if cached is not None and self._clock() - cached.fetched_at <= max_age:
            return cached
        client = await self._workspaces.client(team_id)
        if client is None:
            raise LookupError(f"no token for workspace {team_id}")
        response = await client.users_info(user=user_id)
        user = response.get("user") or {}
        zone = user.get("tz") if isinstance(user, dict) else None
        profile = Profile(timezone=str(zone) if zone else None,
                          deactivated=bool(isinstance(user, dict) and user.get("deleted")),
                          fetched_at=self._clock())
        self._cache[key] = profile
        self._failed.pop(key, None)
        return profile

    async def zone(self, team_id: str, user_id: str) -> str | None:
        """The user's zone, if Slack says; a lookup that failed isn't tried again for
        `FAILED_LOOKUP_PAUSE` seconds (the zone only seeds a new user's settings)."""
        key = (team_id, user_id)
        failed_at = self._failed.get(key)
        if failed_at is not None and self._clock() - failed_at < FAILED_LOOKUP_PAUSE:
            return None
        try:
            return (await self.get(team_id, user_id)).timezone
        except (SlackApiError, LookupError, aiohttp.ClientError, TimeoutError) as exc:
            self._failed[key] = self._clock()
            log.info("no time zone from Slack for a user: %s", type(exc).__name__)
            return None

    def cached_zone(self, team_id: str, user_id: str) -> str | None:
        """The zone already known, without asking Slack (for answers that can't wait)."""
        cached = self._cache.get((team_id, user_id))
        return cached.timezone if cached is not None else None
