"""How Slack reaches the app: Socket Mode (no public URL) or HTTP at `/slack/events`.

The front door, kept thin: both hand each request to a `Receiver` as bolt's request and
acknowledge it only with what the receiver answers, which it gives once the request is
durable (or, for a modal, answered). Over HTTP the signature is checked on the raw bytes
before anything parses them. When the app stops, new requests are refused (HTTP 503) or left
unacknowledged (Socket Mode), and Slack sends them again later.

Bolt's own Socket Mode handler acknowledges only after its listeners ran, and its HTTP
adapters verify and answer in one step; neither can store a request between its arrival and
its ack, so the front door is ours and bolt dispatches behind it (`dispatch.py`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from adapters.http import LocalServer
from adapters.slack.dispatch import bolt_request
from adapters.slack.signing import Refusals, Verifier, parse_body
from adapters.slack.workspaces import Workspaces
from bot.clock import Clock, SystemClock

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
CONNECT_TIMEOUT = 60.0
MAX_BODY = 1024 * 1024
"""Bytes; Slack's largest payloads (a modal's state, a message's blocks) are far smaller."""


@dataclass(frozen=True)
class Answer:
    """What the app says to Slack for one request: acknowledged (with `body`, e.g. a modal's
    field errors), or `status` 503: not now, send it again."""

    status: int = 200
    body: dict[str, Any] | None = None

    @classmethod
    def unavailable(cls) -> Answer:
        return cls(status=503)

    @classmethod
    def of(cls, response: BoltResponse) -> Answer:
        """Bolt's response as the answer: a 404 (no listener wants the request: a channel
        message, someone else's modal) is acknowledged all the same, so Slack stops sending
        it; an `ack()` with a JSON body (a modal's field errors) carries it."""
        if response.status == 404:
            return cls()
        if response.status != 200:
            return cls(status=response.status)
        content_type = response.headers.get("content-type") or [""]
        if not response.body or not content_type[0].startswith("application/json"):
            return cls()
        body = json.loads(response.body)
        return cls(body=body if isinstance(body, dict) else None)


class Receiver(Protocol):
    """The app's side: takes a request, answers once it is safe to acknowledge."""

    async def receive(self, request: AsyncBoltRequest) -> Answer: ...

    async def page(self, path: str, request: AsyncBoltRequest) -> BoltResponse:
        """A browser's GET of one of the HTTP server's `pages` (the OAuth install)."""
        ...


class Transport(Protocol):
    """Connects the receiver to Slack and serves it until cancelled."""

    async def serve(self, receiver: Receiver) -> None: ...

    def close_intake(self) -> None:
        """Take no new requests (Slack sends them again later)."""
        ...

    @property
    def serving(self) -> bool:
        """Whether Slack can reach the app now (for readiness checks)."""
        ...


