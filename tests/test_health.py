"""The health endpoint over real HTTP: /healthz, /readyz and /metrics of a real `Service`.

A real SQLite store in tmp_path, the fake clock, and fake platform apps whose nudge port is the
recording messenger (tests/platform_support.py); the server listens on a free local port and
is scraped with aiohttp.
"""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from bot.clock import FakeClock
from bot.errors import PortInUse
from bot.models import UserKey
from bot.nudges.model import Delivery
from bot.nudges.scheduler import SchedulerPolicy
from bot.session import Incoming
from rebound.health import HealthServer
from rebound.metrics import PrometheusObserver
from rebound.service import Service
from rebound.supervise import State
from tests.nudge_support import (
    LOG_ACME,
    MONDAY,
    RawNudge,
    eventually,
    idle,
    insert_nudges,
    make_user,
    open_store,
)
from tests.platform_support import FakeApp

POLICY = SchedulerPolicy(max_sleep=30.0)
MARGIN = timedelta(seconds=60)


@dataclass
class Rig:
    clock: FakeClock
    service: Service
    apps: dict[str, FakeApp]
    server: HealthServer
    http: aiohttp.ClientSession
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    running: asyncio.Task[None] | None = None

    async def get(self, path: str) -> tuple[int, str]:
        async with self.http.get(f"http://127.0.0.1:{self.server.bound_port}{path}") as response:
            return response.status, await response.text()

    async def metrics(self) -> dict[str, dict[tuple[str, ...], float]]:
        """Every sample of /metrics: sample name -> (label values, sorted by label) -> value."""
        status, body = await self.get("/metrics")
        assert status == 200
        found: dict[str, dict[tuple[str, ...], float]] = {}
        for family in text_string_to_metric_families(body):
            for sample in family.samples:
                if "le" in sample.labels:
                    continue  # buckets: the count and sum say enough here
                labels = tuple(value for _, value in sorted(sample.labels.items()))
                found.setdefault(sample.name, {})[labels] = sample.value
        return found

    async def start(self) -> None:
        """Run the service (supervised apps and the scheduler) until `finish`."""
        self.running = asyncio.create_task(self.service.run(stop=self.stop))
        await eventually(lambda: all(s.up for s in self.service.platforms()))
        await eventually(lambda: self.service.scheduler.last_tick is not None)

    async def finish(self) -> None:
        if self.running is not None:
            self.stop.set()
            await asyncio.wait_for(self.running, 10)
            self.running = None


@asynccontextmanager
async def rig(tmp_path: Path, platforms: Sequence[str] = ("alpha",), *,
              db_timeout: float = 3.0) -> AsyncIterator[Rig]:
    clock = FakeClock(MONDAY)
    apps = {p: FakeApp(clock, p) for p in platforms}
    registry = CollectorRegistry()
    async with await open_store(tmp_path) as store, aiohttp.ClientSession() as http:
        service = Service(store, list(apps.values()), clock=clock, policy=POLICY,
                          observer=PrometheusObserver(registry), rng=random.Random(7))
        server = HealthServer(service, port=0, host="127.0.0.1", registry=registry,
                              stale_margin=MARGIN, db_timeout=db_timeout)
        serving = asyncio.create_task(server.serve())
        r = Rig(clock, service, apps, server, http)
        try:
            await asyncio.wait_for(server.ready.wait(), 5)
            yield r
        finally:
            await r.finish()
            serving.cancel()
            with suppress(asyncio.CancelledError):
                await serving


async def test_healthz_is_ok_while_the_scheduler_ticks_and_503_once_it_stops(
        tmp_path: Path) -> None:
    async with rig(tmp_path) as r:
        assert await r.get("/healthz") == (503, "scheduler: not started\n")

        await r.start()
        await idle(r.clock)
        assert await r.get("/healthz") == (200, "ok\n")
        # Hours pass: the capped sleep keeps waking the loop, so it stays alive.
        for _ in range(10):
            r.clock.advance(timedelta(minutes=30))
            await idle(r.clock)
        assert await r.get("/healthz") == (200, "ok\n")

        await r.finish()
        r.clock.advance(timedelta(seconds=90))  # exactly max_sleep + margin: not yet stale
        assert await r.get("/healthz") == (200, "ok\n")
        r.clock.advance(timedelta(seconds=1))
        assert await r.get("/healthz") == (503, "scheduler: last ran 91s ago (limit 90s)\n")


async def test_the_health_server_listens_on_the_loopback_address_unless_told(
        tmp_path: Path) -> None:
    async with rig(tmp_path) as r:
        server = HealthServer(r.service, port=0, registry=CollectorRegistry())
        serving = asyncio.create_task(server.serve())
        try:
            await asyncio.wait_for(server.ready.wait(), 5)
            assert server.bound_port is not None
            with socket.create_connection(("127.0.0.1", server.bound_port), timeout=5):
                pass
            addresses = {address[0] for address in _listening(server.bound_port)}
            assert addresses == {"127.0.0.1"}
        finally:
            serving.cancel()
            with suppress(asyncio.CancelledError):
                await serving


