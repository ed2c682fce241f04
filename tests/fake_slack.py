"""A local fake of Slack's Web API, Socket Mode and response_url, for adapter tests.

Why a real server and not mocks: the Slack adapter talks to Slack through the real
`slack_sdk` clients (AsyncWebClient, the aiohttp SocketModeClient) and bolt. Mocking those
would test our guesses about them; serving HTTP and a websocket on 127.0.0.1 tests what they
really send and how they really surface errors (a 429 is a `SlackApiError` with
`status_code == 429` and a `Retry-After` header; a DM to a user whose Messages tab is off is
`messages_tab_disabled`; ...). Nothing here ever contacts slack.com.

    async with FakeSlack() as slack:
        slack.add_workspace("T1", bot_token="xoxb-1", app_token="xapp-1")
        slack.add_user("T1", "U1")
        client = AsyncWebClient(token="xoxb-1", base_url=slack.api_url)
        ...
        ack = await slack.socket_send("slash_commands", slack.slash_command_body(...))

Behaviour follows Slack's documentation and what the SDK reads (see tests/test_fake_slack.py
for what is proven against the real clients). Deliberate simplifications are said where they
are made; a Web API method the fake doesn't know answers `unknown_method`, so a test fails
loudly rather than passing against a guess.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import WSMsgType, web

JSON = dict[str, Any]
EnvelopeType = Literal["events_api", "slash_commands", "interactive"]

# Params that slack_sdk (or a form-encoded caller) sends as JSON text; recorded decoded.
JSON_PARAMS = frozenset({"blocks", "attachments", "view", "files", "metadata", "unfurls"})

# Methods an app-level token (xapp-) may call; every other method needs a bot token.
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})

RESPONSE_URL_USES = 5
"""Slack accepts at most five posts to one response_url (within 30 minutes)."""


class FakeSlackError(AssertionError):
    """Something a test expected of the fake Slack did not happen (no client, no ack...).

    An AssertionError so pytest reports it as a failed expectation, not a crash."""


@dataclass
class Workspace:
    """A workspace the app is installed in. Live: tests may change fields later."""

    team_id: str
    bot_token: str
    app_token: str | None = None
    bot_user_id: str = "UBOT"
    bot_id: str = "BBOT"
    name: str = "Rebound Test"
    domain: str = "rebound-test"
    messages_tab: bool = True
    """The app's App Home "Messages Tab" setting. In real Slack this is a setting of the app
    (not of a user): off, bot DMs fail with `messages_tab_disabled`."""
    token_expires_at: float | None = None
    """With token rotation, when `bot_token` expires (Unix seconds): later calls with it
    fail with `token_expired`."""


@dataclass
class User:
    """A workspace member. Live: set `deleted = True` to deactivate them mid-test."""

    team_id: str
    user_id: str
    name: str
    tz: str = "America/New_York"
    deleted: bool = False
    messages_tab: bool = True
    """Test knob: False makes bot DMs to this one user fail like an app whose Messages tab is
    off (`messages_tab_disabled`), without turning it off for the whole workspace."""
    real_name: str = ""
    email: str | None = None
    is_bot: bool = False


@dataclass
class Channel:
    """A conversation: a bot DM ("im"), a group DM ("mpim") or a channel."""

    id: str
    team_id: str
    kind: Literal["im", "mpim", "channel"]
    name: str = ""
    user_id: str | None = None  # the other member of an im
    members: set[str] = field(default_factory=set)
    is_archived: bool = False
    is_member: bool = True  # whether the bot is in it (DMs: always)


@dataclass
class Call:
    """One Web API request as the fake received it."""

    method: str
    params: JSON
    """Query and body merged, JSON-string params (blocks, view, files...) decoded; no token."""
    team_id: str | None
    """The workspace of the token used, None if the token was missing or unknown."""
    token: str | None = None
    """The token the call was made with (bearer or `token` param), to check which one."""
    ok: bool = True
    error: str | None = None
    status: int = 200
    at: float = field(default_factory=time.monotonic)
    """When the fake received it (monotonic seconds), to check waits between calls."""


@dataclass
class Message:
    """A message in a conversation: posted by the bot, or by a user via an event builder."""

    channel: str
    ts: str
    text: str
    blocks: list[JSON] | None = None
    thread_ts: str | None = None
    user: str | None = None
    bot_id: str | None = None
    team_id: str | None = None
    metadata: JSON | None = None
    files: list[JSON] = field(default_factory=list)
    edits: int = 0
    """How many times chat.update or a response_url replace_original changed it."""

    def to_slack(self) -> JSON:
        """The message object as Slack returns it (in API answers and action payloads)."""
        out: JSON = {"type": "message", "text": self.text, "ts": self.ts,
                     "user": self.user, "team": self.team_id}
        if self.bot_id is not None:
            out["bot_id"] = self.bot_id
        if self.blocks is not None:
            out["blocks"] = self.blocks
        if self.thread_ts is not None:
            out["thread_ts"] = self.thread_ts
        if self.metadata is not None:
            out["metadata"] = self.metadata
        if self.files:
            out["files"] = self.files
        if self.edits:
            out["edited"] = {"user": self.user, "ts": self.ts}
        return out


@dataclass
class Ephemeral:
    """A message only `user` sees: chat.postEphemeral, or a response_url reply."""

    channel: str
    user: str
    ts: str
    text: str
    blocks: list[JSON] | None = None
    thread_ts: str | None = None
    source: Literal["chat.postEphemeral", "response_url"] = "chat.postEphemeral"


@dataclass
class Upload:
    """A file sent with files.getUploadURLExternal + upload + files.completeUploadExternal."""

    file_id: str
    team_id: str
    filename: str
    length: int
    content: bytes | None = None  # None until the upload URL was posted to
    title: str | None = None
    completed: bool = False
    channel: str | None = None
    initial_comment: str | None = None
    thread_ts: str | None = None


@dataclass
class _ResponseUrl:
    id: str
    team_id: str
    user_id: str
    channel_id: str | None
    message_ts: str | None
    uses: int = 0


@dataclass
class _Failure:
    error: str
    status: int
    retry_after: int | float | str


@dataclass
class _SocketConn:
    ws: web.WebSocketResponse
    team_id: str | None
    number: int
    unacked: set[str] = field(default_factory=set)


class ApiError(Exception):
    """Raised inside a method handler: answered as `{"ok": false, "error": ...}`."""

    def __init__(self, error: str, *, status: int = 200, extra: JSON | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra or {}
        self.headers = headers


Handler = Callable[[JSON, Workspace], Awaitable[JSON]]
OpenHandler = Callable[[JSON, web.Request], Awaitable[JSON]]
"""A method called with the app's client credentials instead of a token (oauth.v2.access)."""


