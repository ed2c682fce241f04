"""A small fake of Discord's HTTP API and gateway on loopback, for what simcord can't reach:
logging in, command sync, the gateway, interactions and DMs arriving over it, and rate limits,
server errors, hangs and nonces on the wire, also for a bot running in another process.

It answers the routes the bot uses and records every request. `fail` queues answers (status,
json, headers) for the next matching requests; `stall` makes matching requests hang. Events go
to the connected bot with `dispatch` (build them with `tests.fake_discord_events`). Like
Discord: a message with a nonce already seen in its channel is not created twice; an
interaction takes one first response; a follow-up needs that first response;
`GET /gateway/bot` recommends `recommended_shards` shards, each shard is its own gateway
connection, and an event goes to the shard of its server (DMs to shard 0).
"""

from __future__ import annotations

import asyncio
import fnmatch
import itertools
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

PATIENCE = 20.0
BOT_ID = "123456789012345678"
APP_ID = BOT_ID
BOT_USER = {"id": BOT_ID, "username": "Rebound", "discriminator": "0", "avatar": None,
            "global_name": None, "bot": True, "flags": 0}


def _json(data: Any, *, status: int = 200, headers: dict[str, str] | None = None
          ) -> web.Response:
    """JSON with the exact content type discord.py looks for (no charset suffix)."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={**(headers or {}), "Content-Type": "application/json"})


@dataclass
class Request:
    method: str
    path: str
    body: Any


@dataclass
class Fault:
    method: str
    pattern: str
    status: int
    body: Any
    headers: dict[str, str]


@dataclass
class Posted:
    """A message the bot posted: in a channel, or as an interaction's follow-up."""

    id: str
    where: str
    body: dict[str, Any]

    @property
    def content(self) -> str:
        return str(self.body.get("content") or "")

    @property
    def text(self) -> str:
        """Content and embed texts, as a user reads them."""
        parts = [self.content]
        for embed in self.body.get("embeds") or []:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields") or []]
        return "\n".join(p for p in parts if p)


