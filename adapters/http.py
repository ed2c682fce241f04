"""A small aiohttp application served on a local port until cancelled: Slack's HTTP mode and
the health endpoint both run on it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from aiohttp import web

log = logging.getLogger(__name__)


class _Quiet(logging.Filter):
    """Requests that aren't HTTP at all (a bad header, a port scan) are aiohttp's to refuse
    with a 400; it would log each with a traceback. One line a minute says how many."""

    def __init__(self, *, every: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._every = every
        self._clock = clock
        self._count = 0
        self._last: float | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        self._count += 1
        now = self._clock()
        if self._last is not None and now - self._last < self._every:
            return False
        self._last = now
        record.msg, record.args = "refused %d malformed HTTP request(s)", (self._count,)
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        self._count = 0
        return True


PROTOCOL_LOG = logging.getLogger("adapters.http.protocol")
PROTOCOL_LOG.addFilter(_Quiet())


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
        runner = web.AppRunner(application, access_log=None, logger=PROTOCOL_LOG)
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