def sign_request(signing_secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    """Headers Slack puts on an HTTP-mode request, so bolt's signature check accepts it.

    v0 signature: HMAC-SHA256 over `v0:{timestamp}:{body}`, as slack_sdk's SignatureVerifier
    computes it. Bolt also rejects a timestamp more than 5 minutes from now: pass
    `int(time.time())` unless the test is about stale requests."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


def slash_command_form(fields: Mapping[str, str]) -> bytes:
    """A slash command body as HTTP mode receives it: form-encoded fields."""
    return urlencode(dict(fields)).encode()


def interactive_form(payload: Mapping[str, Any]) -> bytes:
    """An interaction body as HTTP mode receives it: `payload=<json>` form-encoded."""
    return urlencode({"payload": json.dumps(payload)}).encode()


def events_json(body: Mapping[str, Any]) -> bytes:
    """An Events API body as HTTP mode receives it (Content-Type application/json)."""
    return json.dumps(body).encode()


class FakeSlack:
    """Slack's Web API, Socket Mode and response_urls on 127.0.0.1, with recording.

    Use as `async with FakeSlack() as slack:`; the server stops and open websockets are
    closed on exit. Close your Socket Mode clients before leaving the block: a client whose
    server goes away tries to reconnect (and logs errors) until it is closed.
    """

    def __init__(self, *, app_id: str = "A0REBOUND", host: str = "127.0.0.1") -> None:
        self.app_id = app_id
        self.host = host
        self.port = 0
        self.calls: list[Call] = []
        self.responses: list[tuple[str, JSON]] = []
        self.uploads: list[Upload] = []
        self.views: dict[str, JSON] = {}
        """Every view opened, pushed, updated or published, by view id (latest version)."""
        self.socket_messages: list[JSON] = []
        """Websocket messages from clients that were not acks (unexpected: kept to debug)."""
        self.workspaces: dict[str, Workspace] = {}
        self.users: dict[tuple[str, str], User] = {}
        self.channels: dict[str, Channel] = {}
        self._messages: dict[str, list[Message]] = {}
        self._ephemerals: list[Ephemeral] = []
        self._home: dict[tuple[str, str], str] = {}
        self._failures: dict[str, deque[_Failure]] = {}
        self.latency: dict[str, float] = {}
        """Seconds a method takes to answer (e.g. to make a burst of sends last a while)."""
        self._triggers: dict[str, tuple[str, str]] = {}
        self._used_triggers: set[str] = set()
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._tickets: dict[str, str | None] = {}
        self._sockets: list[_SocketConn] = []
        self._socket_total = 0
        self._pending_acks: dict[str, asyncio.Future[JSON]] = {}
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, Handler] = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "conversations.open": self._conversations_open,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "apps.connections.open": self._apps_connections_open,
        }
        self.open_methods: dict[str, OpenHandler] = {}
        """Methods that take the app's credentials, not a token (`fake_slack_oauth.py`)."""
        self.routes: list[tuple[str, str, Callable[[web.Request],
                                                   Awaitable[web.StreamResponse]]]] = []
        """More (method, path, handler) to serve, added before `start` (the OAuth pages)."""

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Serve on a free port of 127.0.0.1."""
        self._changed = asyncio.Condition()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{rid}", self._response)
        app.router.add_get("/socket", self._socket)
        for method, path, handler in self.routes:
            app.router.add_route(method, path, handler)
        # A short shutdown timeout: a test that forgot a client must not hang for 60 s.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        for address in self._runner.addresses:
            if isinstance(address, tuple) and len(address) >= 2:
                self.port = int(address[1])
                break

    async def stop(self) -> None:
        """Close websockets, fail pending acks, stop the server."""
        for future in self._pending_acks.values():
            if not future.done():
                future.cancel()
        self._pending_acks.clear()
        for conn in list(self._sockets):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=1001, message=b"server stopping"), 1.0)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The Web API base URL, as AsyncWebClient(base_url=...) wants it (ends with /)."""
        return f"{self.base_url}/api/"

    # ------------------------------------------------------------------ world setup

    def add_workspace(self, team_id: str, *, bot_token: str, app_token: str | None = None,
                      bot_user_id: str = "UBOT", bot_id: str | None = None,
                      name: str | None = None, domain: str | None = None,
                      messages_tab: bool = True) -> Workspace:
        """Install the app in a workspace; its bot user exists too (users.info answers it)."""
        workspace = Workspace(team_id=team_id, bot_token=bot_token, app_token=app_token,
                              bot_user_id=bot_user_id, bot_id=bot_id or f"B{team_id[1:]}BOT",
                              name=name or f"Workspace {team_id}",
                              domain=domain or team_id.lower(), messages_tab=messages_tab)
        self.workspaces[team_id] = workspace
        self.users[(team_id, bot_user_id)] = User(team_id, bot_user_id, name="rebound",
                                                  tz="America/Los_Angeles", is_bot=True,
                                                  real_name="Rebound")
        return workspace

    def add_user(self, team_id: str, user_id: str, *, tz: str = "America/New_York",
                 name: str | None = None, deleted: bool = False, messages_tab: bool = True,
                 real_name: str | None = None, email: str | None = None) -> User:
        """Add a member; their DM channel with the bot exists from now on (`dm_channel`)."""
        self._workspace(team_id)
        ZoneInfo(tz)  # fail at setup on a typo, not later inside a handler
        user = User(team_id=team_id, user_id=user_id, name=name or user_id.lower(), tz=tz,
                    deleted=deleted, messages_tab=messages_tab,
                    real_name=real_name or (name or user_id).title(), email=email)
        self.users[(team_id, user_id)] = user
        channel_id = self.dm_channel(team_id, user_id)
        self.channels.setdefault(channel_id, Channel(channel_id, team_id, "im", user_id=user_id,
                                                     members={user_id}))
        return user

    def add_channel(self, team_id: str, channel_id: str, *, name: str = "general",
                    is_archived: bool = False, is_member: bool = True,
                    members: set[str] | None = None) -> Channel:
        """A public/private channel (for slash commands run outside the DM, is_archived...)."""
        self._workspace(team_id)
        channel = Channel(channel_id, team_id, "channel", name=name, is_archived=is_archived,
                          is_member=is_member, members=set(members or ()))
        self.channels[channel_id] = channel
        return channel

    @staticmethod
    def dm_channel(team_id: str, user_id: str) -> str:
        """The stable id of a user's DM with the bot (what conversations.open returns)."""
        digest = hashlib.sha1(f"{team_id}:{user_id}".encode()).hexdigest()[:10].upper()
        return f"D{digest}"

    def fail_next(self, method: str, *, error: str | None = None, status: int | None = None,
                  retry_after: int | float | str = 7, times: int = 1) -> None:
        """Make the next `times` authenticated calls to `method` fail.

        Defaults: `fail_next(m)` is a 429 `ratelimited` with `Retry-After: 7`;
        `fail_next(m, error="is_archived")` is HTTP 200 with ok false; `status=500` (or 503)
        is a server error, body `{"ok": false, "error": "internal_error"}` unless `error` is
        given. Failures queue up in order; each call consumes one. `method="response_url"`
        makes the next posts to any response URL fail the same way (an HTTP status).
        """
        if status is None:
            status = 429 if error in (None, "ratelimited") else 200
        if error is None:
            error = ("ratelimited" if status == 429 else
                     "internal_error" if status >= 500 else "fatal_error")
        queue = self._failures.setdefault(method, deque())
        queue.extend(_Failure(error, status, retry_after) for _ in range(times))

    # ------------------------------------------------------------------ inspection

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def clear_calls(self) -> None:
        self.calls.clear()

    def messages(self, channel: str) -> list[Message]:
        """Messages in a conversation, oldest first, chat.update edits applied. Includes
        users' messages that event builders (dm_message_event) put there; filter on
        `bot_id` for the bot's own."""
        return list(self._messages.get(channel, []))

    def bot_messages(self, channel: str) -> list[Message]:
        return [m for m in self.messages(channel) if m.bot_id is not None]

    def ephemeral_messages(self, channel: str | None = None,
                           user: str | None = None) -> list[Ephemeral]:
        return [e for e in self._ephemerals
                if (channel is None or e.channel == channel) and (user is None or e.user == user)]

    def home_view(self, team_id: str, user_id: str) -> JSON | None:
        """The App Home view last published for the user (views.publish), or None."""
        view_id = self._home.get((team_id, user_id))
        return self.views.get(view_id) if view_id else None

    # The waits take `timeout=` (ASYNC109 asks for asyncio.timeout at the call site): each
    # turns a silent hang into a FakeSlackError that says what never happened.
    async def wait_for_calls(self, method: str, count: int = 1,
                             timeout: float = 5.0) -> list[Call]:  # noqa: ASYNC109
        """Wait until `method` was called `count` times: bolt acks events before running
        their listeners, so a test must wait for the listener's API calls."""
        await self.wait_until(lambda: len(self.calls_to(method)) >= count, timeout,
                              f"{count} call(s) to {method}")
        return self.calls_to(method)

    async def wait_for_responses(self, count: int = 1,
                                 timeout: float = 5.0) -> list[tuple[str, JSON]]:  # noqa: ASYNC109
        await self.wait_until(lambda: len(self.responses) >= count, timeout,
                              f"{count} response_url post(s)")
        return list(self.responses)

    async def wait_until(self, predicate: Callable[[], bool],
                         timeout: float = 5.0,  # noqa: ASYNC109
                         what: str = "condition") -> None:
        """Wait until `predicate()` holds; it is re-checked whenever the fake records
        something (an API call, a response_url post, a socket connection or message)."""
        changed = self._cond()
        try:
            async with asyncio.timeout(timeout):
                async with changed:
                    await changed.wait_for(predicate)
        except TimeoutError:
            raise FakeSlackError(f"timed out after {timeout}s waiting for {what}") from None

    # ------------------------------------------------------------------ ids

    def _next_ts(self) -> str:
        """Unique, increasing message timestamps, like "1700000000.000100"."""
        micros = 1_700_000_000_000_000 + next(self._ts) * 100
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}{uuid.uuid4().hex[:3].upper()}"

    def new_trigger_id(self, team_id: str, user_id: str) -> str:
        """A trigger_id views.open accepts once (Slack's come with interactions/commands)."""
        trigger = f"{next(self._ids)}.{abs(hash(team_id)) % 10**10}.{uuid.uuid4().hex}"
        self._triggers[trigger] = (team_id, user_id)
        return trigger

    def new_response_url(self, team_id: str = "", user_id: str = "",
                         channel_id: str | None = None, message_ts: str | None = None) -> str:
        """A response_url that records posts in `responses` and answers `{"ok": true}`.

        Given the message it belongs to (a button's), `replace_original`/`delete_original`
        edit that message; otherwise a post is an ephemeral reply to `user_id` in
        `channel_id` (or an ordinary message with `response_type: in_channel`)."""
        rid = uuid.uuid4().hex
        self._response_urls[rid] = _ResponseUrl(rid, team_id, user_id, channel_id, message_ts)
        return f"{self.base_url}/response/{rid}"

    # ------------------------------------------------------------------ payload builders

    def slash_command_body(self, team_id: str, user_id: str, channel_id: str | None,
                           text: str, *, command: str = "/coach",
                           channel_name: str | None = None, response_url: str | None = None,
                           trigger_id: str | None = None) -> dict[str, str]:
        """A slash command's fields (Socket Mode payload; `slash_command_form` for HTTP).

        All values are strings, as Slack sends them. channel_id None means the user's DM
        with the bot (channel_name "directmessage")."""
        workspace = self._workspace(team_id)
        channel_id = channel_id or self.dm_channel(team_id, user_id)
        if channel_name is None:
            channel = self.channels.get(channel_id)
            channel_name = ("directmessage" if channel is None or channel.kind == "im"
                            else channel.name)
        user = self.users.get((team_id, user_id))
        return {
            "token": "verification-token",
            "team_id": team_id,
            "team_domain": workspace.domain,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user.name if user else user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": self.app_id,
            "is_enterprise_install": "false",
            "response_url": response_url or self.new_response_url(team_id, user_id, channel_id),
            "trigger_id": trigger_id or self.new_trigger_id(team_id, user_id),
        }

    def _event_callback(self, team_id: str, event: JSON, event_id: str | None) -> JSON:
        workspace = self._workspace(team_id)
        return {
            "token": "verification-token",
            "team_id": team_id,
            "context_team_id": team_id,
            "context_enterprise_id": None,
            "api_app_id": self.app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or self._new_id("Ev"),
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": team_id,
                                "user_id": workspace.bot_user_id, "is_bot": True,
                                "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
            "event_context": f"4-{uuid.uuid4().hex}",
        }

    def app_uninstalled_event(self, team_id: str, *, event_id: str | None = None) -> JSON:
        """The app was removed from the workspace (sent once its tokens are revoked)."""
        return self._event_callback(team_id, {"type": "app_uninstalled",
                                              "event_ts": f"{time.time():.6f}"}, event_id)

    def tokens_revoked_event(self, team_id: str, *, bot: list[str] | None = None,
                             oauth: list[str] | None = None,
                             event_id: str | None = None) -> JSON:
        """Tokens revoked: `bot` lists bot users whose tokens went, `oauth` users'."""
        return self._event_callback(team_id, {
            "type": "tokens_revoked", "tokens": {"oauth": oauth or [], "bot": bot or []},
            "event_ts": f"{time.time():.6f}"}, event_id)

    def dm_message_event(self, team_id: str, user_id: str, channel_id: str | None, text: str,
                         *, event_id: str | None = None, ts: str | None = None,
                         thread_ts: str | None = None) -> JSON:
        """An Events API `message.im` body (outer `event_callback`); the message is stored in
        the channel like Slack would. channel_id None means the user's DM with the bot.
        Pass the same event_id again to simulate a redelivery."""
        channel_id = channel_id or self.dm_channel(team_id, user_id)
        channel = self.channels.get(channel_id)
        channel_type = {"im": "im", "mpim": "mpim"}.get(channel.kind if channel else "im",
                                                        "channel")
        ts = ts or self._next_ts()
        event: JSON = {
            "type": "message", "channel": channel_id, "user": user_id, "text": text,
            "ts": ts, "event_ts": ts, "channel_type": channel_type, "team": team_id,
            "client_msg_id": str(uuid.uuid4()),
            "blocks": [{"type": "rich_text", "block_id": uuid.uuid4().hex[:5], "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}],
        }
        if thread_ts is not None:
            event["thread_ts"] = thread_ts
        if not any(m.ts == ts for m in self._messages.get(channel_id, [])):
            self._messages.setdefault(channel_id, []).append(Message(
                channel=channel_id, ts=ts, text=text, thread_ts=thread_ts, user=user_id,
                team_id=team_id))
        return self._event_callback(team_id, event, event_id)

    def app_home_opened_event(self, team_id: str, user_id: str, *, tab: str = "home",
                              event_id: str | None = None) -> JSON:
        """An Events API `app_home_opened` body; carries the published home view if any."""
        event: JSON = {"type": "app_home_opened", "user": user_id,
                       "channel": self.dm_channel(team_id, user_id), "tab": tab,
                       "event_ts": self._next_ts()}
        view = self.home_view(team_id, user_id)
        if view is not None and tab == "home":
            event["view"] = view
        return self._event_callback(team_id, event, event_id)

    def _user_ref(self, team_id: str, user_id: str) -> JSON:
        user = self.users.get((team_id, user_id))
        name = user.name if user else user_id.lower()
        return {"id": user_id, "username": name, "name": name, "team_id": team_id}

    def block_action_body(self, team_id: str, user_id: str, channel_id: str | None,
                          action_id: str, value: str | None, *, message_ts: str | None = None,
                          response_url: str | None = None, container: JSON | None = None,
                          block_id: str = "actions", action_type: str = "button",
                          view_id: str | None = None, trigger_id: str | None = None,
                          state_values: JSON | None = None) -> JSON:
        """An interactive `block_actions` payload: a button (default) pressed on a message,
        or on a view if `view_id` is given (then there's no channel, message or
        response_url, as in Slack). The message is taken from the fake when it holds it."""
        workspace = self._workspace(team_id)
        action: JSON = {"action_id": action_id, "block_id": block_id, "type": action_type,
                        "action_ts": self._next_ts()}
        if action_type == "button":
            action["text"] = {"type": "plain_text", "text": value or action_id, "emoji": True}
            if value is not None:
                action["value"] = value
        elif action_type == "static_select":
            action["selected_option"] = {"text": {"type": "plain_text", "text": value or ""},
                                         "value": value}
        elif value is not None:
            action["value"] = value
        body: JSON = {
            "type": "block_actions",
            "user": self._user_ref(team_id, user_id),
            "api_app_id": self.app_id,
            "token": "verification-token",
            "trigger_id": trigger_id or self.new_trigger_id(team_id, user_id),
            "team": {"id": team_id, "domain": workspace.domain},
            "enterprise": None,
            "is_enterprise_install": False,
            "state": {"values": state_values or {}},
            "actions": [action],
        }
        if view_id is not None:
            view = self.views.get(view_id) or {"id": view_id, "type": "modal"}
            body["container"] = container or {"type": "view", "view_id": view_id}
            body["view"] = view
            return body
        channel_id = channel_id or self.dm_channel(team_id, user_id)
        channel = self.channels.get(channel_id)
        body["container"] = container or {"type": "message", "message_ts": message_ts,
                                          "channel_id": channel_id, "is_ephemeral": False}
        body["channel"] = {"id": channel_id,
                           "name": "directmessage" if channel is None or channel.kind == "im"
                           else channel.name}
        stored = self._find_message(channel_id, message_ts) if message_ts else None
        if stored is not None:
            body["message"] = self._message_json(stored)
        elif message_ts is not None:
            body["message"] = {"type": "message", "ts": message_ts, "text": ""}
        body["response_url"] = response_url or self.new_response_url(
            team_id, user_id, channel_id, message_ts)
        return body

    def view_submission_body(self, team_id: str, user_id: str, callback_id: str,
                             state_values: JSON, *, private_metadata: str = "",
                             view_id: str | None = None) -> JSON:
        """An interactive `view_submission` payload. `state_values` is Slack's
        `{block_id: {action_id: {"type": "plain_text_input", "value": ...}}}`. With the
        id of a view opened through the fake, its blocks/title come along."""
        workspace = self._workspace(team_id)
        stored = self.views.get(view_id or "")
        view: JSON = dict(stored) if stored else {
            "id": view_id or self._new_id("V"), "type": "modal", "blocks": [],
            "title": {"type": "plain_text", "text": "Rebound"},
            "close": None, "submit": {"type": "plain_text", "text": "Submit"},
        }
        view.update({
            "team_id": team_id, "callback_id": callback_id,
            "private_metadata": private_metadata, "state": {"values": state_values},
            "hash": view.get("hash") or f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "app_id": self.app_id, "app_installed_team_id": team_id,
            "bot_id": workspace.bot_id, "root_view_id": view.get("root_view_id") or view["id"],
            "previous_view_id": view.get("previous_view_id"), "external_id": "",
            "clear_on_close": False, "notify_on_close": False,
        })
        return {
            "type": "view_submission",
            "team": {"id": team_id, "domain": workspace.domain},
            "user": self._user_ref(team_id, user_id),
            "api_app_id": self.app_id,
            "token": "verification-token",
            "trigger_id": self.new_trigger_id(team_id, user_id),
            "view": view,
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }

    # ------------------------------------------------------------------ socket mode

    @property
    def socket_connected(self) -> bool:
        return any(not conn.ws.closed for conn in self._sockets)

    @property
    def socket_connection_count(self) -> int:
        """Websocket connections accepted so far (reconnects count)."""
        return self._socket_total

    async def wait_socket_connected(self, timeout: float = 5.0,  # noqa: ASYNC109
                                    *, connections: int = 1) -> None:
        """Wait until a client is connected and, in all, `connections` were accepted."""
        await self.wait_until(
            lambda: self._socket_total >= connections and self.socket_connected, timeout,
            f"a Socket Mode connection (#{connections})")

    async def socket_send(self, envelope_type: EnvelopeType, payload: JSON, *,
                          retry_attempt: int = 0, retry_reason: str = "",
                          accepts_response_payload: bool | None = None,
                          timeout: float = 5.0) -> JSON:  # noqa: ASYNC109
        """Push an envelope to the connected client (the newest) and return its ack:
        `{"envelope_id": ...}` plus `"payload"` if the app answered with one (bolt does for
        `ack(text)`, `ack(response_action=...)`). Raises FakeSlackError if no client is
        connected, the connection closes before the ack (the app died), or no ack comes
        within `timeout`.

        Like Slack, retry_attempt/retry_reason are sent for events_api only, and
        accepts_response_payload is true for slash commands, view submissions and option
        requests."""
        conn = next((c for c in reversed(self._sockets) if not c.ws.closed), None)
        if conn is None:
            raise FakeSlackError("no Socket Mode client is connected to the fake Slack")
        if accepts_response_payload is None:
            accepts_response_payload = envelope_type == "slash_commands" or (
                envelope_type == "interactive"
                and payload.get("type") in ("view_submission", "block_suggestion"))
        envelope_id = str(uuid.uuid4())
        envelope: JSON = {"envelope_id": envelope_id, "payload": payload, "type": envelope_type,
                          "accepts_response_payload": accepts_response_payload}
        if envelope_type == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        future: asyncio.Future[JSON] = asyncio.get_running_loop().create_future()
        self._pending_acks[envelope_id] = future
        conn.unacked.add(envelope_id)
        try:
            await conn.ws.send_json(envelope)
            async with asyncio.timeout(timeout):
                return await future
        except TimeoutError:
            raise FakeSlackError(
                f"no ack for {envelope_type} envelope {envelope_id} within {timeout}s") from None
        except ConnectionError:
            raise FakeSlackError("the Socket Mode connection closed before the ack") from None
        finally:
            self._pending_acks.pop(envelope_id, None)
            conn.unacked.discard(envelope_id)

    async def socket_disconnect(self, reason: str = "refresh_requested") -> None:
        """Send Slack's `disconnect` message, which makes slack_sdk's client open a new
        connection (apps.connections.open again) and drop this one."""
        for conn in self._sockets:
            if not conn.ws.closed:
                await conn.ws.send_json({"type": "disconnect", "reason": reason,
                                         "debug_info": {"host": "applink-fake-1"}})

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.Response(status=401, text="invalid ticket")
        # autoping: pings from slack_sdk's client (its liveness check) get pongs.
        ws = web.WebSocketResponse(autoping=True, timeout=1.0)
        await ws.prepare(request)
        self._socket_total += 1
        conn = _SocketConn(ws, self._tickets[ticket], self._socket_total)
        self._sockets.append(conn)
        await ws.send_json({
            "type": "hello", "num_connections": sum(1 for c in self._sockets if not c.ws.closed),
            "debug_info": {"host": "applink-fake-1", "build_number": 1,
                           "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.app_id},
        })
        await self._notify()
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    data = json.loads(msg.data)
                except ValueError:
                    self.socket_messages.append({"raw": msg.data})
                    continue
                future = self._pending_acks.get(str(data.get("envelope_id", "")))
                if future is not None and not future.done():
                    future.set_result(data)
                else:
                    self.socket_messages.append(data)
                await self._notify()
        finally:
            self._sockets.remove(conn)
            for envelope_id in conn.unacked:  # the app is gone: no ack will come
                future = self._pending_acks.get(envelope_id)
                if future is not None and not future.done():
                    future.set_exception(FakeSlackError(
                        "the Socket Mode connection closed before the ack"))
            await self._notify()
        return ws

    # ------------------------------------------------------------------ HTTP plumbing

    def _cond(self) -> asyncio.Condition:
        if self._changed is None:
            raise FakeSlackError("FakeSlack is not started: use `async with FakeSlack()`")
        return self._changed

    async def _notify(self) -> None:
        changed = self._cond()
        async with changed:
            changed.notify_all()

    def _workspace(self, team_id: str) -> Workspace:
        try:
            return self.workspaces[team_id]
        except KeyError:
            raise FakeSlackError(f"unknown workspace {team_id}: add_workspace() it first") from None

    async def _read_params(self, request: web.Request) -> JSON:
        params: JSON = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
            elif request.content_type in ("application/x-www-form-urlencoded",
                                          "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, str | bytes | bytearray):
                        params[key] = value
                    else:  # a multipart file part
                        params[key] = value.file.read()
        for key in JSON_PARAMS & params.keys():
            value = params[key]
            if isinstance(value, str) and value[:1] in ("[", "{"):
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(value)
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params = await self._read_params(request)
        except ValueError:
            params = {}
            self.calls.append(Call(method, params, None, ok=False, error="invalid_json"))
            await self._notify()
            return web.json_response({"ok": False, "error": "invalid_json"})
        token = params.pop("token", None)
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            token = auth.removeprefix("Bearer ").strip()
        call = Call(method=method, params=params, team_id=None, token=token)
        self.calls.append(call)
        try:
            opened = self.open_methods.get(method)
            workspace = self._authenticate(method, token, call) if opened is None else None
            failure = self._failures.get(method)
            if failure:
                injected = failure.popleft()
                headers = ({"Retry-After": str(injected.retry_after)}
                           if injected.status == 429 else None)
                raise ApiError(injected.error, status=injected.status, headers=headers)
            if opened is not None:
                return web.json_response({"ok": True, **await opened(params, request)})
            assert workspace is not None
            handler = self._handlers.get(method)
            if handler is None:
                raise ApiError("unknown_method")
            if self.latency.get(method):
                await self._notify()  # a test may wait for a call that is still in flight
                await asyncio.sleep(self.latency[method])
            body = {"ok": True, **await handler(params, workspace)}
            return web.json_response(body)
        except ApiError as exc:
            call.ok, call.error, call.status = False, exc.error, exc.status
            return web.json_response({"ok": False, "error": exc.error, **exc.extra},
                                     status=exc.status, headers=exc.headers)
        except Exception:
            # A bug in the fake itself: aiohttp answers 500; the call says so too.
            call.ok, call.error, call.status = False, "fake_slack_bug", 500
            raise
        finally:
            await self._notify()

    def _authenticate(self, method: str, token: str | None, call: Call) -> Workspace:
        """The token's workspace (recorded on the call even when the token is the wrong
        kind for the method, as an app-level token for chat.postMessage)."""
        if not token:
            raise ApiError("not_authed")
        for workspace in self.workspaces.values():
            if token in (workspace.bot_token, workspace.app_token):
                call.team_id = workspace.team_id
                is_app_token = token == workspace.app_token
                if is_app_token != (method in APP_TOKEN_METHODS):
                    raise ApiError("not_allowed_token_type")
                if not is_app_token and workspace.token_expires_at is not None and \
                        time.time() >= workspace.token_expires_at:
                    raise ApiError("token_expired")
                return workspace
        raise ApiError("invalid_auth")

    # ------------------------------------------------------------------ Web API methods

    async def _auth_test(self, params: JSON, ws: Workspace) -> JSON:
        return {"url": f"https://{ws.domain}.slack.com/", "team": ws.name, "user": "rebound",
                "team_id": ws.team_id, "user_id": ws.bot_user_id, "bot_id": ws.bot_id,
                "is_enterprise_install": False}

    def _user_json(self, user: User) -> JSON:
        now = datetime.now(UTC).astimezone(ZoneInfo(user.tz))
        offset, label = now.utcoffset(), now.tzname() or user.tz
        return {
            "id": user.user_id, "team_id": user.team_id, "name": user.name,
            "deleted": user.deleted, "color": "9f69e7", "real_name": user.real_name,
            "tz": user.tz, "tz_label": label,
            "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
            "profile": {"real_name": user.real_name, "display_name": user.name,
                        "real_name_normalized": user.real_name,
                        "display_name_normalized": user.name, "team": user.team_id,
                        **({"email": user.email} if user.email else {})},
            "is_admin": False, "is_owner": False, "is_primary_owner": False,
            "is_restricted": False, "is_ultra_restricted": False, "is_bot": user.is_bot,
            "is_app_user": False, "updated": 1_700_000_000,
        }

    async def _users_info(self, params: JSON, ws: Workspace) -> JSON:
        user = self.users.get((ws.team_id, str(params.get("user", ""))))
        if user is None:
            raise ApiError("user_not_found")
        return {"user": self._user_json(user)}

    async def _conversations_open(self, params: JSON, ws: Workspace) -> JSON:
        if params.get("channel"):
            channel = self._channel(ws, str(params["channel"]))
            return {"channel": {"id": channel.id}}
        ids = [u.strip() for u in str(params.get("users", "")).split(",") if u.strip()]
        if not ids:
            raise ApiError("users_list_not_supplied")
        for user_id in ids:
            user = self.users.get((ws.team_id, user_id))
            if user is None:
                raise ApiError("user_not_found")
            if user.deleted:
                raise ApiError("user_disabled")
        if len(ids) == 1:
            channel_id = self.dm_channel(ws.team_id, ids[0])
            info: JSON = {"id": channel_id}
            if _truthy(params.get("return_im")):
                info.update({"created": 1_700_000_000, "is_im": True, "is_org_shared": False,
                             "user": ids[0], "last_read": "0000000000.000000",
                             "latest": None, "unread_count": 0,
                             "unread_count_display": 0, "is_open": True, "priority": 0})
            return {"no_op": True, "already_open": True, "channel": info}
        digest = hashlib.sha1(",".join([ws.team_id, *sorted(ids)]).encode()).hexdigest()
        channel_id = f"G{digest[:10].upper()}"
        self.channels.setdefault(channel_id, Channel(channel_id, ws.team_id, "mpim",
                                                     members=set(ids)))
        return {"channel": {"id": channel_id}}

    def _channel(self, ws: Workspace, ref: str) -> Channel:
        """A `channel` argument: a conversation id, a user id (their bot DM) or a name."""
        ref = ref.strip()
        if ref[:1] in ("U", "W") and (ws.team_id, ref) in self.users:
            ref = self.dm_channel(ws.team_id, ref)
        channel = self.channels.get(ref)
        if channel is None:
            name = ref.removeprefix("#")
            channel = next((c for c in self.channels.values()
                            if c.team_id == ws.team_id and c.kind == "channel" and c.name == name),
                           None)
        if channel is None or channel.team_id != ws.team_id:
            raise ApiError("channel_not_found")
        return channel

    def _check_postable(self, ws: Workspace, channel: Channel) -> None:
        if channel.is_archived:
            raise ApiError("is_archived")
        if channel.kind == "im":
            user = self.users.get((ws.team_id, channel.user_id or ""))
            if not ws.messages_tab or (user is not None and not user.messages_tab):
                raise ApiError("messages_tab_disabled")
            # A deactivated user's DM still accepts posts: Slack answers ok (see the tests).
        elif not channel.is_member:
            raise ApiError("not_in_channel")

    @staticmethod
    def _check_content(params: JSON) -> tuple[str, list[JSON] | None]:
        text = params.get("text")
        blocks = params.get("blocks")
        if blocks is not None and not isinstance(blocks, list):
            raise ApiError("invalid_blocks_format")
        if not text and not blocks and not params.get("attachments"):
            raise ApiError("no_text")
        if text and len(str(text)) > 40_000:
            raise ApiError("msg_too_long")
        if blocks is not None and len(blocks) > 50:
            raise ApiError("invalid_blocks", extra={"response_metadata": {"messages": [
                "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"]}})
        return str(text or ""), blocks

    def _message_json(self, message: Message) -> JSON:
        out = message.to_slack()
        if message.bot_id is not None:
            out["app_id"] = self.app_id
            out["bot_profile"] = {"id": message.bot_id, "app_id": self.app_id,
                                  "name": "Rebound", "deleted": False,
                                  "team_id": message.team_id}
        return out

    def _find_message(self, channel_id: str, ts: str | None) -> Message | None:
        return next((m for m in self._messages.get(channel_id, []) if m.ts == ts), None)

    async def _chat_post_message(self, params: JSON, ws: Workspace) -> JSON:
        channel = self._channel(ws, str(params.get("channel", "")))
        self._check_postable(ws, channel)
        text, blocks = self._check_content(params)
        thread_ts = params.get("thread_ts") or None
        message = Message(channel=channel.id, ts=self._next_ts(), text=text, blocks=blocks,
                          thread_ts=str(thread_ts) if thread_ts else None,
                          user=ws.bot_user_id, bot_id=ws.bot_id, team_id=ws.team_id,
                          metadata=params.get("metadata"))
        self._messages.setdefault(channel.id, []).append(message)
        return {"channel": channel.id, "ts": message.ts, "message": self._message_json(message)}

    async def _chat_post_ephemeral(self, params: JSON, ws: Workspace) -> JSON:
        channel = self._channel(ws, str(params.get("channel", "")))
        user_id = str(params.get("user", ""))
        if (ws.team_id, user_id) not in self.users:
            raise ApiError("user_not_found")
        in_channel = (channel.user_id == user_id if channel.kind == "im"
                      else not channel.members or user_id in channel.members)
        if not in_channel:
            raise ApiError("user_not_in_channel")
        if channel.is_archived:
            raise ApiError("is_archived")
        text, blocks = self._check_content(params)
        ts = self._next_ts()
        self._ephemerals.append(Ephemeral(channel.id, user_id, ts, text, blocks,
                                          params.get("thread_ts") or None))
        return {"message_ts": ts}

    async def _chat_update(self, params: JSON, ws: Workspace) -> JSON:
        channel = self._channel(ws, str(params.get("channel", "")))
        message = self._find_message(channel.id, str(params.get("ts", "")))
        if message is None:
            raise ApiError("message_not_found")
        if message.bot_id != ws.bot_id:
            raise ApiError("cant_update_message")
        if "text" in params or "blocks" in params:
            text, blocks = self._check_content({**self._message_json(message), **params})
            message.text = text
            if "blocks" in params:
                message.blocks = blocks
        message.edits += 1
        return {"channel": channel.id, "ts": message.ts, "text": message.text,
                "message": self._message_json(message)}

    async def _chat_delete(self, params: JSON, ws: Workspace) -> JSON:
        channel = self._channel(ws, str(params.get("channel", "")))
        message = self._find_message(channel.id, str(params.get("ts", "")))
        if message is None:
            raise ApiError("message_not_found")
        if message.bot_id != ws.bot_id:
            raise ApiError("cant_delete_message")
        self._messages[channel.id].remove(message)
        return {"channel": channel.id, "ts": message.ts}

    # views

    def _check_view(self, view: Any, kinds: tuple[str, ...]) -> JSON:
        """Slack's own limits on a view, answered as Slack does (invalid_arguments with
        response_metadata.messages) so an adapter bug shows up in tests, not in prod."""
        if not isinstance(view, dict):
            raise ApiError("invalid_arguments", extra={"response_metadata": {"messages": [
                "[ERROR] missing required field: view"]}})
        problems: list[str] = []
        if view.get("type") not in kinds:
            problems.append(f"[ERROR] must be one of {list(kinds)} [json-pointer:/view/type]")
        if view.get("type") == "modal":
            title = view.get("title")
            if not isinstance(title, dict) or not title.get("text"):
                problems.append("[ERROR] missing required field: title [json-pointer:/view]")
            elif len(str(title["text"])) > 24:
                problems.append("[ERROR] must be less than 25 characters "
                                "[json-pointer:/view/title/text]")
            for button in ("submit", "close"):
                label = view.get(button)
                if isinstance(label, dict) and len(str(label.get("text", ""))) > 24:
                    problems.append(f"[ERROR] must be less than 25 characters "
                                    f"[json-pointer:/view/{button}/text]")
        if len(view.get("blocks") or []) > 100:
            problems.append("[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]")
        if len(str(view.get("private_metadata", ""))) > 3000:
            problems.append("[ERROR] must be less than 3001 characters "
                            "[json-pointer:/view/private_metadata]")
        if len(str(view.get("callback_id", ""))) > 255:
            problems.append("[ERROR] must be less than 256 characters "
                            "[json-pointer:/view/callback_id]")
        if problems:
            raise ApiError("invalid_arguments",
                           extra={"response_metadata": {"messages": problems}})
        return view

    def _store_view(self, ws: Workspace, view: JSON, *, view_id: str | None = None,
                    root_view_id: str | None = None, previous_view_id: str | None = None,
                    external_id: str | None = None) -> JSON:
        view_id = view_id or self._new_id("V")
        stored: JSON = {
            "id": view_id, "team_id": ws.team_id, "type": view["type"],
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}}, "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "title": view.get("title"), "close": view.get("close"),
            "submit": view.get("submit"), "clear_on_close": bool(view.get("clear_on_close")),
            "notify_on_close": bool(view.get("notify_on_close")),
            "root_view_id": root_view_id or view_id, "previous_view_id": previous_view_id,
            "app_id": self.app_id, "external_id": external_id or view.get("external_id", ""),
            "app_installed_team_id": ws.team_id, "bot_id": ws.bot_id,
        }
        self.views[view_id] = stored
        return stored

    def _use_trigger(self, ws: Workspace, params: JSON) -> None:
        trigger = str(params.get("trigger_id") or "")
        if not trigger:
            raise ApiError("invalid_arguments", extra={"response_metadata": {"messages": [
                "[ERROR] missing required field: trigger_id"]}})
        if trigger in self._used_triggers:
            raise ApiError("exchanged_trigger_id")
        owner = self._triggers.get(trigger)
        if owner is None or owner[0] != ws.team_id:
            raise ApiError("invalid_trigger_id")
        self._used_triggers.add(trigger)

    async def _views_open(self, params: JSON, ws: Workspace) -> JSON:
        view = self._check_view(params.get("view"), ("modal",))
        self._use_trigger(ws, params)
        return {"view": self._store_view(ws, view)}

    async def _views_push(self, params: JSON, ws: Workspace) -> JSON:
        view = self._check_view(params.get("view"), ("modal",))
        self._use_trigger(ws, params)
        return {"view": self._store_view(ws, view)}

    async def _views_update(self, params: JSON, ws: Workspace) -> JSON:
        view = self._check_view(params.get("view"), ("modal", "home"))
        view_id = params.get("view_id")
        if not view_id and params.get("external_id"):
            view_id = next((v["id"] for v in self.views.values()
                            if v["external_id"] == params["external_id"]), None)
        old = self.views.get(str(view_id or ""))
        if old is None or old["team_id"] != ws.team_id:
            raise ApiError("not_found")
        if params.get("hash") and params["hash"] != old["hash"]:
            raise ApiError("hash_conflict")
        stored = self._store_view(ws, view, view_id=old["id"], root_view_id=old["root_view_id"],
                                  previous_view_id=old["previous_view_id"],
                                  external_id=old["external_id"])
        return {"view": stored}

    async def _views_publish(self, params: JSON, ws: Workspace) -> JSON:
        view = self._check_view(params.get("view"), ("home",))
        user_id = str(params.get("user_id", ""))
        if (ws.team_id, user_id) not in self.users:
            raise ApiError("user_not_found")
        old_id = self._home.get((ws.team_id, user_id))
        if params.get("hash") and old_id and params["hash"] != self.views[old_id]["hash"]:
            raise ApiError("hash_conflict")
        stored = self._store_view(ws, view, view_id=old_id)
        self._home[(ws.team_id, user_id)] = stored["id"]
        return {"view": stored}

    # files

    async def _files_get_upload_url(self, params: JSON, ws: Workspace) -> JSON:
        filename = str(params.get("filename") or "")
        length = str(params.get("length") or "")
        if not filename or not length.isdigit():
            raise ApiError("invalid_arguments")
        upload = Upload(file_id=self._new_id("F"), team_id=ws.team_id, filename=filename,
                        length=int(length))
        self.uploads.append(upload)
        return {"upload_url": f"{self.base_url}/upload/{upload.file_id}",
                "file_id": upload.file_id}

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL: Slack answers `OK - <bytes>` as text/plain, which slack_sdk
        checks only for status 200."""
        upload = next((u for u in self.uploads if u.file_id == request.match_info["file_id"]),
                      None)
        if upload is None:
            return web.Response(status=404, text="not found")
        upload.content = await request.read()
        await self._notify()
        return web.Response(text=f"OK - {len(upload.content)}")

    async def _files_complete_upload(self, params: JSON, ws: Workspace) -> JSON:
        files = params.get("files")
        if not isinstance(files, list) or not files:
            raise ApiError("invalid_arguments")
        done: list[JSON] = []
        channel_id = params.get("channel_id") or str(params.get("channels") or "").split(",")[0]
        channel = self._channel(ws, str(channel_id)) if channel_id else None
        if channel is not None:
            self._check_postable(ws, channel)
        for item in files:
            upload = next((u for u in self.uploads if u.file_id == item.get("id")), None)
            if upload is None or upload.team_id != ws.team_id or upload.content is None:
                raise ApiError("file_not_found")
            upload.title = item.get("title") or upload.filename
            upload.completed = True
            upload.channel = channel.id if channel else None
            upload.initial_comment = params.get("initial_comment")
            upload.thread_ts = params.get("thread_ts")
            done.append({"id": upload.file_id, "name": upload.filename, "title": upload.title,
                         "size": len(upload.content), "mimetype": "application/octet-stream",
                         "url_private": f"{self.base_url}/files/{upload.file_id}",
                         "channels": [channel.id] if channel else [], "user": ws.bot_user_id})
        if channel is not None:
            self._messages.setdefault(channel.id, []).append(Message(
                channel=channel.id, ts=self._next_ts(),
                text=str(params.get("initial_comment") or ""),
                thread_ts=params.get("thread_ts"), user=ws.bot_user_id, bot_id=ws.bot_id,
                team_id=ws.team_id, files=done))
        return {"files": done}

    async def _apps_connections_open(self, params: JSON, ws: Workspace) -> JSON:
        ticket = uuid.uuid4().hex
        self._tickets[ticket] = ws.team_id
        return {"url": f"ws://{self.host}:{self.port}/socket?ticket={ticket}"}

    # ------------------------------------------------------------------ response_url

    async def _response(self, request: web.Request) -> web.Response:
        rid = request.match_info["rid"]
        target = self._response_urls.get(rid)
        if target is None:
            return web.json_response({"ok": False, "error": "no_service"}, status=404)
        try:
            payload = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "error": "invalid_payload"}, status=400)
        failures = self._failures.get("response_url")
        if failures:
            injected = failures.popleft()
            self.calls.append(Call("response_url", payload, target.team_id, ok=False,
                                   error=injected.error, status=injected.status))
            await self._notify()
            headers = ({"Retry-After": str(injected.retry_after)}
                       if injected.status == 429 else None)
            return web.json_response({"ok": False, "error": injected.error},
                                     status=injected.status, headers=headers)
        target.uses += 1
        if target.uses > RESPONSE_URL_USES:
            self.calls.append(Call("response_url", payload, target.team_id, ok=False,
                                   error="used_url", status=404))
            await self._notify()
            return web.json_response({"ok": False, "error": "used_url"}, status=404)
        self.calls.append(Call("response_url", payload, target.team_id))
        self.responses.append((rid, payload))
        self._apply_response(target, payload)
        await self._notify()
        return web.json_response({"ok": True})

    def _apply_response(self, target: _ResponseUrl, payload: JSON) -> None:
        """What Slack does with a response_url post: replace/delete the original message,
        post in the channel (`response_type: in_channel`) or show an ephemeral reply."""
        if target.channel_id is None:
            return
        original = (self._find_message(target.channel_id, target.message_ts)
                    if target.message_ts else None)
        if _truthy(payload.get("delete_original")) and original is not None:
            self._messages[target.channel_id].remove(original)
            return
        if _truthy(payload.get("replace_original")) and original is not None:
            original.text = str(payload.get("text") or "")
            original.blocks = payload.get("blocks")
            original.edits += 1
            return
        text, blocks = str(payload.get("text") or ""), payload.get("blocks")
        if payload.get("response_type") == "in_channel":
            workspace = self.workspaces.get(target.team_id)
            self._messages.setdefault(target.channel_id, []).append(Message(
                channel=target.channel_id, ts=self._next_ts(), text=text, blocks=blocks,
                thread_ts=payload.get("thread_ts"),
                user=workspace.bot_user_id if workspace else None,
                bot_id=workspace.bot_id if workspace else None, team_id=target.team_id))
        else:
            self._ephemerals.append(Ephemeral(target.channel_id, target.user_id,
                                              self._next_ts(), text, blocks,
                                              payload.get("thread_ts"), source="response_url"))


def _truthy(value: Any) -> bool:
    """Slack's boolean params arrive as true/"true"/"1" depending on the encoding."""
    return value is True or str(value).lower() in ("true", "1")
