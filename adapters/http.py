"""A small aiohttp application served on a local port until cancelled: Slack's HTTP mode and
the health endpoint both run on it."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

log = logging.getLogger(__name__)


class LocalServer:
    """Listens on host:port (0 picks a free port); `ready` is set while it listens, and
    `bound_port` says where. No access log: request lines may carry what users sent."""

    def __init__(self, *, host: str, port: int, what: str) -> None:
        self._host = host
        self._port = port
        self._what = what
        self.bound_port: int | None = None
        self.ready = asyncio.Event()

    async def serve(self, application: web.Application) -> None:
        """Serve `application` until cancelled; the socket is closed on the way out."""
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self._host, self._port).start()
            self.bound_port = _port_of(runner)
            self.ready.set()
            log.info("serving %s on port %s", self._what, self.bound_port)
            await asyncio.Event().wait()
        finally:
            self.ready.clear()
            await runner.cleanup()


def _port_of(runner: web.AppRunner) -> int | None:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return None
