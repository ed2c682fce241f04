"""The health endpoint: `/healthz` (alive), `/readyz` (able to serve) and `/metrics`.

- `/healthz` answers 200 while the event loop runs (it answers at all) and the scheduler's loop
  went round recently: it never sleeps longer than its `max_sleep`, so a tick older than that
  plus a margin means it is stuck. A supervisor restarts the process on 503.
- `/readyz` lists the database's and each platform's state (up, reconnecting, retrying since
  ..., failed, stopping) and answers 200 only when the database's writing connection answers a
  trivial query in time (behind any write in progress, as a message would be) and
  every platform is up; 503 otherwise, and from SIGTERM on. States only: an exception's text
  goes to the log, never into the answer.
- `/metrics` is the Prometheus text format of the registry given, with the nudge backlog read
  from the database just before rendering and each platform's up gauge and restart counter.

Bodies are short plain text with no user data. It listens on 127.0.0.1 unless told otherwise
(`--health-host`): the endpoint is for probes and Prometheus, never for the internet.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from aiohttp import web
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, generate_latest

from adapters.http import LocalServer
from bot.errors import PortInUse, ReboundError
from bot.store.errors import STORAGE_ERRORS
from rebound.metrics import BacklogGauges, PlatformCollector
from rebound.service import Service

log = logging.getLogger(__name__)

STALE_MARGIN = timedelta(minutes=2)
"""How much longer than its `max_sleep` the scheduler may go without a tick: a send may wait
out a Retry-After or a slow platform."""
DB_TIMEOUT = 3.0
"""Seconds the readiness query may take (a long write holds the connection meanwhile)."""


class HealthServer:
    """Serves the three endpoints for `service` until cancelled; port 0 picks a free port."""

    def __init__(self, service: Service, *, port: int, host: str = "127.0.0.1",
                 registry: CollectorRegistry, stale_margin: timedelta = STALE_MARGIN,
                 db_timeout: float = DB_TIMEOUT) -> None:
        """`registry` holds the metrics to serve (the `PrometheusObserver`'s); the backlog
        gauges and the platforms' metrics are added to it here."""
        self._service = service
        self._host, self._port = host, port
        self._server = LocalServer(host=host, port=port,
                                   what="/healthz, /readyz and /metrics")
        self._registry = registry
        self._backlog = BacklogGauges(registry)
        registry.register(PlatformCollector(service.platforms))
        self._stale_margin = stale_margin
        self._db_timeout = db_timeout
        self._database_failing = False

    async def serve(self) -> None:
        """Listen until cancelled; PortInUse if the port can't be bound."""
        application = web.Application(client_max_size=1024)
        application.router.add_get("/healthz", self._healthz)
        application.router.add_get("/readyz", self._readyz)
        application.router.add_get("/metrics", self._metrics)
        try:
            await self._server.serve(application)
        except OSError as exc:
            raise PortInUse(
                f"can't serve health checks on {self._host}:{self._port}: "
                f"{exc.strerror or exc}. Choose another port with --health-port (or "
                "REBOUND_HEALTH_PORT), or stop what is using it.") from exc

    @property
    def ready(self) -> asyncio.Event:
        return self._server.ready

    @property
    def bound_port(self) -> int | None:
        return self._server.bound_port

    def problems_alive(self) -> list[str]:
        """Why the process should be restarted; empty when it is alive."""
        scheduler = self._service.scheduler
        if scheduler.last_tick is None:
            return ["scheduler: not started"]
        since = (self._service.clock.now() - scheduler.last_tick).total_seconds()
        limit = scheduler.policy.max_sleep + self._stale_margin.total_seconds()
        if since > limit:
            return [f"scheduler: last ran {since:.0f}s ago (limit {limit:.0f}s)"]
        return []

    async def readiness(self) -> tuple[bool, list[str]]:
        """Whether the service can serve users now, and one line per part saying its state."""
        lines = ["stopping"] if self._service.stopping else []
        database = await self._database_state()
        lines.append(f"database: {database}")
        platforms = self._service.platforms()
        lines += [status.describe() for status in platforms]
        ready = (not self._service.stopping and database == "ok"
                 and all(status.up for status in platforms))
        return ready, lines

    async def render_metrics(self) -> bytes:
        """The registry in the Prometheus text format, the backlog read just now."""
        try:
            async with asyncio.timeout(self._db_timeout):
                due, oldest = await self._service.scheduler.backlog()
        except STORAGE_ERRORS + (TimeoutError, ReboundError,) as exc:  # noqa: RUF005 (mypy reads no * here)
            log.warning("could not read the nudge backlog for /metrics: %s", type(exc).__name__)
            self._backlog.unknown()
        else:
            age = 0.0 if oldest is None else (
                self._service.clock.now() - oldest).total_seconds()
            self._backlog.set(due, age)
        return generate_latest(self._registry)

    async def _database_state(self) -> str:
        """The database's state: ok, or what is wrong in a few fixed words. The error itself
        goes to the log, once each time the database starts failing."""
        try:
            async with asyncio.timeout(self._db_timeout):
                await self._service.store.database.ping()
        except TimeoutError:
            return f"no answer within {self._db_timeout:g}s"
        except STORAGE_ERRORS + (ReboundError,) as exc:  # noqa: RUF005 (mypy reads no * here)
            if not self._database_failing:
                log.warning("readiness: the database failed a trivial query: %s",
                            type(exc).__name__)
            self._database_failing = True
            return "unavailable"
        self._database_failing = False
        return "ok"

    async def _healthz(self, request: web.Request) -> web.Response:
        return _answer(self.problems_alive())

    async def _readyz(self, request: web.Request) -> web.Response:
        ready, lines = await self.readiness()
        return web.Response(status=200 if ready else 503, text="\n".join(lines) + "\n")

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=await self.render_metrics(),
                            headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4})


def _answer(problems: list[str]) -> web.Response:
    if problems:
        return web.Response(status=503, text="\n".join(problems) + "\n")
    return web.Response(text="ok\n")