def _listening(port: int) -> list[tuple[str, int]]:
    """The local addresses with a TCP socket listening on `port` (from /proc/net/tcp)."""
    found = []
    for line in Path("/proc/net/tcp").read_text(encoding="utf-8").splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        host_hex, port_hex = local.split(":")
        if state == "0A" and int(port_hex, 16) == port:
            octets = [str(int(host_hex[i:i + 2], 16)) for i in (6, 4, 2, 0)]
            found.append((".".join(octets), port))
    return found


async def test_a_port_in_use_is_a_fatal_start_up_problem_naming_the_setting(
        tmp_path: Path) -> None:
    async with rig(tmp_path) as r:
        assert r.server.bound_port is not None
        taken = HealthServer(r.service, port=r.server.bound_port, host="127.0.0.1",
                             registry=CollectorRegistry())
        with pytest.raises(PortInUse, match="--health-port") as caught:
            await asyncio.wait_for(taken.serve(), 5)
        assert caught.value.exit_code == 4


async def test_readyz_shows_each_platforms_state_and_is_ready_only_when_all_are_up(
        tmp_path: Path) -> None:
    async with rig(tmp_path, ("alpha", "beta")) as r:
        assert await r.get("/readyz") == (503, "database: ok\nalpha: starting\n"
                                               "beta: starting\n")
        await r.start()
        assert await r.get("/readyz") == (200, "database: ok\nalpha: up\nbeta: up\n")

        r.apps["beta"].connected = False  # e.g. a websocket reconnecting on its own
        assert await r.get("/readyz") == (503, "database: ok\nalpha: up\n"
                                               "beta: reconnecting\n")
        r.apps["beta"].connected = True
        r.apps["beta"].fail(ConnectionResetError(104, "Connection reset by peer"))
        # Failed, and asleep before the next attempt (beside the scheduler's own sleep).
        await eventually(lambda: r.service.platforms()[1].state is State.RETRYING
                         and r.clock.sleepers == 2)
        status, text = await r.get("/readyz")
        assert status == 503
        assert text == ("database: ok\nalpha: up\nbeta: retrying since 2026-03-02T10:00:00Z "
                        "(1 failed attempt)\n")
        assert "reset by peer" not in text and "Error" not in text

        r.clock.advance(timedelta(seconds=1))  # the first backoff is at most 1 s
        await eventually(lambda: r.apps["beta"].runs == 2 and r.apps["beta"].ready)
        assert await r.get("/readyz") == (200, "database: ok\nalpha: up\nbeta: up\n")
        metrics = await r.metrics()
        assert metrics["rebound_platform_up"] == {("alpha",): 1.0, ("beta",): 1.0}
        assert metrics["rebound_platform_restarts_total"] == {("alpha",): 0.0, ("beta",): 1.0}


async def test_readyz_says_stopping_from_the_stop_on(tmp_path: Path) -> None:
    async with rig(tmp_path) as r:
        await r.start()
        r.apps["alpha"].hold_shutdown = asyncio.Event()
        r.stop.set()
        await eventually(lambda: bool(r.apps["alpha"].deadlines))
        assert await r.get("/readyz") == (503, "stopping\ndatabase: ok\nalpha: stopping\n")
        metrics = await r.metrics()
        assert metrics["rebound_platform_up"] == {("alpha",): 0.0}
        r.apps["alpha"].hold_shutdown.set()
        await r.finish()


async def test_readyz_reports_a_closed_database_without_its_error_text(tmp_path: Path) -> None:
    async with rig(tmp_path) as r:
        await r.service.store.close()
        assert await r.get("/readyz") == (503, "database: unavailable\nalpha: starting\n")
        # The counters still render; only the backlog is unknown then.
        status, _ = await r.get("/metrics")
        assert status == 200


async def test_readyz_is_503_when_the_database_does_not_answer_in_time(tmp_path: Path) -> None:
    async with rig(tmp_path, db_timeout=0.05) as r:
        await r.start()
        release = asyncio.Event()
        holding = asyncio.Event()

        async def long_write() -> None:
            async with r.service.store.atomic():
                holding.set()
                await release.wait()

        writer = asyncio.create_task(long_write())
        await holding.wait()
        assert await r.get("/readyz") == (503, "database: no answer within 0.05s\nalpha: up\n")
        release.set()
        await writer
        assert await r.get("/readyz") == (200, "database: ok\nalpha: up\n")


