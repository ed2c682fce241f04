"""A small fake of Discord's HTTP API and gateway on loopback, for what simcord can't reach:
logging in, command sync at start, the gateway handshake, rate limits and nonces on the wire.

It answers just the routes the bot uses and records every request; `script` queues answers
(status, json, headers) for the next message sends.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_ID = "123456789012345678"
APP_ID = BOT_ID
_USER = {"id": BOT_ID, "username": "Rebound", "discriminator": "0", "avatar": None,
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
class FakeDiscord:
    """Run with `async with FakeDiscord() as fake:`; `fake.base` is the API root."""

    requests: list[Request] = field(default_factory=list)
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    sends: deque[tuple[int, Any, dict[str, str]]] = field(default_factory=deque)
    _runner: web.AppRunner | None = None
    port: int = 0
    _message_id: int = 900000000000000000
    token: str | None = None
    """If set, a request without `Authorization: Bot <token>` gets Discord's 401."""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def script(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        """Answer the next message send like this instead of with success."""
        self.sends.append((status, body, headers or {}))

    def made(self, method: str, suffix: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path.endswith(suffix)]

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_route("*", "/api/v10/{tail:.*}", self._api)
        app.router.add_get("/gateway", self._gateway)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def _api(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body = await request.json() if request.can_read_body and \
            request.content_type == "application/json" else None
        self.requests.append(Request(request.method, path, body))
        if self.token is not None and request.headers.get("Authorization") != \
                f"Bot {self.token}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        if path == "/users/@me":
            return _json(_USER)
        if path == "/oauth2/applications/@me":
            return _json({
                "id": APP_ID, "name": "Rebound", "description": "", "icon": None,
                "bot_public": True, "bot_require_code_grant": False, "verify_key": "k",
                "owner": {**_USER, "id": "1", "bot": False}, "flags": 0})
        if path.endswith("/commands") and request.method == "PUT":
            return _json([{**c, "id": str(i + 1), "application_id": APP_ID,
                                       "version": "1"} for i, c in enumerate(body or [])])
        if path == "/users/@me/channels":
            recipient = {**_USER, "id": str(body["recipient_id"]), "bot": False}
            return _json({"id": "555000000000000000", "type": 1,
                                      "recipients": [recipient], "last_message_id": None})
        if path.startswith("/channels/") and path.endswith("/messages"):
            if self.sends:
                status, answer, headers = self.sends.popleft()
                return _json(answer, status=status, headers=headers)
            self._message_id += 1
            return _json({
                "id": str(self._message_id), "channel_id": path.split("/")[2], "type": 0,
                "content": (body or {}).get("content", ""), "author": _USER,
                "timestamp": "2026-03-02T10:00:00+00:00", "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
                "attachments": [], "embeds": (body or {}).get("embeds", []), "pinned": False,
                "components": (body or {}).get("components", []),
                "nonce": (body or {}).get("nonce")})
        return _json({"message": "Unknown route", "code": 0}, status=404)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                break
            payload = json.loads(message.data)
            if payload.get("op") == 2:
                self.identified.set()
                await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": 1, "d": {
                    "v": 10, "user": _USER, "guilds": [], "session_id": "fake-session",
                    "resume_gateway_url": self.gateway,
                    "application": {"id": APP_ID, "flags": 0}}}))
            elif payload.get("op") == 1:
                await ws.send_str(json.dumps({"op": 11}))
        return ws