@dataclass
class FakeDiscord:
    """Run with `async with FakeDiscord() as fake:`; `fake.base` is the API root."""

    requests: list[Request] = field(default_factory=list)
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    token: str | None = None
    """If set, a request without `Authorization: Bot <token>` gets Discord's 401."""
    posted: list[Posted] = field(default_factory=list)
    """Every message created, once each (a repeated nonce creates nothing)."""
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """First responses (callbacks) accepted, by interaction id."""
    sessions: int = 0
    heartbeat_ms: int = 45000
    """How often the bot is told to heartbeat; each heartbeat also wakes `wait_for`."""
    recommended_shards: int = 1
    """What `GET /gateway/bot` recommends."""
    max_concurrency: int = 1
    """How many shards may log in at once, per `GET /gateway/bot`."""
    identified_shards: list[tuple[int, int]] = field(default_factory=list)
    """(shard id, shard count) of every IDENTIFY, in order."""
    port: int = 0
    _faults: deque[Fault] = field(default_factory=deque)
    _stalls: list[tuple[str, str]] = field(default_factory=list)
    _released: asyncio.Event = field(default_factory=asyncio.Event)
    _dropping: bool = False
    _tokens: dict[str, str] = field(default_factory=dict)
    _expired: set[str] = field(default_factory=set)
    _nonces: dict[tuple[str, str], Posted] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(9 * 10**17))
    _shards: dict[int, web.WebSocketResponse] = field(default_factory=dict)
    _shard_count: int = 1
    _session_shards: dict[str, int] = field(default_factory=dict)
    _gateway_open: asyncio.Event = field(default_factory=asyncio.Event)
    _seq: int = 1
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- scripting -------------------------------------------------------------------------

    def fail(self, method: str, pattern: str, status: int, body: Any = None, *,
             headers: dict[str, str] | None = None, times: int = 1) -> None:
        """Answer the next `times` requests matching `method` and the path glob `pattern`
        (e.g. `/webhooks/*`) with this instead of success."""
        default = {"message": f"HTTP {status}", "code": 0}
        for _ in range(times):
            self._faults.append(Fault(method, pattern, status, body or default,
                                      headers or {}))

    def rate_limit(self, method: str, pattern: str, *, retry_after: float,
                   times: int = 1) -> None:
        """Discord's 429, as its edge sends it (a `Via` header, the wait in body and header)."""
        self.fail(method, pattern, 429, {"message": "You are being rate limited.",
                                         "retry_after": retry_after, "global": False},
                  headers={"Via": "1.1 google", "Retry-After": str(retry_after)}, times=times)

    def script(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        """Answer the next message send like this instead of with success."""
        self.fail("POST", "/channels/*/messages", status, body, headers=headers)

    def stall(self, method: str, pattern: str) -> None:
        """Matching requests hang (a Discord that accepts connections but never answers)."""
        self._stalls.append((method, pattern))

    def release(self, *, drop: bool = False) -> None:
        """No more stalls; the stalled requests go on, or with `drop` are lost (their
        sender is gone) and change nothing."""
        self._stalls.clear()
        self._dropping = drop
        self._released.set()
        self._released = asyncio.Event()

    def expire(self, interaction_id: str) -> None:
        """The interaction's token is past its 15 minutes: follow-ups are refused."""
        self._expired.add(interaction_id)

    def made(self, method: str, suffix: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path.endswith(suffix)]

    def followups(self, interaction_id: str) -> list[Posted]:
        return [p for p in self.posted if p.where == f"interaction:{interaction_id}"]

    def in_channel(self, channel_id: str) -> list[Posted]:
        return [p for p in self.posted if p.where == f"channel:{channel_id}"]

    async def wait_for(self, condition: Callable[[], bool]) -> None:
        """Wait until `condition()` holds (checked after every request, event and heartbeat),
        for `PATIENCE` seconds at most."""
        async with asyncio.timeout(PATIENCE), self._changed:
            await self._changed.wait_for(condition)

    # -- the gateway -----------------------------------------------------------------------

    @property
    def connected_shards(self) -> list[int]:
        """The ids of the shards connected now."""
        return sorted(shard for shard, ws in self._shards.items() if not ws.closed)

    def shard_for(self, data: dict[str, Any]) -> int:
        """The shard Discord sends this event on: its server's, or 0 outside any server."""
        guild = data.get("guild_id")
        return 0 if guild is None else (int(guild) >> 22) % self._shard_count

    async def dispatch(self, event: str, data: dict[str, Any], *, shard: int | None = None
                       ) -> None:
        """Send an event to the connected bot, on `shard` or the one Discord would use (an
        interaction's token is remembered)."""
        if event == "INTERACTION_CREATE":
            self._tokens[str(data["token"])] = str(data["id"])
        shard = self.shard_for(data) if shard is None else shard
        ws = self._shards.get(shard)
        assert ws is not None and not ws.closed, f"no bot is connected on shard {shard}"
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def close_shard(self, shard_id: int, *, code: int = 4000) -> None:
        """Close one shard's connection as Discord does when it restarts a gateway node."""
        ws = self._shards.pop(shard_id)
        await ws.close(code=code)
        await self._notify()

    def hold_gateway(self) -> None:
        """New gateway connections wait (no HELLO) until `open_gateway`."""
        self._gateway_open.clear()

    def open_gateway(self) -> None:
        """Connections say hello again, the held ones first."""
        self._gateway_open.set()

    async def drop_connections(self) -> None:
        """Forget the connected bot (its process was killed)."""
        self._shards.clear()
        self.identified.clear()

    # -- the server ------------------------------------------------------------------------

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_route("*", "/api/v10/{tail:.*}", self._api)
        app.router.add_get("/gateway", self._gateway)
        self._gateway_open.set()
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._released.set()
        self._gateway_open.set()
        assert self._runner is not None
        await self._runner.cleanup()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body = await _body(request)
        self.requests.append(Request(request.method, path, body))
        await self._notify()
        try:
            return await self._answer(request, path, body)
        finally:
            await self._notify()

    async def _answer(self, request: web.Request, path: str, body: Any) -> web.StreamResponse:
        if self.token is not None and not path.startswith(("/webhooks", "/interactions")) \
                and request.headers.get("Authorization") != f"Bot {self.token}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        if any(m == request.method and fnmatch.fnmatch(path, p) for m, p in self._stalls):
            await self._released.wait()
            if self._dropping:
                return _json({"message": "dropped", "code": 0}, status=503)
        for fault in self._faults:
            if fault.method == request.method and fnmatch.fnmatch(path, fault.pattern):
                self._faults.remove(fault)
                return _json(fault.body, status=fault.status, headers=fault.headers)
        return self._route(request.method, path, body or {})

    def _route(self, method: str, path: str, body: dict[str, Any]) -> web.Response:
        parts = path.strip("/").split("/")
        if path == "/users/@me":
            return _json(BOT_USER)
        if path == "/gateway/bot":
            return _json({"url": self.gateway, "shards": self.recommended_shards,
                          "session_start_limit": {"total": 1000, "remaining": 999,
                                                  "reset_after": 0,
                                                  "max_concurrency": self.max_concurrency}})
        if path == "/oauth2/applications/@me":
            return _json({
                "id": APP_ID, "name": "Rebound", "description": "", "icon": None,
                "bot_public": True, "bot_require_code_grant": False, "verify_key": "k",
                "owner": {**BOT_USER, "id": "1", "bot": False}, "flags": 0})
        if path.endswith("/commands") and method == "PUT":
            return _json([{**c, "id": str(i + 1), "application_id": APP_ID, "version": "1"}
                          for i, c in enumerate(body or [])])
        if path == "/users/@me/channels":
            return _json(dm_channel(str(body["recipient_id"])))
        if parts[0] == "channels" and parts[-1] == "messages" and method == "POST":
            return self._post(f"channel:{parts[1]}", parts[1], body)
        if parts[0] == "interactions" and parts[-1] == "callback":
            return self._callback(parts[1], body)
        if parts[0] == "webhooks" and len(parts) == 3 and method == "POST":
            return self._followup(parts[2], body)
        if parts[0] == "webhooks" and len(parts) == 5 and method == "PATCH":
            interaction = self._tokens.get(parts[2])
            return _json(self._message(parts[4], "0", body)) if interaction else \
                _json({"message": "Unknown Webhook", "code": 10015}, status=404)
        return _json({"message": "Unknown route", "code": 0}, status=404)

    def _post(self, where: str, channel_id: str, body: dict[str, Any]) -> web.Response:
        nonce = body.get("nonce")
        if nonce and body.get("enforce_nonce") and (where, nonce) in self._nonces:
            seen = self._nonces[(where, nonce)]
            return _json(self._message(seen.id, channel_id, seen.body))
        posted = Posted(str(next(self._ids)), where, body)
        self.posted.append(posted)
        if nonce and body.get("enforce_nonce"):
            self._nonces[(where, nonce)] = posted
        return _json(self._message(posted.id, channel_id, body))

    def _callback(self, interaction_id: str, body: dict[str, Any]) -> web.Response:
        if interaction_id in self.responses:
            return _json({"message": "Interaction has already been acknowledged.",
                          "code": 40060}, status=400)
        self.responses[interaction_id] = [body]
        return _json({"interaction": {"id": interaction_id, "type": 2,
                                      "response_message_loading": body.get("type") == 5},
                      "resource": {"type": body.get("type", 4)}})

    def _followup(self, token: str, body: dict[str, Any]) -> web.Response:
        interaction = self._tokens.get(token)
        if interaction is None or interaction not in self.responses:
            return _json({"message": "Unknown Webhook", "code": 10015}, status=404)
        if interaction in self._expired:
            return _json({"message": "Invalid Webhook Token", "code": 50027}, status=401)
        return self._post(f"interaction:{interaction}", "0", body)

    def _message(self, message_id: str, channel_id: str, body: dict[str, Any]
                 ) -> dict[str, Any]:
        return {"id": message_id, "channel_id": channel_id, "type": 0,
                "content": body.get("content", ""), "author": BOT_USER,
                "timestamp": "2026-03-02T10:00:00+00:00", "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
                "attachments": [], "embeds": body.get("embeds", []), "pinned": False,
                "components": body.get("components", []), "flags": body.get("flags", 0),
                "nonce": body.get("nonce")}

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await self._gateway_open.wait()
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_ms}}))
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                break
            payload = json.loads(message.data)
            if payload.get("op") == 2:
                shard_id, shard_count = payload["d"].get("shard", [0, 1])
                self._shards[shard_id] = ws
                self._shard_count = shard_count
                self.identified_shards.append((shard_id, shard_count))
                self.sessions += 1
                self._session_shards[f"fake-session-{self.sessions}"] = shard_id
                await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": 1, "d": {
                    "v": 10, "user": BOT_USER, "guilds": [],
                    "session_id": f"fake-session-{self.sessions}",
                    "resume_gateway_url": self.gateway, "shard": [shard_id, shard_count],
                    "application": {"id": APP_ID, "flags": 0}}}))
                self.identified.set()
                await self._notify()
            elif payload.get("op") == 6:  # RESUME: the session's shard, connected again
                self._shards[self._session_shards[payload["d"]["session_id"]]] = ws
                self._seq += 1
                await ws.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": self._seq,
                                              "d": {}}))
                await self._notify()
            elif payload.get("op") == 1:
                await ws.send_str(json.dumps({"op": 11}))
                await self._notify()
        for shard, connected in list(self._shards.items()):
            if connected is ws:
                del self._shards[shard]
        await self._notify()
        return ws


def dm_channel(user_id: str) -> dict[str, Any]:
    """The DM channel between the bot and a user (its id derived from theirs)."""
    return {"id": dm_channel_id(user_id), "type": 1, "last_message_id": None,
            "recipients": [{**BOT_USER, "id": user_id, "bot": False}]}


def dm_channel_id(user_id: str) -> str:
    return str(5 * 10**17 + int(user_id) % 10**17)


async def _body(request: web.Request) -> Any:
    """A JSON body, or the `payload_json` part of a multipart one (a message with files)."""
    if not request.can_read_body:
        return None
    if request.content_type == "application/json":
        return await request.json()
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        raw = form.get("payload_json")
        data: dict[str, Any] = json.loads(str(raw)) if raw is not None else {}
        data["files"] = [getattr(v, "filename", k) for k, v in form.items()
                         if k != "payload_json"]
        return data
    return None
