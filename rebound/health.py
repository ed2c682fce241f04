"""The health endpoint: `/healthz` (alive), `/readyz` (able to serve) and `/metrics`.

- `/healthz` answers 200 while the event loop runs (it answers at all) and the scheduler's loop
  went round recently: it never sleeps longer than its `max_sleep`, so a tick older than that
  plus a margin means it is stuck. A supervisor restarts the process on 503.
- `/readyz` answers 200 when the database answers a trivial query and every platform app is
  connected; 503 lists what isn't ready.
- `/metrics` is the Prometheus text format of the registry given, with the nudge backlog read
  from the database just before rendering.

Bodies are short plain text with no user data; the endpoint is for probes and Prometheus, so
bind it to a private interface (or firewall it) in production.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import timedelta

from aiohttp import web
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, generate_latest

from adapters.http import LocalServer
from bot.errors import ReboundError
from rebound.metrics import BacklogGauges
from rebound.service import PlatformApp, Service

log = logging.getLogger(__name__)

STALE_MARGIN = timedelta(minutes=2)
"""How much longer than its `max_sleep` the scheduler may go without a tick: a send may wait
out a Retry-After or a slow platform."""
DB_TIMEOUT = 3.0
"""Seconds the readiness query may take (a long write holds the connection meanwhile)."""


class HealthServer:
    """Serves the three endpoints for `service` until cancelled; port 0 picks a free port."""

    def __init__(self, service: Service, *, port: int, host: str = "0.0.0.0",
                 registry: CollectorRegistry, stale_margin: timedelta = STALE_MARGIN,
                 db_timeout: float = DB_TIMEOUT) -> None:
        """`registry` holds the metrics to serve (the `PrometheusObserver`'s); the backlog
        gauges are added to it here."""
        self._service = service
        self._server = LocalServer(host=host, port=port,
                                   what="/healthz, /readyz and /metrics")
        self._registry = registry
        self._backlog = BacklogGauges(registry)
        self._stale_margin = stale_margin
        self._db_timeout = db_timeout

    async def serve(self) -> None:
        """Listen until cancelled."""
        application = web.Application(client_max_size=1024)
        application.router.add_get("/healthz", self._healthz)
        application.router.add_get("/readyz", self._readyz)
        application.router.add_get("/metrics", self._metrics)
        await self._server.serve(application)

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

    async def problems_ready(self) -> list[str]:
        """What keeps the service from serving users; empty when it is ready."""
        problems = []
        reason = await self._database_problem()
        if reason is not None:
            problems.append(f"database: {reason}")
        problems += [f"{app.platform}: not connected" for app in _apps(self._service)
                     if not app.ready]
        return problems

    async def render_metrics(self) -> bytes:
        """The registry in the Prometheus text format, the backlog read just now."""
        try:
            async with asyncio.timeout(self._db_timeout):
                due, oldest = await self._service.scheduler.backlog()
        except (TimeoutError, ReboundError, sqlite3.Error) as exc:
            log.warning("could not read the nudge backlog for /metrics: %s", type(exc).__name__)
            self._backlog.unknown()
        else:
            age = 0.0 if oldest is None else (
                self._service.clock.now() - oldest).total_seconds()
            self._backlog.set(due, age)
        return generate_latest(self._registry)

    async def _database_problem(self) -> str | None:
        try:
            async with asyncio.timeout(self._db_timeout):
                await self._service.store.database.read_one("SELECT 1")
        except TimeoutError:
            return f"no answer within {self._db_timeout:g}s"
        except ReboundError as exc:
            return str(exc)
        except sqlite3.Error as exc:
            return f"{type(exc).__name__}: {exc}"
        return None

    async def _healthz(self, request: web.Request) -> web.Response:
        return _answer(self.problems_alive())

    async def _readyz(self, request: web.Request) -> web.Response:
        return _answer(await self.problems_ready())

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=await self.render_metrics(),
                            headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4})


def _answer(problems: list[str]) -> web.Response:
    if problems:
        return web.Response(status=503, text="\n".join(problems) + "\n")
    return web.Response(text="ok\n")


def _apps(service: Service) -> list[PlatformApp]:
    # Service keeps its apps private and its file is owned elsewhere for now; a public
    # `Service.apps` would replace this.
    return list(service._apps.values())


