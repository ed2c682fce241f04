"""Serving a small aiohttp application on a local port until cancelled (Slack's HTTP mode,
the health endpoint)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web


async def serve_app(application: web.Application, *, host: str, port: int,
                    started: Callable[[int | None], None]) -> None:
    """Listen on host:port (0 picks a free port), tell `started` the bound port, and serve
    until cancelled; the socket is closed on the way out. No access log: request lines may
    carry what users sent."""
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        started(_port_of(runner))
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def _port_of(runner: web.AppRunner) -> int | None:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return None
