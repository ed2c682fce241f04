"""How Slack reaches the app: Socket Mode (no public URL) or HTTP at `/slack/events`."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp

from adapters.http import LocalServer
from adapters.slack.workspaces import Workspaces

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
CONNECT_TIMEOUT = 60.0


class Transport(Protocol):
    """Connects a bolt app to Slack and serves it until cancelled."""

    async def serve(self, bolt: AsyncApp) -> None: ...

    @property
    def serving(self) -> bool:
        """Whether Slack can reach the app now (for readiness checks)."""
        ...


class SocketMode:
    """Socket Mode: the app dials out to Slack over a websocket, so it runs behind any
    firewall. Needs the app-level token (`xapp-…`, scope connections:write)."""

    def __init__(self, app_token: str, workspaces: Workspaces) -> None:
        self._app_token = app_token
        self._workspaces = workspaces
        self.connected = asyncio.Event()

    @property
    def serving(self) -> bool:
        """Connected (the Socket Mode client reconnects on its own after a drop)."""
        return self.connected.is_set()

    async def check(self) -> None:
        """Ask Slack for a connection URL once, so a refused app token stops start-up with
        SlackApiError (the Socket Mode client itself would retry it forever)."""
        await self._workspaces.new_client().apps_connections_open(app_token=self._app_token)

    async def serve(self, bolt: AsyncApp) -> None:
        handler = AsyncSocketModeHandler(bolt, self._app_token,
                                         web_client=self._workspaces.new_client(),
                                         logger=logging.getLogger("rebound.slack.socket"))
        async with asyncio.timeout(CONNECT_TIMEOUT):
            await handler.connect_async()  # type: ignore[no-untyped-call]
        self.connected.set()
        log.info("connected to Slack over Socket Mode")
        try:
            await asyncio.Event().wait()
        finally:
            self.connected.clear()
            await handler.close_async()  # type: ignore[no-untyped-call]


class HttpServer:
    """HTTP mode: Slack posts events, commands and interactions to `/slack/events`. Bolt
    checks every request's signature and timestamp against the signing secret first."""

    def __init__(self, *, host: str = "0.0.0.0", port: int = 3000) -> None:
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
        return self._server.ready.is_set()

    async def serve(self, bolt: AsyncApp) -> None:
        async def events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await bolt.async_dispatch(
                await to_bolt_request(request)))

        application = web.Application(client_max_size=1024 * 1024)
        application.router.add_post(EVENTS_PATH, events)
        await self._server.serve(application)