class SocketMode:
    """Socket Mode: the app dials out to Slack over a websocket, so it runs behind any
    firewall. Needs the app-level token (`xapp-…`, scope connections:write)."""

    def __init__(self, app_token: str, workspaces: Workspaces, *,
                 refusals: Refusals | None = None) -> None:
        self._app_token = app_token
        self._workspaces = workspaces
        self._refusals = refusals or Refusals(what="Socket Mode payloads bolt can't read")
        self._receiver: Receiver | None = None
        self._closing = False
        self.connected = asyncio.Event()

    @property
    def serving(self) -> bool:
        """Connected (the Socket Mode client reconnects on its own after a drop)."""
        return self.connected.is_set()

    def close_intake(self) -> None:
        self._closing = True

    async def check(self) -> None:
        """Ask Slack for a connection URL once, so a refused app token stops start-up with
        SlackApiError (the Socket Mode client itself would retry it forever)."""
        await self._workspaces.new_client().apps_connections_open(app_token=self._app_token)

    async def serve(self, receiver: Receiver) -> None:
        self._receiver = receiver
        client = SocketModeClient(self._app_token, web_client=self._workspaces.new_client(),
                                  logger=logging.getLogger("rebound.slack.socket"))
        client.socket_mode_request_listeners.append(self._on_request)  # type: ignore[arg-type]
        try:
            async with asyncio.timeout(CONNECT_TIMEOUT):
                await client.connect()  # type: ignore[no-untyped-call]
            self.connected.set()
            log.info("connected to Slack over Socket Mode")
            await asyncio.Event().wait()
        finally:
            self.connected.clear()
            await client.close()  # type: ignore[no-untyped-call]

    async def _on_request(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        if self._closing or self._receiver is None:
            return  # unacknowledged: Slack sends it again
        bolt = bolt_request(request.payload) if isinstance(request.payload, dict) else None
        if bolt is None:
            self._refusals.note("malformed")
            answer = Answer()  # acknowledged, so Slack doesn't send it again and again
        else:
            answer = await self._receiver.receive(bolt)
        if answer.status != 200:
            return
        try:
            await client.send_socket_mode_response(
                SocketModeResponse(envelope_id=request.envelope_id, payload=answer.body))
        except (OSError, ConnectionError) as exc:  # the socket dropped: Slack sends it again
            log.info("couldn't acknowledge a Slack request: %s", type(exc).__name__)


class HttpServer:
    """HTTP mode: Slack posts events, commands and interactions to `/slack/events`. Each
    request's signature and timestamp are checked against the signing secret before the
    body is read as anything; refusals are 401 (400 for a signed body that makes no sense,
    413 for a huge one), with one log line a minute at most. With OAuth on, it also serves
    the install's two pages to browsers (`pages`, GET, unsigned: `oauth.py`)."""

    def __init__(self, *, signing_secret: str, host: str = "0.0.0.0", port: int = 3000,
                 clock: Clock | None = None, refusals: Refusals | None = None,
                 pages: tuple[str, ...] = ()) -> None:
        """`pages` are paths browsers GET (unsigned: the OAuth install's two pages), each
        answered by the receiver's `page`."""
        self._pages = pages
        self._verifier = Verifier(signing_secret, clock=clock or SystemClock())
        self._refusals = refusals or Refusals()
        self._closing = False
        self._server = LocalServer(host=host, port=port,
                                   what=f"Slack requests at {EVENTS_PATH}")

    @property
    def ready(self) -> asyncio.Event:
        return self._server.ready

    @property
    def bound_port(self) -> int | None:
        return self._server.bound_port

    @property
    def serving(self) -> bool:
        """Listening for Slack's requests."""
        return self._server.ready.is_set() and not self._closing

    def close_intake(self) -> None:
        self._closing = True

    async def serve(self, receiver: Receiver) -> None:
        async def events(request: web.Request) -> web.StreamResponse:
            return await self._answer(request, receiver)

        async def page(request: web.Request) -> web.StreamResponse:
            return await self._page(request, receiver)

        application = web.Application(client_max_size=MAX_BODY)
        application.router.add_post(EVENTS_PATH, events)
        for path in self._pages:
            application.router.add_get(path, page)
        await self._server.serve(application)

    async def _page(self, request: web.Request, receiver: Receiver) -> web.StreamResponse:
        """A browser's visit, as bolt's request (its query and headers: the OAuth flow reads
        the state and its cookie there), answered with bolt's response."""
        if self._closing:
            return web.Response(status=503, headers={"Retry-After": "5"})
        headers: dict[str, str | Sequence[str]] = {}
        for name in request.headers:
            headers[name.lower()] = request.headers.getall(name)
        bolt = AsyncBoltRequest(body="", query=request.query_string, headers=headers,
                                mode="http")
        response = await receiver.page(request.path, bolt)
        answer = web.Response(status=response.status, body=response.body.encode("utf-8"))
        for name, values in response.headers.items():
            for value in values:
                if name.lower() == "content-type":
                    answer.headers["Content-Type"] = value
                else:
                    answer.headers.add(name, value)
        return answer

    async def _answer(self, request: web.Request, receiver: Receiver) -> web.StreamResponse:
        if self._closing:
            return web.Response(status=503, headers={"Retry-After": "5"})
        if (request.content_length or 0) > MAX_BODY:
            return self._refuse("too large", 413)
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self._refuse("too large", 413)
        refused = self._verifier.refusal(
            timestamp=request.headers.get("X-Slack-Request-Timestamp"),
            signature=request.headers.get("X-Slack-Signature"), body=body)
        if refused is not None:
            return self._refuse(*refused)
        payload = parse_body(request.content_type, body)
        bolt = bolt_request(payload) if payload is not None else None
        if payload is None or bolt is None:
            return self._refuse("malformed", 400)
        if payload.get("type") == "url_verification":  # Slack checking the request URL
            return web.json_response({"challenge": str(payload.get("challenge") or "")})
        if payload.get("ssl_check"):
            return web.Response()
        answer = await receiver.receive(bolt)
        if answer.status != 200:
            return web.Response(status=answer.status, headers={"Retry-After": "5"})
        if answer.body is not None:
            return web.json_response(answer.body)
        return web.Response()

    def _refuse(self, reason: str, status: int) -> web.Response:
        self._refusals.note(reason)
        return web.Response(status=status)