async def test_metrics_count_commands_by_name_and_platform_never_by_text(
        tmp_path: Path) -> None:
    async with rig(tmp_path, ("alpha", "beta")) as r:
        coach = r.service.coach
        sam = UserKey("alpha", "T1", "U-sam")
        kim = UserKey("beta", "G1", "U-kim")
        for text in ("help", "Help draft", "?", "list", "hello", LOG_ACME,
                     "my secret plans for Globex", ""):
            await coach.handle(Incoming(sam, text, "UTC"))
        await coach.handle(Incoming(kim, "ls", "UTC"))  # an alias counts as its command
        await coach.submit_form(sam, {"company": "Initech"})  # invalid: still answered
        await coach.submit_form(kim, {"company": "Initech", "role": "Designer",
                                      "interviewer": "Ann Lee", "rejected": "today",
                                      "memory": "the portfolio review"})

        expected = {("help", "alpha"): 3.0, ("list", "alpha"): 1.0, ("hello", "alpha"): 1.0,
                    ("log", "alpha"): 1.0, ("other", "alpha"): 2.0, ("form", "alpha"): 1.0,
                    ("list", "beta"): 1.0, ("form", "beta"): 1.0}
        metrics = await r.metrics()
        assert metrics["rebound_commands_handled_total"] == expected
        assert metrics["rebound_command_duration_seconds_count"] == expected
        assert all(seconds >= 0 for seconds
                   in metrics["rebound_command_duration_seconds_sum"].values())
        _, body = await r.get("/metrics")
        assert "Globex" not in body and "secret" not in body and "Initech" not in body


async def test_metrics_count_nudge_outcomes_and_show_the_due_backlog(tmp_path: Path) -> None:
    async with rig(tmp_path, ("alpha", "beta")) as r:
        store, clock = r.service.store, r.clock
        hour, week = timedelta(hours=1), timedelta(days=7)
        ann = await make_user(store, key=UserKey("alpha", "T1", "U-ann"))    # two sent
        bob = await make_user(store, key=UserKey("alpha", "T1", "U-bob"))    # dead
        cat = await make_user(store, key=UserKey("alpha", "T1", "U-cat"))    # expired
        dan = await make_user(store, key=UserKey("beta", "G1", "U-dan"))     # retried
        eve = await make_user(store, key=UserKey("alpha", "T1", "U-eve"))    # unreachable
        fay = await make_user(store, key=UserKey("gamma", "X", "U-fay"))     # not served
        await store.set_unreachable(eve.id, "messages tab off")
        await insert_nudges(store, [
            RawNudge("ann-1", ann.id, MONDAY - hour),
            RawNudge("ann-2", ann.id, MONDAY - hour),
            RawNudge("bob-1", bob.id, MONDAY - hour),
            RawNudge("cat-1", cat.id, MONDAY - week - timedelta(days=1)),
            RawNudge("dan-1", dan.id, MONDAY - hour),
            # Not due: later, waiting for a retry, held, or for a platform not served here.
            RawNudge("ann-later", ann.id, MONDAY + hour),
            RawNudge("ann-retry", ann.id, MONDAY - 2 * hour, run_at=MONDAY + hour),
            RawNudge("eve-1", eve.id, MONDAY - 3 * hour),
            RawNudge("fay-1", fay.id, MONDAY - 30 * hour),
        ])

        metrics = await r.metrics()
        assert metrics["rebound_nudges_due"] == {(): 5.0}
        assert metrics["rebound_oldest_due_nudge_age_seconds"] == {
            (): (week + timedelta(days=1)).total_seconds()}

        r.apps["alpha"].messenger.script(Delivery.sent(), Delivery.sent(),
                                         Delivery.permanent("messages tab off"))
        r.apps["beta"].messenger.script(Delivery.retry(60))
        await r.service.scheduler.run_due()

        # Cat's expired nudge is summarised in a `missed` nudge, which is sent too.
        assert [a.nudge.idempotency_key for a in r.apps["alpha"].messenger.attempts] == [
            "ann-1", "ann-2", "bob-1", f"u{cat.id}:missed:4"]
        metrics = await r.metrics()
        assert metrics["rebound_nudges_sent_total"] == {("alpha",): 3.0}
        assert metrics["rebound_nudges_dead_total"] == {("alpha",): 1.0}
        assert metrics["rebound_nudges_expired_total"] == {("alpha",): 1.0}
        assert metrics["rebound_nudges_retried_total"] == {("beta",): 1.0}
        assert metrics["rebound_nudges_due"] == {(): 0.0}
        assert metrics["rebound_oldest_due_nudge_age_seconds"] == {(): 0.0}

        clock.advance(timedelta(seconds=61))  # Dan's Retry-After has passed
        metrics = await r.metrics()
        assert metrics["rebound_nudges_due"] == {(): 1.0}
        assert metrics["rebound_oldest_due_nudge_age_seconds"] == {(): 3661.0}

        await r.service.scheduler.run_due()
        metrics = await r.metrics()
        assert metrics["rebound_nudges_sent_total"] == {("alpha",): 3.0, ("beta",): 1.0}
        assert metrics["rebound_nudges_retried_total"] == {("beta",): 1.0}
        assert metrics["rebound_nudges_due"] == {(): 0.0}


async def test_the_backlog_is_nan_when_the_database_is_gone(tmp_path: Path) -> None:
    async with rig(tmp_path) as r:
        await r.service.store.close()
        metrics = await r.metrics()
        due = metrics["rebound_nudges_due"][()]
        assert due != due  # NaN: unknown, not a stale number
